/* route.c - which handlers a record concerns, and calling them in the run's state dir */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "file.h"
#include "mem.h"
#include "names.h"
#include "proc.h"
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

static const char *const ours[] = { "LAVA_RUN_UUID=", "LAVA_TESTRUN_ID=",
    "LAVA_SIGNAL_TIME=", "LAVA_JOB=", "LAVA_HANDLER_PARAMS=",
    "LAVA_HANDLER_DIR=", "LAVA_HANDLER_ANSWER=", "LAVA_HANDLER_TIMEOUT=",
    NULL };

/* A warning about the record being routed: "PROG: stdin:N: msg". */
static void __attribute__((format(printf, 2, 3)))
rwarn(const struct lava_router *rt, const char *fmt, ...)
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

/* Where handler name is, looked up once, or NULL with a warning. */
static const char *
which(struct lava_router *rt, const char *name)
{
	char *path, *also;
	size_t i;
	int noexec;

	for (i = 0; i < rt->found.n; i++)
		if (strcmp(rt->found.v[i].name, name) == 0)
			return rt->found.v[i].path;
	if (rt->found.n == FOUND_MAX) {
		lava_warnx("handler %s: more than %d handler names", name,
		    FOUND_MAX);
		return NULL;
	}
	path = lava_proc_find(name, getenv("LAVA_HANDLER_PATH"),
	    LAVA_HANDLERDIR, &also, &noexec);
	if (!path)
		lava_warnx("handler %s: %s on LAVA_HANDLER_PATH or in %s", name,
		    noexec ? "not executable" : "not found", LAVA_HANDLERDIR);
	else if (also)
		lava_warnx("handler %s: found as %s and as %s; using the first",
		    name, path, also);
	free(also);
	/* The handler runs in its state dir: a relative path would miss. */
	if (path && path[0] != '/' && (also = realpath(path, NULL))) {
		free(path);
		path = also;
	}
	rt->found.v[rt->found.n].name = lava_xstrdup(name);
	rt->found.v[rt->found.n].path = path;
	return rt->found.v[rt->found.n++].path;
}

/* Add a handler to the run, with its state dir and output file. */
static void
add_handler(struct lava_router *rt, const char *name, const char *params)
{
	struct handler *h = &rt->cur.hs[rt->cur.nhs];
	char *out;
	size_t i;

	for (i = 0; i < rt->cur.nhs; i++)
		if (strcmp(rt->cur.hs[i].name, name) == 0) {
			lava_warnx("run %s: handler %s named twice; called once",
			    rt->cur.id, name);
			return;
		}
	if (rt->cur.nhs == LAVA_ROUTE_HANDLERS) {
		lava_warnx("run %s: more than %d handlers; %s left out",
		    rt->cur.id, LAVA_ROUTE_HANDLERS, name);
		return;
	}
	if (!(h->path = (char *)which(rt, name)))
		return;
	h->dir = lava_xasprintf("%s/runs/%s/handlers", rt->jobdir,
	    rt->cur.uuid);
	/* Said here, with its cause: the next mkdir would say ENOENT. */
	if (mkdir(h->dir, 0777) == -1 && errno != EEXIST) {
		lava_warn("handler %s: %s", name, h->dir);
		free(h->dir);
		h->dir = NULL;
		return;
	}
	free(h->dir);
	h->dir = lava_xasprintf("%s/runs/%s/handlers/%s", rt->jobdir,
	    rt->cur.uuid, name);
	out = lava_xasprintf("%s/output", h->dir);
	if ((mkdir(h->dir, 0777) == -1 && errno != EEXIST) ||
	    (h->outfd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0666)) == -1) {
		lava_warn("handler %s: %s", name, out);
		free(h->dir);
		free(out);
		return;
	}
	free(out);
	h->name = lava_xstrdup(name);
	h->params = lava_xstrdup(params && *params ? params : "{}");
	rt->cur.nhs++;
}

/* The handlers of the run: its handlers.tsv, then the -H ones. */
static void
load_handlers(struct lava_router *rt)
{
	char *path = lava_xasprintf("%s/runs/%s/handlers.tsv", rt->jobdir,
	    rt->cur.uuid), *line, *params;
	unsigned long ln = 0;
	size_t i;
	long n;
	int seen;
	FILE *f = fopen(path, "re");

	if (!f && errno != ENOENT)
		lava_warn("%s", path);
	line = lava_xmalloc(LAVA_ROUTE_TSVMAX + 1);
	while (f && (n = lava_file_getline(f, line, LAVA_ROUTE_TSVMAX,
	    &seen)) >= 0) {
		ln++;
		if (n == 0 && !seen)
			continue;
		if (seen) {
			lava_warnat(path, ln, 0, "line too long or holds NUL");
			continue;
		}
		params = strchr(line, '\t');
		if (params)
			*params++ = '\0';
		if (!lava_name_ok(line))
			lava_warnat(path, ln, 1, "not a handler name");
		else
			add_handler(rt, line, params);
	}
	if (f)
		fclose(f);
	free(line);
	free(path);
	for (i = 0; i < rt->nextra; i++)
		add_handler(rt, rt->extra[i], "{}");
}

