/* lava-sigscan - turn the signals on a device console into records */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "file.h"
#include "proc.h"
#include "record.h"
#include "scan.h"

static const char USAGE[] = "[-l LOGFILE] [-t SECONDS]";

#define BUFSZ (512 * 1024)	/* one read(2), and the pipe's size asked for */
#define TMAX 31536000.0		/* longest time limit: a year */

#define OUTSZ (64 * 1024)	/* records of one read, written together */

static char buf[BUFSZ + 1];
static char obuf[OUTSZ];
static size_t olen;
static int logfd = -1;
static const char *logname;
static int logfailed;		/* the log could not take it all: exit 1 */

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

/*
 * Records are held whole, and written with the others of the same read
 * before the next one: a device waiting for its ACK waits for no buffer.
 */
static int
out(void *arg, const char *rec, size_t n)
{
	(void)arg;
	if (olen + n > sizeof(obuf) && flush() < 0)
		return -1;
	memcpy(obuf + olen, rec, n);
	olen += n;
	return 0;
}

/* Wait for input until the time limit; 0 once it has passed. */
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
		r = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			lava_die(LAVA_EXIT_FAIL, "poll");
	}
}

/* End of input, the end marker (done) or the time limit (timeout). */
static int
finish(struct lava_scan *s, int done, int timeout)
{
	char t[40], rec[128];
	int k;

	if (!done && (lava_scan_end(s) < 0 || flush() < 0)) {
		lava_scan_free(s);
		return LAVA_EXIT_FAIL;
	}
	if (timeout) {
		lava_warnx("the time limit passed at console line %lu",
		    lava_scan_line(s));
		lava_record_now(t, sizeof(t));
		k = snprintf(rec, sizeof(rec), "%s\t%lu\t-\tTIMEOUT\n", t,
		    lava_scan_line(s));
		if (out(NULL, rec, (size_t)k) < 0 || flush() < 0) {
			lava_scan_free(s);
			return LAVA_EXIT_FAIL;
		}
	}
	if (logfd >= 0 && close(logfd) < 0)
		lava_die(LAVA_EXIT_FAIL, "%s", logname);
	lava_scan_free(s);
	return timeout || logfailed ? LAVA_EXIT_FAIL : LAVA_EXIT_OK;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "log", required_argument, NULL, 'l' },
		{ "timeout", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct lava_scan *s;
	double limit = 0, end = 0;
	char *p, t[40];
	ssize_t n;
	int c, r;

	lava_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "hl:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			lava_usage(USAGE, 1);
		case 'l':
			logname = optarg;
			break;
		case 't':
			errno = 0;
			limit = strtod(optarg, &p);
			if (errno || p == optarg || *p != '\0' ||
			    !(limit >= 0 && limit <= TMAX))
				lava_diex(LAVA_EXIT_USAGE, "-t %s: not a number "
				    "of seconds from 0 to %.0f", optarg, TMAX);
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
	if (limit > 0)
		end = lava_proc_now() + limit;
	for (;;) {
		if (limit > 0 && !wait_input(end))
			return finish(s, 0, 1);
		n = read(STDIN_FILENO, buf, BUFSZ);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			lava_die(LAVA_EXIT_FAIL, "read error on stdin");
		if (n == 0)
			return finish(s, 0, 0);
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
		lava_record_now(t, sizeof(t));
		lava_scan_time(s, t);
		buf[n] = '\0';
		r = lava_scan_feed(s, buf, (size_t)n);
		if (r >= 0 && flush() < 0)
			r = -1;
		if (r < 0) {
			lava_scan_free(s);
			return LAVA_EXIT_FAIL;
		}
		if (r == 1)
			return finish(s, 1, 0);
	}
}
