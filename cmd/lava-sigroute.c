/* lava-sigroute - call the handlers of each signal, then acknowledge it */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "proc.h"
#include "record.h"
#include "route.h"

static const char USAGE[] = "[-q] [-H NAME] [-p MS] [-t SECONDS] JOB";

#define REC_MAX (64 * 1024)	/* longest record line */
#define TSV_MAX (64 * 1024)	/* longest handlers.tsv line */
#define RUNS_MAX 10000		/* most runs in a JOB */
#define HANDLERS_MAX 64		/* most handlers of one run */
#define EXTRA_MAX 16		/* most -H handlers */
#define FOUND_MAX 256		/* handler names whose lookup is kept */
#define TARGET_MAX 256		/* longest target dir */

struct run {
	char *uuid, *id;
};

struct handler {
	char *name, *params, *path, *dir;
	int outfd;
};

static char *jobdir;			/* absolute path of JOB */
static char target[TARGET_MAX + 1] = "/lava";
static struct run *runs;
static size_t nruns;
static char *extra[EXTRA_MAX];
static size_t nextra;
static double limit = 30;
static long pace_ms;
static int progress, shown;
static unsigned long recno;		/* line number of the record read */
static char **envbase;			/* environ without what we set */
static const char *const ours[] = { "LAVA_RUN_UUID=", "LAVA_TESTRUN_ID=",
    "LAVA_SIGNAL_TIME=", "LAVA_JOB=", "LAVA_HANDLER_PARAMS=",
    "LAVA_HANDLER_DIR=", NULL };

static struct {
	struct { char *name, *path; } v[FOUND_MAX];
	size_t n;
} found;

/* The run between a STARTRUN and its ENDRUN. */
static struct {
	int open;
	struct run *run;		/* NULL when its uuid is unknown */
	char *id, *uuid, *tc;		/* tc: the case open, or NULL */
	struct handler hs[HANDLERS_MAX];
	size_t nhs;
} cur;

/* What the progress line shows: the last run and its TESTCASE results. */
static struct {
	char id[41];
	unsigned long pass, fail, skip;
} tally;

/* A warning about the record being handled: "PROG: stdin:N: msg". */
static void __attribute__((format(printf, 1, 2)))
rwarn(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	lava_warnat("stdin", recno, 0, "%s", buf);
}

static void
load_target(void)
{
	char *path = lava_xasprintf("%s/target-dir", jobdir), *t;
	size_t n;

	t = lava_firstline(path, TARGET_MAX);
	if (!t && errno != ENOENT)
		lava_diex(LAVA_EXIT_USAGE, "%s: cannot read, or longer than "
		    "%d bytes", path, TARGET_MAX);
	if (t) {
		n = strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789/._-");
		if (t[0] != '/' || t[n] != '\0') {
			lava_warnat(path, 1, 0, "not an absolute path of "
			    "[A-Za-z0-9/._-]");
			exit(LAVA_EXIT_USAGE);
		}
		while (n > 0 && t[n - 1] == '/')
			t[--n] = '\0';
		memcpy(target, t, n + 1);
		free(t);
	}
	free(path);
}

static void
load_runs(void)
{
	char *path = lava_xasprintf("%s/runs", jobdir), *idp;
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
		id = lava_firstline(idp, 255);
		free(idp);
		if (!id)
			continue;
		if (nruns == RUNS_MAX)
			lava_diex(LAVA_EXIT_USAGE, "%s: more than %d runs",
			    path, RUNS_MAX);
		runs = lava_xrealloc(runs, (nruns + 1) * sizeof(*runs));
		runs[nruns].uuid = lava_xstrdup(d->d_name);
		runs[nruns++].id = id;
	}
	closedir(dir);
	free(path);
}

static struct run *
find_run(const char *uuid)
{
	size_t i;

	for (i = 0; i < nruns; i++)
		if (strcmp(runs[i].uuid, uuid) == 0)
			return &runs[i];
	return NULL;
}

