/*
 * route_state.h - the state lib/route.c (which records concern which run)
 * and lib/route_call.c (calling the run's handlers) share; no other module
 * includes it: lava_route*() of route.h is the router's interface.
 */
#ifndef LAVA_ROUTE_STATE_H
#define LAVA_ROUTE_STATE_H

#include <stddef.h>

#include "record.h"
#include "route.h"

#define FOUND_MAX 256		/* handler names whose lookup is kept */

struct run {
	char *uuid, *id;
};

struct handler {
	char *name, *params, *path, *dir;
	int outfd;
};

struct lava_router {
	const char *jobdir;		/* absolute path of JOB */
	double limit;			/* seconds per handler call */
	char *const *extra;		/* -H handlers */
	size_t nextra;
	struct run *runs;
	size_t nruns;
	unsigned long recno;		/* line number of the record routed */
	unsigned long line;		/* its console line */
	int callsfd;			/* JOB/handler-calls.tsv, -1 until opened */
	char **envbase;			/* environ without what we set */
	struct {
		struct { char *name, *path; } v[FOUND_MAX];
		size_t n;
	} found;
	/* The run between a STARTRUN and its ENDRUN. */
	struct {
		int open;
		struct run *run;	/* NULL when its uuid is unknown */
		char *id, *uuid, *tc;	/* tc: the case open, or NULL */
		struct handler hs[LAVA_ROUTE_HANDLERS];
		size_t nhs;
	} cur;
	struct {
		char id[41];
		unsigned long pass, fail, skip;
	} tally;
	int asked;			/* the record routed waits for an answer */
	int failed;			/* something could not be kept */
	char answer[LAVA_ROUTE_ANSWERMAX + 1];
	size_t nanswer;
};

/* A warning about the record being routed: "PROG: stdin:N: msg". */
void lava_route_warn(const struct lava_router *rt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Add the handlers of the open run: its handlers.tsv, then the -H ones. */
void lava_route_handlers(struct lava_router *rt);
/* Call every handler of the open run: HANDLER EVENT [NAME] [ARG...], each answer taken if the record asks. */
void lava_route_call(struct lava_router *rt, const char *time,
    const char *event, const char *name, char **args, size_t nargs);

#endif
