/* lava-sigscan - turn the signals on a device console into records */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actlimit.h"
#include "err.h"
#include "file.h"
#include "kreport.h"
#include "lines.h"
#include "mem.h"
#include "monitor.h"
#include "proc.h"
#include "record.h"
#include "scan.h"

static const char USAGE[] = "[-K] [-a LIMITS] [-g SECONDS] [-l LOGFILE] [-m MONITORS] [-N NONCE] [-t SECONDS]";

#define BUFSZ (512 * 1024)	/* one read(2), and the pipe's size asked for */
#define TMAX 31536000.0		/* longest time limit: a year */

#define OUTSZ (64 * 1024)	/* records of one read, written together */

static char buf[BUFSZ + 1];
static char obuf[OUTSZ];
static size_t olen;
static int logfd = -1;
static const char *logname;
static int logfailed;		/* the log could not take it all: exit 1 */

/*
 * Records of whole lines (kernel reports) wait in side[] until the
 * scanner writes a record of a later line, or the read is done, so that
 * the records stay in the order of the console.
 */
static struct side {
	unsigned long line;	/* the line that completed it */
	char *rec;
	size_t n;
} *side;
static size_t nside, capside;
static unsigned long curline;	/* the line being handed to the finders */
static unsigned long stopline;	/* a finder ended the scan at this line */
static const char *stopname;	/* ... with this record: PANIC */
static struct lava_kreport *kr;
static struct lava_monitors *mon;
static int monexit;		/* the last monitor ended the scan */
static struct lava_lines *lines;
static struct lava_actlimits *acts;	/* -a: the test actions' limits */

/* Write the records held; -1 on a write error. */
static int
flush(void)
{
	size_t n = olen;

	olen = 0;
	if (n > 0 && lava_fd_write(STDOUT_FILENO, obuf, n) < 0) {
		lava_warn("write error on stdout");
		return -1;
	}
	return 0;
}

/* Add a record to those written with the next flush(). */
static int
put(const char *rec, size_t n)
{
	if (olen + n > sizeof(obuf) && flush() < 0)
		return -1;
	if (n > sizeof(obuf)) {
		if (lava_fd_write(STDOUT_FILENO, rec, n) < 0) {
			lava_warn("write error on stdout");
			return -1;
		}
		return 0;
	}
	memcpy(obuf + olen, rec, n);
	olen += n;
	return 0;
}

/* Put the side records completed up to line upto (and drop the rest if drop). */
static int
put_side(unsigned long upto, int drop)
{
	size_t i, k = 0;
	int r = 0;

	for (i = 0; i < nside; i++) {
		if (side[i].line <= upto) {
			if (r == 0 && put(side[i].rec, side[i].n) < 0)
				r = -1;
			free(side[i].rec);
		} else if (drop)
			free(side[i].rec);
		else
			side[k++] = side[i];
	}
	nside = k;
	return r;
}

/*
 * Records are held whole, and written with the others of the same read
 * before the next one: a device waiting for its ACK waits for no buffer.
 */
static int
out(void *arg, const char *rec, size_t n)
{
	const char *t;
	unsigned long line;

	(void)arg;
	if (acts)
		lava_actlimits_record(acts, rec, n, lava_proc_now());
	/* The record's LINE matters only beside a finder's records. */
	if (nside == 0 && stopline == 0)
		return put(rec, n);
	t = memchr(rec, '\t', n);
	line = t ? strtoul(t + 1, NULL, 10) : 0;
	if (stopline && line > stopline)
		return 0;
	if (nside > 0 && put_side(line, 0) < 0)
		return -1;
	return put(rec, n);
}

/* A record of a finder of whole lines: held in side[]. */
static int
side_out(void *arg, const char *rec, size_t n)
{
	(void)arg;
	if (nside == capside) {
		capside = capside ? 2 * capside : 16;
		side = lava_xrealloc(side, capside * sizeof(*side));
	}
	side[nside].line = curline;
	side[nside].rec = lava_xstrndup(rec, n);
	side[nside].n = n;
	nside++;
	return 0;
}

/* One whole console line, for the kernel report finder. */
static void
online(void *arg, unsigned long no, const char *p, size_t n, int cut)
{
	(void)arg;
	(void)cut;
	if (stopline)
		return;
	curline = no;
	if (kr && lava_kreport_line(kr, no, p, n) == 1) {
		stopline = no;
		stopname = "PANIC";
	} else if (mon && lava_monitors_line(mon, no, p, n) == 1) {
		stopline = no;
		stopname = "EXIT";
		monexit = 1;
	}
	/* Without monitors, only a report under way needs every line. */
	if (kr && !mon)
		lava_lines_filter(lines, lava_kreport_firsts(kr));
}

