/* results.h - reading a results dir of lava-test-definition(5) into bundle runs */
#ifndef LAVA_RESULTS_H
#define LAVA_RESULTS_H

#include <stddef.h>
#include <sys/types.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "bundle.h"
#include "file.h"
#include "ydoc.h"

/* Largest small file (result, attribute, uuid, ...) read whole. */
#define LAVA_RESULTS_SMALL (64u << 10)
/* Longest log line matched; the rest of a longer line is ignored. */
#define LAVA_RESULTS_LINE (64u << 10)
/* Most bytes of stdout.log matched against the parse pattern. */
#define LAVA_RESULTS_LOG ((off_t)256 << 20)
/* How a definition turns stdout.log lines into results. */
struct lava_logparse {
	pcre2_code *re;
	pcre2_match_data *md;
	int g_id, g_result, g_measurement, g_units, g_message;
	struct lava_attrs fix;		/* parse.fixupdict */
};

/* lava_file_read() of a file the device wrote: never through a symlink, cut at cap (said), 1 if absent. */
int lava_results_read(int dirfd, const char *name, const char *shown,
    size_t cap, char **buf, size_t *n);
/* lava_results_read() of dir/name (at most LAVA_RESULTS_SMALL bytes), white space stripped, into s: 0, 1 if absent, -1 reported. */
int lava_results_small(const char *dir, const char *name, struct lava_bytes *s);
/* Set up d from the parse: entry of definition root (path for messages); -1 reported if the pattern is bad. */
int lava_logparse_load(struct lava_logparse *d, const struct lava_ynode *root,
    const char *path);
/* res->result from res->word (a signal's RESULT) through d's parse.fixupdict: 0, -1 (reported as path) if it gives no result word. */
int lava_logparse_word(const struct lava_logparse *d, struct lava_result *res,
    const char *path);
/* Free what d holds. */
void lava_logparse_free(struct lava_logparse *d);
/* Add the results of dir/stdout.log, then of dir/results/CASE/ dirs, to r (their result words through d's parse.fixupdict). */
void lava_results_cases(struct lava_testrun *r, const struct lava_logparse *d,
    const char *dir);
/* Add the run's attachments (stdout.log, testdef.yaml, return_code, attachments/) and attributes/ of dir to r. */
void lava_results_run_files(struct lava_testrun *r, const char *dir);

#endif
