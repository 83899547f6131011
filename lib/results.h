/* results.h - reading a results dir of lava-test-definition(5) into bundle runs */
#ifndef LAVA_RESULTS_H
#define LAVA_RESULTS_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "bundle.h"
#include "ydoc.h"

/* Largest small file (result, attribute, uuid, ...) read whole. */
#define LAVA_RESULTS_SMALL (64u << 10)
/* Longest log line matched; the rest of a longer line is ignored. */
#define LAVA_RESULTS_LINE (64u << 10)
/* Most entries read from one directory. */
#define LAVA_RESULTS_MAXDIR 1000000

/* How a definition turns stdout.log lines into results. */
struct lava_rdef {
	pcre2_code *re;
	pcre2_match_data *md;
	int g_id, g_result, g_measurement, g_units, g_message;
	struct lava_battrs fix;		/* parse.fixupdict */
};

/* Names in dir name (relative to dirfd), sorted, "." and ".." left out; NULL with errno if it cannot be read. */
char **lava_rlist(int dirfd, const char *name, size_t *n);
/* Free a list from lava_rlist(). */
void lava_rlist_free(char **list, size_t n);
/* Read the regular file name under dirfd (at most cap bytes, not following a symlink): 0, 1 if absent, -1 reported as path. */
int lava_rread(int dirfd, const char *name, const char *path, size_t cap,
    char **buf, size_t *n);
/* Set up d from the parse: entry of definition root (path for messages); -1 reported if the pattern is bad. */
int lava_rdef_load(struct lava_rdef *d, const struct lava_ynode *root,
    const char *path);
/* Free what d holds. */
void lava_rdef_free(struct lava_rdef *d);
/* Read hwcontext/ and swcontext/ of the results dir dir into c. */
void lava_rctx_load(struct lava_bctx *c, const char *dir);
/* Add the results of dir/stdout.log, then of dir/results/CASE/ dirs, to r. */
void lava_rresults(struct lava_brun *r, const struct lava_rdef *d,
    const char *dir);
/* Add the run's attachments (stdout.log, testdef.yaml, return_code, attachments/) and attributes/ of dir to r. */
void lava_rrun_files(struct lava_brun *r, const char *dir);
/* Add the files of dir/attachments/ to a (FILE.mimetype gives FILE's type). */
void lava_ratts(struct lava_batts *a, const char *dir);
/* Add the files of dir/attributes/ to a. */
void lava_rattrs(struct lava_battrs *a, const char *dir);

#endif
