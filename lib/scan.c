/* scan.c - find signals in a console byte stream, as lava-sigscan(1) says */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "err.h"
#include "json.h"
#include "mem.h"
#include "names.h"
#include "record.h"
#include "scan.h"

#define SIGPFX "<LAVA_SIGNAL_"
#define SIGPFXLEN 13
#define RUNPFXLEN 17			/* "<LAVA_TEST_RUNNER" */
#define ACKPFX "<LAVA_ACK"
#define ACKPFXLEN 9
#define TSMAX 24			/* longest "[ SECONDS.MICROS]" looked at */

_Static_assert(LAVA_SCAN_SIGMAX == 4096, "the messages say 4096 bytes");

static const char *const marker[] = {
	"<LAVA_TEST_RUNNER>: exiting", "<LAVA_TEST_RUNNER EXIT>"
};

/* Where a candidate stands in "<LAVA_SIGNAL_NAME ARG...><LAVA_ACK TOKEN>". */
enum cst {
	C_IDLE, C_PFX, C_RUN, C_NAME, C_PARAMS,
	C_HELD,				/* continued: waits for its line end */
	C_CLOSED, C_ACKPFX, C_ACKSP, C_ACKTOK, C_ACKEND	/* signal complete */
};

/* Escape sequences being skipped. */
enum { E_NONE, E_ESC, E_CSI, E_STR, E_STRESC, E_INTER };

/* What a kernel timestamp interrupts: a candidate, or a line's start. */
enum { TS_CAND, TS_LINE };

struct cand {
	enum cst st;
	int run;			/* which end marker: 1 or 2, 0 undecided */
	char b[LAVA_SCAN_SIGMAX];	/* the candidate's text, normalised */
	size_t n;
	size_t close, ack, tok, toklen;	/* offsets of '>', "<LAVA_ACK", token */
	unsigned long line;		/* line of its '<' */
	int quiet;			/* echo or xtrace: no record */
	int resumed;			/* continued after kernel messages */
	int heldok;			/* C_HELD: its token counts */
	int whole;			/* was complete when cut: only its ACK is */
	int kseen;			/* kernel messages came after it */
	unsigned klines;		/* kernel lines it spans */
};

struct lava_scan {
	lava_scan_out *out;
	void *arg;
	char time[40];
	unsigned long line;
	int after_cr, esc, ls, xtrace, kl, lchars, prev, done, err;
	int eol;			/* at a line end or the input's end */
	int ts, tsmode, tsfrac, nots;
	char tsb[TSMAX];
	size_t tsn;
	const char *raw;		/* the bytes being scanned, for the echo rule */
	size_t pos, echo_from, tailn;
	int echo_seen;
	char tail[4];
	struct cand slot[2], *cur, *pend;
};

static void feed(struct lava_scan *, int);

/* Length of the name of candidate b, as shown in a message: 64 at most. */
static int
namelen(const char *b)
{
	size_t n = strcspn(b + SIGPFXLEN, " >");

	return n > 64 ? 64 : (int)n;
}

struct lava_scan *
lava_scan_new(lava_scan_out *out, void *arg)
{
	struct lava_scan *s = lava_xcalloc(1, sizeof(*s));

	s->out = out;
	s->arg = arg;
	s->line = 1;
	s->ls = 1;
	s->cur = &s->slot[0];
	strcpy(s->time, "0.000000");
	return s;
}

void
lava_scan_free(struct lava_scan *s)
{
	free(s);
}

void
lava_scan_time(struct lava_scan *s, const char *time)
{
	snprintf(s->time, sizeof(s->time), "%s", time);
}

unsigned long
lava_scan_line(const struct lava_scan *s)
{
	return s->line;
}

static int
blank(int c)
{
	return c == ' ';
}

/* Is c a byte of a signal's name: [A-Za-z0-9_]? */
static int
namech(int c)
{
	return (unsigned)((c | 0x20) - 'a') < 26 ||
	    (unsigned)(c - '0') < 10 || c == '_';
}

