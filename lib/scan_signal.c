/* scan_signal.c - the signals in a console's characters: "<LAVA_SIGNAL_NAME ARG...><LAVA_ACK TOKEN>" to records */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "json.h"
#include "names.h"
#include "record.h"
#include "scan_state.h"

/* The two end markers of the runner (the seed's and later LAVA's). */
static const char *const marker[] = {
	"<LAVA_TEST_RUNNER>: exiting", "<LAVA_TEST_RUNNER EXIT>"
};

/* Length of the name of candidate b, as shown in a message: 64 at most. */
static int
namelen(const char *b)
{
	size_t n = strcspn(b + SIGPFXLEN, " >");

	return n > 64 ? 64 : (int)n;
}

/* Copy p[0..n) to o, each byte of invalid UTF-8 or a C1 control as '?'. */
static size_t
clean(char *o, const unsigned char *p, size_t n)
{
	size_t i = 0, k = 0, used;

	while (i < n) {
		k += lava_utf8_text_put(o + k, p + i, n - i, &used);
		i += used;
	}
	return k;
}

static void
put(struct lava_scan *s, const char *rec, size_t n)
{
	if (!s->err && s->out(s->arg, rec, n) < 0)
		s->err = 1;
}

/* Write "TIME TAB LINE TAB" to rec; returns its length. */
static size_t
putnum(char *rec, const char *time, unsigned long line)
{
	char d[24];
	size_t k = strlen(time), m = 0;

	memcpy(rec, time, k);
	rec[k++] = '\t';
	do
		d[m++] = (char)('0' + line % 10);
	while ((line /= 10) > 0);
	while (m > 0)
		rec[k++] = d[--m];
	rec[k++] = '\t';
	return k;
}

/* Is name[0..n) the word w? */
static int
is(const char *name, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(name, w, n) == 0;
}

/*
 * Why signal d (named name[0..n)) is not of this job, or NULL if it is:
 * with a nonce given, a signal carries it, or is one a definition prints
 * itself (LAVA's and Linaro's scripts do) inside a run this job started;
 * such a plain signal's ACK token does not count.
 */
static const char *
foreign(struct lava_scan *s, const struct cand *d, const char *name,
    size_t n, int *tokok)
{
	static const char *const plain[] = { "TESTCASE", "TESTREFERENCE",
		"TESTSET", "TESTRAISE", "STARTTC", "ENDTC" };
	size_t i;

	if (s->noncelen == 0)
		return NULL;
	if (d->has_nonce) {
		if (d->noncelen != s->noncelen ||
		    memcmp(d->b + d->nonce, s->nonce, s->noncelen) != 0)
			return "with another job's nonce";
		if (is(name, n, "STARTRUN"))
			s->run_open = 1;
		else if (is(name, n, "ENDRUN") || d->run)
			s->run_open = 0;
		return NULL;
	}
	if (d->run)
		return "without this job's nonce";
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (is(name, n, plain[i]))
			break;
	if (i == sizeof(plain) / sizeof(plain[0]))
		return "without this job's nonce";
	if (!s->run_open)
		return "without this job's nonce, outside its runs";
	*tokok = 0;
	return NULL;
}

/* Say (up to FOREIGN_SAID times) that the signal on line is not of this job. */
static void
say_foreign(struct lava_scan *s, unsigned long line, const char *name,
    size_t n, const char *why)
{
	if (++s->foreign <= FOREIGN_SAID)
		lava_warnat("stdin", line, 0, "%s%.*s %s: ignored (a FOREIGN "
		    "record)", strcmp(name, "EXIT") ? "signal " : "the runner's "
		    "end marker", strcmp(name, "EXIT") ? (int)(n > 64 ? 64 : n) :
		    0, name, why);
	else if (s->foreign == FOREIGN_SAID + 1)
		lava_warnat("stdin", line, 0, "more signals not of this job: "
		    "FOREIGN records only, not said one by one");
}

/* The runner's end marker d is complete: EXIT, or FOREIGN EXIT if it is not this job's. */
static void
marker_end(struct lava_scan *s, struct cand *d)
{
	char rec[128];
	const char *why;
	int tokok = 0, k;

	if ((why = foreign(s, d, "EXIT", 4, &tokok)) != NULL)
		say_foreign(s, d->line, "EXIT", 4, why);
	k = snprintf(rec, sizeof(rec), "%s\t%lu\t-\t%sEXIT\n", s->time,
	    d->line, why ? "FOREIGN\t" : "");
	put(s, rec, (size_t)k);
	if (!why)
		s->done = 1;
}