/* Wait for input until end; 0 once it has passed. */
static int
wait_input(double end)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	double left;
	int r;

	for (;;) {
		left = end - lava_proc_now();
		if (left <= 0)
			return 0;
		/* At most a minute a wait: a limit of a year in ms is no int. */
		r = poll(&pfd, 1, left > 60 ? 60000 : (int)(left * 1000) + 1);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			lava_die(LAVA_EXIT_FAIL, "poll");
	}
}

/* Write the end record "TIME LINE - NAME". */
static int
endrec(const char *name, unsigned long line)
{
	char t[40], rec[128];
	int k;

	lava_record_now(t, sizeof(t));
	k = snprintf(rec, sizeof(rec), "%s\t%lu\t-\t%s\n", t, line, name);
	return put(rec, (size_t)k);
}

/* Set the time of the records that follow. */
static void
settime(struct lava_scan *s)
{
	char t[40];

	lava_record_now(t, sizeof(t));
	lava_scan_time(s, t);
	if (kr)
		lava_kreport_time(kr, t, lava_proc_now());
	if (mon)
		lava_monitors_time(mon, t, lava_proc_now());
}

/*
 * The end of the scan: at the end of input (how 0), at the runner's end
 * marker (EXIT, written by the scanner), at a time limit (TIMEOUT), or
 * after a kernel panic (PANIC).
 */
static int
finish(struct lava_scan *s, const char *how)
{
	int r = 0, status = LAVA_EXIT_OK;

	settime(s);
	if (how == NULL || strcmp(how, "EXIT") != 0) {
		if (how == NULL) {
			lava_lines_end(lines);
			curline = lava_lines_no(lines);
			how = stopname;
		}
		if (kr && !stopline && lava_kreport_close(kr) == 1)
			how = "PANIC";
		if (lava_scan_end(s) < 0)
			r = -1;
	}
	if (put_side(how && strcmp(how, "EXIT") == 0 ? stopline : ULONG_MAX,
	    1) < 0)
		r = -1;
	if (how && strcmp(how, "EXIT") == 0 && monexit) {
		if (r == 0 && endrec(how, stopline) < 0)
			r = -1;
	} else if (how && strcmp(how, "PANIC") == 0) {
		lava_warnx("the kernel panicked at console line %lu",
		    lava_kreport_panic(kr));
		if (r == 0 && endrec(how, lava_kreport_panic(kr)) < 0)
			r = -1;
		status = LAVA_EXIT_FAIL;
	} else if (how && strcmp(how, "TIMEOUT") == 0) {
		lava_warnx("the time limit passed at console line %lu",
		    lava_scan_line(s));
		if (r == 0 && endrec(how, lava_scan_line(s)) < 0)
			r = -1;
		status = LAVA_EXIT_FAIL;
	}
	if (r == 0 && flush() < 0)
		r = -1;
	if (logfd >= 0 && close(logfd) < 0)
		lava_die(LAVA_EXIT_FAIL, "%s", logname);
	lava_scan_free(s);
	lava_lines_free(lines);
	if (kr)
		lava_kreport_free(kr);
	lava_monitors_free(mon);
	lava_actlimits_free(acts);
	free(side);
	return r < 0 || logfailed ? LAVA_EXIT_FAIL : status;
}

/* A number of seconds from 0 to TMAX for option opt, or exit 2. */
static double
seconds(int opt, const char *arg)
{
	char *p;
	double v;

	errno = 0;
	v = strtod(arg, &p);
	if (errno || p == arg || *p != '\0' || !(v >= 0 && v <= TMAX))
		lava_diex(LAVA_EXIT_USAGE, "-%c %s: not a number of seconds "
		    "from 0 to %.0f", opt, arg, TMAX);
	return v;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "action-limits", required_argument, NULL, 'a' },
		{ "grace", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "log", required_argument, NULL, 'l' },
		{ "monitors", required_argument, NULL, 'm' },
		{ "no-kernel", no_argument, NULL, 'K' },
		{ "nonce", required_argument, NULL, 'N' },
		{ "timeout", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct lava_scan *s;
	double limit = 0, end = 0, grace = 5, next, kd, md, ad, secs;
	ssize_t n;
	const char *monname = NULL, *nonce = NULL;
	int c, r, kernel = 1;

	lava_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "a:Kg:hl:m:N:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			acts = lava_actlimits_load(optarg);
			break;
		case 'K':
			kernel = 0;
			break;
		case 'g':
			grace = seconds(c, optarg);
			break;
		case 'h':
			lava_usage(USAGE, 1);
		case 'l':
			logname = optarg;
			break;
		case 'm':
			monname = optarg;
			break;
		case 'N':
			nonce = optarg;
			break;
		case 't':
			limit = seconds(c, optarg);
			break;
		case 'V':
			lava_version();
		default:
			lava_usage(USAGE, 0);
		}
	}
	if (optind != argc)
		lava_usage(USAGE, 0);
	signal(SIGPIPE, SIG_IGN);