/*
 * Add the answer handler h left in path to the record's: one word a line,
 * each checked; an answer with a bad word, or too long, is dropped whole.
 */
static void
take_answer(struct lava_router *rt, const struct handler *h, const char *path)
{
	char *buf, *w, *nl;
	size_t n, len, at = rt->nanswer;
	unsigned long ln = 0;

	switch (lava_file_read(AT_FDCWD, path, path, LAVA_ROUTE_ANSWERMAX,
	    LAVA_FILE_NOFOLLOW | LAVA_FILE_ABSENT | LAVA_FILE_QUIET, &buf, &n)) {
	case 0:
		break;
	case -1:
		if (errno == EFBIG)
			rwarn(rt, "handler %s: answer longer than %d bytes; "
			    "dropped", h->name, LAVA_ROUTE_ANSWERMAX);
		else
			rwarn(rt, "handler %s: answer %s: %s; dropped", h->name,
			    path, strerror(errno));
		return;
	default:
		return;
	}
	for (w = buf; *w; w = nl) {
		ln++;
		nl = strchr(w, '\n');
		len = nl ? (size_t)(nl - w) : strlen(w);
		nl = nl ? nl + 1 : w + len;
		if (len == 0)
			continue;
		if (!lava_answer_word_ok(w, len) || memchr(w, '\0', len)) {
			rwarn(rt, "handler %s: answer line %lu: not a word of "
			    "printable ASCII without blank, quote, backslash, "
			    "< or >; answer dropped", h->name, ln);
			rt->nanswer = at;
			break;
		}
		if (rt->nanswer + (rt->nanswer > 0) + len > LAVA_ROUTE_ANSWERMAX) {
			rwarn(rt, "handler %s: answer longer than %d bytes; "
			    "dropped", h->name, LAVA_ROUTE_ANSWERMAX);
			rt->nanswer = at;
			break;
		}
		if (rt->nanswer > 0)
			rt->answer[rt->nanswer++] = ' ';
		memcpy(rt->answer + rt->nanswer, w, len);
		rt->nanswer += len;
	}
	rt->answer[rt->nanswer] = '\0';
	free(buf);
}

/* Append one line for a handler call to JOB/handler-calls.tsv. */
static void
log_call(struct lava_router *rt, const struct handler *h, const char *event,
    const char *name, const struct timespec *a, const struct timespec *b,
    const struct lava_proc_end *e)
{
	char out[64], *path;

	if (rt->callsfd == -1) {
		path = lava_xasprintf("%s/handler-calls.tsv", rt->jobdir);
		rt->callsfd = open(path, O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC | O_NOFOLLOW, 0644);
		if (rt->callsfd == -1) {
			lava_warn("%s", path);
			rt->failed = 1;
			rt->callsfd = -2;
		}
		free(path);
	}
	if (rt->callsfd < 0)
		return;
	lava_proc_outcome(e, out, sizeof(out));
	if (name && !lava_name_ok(name))
		name = "?";
	if (dprintf(rt->callsfd, "%ld.%06ld\t%ld.%06ld\t%lu\t%s\t%s\t%s%s%s\t%s\n",
	    (long)a->tv_sec, a->tv_nsec / 1000, (long)b->tv_sec,
	    b->tv_nsec / 1000, rt->line, rt->cur.uuid, h->name, event,
	    name ? ":" : "", name ? name : "", out) < 0) {
		lava_warn("%s/handler-calls.tsv", rt->jobdir);
		rt->failed = 1;
	}
}

