/* route_call.c - finding a run's handlers, calling them in their state dirs, and taking their answers */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
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
#include "route_state.h"

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

void
lava_route_handlers(struct lava_router *rt)
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
			lava_route_warn(rt, "handler %s: answer longer than %d bytes; "
			    "dropped", h->name, LAVA_ROUTE_ANSWERMAX);
		else
			lava_route_warn(rt, "handler %s: answer %s: %s; dropped", h->name,
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
			lava_route_warn(rt, "handler %s: answer line %lu: not a word of "
			    "printable ASCII without blank, quote, backslash, "
			    "< or >; answer dropped", h->name, ln);
			rt->nanswer = at;
			break;
		}
		if (rt->nanswer + (rt->nanswer > 0) + len > LAVA_ROUTE_ANSWERMAX) {
			lava_route_warn(rt, "handler %s: answer longer than %d bytes; "
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

void
lava_route_call(struct lava_router *rt, const char *time, const char *event,
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
