/* pyval.c - a YAML value as LAVA's Python writes it into a test's shell params: YAML 1.1 types, then str() */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "pyval.h"

enum kind { K_STR, K_NONE, K_BOOL, K_INT, K_FLOAT };

/* What PyYAML reads a scalar as. */
struct val {
	enum kind kind;
	int neg, truth;		/* the sign; K_BOOL: true */
	unsigned long long i;	/* K_INT: the magnitude */
	double x;		/* K_FLOAT */
};

/* 1 if s is one of the space-separated words of list. */
static int
among(const char *s, const char *list)
{
	size_t n = strlen(s);
	const char *p;

	for (p = list; n > 0 && (p = strstr(p, s)) != NULL; p++)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* s is not empty and all of it is in set. */
static int
allof(const char *s, const char *set)
{
	return *s && strspn(s, set) == strlen(s);
}

/* The float syntax of YAML 1.1: digits, one dot, an exponent only with its sign. */
static int
floatsyntax(const char *s)
{
	size_t m = strspn(s, "0123456789.");
	const char *dot = strchr(s, '.');

	if (dot == NULL || dot != strrchr(s, '.') || dot >= s + m || m == 1)
		return 0;
	if (s[m] == '\0')
		return 1;
	return (s[m] == 'e' || s[m] == 'E') && (s[m + 1] == '+' ||
	    s[m + 1] == '-') && allof(s + m + 2, "0123456789");
}

/* Base 60, a:b:c, as YAML 1.1 has it for ints and floats. */
static double
base60(const char *s)
{
	double x = 0;
	char *end;

	for (;;) {
		x = x * 60 + strtod(s, &end);
		if (*end != ':')
			return x;
		s = end + 1;
	}
}

static void
resolve(const struct lava_ynode *n, struct val *v)
{
	char *buf, *s, *end, *o;
	const char *p;
	int base = 0;

	memset(v, 0, sizeof(*v));
	if (n->type != LAVA_Y_SCALAR || !n->plain || strlen(n->str) != n->len)
		return;
	if (*n->str == '\0' || among(n->str, "~ null Null NULL")) {
		v->kind = K_NONE;
		return;
	}
	if ((v->truth = among(n->str, "yes Yes YES true True TRUE on On ON")) ||
	    among(n->str, "no No NO false False FALSE off Off OFF")) {
		v->kind = K_BOOL;
		return;
	}
	if (among(n->str, ".nan .NaN .NAN")) {
		v->kind = K_FLOAT;
		v->x = 0.0 / 0.0;
		return;
	}
	buf = lava_xmalloc(n->len + 1);
	for (p = n->str, o = buf; *p; p++)
		if (*p != '_')
			*o++ = *p;
	*o = '\0';
	s = buf;
	if (*s == '-' || *s == '+')
		v->neg = *s++ == '-';
	/* A number starts with a digit; only a float of no sign with its dot. */
	p = n->str + (s - buf);
	if (*p == '_' || *n->str == '_' || (*s == '.' && s != buf && !among(s, ".inf .Inf .INF")))
		s = "";
	if (among(s, ".inf .Inf .INF")) {
		v->kind = K_FLOAT;
		v->x = DBL_MAX * 2;
	} else if (strncmp(s, "0b", 2) == 0 && allof(s + 2, "01"))
		base = 2, s += 2;
	else if (strncmp(s, "0x", 2) == 0 && allof(s + 2, "0123456789abcdefABCDEF"))
		base = 16, s += 2;
	else if (s[0] == '0' && allof(s, "01234567"))
		base = 8;
	else if (s[0] >= '1' && s[0] <= '9' && allof(s, "0123456789"))
		base = 10;
	else if (s[0] >= '1' && s[0] <= '9' && strchr(s, ':') &&
	    allof(s, "0123456789:.") && strchr(s, '.') == strrchr(s, '.') &&
	    (strchr(s, '.') == NULL || strchr(s, '.') > strrchr(s, ':'))) {
		v->x = base60(s);
		v->kind = strchr(s, '.') ? K_FLOAT : K_INT;
		v->i = (unsigned long long)v->x;
	} else if (floatsyntax(s)) {
		v->x = strtod(s, &end);
		v->kind = *end == '\0' ? K_FLOAT : K_STR;
	}
	if (base) {
		v->i = strtoull(s, &end, base);
		/* Past 64 bits Python still has the number; the text stays. */
		v->kind = v->i == ~0ULL ? K_STR : K_INT;
	}
	if (v->kind == K_FLOAT && v->neg)
		v->x = -v->x;
	free(buf);
}

/* A float as Python's repr() writes it: the shortest digits that read back. */
static void
pyfloat(FILE *f, double x)
{
	char buf[64], digits[32], *e;
	int p, exp, nd, k;

	if (x != x) {
		fputs("nan", f);
		return;
	}
	if (x > DBL_MAX || x < -DBL_MAX) {
		fputs(x < 0 ? "-inf" : "inf", f);
		return;
	}
	for (p = 1; p < 17; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p - 1, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	snprintf(buf, sizeof(buf), "%.*e", p - 1, x);
	e = strchr(buf, 'e');
	exp = atoi(e + 1);
	for (nd = 0, k = buf[0] == '-'; buf + k < e; k++)
		if (buf[k] != '.')
			digits[nd++] = buf[k];
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	if (buf[0] == '-')
		putc('-', f);
	if (exp < -4 || exp >= 16) {
		fprintf(f, "%c%s%s", digits[0], nd > 1 ? "." : "", digits + 1);
		fprintf(f, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
	} else if (exp < 0) {
		fprintf(f, "0.%.*s%s", -exp - 1, "0000", digits);
	} else {
		for (k = 0; k <= exp; k++)
			putc(k < nd ? digits[k] : '0', f);
		fprintf(f, ".%s", nd > exp + 1 ? digits + exp + 1 : "0");
	}
}

/* A string as Python's repr() writes it. */
static void
pystr(FILE *f, const char *s, size_t n)
{
	int q = memchr(s, '\'', n) && !memchr(s, '"', n) ? '"' : '\'';
	size_t i;

	putc(q, f);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == q)
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			putc(c, f);
	}
	putc(q, f);
}

/* Python's str() of what n reads as (repr: inside a list or dict). */
static void
py(FILE *f, const struct lava_ynode *n, int repr)
{
	struct val v;
	size_t i;

	if (n->type != LAVA_Y_SCALAR) {
		putc(n->type == LAVA_Y_SEQ ? '[' : '{', f);
		for (i = 0; i < n->n; i++) {
			if (i > 0)
				fputs(n->type == LAVA_Y_SEQ || i % 2 == 0 ?
				    ", " : ": ", f);
			py(f, n->kids[i], 1);
		}
		putc(n->type == LAVA_Y_SEQ ? ']' : '}', f);
		return;
	}
	resolve(n, &v);
	switch (v.kind) {
	case K_NONE: fputs("None", f); break;
	case K_BOOL: fputs(v.truth ? "True" : "False", f); break;
	case K_INT: fprintf(f, "%s%llu", v.neg && v.i ? "-" : "", v.i); break;
	case K_FLOAT: pyfloat(f, v.x); break;
	default:
		if (repr)
			pystr(f, n->str, n->len);
		else
			fwrite(n->str, 1, n->len, f);
	}
}

void
lava_pyval(FILE *f, const struct lava_ynode *n)
{
	struct val v;

	/* The dispatcher writes "if not value: value = ''". */
	if (n->type != LAVA_Y_SCALAR && n->n == 0)
		return;
	if (n->type == LAVA_Y_SCALAR) {
		resolve(n, &v);
		if (v.kind == K_NONE || (v.kind == K_BOOL && !v.truth) ||
		    (v.kind == K_INT && v.i == 0) ||
		    (v.kind == K_FLOAT && v.x == 0) || n->len == 0)
			return;
	}
	py(f, n, 0);
}