/* Copy p[0..n) to o, each byte of invalid UTF-8 or a C1 control as '?'. */
static size_t
clean(char *o, const unsigned char *p, size_t n)
{
	size_t i = 0, k = 0, len;

	while (i < n) {
		len = lava_utf8_len(p + i, n - i);
		/* U+0080 to U+009F: C1 controls, two bytes from 0xc2 0x80. */
		if (len == 2 && p[i] == 0xc2 && p[i + 1] <= 0x9f)
			len = 0;
		if (len == 0) {
			o[k++] = '?';
			i++;
			continue;
		}
		memcpy(o + k, p + i, len);
		k += len;
		i += len;
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

/* Write the record of the complete signal d; tokok says if its token counts. */
static void
emit(struct lava_scan *s, struct cand *d, int tokok)
{
	char rec[LAVA_SCAN_SIGMAX + 256];
	const unsigned char *b = (const unsigned char *)d->b, *p;
	size_t name = SIGPFXLEN, namelen = 0, i, j, k, nargs = 0;
	unsigned hi;

	/* A continued signal must end its line: the device ends it there. */
	if (d->resumed && !d->whole && !s->eol && d->st != C_HELD) {
		d->st = C_HELD;
		d->heldok = tokok;
		return;
	}
	d->st = C_IDLE;
	if (d->quiet)
		return;
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
	k = putnum(rec, s->time, d->line);
	if (tokok) {
		memcpy(rec + k, d->b + d->tok, d->toklen);
		k += d->toklen;
	} else
		rec[k++] = '-';
	rec[k++] = '\t';
	memcpy(rec + k, d->b + name, namelen);
	k += namelen;
	for (i = name + namelen; i < d->close; i = j) {
		while (i < d->close && blank(b[i]))
			i++;
		if (i == d->close)
			break;
		for (hi = 0, j = i; j < d->close && !blank(b[j]); j++)
			hi |= b[j];
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
static void
drop(struct lava_scan *s, struct cand *d, const char *why)
{
	if (d->st >= C_CLOSED) {
		emit(s, d, 0);
		return;
	}
	if (why && !d->quiet && (d->st == C_PARAMS ||
	    (d->st == C_NAME && d->n > SIGPFXLEN)))
		lava_warnat("stdin", d->line, 0, "signal %.*s %s, ignored",
		    namelen(d->b), d->b + SIGPFXLEN, why);
	d->st = C_IDLE;
}

/* The current candidate waits for the rest of it past kernel messages. */
static void
suspend(struct lava_scan *s)
{
	if (s->pend) {
		drop(s, s->cur, "is cut by kernel messages twice");
		return;
	}
	s->cur->whole = s->cur->st >= C_CLOSED;
	s->pend = s->cur;
	s->cur = s->cur == &s->slot[0] ? &s->slot[1] : &s->slot[0];
	s->cur->st = C_IDLE;
}

/* A normal line starts while a fragment is held: it continues there or dies. */
static void
resolve(struct lava_scan *s)
{
	struct cand *p = s->pend;

	s->pend = NULL;
	if (p->kseen && s->cur->st == C_IDLE) {
		s->cur = p;
		p->resumed = 1;
	} else
		drop(s, p, "is not closed on its line");
}

/* Does raw[from..to), or the line's kept tail before it, hold "echo "? */
static int
echo_in(struct lava_scan *s, size_t from, size_t to)
{
	char j[8];
	size_t n;
	int hit = 0;

	if (from == 0 && s->tailn > 0) {
		n = to < 4 ? to : 4;
		memcpy(j, s->tail, s->tailn);
		memcpy(j + s->tailn, s->raw, n);
		hit = memmem(j, s->tailn + n, "echo ", 5) ||
		    memmem(j, s->tailn + n, "echo\t", 5);
		s->tailn = 0;
	}
	if (to > from)
		hit = hit || memmem(s->raw + from, to - from, "echo ", 5) ||
		    memmem(s->raw + from, to - from, "echo\t", 5);
	return hit;
}

static void
idle(struct lava_scan *s, int c)
{
	struct cand *d = s->cur;

	if (c != '<')
		return;
	d->st = C_PFX;
	d->b[0] = '<';
	d->n = 1;
	d->run = d->resumed = d->kseen = 0;
	d->klines = 0;
	d->line = s->line;
	if (!s->echo_seen)
		s->echo_seen = echo_in(s, s->echo_from, s->pos);
	s->echo_from = s->pos;
	d->quiet = s->xtrace || s->echo_seen || s->prev == '"' ||
	    s->prev == '\'' || s->prev == '\\' || s->prev == '`';
}

/* No ACK after all: the signal goes without it, its text is rescanned. */
static void
noack(struct lava_scan *s, int c)
{
	struct cand *d = s->cur;
	char b[ACKPFXLEN + 1];
	size_t n = d->n - d->ack, i;

	memcpy(b, d->b + d->ack, n);
	emit(s, d, 0);
	for (i = 0; i < n; i++)
		feed(s, (unsigned char)b[i]);
	feed(s, c);
}

static void
badack(struct lava_scan *s, int c)
{
	struct cand *d = s->cur;

	if (!d->quiet)
		lava_warnat("stdin", d->line, 0, "signal %.*s: malformed ACK, "
		    "no token", namelen(d->b),
		    d->b + SIGPFXLEN);
	emit(s, d, 0);
	if (c >= 0)
		idle(s, c);
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
	emit(s, d, ok);
}

static void
mismatch(struct lava_scan *s, int c, const char *why)
{
	drop(s, s->cur, why);
	s->echo_from = s->pos;
	idle(s, c);
}

/* One character for the candidate under way. */
static void
cstep(struct lava_scan *s, int c)
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
			emit(s, d, d->heldok);
			idle(s, c);
			return;
		}
		d->st = C_IDLE;
		if (!d->quiet)
			lava_warnat("stdin", d->line, 0, "signal %.*s has text "
			    "after it on its continuation line, ignored",
			    namelen(d->b),
			    d->b + SIGPFXLEN);
		idle(s, c);
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
			if (!d->quiet) {
				char rec[128];
				int k = snprintf(rec, sizeof(rec), "%s\t%lu\t-\t"
				    "EXIT\n", s->time, d->line);
				put(s, rec, (size_t)k);
				s->done = 1;
			}
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
			emit(s, d, 0);
			idle(s, c);
			return;
		}
		d->ack = d->n;
		d->b[d->n++] = c;
		d->st = C_ACKPFX;
		return;
	case C_ACKPFX:
		if (c != ACKPFX[d->n - d->ack]) {
			noack(s, c);
			return;
		}
		d->b[d->n++] = c;
		if (d->n - d->ack == ACKPFXLEN)
			d->st = C_ACKSP;
		return;
	case C_ACKSP:
		if (!blank(c) && d->n - d->ack == ACKPFXLEN) {
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
		if (c == '>')
			ackdone(s);
		else
			d->b[d->n++] = c;
		return;
	case C_IDLE:
		break;
	}
}

/* Not a timestamp after all: its characters are scanned as text. */
static void
tsfail(struct lava_scan *s)
{
	char b[TSMAX];
	size_t n = s->tsn, i;

	memcpy(b, s->tsb, n);
	s->ts = 0;
	if (s->tsmode == TS_LINE)
		resolve(s);
	s->nots = 1;
	for (i = 0; i < n; i++)
		feed(s, (unsigned char)b[i]);
}

/* "[", blanks, digits, ".", six digits, "]": the kernel's printk time. */
static void
tsstep(struct lava_scan *s, int c)
{
	int ok = 0, isdig = c >= '0' && c <= '9';

	switch (s->ts) {
	case 1:
		ok = blank(c) || isdig;
		if (isdig)
			s->ts = 2;
		break;
	case 2:
		ok = isdig || c == '.';
		if (c == '.')
			s->ts = 3;
		break;
	case 3:
		ok = isdig;
		s->ts = 4;
		s->tsfrac = 1;
		break;
	case 4:
		if (c == ']' && s->tsfrac == 6) {
			s->ts = 0;
			if (s->tsmode == TS_CAND) {
				s->cur->kseen = 1;
				s->cur->klines++;
				suspend(s);
			} else {
				s->pend->kseen = 1;
				if (++s->pend->klines > LAVA_SCAN_KLINES) {
					drop(s, s->pend, "is cut by too many "
					    "kernel lines");
					s->pend = NULL;
				}
			}
			return;
		}
		ok = isdig && ++s->tsfrac <= 6;
		break;
	}
	if (ok && s->tsn < sizeof(s->tsb)) {
		s->tsb[s->tsn++] = c;
		return;
	}
	tsfail(s);
	feed(s, c);
}

/* One normalised character of the current line. */
static void
feed(struct lava_scan *s, int c)
{
	int nots = s->nots;

	s->nots = 0;
	if (s->done || s->err)
		return;
	s->lchars = 1;
	if (s->ts) {
		tsstep(s, c);
		return;
	}
	if (s->kl) {
		s->kl = 0;
		if (c == '[') {
			s->ts = 1;
			s->tsmode = TS_LINE;
			s->tsb[0] = c;
			s->tsn = 1;
			return;
		}
		resolve(s);
	}
	if (s->cur->st != C_IDLE) {
		if (c == '[' && !nots && s->cur->st != C_HELD) {
			s->ts = 1;
			s->tsmode = TS_CAND;
			s->tsb[0] = c;
			s->tsn = 1;
			return;
		}
		cstep(s, c);
	} else
		idle(s, c);
	s->prev = c;
}

static void
lineend(struct lava_scan *s)
{
	struct cand *d;

	if (s->ts)
		tsfail(s);
	if (s->kl && s->pend && ++s->pend->klines > LAVA_SCAN_KLINES) {
		drop(s, s->pend, "is cut by too many kernel lines");
		s->pend = NULL;
	}
	d = s->cur;
	s->eol = 1;
	if (d->st == C_CLOSED)
		emit(s, d, 0);
	else if (d->st == C_HELD)
		emit(s, d, d->heldok);
	else if (d->st != C_IDLE) {
		if (d->resumed)
			drop(s, d, "is not closed on its continuation line");
		else
			suspend(s);
	}
	s->eol = 0;
	s->line++;
	s->ls = 1;
	s->xtrace = s->prev = s->lchars = s->echo_seen = 0;
	s->kl = s->pend != NULL;
	s->echo_from = s->pos + 1;
	s->tailn = 0;
}

/* Returns 1 if c ends the escape sequence's skipping as a line end. */
static int
escape(struct lava_scan *s, int c)
{
	if (c == '\n' || c == '\r' || c == 0x18 || c == 0x1a) {
		s->esc = E_NONE;
		return c == '\n' || c == '\r';
	}
	switch (s->esc) {
	case E_STRESC:
		if (c == '\\') {
			s->esc = E_NONE;
			break;
		}
		/* FALLTHROUGH */
	case E_ESC:
		s->esc = c == '[' ? E_CSI : c == ']' || c == 'P' || c == 'X' ||
		    c == '^' || c == '_' ? E_STR : c == 0x1b ? E_ESC :
		    c >= 0x20 && c <= 0x2f ? E_INTER : E_NONE;
		break;
	case E_CSI:
		if (c == 0x1b)
			s->esc = E_ESC;
		else if (c >= 0x40 && c <= 0x7e)
			s->esc = E_NONE;
		break;
	case E_STR:
		if (c == 0x07)
			s->esc = E_NONE;
		else if (c == 0x1b)
			s->esc = E_STRESC;
		break;
	case E_INTER:
		if (c < 0x20 || c > 0x2f)
			s->esc = c == 0x1b ? E_ESC : E_NONE;
		break;
	}
	return 0;
}

/* One raw console byte. */
static void
step(struct lava_scan *s, int c)
{
	if (s->esc && !escape(s, c))
		return;
	if (c == '\n' || c == '\r') {
		if (!s->after_cr)
			lineend(s);
		s->after_cr = c == '\r';
		return;
	}
	s->after_cr = 0;
	if (c == 0x1b) {
		s->esc = E_ESC;
		return;
	}
	if ((c < 0x20 && c != '\t') || c == 0x7f)
		return;
	if (c == '\t')
		c = ' ';
	if (s->ls == 1)
		s->ls = c == '+' ? 2 : 0;
	else if (s->ls == 2 && c != '+') {
		s->xtrace = c == ' ';
		s->ls = 0;
	}
	feed(s, c);
}

#ifdef __SSE2__
/* The bytes of v that are a control byte other than ESC, or '<'. */
static inline __m128i
stops(__m128i v)
{
	const __m128i ctl = _mm_set1_epi8(0x1f), lt = _mm_set1_epi8('<'),
	    es = _mm_set1_epi8(0x1b);

	return _mm_andnot_si128(_mm_cmpeq_epi8(v, es), _mm_or_si128(
	    _mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v), _mm_cmpeq_epi8(v, lt)));
}
#endif

