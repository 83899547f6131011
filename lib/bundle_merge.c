/* bundle_merge.c - what records and handler output add to the runs of a bundle */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <uuid/uuid.h>

#include "bundle.h"
#include "bundle_json.h"
#include "bundle_merge.h"
#include "err.h"
#include "file.h"
#include "mem.h"
#include "names.h"
#include "record.h"
#include "results.h"

static struct lava_testrun *
recrun(struct lava_merge_runs *rs, const char *uuid)
{
	size_t i;

	for (i = rs->n; i > 0; i--)
		if (strcmp(rs->runs[i - 1].uuid, uuid) == 0)
			return &rs->runs[i - 1];
	if ((rs->n & (rs->n - 1)) == 0)
		rs->runs = lava_xrealloc(rs->runs, (rs->n ? 2 * rs->n : 1) *
		    sizeof(*rs->runs));
	memset(&rs->runs[rs->n], 0, sizeof(rs->runs[rs->n]));
	rs->runs[rs->n].uuid = lava_xstrdup(uuid);
	return &rs->runs[rs->n++];
}

/* A TESTCASE or TESTREFERENCE record as a result of run r. */
static void
rec_case(struct lava_testrun *r, struct lava_record *rec, const char *set,
    const char *path)
{
	struct lava_result tmp, *dst;
	const char *k, *v, *w;
	char num[128];
	size_t i, kn;
	int positional;
	time_t t;
	struct tm tm;
	char date[32];

	memset(&tmp, 0, sizeof(tmp));
	/* LAVA's own lava-test-reference: ID RESULT URL, no KEY=. */
	positional = strcmp(rec->name, "TESTREFERENCE") == 0 &&
	    rec->nargs == 3 && !strchr(rec->args[0], '=') &&
	    !strchr(rec->args[1], '=') && !strstr(rec->args[2], "REFERENCE=");
	if (positional) {
		lava_bytes_set(&tmp.id, rec->args[0], strlen(rec->args[0]));
		if ((w = lava_bundle_result_word(rec->args[1],
		    strlen(rec->args[1]))) == NULL) {
			lava_warnat(path, rec->line, 0, "result '%.64s' is not "
			    "pass, fail, skip or unknown; record left out",
			    rec->args[1]);
			lava_bundle_leftout();
			goto out;
		}
		strcpy(tmp.result, w);
		lava_attrs_set(&tmp.attrs, "reference", 9, rec->args[2],
		    strlen(rec->args[2]));
	}
	for (i = 0; !positional && i < rec->nargs; i++) {
		k = rec->args[i];
		if ((v = strchr(k, '=')) == NULL)
			continue;
		kn = v++ - k;
		if (kn == 12 && memcmp(k, "TEST_CASE_ID", kn) == 0)
			lava_bytes_set(&tmp.id, v, strlen(v));
		else if (kn == 6 && memcmp(k, "RESULT", kn) == 0) {
			if (tmp.word.p) {
				lava_warnat(path, rec->line, 0, "RESULT given "
				    "twice; record left out");
				lava_bundle_leftout();
				goto out;
			}
			/*
			 * LAVA's helpers send the word as they got it, and
			 * LAVA maps it through the definition's fixupdict:
			 * lava-bundle does when it reads the definition.
			 */
			lava_bytes_set(&tmp.word, v, strlen(v));
			tmp.word_line = rec->line;
		} else if (kn == 11 && memcmp(k, "MEASUREMENT", kn) == 0) {
			if (lava_bundle_num(v, strlen(v), num, sizeof(num)) == 0)
				tmp.measurement = lava_xstrdup(num);
			else {
				lava_warnat(path, rec->line, 0, "measurement "
				    "'%.64s' is not a number, left out", v);
				lava_bundle_leftout();
			}
		} else if (kn == 5 && memcmp(k, "UNITS", kn) == 0)
			lava_bytes_set(&tmp.units, v, strlen(v));
		else if (kn == 9 && memcmp(k, "REFERENCE", kn) == 0)
			lava_attrs_set(&tmp.attrs, "reference", 9, v, strlen(v));
	}
	if (tmp.id.p == NULL || tmp.id.n == 0) {
		lava_warnat(path, rec->line, 0, "%s without TEST_CASE_ID, "
		    "record left out", rec->name);
		lava_bundle_leftout();
		goto out;
	}
	if (set)
		lava_attrs_set(&tmp.attrs, "set", 3, set, strlen(set));
	t = (time_t)rec->t;
	if (gmtime_r(&t, &tm) && strftime(date, sizeof(date),
	    "%Y-%m-%dT%H:%M:%SZ", &tm))
		lava_bytes_set(&tmp.timestamp, date, strlen(date));
	if ((dst = lava_testrun_add(r, tmp.id.p, tmp.id.n)) != NULL)
		lava_result_merge(dst, &tmp, path);
out:
	lava_result_free(&tmp);
}

