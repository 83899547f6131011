/* route.c - which run a record concerns, and the events it makes for the run's handlers (called by route_call.c) */
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "file.h"
#include "mem.h"
#include "names.h"
#include "proc.h"
#include "route.h"
#include "route_state.h"

static const char *const ours[] = { "LAVA_RUN_UUID=", "LAVA_TESTRUN_ID=",
    "LAVA_SIGNAL_TIME=", "LAVA_JOB=", "LAVA_HANDLER_PARAMS=",
    "LAVA_HANDLER_DIR=", "LAVA_HANDLER_ANSWER=", "LAVA_HANDLER_TIMEOUT=",
    NULL };

void
lava_route_warn(const struct lava_router *rt, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lava_vwarnat("stdin", rt->recno, 0, fmt, ap);
	va_end(ap);
}

static void
load_runs(struct lava_router *rt)
{
	char *path = lava_xasprintf("%s/runs", rt->jobdir), *idp;
	struct dirent *d;
	DIR *dir = opendir(path);

	if (!dir) {
		if (errno != ENOENT)
			lava_die(LAVA_EXIT_USAGE, "%s", path);
		free(path);
		return;
	}
	while ((d = readdir(dir))) {
		char *id;

		if (!lava_name_ok(d->d_name))
			continue;
		idp = lava_xasprintf("%s/%s/id", path, d->d_name);
		id = lava_file_line(idp, 255);
		free(idp);
		if (!id)
			continue;
		if (rt->nruns == LAVA_ROUTE_RUNS)
			lava_diex(LAVA_EXIT_USAGE, "%s: more than %d runs",
			    path, LAVA_ROUTE_RUNS);
		rt->runs = lava_xrealloc(rt->runs,
		    (rt->nruns + 1) * sizeof(*rt->runs));
		rt->runs[rt->nruns].uuid = lava_xstrdup(d->d_name);
		rt->runs[rt->nruns++].id = id;
	}
	closedir(dir);
	free(path);
}

struct lava_router *
lava_route_new(const char *jobdir, double limit, char *const extra[],
    size_t nextra)
{
	struct lava_router *rt = lava_xcalloc(1, sizeof(*rt));

	rt->jobdir = jobdir;
	rt->limit = limit;
	rt->extra = extra;
	rt->nextra = nextra;
	rt->callsfd = -1;
	load_runs(rt);
	rt->envbase = lava_proc_env_without(ours);
	return rt;
}

static struct run *
find_run(struct lava_router *rt, const char *uuid)
{
	size_t i;

	for (i = 0; i < rt->nruns; i++)
		if (strcmp(rt->runs[i].uuid, uuid) == 0)
			return &rt->runs[i];
	return NULL;
}

int
lava_route_failed(const struct lava_router *rt)
{
	return rt->failed;
}

int
lava_route_open(const struct lava_router *rt)
{
	return rt->cur.open;
}

void
lava_route_end(struct lava_router *rt, const char *time, const char *why)
{
	char *path;
	FILE *f;
	size_t i;

	if (!rt->cur.open)
		return;
	if (why)
		lava_warnx("run %s: %s", rt->cur.id, why);
	lava_route_call(rt, time, "end", NULL, NULL, 0);
	if (why && rt->cur.run) {
		path = lava_xasprintf("%s/runs/%s/incomplete", rt->jobdir,
		    rt->cur.uuid);
		if (!(f = fopen(path, "we")) || fprintf(f, "%s\n", why) < 0 ||
		    fclose(f) != 0) {
			lava_warn("%s", path);
			rt->failed = 1;
		}
		free(path);
	}
	for (i = 0; i < rt->cur.nhs; i++) {
		close(rt->cur.hs[i].outfd);
		free(rt->cur.hs[i].name);
		free(rt->cur.hs[i].params);
		free(rt->cur.hs[i].dir);
	}
	free(rt->cur.id);
	free(rt->cur.uuid);
	free(rt->cur.tc);
	memset(&rt->cur, 0, sizeof(rt->cur));
}