/* Write the record of the complete signal d; tokok says if its token counts. */
void
lava_scan_emit(struct lava_scan *s, struct cand *d, int tokok)
{
	char rec[LAVA_SCAN_SIGMAX + 256];
	const unsigned char *b = (const unsigned char *)d->b, *p;
	size_t name = SIGPFXLEN, namelen = 0, i, j, k, nargs = 0;
	const char *why;
	unsigned hi;

	/* A continued signal must end its line: the device ends it there. */
	if (d->resumed && !d->whole && !s->eol && d->st != C_HELD) {
		d->st = C_HELD;
		d->held_tokok = tokok;
		return;
	}
	d->st = C_IDLE;
	if (d->quiet)
		return;
	if (d->run) {
		marker_end(s, d);
		return;
	}
	while (name + namelen < d->close && !blank(b[name + namelen]))
		namelen++;
	/* An unexpanded variable: the text of a command, not its output. */
	for (p = memchr(b + name, '$', d->close - name); p != NULL;
	    p = memchr(p + 1, '$', d->close - (size_t)(p + 1 - b))) {
		i = (size_t)(p - b);
		if (i + 1 < d->close && (b[i + 1] == '{' ||
		    b[i + 1] == '(' || b[i + 1] == '_' ||
		    (unsigned)((b[i + 1] | 0x20) - 'a') < 26))
			return;
	}
	if ((why = foreign(s, d, d->b + name, namelen, &tokok)) != NULL) {
		say_foreign(s, d->line, d->b + name, namelen, why);
		tokok = 0;
	}
	k = putnum(rec, s->time, d->line);
	if (tokok) {
		memcpy(rec + k, d->b + d->tok, d->toklen);
		k += d->toklen;
	} else
		rec[k++] = '-';
	rec[k++] = '\t';
	if (why) {
		memcpy(rec + k, "FOREIGN\t", 8);
		k += 8;
	}
	memcpy(rec + k, d->b + name, namelen);
	k += namelen;
	for (i = name + namelen; i < d->close; i = j) {
		while (i < d->close && blank(b[i]))
			i++;
		if (i == d->close)
			break;
		for (hi = 0, j = i; j < d->close && !blank(b[j]); j++)
			hi |= b[j];
		/* A FOREIGN record keeps what fits: the name took a field. */
		if (why && nargs == LAVA_RECORD_MAXARGS - 1)
			break;
		if (++nargs > LAVA_RECORD_MAXARGS) {
			lava_warnat("stdin", d->line, 0, "signal %.*s has more "
			    "than %d parameters, ignored", (int)namelen,
			    d->b + name, LAVA_RECORD_MAXARGS);
			return;
		}
		rec[k++] = '\t';
		if (hi < 0x80) {
			memcpy(rec + k, b + i, j - i);
			k += j - i;
		} else
			k += clean(rec + k, b + i, j - i);
	}
	rec[k++] = '\n';
	put(s, rec, k);
}

/* Give up on candidate d: a complete signal still gets its record. */
void
lava_scan_drop(struct lava_scan *s, struct cand *d, const char *why)
{
	if (d->st >= C_CLOSED) {
		lava_scan_emit(s, d, 0);
		return;
	}
	if (why && !d->quiet && (d->st == C_PARAMS ||
	    (d->st == C_NAME && d->n > SIGPFXLEN)))
		lava_warnat("stdin", d->line, 0, "signal %.*s %s, ignored",
		    namelen(d->b), d->b + SIGPFXLEN, why);
	d->st = C_IDLE;
}

/* The current candidate waits for the rest of it past kernel messages. */
void
lava_scan_suspend(struct lava_scan *s)
{
	if (s->pend) {
		lava_scan_drop(s, s->cur, "is cut by kernel messages twice");
		return;
	}
	s->cur->whole = s->cur->st >= C_CLOSED;
	s->pend = s->cur;
	s->cur = s->cur == &s->slot[0] ? &s->slot[1] : &s->slot[0];
	s->cur->st = C_IDLE;
}

/* A normal line starts while a fragment is held: it continues there or dies. */
void
lava_scan_resolve(struct lava_scan *s)
{
	struct cand *p = s->pend;

	s->pend = NULL;
	if (p->kernel_seen && s->cur->st == C_IDLE) {
		s->cur = p;
		p->resumed = 1;
	} else
		lava_scan_drop(s, p, "is not closed on its line");
}

