/* bench-sigroute - round trips of records through lava-sigroute, timed */
#include <sys/types.h>
#include <sys/wait.h>

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

static const char USAGE[] = "[-n COUNT] -e PROGRAM | [-n COUNT] JOB UUID";

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Print "median p99" of v[0..n) in milliseconds. */
static void
report(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp);
	printf("%.3f %.3f\n", v[n / 2] * 1e3, v[(n * 99) / 100] * 1e3);
}

/* The cost of one fork+exec+wait of prog, n times. */
static void
spawn(const char *prog, double *v, size_t n)
{
	size_t i;
	pid_t pid;
	int st;

	for (i = 0; i < n; i++) {
		double t = now();

		if ((pid = fork()) == -1)
			lava_die(LAVA_EXIT_FAIL, "fork");
		if (pid == 0) {
			execl(prog, prog, (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			lava_diex(LAVA_EXIT_FAIL, "%s failed", prog);
		v[i] = now() - t;
	}
}

/* Read one line from fd; -1 at its end. */
static int
getack(int fd, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;

	while (n + 1 < size) {
		r = read(fd, buf + n, 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return 0;
}

/* n records through lava-sigroute JOB: a run, then STARTTC and ENDTC. */
static void
route(const char *job, const char *uuid, double *v, size_t n)
{
	int in[2], out[2], st;
	char rec[256], ack[256];
	struct timespec ts;
	size_t i;
	pid_t pid;
	int len;

	if (pipe(in) == -1 || pipe(out) == -1)
		lava_die(LAVA_EXIT_FAIL, "pipe");
	fflush(NULL);
	if ((pid = fork()) == -1)
		lava_die(LAVA_EXIT_FAIL, "fork");
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]), close(in[1]), close(out[0]), close(out[1]);
		execlp("lava-sigroute", "lava-sigroute", "-q", job,
		    (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	for (i = 0; i <= n; i++) {
		double t;

		clock_gettime(CLOCK_REALTIME, &ts);
		if (i == 0)
			len = snprintf(rec, sizeof(rec), "%ld.%06ld\t1\tb-0\t"
			    "STARTRUN\t0_bench\t%s\n", (long)ts.tv_sec,
			    ts.tv_nsec / 1000, uuid);
		else
			len = snprintf(rec, sizeof(rec), "%ld.%06ld\t%zu\tb-%zu"
			    "\t%s\tcase-%zu\n", (long)ts.tv_sec,
			    ts.tv_nsec / 1000, i + 1, i,
			    i % 2 ? "STARTTC" : "ENDTC", (i + 1) / 2);
		t = now();
		if (lava_fd_write(in[1], rec, (size_t)len) == -1 ||
		    getack(out[0], ack, sizeof(ack)) == -1)
			lava_diex(LAVA_EXIT_FAIL, "lava-sigroute stopped at "
			    "record %zu", i + 1);
		if (i > 0)
			v[i - 1] = now() - t;
	}
	len = snprintf(rec, sizeof(rec), "%ld.%06ld\t%zu\t-\tENDRUN\t0_bench\t"
	    "%s\n", (long)ts.tv_sec, ts.tv_nsec / 1000, n + 2, uuid);
	if (lava_fd_write(in[1], rec, (size_t)len) == -1)
		lava_diex(LAVA_EXIT_FAIL, "lava-sigroute stopped at the end");
	close(in[1]);
	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		lava_diex(LAVA_EXIT_FAIL, "lava-sigroute failed");
	close(out[0]);
}

int
main(int argc, char *argv[])
{
	const char *prog = NULL;
	size_t n = 10000;
	double *v;
	char *end;
	int c;

	lava_setprog(argv[0]);
	while ((c = getopt(argc, argv, "e:hn:")) != -1) {
		switch (c) {
		case 'e':
			prog = optarg;
			break;
		case 'h':
			lava_usage(USAGE, 1);
		case 'n':
			n = strtoul(optarg, &end, 10);
			if (*end || n < 1 || n > 10000000)
				lava_usage(USAGE, 0);
			break;
		default:
			lava_usage(USAGE, 0);
		}
	}
	if (prog ? argc != optind : argc - optind != 2)
		lava_usage(USAGE, 0);
	v = lava_xcalloc(n, sizeof(*v));
	if (prog)
		spawn(prog, v, n);
	else
		route(argv[optind], argv[optind + 1], v, n);
	report(v, n);
	free(v);
	return lava_close_stdout();
}
