/*
 * bundle_json.c - a small JSON reader with positions for error messages
 *
 * Why not json-c (which lava-report uses to read whole bundles): a
 * handler's measurement must reach the bundle as the number text it
 * wrote, and json-c 0.16 keeps the text of a fraction or exponent but
 * turns an integer past 64 bits into 18446744073709551615 (lava-bundle
 * copies 12345678901234567890123 as written; t/6060 checks it).
 * Handler lines are one flat object of a few hundred bytes: this reader
 * is about 300 lines, keeps each number's text, and names the byte.
 */
#include <stdlib.h>
#include <string.h>

#include "bundle_json.h"
#include "json.h"
#include "mem.h"

struct jp {
	const char *s;
	size_t n, i;
	const char *why;
};

static int value(struct jp *p, struct lava_jval *v, int depth);

static void
ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	    p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int
bad(struct jp *p, const char *why)
{
	p->why = why;
	return -1;
}

static int
hex4(struct jp *p, unsigned long *cp)
{
	size_t k;

	*cp = 0;
	if (p->n - p->i < 4)
		return bad(p, "short \\u escape");
	for (k = 0; k < 4; k++) {
		char c = p->s[p->i++];

		*cp <<= 4;
		if (c >= '0' && c <= '9')
			*cp |= c - '0';
		else if (c >= 'a' && c <= 'f')
			*cp |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			*cp |= c - 'A' + 10;
		else
			return bad(p, "bad \\u escape");
	}
	return 0;
}