/* The run of the kernel's reports, made at the first. */
static struct lava_testrun *
kernrun(struct lava_merge_runs *rs, const struct lava_record *rec)
{
	static const uuid_t ns = { 0x6c, 0x61, 0x76, 0x61, 0x2d, 0x6b, 0x65,
	    0x72, 0x6e, 0x65, 0x6c, 0x2d, 0x72, 0x75, 0x6e, 0x00 };
	struct lava_testrun *r = rs->kernel;
	char name[64], uuid[40];
	uuid_t u;

	if (r)
		return r;
	/* The same records give the same uuid. */
	snprintf(name, sizeof(name), "%s %lu", rec->time, rec->line);
	uuid_generate_sha1(u, ns, name, strlen(name));
	uuid_unparse_lower(u, uuid);
	r = rs->kernel = lava_xcalloc(1, sizeof(*r));
	r->uuid = lava_xstrdup(uuid);
	lava_bytes_set(&r->test_id, "kernel", 6);
	return r;
}

/* A KERNEL record: KIND LAST LINE..., a failed case of the kernel's run. */
static void
rec_kernel(struct lava_merge_runs *rs, struct lava_record *rec,
    const char *path)
{
	struct lava_testrun *r;
	struct lava_result *res;
	char id[80], span[64];
	size_t i, n;
	unsigned k;

	if (rec->nargs < 2 || !lava_name_ok(rec->args[0]) ||
	    strlen(rec->args[0]) > 40) {
		lava_warnat(path, rec->line, 0, "KERNEL record without a "
		    "kind and last line; left out");
		lava_bundle_leftout();
		return;
	}
	r = kernrun(rs, rec);
	snprintf(id, sizeof(id), "%s", rec->args[0]);
	for (k = 2; lava_testrun_find(r, id, strlen(id)) != NULL; k++)
		snprintf(id, sizeof(id), "%s-%u", rec->args[0], k);
	if ((res = lava_testrun_add(r, id, strlen(id))) == NULL)
		return;
	strcpy(res->result, "fail");
	res->log_filename = "console.log";
	res->log_lineno = rec->line;
	for (i = 2, n = 0; i < rec->nargs; i++)
		n += strlen(rec->args[i]) + 1;
	res->message.p = lava_xmalloc(n + 1);
	for (i = 2, n = 0; i < rec->nargs; i++) {
		size_t m = strlen(rec->args[i]);

		memcpy(res->message.p + n, rec->args[i], m);
		n += m;
		res->message.p[n++] = '\n';
	}
	res->message.p[n] = '\0';
	res->message.n = n;
	lava_attrs_set(&res->attrs, "kind", 4, rec->args[0],
	    strlen(rec->args[0]));
	n = (size_t)snprintf(span, sizeof(span), "%lu-%s", rec->line,
	    rec->args[1]);
	lava_attrs_set(&res->attrs, "console_lines", 13, span, n);
}

/* Say why rec is not attributed to a run, and count it. */
static void __attribute__((format(printf, 4, 5)))
drop(struct lava_merge_runs *rs, const char *path,
    const struct lava_record *rec, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lava_warnat(path, rec->line, 0, "%s", msg);
	rs->dropped++;
}