/* Where handler name is, looked up once, or NULL with a warning. */
static const char *
which(const char *name)
{
	char *path, *also;
	size_t i;
	int noexec;

	for (i = 0; i < found.n; i++)
		if (strcmp(found.v[i].name, name) == 0)
			return found.v[i].path;
	if (found.n == FOUND_MAX) {
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
	found.v[found.n].name = lava_xstrdup(name);
	found.v[found.n].path = path;
	return found.v[found.n++].path;
}

/* Add a handler to the run, with its state dir and output file. */
static void
add_handler(const char *name, const char *params)
{
	struct handler *h = &cur.hs[cur.nhs];
	char *out;
	size_t i;

	for (i = 0; i < cur.nhs; i++)
		if (strcmp(cur.hs[i].name, name) == 0) {
			lava_warnx("run %s: handler %s named twice; called once",
			    cur.id, name);
			return;
		}
	if (cur.nhs == HANDLERS_MAX) {
		lava_warnx("run %s: more than %d handlers; %s left out",
		    cur.id, HANDLERS_MAX, name);
		return;
	}
	if (!(h->path = (char *)which(name)))
		return;
	h->dir = lava_xasprintf("%s/runs/%s/handlers", jobdir, cur.uuid);
	mkdir(h->dir, 0777);	/* a failure shows at the next mkdir */
	free(h->dir);
	h->dir = lava_xasprintf("%s/runs/%s/handlers/%s", jobdir, cur.uuid,
	    name);
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
	cur.nhs++;
}

/* The handlers of the run: its handlers.tsv, then the -H ones. */
static void
load_handlers(void)
{
	char *path = lava_xasprintf("%s/runs/%s/handlers.tsv", jobdir,
	    cur.uuid), *line = NULL, *params;
	unsigned long ln = 0;
	size_t size = 0, i;
	ssize_t n;
	FILE *f = fopen(path, "re");

	if (!f && errno != ENOENT)
		lava_warn("%s", path);

	while (f && (n = getline(&line, &size, f)) >= 0) {
		ln++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n == 0)
			continue;
		if ((size_t)n > TSV_MAX || strlen(line) != (size_t)n) {
			lava_warnat(path, ln, 0, "line too long or holds NUL");
			continue;
		}
		params = strchr(line, '\t');
		if (params)
			*params++ = '\0';
		if (!lava_name_ok(line))
			lava_warnat(path, ln, 1, "not a handler name");
		else
			add_handler(line, params);
	}
	if (f)
		fclose(f);
	free(line);
	free(path);
	for (i = 0; i < nextra; i++)
		add_handler(extra[i], "{}");
}

/* Call every handler of the run: HANDLER EVENT [ARG...]. */
static void
call(const char *time, const char *event, const char *name, char **args,
    size_t nargs)
{
	char *argv[LAVA_RECORD_MAXARGS + 4], *env[8], **envp;
	struct lava_proc p;
	struct lava_proc_end e;
	size_t i, nb, ne = 0;

	if (!cur.open || cur.nhs == 0)
		return;
	nb = 1;
	argv[nb++] = (char *)event;
	if (name)
		argv[nb++] = (char *)name;
	for (i = 0; i < nargs; i++)
		argv[nb++] = args[i];
	argv[nb] = NULL;
	env[ne++] = lava_xasprintf("LAVA_RUN_UUID=%s", cur.uuid);
	env[ne++] = lava_xasprintf("LAVA_TESTRUN_ID=%s", cur.id);
	env[ne++] = lava_xasprintf("LAVA_SIGNAL_TIME=%s", time);
	env[ne++] = lava_xasprintf("LAVA_JOB=%s", jobdir);
	for (nb = 0; envbase[nb]; nb++)
		;
	envp = lava_xcalloc(nb + ne + 3, sizeof(*envp));
	memcpy(envp, envbase, nb * sizeof(*envp));
	memcpy(envp + nb, env, ne * sizeof(*envp));
	for (i = 0; i < cur.nhs; i++) {
		struct handler *h = &cur.hs[i];

		envp[nb + ne] = lava_xasprintf("LAVA_HANDLER_PARAMS=%s",
		    h->params);
		envp[nb + ne + 1] = lava_xasprintf("LAVA_HANDLER_DIR=%s",
		    h->dir);
		argv[0] = h->path;
		memset(&p, 0, sizeof(p));
		p.path = h->path;
		p.argv = argv;
		p.envp = envp;
		p.dir = h->dir;
		p.outfd = h->outfd;
		p.label = h->name;
		p.limit = limit;
		p.grace = limit < 2 ? limit : 2;
		lava_proc_run(&p, &e);
		lava_proc_report(h->name, &e, limit);
		free(envp[nb + ne]);
		free(envp[nb + ne + 1]);
	}
	for (i = 0; i < ne; i++)
		free(env[i]);
	free(envp);
}

