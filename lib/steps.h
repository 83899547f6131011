/* steps.h - a job's steps on a board: records, errors, waits, typing, power */
#ifndef LAVA_STEPS_H
#define LAVA_STEPS_H

#include <stdio.h>

#include "device.h"
#include "expect.h"
#include "jobact.h"

/* Error classes of a job that ends early (lava-records(5): ERROR). */
#define LAVA_E_INFRA "infrastructure"
#define LAVA_E_JOB "job"
#define LAVA_E_TEST "test"

/* Where a job's steps run. */
struct lava_steps {
	struct lava_exp exp;		/* the console */
	struct lava_dev *dev;		/* the device file */
	struct lava_subs subs;		/* substitutions of typed text */
	pcre2_match_data *md;		/* groups of the last match */
	FILE *recs;			/* JOB/actions.tsv, or NULL */
	const char *jobdir;		/* JOB */
};

/* Write a record NAME with the fields of fmt (blanks split them) to st->recs. */
void lava_st_record(struct lava_steps *st, const char *name,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The job ends here: say so, record ERROR, write JOB/error; returns -1. */
int lava_st_fail(struct lava_steps *st, const char *cls, const char *action,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Wait for one of re[0..n) until end: its index, or -1 with the job failed as cls (what: for messages). */
int lava_st_expect(struct lava_steps *st, pcre2_code **re, size_t n,
    double end, const char *action, const char *what, const char *cls,
    double limit);
/* Wait for the device file's pattern f; an infrastructure error at the limit. */
int lava_st_expectdev(struct lava_steps *st, enum lava_dfield f, double end,
    const char *action, double limit);
/* Type s (substituted) and a line feed; -1 with the job failed. */
int lava_st_type(struct lava_steps *st, const char *s, const char *action);
/* Stop the bootloader's autoboot with the device file's interrupt_char. */
int lava_st_interrupt(struct lava_steps *st);
/* Power the board on from off, or reset it, before a boot; -1 with the job failed. */
int lava_st_reset(struct lava_steps *st, double limit);
/* Type the command that starts JOB's runner (TARGET/bin/lava-test-runner) in the background; -1 with the job failed. */
int lava_st_runner(struct lava_steps *st);
/* LAVA's failure_retry: fn(a) until it succeeds, at most tries times, pause seconds apart; JOB/error removed after a success. */
int lava_st_retry(struct lava_steps *st, const char *action, long tries,
    double pause, int (*fn)(const struct lava_ynode *),
    const struct lava_ynode *a);
/* The string under key of map m, else the device file's field f, or NULL. */
const char *lava_st_orfield(struct lava_steps *st, const struct lava_ynode *m,
    const char *key, enum lava_dfield f);

#endif
