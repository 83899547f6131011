/* lava-bundle - turn a JOB dir into one Dashboard Bundle 1.5 JSON document */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "bundle_json.h"
#include "err.h"
#include "mem.h"
#include "record.h"
#include "results.h"
#include "ydoc.h"

static const char USAGE[] = "[-o file] job";

/* Longest records.tsv or handler output line read. */
#define LINE_MAX_BYTES (1u << 20)

/* Runs seen in JOB/records.tsv, each holding the results its records gave. */
static struct lava_brun *recs;
static size_t nrecs;

struct resdir {
	char *name;
	char *uuid;
	int used;
};

struct rundir {
	char *uuid;
	unsigned long n;
};

static int
uuid_ok(const char *s)
{
	size_t i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (s[i] == '\0' || !strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	}
	return s[36] == '\0';
}

/* Read a line of at most cap bytes into buf (the rest dropped); its length, or -1 at the end. */
static long
getline_capped(FILE *f, char *buf, size_t cap, int *longer)
{
	size_t n = 0;
	int c;

	*longer = 0;
	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (n < cap)
			buf[n++] = c;
		else
			*longer = 1;
	}
	if (c == EOF && n == 0 && !*longer)
		return -1;
	buf[n] = '\0';
	return n;
}

static struct lava_brun *
recrun(const char *uuid)
{
	size_t i;

	for (i = nrecs; i > 0; i--)
		if (strcmp(recs[i - 1].uuid, uuid) == 0)
			return &recs[i - 1];
	if ((nrecs & (nrecs - 1)) == 0)
		recs = lava_xrealloc(recs, (nrecs ? 2 * nrecs : 1) *
		    sizeof(*recs));
	memset(&recs[nrecs], 0, sizeof(recs[nrecs]));
	recs[nrecs].uuid = lava_xstrdup(uuid);
	return &recs[nrecs++];
}

/* A TESTCASE or TESTREFERENCE record as a result of run r. */
static void
rec_case(struct lava_brun *r, struct lava_record *rec, const char *set,
    const char *path)
{
	struct lava_bres tmp, *dst;
	const char *k, *v;
	char num[128];
	size_t i, kn;
	time_t t;
	struct tm tm;
	char date[32];

	memset(&tmp, 0, sizeof(tmp));
	for (i = 0; i < rec->nargs; i++) {
		k = rec->args[i];
		if ((v = strchr(k, '=')) == NULL)
			continue;
		kn = v++ - k;
		if (kn == 12 && memcmp(k, "TEST_CASE_ID", kn) == 0)
			lava_bstr_set(&tmp.id, v, strlen(v));
		else if (kn == 6 && memcmp(k, "RESULT", kn) == 0) {
			if (!lava_bresult_ok(v, strlen(v))) {
				lava_warnat(path, rec->line, 0, "result '%.64s' "
				    "is not pass, fail, skip or unknown; "
				    "record left out", v);
				goto out;
			}
			strcpy(tmp.result, v);
		} else if (kn == 11 && memcmp(k, "MEASUREMENT", kn) == 0) {
			if (lava_bnum(v, strlen(v), num, sizeof(num)) == 0)
				tmp.measurement = lava_xstrdup(num);
			else
				lava_warnat(path, rec->line, 0, "measurement "
				    "'%.64s' is not a number, left out", v);
		} else if (kn == 5 && memcmp(k, "UNITS", kn) == 0)
			lava_bstr_set(&tmp.units, v, strlen(v));
		else if (kn == 9 && memcmp(k, "REFERENCE", kn) == 0)
			lava_battr_set(&tmp.attrs, "reference", 9, v, strlen(v));
	}
	if (tmp.id.p == NULL || tmp.id.n == 0) {
		lava_warnat(path, rec->line, 0, "%s without TEST_CASE_ID, "
		    "record left out", rec->name);
		goto out;
	}
	if (set)
		lava_battr_set(&tmp.attrs, "set", 3, set, strlen(set));
	t = (time_t)rec->t;
	if (gmtime_r(&t, &tm) && strftime(date, sizeof(date),
	    "%Y-%m-%dT%H:%M:%SZ", &tm))
		lava_bstr_set(&tmp.timestamp, date, strlen(date));
	if ((dst = lava_brun_add(r, tmp.id.p, tmp.id.n)) != NULL)
		lava_bres_merge(dst, &tmp, path);
out:
	lava_bres_free(&tmp);
}

