/* actlimit.c - the time limits of a job's test actions, each started by the first STARTRUN record of one of its runs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actlimit.h"
#include "err.h"
#include "mem.h"

/* Most runs with a limit. */
#define MAXRUNS 1000

struct lava_actlimits {
	struct { char uuid[37]; long action; double secs; } v[MAXRUNS];
	size_t n;
	long cur;		/* the action under way, -1 none */
	double secs, deadline;
};

struct lava_actlimits *
lava_actlimits_load(const char *path)
{
	struct lava_actlimits *a = lava_xcalloc(1, sizeof(*a));
	char line[256], extra;
	unsigned long no = 0;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		lava_die(LAVA_EXIT_USAGE, "%s", path);
	a->cur = -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		no++;
		if (a->n == MAXRUNS || sscanf(line, "%36s %ld %lf %c",
		    a->v[a->n].uuid, &a->v[a->n].action, &a->v[a->n].secs,
		    &extra) != 3 || strlen(a->v[a->n].uuid) != 36 ||
		    a->v[a->n].action < 0 || !(a->v[a->n].secs > 0 &&
		    a->v[a->n].secs <= 31536000))
			lava_diex(LAVA_EXIT_USAGE, "%s:%lu: not UUID ACTION "
			    "SECONDS (at most %d lines)", path, no, MAXRUNS);
		a->n++;
	}
	if (ferror(f))
		lava_die(LAVA_EXIT_FAIL, "%s", path);
	fclose(f);
	return a;
}

void
lava_actlimits_record(struct lava_actlimits *a, const char *rec, size_t n,
    double now)
{
	const char *p = rec, *end = rec + n, *f[6];
	size_t i, k = 0;

	/* TIME LINE TOKEN STARTRUN TESTRUN_ID UUID */
	for (f[k++] = p; k < 6 && (p = memchr(p, '\t', (size_t)(end - p))); )
		f[k++] = ++p;
	if (k < 6 || strncmp(f[3], "STARTRUN\t", 9) != 0 ||
	    end - f[5] < 36 || (end - f[5] > 36 && f[5][36] != '\n' &&
	    f[5][36] != '\t'))
		return;
	for (i = 0; i < a->n; i++)
		if (memcmp(a->v[i].uuid, f[5], 36) == 0)
			break;
	if (i == a->n) {
		/* A run of no limit: whatever ran before it has ended. */
		a->cur = -1;
		a->deadline = 0;
		return;
	}
	if (a->v[i].action == a->cur)
		return;
	a->cur = a->v[i].action;
	a->secs = a->v[i].secs;
	a->deadline = now + a->secs;
}

double
lava_actlimits_deadline(const struct lava_actlimits *a)
{
	return a ? a->deadline : 0;
}

long
lava_actlimits_action(const struct lava_actlimits *a, double *secs)
{
	*secs = a->secs;
	return a->cur;
}

void
lava_actlimits_free(struct lava_actlimits *a)
{
	free(a);
}
