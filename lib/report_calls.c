/* report_calls.c - JOB/handler-calls.tsv read for the report's timeline */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "names.h"
#include "report.h"

/* A time "SECONDS.MICROS" as lava-job(5) writes it, or -1. */
static double
stamp(const char *s)
{
	char *end;
	double t;

	if (!*s || strspn(s, "0123456789.") != strlen(s))
		return -1;
	t = strtod(s, &end);
	return *end ? -1 : t;
}

void
lava_report_calls(struct lava_report *r, const char *job)
{
	char *path = lava_xasprintf("%s/handler-calls.tsv", job), *line = NULL;
	char *f[8], *p;
	size_t cap = 0, alloc = 0, nf;
	unsigned long no = 0;
	ssize_t len;
	FILE *fp;

	if ((fp = fopen(path, "re")) == NULL) {
		if (errno != ENOENT)
			lava_warn("%s", path);
		free(path);
		return;
	}
	while ((len = getline(&line, &cap, fp)) > 0) {
		struct lava_rcall *c;

		no++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		for (nf = 0, p = line; nf < 8 && p; nf++)
			f[nf] = strsep(&p, "\t");
		if (nf != 7 || stamp(f[0]) < 0 || stamp(f[1]) < stamp(f[0]) ||
		    !lava_name_ok(f[4])) {
			lava_warnat(path, no, 0, "not a handler call; left out");
			continue;
		}
		if (r->ncalls == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			r->calls = lava_xrealloc(r->calls,
			    alloc * sizeof(*r->calls));
		}
		c = &r->calls[r->ncalls++];
		c->t0 = stamp(f[0]);
		c->t1 = stamp(f[1]);
		c->line = strtoul(f[2], NULL, 10);
		c->handler = lava_xstrdup(f[4]);
		c->event = lava_xstrdup(f[5]);
		c->outcome = lava_xstrdup(f[6]);
	}
	if (ferror(fp))
		lava_warn("%s", path);
	free(line);
	fclose(fp);
	free(path);
}

void
lava_report_calls_free(struct lava_report *r)
{
	size_t i;

	for (i = 0; i < r->ncalls; i++) {
		free(r->calls[i].handler);
		free(r->calls[i].event);
		free(r->calls[i].outcome);
	}
	free(r->calls);
}
