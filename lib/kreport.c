/* kreport.c - kernel crash and warning reports on a console, as lava-sigscan(1) lists them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kreport.h"
#include "lines.h"
#include "mem.h"

/* How a report ends, besides the start of another one. */
enum { END_TRACE, END_EQ, END_NONE };

/* Kinds that are one crash when they follow each other (x86: BUG:, #PF:, Oops:). */
#define F_OOPS	1
#define F_CUT	2		/* "cut here": the next start line names the kind */
#define F_FATAL	4

/*
 * The start of each kind of report, after the kernel's timestamp, in the
 * order they are tried. LAVA's own list is KERNEL_MESSAGES in
 * lava_dispatcher/utils/messages.py; this one adds the lockups, hung
 * tasks, RCU stalls and UBSAN, and leaves out U-Boot's banner (the boot
 * loader is part of the console here). lava-sigscan(1) has the table.
 */
static const struct kind {
	const char *start, *kind;
	int end, flags;
} kinds[] = {
	{ "Kernel panic - not syncing", "panic", END_TRACE, F_FATAL },
	{ "------------[ cut here ]", "unknown", END_TRACE, F_CUT },
	{ "WARNING:", "warning", END_TRACE, 0 },
	{ "BUG: KASAN:", "kasan", END_EQ, 0 },
	{ "BUG: KFENCE:", "kfence", END_EQ, 0 },
	{ "BUG: KCSAN:", "kcsan", END_EQ, 0 },
	{ "BUG: soft lockup", "soft-lockup", END_NONE, 0 },
	{ "watchdog: BUG: soft lockup", "soft-lockup", END_NONE, 0 },
	{ "BUG: workqueue lockup", "workqueue-lockup", END_NONE, 0 },
	{ "watchdog: Watchdog detected hard LOCKUP", "hard-lockup", END_NONE, 0 },
	{ "NMI watchdog: Watchdog detected hard LOCKUP", "hard-lockup", END_NONE, 0 },
	{ "INFO: task ", "hung-task", END_NONE, 0 },
	{ "INFO: rcu", "rcu-stall", END_NONE, 0 },
	{ "rcu: INFO:", "rcu-stall", END_NONE, 0 },
	{ "UBSAN:", "ubsan", END_EQ, 0 },
	{ "kernel BUG at", "bug", END_TRACE, F_OOPS },
	{ "BUG:", "bug", END_TRACE, F_OOPS },
	{ "Oops:", "oops", END_TRACE, F_OOPS },
	{ "Oops -", "oops", END_TRACE, F_OOPS },
	{ "Internal error:", "oops", END_TRACE, F_OOPS },
	{ "Unable to handle kernel", "oops", END_TRACE, F_OOPS },
	{ "general protection fault", "oops", END_TRACE, F_OOPS },
	{ "invalid opcode:", "oops", END_TRACE, F_OOPS },
	{ "Unhandled fault", "fault", END_TRACE, F_OOPS },
};

/* First bytes of the start lines above, and of the end markers. */
static unsigned char firsts[256];
/* The first two bytes, a bit each, but '[': lava_lines_filter() looks past a timestamp itself. */
static unsigned char lfirsts[LAVA_LINES_FILTER];
/* The kinds (index + 1, in the table's order) that start with a byte. */
static unsigned char byfirst[256][8];
/* The length of each start. */
static size_t kindlen[sizeof(kinds) / sizeof(kinds[0])];

struct lava_kreport {
	lava_scan_out *out;
	void *arg;
	char time[40];
	double now, grace;
	unsigned long panic;
	/* The report under way. */
	const struct kind *k;	/* NULL: none */
	int kline;		/* its first line had a kernel timestamp */
	unsigned long first, last, lines, more;
	double deadline;
	size_t n;
	char text[LAVA_KREPORT_BYTES + 256];
};

struct lava_kreport *
lava_kreport_new(lava_scan_out *out, void *arg)
{
	struct lava_kreport *k = lava_xcalloc(1, sizeof(*k));
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		unsigned char *c = byfirst[(unsigned char)kinds[i].start[0]];
		size_t j;

		firsts[(unsigned char)kinds[i].start[0]] = 1;
		lava_lines_filter_set(lfirsts, kinds[i].start[0],
		    kinds[i].start[1]);
		kindlen[i] = strlen(kinds[i].start);
		for (j = 0; c[j] && c[j] != i + 1; j++)
			;
		c[j] = (unsigned char)(i + 1);
	}
	firsts['-'] = firsts['='] = firsts['<'] = 1;
	/* With no report under way, only a start matters, after "<4>" perhaps. */
	for (i = 0; i < 10; i++)
		lava_lines_filter_set(lfirsts, '<', '0' + (int)i);
	firsts['['] = 1;
	k->out = out;
	k->arg = arg;
	k->grace = 5;
	strcpy(k->time, "0.000000");
	return k;
}

void
lava_kreport_free(struct lava_kreport *k)
{
	free(k);
}

void
lava_kreport_grace(struct lava_kreport *k, double secs)
{
	k->grace = secs;
}

void
lava_kreport_time(struct lava_kreport *k, const char *time, double now)
{
	snprintf(k->time, sizeof(k->time), "%s", time);
	k->now = now;
}

double
lava_kreport_deadline(const struct lava_kreport *k)
{
	return k->k ? k->deadline : 0;
}

const unsigned char *
lava_kreport_firsts(const struct lava_kreport *k)
{
	return k->k ? NULL : lfirsts;
}