void
lava_merge_records(struct lava_merge_runs *rs, const char *path)
{
	char *line, *set = NULL;
	struct lava_testrun *cur = NULL;
	struct lava_record rec;
	const char *why;
	unsigned long lineno = 0, total = 0;
	int longer;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		if (errno != ENOENT)
			lava_warn("%s", path);
		return;
	}
	line = lava_xmalloc(LAVA_MERGE_LINE + 1);
	while (lava_file_getline(f, line, LAVA_MERGE_LINE, &longer) >= 0) {
		lineno++;
		if ((longer & LAVA_LINE_LONG) || lava_record_parse(line, &rec, &why) < 0) {
			lava_warnat(path, lineno, 0, "%s; record left out",
			    (longer & LAVA_LINE_LONG) ? "line too long" : why);
			lava_bundle_leftout();
			continue;
		}
		if (strcmp(rec.name, "KERNEL") == 0) {
			rec_kernel(rs, &rec, path);
		} else if (strcmp(rec.name, "PANIC") == 0 && rs->kernel) {
			char why[80];
			int n = snprintf(why, sizeof(why), "kernel panic on "
			    "console line %lu", rec.line);

			lava_attrs_set(&rs->kernel->attrs, "job_outcome", 11,
			    why, (size_t)n);
		} else if (strcmp(rec.name, "STARTRUN") == 0) {
			free(set);
			set = NULL;
			if (cur != NULL)
				drop(rs, path, &rec, "STARTRUN of run %.64s while "
				    "run %s is open", rec.nargs > 1 ?
				    rec.args[1] : "", cur->uuid);
			cur = NULL;
			if (rec.nargs != 2 || !lava_name_uuid_ok(rec.args[1])) {
				drop(rs, path, &rec, "STARTRUN without a run "
				    "uuid; its records are left out");
				continue;
			}
			/* Text a test printed can look like a signal. */
			if (lava_merge_find(rs, rec.args[1]) != NULL)
				drop(rs, path, &rec, "run %s started a second "
				    "time", rec.args[1]);
			cur = recrun(rs, rec.args[1]);
		} else if (strcmp(rec.name, "ENDRUN") == 0) {
			/* Another run's ENDRUN a test printed ends nothing. */
			if (cur != NULL && (rec.nargs != 2 ||
			    strcmp(rec.args[1], cur->uuid) != 0)) {
				drop(rs, path, &rec, "ENDRUN of run %.64s while "
				    "run %s is open; ignored", rec.nargs > 1 ?
				    rec.args[1] : "", cur->uuid);
				continue;
			}
			if (cur == NULL)
				drop(rs, path, &rec, "ENDRUN with no run open");
			cur = NULL;
		} else if (cur == NULL) {
			if (strcmp(rec.name, "TESTCASE") == 0 ||
			    strcmp(rec.name, "TESTREFERENCE") == 0 ||
			    strcmp(rec.name, "TESTSET") == 0 ||
			    strcmp(rec.name, "TESTRAISE") == 0)
				drop(rs, path, &rec, "%s outside any run; left "
				    "out", rec.name);
			continue;
		} else if (strcmp(rec.name, "TESTCASE") == 0 ||
		    strcmp(rec.name, "TESTREFERENCE") == 0) {
			if (total++ == LAVA_BUNDLE_MAXRES) {
				lava_warnat(path, rec.line, 0, "more than %d "
				    "results; the rest left out",
				    LAVA_BUNDLE_MAXRES);
				lava_bundle_leftout();
			}
			if (total <= LAVA_BUNDLE_MAXRES)
				rec_case(cur, &rec, set, path);
		} else if (strcmp(rec.name, "TESTSET") == 0 && rec.nargs >= 1) {
			/* LAVA's STOP names no set. */
			free(set);
			set = strcmp(rec.args[0], "START") == 0 && rec.nargs == 2 ?
			    lava_xstrdup(rec.args[1]) : NULL;
		} else if (strcmp(rec.name, "TESTRAISE") == 0) {
			char *msg = lava_xstrdup("");
			size_t i;

			for (i = 0; i < rec.nargs; i++) {
				char *m = lava_xasprintf("%s%s%s", msg,
				    i ? " " : "", rec.args[i]);

				free(msg);
				msg = m;
			}
			lava_attrs_set(&cur->attrs, "raise", 5, msg, strlen(msg));
			free(msg);
		}
	}
	if (ferror(f))
		lava_warn("%s", path);
	fclose(f);
	free(set);
	free(line);
}


struct lava_testrun *
lava_merge_find(struct lava_merge_runs *rs, const char *uuid)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->runs[i].uuid, uuid) == 0)
			return &rs->runs[i];
	return NULL;
}

void
lava_merge_free(struct lava_merge_runs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		lava_testrun_free(&rs->runs[i]);
	free(rs->runs);
	rs->runs = NULL;
	rs->n = 0;
	if (rs->kernel) {
		lava_testrun_free(rs->kernel);
		free(rs->kernel);
		rs->kernel = NULL;
	}
}

/* Can v be an attribute value (its text)? */
static int
attr_value(const struct lava_jval *v)
{
	return v->type == LAVA_J_STR || v->type == LAVA_J_NUM ||
	    v->type == LAVA_J_BOOL;
}

