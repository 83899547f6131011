/* lines.c - console lines, numbered as lava-sigscan(1) numbers them */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && !defined(LAVA_NO_SSE2)
#include <emmintrin.h>
#endif

#include "json.h"
#include "lines.h"
#include "mem.h"

struct lava_lines {
	lava_lines_fn *fn;
	void *arg;
	unsigned long no;
	int after_cr;		/* the last byte was a CR: a LF is part of its end */
	int cut;
	int start;		/* lava_lines_at(): a line starts at the next byte */
	int skipcr;		/* ... after CRs and a LF that end the line before */
	int taking;		/* ... the line under way is read to its end */
	int midline;		/* ... a line is under way */
	const unsigned char *first;	/* lava_lines_filter() */
	size_t n;		/* bytes of the line so far in b */
	char b[LAVA_LINES_KEEP];
};

struct lava_lines *
lava_lines_new(lava_lines_fn *fn, void *arg)
{
	struct lava_lines *l = lava_xcalloc(1, sizeof(*l));

	l->fn = fn;
	l->arg = arg;
	l->no = 1;
	l->start = 1;
	return l;
}

void
lava_lines_free(struct lava_lines *l)
{
	free(l);
}

void
lava_lines_filter(struct lava_lines *l, const unsigned char *first)
{
	l->first = first;
}

unsigned long
lava_lines_no(const struct lava_lines *l)
{
	return l->no;
}

/* Keep p[0..n) as more of the line under way. */
static void
keep(struct lava_lines *l, const char *p, size_t n)
{
	size_t room = sizeof(l->b) - l->n;

	if (n > room) {
		n = room;
		l->cut = 1;
	}
	memcpy(l->b + l->n, p, n);
	l->n += n;
}

/* The line ends: hand it on, p[0..n) being its bytes in this read. */
static void
lineend(struct lava_lines *l, const char *p, size_t n)
{
	if (l->n == 0) {
		l->fn(l->arg, l->no, p, n < sizeof(l->b) ? n : sizeof(l->b),
		    n > sizeof(l->b));
	} else {
		keep(l, p, n);
		l->fn(l->arg, l->no, l->b, l->n, l->cut);
	}
	l->n = 0;
	l->cut = 0;
	l->no++;
}

/* The first CR or LF in p[0..end), or NULL: 32 or 16 bytes at a time where it can. */
static inline __attribute__((always_inline)) const char *
eol(const char *p, const char *end)
{
#if defined(__SSE2__) && !defined(LAVA_NO_SSE2)
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');

	/* 32 bytes a turn: lines are often longer than 16. */
	while (end - p >= 32) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf))) |
		    (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(w, cr), _mm_cmpeq_epi8(w, lf))) << 16;

		if (m)
			return p + __builtin_ctz(m);
		p += 32;
	}
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, cr),
		    _mm_cmpeq_epi8(v, lf)));

		if (m)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
#endif
	for (; p < end; p++)
		if (*p == '\n' || *p == '\r')
			return p;
	return NULL;
}

/* The filter's bit for a line whose text starts at p, read up to end (a line end: '\n'). */
static inline int
bit(const unsigned char *f, const char *p, const char *end)
{
	unsigned c0 = (unsigned char)p[0], c1 = p + 1 < end ?
	    (unsigned char)p[1] : '\n';

	if (c1 == '\r')
		c1 = '\n';
	return f[c0 * 32 + c1 / 8] >> (c1 % 8) & 1;
}

/* Does the filter let the line p[0..lf) by (its text cannot start a report)? */
static inline int
letby(const struct lava_lines *l, const char *p, const char *lf)
{
	const char *q;

	if (p == lf)
		return 1;
	if (*p == '[') {
		/* A kernel timestamp: the filter looks at the text after it. */
		if ((q = memchr(p, ']', lf - p < 40 ? (size_t)(lf - p) : 40)) ==
		    NULL)
			return 0;
		while (++q < lf && *q == ' ')
			;
		if (q == lf)
			return 1;
		p = q;
		if (*p == '[')
			return 0;
	}
	return !bit(l->first, p, lf);
}

void
lava_lines_feed(struct lava_lines *l, const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n, *lf;

	while (p < end) {
		/*
		 * Lines the filter lets by, in a tight loop: each counted,
		 * its line end (a LF, or CRs and one LF) skipped whole.
		 */
		while (l->first && l->n == 0 && !l->cut && !l->after_cr &&
		    (lf = eol(p, end)) != NULL && letby(l, p, lf)) {
			l->no++;
			p = lf + 1;
			if (*lf == '\r') {
				while (p < end && *p == '\r')
					p++;
				if (p == end)
					l->after_cr = 1;
				else if (*p == '\n')
					p++;
			}
		}
		if (p >= end)
			return;
		/* A run of CRs, or CRs and one LF, is one line end. */
		if (l->after_cr) {
			if (*p == '\r') {
				p++;
				continue;
			}
			l->after_cr = 0;
			if (*p == '\n') {
				p++;
				continue;
			}
		}
		if ((lf = eol(p, end)) == NULL) {
			keep(l, p, (size_t)(end - p));
			return;
		}
		/* A line the filter lets by: counted, not handed on. */
		if (l->first && l->n == 0 && !l->cut && letby(l, p, lf))
			l->no++;
		else
			lineend(l, p, (size_t)(lf - p));
		l->after_cr = *lf == '\r';
		p = lf + 1;
	}
}