/* The line so far holds an "echo " that is not the echo of the host's ACK line? */
int
lava_scan_echo_in(struct lava_scan *s, size_t from, size_t to)
{
	static const char echo[] = "echo ", ack[] = "ok >";
	size_t i;
	int c;

	/*
	 * Byte by byte, so a read may cut anywhere. An "echo " makes the
	 * line's signals text a command prints, unless what follows is
	 * "ok >": the tty's echo of the host's own ACK line, which a
	 * signal the device prints meanwhile may cut anywhere; a signal
	 * (<...>) inside it is skipped over.
	 */
	for (i = from; i < to; i++) {
		c = (unsigned char)s->raw[i];
		if (s->echo_at < 5) {
			if (c == echo[s->echo_at]) {
				/* Shell trace ("+ echo ...") is never an ACK. */
				if (s->echo_at++ == 0)
					s->echo_traced = s->echo_prev[1] == '+' ||
					    (s->echo_prev[1] == ' ' &&
					    s->echo_prev[0] == '+');
				if (s->echo_at == 5 && s->echo_traced)
					return 1;
			} else if (s->echo_at == 4 && c == '\t') {
				return 1;
			} else if ((s->echo_at = c == 'e')) {
				s->echo_traced = s->echo_prev[1] == '+' ||
				    (s->echo_prev[1] == ' ' &&
				    s->echo_prev[0] == '+');
			}
			s->echo_prev[0] = s->echo_prev[1];
			s->echo_prev[1] = (char)c;
		} else if (s->echo_angle) {
			s->echo_angle = c != '>';
		} else if (c == '<') {
			s->echo_angle = 1;
		} else if (c == ack[s->echo_at - 5]) {
			if (++s->echo_at == 9)
				s->echo_at = 0;
		} else {
			return 1;
		}
	}
	return 0;
}

void
lava_scan_idle(struct lava_scan *s, int c)
{
	struct cand *d = s->cur;

	if (c != '<')
		return;
	d->st = C_PFX;
	d->b[0] = '<';
	d->n = 1;
	d->run = d->resumed = d->kernel_seen = d->has_nonce = 0;
	d->kernel_lines = 0;
	d->line = s->line;
	if (!s->echo_seen)
		s->echo_seen = lava_scan_echo_in(s, s->echo_from, s->pos);
	s->echo_from = s->pos;
	d->quiet = s->xtrace || s->echo_seen || s->prev == '"' ||
	    s->prev == '\'' || s->prev == '\\' || s->prev == '`';
}

/* No ACK after all: the signal goes without it, its text is rescanned. */
static void
noack(struct lava_scan *s, int c)
{
	struct cand *d = s->cur;
	char b[NONCEPFXLEN + 1];
	size_t n = d->n - d->ack, i;

	memcpy(b, d->b + d->ack, n);
	lava_scan_emit(s, d, 0);
	for (i = 0; i < n; i++)
		lava_scan_char(s, (unsigned char)b[i]);
	lava_scan_char(s, c);
}

static void
badack(struct lava_scan *s, int c)
{
	struct cand *d = s->cur;

	if (!d->quiet)
		lava_warnat("stdin", d->line, 0, "signal %.*s: malformed %s, "
		    "no token", namelen(d->b), d->b + SIGPFXLEN,
		    d->sfx ? "nonce" : "ACK");
	lava_scan_emit(s, d, 0);
	if (c >= 0)
		lava_scan_idle(s, c);
}

static void
ackdone(struct lava_scan *s)
{
	struct cand *d = s->cur;
	int ok = lava_token_ok(d->b + d->tok, d->toklen);

	if (!ok && !d->quiet)
		lava_warnat("stdin", d->line, 0, "signal %.*s: bad ACK token "
		    "(not [A-Za-z0-9._-]{1,%d}), written as -",
		    namelen(d->b), d->b + SIGPFXLEN,
		    LAVA_TOKEN_MAX);
	lava_scan_emit(s, d, ok);
}

static void
mismatch(struct lava_scan *s, int c, const char *why)
{
	lava_scan_drop(s, s->cur, why);
	s->echo_from = s->pos;
	lava_scan_idle(s, c);
}