/* Index of the first control byte other than ESC, or '<', in b[i..n), or n. */
static size_t
span(const char *b, size_t i, size_t n)
{
	unsigned char c;
#ifdef __SSE2__
	unsigned mask;

	for (; i + 32 <= n; i += 32) {
		mask = (unsigned)_mm_movemask_epi8(stops(_mm_loadu_si128(
		    (const __m128i *)(const void *)(b + i)))) |
		    (unsigned)_mm_movemask_epi8(stops(_mm_loadu_si128(
		    (const __m128i *)(const void *)(b + i + 16)))) << 16;
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
	for (; i + 16 <= n; i += 16) {
		mask = (unsigned)_mm_movemask_epi8(stops(_mm_loadu_si128(
		    (const __m128i *)(const void *)(b + i))));
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
	for (; i < n; i++) {
		c = (unsigned char)b[i];
		if (c != 0x1b && (c < 0x20 || c == '<'))
			break;
	}
	return i;
}

/* Index of the first byte in b[i..n) that ends a run of parameter bytes. */
static size_t
pspan(const char *b, size_t i, size_t n)
{
	unsigned char t;
#ifdef __SSE2__
	const __m128i ctl = _mm_set1_epi8(0x1f), lt = _mm_set1_epi8('<'),
	    gt = _mm_set1_epi8('>'), sq = _mm_set1_epi8('['),
	    del = _mm_set1_epi8(0x7f);
	__m128i v, m;
	int mask;

	for (; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
		m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl),
		    v), _mm_cmpeq_epi8(v, lt)), _mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, sq)),
		    _mm_cmpeq_epi8(v, del)));
		mask = _mm_movemask_epi8(m);
		if (mask)
			return i + (size_t)__builtin_ctz((unsigned)mask);
	}