/* Check one handler line against lava-handler(7); NULL if fine, else why not. */
static const char *
check_line(const struct lava_jval *o, struct lava_testrun *r, const char *sdir,
    struct lava_result **res)
{
	const struct lava_jval *v, *id = lava_jget(o, "test_case_id"), *p;
	char *full, *real;
	size_t i;

	*res = NULL;
	if (o->type != LAVA_J_OBJ)
		return "not a JSON object";
	if (id && id->type != LAVA_J_STR)
		return "test_case_id is not a string";
	if (id && (*res = lava_testrun_find(r, id->s, id->len)) == NULL)
		return "names an unknown test case";
	if ((v = lava_jget(o, "duration")) && (v->type != LAVA_J_STR ||
	    !lava_bundle_duration_ok(v->s, v->len)))
		return "duration is not a string Dd Ss Uus";
	if ((v = lava_jget(o, "measurement")) && v->type != LAVA_J_NUM)
		return "measurement is not a number";
	if ((v = lava_jget(o, "units")) && v->type != LAVA_J_STR)
		return "units is not a string";
	if ((v = lava_jget(o, "message")) && v->type != LAVA_J_STR)
		return "message is not a string";
	if ((v = lava_jget(o, "result")) && (v->type != LAVA_J_STR ||
	    !lava_bundle_result_ok(v->s, v->len)))
		return "result is not pass, fail, skip or unknown";
	if ((v = lava_jget(o, "attributes"))) {
		if (v->type != LAVA_J_OBJ)
			return "attributes is not an object";
		for (i = 1; i < v->n; i += 2)
			if (!attr_value(&v->kids[i]))
				return "an attribute value is not a string";
	}
	if ((v = lava_jget(o, "attachments")) == NULL)
		return NULL;
	if (v->type != LAVA_J_ARR)
		return "attachments is not an array";
	for (i = 0; i < v->n; i++) {
		struct stat st;
		int inside;

		if ((p = lava_jget(&v->kids[i], "pathname")) == NULL ||
		    p->type != LAVA_J_STR || p->len == 0 ||
		    memchr(p->s, '\0', p->len))
			return "an attachment has no pathname";
		if ((p = lava_jget(&v->kids[i], "mime_type")) &&
		    (p->type != LAVA_J_STR || memchr(p->s, '\0', p->len)))
			return "an attachment's mime_type is not a string";
		p = lava_jget(&v->kids[i], "pathname");
		if (p->s[0] == '/')
			return "an attachment names a file outside its state dir";
		full = lava_xasprintf("%s/%s", sdir, p->s);
		real = realpath(full, NULL);
		free(full);
		if (real == NULL)
			return "an attachment names a file that cannot be read";
		inside = real && strncmp(real, sdir, strlen(sdir)) == 0 &&
		    real[strlen(sdir)] == '/';
		if (inside && (stat(real, &st) < 0 || !S_ISREG(st.st_mode))) {
			free(real);
			return "an attachment is not a regular file";
		}
		free(real);
		if (!inside)
			return "an attachment names a file outside its state dir";
	}
	return NULL;
}

/* Merge one checked handler line into run r (res: its test case, or NULL). */
static void
apply_line(const struct lava_jval *o, struct lava_testrun *r,
    struct lava_result *res, const char *sdir)
{
	const struct lava_jval *v, *p, *m;
	struct lava_attrs *attrs = res ? &res->attrs : &r->attrs;
	struct lava_attachments *atts = res ? &res->atts : &r->atts;
	char *full, *real;
	size_t i;

	if (res && (v = lava_jget(o, "duration")))
		lava_bytes_set(&res->duration, v->s, v->len);
	if (res && (v = lava_jget(o, "measurement"))) {
		free(res->measurement);
		res->measurement = lava_xstrdup(v->s);
	}
	if (res && (v = lava_jget(o, "units")))
		lava_bytes_set(&res->units, v->s, v->len);
	if (res && (v = lava_jget(o, "message")))
		lava_bytes_set(&res->message, v->s, v->len);
	if (res && (v = lava_jget(o, "result")) && res->result[0] == '\0')
		memcpy(res->result, v->s, v->len);
	if ((v = lava_jget(o, "attributes")))
		for (i = 0; i + 1 < v->n; i += 2)
			lava_attrs_set(attrs, v->kids[i].s, v->kids[i].len,
			    v->kids[i + 1].s, v->kids[i + 1].len);
	if ((v = lava_jget(o, "attachments")) == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		p = lava_jget(&v->kids[i], "pathname");
		m = lava_jget(&v->kids[i], "mime_type");
		full = lava_xasprintf("%s/%s", sdir, p->s);
		if ((real = realpath(full, NULL)) != NULL)
			lava_attachments_add(atts, p->s, p->len, real, m ? m->s : NULL);
		free(real);
		free(full);
	}
}

