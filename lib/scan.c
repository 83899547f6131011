/*
 * scan.c - find signals in a console byte stream, as lava-sigscan(1) says:
 * console bytes to the characters of each line (escape sequences, line
 * ends, kernel timestamps skipped; plain text taken in bulk), which
 * scan_signal.c turns into signals and records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "names.h"
#include "scan.h"
#include "scan_state.h"

/* The SSE2 search of plain text; -DLAVA_NO_SSE2 builds the byte loop alone, to measure. */
#if defined(__SSE2__) && !defined(LAVA_NO_SSE2)
#define SCAN_SSE2 1
#include <emmintrin.h>
#endif

struct lava_scan *
lava_scan_new(lava_scan_out *out, void *arg)
{
	struct lava_scan *s = lava_xcalloc(1, sizeof(*s));

	s->out = out;
	s->arg = arg;
	s->line = 1;
	s->lead = LEAD_START;
	s->cur = &s->slot[0];
	strcpy(s->time, "0.000000");
	return s;
}

void
lava_scan_free(struct lava_scan *s)
{
	free(s);
}

int
lava_scan_nonce(struct lava_scan *s, const char *nonce)
{
	size_t n = strlen(nonce);

	if (n > NONCEMAX || !lava_token_ok(nonce, n))
		return -1;
	memcpy(s->nonce, nonce, n + 1);
	s->noncelen = n;
	return 0;
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

void
lava_scan_lines(struct lava_scan *s, lava_scan_linefn *fn, void *arg)
{
	s->at_line = fn;
	s->line_arg = arg;
}

/* Not a timestamp after all: its characters are scanned as text. */
static void
tsfail(struct lava_scan *s)
{
	char b[TSMAX];
	size_t n = s->ts_len, i;

	memcpy(b, s->ts_text, n);
	s->ts_state = TS_NONE;
	if (s->ts_cuts == TS_LINE)
		lava_scan_resolve(s);
	s->no_ts = 1;
	for (i = 0; i < n; i++)
		lava_scan_char(s, (unsigned char)b[i]);
}

/* "[", blanks, digits, ".", six digits, "]": the kernel's printk time. */
static void
tsstep(struct lava_scan *s, int c)
{
	int ok = 0, isdig = c >= '0' && c <= '9';

	switch (s->ts_state) {
	case TS_OPEN:
		ok = blank(c) || isdig;
		if (isdig)
			s->ts_state = TS_SECONDS;
		break;
	case TS_SECONDS:
		ok = isdig || c == '.';
		if (c == '.')
			s->ts_state = TS_DOT;
		break;
	case TS_DOT:
		ok = isdig;
		s->ts_state = TS_FRACTION;
		s->ts_digits = 1;
		break;
	case TS_FRACTION:
		if (c == ']' && s->ts_digits == 6) {
			s->ts_state = TS_NONE;
			if (s->ts_cuts == TS_CAND) {
				s->cur->kernel_seen = 1;
				s->cur->kernel_lines++;
				lava_scan_suspend(s);
			} else {
				s->pend->kernel_seen = 1;
				if (++s->pend->kernel_lines > LAVA_SCAN_KLINES) {
					lava_scan_drop(s, s->pend, "is cut by too many "
					    "kernel lines");
					s->pend = NULL;
				}
			}
			return;
		}
		ok = isdig && ++s->ts_digits <= 6;
		break;
	}
	if (ok && s->ts_len < sizeof(s->ts_text)) {
		s->ts_text[s->ts_len++] = c;
		return;
	}
	tsfail(s);
	lava_scan_char(s, c);
}

/* One normalised character of the current line. */
void
lava_scan_char(struct lava_scan *s, int c)
{
	int nots = s->no_ts;

	s->no_ts = 0;
	if (s->done || s->err)
		return;
	if (s->ts_state != TS_NONE) {
		tsstep(s, c);
		return;
	}
	if (s->held_newline) {
		s->held_newline = 0;
		if (c == '[') {
			s->ts_state = TS_OPEN;
			s->ts_cuts = TS_LINE;
			s->ts_text[0] = c;
			s->ts_len = 1;
			return;
		}
		lava_scan_resolve(s);
	}
	if (s->cur->st != C_IDLE) {
		if (c == '[' && !nots && s->cur->st != C_HELD) {
			s->ts_state = TS_OPEN;
			s->ts_cuts = TS_CAND;
			s->ts_text[0] = c;
			s->ts_len = 1;
			return;
		}
		lava_scan_cand_step(s, c);
	} else
		lava_scan_idle(s, c);
	s->prev = c;
}

/*
 * A new line starts at raw[next]: what the line before decided goes. The
 * one place both the byte path (lineend) and the bulk path (plain) end a line.
 */
static inline __attribute__((always_inline)) void
newline(struct lava_scan *s, size_t next)
{
	s->line++;
	s->lead = LEAD_START;
	s->xtrace = s->prev = s->echo_seen = 0;
	s->echo_at = s->echo_angle = s->echo_traced = 0;
	s->echo_prev[0] = s->echo_prev[1] = '\0';
	s->held_newline = s->pend != NULL;
	s->echo_from = next;
	if (__builtin_expect(s->at_line != NULL, 0))
		s->at_line(s->line_arg, s->raw, next, s->rawn);
}

/* A line end in the byte path: what is under way is written, held or dropped. */
static void
lineend(struct lava_scan *s)
{
	struct cand *d;

	if (s->ts_state != TS_NONE)
		tsfail(s);
	if (s->held_newline && s->pend && ++s->pend->kernel_lines > LAVA_SCAN_KLINES) {
		lava_scan_drop(s, s->pend, "is cut by too many kernel lines");
		s->pend = NULL;
	}
	d = s->cur;
	s->eol = 1;
	if (d->st == C_CLOSED)
		lava_scan_emit(s, d, 0);
	else if (d->st == C_HELD)
		lava_scan_emit(s, d, d->held_tokok);
	else if (d->st != C_IDLE) {
		if (d->resumed)
			lava_scan_drop(s, d, "is not closed on its continuation line");
		else
			lava_scan_suspend(s);
	}
	s->eol = 0;
	newline(s, s->pos + 1);
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
	if (s->lead == LEAD_START)
		s->lead = c == '+' ? LEAD_PLUS : LEAD_NONE;
	else if (s->lead == LEAD_PLUS && c != '+') {
		s->xtrace = c == ' ';
		s->lead = LEAD_NONE;
	}
	lava_scan_char(s, c);
}

#ifdef SCAN_SSE2
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
#ifdef SCAN_SSE2
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
#ifdef SCAN_SSE2
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
		newline(s, j + 1);
		i = j + 1;
		if (i >= n)
			return n;
		/* A line that starts with a plain byte is no xtrace line. */
		c = (unsigned char)buf[i];
		if (c <= ' ' || c == '+' || c == 0x7f)
			return i;
		s->lead = LEAD_NONE;
	}
}

