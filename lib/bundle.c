/* bundle.c - the in-memory test runs and results of a Dashboard Bundle 1.5 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bundle.h"
#include "err.h"
#include "mem.h"

void
lava_bytes_set(struct lava_bytes *s, const char *p, size_t n)
{
	free(s->p);
	s->p = lava_xmalloc(n + 1);
	memcpy(s->p, p, n);
	s->p[n] = '\0';
	s->n = n;
}

void
lava_bytes_free(struct lava_bytes *s)
{
	free(s->p);
	s->p = NULL;
	s->n = 0;
}

static int
bstr_eq(const struct lava_bytes *s, const char *p, size_t n)
{
	return s->p && s->n == n && memcmp(s->p, p, n) == 0;
}

void
lava_attrs_set(struct lava_attrs *a, const char *k, size_t kn,
    const char *v, size_t vn)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (bstr_eq(&a->a[i].k, k, kn)) {
			lava_bytes_set(&a->a[i].v, v, vn);
			return;
		}
	if ((a->n & (a->n - 1)) == 0)
		a->a = lava_xrealloc(a->a, (a->n ? 2 * a->n : 1) * sizeof(*a->a));
	memset(&a->a[a->n], 0, sizeof(a->a[a->n]));
	lava_bytes_set(&a->a[a->n].k, k, kn);
	lava_bytes_set(&a->a[a->n].v, v, vn);
	a->n++;
}

void
lava_attachments_add(struct lava_attachments *a, const char *path, size_t n,
    const char *file, const char *mime)
{
	struct lava_attachment *t;

	if ((a->n & (a->n - 1)) == 0)
		a->a = lava_xrealloc(a->a, (a->n ? 2 * a->n : 1) * sizeof(*a->a));
	t = &a->a[a->n++];
	memset(t, 0, sizeof(*t));
	lava_bytes_set(&t->path, path, n);
	t->file = lava_xstrdup(file);
	t->mime = lava_xstrdup(mime ? mime : lava_mime_type(t->path.p));
}

const char *
lava_mime_type(const char *name)
{
	static const char *const map[][2] = {
		{ "bz2", "application/x-bzip2" }, { "c", "text/x-csrc" },
		{ "conf", "text/plain" }, { "csv", "text/csv" },
		{ "gif", "image/gif" }, { "gz", "application/gzip" },
		{ "h", "text/x-chdr" }, { "htm", "text/html" },
		{ "html", "text/html" }, { "jpeg", "image/jpeg" },
		{ "jpg", "image/jpeg" }, { "json", "application/json" },
		{ "log", "text/plain" }, { "pdf", "application/pdf" },
		{ "png", "image/png" }, { "py", "text/x-python" },
		{ "sh", "application/x-sh" }, { "svg", "image/svg+xml" },
		{ "tar", "application/x-tar" }, { "txt", "text/plain" },
		{ "wav", "audio/x-wav" }, { "xml", "application/xml" },
		{ "xz", "application/x-xz" }, { "yaml", "text/plain" },
		{ "yml", "text/plain" }, { "zip", "application/zip" },
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	if (dot && dot != name && !strchr(dot, '/'))
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcasecmp(dot + 1, map[i][0]) == 0)
				return map[i][1];
	return "application/octet-stream";
}

size_t
lava_bundle_strip(const char **s, size_t n)
{
	static const char sp[] = " \t\n\r\v\f";

	while (n > 0 && **s && strchr(sp, **s)) {
		++*s;
		n--;
	}
	while (n > 0 && (*s)[n - 1] && strchr(sp, (*s)[n - 1]))
		n--;
	return n;
}

static size_t
digits(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

int
lava_bundle_num(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i = 0, ib, ie, fb, fe, eb = 0, ee = 0, o = 0;
	int neg = 0, eneg = 0;

	n = lava_bundle_strip(&s, n);
	if (n > 0 && (s[0] == '+' || s[0] == '-'))
		neg = s[i++] == '-';
	ib = i;
	ie = i = digits(s, i, n);
	fb = fe = i;
	if (i < n && s[i] == '.')
		fb = i + 1, fe = i = digits(s, i + 1, n);
	if (ie == ib && fe == fb)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		eb = i;
		ee = i = digits(s, i, n);
		if (ee == eb)
			return -1;
	}
	if (i != n)
		return -1;
	/* Worst case: sign, "0", ".", "e-", and the digits. */
	if ((ie - ib) + (fe - fb) + (ee - eb) + 6 > outsz)
		return -1;
	while (ie - ib > 1 && s[ib] == '0')
		ib++;
	if (neg)
		out[o++] = '-';
	if (ie == ib)
		out[o++] = '0';
	memcpy(out + o, s + ib, ie - ib);
	o += ie - ib;
	if (fe > fb) {
		out[o++] = '.';
		memcpy(out + o, s + fb, fe - fb);
		o += fe - fb;
	}
	if (ee > eb) {
		out[o++] = 'e';
		if (eneg)
			out[o++] = '-';
		memcpy(out + o, s + eb, ee - eb);
		o += ee - eb;
	}
	out[o] = '\0';
	/* 1e999 is digits, but no number JSON readers can hold. */
	if (!isfinite(strtod(out, NULL)))
		return -1;
	return 0;
}