/* Call every handler of the run: HANDLER EVENT [ARG...]. */
static void
call(struct lava_router *rt, const char *time, const char *event,
    const char *name, char **args, size_t nargs)
{
	char *argv[LAVA_RECORD_MAXARGS + 4], *env[8], **envp, *answer;
	struct lava_proc p;
	struct lava_proc_end e;
	struct timespec ta, tb;
	size_t i, nb, ne = 0;

	if (!rt->cur.open || rt->cur.nhs == 0)
		return;
	nb = 1;
	argv[nb++] = (char *)event;
	if (name)
		argv[nb++] = (char *)name;
	for (i = 0; i < nargs; i++)
		argv[nb++] = args[i];
	argv[nb] = NULL;
	env[ne++] = lava_xasprintf("LAVA_RUN_UUID=%s", rt->cur.uuid);
	env[ne++] = lava_xasprintf("LAVA_TESTRUN_ID=%s", rt->cur.id);
	env[ne++] = lava_xasprintf("LAVA_SIGNAL_TIME=%s", time);
	env[ne++] = lava_xasprintf("LAVA_JOB=%s", rt->jobdir);
	env[ne++] = lava_xasprintf("LAVA_HANDLER_TIMEOUT=%g", rt->limit);
	for (nb = 0; rt->envbase[nb]; nb++)
		;
	envp = lava_xcalloc(nb + ne + 4, sizeof(*envp));
	memcpy(envp, rt->envbase, nb * sizeof(*envp));
	memcpy(envp + nb, env, ne * sizeof(*envp));
	for (i = 0; i < rt->cur.nhs; i++) {
		struct handler *h = &rt->cur.hs[i];

		envp[nb + ne] = lava_xasprintf("LAVA_HANDLER_PARAMS=%s",
		    h->params);
		envp[nb + ne + 1] = lava_xasprintf("LAVA_HANDLER_DIR=%s",
		    h->dir);
		answer = lava_xasprintf("%s/answer", h->dir);
		envp[nb + ne + 2] = lava_xasprintf("LAVA_HANDLER_ANSWER=%s",
		    answer);
		/* Only this call's answer counts. */
		if (unlink(answer) == -1 && errno != ENOENT)
			lava_warn("handler %s: %s", h->name, answer);
		argv[0] = h->path;
		memset(&p, 0, sizeof(p));
		p.path = h->path;
		p.argv = argv;
		p.envp = envp;
		p.dir = h->dir;
		p.outfd = h->outfd;
		p.label = h->name;
		p.limit = rt->limit;
		p.grace = rt->limit < 2 ? rt->limit : 2;
		clock_gettime(CLOCK_REALTIME, &ta);
		lava_proc_run(&p, &e);
		clock_gettime(CLOCK_REALTIME, &tb);
		lava_proc_report(h->name, &e, rt->limit);
		log_call(rt, h, event, name, &ta, &tb, &e);
		if (rt->asked)
			take_answer(rt, h, answer);
		free(answer);
		free(envp[nb + ne]);
		free(envp[nb + ne + 1]);
		free(envp[nb + ne + 2]);
	}
	for (i = 0; i < ne; i++)
		free(env[i]);
	free(envp);
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
	call(rt, time, "end", NULL, NULL, 0);
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
		rwarn(rt, "STARTRUN wants TESTRUN_ID UUID; ignored");
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
		rwarn(rt, "STARTRUN %s: unknown run uuid %s; no handler called",
		    r->args[0], r->args[1]);
		rt->cur.id = lava_xstrdup(r->args[0]);
		return;
	}
	rt->cur.id = lava_xstrdup(rt->cur.run->id);
	if (strcmp(rt->cur.run->id, r->args[0]) != 0)
		rwarn(rt, "STARTRUN %s: run %s has id %s", r->args[0],
		    r->args[1], rt->cur.run->id);
	load_handlers(rt);
	call(rt, r->time, "start", NULL, NULL, 0);
}

/* STARTTC and ENDTC, paired as the device sends them. */
static void
testcase(struct lava_router *rt, struct lava_record *r, int start)
{
	const char *c = r->args[0];

	if (r->nargs != 1) {
		rwarn(rt, "%s wants one CASE; ignored", r->name);
		return;
	}
	if (start) {
		if (rt->cur.tc)
			rwarn(rt, "STARTTC %s while case %s is open", c,
			    rt->cur.tc);
		free(rt->cur.tc);
		rt->cur.tc = lava_xstrdup(c);
		call(rt, r->time, "starttc", NULL, r->args, 1);
	} else if (!rt->cur.tc || strcmp(rt->cur.tc, c) != 0) {
		rwarn(rt, "ENDTC %s received but %s%s; not passed on", c,
		    rt->cur.tc ? "expecting " : "no case is open",
		    rt->cur.tc ? rt->cur.tc : "");
	} else {
		call(rt, r->time, "endtc", NULL, r->args, 1);
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
			rwarn(rt, "ENDRUN without STARTRUN");
			return;
		}
		if (r->nargs != 2 || strcmp(r->args[1], rt->cur.uuid) != 0)
			rwarn(rt, "ENDRUN does not name run %s; ignored (the run "
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
		call(rt, r->time, "signal", n, r->args, r->nargs);
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