/* Keep what JOB/records.tsv says about each run, by run uuid. */
static void
load_records(const char *job)
{
	char *path = lava_xasprintf("%s/records.tsv", job), *line, *set = NULL;
	struct lava_brun *cur = NULL;
	struct lava_record rec;
	const char *why;
	unsigned long lineno = 0;
	int longer;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		if (errno != ENOENT)
			lava_warn("%s", path);
		free(path);
		return;
	}
	line = lava_xmalloc(LINE_MAX_BYTES + 1);
	while (getline_capped(f, line, LINE_MAX_BYTES, &longer) >= 0) {
		lineno++;
		if (longer || lava_record_parse(line, &rec, &why) < 0) {
			lava_warnat(path, lineno, 0, "%s; record left out",
			    longer ? "line too long" : why);
			continue;
		}
		if (strcmp(rec.name, "STARTRUN") == 0 && rec.nargs == 2 &&
		    uuid_ok(rec.args[1])) {
			cur = recrun(rec.args[1]);
			free(set);
			set = NULL;
		} else if (strcmp(rec.name, "ENDRUN") == 0) {
			cur = NULL;
		} else if (cur == NULL) {
			continue;
		} else if (strcmp(rec.name, "TESTCASE") == 0 ||
		    strcmp(rec.name, "TESTREFERENCE") == 0) {
			rec_case(cur, &rec, set, path);
		} else if (strcmp(rec.name, "TESTSET") == 0 && rec.nargs == 2) {
			free(set);
			set = strcmp(rec.args[0], "START") == 0 ?
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
			lava_battr_set(&cur->attrs, "raise", 5, msg, strlen(msg));
			free(msg);
		}
	}
	if (ferror(f))
		lava_warn("%s", path);
	fclose(f);
	free(set);
	free(line);
	free(path);
}

/* Is the string value v fit for an attribute; its text in *s, *n. */
static int
attr_value(const struct lava_jval *v)
{
	return v->type == LAVA_J_STR || v->type == LAVA_J_NUM ||
	    v->type == LAVA_J_BOOL;
}

/* Check one handler line against lava-handler(7); NULL if fine, else why not. */
static const char *
check_line(const struct lava_jval *o, struct lava_brun *r, const char *sdir,
    struct lava_bres **res)
{
	const struct lava_jval *v, *id = lava_jget(o, "test_case_id"), *p;
	char *full, *real;
	size_t i;

	*res = NULL;
	if (o->type != LAVA_J_OBJ)
		return "not a JSON object";
	if (id && id->type != LAVA_J_STR)
		return "test_case_id is not a string";
	if (id && (*res = lava_brun_find(r, id->s, id->len)) == NULL)
		return "names an unknown test case";
	if ((v = lava_jget(o, "duration")) && v->type != LAVA_J_STR)
		return "duration is not a string";
	if ((v = lava_jget(o, "measurement")) && v->type != LAVA_J_NUM)
		return "measurement is not a number";
	if ((v = lava_jget(o, "units")) && v->type != LAVA_J_STR)
		return "units is not a string";
	if ((v = lava_jget(o, "message")) && v->type != LAVA_J_STR)
		return "message is not a string";
	if ((v = lava_jget(o, "result")) && (v->type != LAVA_J_STR ||
	    !lava_bresult_ok(v->s, v->len)))
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
apply_line(const struct lava_jval *o, struct lava_brun *r,
    struct lava_bres *res, const char *sdir)
{
	const struct lava_jval *v, *p, *m;
	struct lava_battrs *attrs = res ? &res->attrs : &r->attrs;
	struct lava_batts *atts = res ? &res->atts : &r->atts;
	char *full, *real;
	size_t i;

