/* jobact.h - pieces of a job file's actions: time limits, patterns, names, substitutions */
#ifndef LAVA_JOBACT_H
#define LAVA_JOBACT_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "ydoc.h"

/* Most patterns one step waits for. */
#define LAVA_JA_PATS 32
/* Most substitutions. */
#define LAVA_JA_SUBS 32

/* Substitutions: {K} becomes V in typed text. */
struct lava_subs {
	char *k[LAVA_JA_SUBS], *v[LAVA_JA_SUBS];
	size_t n;
};

/* Report a mistake in file at node n (its position, if n) as "PROG: FILE:LINE:COL: msg"; returns -1. */
int lava_ja_bad(const char *file, const struct lava_ynode *n, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));
/* LAVA's timeout mapping n (days, hours, minutes, seconds) into *s; untouched if n is NULL; -1 reported against file. */
int lava_ja_timeout(const char *file, const struct lava_ynode *n, double *s);
/* LAVA's failure_retry (attempts, 1 if none) and failure_retry_interval (seconds, 1 if none) of action a; -1 reported. */
int lava_ja_retry(const char *file, const struct lava_ynode *a, long *tries,
    double *pause);
/* Compile n, a pattern or a list of them, into re[*nre...]; -1 reported. */
int lava_ja_patterns(const char *file, const struct lava_ynode *n,
    const char *what, pcre2_code **re, size_t *nre);
/* Free re[0..n). */
void lava_ja_refree(pcre2_code **re, size_t n);
/* Check n is a name that may become a directory ([A-Za-z0-9._-], no leading dot or dash); -1 reported. */
int lava_ja_name(const char *file, const struct lava_ynode *n, const char *what);
/* Add the substitution {k} -> v (exits 2 past LAVA_JA_SUBS). */
void lava_ja_subadd(struct lava_subs *s, const char *k, const char *v);
/* Free the substitutions of s. */
void lava_ja_subfree(struct lava_subs *s);
/* A new string: text with each {K} of s replaced, other braces kept. */
char *lava_ja_subst(const struct lava_subs *s, const char *text);

#endif