#endif
	for (; i < n; i++) {
		t = (unsigned char)b[i];
		if (t < 0x20 || t == '<' || t == '>' || t == '[' || t == 0x7f)
			break;
	}
	return i;
}

/*
 * Between signals with no escape, timestamp or line start pending: take
 * plain text, colour codes (whole CSIs) and line ends in bulk, as step()
 * would. Returns the index of the next byte step() must see, or n.
 */
static size_t
plain(struct lava_scan *s, const char *buf, size_t i, size_t n)
{
	size_t j, k, e;
	const char *p;
	unsigned char c;
	int lf;

	for (;;) {
		j = span(buf, i, n);
		c = j < n ? (unsigned char)buf[j] : 0;
		lf = c == '\n' || (c == '\r' && j + 1 < n && buf[j + 1] == '\n');
		/*
		 * A line end ends any escape sequence: those before it
		 * matter only if something else comes first. Colour codes
		 * are common: skip each whole CSI here.
		 */
		p = lf ? NULL : memchr(buf + i, 0x1b, j - i);
		while (p != NULL) {
			e = (size_t)(p - buf);
			if (e > i)
				s->prev = (unsigned char)buf[e - 1];
			if (e + 1 >= n || buf[e + 1] != '[')
				return e;
			for (k = e + 2; k < n && (unsigned char)buf[k] >= 0x20 &&
			    (unsigned char)buf[k] <= 0x3f; k++)
				;
			if (k >= n || (unsigned char)buf[k] < 0x40 ||
			    (unsigned char)buf[k] > 0x7e)
				return e;
			i = k + 1;
			/* Its parameters ran past a '<': look again from here. */
			if (i > j)
				break;
			p = memchr(buf + i, 0x1b, j - i);
		}
		if (i > j)
			continue;
		if (j > i)
			s->prev = (unsigned char)buf[j - 1];
		if (!lf)
			return j;
		/* A LF or CRLF is one line end. */
		if (c == '\r')
			j++;
		if (s->pend) {
			s->pos = j;
			lineend(s);
			return j + 1;
		}
		/* lineend() with nothing under way or held. */
		s->line++;
		s->xtrace = s->prev = s->lchars = s->echo_seen = 0;
		s->echo_from = j + 1;
		s->tailn = 0;
		s->ls = 1;
		i = j + 1;
		if (i >= n)
			return n;
		/* A line that starts with a plain byte is no xtrace line. */
		c = (unsigned char)buf[i];
		if (c <= ' ' || c == '+' || c == 0x7f)
			return i;
		s->ls = 0;
	}
}

