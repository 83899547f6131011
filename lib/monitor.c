/* monitor.c - LAVA's monitors: console lines that match patterns become test cases */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <fcntl.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_json.h"
#include "err.h"
#include "file.h"
#include "lines.h"
#include "mem.h"
#include "monitor.h"
#include "names.h"
#include "record.h"

/* Largest monitors file read. */
#define MONMAX (4u << 20)

struct mon {
	char *uuid, *id;
	pcre2_code *start, *end, *pat;
	struct lava_jval *fix;		/* fixupdict, or NULL */
	double timeout;			/* of its action, seconds; 0 none */
	long action;
	int g_id, g_result, g_meas, g_units;
};

struct lava_monitors {
	lava_scan_out *out;
	void *arg;
	char time[40];
	double now, deadline;
	struct mon *v;
	size_t n, cur;
	int running;			/* cur's start was seen */
	int endscan;			/* the job is these monitors alone */
	pcre2_match_data *md, *md2;
	struct lava_jval doc;
};

static _Noreturn void
bad(const char *path, const char *what)
{
	lava_diex(LAVA_EXIT_USAGE, "%s: %s", path, what);
}

static pcre2_code *
compile(const char *path, const struct lava_jval *o, const char *key)
{
	const struct lava_jval *v = lava_jget(o, key);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	int err;

	if (v == NULL || v->type != LAVA_J_STR)
		lava_diex(LAVA_EXIT_USAGE, "%s: a monitor without %s", path,
		    key);
	re = pcre2_compile((PCRE2_SPTR)v->s, v->len, 0, &err, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		lava_diex(LAVA_EXIT_USAGE, "%s: monitor %s: %s at offset %zu",
		    path, key, (char *)msg, (size_t)off);
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static char *
str(const char *path, const struct lava_jval *o, const char *key)
{
	const struct lava_jval *v = lava_jget(o, key);

	if (v == NULL || v->type != LAVA_J_STR || v->len == 0 ||
	    lava_record_controls(v->s) || strpbrk(v->s, " <>"))
		lava_diex(LAVA_EXIT_USAGE, "%s: a monitor without a good %s",
		    path, key);
	return v->s;
}

struct lava_monitors *
lava_monitors_load(const char *path, lava_scan_out *out, void *arg)
{
	struct lava_monitors *m = lava_xcalloc(1, sizeof(*m));
	const struct lava_jval *l, *o, *v;
	const char *why;
	char *text;
	size_t n, i, off;

	if (lava_file_read(AT_FDCWD, path, path, MONMAX, 0, &text, &n) < 0)
		exit(LAVA_EXIT_USAGE);
	if (lava_jparse(text, n, &m->doc, &why, &off) < 0)
		lava_diex(LAVA_EXIT_USAGE, "%s: %s at byte %zu", path, why, off);
	free(text);
	l = lava_jget(&m->doc, "monitors");
	if (l == NULL || l->type != LAVA_J_ARR)
		bad(path, "no list of monitors");
	v = lava_jget(&m->doc, "end");
	m->endscan = v && v->type == LAVA_J_BOOL && strcmp(v->s, "true") == 0;
	m->v = lava_xcalloc(l->n ? l->n : 1, sizeof(*m->v));
	for (i = 0; i < l->n; i++) {
		struct mon *x = &m->v[i];

		o = &l->kids[i];
		if (o->type != LAVA_J_OBJ)
			bad(path, "a monitor is not an object");
		x->uuid = str(path, o, "uuid");
		x->id = str(path, o, "id");
		x->start = compile(path, o, "start");
		x->end = compile(path, o, "end");
		x->pat = compile(path, o, "pattern");
		if ((v = lava_jget(o, "fixupdict")) && v->type == LAVA_J_OBJ)
			x->fix = (struct lava_jval *)v;
		if ((v = lava_jget(o, "timeout")) && v->type == LAVA_J_NUM)
			x->timeout = strtod(v->s, NULL);
		if ((v = lava_jget(o, "action")) && v->type == LAVA_J_NUM)
			x->action = strtol(v->s, NULL, 10);
		x->g_id = pcre2_substring_number_from_name(x->pat,
		    (PCRE2_SPTR)"test_case_id");
		x->g_result = pcre2_substring_number_from_name(x->pat,
		    (PCRE2_SPTR)"result");
		x->g_meas = pcre2_substring_number_from_name(x->pat,
		    (PCRE2_SPTR)"measurement");
		x->g_units = pcre2_substring_number_from_name(x->pat,
		    (PCRE2_SPTR)"units");
	}
	m->n = l->n;
	m->out = out;
	m->arg = arg;
	m->md = pcre2_match_data_create(32, NULL);
	m->md2 = pcre2_match_data_create(32, NULL);
	if (m->md == NULL || m->md2 == NULL)
		lava_diex(LAVA_EXIT_FAIL, "out of memory");
	strcpy(m->time, "0.000000");
	m->deadline = -1;		/* set at the first line or tick */
	return m;
}

void
lava_monitors_free(struct lava_monitors *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		pcre2_code_free(m->v[i].start);
		pcre2_code_free(m->v[i].end);
		pcre2_code_free(m->v[i].pat);
	}
	pcre2_match_data_free(m->md);
	pcre2_match_data_free(m->md2);
	lava_jfree(&m->doc);
	free(m->v);
	free(m);
}

/* The clock of the action of monitor cur starts when it starts waiting. */
static void
clock(struct lava_monitors *m)
{
	const struct mon *x = &m->v[m->cur];

	m->deadline = x->timeout > 0 ? m->now + x->timeout : 0;
}

void
lava_monitors_time(struct lava_monitors *m, const char *time, double now)
{
	snprintf(m->time, sizeof(m->time), "%s", time);
	m->now = now;
	if (m->deadline < 0 && m->cur < m->n)
		clock(m);
}

double
lava_monitors_deadline(const struct lava_monitors *m)
{
	return m->cur < m->n && m->deadline > 0 ? m->deadline : 0;
}

static void
emit(struct lava_monitors *m, unsigned long no, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
emit(struct lava_monitors *m, unsigned long no, const char *fmt, ...)
{
	char rec[2048];
	va_list ap;
	int k, j;

	k = snprintf(rec, sizeof(rec), "%s\t%lu\t-\t", m->time, no);
	va_start(ap, fmt);
	j = vsnprintf(rec + k, sizeof(rec) - (size_t)k - 1, fmt, ap);
	va_end(ap);
	if (j < 0 || (size_t)(k + j) >= sizeof(rec) - 1)
		return;
	rec[k + j] = '\n';
	(void)m->out(m->arg, rec, (size_t)(k + j + 1));
}

/* Group g of the last match of p in line, copied to o[osz]; 0 if unset. */
static size_t
group(pcre2_match_data *md, int g, const char *line, char *o, size_t osz)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t a, b;

	if (g <= 0 || (uint32_t)g >= pcre2_get_ovector_count(md) ||
	    ov[2 * g] == PCRE2_UNSET)
		return 0;
	a = ov[2 * g];
	b = ov[2 * g + 1];
	if (b - a >= osz)
		b = a + osz - 1;
	memcpy(o, line + a, b - a);
	o[b - a] = '\0';
	return b - a;
}

/*
 * A match of the result pattern: as LAVA does, the test_case_id lower
 * case with each run of other bytes than [A-Za-z0-9_] made one '_', the
 * result through the fixupdict, and without a result a measurement
 * makes the case pass.
 */
static void
result(struct lava_monitors *m, const struct mon *x, unsigned long no,
    const char *line)
{
	char id[256], res[64], meas[64], units[64], out[256], more[160];
	const struct lava_jval *f;
	size_t i, k = 0, n;

	if ((n = group(m->md, x->g_id, line, id, sizeof(id))) == 0)
		return;
	/* Python's strip(), lower() and re.sub(r"\W+", "_"), in ASCII. */
	for (i = 0; i < n && (id[i] == ' ' || id[i] == '\t'); i++)
		;
	while (n > i && (id[n - 1] == ' ' || id[n - 1] == '\t'))
		n--;
	for (; i < n; i++) {
		unsigned c = (unsigned char)id[i];

		if (c == '_' || (c | 0x20) - 'a' < 26u || c - '0' < 10u)
			out[k++] = (char)(c - 'A' < 26u ? c | 0x20 : c);
		else if (k == 0 || out[k - 1] != '_')
			out[k++] = '_';
	}
	out[k] = '\0';
	if (k == 0)
		return;
	if (group(m->md, x->g_result, line, res, sizeof(res)) == 0) {
		if (group(m->md, x->g_meas, line, meas, sizeof(meas)) == 0)
			return;
		strcpy(res, "pass");
	}
	if (x->fix && (f = lava_jget(x->fix, res)) && f->type == LAVA_J_STR &&
	    f->len < sizeof(res))
		memcpy(res, f->s, f->len + 1);
	if (strcmp(res, "pass") && strcmp(res, "fail") && strcmp(res, "skip") &&
	    strcmp(res, "unknown")) {
		lava_warnat("stdin", no, 0, "monitor %s: result '%.32s' is not "
		    "pass, fail, skip or unknown; no case", x->id, res);
		return;
	}
	more[0] = '\0';
	k = 0;
	if (group(m->md, x->g_meas, line, meas, sizeof(meas)) > 0 &&
	    strspn(meas, "0123456789.eE+-") == strlen(meas))
		k = (size_t)snprintf(more, sizeof(more), "\tMEASUREMENT=%s",
		    meas);
	if ((n = group(m->md, x->g_units, line, units, sizeof(units))) > 0) {
		for (i = 0; i < n; i++)
			if ((unsigned char)units[i] <= ' ' || units[i] == '<' ||
			    units[i] == '>' || units[i] == 0x7f)
				units[i] = '_';
		snprintf(more + k, sizeof(more) - k, "\tUNITS=%s", units);
	}
	emit(m, no, "TESTCASE\tTEST_CASE_ID=%s\tRESULT=%s%s", out, res, more);
}

int
lava_monitors_line(struct lava_monitors *m, unsigned long no, const char *p,
    size_t n)
{
	char line[LAVA_LINES_KEEP + 8];
	size_t len, off = 0;
	PCRE2_SIZE *ov, *ov2;
	int e, r;

	if (m->cur >= m->n)
		return 0;
	len = lava_lines_clean(line, sizeof(line), p, n);
	while (m->cur < m->n && off <= len) {
		struct mon *x = &m->v[m->cur];

		if (!m->running) {
			if (pcre2_match(x->start, (PCRE2_SPTR)line, len, off, 0,
			    m->md, NULL) < 0)
				return 0;
			emit(m, no, "STARTRUN\t%s\t%s", x->id, x->uuid);
			m->running = 1;
			ov = pcre2_get_ovector_pointer(m->md);
			off = ov[1] > off ? ov[1] : off + 1;
			continue;
		}
		/* The end is tried first, as LAVA lists it first. */
		e = pcre2_match(x->end, (PCRE2_SPTR)line, len, off, 0, m->md2,
		    NULL);
		r = pcre2_match(x->pat, (PCRE2_SPTR)line, len, off, 0, m->md,
		    NULL);
		if (e < 0 && r < 0)
			return 0;
		ov = pcre2_get_ovector_pointer(m->md);
		ov2 = pcre2_get_ovector_pointer(m->md2);
		if (e >= 0 && (r < 0 || ov2[0] <= ov[0])) {
			emit(m, no, "ENDRUN\t%s\t%s", x->id, x->uuid);
			m->running = 0;
			off = ov2[1] > off ? ov2[1] : off + 1;
			if (++m->cur == m->n)
				return m->endscan;
			if (m->v[m->cur].action != x->action)
				clock(m);
			continue;
		}
		result(m, x, no, line);
		off = ov[1] > off ? ov[1] : off + 1;
	}
	return 0;
}