/* The number of the two digits at s. */
static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
lava_bundle_duration_ok(const char *s, size_t n)
{
	/* -?DAYSd SECONDSs MICROSECONDSus: seconds < 86400, micros < 10^6 */
	size_t i = 0, b;
	long v;

	if (i < n && s[i] == '-')
		i++;
	b = i;
	i = digits(s, i, n);
	if (i == b || i - b > 9 || i >= n || s[i++] != 'd' || i >= n ||
	    s[i++] != ' ')
		return 0;
	b = i;
	i = digits(s, i, n);
	if (i == b || i - b > 5 || i + 1 >= n || s[i] != 's' || s[i + 1] != ' ')
		return 0;
	v = strtol(s + b, NULL, 10);
	if (v >= 86400)
		return 0;
	b = i += 2;
	i = digits(s, i, n);
	return i > b && i - b <= 6 && i + 2 == n && s[i] == 'u' && s[i + 1] == 's';
}

int
lava_bundle_date_ok(const char *s, size_t n)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int y, mo, d;
	/* YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm|-hh:mm) */
	static const char form[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	if (n < sizeof(form) - 1)
		return 0;
	for (i = 0; i < sizeof(form) - 1; i++)
		if (form[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    (s[i] != form[i] && !(form[i] == 'T' && s[i] == 't')))
			return 0;
	/* A date and time that exist (a leap second allowed). */
	y = two(s) * 100 + two(s + 2);
	mo = two(s + 5);
	d = two(s + 8);
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))) ||
	    two(s + 11) > 23 || two(s + 14) > 59 || two(s + 17) > 60)
		return 0;
	if (i < n && s[i] == '.') {
		size_t d = ++i;

		i = digits(s, i, n);
		if (i == d)
			return 0;
	}
	if (i + 1 == n && (s[i] == 'Z' || s[i] == 'z'))
		return 1;
	return i + 6 == n && (s[i] == '+' || s[i] == '-') &&
	    digits(s, i + 1, n) == i + 3 && s[i + 3] == ':' &&
	    two(s + i + 1) <= 23 && two(s + i + 4) <= 59 &&
	    digits(s, i + 4, n) == n;
}

static unsigned long leftouts;

void
lava_bundle_leftout(void)
{
	leftouts++;
}

unsigned long
lava_bundle_leftouts(void)
{
	return leftouts;
}