/* End the open run; why, if set, goes to its incomplete file. */
static void
run_close(const char *time, const char *why)
{
	char *path;
	FILE *f;
	size_t i;

	if (!cur.open)
		return;
	if (why)
		lava_warnx("run %s: %s", cur.id, why);
	call(time, "end", NULL, NULL, 0);
	if (why && cur.run) {
		path = lava_xasprintf("%s/runs/%s/incomplete", jobdir,
		    cur.uuid);
		if (!(f = fopen(path, "we")) || fprintf(f, "%s\n", why) < 0 ||
		    fclose(f) != 0)
			lava_warn("%s", path);
		free(path);
	}
	for (i = 0; i < cur.nhs; i++) {
		close(cur.hs[i].outfd);
		free(cur.hs[i].name);
		free(cur.hs[i].params);
		free(cur.hs[i].dir);
	}
	free(cur.id);
	free(cur.uuid);
	free(cur.tc);
	memset(&cur, 0, sizeof(cur));
}

static void
startrun(struct lava_record *r)
{
	if (r->nargs != 2) {
		rwarn("STARTRUN wants TESTRUN_ID UUID; ignored");
		return;
	}
	if (cur.open)
		run_close(r->time, "STARTRUN of another run before ENDRUN");
	cur.open = 1;
	memset(&tally, 0, sizeof(tally));
	snprintf(tally.id, sizeof(tally.id), "%s", r->args[0]);
	cur.uuid = lava_xstrdup(r->args[1]);
	cur.run = find_run(r->args[1]);
	if (!cur.run) {
		rwarn("STARTRUN %s: unknown run uuid %s; no handler called",
		    r->args[0], r->args[1]);
		cur.id = lava_xstrdup(r->args[0]);
		return;
	}
	cur.id = lava_xstrdup(cur.run->id);
	if (strcmp(cur.run->id, r->args[0]) != 0)
		rwarn("STARTRUN %s: run %s has id %s", r->args[0],
		    r->args[1], cur.run->id);
	load_handlers();
	call(r->time, "start", NULL, NULL, 0);
}

/* STARTTC and ENDTC, paired as the device sends them. */
static void
testcase(struct lava_record *r, int start)
{
	const char *c = r->args[0];

	if (r->nargs != 1) {
		rwarn("%s wants one CASE; ignored", r->name);
		return;
	}
	if (start) {
		if (cur.tc)
			rwarn("STARTTC %s while case %s is open", c, cur.tc);
		free(cur.tc);
		cur.tc = lava_xstrdup(c);
		call(r->time, "starttc", NULL, r->args, 1);
	} else if (!cur.tc || strcmp(cur.tc, c) != 0) {
		rwarn("ENDTC %s received but %s%s; not passed on", c,
		    cur.tc ? "expecting " : "no case is open",
		    cur.tc ? cur.tc : "");
	} else {
		call(r->time, "endtc", NULL, r->args, 1);
		free(cur.tc);
		cur.tc = NULL;
	}
}

static void
count(struct lava_record *r)
{
	size_t i;

	for (i = 0; i < r->nargs; i++) {
		const char *a = r->args[i];

		if (strncmp(a, "RESULT=", 7) != 0)
			continue;
		if (strcmp(a + 7, "pass") == 0)
			tally.pass++;
		else if (strcmp(a + 7, "fail") == 0)
			tally.fail++;
		else if (strcmp(a + 7, "skip") == 0)
			tally.skip++;
	}
}

static void
route(struct lava_record *r)
{
	const char *n = r->name;

	if (strcmp(n, "STARTRUN") == 0) {
		startrun(r);
	} else if (strcmp(n, "ENDRUN") == 0) {
		if (!cur.open) {
			rwarn("ENDRUN without STARTRUN");
			return;
		}
		if (r->nargs != 2 || strcmp(r->args[1], cur.uuid) != 0)
			rwarn("ENDRUN does not name run %s; ending it", cur.uuid);
		run_close(r->time, NULL);
	} else if (strcmp(n, "STARTTC") == 0 || strcmp(n, "ENDTC") == 0) {
		testcase(r, n[0] == 'S');
	} else if (strcmp(n, "EXIT") == 0) {
		run_close(r->time, "the test runner exited before ENDRUN");
	} else if (strcmp(n, "TIMEOUT") == 0) {
		run_close(r->time, "the time limit passed before ENDRUN");
	} else {
		if (strcmp(n, "TESTCASE") == 0)
			count(r);
		call(r->time, "signal", n, r->args, r->nargs);
	}
}

