/* lines.c - console lines, numbered as lava-sigscan(1) numbers them */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "lines.h"
#include "mem.h"

struct lava_lines {
	lava_lines_fn *fn;
	void *arg;
	unsigned long no;
	int after_cr;		/* the last byte was a CR: a LF is part of its end */
	int cut;
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
	return l;
}

void
lava_lines_free(struct lava_lines *l)
{
	free(l);
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

void
lava_lines_feed(struct lava_lines *l, const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n, *lf, *cr;

	while (p < end) {
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
		lf = memchr(p, '\n', (size_t)(end - p));
		cr = memchr(p, '\r', (size_t)((lf ? lf : end) - p));
		if (cr)
			lf = cr;
		if (lf == NULL) {
			keep(l, p, (size_t)(end - p));
			return;
		}
		lineend(l, p, (size_t)(lf - p));
		l->after_cr = *lf == '\r';
		p = lf + 1;
	}
}

void
lava_lines_end(struct lava_lines *l)
{
	if (l->n > 0 || l->cut)
		lineend(l, l->b, 0);
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