int
lava_scan_feed(struct lava_scan *s, const char *buf, size_t n)
{
	size_t i = 0, j, t;

	s->raw = buf;
	s->echo_from = 0;
	while (i < n && !s->done && !s->err) {
		/* A line that starts with a plain byte is no xtrace line. */
		if (s->ls == 1 && !s->kl && !s->esc &&
		    (unsigned char)buf[i] > ' ' && buf[i] != '+' &&
		    buf[i] != 0x7f)
			s->ls = 0;
		/* Inside parameters, plain bytes are taken as they are. */
		if (s->cur->st == C_PARAMS && !s->esc && !s->ls && !s->ts) {
			struct cand *d = s->cur;
			size_t room = sizeof(d->b) - d->n;

			j = pspan(buf, i, n - i < room ? n : i + room);
			memcpy(d->b + d->n, buf + i, j - i);
			d->n += j - i;
			if (j > i) {
				s->prev = (unsigned char)buf[j - 1];
				s->after_cr = 0;
				i = j;
				if (i >= n)
					break;
			}
		}
		/* Between signals only control bytes and '<' matter. */
		if (!s->esc && !s->after_cr && !s->ls && !s->ts && !s->kl &&
		    s->cur->st == C_IDLE) {
			i = plain(s, buf, i, n);
			if (i >= n)
				break;
			/* A whole signal prefix and name in the read: take them. */
			if (buf[i] == '<' && n - i > SIGPFXLEN &&
			    memcmp(buf + i, SIGPFX, SIGPFXLEN) == 0) {
				struct cand *d = s->cur;

				s->pos = i;
				idle(s, '<');
				memcpy(d->b + 1, buf + i + 1, SIGPFXLEN - 1);
				d->n = SIGPFXLEN;
				d->st = C_NAME;
				for (i += SIGPFXLEN; i < n && d->n < sizeof(d->b);
				    i++) {
					t = (unsigned char)buf[i];
					if (!namech((int)t))
						break;
					d->b[d->n++] = (char)t;
				}
				s->prev = (unsigned char)buf[i - 1];
				continue;
			}
		}
		s->pos = i;
		step(s, (unsigned char)buf[i++]);
	}
	s->pos = n;
	if (!s->done && !s->err && s->cur->st == C_IDLE) {
		/* The line goes on in the next read: keep its last 4 bytes. */
		char keep[8];
		size_t kn = s->echo_from == 0 ? s->tailn : 0;

		memcpy(keep, s->tail, kn);
		if (!s->echo_seen)
			s->echo_seen = echo_in(s, s->echo_from, n);
		t = n - s->echo_from < 4 ? n - s->echo_from : 4;
		memcpy(keep + kn, buf + n - t, t);
		kn += t;
		t = kn < 4 ? kn : 4;
		memcpy(s->tail, keep + kn - t, t);
		s->tailn = t;
	} else
		s->tailn = 0;
	return s->err ? -1 : s->done;
}

int
lava_scan_end(struct lava_scan *s)
{
	if (s->ts)
		tsfail(s);
	s->eol = 1;
	if (s->cur->st == C_HELD)
		emit(s, s->cur, s->cur->heldok);
	else if (s->cur->st >= C_CLOSED)
		emit(s, s->cur, 0);
	if (s->pend && s->pend->st >= C_CLOSED)
		emit(s, s->pend, 0);
	s->pend = NULL;
	return s->err ? -1 : 0;
}
