/* jobact.c - pieces of a job file's actions: time limits, patterns, names, substitutions */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "expect.h"
#include "jobact.h"
#include "mem.h"

int
lava_ja_bad(const char *file, const struct lava_ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lava_vwarnat(file, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
	return -1;
}

/* LAVA's timeout: {days, hours, minutes, seconds} of node n into *s. */
int
lava_ja_timeout(const char *file, const struct lava_ynode *n, double *s)
{
	static const struct { const char *k; double m; } u[] = {
		{ "days", 86400 }, { "hours", 3600 }, { "minutes", 60 },
		{ "seconds", 1 },
	};
	double t = 0;
	size_t i;

	if (n == NULL)
		return 0;
	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		const char *v = lava_ystr(lava_yget(n, u[i].k));
		char *e;
		double x;

		if (v == NULL)
			continue;
		x = strtod(v, &e);
		if (*e || e == v || !(x >= 0 && x <= 1e7))
			return lava_ja_bad(file, lava_yget(n, u[i].k),
			    "timeout: %s: not a "
			    "number",
			    u[i].k);
		t += x * u[i].m;
	}
	if (n->type != LAVA_Y_MAP || t <= 0)
		return lava_ja_bad(
		    file, n, "timeout: not days, hours, minutes or seconds");
	*s = t;
	return 0;
}

/* LAVA's failure_retry (attempts in all) and failure_retry_interval
 * (seconds between them) of action a. */
int
lava_ja_retry(const char *file, const struct lava_ynode *a, long *tries,
    double *pause)
{
	const struct lava_ynode *n = lava_yget(a, "failure_retry");
	const struct lava_ynode *iv = lava_yget(a, "failure_retry_interval");
	const char *v;
	char *e;

	*tries = 1;
	*pause = 1;
	if (n != NULL) {
		v = lava_ystr(n);
		*tries = v ? strtol(v, &e, 10) : 0;
		if (v == NULL || *e || e == v || *tries < 1 || *tries > 100)
			return lava_ja_bad(file, n, "failure_retry: not a "
			    "number of attempts from 1 to 100");
	}
	if (iv != NULL) {
		v = lava_ystr(iv);
		*pause = v ? strtod(v, &e) : -1;
		if (v == NULL || *e || e == v || !(*pause >= 0 && *pause <= 3600))
			return lava_ja_bad(file, iv, "failure_retry_interval: "
			    "not seconds from 0 to 3600");
	}
	return 0;
}

/* s with each {NAME} of a substitution replaced; others left as they are. */
char *
lava_ja_subst(const struct lava_subs *sb, const char *s)
{
	size_t i, n = 0, cap = strlen(s) + 1;
	char *o = lava_xmalloc(cap);

	while (*s) {
		for (i = 0; *s == '{' && i < sb->n; i++) {
			size_t kl = strlen(sb->k[i]);

			if (strncmp(s + 1, sb->k[i], kl) == 0 &&
			    s[kl + 1] == '}')
				break;
		}
		if (*s == '{' && i < sb->n) {
			size_t vl = strlen(sb->v[i]);

			cap += vl;
			o = lava_xrealloc(o, cap);
			memcpy(o + n, sb->v[i], vl);
			n += vl;
			s += strlen(sb->k[i]) + 2;
		} else
			o[n++] = *s++;
	}
	o[n] = '\0';
	return o;
}

void
lava_ja_subadd(struct lava_subs *sb, const char *k, const char *v)
{
	if (sb->n == LAVA_JA_SUBS)
		lava_diex(LAVA_EXIT_USAGE, "more than %d substitutions",
		    LAVA_JA_SUBS);
	sb->k[sb->n] = lava_xstrdup(k);
	sb->v[sb->n] = lava_xstrdup(v);
	sb->n++;
}

/* Patterns: a string or a list of strings at n, compiled into re[]. */
int
lava_ja_patterns(const char *file, const struct lava_ynode *n,
    const char *what, pcre2_code **re, size_t *nre)
{
	const struct lava_ynode *one = n;
	char msg[300];
	size_t i;

	for (i = 0; n && i < (n->type == LAVA_Y_SEQ ? n->n : 1); i++) {
		if (n->type == LAVA_Y_SEQ)
			one = n->kids[i];
		if (lava_ystr(one) == NULL || one->len == 0)
			return lava_ja_bad(
			    file, one, "%s: not a pattern", what);
		if (*nre == LAVA_JA_PATS)
			return lava_ja_bad(file, one,
			    "%s: more than %d patterns", what, LAVA_JA_PATS);
		if ((re[*nre] = lava_exp_re(one->str, msg, sizeof(msg))) ==
		    NULL)
			return lava_ja_bad(file, one, "%s: %s", what, msg);
		(*nre)++;
	}
	return 0;
}

void
lava_ja_refree(pcre2_code **re, size_t n)
{
	while (n > 0)
		pcre2_code_free(re[--n]);
}

/* A name that becomes a directory: [A-Za-z0-9._-], not starting with a dot. */
int
lava_ja_name(const char *file, const struct lava_ynode *n, const char *what)
{
	const char *s = lava_ystr(n);

	if (s == NULL || *s == '\0' || *s == '.' || *s == '-' ||
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-") != strlen(s) || strlen(s) > 128)
		return lava_ja_bad(
		    file, n, "%s: not a name of [A-Za-z0-9._-]", what);
	return 0;
}

void
lava_ja_subfree(struct lava_subs *s)
{
	while (s->n > 0) {
		s->n--;
		free(s->k[s->n]);
		free(s->v[s->n]);
	}
}