int
lava_bundle_result_ok(const char *s, size_t n)
{
	static const char *const ok[] = { "pass", "fail", "skip", "unknown" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (strlen(ok[i]) == n && memcmp(s, ok[i], n) == 0)
			return 1;
	return 0;
}

const char *
lava_bundle_result_word(const char *s, size_t n)
{
	static const char *const ok[] = { "pass", "fail", "skip", "unknown" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (strlen(ok[i]) == n && strncasecmp(s, ok[i], n) == 0)
			return ok[i];
	return NULL;
}

static size_t
hash(const char *s, size_t n)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void
index_put(struct lava_testrun *r, size_t k)
{
	size_t m = r->capidx - 1, h;
	struct lava_bytes *id = &r->res[k].id;

	for (h = hash(id->p, id->n) & m; r->idx[h]; h = (h + 1) & m)
		;
	r->idx[h] = k + 1;
}

struct lava_result *
lava_testrun_find(struct lava_testrun *r, const char *id, size_t n)
{
	size_t m, h;

	if (r->capidx == 0)
		return NULL;
	m = r->capidx - 1;
	for (h = hash(id, n) & m; r->idx[h]; h = (h + 1) & m)
		if (bstr_eq(&r->res[r->idx[h] - 1].id, id, n))
			return &r->res[r->idx[h] - 1];
	return NULL;
}

const char *
lava_result_set(const struct lava_result *res)
{
	size_t j;

	for (j = 0; j < res->attrs.n; j++)
		if (bstr_eq(&res->attrs.a[j].k, "set", 3))
			return res->attrs.a[j].v.p;
	return NULL;
}

struct lava_result *
lava_testrun_find_set(struct lava_testrun *r, const char *id, size_t n,
    const char *set)
{
	size_t i, j;

	for (i = 0; i < r->nres; i++) {
		struct lava_attrs *a = &r->res[i].attrs;

		if (!bstr_eq(&r->res[i].id, id, n))
			continue;
		for (j = 0; j < a->n; j++)
			if (bstr_eq(&a->a[j].k, "set", 3) &&
			    bstr_eq(&a->a[j].v, set, strlen(set)))
				return &r->res[i];
	}
	return NULL;
}

struct lava_result *
lava_testrun_add(struct lava_testrun *r, const char *id, size_t n)
{
	struct lava_result *res;
	size_t k;

	if (r->nres >= LAVA_BUNDLE_MAXRES)
		return NULL;
	if (r->nres == r->capres) {
		r->capres = r->capres ? 2 * r->capres : 16;
		r->res = lava_xrealloc(r->res, r->capres * sizeof(*r->res));
	}
	res = &r->res[r->nres++];
	memset(res, 0, sizeof(*res));
	if (id == NULL)
		return res;
	lava_bytes_set(&res->id, id, n);
	if (lava_testrun_find(r, id, n))
		return res;
	/* Keep the table at most half full. */
	if (2 * ++r->nidx > r->capidx) {
		free(r->idx);
		r->capidx = r->capidx ? 2 * r->capidx : 64;
		r->idx = lava_xcalloc(r->capidx, sizeof(*r->idx));
		for (k = 0; k + 1 < r->nres; k++)
			if (r->res[k].id.p && lava_testrun_find(r, r->res[k].id.p,
			    r->res[k].id.n) == NULL)
				index_put(r, k);
	}
	index_put(r, r->nres - 1);
	return res;
}

static void
merge_str(struct lava_bytes *d, struct lava_bytes *s, const char *what,
    const struct lava_result *dst, const char *where)
{
	if (s->p == NULL)
		return;
	if (d->p == NULL) {
		*d = *s;
		s->p = NULL;
		s->n = 0;
		return;
	}
	if (d->n != s->n || memcmp(d->p, s->p, s->n) != 0)
		lava_warnx("%s: test case %.*s: conflicting %s, first one kept",
		    where, (int)dst->id.n, dst->id.p ? dst->id.p : "", what);
	lava_bytes_free(s);
}

void
lava_result_merge(struct lava_result *dst, struct lava_result *src,
    const char *where)
{
	struct lava_bytes a = { 0, 0 }, b = { 0, 0 };
	size_t i;

	if (src->result[0] && dst->result[0] == '\0')
		memcpy(dst->result, src->result, sizeof(dst->result));
	else if (src->result[0] && strcmp(src->result, dst->result) != 0)
		lava_warnx("%s: test case %.*s: conflicting result, "
		    "first one kept", where, (int)dst->id.n,
		    dst->id.p ? dst->id.p : "");
	if (src->measurement) {
		a.p = dst->measurement, a.n = a.p ? strlen(a.p) : 0;
		b.p = src->measurement, b.n = strlen(b.p);
		merge_str(&a, &b, "measurement", dst, where);
		dst->measurement = a.p;
		src->measurement = NULL;
	}
	merge_str(&dst->units, &src->units, "units", dst, where);
	merge_str(&dst->message, &src->message, "message", dst, where);
	merge_str(&dst->timestamp, &src->timestamp, "timestamp", dst, where);
	merge_str(&dst->duration, &src->duration, "duration", dst, where);
	if (src->word.p && dst->word.p == NULL) {
		dst->word = src->word;
		dst->word_line = src->word_line;
		src->word.p = NULL;
		src->word.n = 0;
	}
	if (dst->log_filename == NULL) {
		dst->log_filename = src->log_filename;
		dst->log_lineno = src->log_lineno;
	}
	for (i = 0; i < src->attrs.n; i++)
		lava_attrs_set(&dst->attrs, src->attrs.a[i].k.p,
		    src->attrs.a[i].k.n, src->attrs.a[i].v.p,
		    src->attrs.a[i].v.n);
	for (i = 0; i < src->atts.n; i++)
		lava_attachments_add(&dst->atts, src->atts.a[i].path.p,
		    src->atts.a[i].path.n, src->atts.a[i].file,
		    src->atts.a[i].mime);
}

static void
attrs_free(struct lava_attrs *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->a[i].k.p);
		free(a->a[i].v.p);
	}
	free(a->a);
	a->a = NULL;
	a->n = 0;
}