int
lava_scan_feed(struct lava_scan *s, const char *buf, size_t n)
{
	size_t i = 0, j, t;

	s->raw = buf;
	s->rawn = n;
	s->echo_from = 0;
	while (i < n && !s->done && !s->err) {
		/* A line that starts with a plain byte is no xtrace line. */
		if (s->lead == LEAD_START && !s->held_newline && !s->esc &&
		    (unsigned char)buf[i] > ' ' && buf[i] != '+' &&
		    buf[i] != 0x7f)
			s->lead = LEAD_NONE;
		/* Inside parameters, plain bytes are taken as they are. */
		if (s->cur->st == C_PARAMS && !s->esc &&
		    s->lead == LEAD_NONE && s->ts_state == TS_NONE) {
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
		if (!s->esc && !s->after_cr && s->lead == LEAD_NONE &&
		    s->ts_state == TS_NONE && !s->held_newline &&
		    s->cur->st == C_IDLE) {
			i = plain(s, buf, i, n);
			if (i >= n)
				break;
			/* A whole signal prefix and name in the read: take them. */
			if (buf[i] == '<' && n - i > SIGPFXLEN &&
			    memcmp(buf + i, SIGPFX, SIGPFXLEN) == 0) {
				struct cand *d = s->cur;

				s->pos = i;
				lava_scan_idle(s, '<');
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
	/* The line goes on in the next read: its echo state goes with it. */
	if (!s->done && !s->err && s->cur->st == C_IDLE && !s->echo_seen)
		s->echo_seen = lava_scan_echo_in(s, s->echo_from, n);
	return s->err ? -1 : s->done;
}

int
lava_scan_end(struct lava_scan *s)
{
	if (s->ts_state != TS_NONE)
		tsfail(s);
	s->eol = 1;
	if (s->cur->st == C_HELD)
		lava_scan_emit(s, s->cur, s->cur->held_tokok);
	else if (s->cur->st >= C_CLOSED)
		lava_scan_emit(s, s->cur, 0);
	if (s->pend && s->pend->st >= C_CLOSED)
		lava_scan_emit(s, s->pend, 0);
	s->pend = NULL;
	return s->err ? -1 : 0;
}
