/* unit-scan.c - lib/scan.c fed in pieces cut anywhere; bytes dripped into a pipe */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "scan.h"

#define INMAX (1024 * 1024)	/* largest input taken */

struct acc {
	char *b;
	size_t n, sz;
};

static int
collect(void *arg, const char *rec, size_t n)
{
	struct acc *a = arg;

	if (a->n + n > a->sz) {
		a->sz = (a->n + n) * 2;
		a->b = lava_xrealloc(a->b, a->sz);
	}
	memcpy(a->b + a->n, rec, n);
	a->n += n;
	return 0;
}

/* The records of in[0..n) fed in pieces cut at cuts[0..ncuts). */
static void
scan(struct acc *a, const char *in, size_t n, const size_t *cuts, size_t ncuts)
{
	struct lava_scan *s = lava_scan_new(collect, a);
	size_t from = 0, i, to;

	a->n = 0;
	for (i = 0; i <= ncuts; i++) {
		to = i < ncuts ? cuts[i] : n;
		if (to > from && lava_scan_feed(s, in + from, to - from) != 0)
			break;
		from = to;
	}
	if (from == n)
		lava_scan_end(s);
	lava_scan_free(s);
}

static char *
slurp(size_t *n)
{
	char *in = lava_xmalloc(INMAX);
	ssize_t r;

	*n = 0;
	while ((r = read(STDIN_FILENO, in + *n, INMAX - *n)) > 0)
		*n += (size_t)r;
	if (r < 0)
		lava_die(1, "read");
	return in;
}

/* Feed stdin whole, cut once at every position, and a byte at a time. */
static int
split(void)
{
	struct acc whole = { 0 }, part = { 0 };
	size_t n, k, *cuts;
	char *in = slurp(&n);
	int bad = 0;

	scan(&whole, in, n, NULL, 0);
	for (k = 1; k < n && !bad; k++) {
		scan(&part, in, n, &k, 1);
		if (part.n != whole.n || memcmp(part.b, whole.b, whole.n) != 0) {
			lava_warnx("records differ when cut at byte %zu", k);
			bad = 1;
		}
	}
	cuts = lava_xcalloc(n ? n : 1, sizeof(*cuts));
	for (k = 0; k + 1 < n; k++)
		cuts[k] = k + 1;
	scan(&part, in, n, cuts, n ? n - 1 : 0);
	if (part.n != whole.n || memcmp(part.b, whole.b, whole.n) != 0) {
		lava_warnx("records differ when fed a byte at a time");
		bad = 1;
	}
	fwrite(whole.b, 1, whole.n, stdout);
	free(in);
	free(cuts);
	free(whole.b);
	free(part.b);
	return bad || lava_close_stdout();
}

/* Copy stdin to stdout a byte per write, usec microseconds apart. */
static int
drip(long usec)
{
	struct timespec ts = { usec / 1000000, (usec % 1000000) * 1000 };
	char c;
	ssize_t r;

	while ((r = read(STDIN_FILENO, &c, 1)) == 1) {
		if (write(STDOUT_FILENO, &c, 1) != 1)
			lava_die(1, "write");
		nanosleep(&ts, NULL);
	}
	if (r < 0)
		lava_die(1, "read");
	return 0;
}

int
main(int argc, char *argv[])
{
	lava_setprog(argv[0]);
	if (argc == 2 && strcmp(argv[1], "split") == 0)
		return split();
	if (argc == 3 && strcmp(argv[1], "drip") == 0)
		return drip(atol(argv[2]));
	fprintf(stderr, "usage: unit-scan split | drip USEC\n");
	return 2;
}
