/* lava-sigroute - call the handlers of each signal, then acknowledge it */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "file.h"
#include "names.h"
#include "record.h"
#include "route.h"

static const char USAGE[] = "[-q] [-H NAME] [-p MS] [-t SECONDS] JOB";

#define REC_MAX (64 * 1024)	/* longest record line */
#define EXTRA_MAX 16		/* most -H handlers */

static char target[LAVA_NAME_TARGETMAX + 1] = "/lava";
static char *extra[EXTRA_MAX];
static size_t nextra;
static double limit = 30;
static long pace_ms;
static int progress, shown;
static struct lava_router *router;

/* The target dir the ACK lines write to: JOB/target-dir, as lava-tdload wrote it. */
static void
load_target(const char *jobdir)
{
	char *path = lava_xasprintf("%s/target-dir", jobdir), *t;
	size_t n;

	t = lava_file_line(path, LAVA_NAME_TARGETMAX);
	if (!t && errno != ENOENT)
		lava_diex(LAVA_EXIT_USAGE, "%s: cannot read, or longer than "
		    "%d bytes", path, LAVA_NAME_TARGETMAX);
	if (t) {
		if (!lava_name_target_ok(t)) {
			lava_warnat(path, 1, 0, "not an absolute path of "
			    "[A-Za-z0-9/._-] without a '..' component");
			exit(LAVA_EXIT_USAGE);
		}
		n = strlen(t);
		while (n > 0 && t[n - 1] == '/')
			t[--n] = '\0';
		memcpy(target, t, n + 1);
		free(t);
	}
	free(path);
}

/*
 * Type the ACK line, paced if asked; -1 on a write error. An answer (words
 * lava_answer_word_ok() passed) travels in single quotes, through printf:
 * some shells' echo reads backslashes.
 */
static int
ack(const char *token, const char *answer)
{
	char line[LAVA_NAME_TARGETMAX + LAVA_ROUTE_ANSWERMAX + 128];
	int n;

	if (*answer)
		n = snprintf(line, sizeof(line), "printf '%%s\\n' 'ok %s' "
		    ">%s/ack/%s\n", answer, target, token);
	else
		n = snprintf(line, sizeof(line), "echo ok >%s/ack/%s\n",
		    target, token);

	return lava_fd_write_paced(STDOUT_FILENO, line, (size_t)n, pace_ms);
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
	struct lava_route_tally t;

	if (!progress)
		return;
	lava_route_tally(router, &t);
	fprintf(stderr, "\r%s: run %s  case %.40s  pass %lu fail %lu skip %lu"
	    "\033[K", lava_prog(), t.run ? t.run : "-", t.tc ? t.tc : "-",
	    t.pass, t.fail, t.skip);
	shown = 1;
}

/* Read records from stdin, route each, type its ACK; the exit status. */
static int
route_input(void)
{
	struct lava_record r;
	unsigned long recno = 0;
	const char *why;
	char *buf = lava_xmalloc(REC_MAX + 1), now[64];
	int status = LAVA_EXIT_OK, seen, acklost = 0;

	while (lava_file_getline(stdin, buf, REC_MAX, &seen) != -1) {
		recno++;
		progress_clear();
		if (seen) {
			lava_warnat("stdin", recno, 0, "longer than %d bytes or "
			    "holds a NUL byte; skipped", REC_MAX);
		} else if (lava_record_controls(buf)) {
			lava_warnat("stdin", recno, 0, "not a record: a control "
			    "byte in a field; skipped");
		} else if (lava_record_parse(buf, &r, &why) == -1) {
			lava_warnat("stdin", recno, 0, "not a record: %s; "
			    "skipped", why);
		} else {
			lava_route(router, &r, recno);
			if (r.token && !r.token_ok) {
				lava_warnat("stdin", recno, 0, "%s: bad ACK "
				    "token; no ACK typed", r.name);
			} else if (r.token && !acklost && ack(r.token, lava_route_answer(router)) == -1) {
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
	if (lava_route_open(router)) {
		progress_clear();
		lava_record_now(now, sizeof(now));
		lava_route_end(router, now, "input ended before ENDRUN");
		progress_draw();
	}
	if (shown)
		fputc('\n', stderr);
	free(buf);
	if (lava_route_failed(router))
		status = LAVA_EXIT_FAIL;
	return status;
}

/* Read the options into the globals; the index of JOB in argv. */
static int
options(int argc, char *argv[])
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
	char *end;
	int c, quiet = 0;

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
	progress = !quiet && isatty(STDERR_FILENO);
	return optind;
}

int
main(int argc, char *argv[])
{
	struct stat sb;
	char *job, *jobdir;

	lava_setprog(argv[0]);
	job = argv[options(argc, argv)];
	if (stat(job, &sb) == -1 || !S_ISDIR(sb.st_mode))
		lava_diex(LAVA_EXIT_USAGE, "%s: not a JOB directory", job);
	if (!(jobdir = realpath(job, NULL)))
		lava_die(LAVA_EXIT_USAGE, "%s", job);
	signal(SIGPIPE, SIG_IGN);
	load_target(jobdir);
	router = lava_route_new(jobdir, limit, extra, nextra);
	return route_input();
}