	if (res && (v = lava_jget(o, "duration")))
		lava_bstr_set(&res->duration, v->s, v->len);
	if (res && (v = lava_jget(o, "measurement"))) {
		free(res->measurement);
		res->measurement = lava_xstrdup(v->s);
	}
	if (res && (v = lava_jget(o, "units")))
		lava_bstr_set(&res->units, v->s, v->len);
	if (res && (v = lava_jget(o, "message")))
		lava_bstr_set(&res->message, v->s, v->len);
	if (res && (v = lava_jget(o, "result")) && res->result[0] == '\0')
		memcpy(res->result, v->s, v->len);
	if ((v = lava_jget(o, "attributes")))
		for (i = 0; i + 1 < v->n; i += 2)
			lava_battr_set(attrs, v->kids[i].s, v->kids[i].len,
			    v->kids[i + 1].s, v->kids[i + 1].len);
	if ((v = lava_jget(o, "attachments")) == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		p = lava_jget(&v->kids[i], "pathname");
		m = lava_jget(&v->kids[i], "mime_type");
		full = lava_xasprintf("%s/%s", sdir, p->s);
		if ((real = realpath(full, NULL)) != NULL)
			lava_batt_add(atts, p->s, p->len, real, m ? m->s : NULL);
		free(real);
		free(full);
	}
}

/* Merge every line of every handler's output file of the run in rundir. */
static void
handler_output(struct lava_brun *r, const char *rundir)
{
	char *hdir = lava_xasprintf("%s/handlers", rundir), *path, *sdir, *line;
	struct lava_bres *res;
	struct lava_jval o;
	const char *why;
	unsigned long lineno;
	size_t n, i, off;
	long len;
	int longer;
	char **names = lava_rlist(AT_FDCWD, hdir, &n);
	FILE *f;

	line = lava_xmalloc(LINE_MAX_BYTES + 1);
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
		while ((len = getline_capped(f, line, LINE_MAX_BYTES,
		    &longer)) >= 0) {
			lineno++;
			if (longer) {
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
		lava_rlist_free(names, n);
	free(line);
	free(hdir);
}

/* JOB/runs/UUID/sources.tsv: PROJECT VCS REVISION URL per line. */
static void
sources(struct lava_brun *r, const char *rundir)
{
	char *path = lava_xasprintf("%s/sources.tsv", rundir), *buf, *line, *nl;
	char *f[4];
	size_t n, k;
	struct lava_bsrc *s;

	if (lava_rread(AT_FDCWD, path, path, 1u << 20, &buf, &n) != 0) {
		free(path);
		return;
	}
	for (line = buf; line < buf + n; line = nl + 1) {
		if ((nl = memchr(line, '\n', buf + n - line)) == NULL)
			nl = buf + n;
		*nl = '\0';
		for (k = 0, f[0] = line; k < 3 && f[k]; k++)
			if ((f[k + 1] = strchr(f[k], '\t')) != NULL)
				*f[k + 1]++ = '\0';
		if (k < 3 || f[3] == NULL || (strcmp(f[1], "git") != 0 &&
		    strcmp(f[1], "bzr") != 0 && strcmp(f[1], "svn") != 0)) {
			if (*line)
				lava_warnx("%s: bad line left out", path);
			continue;
		}
		r->srcs = lava_xrealloc(r->srcs, (r->nsrcs + 1) *
		    sizeof(*r->srcs));
		s = &r->srcs[r->nsrcs++];
		memset(s, 0, sizeof(*s));
		lava_bstr_set(&s->project, f[0], strlen(f[0]));
		lava_bstr_set(&s->vcs, f[1], strlen(f[1]));
		lava_bstr_set(&s->revision, f[2], strlen(f[2]));
		lava_bstr_set(&s->url, f[3], strlen(f[3]));
	}
	free(buf);
	free(path);
}

/* Build one test run from its runs entry and/or results dir and write it; -1 if it was left out. */
static int
one_run(FILE *out, const char *uuid, const char *rundir, const char *resdir,
    const struct lava_bctx *ctx, const char *date, int first)
{
	struct lava_brun r, *rec = NULL;
	struct lava_bstr inc = { 0, 0 };
	struct lava_ydoc doc = { 0 };
	struct lava_rdef def;
	const struct lava_ynode *name;
	const char *where = rundir ? rundir : resdir;
	char *tdpath;
	size_t i;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	memset(&def, 0, sizeof(def));
	if (!uuid_ok(uuid)) {
		lava_warnx("%s: '%.64s' is not a UUID; test run left out",
		    where, uuid);
		return -1;
	}
	tdpath = lava_xasprintf("%s/testdef.yaml", where);
	if (lava_yload_path(&doc, tdpath) < 0 || doc.root == NULL ||
	    (name = lava_yget(lava_yget(doc.root, "metadata"), "name")) ==
	    NULL || lava_ystr(name) == NULL) {
		lava_warnx("%s: no metadata.name; test run left out", tdpath);
		lava_yfree(&doc);
		free(tdpath);
		return -1;
	}
	r.uuid = lava_xstrdup(uuid);
	lava_bstr_set(&r.test_id, name->str, name->len);
	lava_rdef_load(&def, doc.root, tdpath);
	if (resdir) {
		lava_rresults(&r, &def, resdir);
		lava_rrun_files(&r, resdir);
	}
	/* The definition the run was made from, if the device kept none. */
	for (i = 0; i < r.atts.n; i++)
		if (strcmp(r.atts.a[i].path.p, "testdef.yaml") == 0)
			break;
	if (i == r.atts.n)
		lava_batt_add(&r.atts, "testdef.yaml", 12, tdpath, "text/plain");
	for (i = 0; i < nrecs; i++)
		if (strcmp(recs[i].uuid, uuid) == 0)
			rec = &recs[i];
	for (i = 0; rec && i < rec->nres; i++) {
		struct lava_bres *dst, *src = &rec->res[i];

		dst = lava_brun_find(&r, src->id.p, src->id.n);
		if (dst == NULL)
			dst = lava_brun_add(&r, src->id.p, src->id.n);
		if (dst)
			lava_bres_merge(dst, src, "records.tsv");
	}
	for (i = 0; rec && i < rec->attrs.n; i++)
		lava_battr_set(&r.attrs, rec->attrs.a[i].k.p,
		    rec->attrs.a[i].k.n, rec->attrs.a[i].v.p,
		    rec->attrs.a[i].v.n);
	if (rundir) {
		char *incpath = lava_xasprintf("%s/incomplete", rundir);

		if (lava_rread(AT_FDCWD, incpath, incpath, LAVA_RESULTS_SMALL,
		    &inc.p, &inc.n) == 0) {
			const char *p = inc.p;
			size_t n = lava_bstrip(&p, inc.n);

			lava_battr_set(&r.attrs, "incomplete", 10,
			    n ? p : "yes", n ? n : 3);
		}
		lava_bstr_free(&inc);
		free(incpath);
		sources(&r, rundir);
		handler_output(&r, rundir);
	}
	if (resdir == NULL && rec == NULL)
		lava_battr_set(&r.attrs, "incomplete", 10,
		    "no results from the device", 26);
	if (lava_bundle_run(out, &r, ctx, date, first) < 0)
		rc = 1;
	lava_rdef_free(&def);
	lava_yfree(&doc);
	lava_brun_free(&r);
	free(tdpath);
	return rc;
}

static int
cmprun(const void *a, const void *b)
{
	const struct rundir *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return strcmp(x->uuid, y->uuid);
}

/* The results dirs of JOB/results, each with the uuid it says it belongs to. */
static struct resdir *
list_results(const char *dir, size_t *n)
{
	size_t k, i, m = 0;
	char **names = lava_rlist(AT_FDCWD, dir, &k), *path;
	struct resdir *rd;
	struct lava_bstr u = { 0, 0 };
	struct stat st;

	*n = 0;
	if (names == NULL) {
		if (errno != ENOENT)
			lava_warn("%s", dir);
		return NULL;
	}
	rd = lava_xcalloc(k ? k : 1, sizeof(*rd));
	for (i = 0; i < k; i++) {
		if (strcmp(names[i], "hwcontext") == 0 ||
		    strcmp(names[i], "swcontext") == 0)
			continue;
		path = lava_xasprintf("%s/%s", dir, names[i]);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			char *up = lava_xasprintf("%s/analyzer_assigned_uuid",
			    path), *buf;
			const char *p;
			size_t len;

			rd[m].name = path;
			path = NULL;
			if (lava_rread(AT_FDCWD, up, up, 256, &buf, &len) == 0) {
				p = buf;
				len = lava_bstrip(&p, len);
				lava_bstr_set(&u, p, len);
				rd[m].uuid = u.p;
				u.p = NULL;
				free(buf);
			}
			free(up);
			m++;
		}
		free(path);
	}
	lava_rlist_free(names, k);
	*n = m;
	return rd;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *outfile = NULL, *job, *sde;
	char date[32], *path, *tmp = NULL;
	struct lava_bctx ctx;
	struct resdir *rd;
	struct rundir *runs = NULL;
	size_t nrd = 0, nruns = 0, k, i, j;
	char **names;
	time_t now;
	struct tm tm;
	FILE *out = stdout;
	int c, status = LAVA_EXIT_OK, first = 1, fd;

	lava_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1)
		switch (c) {
		case 'h': lava_usage(USAGE, 1);
		case 'o': outfile = optarg; break;
		case 'V': lava_version();
		default: lava_usage(USAGE, 0);
		}
	if (argc - optind != 1)
		lava_usage(USAGE, 0);
	job = argv[optind];

	now = time(NULL);
	if ((sde = getenv("SOURCE_DATE_EPOCH")) != NULL && *sde) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0)
			lava_diex(LAVA_EXIT_USAGE, "SOURCE_DATE_EPOCH: not a "
			    "number of seconds: %.64s", sde);
		now = (time_t)v;
	}
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		lava_diex(LAVA_EXIT_USAGE, "the date is out of range");

	path = lava_xasprintf("%s/runs", job);
	names = lava_rlist(AT_FDCWD, path, &k);
	if (names == NULL && errno != ENOENT)
		lava_die(LAVA_EXIT_FAIL, "%s", path);
	free(path);
	path = lava_xasprintf("%s/results", job);
	rd = list_results(path, &nrd);
	if (names == NULL && rd == NULL)
		lava_diex(LAVA_EXIT_FAIL, "%s: neither runs/ nor results/ "
		    "found", job);

	memset(&ctx, 0, sizeof(ctx));
	lava_rctx_load(&ctx, path);
	free(path);
	load_records(job);
	runs = lava_xcalloc(k ? k : 1, sizeof(*runs));
	for (i = 0; names && i < k; i++) {
		struct lava_bstr id = { 0, 0 };
		char *ip = lava_xasprintf("%s/runs/%s/id", job, names[i]);

		runs[nruns].uuid = names[i];
		runs[nruns].n = ULONG_MAX;
		if (lava_rread(AT_FDCWD, ip, ip, 256, &id.p, &id.n) == 0 &&
		    id.p[0] >= '0' && id.p[0] <= '9')
			runs[nruns].n = strtoul(id.p, NULL, 10);
		lava_bstr_free(&id);
		free(ip);
		nruns++;
	}
	qsort(runs, nruns, sizeof(*runs), cmprun);

	if (outfile) {
		tmp = lava_xasprintf("%s.XXXXXX", outfile);
		mode_t mask = umask(0);

		umask(mask);
		if ((fd = mkstemp(tmp)) < 0 || fchmod(fd, 0666 & ~mask) < 0 ||
		    (out = fdopen(fd, "w")) == NULL)
			lava_die(LAVA_EXIT_FAIL, "%s", tmp);
	}
	setvbuf(out, NULL, _IOFBF, 1u << 16);
	lava_bundle_begin(out);
	for (i = 0; i < nruns; i++) {
		char *rundir = lava_xasprintf("%s/runs/%s", job, runs[i].uuid);
		const char *res = NULL;

		for (j = 0; j < nrd; j++)
			if (!rd[j].used && rd[j].uuid &&
			    strcmp(rd[j].uuid, runs[i].uuid) == 0) {
				rd[j].used = 1;
				res = rd[j].name;
				break;
			}
		c = one_run(out, runs[i].uuid, rundir, res, &ctx, date, first);
		if (c < 0)
			status = LAVA_EXIT_FAIL;
		else
			first = 0;
		if (c > 0)
			status = LAVA_EXIT_FAIL;
		free(rundir);
	}
	for (i = 0; i < nrd; i++) {
		if (rd[i].used)
			continue;
		for (j = 0; j < nrd; j++)
			if (j != i && rd[j].used && rd[i].uuid && rd[j].uuid &&
			    strcmp(rd[i].uuid, rd[j].uuid) == 0)
				break;
		if (rd[i].uuid == NULL || j < nrd) {
			lava_warnx("%s: %s; test run left out", rd[i].name,
			    rd[i].uuid ? "its analyzer_assigned_uuid is "
			    "already bundled" : "no analyzer_assigned_uuid");
			status = LAVA_EXIT_FAIL;
			continue;
		}
		rd[i].used = 1;
		c = one_run(out, rd[i].uuid, NULL, rd[i].name, &ctx, date, first);
		if (c < 0)
			status = LAVA_EXIT_FAIL;
		else
			first = 0;
		if (c > 0)
			status = LAVA_EXIT_FAIL;
	}
	lava_bundle_end(out);
	for (i = 0; i < nrd; i++) {
		free(rd[i].name);
		free(rd[i].uuid);
	}
	free(rd);
	for (i = 0; i < nrecs; i++)
		lava_brun_free(&recs[i]);
	free(recs);
	free(runs);
	if (names)
		lava_rlist_free(names, k);
	lava_bctx_free(&ctx);

	if (outfile) {
		if (fflush(out) == EOF || ferror(out) || fsync(fileno(out)) < 0) {
			lava_warn("%s", tmp);
			fclose(out);
			unlink(tmp);
			free(tmp);
			return LAVA_EXIT_FAIL;
		}
		if (fclose(out) == EOF || rename(tmp, outfile) < 0) {
			lava_warn("%s", outfile);
			unlink(tmp);
			free(tmp);
			return LAVA_EXIT_FAIL;
		}
		free(tmp);
	} else if (lava_close_stdout() != 0) {
		return LAVA_EXIT_FAIL;
	}

	return status;
}