/* One character for the candidate under way. */
void
lava_scan_cand_step(struct lava_scan *s, int c)
{
	struct cand *d = s->cur;
	const char *m;

	if (d->n == sizeof(d->b)) {
		if (d->st >= C_CLOSED)
			badack(s, c);
		else
			mismatch(s, c, "is longer than 4096 bytes");
		return;
	}
	switch (d->st) {
	case C_HELD:
		if (blank(c))
			return;
		if (c == '[') {
			lava_scan_emit(s, d, d->held_tokok);
			lava_scan_idle(s, c);
			return;
		}
		d->st = C_IDLE;
		if (!d->quiet)
			lava_warnat("stdin", d->line, 0, "signal %.*s has text "
			    "after it on its continuation line, ignored",
			    namelen(d->b),
			    d->b + SIGPFXLEN);
		lava_scan_idle(s, c);
		return;
	case C_PFX:
		if (d->n == 6 && c == 'T')
			d->st = C_RUN;
		else if (c != SIGPFX[d->n]) {
			mismatch(s, c, NULL);
			return;
		}
		d->b[d->n++] = c;
		if (d->n == SIGPFXLEN)
			d->st = C_NAME;
		return;
	case C_RUN:
		if (d->n == RUNPFXLEN)
			d->run = c == '>' ? 1 : c == ' ' ? 2 : 0;
		m = marker[d->run == 2];
		if ((d->n >= RUNPFXLEN && d->run == 0) || c != m[d->n]) {
			mismatch(s, c, NULL);
			return;
		}
		d->b[d->n++] = c;
		if (d->n == strlen(m)) {
			d->st = C_IDLE;
			/* With a nonce, the marker's must follow it. */
			if (!d->quiet && s->noncelen) {
				d->close = d->n;
				d->st = C_CLOSED;
			} else if (!d->quiet)
				marker_end(s, d);
		}
		return;
	case C_NAME:
		if (namech(c)) {
			d->b[d->n++] = c;
			return;
		}
		if (d->n == SIGPFXLEN || (c != '>' && !blank(c))) {
			mismatch(s, c, NULL);
			return;
		}
		/* FALLTHROUGH */
	case C_PARAMS:
		if (c == '<') {
			mismatch(s, c, "has no closing '>'");
			return;
		}
		if (c == '>') {
			d->close = d->n;
			d->st = C_CLOSED;
		} else
			d->st = C_PARAMS;
		d->b[d->n++] = c;
		return;
	case C_CLOSED:
		if (c != '<') {
			lava_scan_emit(s, d, 0);
			lava_scan_idle(s, c);
			return;
		}
		d->ack = d->n;
		d->b[d->n++] = c;
		d->st = C_ACKPFX;
		d->sfx = 0;
		return;
	case C_ACKPFX:
		/* "<LAVA_N": the nonce, once, before any ACK. */
		if (d->n - d->ack == SFXLEN && c == 'N' && !d->has_nonce)
			d->sfx = 1;
		if (c != (d->sfx ? NONCEPFX : ACKPFX)[d->n - d->ack]) {
			noack(s, c);
			return;
		}
		d->b[d->n++] = c;
		if (d->n - d->ack == (d->sfx ? NONCEPFXLEN : ACKPFXLEN))
			d->st = C_ACKSP;
		return;
	case C_ACKSP:
		if (!blank(c) && d->n - d->ack ==
		    (d->sfx ? NONCEPFXLEN : ACKPFXLEN)) {
			noack(s, c);
			return;
		}
		if (c == '<' || c == '>') {
			badack(s, c);
			return;
		}
		if (!blank(c)) {
			d->tok = d->n;
			d->st = C_ACKTOK;
		}
		d->b[d->n++] = c;
		return;
	case C_ACKTOK:
	case C_ACKEND:
		if (c == '<' || (d->st == C_ACKEND && c != '>' && !blank(c))) {
			badack(s, c);
			return;
		}
		if (d->st == C_ACKTOK && (c == '>' || blank(c))) {
			d->toklen = d->n - d->tok;
			d->st = C_ACKEND;
		}
		if (c == '>' && d->sfx) {
			d->nonce = d->tok;
			d->noncelen = d->toklen;
			d->has_nonce = 1;
			d->st = C_CLOSED;
		} else if (c == '>')
			ackdone(s);
		else
			d->b[d->n++] = c;
		return;
	case C_IDLE:
		break;
	}
}

