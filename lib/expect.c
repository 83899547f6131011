/* expect.c - a console seen through: bytes passed on, patterns waited for, text typed */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "expect.h"
#include "file.h"
#include "proc.h"

void
lava_exp_init(struct lava_exp *e, int in, int out, int typed, int acks,
    unsigned delay_ms)
{
	memset(e, 0, sizeof(*e));
	e->in = in;
	e->out = out;
	e->typed = typed;
	e->acks = acks;
	e->delay_ms = delay_ms;
	e->acks_eof = acks < 0;
}

int
lava_exp_type(struct lava_exp *e, const char *s, int nl)
{
	/* A delay of 1000 ms is a whole second: tv_nsec must stay below 1e9. */
	size_t i, n = strlen(s);

	if (e->typed < 0)
		return -1;
	/* Without a delay, the line goes in one write. */
	if (e->delay_ms == 0)
		return lava_fd_write(e->typed, s, n) < 0 ||
		    (nl && lava_fd_write(e->typed, "\n", 1) < 0) ? -1 : 0;
	for (i = 0; i < n + (nl != 0); i++) {
		if (lava_fd_write(e->typed, i < n ? &s[i] : "\n", 1) < 0)
			return -1;
		/* Each byte its whole delay, whatever a signal cut short. */
		lava_proc_sleep(e->delay_ms);
	}
	return 0;
}

/* The console lines of p[0..n), counted as lava-sigscan(1) counts them. */
static void
count(struct lava_exp *e, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\r') {
			if (!e->cr)
				e->line++;
			e->cr = 1;
		} else {
			if (p[i] == '\n' && !e->cr)
				e->line++;
			e->cr = 0;
		}
	}
}

static void
console(struct lava_exp *e, const char *p, size_t n)
{
	if (!e->out_err && lava_fd_write(e->out, p, n) < 0)
		e->out_err = 1;
	count(e, p, n);
	if (n >= LAVA_EXP_WINDOW) {
		p += n - LAVA_EXP_WINDOW;
		n = LAVA_EXP_WINDOW;
		e->nwin = 0;
	} else if (e->nwin + n > LAVA_EXP_WINDOW) {
		size_t drop = e->nwin + n - LAVA_EXP_WINDOW;

		memmove(e->win, e->win + drop, e->nwin - drop);
		e->nwin -= drop;
	}
	memcpy(e->win + e->nwin, p, n);
	e->nwin += n;
	e->win[e->nwin] = '\0';
}

/* Type each whole ACK line of p[0..n); a line too long is dropped. */
static void
acks(struct lava_exp *e, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != '\n') {
			if (e->nack < sizeof(e->ack) - 1)
				e->ack[e->nack] = p[i];
			e->nack++;
			continue;
		}
		if (e->nack < sizeof(e->ack) - 1) {
			e->ack[e->nack] = '\0';
			lava_exp_type(e, e->ack, 1);
		}
		e->nack = 0;
	}
}

/* Read what comes until the monotonic time end: 0, -1 at it, -2 at the
 * console's end. */
static int
pump(struct lava_exp *e, double end)
{
	static char buf[64 << 10];
	struct pollfd p[2];
	nfds_t np = 0;
	int ms = -1, r, capped = 0;
	ssize_t n;

	if (e->in_eof)
		return -2;
	p[np++] = (struct pollfd){ .fd = e->in, .events = POLLIN };
	if (!e->acks_eof)
		p[np++] = (struct pollfd){ .fd = e->acks, .events = POLLIN };
	if (end > 0) {
		double left = end - lava_proc_now();

		if (left <= 0)
			return -1;
		/* At most a minute a wait: a limit of a year in ms is no int. */
		capped = left > 60;
		ms = capped ? 60000 : (int)(left * 1000) + 1;
	}
	if ((r = poll(p, np, ms)) < 0)
		return errno == EINTR ? 0 : -2;
	if (r == 0)
		return capped ? 0 : -1;
	if (np > 1 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
		n = read(e->acks, buf, sizeof(buf));
		if (n > 0)
			acks(e, buf, (size_t)n);
		else if (n == 0 || errno != EINTR)
			e->acks_eof = 1;
	}
	if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
		n = read(e->in, buf, sizeof(buf));
		if (n > 0)
			console(e, buf, (size_t)n);
		else if (n == 0 || errno != EINTR) {
			e->in_eof = 1;
			return -2;
		}
	}
	return 0;
}

void
lava_exp_forget(struct lava_exp *e)
{
	e->nwin = 0;
	e->win[0] = '\0';
}

int
lava_exp_wait(struct lava_exp *e, pcre2_code *const *re, size_t n,
    double end, pcre2_match_data *md)
{
	PCRE2_SIZE *ov, best = 0, bend = 0;
	size_t i;
	int which, r;

	for (;;) {
		which = -1;
		for (i = 0; i < n; i++) {
			if (pcre2_match(re[i], (PCRE2_SPTR)e->win, e->nwin, 0,
			    0, md, NULL) < 0)
				continue;
			ov = pcre2_get_ovector_pointer(md);
			/* As pexpect: the match that starts first wins. */
			if (which < 0 || ov[0] < best) {
				which = (int)i;
				best = ov[0];
				bend = ov[1];
			}
		}
		if (which >= 0) {
			/* The match data holds the winner's groups. */
			pcre2_match(re[which], (PCRE2_SPTR)e->win, e->nwin, 0,
			    0, md, NULL);
			memmove(e->win, e->win + bend, e->nwin - bend);
			e->nwin -= bend;
			e->win[e->nwin] = '\0';
			return which;
		}
		/* The reader of the console is gone: so is the job. */
		if (e->out_err)
			return -2;
		if ((r = pump(e, end)) < 0)
			return r;
	}
}

void
lava_exp_drain(struct lava_exp *e)
{
	while (pump(e, 0) != -2) {
		lava_exp_forget(e);
		if (e->acks_eof && e->typed >= 0) {
			close(e->typed);
			e->typed = -1;
		}
	}
}

pcre2_code *
lava_exp_re(const char *pat, char *msg, size_t msgsz)
{
	pcre2_code *re;
	PCRE2_SIZE off;
	int err;

	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, 0, &err,
	    &off, NULL);
	if (re == NULL) {
		PCRE2_UCHAR m[256];

		pcre2_get_error_message(err, m, sizeof(m));
		snprintf(
		    msg, msgsz, "%s at offset %zu", (char *)m, (size_t)off);
	}
	return re;
}

pcre2_code *
lava_exp_lit(const char *s)
{
	PCRE2_SIZE off;
	int err;

	return pcre2_compile((PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED,
	    PCRE2_LITERAL, &err, &off, NULL);
}