unsigned long
lava_kreport_panic(const struct lava_kreport *k)
{
	return k->panic;
}

/*
 * Skip what the kernel puts before its text: a "<N>" level, a
 * "[ SECONDS.MICROS]" timestamp (*ts set), a "[ T123]" caller id, spaces.
 */
static size_t
prefix(const char *p, size_t n, int *ts)
{
	size_t i = 0, j;

	*ts = 0;
	if (n >= 3 && p[0] == '<' && p[1] >= '0' && p[1] <= '9' && p[2] == '>')
		i = 3;
	while (i < n && p[i] == '[') {
		for (j = i + 1; j < n && p[j] == ' '; j++)
			;
		if (j < n && (p[j] == 'T' || p[j] == 'C'))
			j++;
		else if (j < n && p[j] >= '0' && p[j] <= '9')
			*ts = 1;
		while (j < n && ((p[j] >= '0' && p[j] <= '9') || p[j] == '.'))
			j++;
		if (j >= n || p[j] != ']')
			break;
		i = j + 1;
	}
	while (i < n && p[i] == ' ')
		i++;
	return i;
}

static int
starts(const char *p, size_t n, const char *s)
{
	size_t m = strlen(s);

	return n >= m && memcmp(p, s, m) == 0;
}

/* The kind whose start line p[0..n) is, or NULL. */
static const struct kind *
kindof(const char *p, size_t n)
{
	size_t i;

	const unsigned char *c = byfirst[(unsigned char)p[0]];

	for (i = 0; i < sizeof(byfirst[0]) && c[i]; i++)
		if (n >= kindlen[c[i] - 1] &&
		    memcmp(p, kinds[c[i] - 1].start, kindlen[c[i] - 1]) == 0)
			return &kinds[c[i] - 1];
	return NULL;
}

/* Keep line p[0..n) as part of the report under way. */
static void
add(struct lava_kreport *k, unsigned long no, const char *p, size_t n)
{
	char t[LAVA_LINES_KEEP + 8];
	size_t m = lava_lines_clean(t, sizeof(t), p, n);

	k->last = no;
	if (m == 0)
		return;
	if (k->lines >= LAVA_KREPORT_LINES ||
	    k->n + m + 1 > LAVA_KREPORT_BYTES) {
		k->more++;
		return;
	}
	k->text[k->n++] = '\t';
	memcpy(k->text + k->n, t, m);
	k->n += m;
	k->lines++;
}

/* Write the record of the report under way; returns 1 if it was a panic. */
int
lava_kreport_close(struct lava_kreport *k)
{
	char rec[LAVA_KREPORT_BYTES + 512];
	size_t n;
	int fatal;

	if (k->k == NULL)
		return 0;
	n = (size_t)snprintf(rec, sizeof(rec), "%s\t%lu\t-\tKERNEL\t%s\t%lu",
	    k->time, k->first, k->k->kind, k->last);
	memcpy(rec + n, k->text, k->n);
	n += k->n;
	if (k->more)
		n += (size_t)snprintf(rec + n, sizeof(rec) - n,
		    "\t[%lu more lines]", k->more);
	rec[n++] = '\n';
	fatal = (k->k->flags & F_FATAL) != 0;
	if (fatal)
		k->panic = k->first;
	k->k = NULL;
	k->n = 0;
	return k->out(k->arg, rec, n) < 0 ? -1 : fatal;
}

/* Start a report of kind d on line no. */
static void
open_report(struct lava_kreport *k, const struct kind *d, unsigned long no,
    int ts)
{
	k->k = d;
	k->kline = ts;
	k->first = k->last = no;
	k->lines = k->more = 0;
	k->n = 0;
	k->deadline = k->now + k->grace;
}

int
lava_kreport_line(struct lava_kreport *k, unsigned long no, const char *p,
    size_t n)
{
	const struct kind *d;
	size_t i;
	int ts, r;

	/* Most lines: no report under way, and no start in sight. */
	if (k->k == NULL && (n == 0 || !firsts[(unsigned char)p[0]]))
		return 0;
	i = prefix(p, n, &ts);
	if (k->k == NULL && (i >= n || !firsts[(unsigned char)p[i]] ||
	    p[i] == '[' || p[i] == '<'))
		return 0;
	d = i < n ? kindof(p + i, n - i) : NULL;
	if (k->k == NULL) {
		if (d)
			open_report(k, d, no, ts);
		if (d)
			add(k, no, p, n);
		return 0;
	}
	if (starts(p + i, n - i, "---[ end ") ||
	    (k->k->end == END_EQ && starts(p + i, n - i, "=========="))) {
		add(k, no, p, n);
		return lava_kreport_close(k);
	}
	if (d) {
		/* "cut here" named by the line after it; one crash in parts. */
		if ((k->k->flags & F_CUT) && !(d->flags & (F_CUT | F_FATAL))) {
			k->k = d;
			add(k, no, p, n);
			return 0;
		}
		if ((k->k->flags & F_OOPS) && (d->flags & F_OOPS)) {
			add(k, no, p, n);
			return 0;
		}
		if ((r = lava_kreport_close(k)) != 0)
			return r;
		open_report(k, d, no, ts);
		add(k, no, p, n);
		return 0;
	}
	/* A line of the device's own: the report ended before it. */
	if (k->kline && !ts && i < n)
		return lava_kreport_close(k);
	add(k, no, p, n);
	if (!(k->k->flags & F_FATAL))
		k->deadline = k->now + k->grace;
	return 0;
}