/* Read the line p[0..) to its end in p[0..end) and hand it on, or keep it for the next read. */
static void
take(struct lava_lines *l, const char *p, const char *end)
{
	const char *lf = eol(p, end);
	size_t n;

	if (lf == NULL) {
		keep(l, p, (size_t)(end - p));
		l->taking = 1;
		return;
	}
	n = (size_t)(lf - p);
	if (l->n == 0)
		l->fn(l->arg, l->no, p, n < sizeof(l->b) ? n : sizeof(l->b),
		    n > sizeof(l->b));
	else {
		keep(l, p, n);
		l->fn(l->arg, l->no, l->b, l->n, l->cut);
	}
	l->n = 0;
	l->cut = 0;
	l->taking = 0;
}

#if defined(__SSE2__) && !defined(LAVA_NO_SSE2)
/* Bits of the bytes of p[0..16) that are ']', and that are a CR or LF. */
static inline void
marks(const char *p, unsigned *br, unsigned *eo)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);

	*br = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(']')));
	*eo = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v,
	    _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
}
#endif

/* The ']' of the timestamp "[" at p in its first 40 bytes, read up to end, or NULL (a line end first, or none read). */
static inline const char *
closing(const char *p, const char *end)
{
	const char *q, *stop;
#if defined(__SSE2__) && !defined(LAVA_NO_SSE2)
	unsigned long long bm, em;
	unsigned b[3], e[3];
	int k;

	if (end - p >= 48) {
		/* Most timestamps are whole in 16 bytes. */
		marks(p, &b[0], &e[0]);
		if (b[0] != 0 && (e[0] == 0 ||
		    __builtin_ctz(b[0]) < __builtin_ctz(e[0])))
			return p + __builtin_ctz(b[0]);
		if (e[0] != 0)
			return NULL;
		for (k = 1; k < 3; k++)
			marks(p + 16 * k, &b[k], &e[k]);
		bm = ((unsigned long long)b[2] << 32 | (unsigned long long)b[1] << 16) &
		    ((1ULL << 40) - 1);
		em = (unsigned long long)e[2] << 32 | (unsigned long long)e[1] << 16;
		if (bm == 0 || (em != 0 && __builtin_ctzll(em) < __builtin_ctzll(bm)))
			return NULL;
		return p + __builtin_ctzll(bm);
	}
#endif
	stop = end - p < 40 ? end : p + 40;
	for (q = p + 1; q < stop && *q != ']'; q++)
		if (*q == '\n' || *q == '\r')
			return NULL;
	return q < stop ? q : NULL;
}

/*
 * Must the line that starts at p, read up to end, be handed on? As
 * letby() says, with "yes" where the read ends before it can tell.
 */
static int
needed(const struct lava_lines *l, const char *p, const char *end)
{
	const char *q;

	if (l->first == NULL || p == end)
		return 1;
	if (*p == '[') {
		if ((q = closing(p, end)) == NULL)
			return 1;
		while (++q < end && *q == ' ')
			;
		if (q == end || *q == '[')
			return 1;
		p = q;
	}
	if (*p == '\n' || *p == '\r')
		return 0;
	/* Its second byte may be in the next read. */
	if (p + 1 == end)
		return 1;
	return bit(l->first, p, p + 2);
}

/* A line starts at buf[i], once the line end before it is whole. */
static void
startat(struct lava_lines *l, const char *buf, size_t i, size_t n)
{
	l->start = 1;
	if (l->skipcr) {
		while (i < n && buf[i] == '\r')
			i++;
		if (i == n)
			return;
		l->skipcr = 0;
		if (buf[i] == '\n')
			i++;
	}
	if (i == n)
		return;
	l->start = 0;
	l->midline = 1;
	if (needed(l, buf + i, buf + n))
		take(l, buf + i, buf + n);
}

void
lava_lines_at(void *arg, const char *buf, size_t next, size_t n)
{
	struct lava_lines *l = arg;

	l->no++;
	l->midline = 0;
	l->skipcr = buf[next - 1] == '\r';
	startat(l, buf, next, n);
}

void
lava_lines_resume(struct lava_lines *l, const char *buf, size_t n)
{
	if (n == 0)
		return;
	if (l->taking)
		take(l, buf, buf + n);
	else if (l->start)
		startat(l, buf, 0, n);
}

void
lava_lines_end(struct lava_lines *l)
{
	if (l->n > 0 || l->cut)
		lineend(l, l->b, 0);
	else if (l->midline)
		l->no++;
	l->taking = l->midline = 0;
}

size_t
lava_lines_clean(char *o, size_t osz, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k = 0, len;
	int esc = 0;

	if (osz == 0)
		return 0;
	while (i < n && k + 4 < osz) {
		unsigned c = p[i];

		if (esc) {
			/* ESC [ ... final, ESC ] ... BEL or ST, ESC x. */
			if (esc == 1)
				esc = c == '[' ? 2 : c == ']' || c == 'P' ? 3 : 0;
			else if (esc == 2 && c >= 0x40 && c <= 0x7e)
				esc = 0;
			else if (esc == 3 && (c == 0x07 || c == '\\'))
				esc = 0;
			i++;
			continue;
		}
		if (c == 0x1b) {
			esc = 1;
			i++;
			continue;
		}
		if (c == '\t')
			c = ' ';
		if (c < 0x20 || c == 0x7f) {
			i++;
			continue;
		}
		if (c < 0x80) {
			if (c != ' ' || k > 0)
				o[k++] = (char)c;
			i++;
			continue;
		}
		k += lava_utf8_text_put(o + k, p + i, n - i, &len);
		i += len;
	}
	while (k > 0 && o[k - 1] == ' ')
		k--;
	o[k] = '\0';
	return k;
}
