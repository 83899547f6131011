/* bundle.h - test runs and results of a Dashboard Bundle 1.5, in memory */
#ifndef LAVA_BUNDLE_H
#define LAVA_BUNDLE_H

#include <sys/types.h>

#include <stddef.h>
#include <stdio.h>

/* Bytes, NUL-terminated for convenience but they may hold NULs; p NULL: absent. */
struct lava_bytes {
	char *p;
	size_t n;
};

/* One attribute: a name and its string value. */
struct lava_attr {
	struct lava_bytes k, v;
};

/* One attachment: its name in the bundle, MIME type, and the file to read. */
struct lava_attachment {
	struct lava_bytes path;
	char *mime;
	char *file;
};

struct lava_attrs {
	struct lava_attr *a;
	size_t n;
};

struct lava_attachments {
	struct lava_attachment *a;
	size_t n;
};

struct lava_result {
	struct lava_bytes id;		/* test_case_id */
	char result[8];			/* pass, fail, skip, unknown or "" */
	char *measurement;		/* JSON number text, or NULL */
	struct lava_bytes units, message, timestamp, duration;
	const char *log_filename;	/* static, or NULL */
	unsigned long log_lineno;
	struct lava_attrs attrs;
	struct lava_attachments atts;
	struct lava_bytes word;		/* RESULT as a signal sent it, before parse.fixupdict */
	unsigned long word_line;	/* the record that sent word */
};

struct lava_testsrc {
	struct lava_bytes project, vcs, revision, url;
};

struct lava_testrun {
	char *uuid;
	struct lava_bytes test_id;
	struct lava_result *res;
	size_t nres, capres;
	size_t *idx, capidx, nidx;	/* hash of test_case_id: index + 1 */
	struct lava_attrs attrs;
	struct lava_attachments atts;
	struct lava_testsrc *srcs;
	size_t nsrcs;
};

struct lava_package {
	struct lava_bytes name, version;
};

/* What the results dir says of the device: shared by every run. */
struct lava_context {
	struct lava_bytes image;		/* swcontext/build.txt */
	struct lava_package *pkgs;
	size_t npkgs;
	int hw;				/* hwcontext/cpuinfo.txt was read */
	unsigned long ncpu;
	struct lava_attrs cpu;
	struct lava_bytes board, revision, mem;
};

/* Most results one test run (and all records together) may hold; the rest are refused. */
#define LAVA_BUNDLE_MAXRES 100000
/* Largest attachment put in a bundle, in bytes; a larger one is refused. */
#define LAVA_BUNDLE_ATTMAX ((off_t)256 << 20)

/* Set s to a copy of p[0..n). */
void lava_bytes_set(struct lava_bytes *s, const char *p, size_t n);
/* Free s and mark it absent. */
void lava_bytes_free(struct lava_bytes *s);
/* Set attribute k to v, replacing an earlier value of the same name. */
void lava_attrs_set(struct lava_attrs *a, const char *k, size_t kn,
    const char *v, size_t vn);
/* Append an attachment named path[0..n) read from file, of MIME type mime (NULL: guessed). */
void lava_attachments_add(struct lava_attachments *a, const char *path, size_t n,
    const char *file, const char *mime);
/* The MIME type of a file name from its extension, application/octet-stream if unknown. */
const char *lava_mime_type(const char *name);
/* Normalise s[0..n) (white space around allowed) to a JSON number in out; -1 if not a number. */
int lava_bundle_num(const char *s, size_t n, char *out, size_t outsz);
/* Nonzero if s[0..n) is an RFC 3339 date-time. */
int lava_bundle_date_ok(const char *s, size_t n);
/* Nonzero if s[0..n) is a duration "[-]Dd Ss Uus", S < 86400, U < 10^6. */
int lava_bundle_duration_ok(const char *s, size_t n);
/* Nonzero if s is one of pass, fail, skip, unknown. */
int lava_bundle_result_ok(const char *s, size_t n);
/* The one of pass, fail, skip, unknown that s[0..n) is in any letter case ("PASS", "Fail"), or NULL. */
const char *lava_bundle_result_word(const char *s, size_t n);
/* Count a result, record or value of one left out (said by the caller): the exit status becomes 1. */
void lava_bundle_leftout(void);
/* How many were left out so far. */
unsigned long lava_bundle_leftouts(void);
/* Length of s[0..n) without white space at either end; *s moved past the leading part. */
size_t lava_bundle_strip(const char **s, size_t n);

/* Append a result with test_case_id id[0..n) (id NULL: none); NULL past the cap. */
struct lava_result *lava_testrun_add(struct lava_testrun *r, const char *id, size_t n);
/* The first result of r with test_case_id id[0..n), or NULL. */
struct lava_result *lava_testrun_find(struct lava_testrun *r, const char *id, size_t n);
/* The value of res's set attribute (lava-test-set), or NULL. */
const char *lava_result_set(const struct lava_result *res);
/* The result of r with test_case_id id[0..n) whose "set" attribute is set (a NUL-terminated name), or NULL: the same id in two sets is two results. */
struct lava_result *lava_testrun_find_set(struct lava_testrun *r, const char *id,
    size_t n, const char *set);
/* Put the results of r that by names in by's order, in the places they hold; the rest stay. */
void lava_testrun_order(struct lava_testrun *r, struct lava_testrun *by);
/* Move what src has into dst; conflicting values are reported (where names the source) and dst's kept. */
void lava_result_merge(struct lava_result *dst, struct lava_result *src,
    const char *where);
/* Free what a result holds. */
void lava_result_free(struct lava_result *res);
/* Free what a run holds and zero it. */
void lava_testrun_free(struct lava_testrun *r);
/* Free what a context holds and zero it. */
void lava_context_free(struct lava_context *c);

#endif
