/* route.h - routing records to the handlers of a JOB's runs, as lava-sigroute(1) says */
#ifndef LAVA_ROUTE_H
#define LAVA_ROUTE_H

#include <stddef.h>

#include "record.h"

/* Most runs in a JOB. */
#define LAVA_ROUTE_RUNS 10000
/* Most handlers of one run. */
#define LAVA_ROUTE_HANDLERS 64
/* Longest handlers.tsv line. */
#define LAVA_ROUTE_TSVMAX (64 * 1024)
/* Longest answer to one signal, all handlers' words with their blanks. */
#define LAVA_ROUTE_ANSWERMAX 1024

struct lava_router;

/* What a progress line shows: the last run started and its TESTCASE results. */
struct lava_route_tally {
	const char *run;	/* its TESTRUN_ID, or NULL */
	const char *tc;		/* the case open, or NULL */
	unsigned long pass, fail, skip;
};

/*
 * A router for the runs of the JOB dir jobdir (an absolute path): each
 * handler call gets limit seconds, and the handlers named in
 * extra[0..nextra) join every run. Exits 2 reported if JOB/runs cannot
 * be read.
 */
struct lava_router *lava_route_new(const char *jobdir, double limit,
    char *const extra[], size_t nextra);
/* Call the handlers record r (line recno of stdin) concerns. */
void lava_route(struct lava_router *rt, struct lava_record *r,
    unsigned long recno);
/* Nonzero if something the job should keep (an incomplete file) could not be written. */
int lava_route_failed(const struct lava_router *rt);
/* Nonzero if a run is open: started and not yet ended. */
int lava_route_open(const struct lava_router *rt);
/* End the open run, if any, at time; why (NULL: it ended well) goes to its incomplete file. */
void lava_route_end(struct lava_router *rt, const char *time, const char *why);
/* The answer of the handlers to the last record routed that has a token: its words joined by blanks, "" if none. */
const char *lava_route_answer(const struct lava_router *rt);
/* Fill t with what the progress line shows. */
void lava_route_tally(const struct lava_router *rt, struct lava_route_tally *t);

#endif