static void
atts_free(struct lava_attachments *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->a[i].path.p);
		free(a->a[i].mime);
		free(a->a[i].file);
	}
	free(a->a);
	a->a = NULL;
	a->n = 0;
}

void
lava_result_free(struct lava_result *res)
{
	free(res->id.p);
	free(res->measurement);
	free(res->units.p);
	free(res->message.p);
	free(res->timestamp.p);
	free(res->duration.p);
	free(res->word.p);
	attrs_free(&res->attrs);
	atts_free(&res->atts);
	memset(res, 0, sizeof(*res));
}

struct place {
	size_t key, at;	/* the place in the order, the place in the run */
};

static int
cmpplace(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

void
lava_testrun_order(struct lava_testrun *r, struct lava_testrun *by)
{
	struct lava_result *dst, *old;
	struct place *p;
	size_t *key, i, k, n = 0;

	if (r->nres < 2 || by->nres == 0)
		return;
	key = lava_xcalloc(r->nres, sizeof(*key));
	/* key: 1 + the place of the result's first namesake in by (of the
	 * same set: one id may be a case of two sets), or 0. */
	for (i = 0; i < by->nres; i++) {
		const char *set = lava_result_set(&by->res[i]);

		if (by->res[i].id.p == NULL)
			continue;
		dst = set ? lava_testrun_find_set(r, by->res[i].id.p,
		    by->res[i].id.n, set) : lava_testrun_find(r,
		    by->res[i].id.p, by->res[i].id.n);
		if (dst == NULL)
			continue;
		k = (size_t)(dst - r->res);
		if (key[k] == 0) {
			key[k] = i + 1;
			n++;
		}
	}
	p = lava_xcalloc(n ? n : 1, sizeof(*p));
	for (k = 0, i = 0; k < r->nres; k++)
		if (key[k]) {
			p[i].key = key[k];
			p[i++].at = k;
		}
	old = lava_xcalloc(r->nres, sizeof(*old));
	memcpy(old, r->res, r->nres * sizeof(*old));
	/* The places these results hold, in order, take them in by's order. */
	qsort(p, n, sizeof(*p), cmpplace);
	for (k = 0, i = 0; k < r->nres; k++)
		if (key[k])
			r->res[k] = old[p[i++].at];
	/* The index holds places: make it anew. */
	if (r->idx)
		memset(r->idx, 0, r->capidx * sizeof(*r->idx));
	for (k = 0; k < r->nres; k++)
		if (r->res[k].id.p && lava_testrun_find(r, r->res[k].id.p,
		    r->res[k].id.n) == NULL)
			index_put(r, k);
	free(old);
	free(p);
	free(key);
}

void
lava_testrun_free(struct lava_testrun *r)
{
	size_t i;

	for (i = 0; i < r->nres; i++)
		lava_result_free(&r->res[i]);
	free(r->res);
	free(r->idx);
	free(r->uuid);
	free(r->test_id.p);
	attrs_free(&r->attrs);
	atts_free(&r->atts);
	for (i = 0; i < r->nsrcs; i++) {
		free(r->srcs[i].project.p);
		free(r->srcs[i].vcs.p);
		free(r->srcs[i].revision.p);
		free(r->srcs[i].url.p);
	}
	free(r->srcs);
	memset(r, 0, sizeof(*r));
}

void
lava_context_free(struct lava_context *c)
{
	size_t i;

	free(c->image.p);
	for (i = 0; i < c->npkgs; i++) {
		free(c->pkgs[i].name.p);
		free(c->pkgs[i].version.p);
	}
	free(c->pkgs);
	attrs_free(&c->cpu);
	free(c->board.p);
	free(c->revision.p);
	free(c->mem.p);
	memset(c, 0, sizeof(*c));
}