#ifdef F_SETPIPE_SZ
	/* A console through a pipe: fewer, larger reads (best effort). */
	if ((r = fcntl(STDIN_FILENO, F_GETPIPE_SZ)) > 0 && r < BUFSZ)
		(void)fcntl(STDIN_FILENO, F_SETPIPE_SZ, BUFSZ);
#endif
	if (logname && (logfd = open(logname, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0666)) < 0)
		lava_die(LAVA_EXIT_FAIL, "%s", logname);
	s = lava_scan_new(out, NULL);
	if (nonce && lava_scan_nonce(s, nonce) < 0)
		lava_diex(LAVA_EXIT_USAGE, "-N %.80s: not a nonce "
		    "([A-Za-z0-9._-], 1 to 64 bytes)", nonce);
	lines = lava_lines_new(online, NULL);
	if (kernel) {
		kr = lava_kreport_new(side_out, NULL);
		lava_kreport_grace(kr, grace);
	}
	if (monname)
		mon = lava_monitors_load(monname, side_out, NULL);
	if (kr && !mon)
		lava_lines_filter(lines, lava_kreport_firsts(kr));
	/* Line starts come from the scanner: no second pass over the bytes. */
	if (kr || mon)
		lava_scan_lines(s, lava_lines_at, lines);
	if (limit > 0)
		end = lava_proc_now() + limit;
	settime(s);
	for (;;) {
		kd = kr ? lava_kreport_deadline(kr) : 0;
		next = end;
		if (kd > 0 && (next == 0 || kd < next))
			next = kd;
		md = mon ? lava_monitors_deadline(mon) : 0;
		if (md > 0 && (next == 0 || md < next))
			next = md;
		ad = lava_actlimits_deadline(acts);
		if (ad > 0 && (next == 0 || ad < next))
			next = ad;
		if (next > 0 && !wait_input(next)) {
			if (ad > 0 && lava_proc_now() >= ad &&
			    (end == 0 || ad < end)) {
				long a = lava_actlimits_action(acts, &secs);

				lava_warnx("actions[%ld]: the test action's time limit of "
				    "%g seconds passed", a, secs);
			}
			if ((end > 0 && lava_proc_now() >= end) ||
			    (md > 0 && lava_proc_now() >= md) ||
			    (ad > 0 && lava_proc_now() >= ad))
				return finish(s, "TIMEOUT");
			/* A report that went quiet is complete; a panic ends it all. */
			settime(s);
			curline = lava_lines_no(lines);
			r = kr ? lava_kreport_close(kr) : 0;
			if (r == 1)
				return finish(s, "PANIC");
			if (kr && !mon)
				lava_lines_filter(lines, lava_kreport_firsts(kr));
			if (r < 0 || put_side(ULONG_MAX, 0) < 0 || flush() < 0) {
				lava_scan_free(s);
				return LAVA_EXIT_FAIL;
			}
			continue;
		}
		n = read(STDIN_FILENO, buf, BUFSZ);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			lava_die(LAVA_EXIT_FAIL, "read error on stdin");
		if (n == 0)
			return finish(s, NULL);
		/* The log gets every byte read, the marker's read included.
		 * A full disk ends the log, never the scan: the device
		 * still gets its ACKs. */
		if (logfd >= 0 && lava_fd_write(logfd, buf, (size_t)n) < 0) {
			lava_warnx("%s: %s; the log stops here, the scan goes "
			    "on", logname, strerror(errno));
			close(logfd);
			logfd = -1;
			logfailed = 1;
		}
		settime(s);
		buf[n] = '\0';
		if (kr || mon)
			lava_lines_resume(lines, buf, (size_t)n);
		r = lava_scan_feed(s, buf, (size_t)n);
		if (r == 1)
			stopline = lava_scan_line(s);
		if (r >= 0 && (put_side(stopname && r != 1 ? ULONG_MAX :
		    stopline ? stopline : ULONG_MAX, r == 1) < 0 || flush() < 0))
			r = -1;
		if (r < 0) {
			lava_scan_free(s);
			return LAVA_EXIT_FAIL;
		}
		if (r == 1)
			return finish(s, "EXIT");
		if (stopname)
			return finish(s, stopname);
	}
}