static size_t
utf8put(char *d, unsigned long cp)
{
	if (cp < 0x80) {
		d[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = 0xc0 | cp >> 6;
		d[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = 0xe0 | cp >> 12;
		d[1] = 0x80 | (cp >> 6 & 0x3f);
		d[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	d[0] = 0xf0 | cp >> 18;
	d[1] = 0x80 | (cp >> 12 & 0x3f);
	d[2] = 0x80 | (cp >> 6 & 0x3f);
	d[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/* A string at p->i (on its opening quote), decoded into a fresh buffer. */
static int
string(struct jp *p, char **out, size_t *len)
{
	/* Decoded text is never longer than its source. */
	char *d = lava_xmalloc(p->n - p->i + 1);
	size_t o = 0;
	unsigned long cp, lo;

	p->i++;
	for (;;) {
		unsigned char c;

		if (p->i >= p->n) {
			free(d);
			return bad(p, "unterminated string");
		}
		c = p->s[p->i];
		if (c == '"')
			break;
		if (c < 0x20) {
			free(d);
			return bad(p, "control byte in string");
		}
		if (c != '\\') {
			d[o++] = c;
			p->i++;
			continue;
		}
		if (++p->i >= p->n) {
			free(d);
			return bad(p, "unterminated string");
		}
		c = p->s[p->i++];
		switch (c) {
		case '"': case '\\': case '/': d[o++] = c; break;
		case 'b': d[o++] = '\b'; break;
		case 'f': d[o++] = '\f'; break;
		case 'n': d[o++] = '\n'; break;
		case 'r': d[o++] = '\r'; break;
		case 't': d[o++] = '\t'; break;
		case 'u':
			if (hex4(p, &cp) < 0) {
				free(d);
				return -1;
			}
			if (cp >= 0xd800 && cp <= 0xdbff && p->n - p->i >= 6 &&
			    p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
				size_t save = p->i;

				p->i += 2;
				if (hex4(p, &lo) < 0) {
					free(d);
					return -1;
				}
				if (lo >= 0xdc00 && lo <= 0xdfff)
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
				else
					p->i = save;
			}
			/* A lone surrogate has no UTF-8 form. */
			if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			o += utf8put(d + o, cp);
			break;
		default:
			free(d);
			return bad(p, "bad escape in string");
		}
	}
	p->i++;
	d[o] = '\0';
	*out = d;
	*len = o;
	return 0;
}

static void
push(struct lava_jval *v, size_t *cap)
{
	if (v->n == *cap) {
		*cap = *cap ? 2 * *cap : 4;
		v->kids = lava_xrealloc(v->kids, *cap * sizeof(*v->kids));
	}
	memset(&v->kids[v->n], 0, sizeof(v->kids[v->n]));
	v->n++;
}

static int
container(struct jp *p, struct lava_jval *v, int depth)
{
	int obj = p->s[p->i] == '{';
	char close = obj ? '}' : ']';
	size_t cap = 0;

	v->type = obj ? LAVA_J_OBJ : LAVA_J_ARR;
	p->i++;
	ws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		p->i++;
		return 0;
	}
	for (;;) {
		if (obj) {
			ws(p);
			if (p->i >= p->n || p->s[p->i] != '"')
				return bad(p, "expected a string key");
			push(v, &cap);
			v->kids[v->n - 1].type = LAVA_J_STR;
			if (string(p, &v->kids[v->n - 1].s,
			    &v->kids[v->n - 1].len) < 0)
				return -1;
			ws(p);
			if (p->i >= p->n || p->s[p->i] != ':')
				return bad(p, "expected ':'");
			p->i++;
		}
		push(v, &cap);
		if (value(p, &v->kids[v->n - 1], depth + 1) < 0)
			return -1;
		ws(p);
		if (p->i < p->n && p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->i < p->n && p->s[p->i] == close) {
			p->i++;
			return 0;
		}
		return bad(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int
word(struct jp *p, const char *w)
{
	size_t k = strlen(w);

	if (p->n - p->i < k || memcmp(p->s + p->i, w, k) != 0)
		return 0;
	p->i += k;
	return 1;
}

static int
value(struct jp *p, struct lava_jval *v, int depth)
{
	size_t start;

	if (depth > LAVA_J_MAXDEPTH)
		return bad(p, "nested too deeply");
	ws(p);
	if (p->i >= p->n)
		return bad(p, "expected a value");
	switch (p->s[p->i]) {
	case '{':
	case '[':
		return container(p, v, depth);
	case '"':
		v->type = LAVA_J_STR;
		return string(p, &v->s, &v->len);
	}
	if (word(p, "null")) {
		v->type = LAVA_J_NULL;
		return 0;
	}
	if (word(p, "true") || word(p, "false")) {
		v->type = LAVA_J_BOOL;
		v->s = lava_xstrdup(p->s[p->i - 1] == 'e' &&
		    p->s[p->i - 2] == 'u' ? "true" : "false");
		v->len = strlen(v->s);
		return 0;
	}
	start = p->i;
	while (p->i < p->n && strchr("+-.0123456789eE", p->s[p->i]) &&
	    p->s[p->i] != '\0')
		p->i++;
	if (p->i == start || !lava_json_num_ok(p->s + start, p->i - start)) {
		p->i = start;
		return bad(p, "expected a value");
	}
	v->type = LAVA_J_NUM;
	v->s = lava_xstrndup(p->s + start, p->i - start);
	v->len = p->i - start;
	return 0;
}

int
lava_jparse(const char *text, size_t n, struct lava_jval *v,
    const char **why, size_t *off)
{
	struct jp p = { text, n, 0, NULL };

	memset(v, 0, sizeof(*v));
	if (value(&p, v, 0) == 0) {
		ws(&p);
		if (p.i == p.n)
			return 0;
		p.why = "trailing bytes after the value";
	}
	lava_jfree(v);
	*why = p.why;
	*off = p.i;
	return -1;
}

void
lava_jfree(struct lava_jval *v)
{
	size_t k;

	for (k = 0; k < v->n; k++)
		lava_jfree(&v->kids[k]);
	free(v->kids);
	free(v->s);
	memset(v, 0, sizeof(*v));
}

const struct lava_jval *
lava_jget(const struct lava_jval *obj, const char *key)
{
	size_t k, kl = strlen(key);

	if (obj->type != LAVA_J_OBJ)
		return NULL;
	/* The last of repeated keys wins, as in most readers. */
	for (k = obj->n; k >= 2; k -= 2)
		if (obj->kids[k - 2].len == kl &&
		    memcmp(obj->kids[k - 2].s, key, kl) == 0)
			return &obj->kids[k - 1];
	return NULL;
}