static void
startrun(struct lava_router *rt, struct lava_record *r)
{
	if (r->nargs != 2) {
		lava_route_warn(rt, "STARTRUN wants TESTRUN_ID UUID; ignored");
		return;
	}
	if (rt->cur.open)
		lava_route_end(rt, r->time,
		    "STARTRUN of another run before ENDRUN");
	rt->cur.open = 1;
	memset(&rt->tally, 0, sizeof(rt->tally));
	snprintf(rt->tally.id, sizeof(rt->tally.id), "%s", r->args[0]);
	rt->cur.uuid = lava_xstrdup(r->args[1]);
	rt->cur.run = find_run(rt, r->args[1]);
	if (!rt->cur.run) {
		lava_route_warn(rt, "STARTRUN %s: unknown run uuid %s; no handler called",
		    r->args[0], r->args[1]);
		rt->cur.id = lava_xstrdup(r->args[0]);
		return;
	}
	rt->cur.id = lava_xstrdup(rt->cur.run->id);
	if (strcmp(rt->cur.run->id, r->args[0]) != 0)
		lava_route_warn(rt, "STARTRUN %s: run %s has id %s", r->args[0],
		    r->args[1], rt->cur.run->id);
	lava_route_handlers(rt);
	lava_route_call(rt, r->time, "start", NULL, NULL, 0);
}

/* STARTTC and ENDTC, paired as the device sends them. */
static void
testcase(struct lava_router *rt, struct lava_record *r, int start)
{
	const char *c = r->args[0];

	if (r->nargs != 1) {
		lava_route_warn(rt, "%s wants one CASE; ignored", r->name);
		return;
	}
	if (start) {
		if (rt->cur.tc)
			lava_route_warn(rt, "STARTTC %s while case %s is open", c,
			    rt->cur.tc);
		free(rt->cur.tc);
		rt->cur.tc = lava_xstrdup(c);
		lava_route_call(rt, r->time, "starttc", NULL, r->args, 1);
	} else if (!rt->cur.tc || strcmp(rt->cur.tc, c) != 0) {
		lava_route_warn(rt, "ENDTC %s received but %s%s; not passed on", c,
		    rt->cur.tc ? "expecting " : "no case is open",
		    rt->cur.tc ? rt->cur.tc : "");
	} else {
		lava_route_call(rt, r->time, "endtc", NULL, r->args, 1);
		free(rt->cur.tc);
		rt->cur.tc = NULL;
	}
}

static void
count(struct lava_router *rt, const struct lava_record *r)
{
	size_t i;

	for (i = 0; i < r->nargs; i++) {
		const char *a = r->args[i];

		if (strncmp(a, "RESULT=", 7) != 0)
			continue;
		if (strcmp(a + 7, "pass") == 0)
			rt->tally.pass++;
		else if (strcmp(a + 7, "fail") == 0)
			rt->tally.fail++;
		else if (strcmp(a + 7, "skip") == 0)
			rt->tally.skip++;
	}
}

void
lava_route(struct lava_router *rt, struct lava_record *r, unsigned long recno)
{
	const char *n = r->name;

	rt->recno = recno;
	rt->line = r->line;
	rt->asked = r->token && r->token_ok;
	rt->nanswer = 0;
	rt->answer[0] = '\0';
	if (strcmp(n, "STARTRUN") == 0) {
		startrun(rt, r);
	} else if (strcmp(n, "ENDRUN") == 0) {
		if (!rt->cur.open) {
			lava_route_warn(rt, "ENDRUN without STARTRUN");
			return;
		}
		if (r->nargs != 2 || strcmp(r->args[1], rt->cur.uuid) != 0)
			lava_route_warn(rt, "ENDRUN does not name run %s; ignored (the run "
			    "goes on)", rt->cur.uuid);
		else
			lava_route_end(rt, r->time, NULL);
	} else if (strcmp(n, "STARTTC") == 0 || strcmp(n, "ENDTC") == 0) {
		testcase(rt, r, n[0] == 'S');
	} else if (strcmp(n, "EXIT") == 0) {
		lava_route_end(rt, r->time,
		    "the test runner exited before ENDRUN");
	} else if (strcmp(n, "TIMEOUT") == 0) {
		lava_route_end(rt, r->time,
		    "the time limit passed before ENDRUN");
	} else if (strcmp(n, "PANIC") == 0) {
		lava_route_end(rt, r->time,
		    "the kernel panicked before ENDRUN");
	} else if (strcmp(n, "KERNEL") == 0 || strcmp(n, "FOREIGN") == 0) {
		return;	/* the scanner's, not the device's: no handler's business */
	} else {
		if (strcmp(n, "TESTCASE") == 0)
			count(rt, r);
		lava_route_call(rt, r->time, "signal", n, r->args, r->nargs);
	}
}

const char *
lava_route_answer(const struct lava_router *rt)
{
	return rt->answer;
}

void
lava_route_tally(const struct lava_router *rt, struct lava_route_tally *t)
{
	t->run = rt->tally.id[0] ? rt->tally.id : NULL;
	t->tc = rt->cur.tc;
	t->pass = rt->tally.pass;
	t->fail = rt->tally.fail;
	t->skip = rt->tally.skip;
}