void
lava_merge_handlers(struct lava_testrun *r, const char *rundir)
{
	char *hdir = lava_xasprintf("%s/handlers", rundir), *path, *sdir, *line;
	struct lava_result *res;
	struct lava_jval o;
	const char *why;
	unsigned long lineno;
	size_t n, i, off;
	long len;
	int longer;
	char **names = lava_dir_list(AT_FDCWD, hdir, &n);
	FILE *f;

	line = lava_xmalloc(LAVA_MERGE_LINE + 1);
	for (i = 0; names && i < n; i++) {
		path = lava_xasprintf("%s/%s", hdir, names[i]);
		sdir = realpath(path, NULL);
		free(path);
		path = lava_xasprintf("%s/%s/output", hdir, names[i]);
		if (sdir == NULL || (f = fopen(path, "re")) == NULL) {
			if (errno != ENOENT)
				lava_warn("%s", path);
			free(sdir);
			free(path);
			continue;
		}
		lineno = 0;
		while ((len = lava_file_getline(f, line, LAVA_MERGE_LINE,
		    &longer)) >= 0) {
			lineno++;
			if (longer & LAVA_LINE_LONG) {
				lava_warnat(path, lineno, 0, "line too long; "
				    "left out");
				continue;
			}
			if (lava_jparse(line, len, &o, &why, &off) < 0) {
				lava_warnat(path, lineno, off + 1, "not JSON: "
				    "%s; line left out", why);
				continue;
			}
			if ((why = check_line(&o, r, sdir, &res)) != NULL)
				lava_warnat(path, lineno, 0, "%s; line left out",
				    why);
			else
				apply_line(&o, r, res, sdir);
			lava_jfree(&o);
		}
		if (ferror(f))
			lava_warn("%s", path);
		fclose(f);
		free(sdir);
		free(path);
	}
	if (names)
		lava_dir_list_free(names, n);
	free(line);
	free(hdir);
}

/* The reason a case failed because of the expected list, as an attribute. */
static void
reason(struct lava_result *res, const char *why)
{
	lava_attrs_set(&res->attrs, "reason", 6, why, strlen(why));
}

void
lava_merge_expected(struct lava_testrun *r, const char *rundir)
{
	char *path = lava_xasprintf("%s/expected", rundir), *text, *p, *nl;
	unsigned char *seen;
	struct lava_result *res;
	size_t n, i, k, ne = 0;
	char **want = NULL;

	if (lava_results_read(AT_FDCWD, path, path, LAVA_RESULTS_SMALL, &text,
	    &n) != 0) {
		free(path);
		return;
	}
	for (p = text; p < text + n; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(text + n - p))) == NULL)
			nl = text + n;
		*nl = '\0';
		if (*p == '\0')
			continue;
		want = lava_xrealloc(want, (ne + 1) * sizeof(*want));
		want[ne++] = p;
	}
	seen = lava_xcalloc(ne ? ne : 1, 1);
	for (i = 0; i < r->nres; i++) {
		res = &r->res[i];
		for (k = 0; k < ne; k++)
			if (res->id.p && strlen(want[k]) == res->id.n &&
			    memcmp(want[k], res->id.p, res->id.n) == 0)
				break;
		if (k < ne) {
			seen[k] = 1;
			continue;
		}
		if (strcmp(res->result, "fail") != 0) {
			char why[64];

			snprintf(why, sizeof(why), "not expected; reported as "
			    "%s", res->result[0] ? res->result : "nothing");
			strcpy(res->result, "fail");
			reason(res, why);
		} else
			reason(res, "not expected");
	}
	for (k = 0; k < ne; k++)
		if (!seen[k] && lava_testrun_find(r, want[k],
		    strlen(want[k])) == NULL &&
		    (res = lava_testrun_add(r, want[k], strlen(want[k])))) {
			strcpy(res->result, "fail");
			reason(res, "expected, never reported");
		}
	free(seen);
	free(want);
	free(text);
	free(path);
}
