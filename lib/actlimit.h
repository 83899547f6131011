/* actlimit.h - the time limits of a job's test actions, each started by the first STARTRUN record of one of its runs */
#ifndef LAVA_ACTLIMIT_H
#define LAVA_ACTLIMIT_H

#include <stddef.h>

struct lava_actlimits;

/* Read path, lines of "UUID ACTION SECONDS" (lava-sigscan(1) -a); exit 2 reported if it is not that. */
struct lava_actlimits *lava_actlimits_load(const char *path);
/* See record rec (n bytes, lava-records(5)) at time now: a STARTRUN of a run of another action starts that action's limit. */
void lava_actlimits_record(struct lava_actlimits *a, const char *rec, size_t n,
    double now);
/* When the limit of the action under way passes, or 0 for none. */
double lava_actlimits_deadline(const struct lava_actlimits *a);
/* The action under way and its limit in seconds, for messages. */
long lava_actlimits_action(const struct lava_actlimits *a, double *secs);
/* Free a (NULL is fine). */
void lava_actlimits_free(struct lava_actlimits *a);

#endif