/* Type the ACK line, paced if asked; -1 on a write error. */
static int
ack(const char *token)
{
	char line[TARGET_MAX + 128];
	int n = snprintf(line, sizeof(line), "echo ok >%s/ack/%s\n", target,
	    token);

	return lava_paced_write(STDOUT_FILENO, line, (size_t)n, pace_ms);
}

static void
progress_clear(void)
{
	if (shown)
		fputs("\r\033[K", stderr);
	shown = 0;
}

static void
progress_draw(void)
{
	if (!progress)
		return;
	fprintf(stderr, "\r%s: run %s  case %.40s  pass %lu fail %lu skip %lu"
	    "\033[K", lava_prog(), tally.id[0] ? tally.id : "-",
	    cur.tc ? cur.tc : "-", tally.pass, tally.fail, tally.skip);
	shown = 1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "handler", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "pace", required_argument, NULL, 'p' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "time-limit", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct lava_record r;
	struct stat sb;
	const char *why;
	char *buf, *end;
	int c, quiet = 0, status = LAVA_EXIT_OK, bad, acklost = 0;

	lava_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "H:hp:qt:", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			if (!lava_name_ok(optarg))
				lava_diex(LAVA_EXIT_USAGE, "-H %s: not a handler "
				    "name", optarg);
			if (nextra == EXTRA_MAX)
				lava_diex(LAVA_EXIT_USAGE, "more than %d -H",
				    EXTRA_MAX);
			extra[nextra++] = optarg;
			break;
		case 'h':
			lava_usage(USAGE, 1);
		case 'p':
			errno = 0;
			pace_ms = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || pace_ms < 0 ||
			    pace_ms > 1000)
				lava_diex(LAVA_EXIT_USAGE, "-p %s: not a number "
				    "of milliseconds from 0 to 1000", optarg);
			break;
		case 'q':
			quiet = 1;
			break;
		case 't':
			errno = 0;
			limit = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(limit > 0) ||
			    limit > 86400)
				lava_diex(LAVA_EXIT_USAGE, "-t %s: not a number "
				    "of seconds from 0 to 86400", optarg);
			break;
		case 'V':
			lava_version();
		default:
			lava_usage(USAGE, 0);
		}
	}
	if (argc - optind != 1)
		lava_usage(USAGE, 0);
	if (stat(argv[optind], &sb) == -1 || !S_ISDIR(sb.st_mode))
		lava_diex(LAVA_EXIT_USAGE, "%s: not a JOB directory",
		    argv[optind]);
	if (!(jobdir = realpath(argv[optind], NULL)))
		lava_die(LAVA_EXIT_USAGE, "%s", argv[optind]);
	signal(SIGPIPE, SIG_IGN);
	load_target();
	load_runs();
	envbase = lava_env_without(ours);
	progress = !quiet && isatty(STDERR_FILENO);
	buf = lava_xmalloc(REC_MAX + 1);
	while ((bad = lava_getrec(stdin, buf, REC_MAX + 1)) != -1) {
		recno++;
		progress_clear();
		if (bad) {
			rwarn("longer than %d bytes or holds a NUL byte; "
			    "skipped", REC_MAX);
		} else if (lava_controls(buf)) {
			rwarn("not a record: a control byte in a field; skipped");
		} else if (lava_record_parse(buf, &r, &why) == -1) {
			rwarn("not a record: %s; skipped", why);
		} else {
			route(&r);
			if (r.token && !r.token_ok) {
				rwarn("%s: bad ACK token; no ACK typed", r.name);
			} else if (r.token && !acklost && ack(r.token) == -1) {
				/*
				 * The device's console is gone, but the records
				 * already read still carry what the device did:
				 * keep routing them, typing nothing more.
				 */
				lava_warn("write error on stdout; no more ACKs typed");
				status = LAVA_EXIT_FAIL;
				acklost = 1;
			}
		}
		progress_draw();
	}
	if (ferror(stdin)) {
		lava_warn("read error on stdin");
		status = LAVA_EXIT_FAIL;
	}
	if (cur.open) {
		char now[64];
		struct timespec ts;

		progress_clear();
		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(now, sizeof(now), "%ld.%06ld", (long)ts.tv_sec,
		    ts.tv_nsec / 1000);
		run_close(now, "input ended before ENDRUN");
		progress_draw();
	}
	if (shown)
		fputc('\n', stderr);
	free(buf);
	return status;
}
