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

#include "attach.h"
#include "bundle.h"
#include "bundle_merge.h"
#include "bundle_write.h"
#include "context.h"
#include "err.h"
#include "file.h"
#include "mem.h"
#include "names.h"
#include "outfile.h"
#include "results.h"
#include "ydoc.h"

static const char USAGE[] = "[-o file] job";

/* What JOB/records.tsv says about each run. */
static struct lava_merge_runs recs;
static char *recpath;		/* JOB/records.tsv */

/* The bundle being written. */
static struct {
	FILE *out;
	struct lava_context ctx;	/* of JOB/results */
	char date[32];			/* analyzer_assigned_date of every run */
	int first;			/* no run written yet */
} bundle = { .first = 1 };

struct resdir {
	char *name;
	char *uuid;
	int used;
};

struct rundir {
	char *uuid;
	char *id;		/* its id file's line, or NULL */
	unsigned long n;
};

/* JOB/runs/UUID/sources.tsv: PROJECT VCS REVISION URL per line. */
static void
sources(struct lava_testrun *r, const char *rundir)
{
	char *path = lava_xasprintf("%s/sources.tsv", rundir), *buf, *line, *nl;
	char *f[4];
	size_t n, k;
	struct lava_testsrc *s;

	if (lava_results_read(AT_FDCWD, path, path, 1u << 20, &buf, &n) != 0) {
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
		lava_bytes_set(&s->project, f[0], strlen(f[0]));
		lava_bytes_set(&s->vcs, f[1], strlen(f[1]));
		lava_bytes_set(&s->revision, f[2], strlen(f[2]));
		lava_bytes_set(&s->url, f[3], strlen(f[3]));
	}
	free(buf);
	free(path);
}

/*
 * Build one test run from its runs entry and/or results dir and write it:
 * LAVA_EXIT_OK, or LAVA_EXIT_FAIL (said) if it was left out or an
 * attachment could not be read.
 */
static int
one_run(const char *uuid, const char *rundir, const char *resdir)
{
	struct lava_testrun r, *rec = NULL;
	struct lava_bytes inc = { 0, 0 };
	struct lava_ydoc doc = { 0 };
	struct lava_logparse def;
	const struct lava_ynode *name;
	const char *where = rundir ? rundir : resdir;
	char *tdpath, *tdbuf = NULL;
	size_t tdlen;
	size_t i;
	int rc = LAVA_EXIT_OK;

	memset(&r, 0, sizeof(r));
	memset(&def, 0, sizeof(def));
	if (!lava_name_uuid_ok(uuid)) {
		lava_warnx("%s: '%.64s' is not a UUID; test run left out",
		    where, uuid);
		return LAVA_EXIT_FAIL;
	}
	tdpath = lava_xasprintf("%s/testdef.yaml", where);
	/* Through the results reader: no link, FIFO or device file. */
	if (lava_file_read(AT_FDCWD, tdpath, tdpath, LAVA_YAML_MAX,
	    LAVA_FILE_NOFOLLOW, &tdbuf, &tdlen) < 0 ||
	    lava_yload_mem(&doc, tdpath, tdbuf, tdlen) < 0 || doc.root == NULL ||
	    (name = lava_yget(lava_yget(doc.root, "metadata"), "name")) ==
	    NULL || lava_ystr(name) == NULL) {
		lava_warnx("%s: no metadata.name; test run left out", tdpath);
		lava_yfree(&doc);
		free(tdpath);
		free(tdbuf);
		return LAVA_EXIT_FAIL;
	}
	free(tdbuf);
	r.uuid = lava_xstrdup(uuid);
	lava_bytes_set(&r.test_id, name->str, name->len);
	/* The run's name in the results, as lava-tdload chose it. */
	if (rundir) {
		char *np = lava_xasprintf("%s/name", rundir), *nb;
		size_t nn;

		if (lava_results_read(AT_FDCWD, np, np, 8192, &nb, &nn) == 0) {
			if (nn > 0)
				lava_bytes_set(&r.test_id, nb, nn);
			free(nb);
		}
		free(np);
	}
	lava_logparse_load(&def, doc.root, tdpath);
	if (resdir) {
		lava_results_cases(&r, &def, resdir);
		lava_results_run_files(&r, resdir);
	}
	/* The definition the run was made from, if the device kept none. */
	for (i = 0; i < r.atts.n; i++)
		if (strcmp(r.atts.a[i].path.p, "testdef.yaml") == 0)
			break;
	if (i == r.atts.n)
		lava_attachments_add(&r.atts, "testdef.yaml", 12, tdpath,
		    "text/plain");
	rec = lava_merge_find(&recs, uuid);
	for (i = 0; rec && i < rec->nres; i++) {
		struct lava_result *dst, *src = &rec->res[i];
		const char *set = lava_result_set(src);

		if (lava_logparse_word(&def, src, recpath) < 0)
			continue;
		/* A case of a set: that set's result of the id, if any. */
		dst = set ? lava_testrun_find_set(&r, src->id.p, src->id.n, set) :
		    lava_testrun_find(&r, src->id.p, src->id.n);
		if (dst == NULL)
			dst = lava_testrun_add(&r, src->id.p, src->id.n);
		if (dst)
			lava_result_merge(dst, src, recpath);
	}
	/* The attachments of a set's cases, now that those cases are in. */
	if (resdir)
		lava_attach_sets(&r, resdir);
	/*
	 * The console saw the cases in the order they ran: a results dir
	 * only knows its files' times, which a copy or a coarse clock loses.
	 */
	if (rec)
		lava_testrun_order(&r, rec);
	for (i = 0; rec && i < rec->attrs.n; i++)
		lava_attrs_set(&r.attrs, rec->attrs.a[i].k.p,
		    rec->attrs.a[i].k.n, rec->attrs.a[i].v.p,
		    rec->attrs.a[i].v.n);
	if (rundir) {
		char *incpath = lava_xasprintf("%s/incomplete", rundir);

		if (lava_results_read(AT_FDCWD, incpath, incpath,
		    LAVA_RESULTS_SMALL, &inc.p, &inc.n) == 0) {
			const char *p = inc.p;
			size_t n = lava_bundle_strip(&p, inc.n);

			lava_attrs_set(&r.attrs, "incomplete", 10,
			    n ? p : "yes", n ? n : 3);
		}
		lava_bytes_free(&inc);
		free(incpath);
		sources(&r, rundir);
		lava_merge_handlers(&r, rundir);
		lava_merge_expected(&r, rundir);
	}
	if (resdir == NULL && rec == NULL)
		lava_attrs_set(&r.attrs, "incomplete", 10,
		    "no results from the device", 26);
	if (lava_bundle_run(bundle.out, &r, &bundle.ctx, bundle.date,
	    bundle.first) < 0)
		rc = LAVA_EXIT_FAIL;
	bundle.first = 0;
	lava_logparse_free(&def);
	lava_yfree(&doc);
	lava_testrun_free(&r);
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
	char **names = lava_dir_list(AT_FDCWD, dir, &k), *path;
	struct resdir *rd;
	struct lava_bytes u = { 0, 0 };
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
			if (lava_results_read(AT_FDCWD, up, up, 256, &buf,
			    &len) == 0) {
				p = buf;
				len = lava_bundle_strip(&p, len);
				lava_bytes_set(&u, p, len);
				rd[m].uuid = u.p;
				u.p = NULL;
				free(buf);
			}
			free(up);
			m++;
		}
		free(path);
	}
	lava_dir_list_free(names, k);
	*n = m;
	return rd;
}

/* The date every run is said to be bundled at: now, or SOURCE_DATE_EPOCH. */
static void
set_date(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t now = time(NULL);
	struct tm tm;

	if (sde != NULL && *sde) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(sde, &end, 10);
		if (errno || *end || v < 0)
			lava_diex(LAVA_EXIT_USAGE, "SOURCE_DATE_EPOCH: not a "
			    "number of seconds: %.64s", sde);
		now = (time_t)v;
	}
	if (gmtime_r(&now, &tm) == NULL || strftime(bundle.date,
	    sizeof(bundle.date), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		lava_diex(LAVA_EXIT_USAGE, "the date is out of range");
}

/* The entries of JOB/runs, in the order of their ids; NULL with errno if there is no runs/. */
static struct rundir *
list_runs(const char *job, size_t *n)
{
	char *path = lava_xasprintf("%s/runs", job);
	char **names = lava_dir_list(AT_FDCWD, path, n);
	struct rundir *runs;
	size_t i;
	int e;

	if (names == NULL) {
		e = errno;
		if (e != ENOENT)
			lava_die(LAVA_EXIT_FAIL, "%s", path);
		free(path);
		errno = e;
		return NULL;
	}
	free(path);
	runs = lava_xcalloc(*n ? *n : 1, sizeof(*runs));
	for (i = 0; i < *n; i++) {
		struct lava_bytes id = { 0, 0 };
		char *ip = lava_xasprintf("%s/runs/%s/id", job, names[i]);

		runs[i].uuid = names[i];
		runs[i].n = ULONG_MAX;
		if (lava_results_read(AT_FDCWD, ip, ip, 256, &id.p,
		    &id.n) == 0 && id.p[0] >= '0' && id.p[0] <= '9') {
			runs[i].n = strtoul(id.p, NULL, 10);
			id.p[strcspn(id.p, "\n")] = '\0';
			runs[i].id = id.p;
			id.p = NULL;
		}
		lava_bytes_free(&id);
		free(ip);
	}
	free(names);		/* the strings are the runs' now */
	qsort(runs, *n, sizeof(*runs), cmprun);
	return runs;
}

/* Nonzero if the results dir named path is named for the run id: "ID-...". */
static int
named_for(const char *path, const char *id)
{
	const char *base = strrchr(path, '/');
	size_t n = strlen(id);

	base = base ? base + 1 : path;
	return strncmp(base, id, n) == 0 && base[n] == '-';
}

/* The results dir of run uuid (named for its id, if known), marked used, or NULL. */
static const char *
take_results(struct resdir *rd, size_t nrd, const struct rundir *run)
{
	size_t j;

	for (j = 0; j < nrd; j++)
		if (!rd[j].used && rd[j].uuid &&
		    strcmp(rd[j].uuid, run->uuid) == 0 &&
		    (run->id == NULL || named_for(rd[j].name, run->id))) {
			rd[j].used = 1;
			return rd[j].name;
		}
	return NULL;
}

/* The runs entry of uuid, or NULL. */
static const struct rundir *
find_run(const struct rundir *runs, size_t nruns, const char *uuid)
{
	size_t i;

	for (i = 0; uuid && i < nruns; i++)
		if (strcmp(runs[i].uuid, uuid) == 0)
			return &runs[i];
	return NULL;
}

/* Write the results dirs no runs entry took; the exit status. */
static int
results_only(struct resdir *rd, size_t nrd, const struct rundir *runs,
    size_t nruns)
{
	const struct rundir *owner;
	size_t i, j;
	int status = LAVA_EXIT_OK;

	for (i = 0; i < nrd; i++) {
		if (rd[i].used)
			continue;
		/* A device may not put results under another run's uuid. */
		owner = find_run(runs, nruns, rd[i].uuid);
		if (owner && owner->id) {
			lava_warnx("%s: claims run %s, whose results dir is "
			    "named %s-...; test run left out", rd[i].name,
			    rd[i].uuid, owner->id);
			status = LAVA_EXIT_FAIL;
			continue;
		}
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
		if (one_run(rd[i].uuid, NULL, rd[i].name) != LAVA_EXIT_OK)
			status = LAVA_EXIT_FAIL;
	}
	return status;
}

/* Say which runs only records name (no definition, no test_id); the exit status. */
static int
records_only(const char *job, const struct rundir *runs, size_t nruns,
    const struct resdir *rd, size_t nrd)
{
	size_t i, j, k;
	int status = LAVA_EXIT_OK;

	for (i = 0; i < recs.n; i++) {
		for (j = 0; j < nruns; j++)
			if (strcmp(runs[j].uuid, recs.runs[i].uuid) == 0)
				break;
		for (k = 0; j == nruns && k < nrd; k++)
			if (rd[k].used && strcmp(rd[k].uuid,
			    recs.runs[i].uuid) == 0)
				break;
		if (j == nruns && k == nrd) {
			lava_warnx("%s/records.tsv: run %s has neither a runs "
			    "entry nor a results dir; its records left out",
			    job, recs.runs[i].uuid);
			status = LAVA_EXIT_FAIL;
		}
	}
	return status;
}

/* Read the options; JOB. */
static const char *
options(int argc, char *argv[], const char **outfile)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct stat st;
	int c;

	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1)
		switch (c) {
		case 'h': lava_usage(USAGE, 1);
		case 'o': *outfile = optarg; break;
		case 'V': lava_version();
		default: lava_usage(USAGE, 0);
		}
	if (argc - optind != 1)
		lava_usage(USAGE, 0);
	if (stat(argv[optind], &st) == -1 || !S_ISDIR(st.st_mode))
		lava_diex(LAVA_EXIT_USAGE, "%s: not a JOB directory",
		    argv[optind]);
	return argv[optind];
}

int
main(int argc, char *argv[])
{
	const char *outfile = NULL, *job;
	char *path;
	struct lava_outfile of;
	struct resdir *rd;
	struct rundir *runs;
	size_t nrd = 0, nruns = 0, i;
	int status = LAVA_EXIT_OK;

	lava_setprog(argv[0]);
	job = options(argc, argv, &outfile);
	set_date();
	runs = list_runs(job, &nruns);
	path = lava_xasprintf("%s/results", job);
	rd = list_results(path, &nrd);
	if (runs == NULL && rd == NULL)
		lava_diex(LAVA_EXIT_FAIL, "%s: neither runs/ nor results/ "
		    "found", job);
	lava_context_load(&bundle.ctx, path);
	free(path);
	recpath = lava_xasprintf("%s/records.tsv", job);
	lava_merge_records(&recs, recpath);

	lava_outfile_open(&of, outfile);
	bundle.out = of.f;
	setvbuf(bundle.out, NULL, _IOFBF, 1u << 16);
	lava_bundle_begin(bundle.out);
	for (i = 0; i < nruns; i++) {
		char *rundir = lava_xasprintf("%s/runs/%s", job, runs[i].uuid);

		if (one_run(runs[i].uuid, rundir, take_results(rd, nrd,
		    &runs[i])) != LAVA_EXIT_OK)
			status = LAVA_EXIT_FAIL;
		free(rundir);
	}
	if (results_only(rd, nrd, runs, nruns) != LAVA_EXIT_OK)
		status = LAVA_EXIT_FAIL;
	/* The kernel's reports: a run of their own, after the others. */
	if (recs.kernel && lava_bundle_run(bundle.out, recs.kernel,
	    &bundle.ctx, bundle.date, bundle.first) < 0)
		status = LAVA_EXIT_FAIL;
	lava_bundle_end(bundle.out);
	if (records_only(job, runs, nruns, rd, nrd) != LAVA_EXIT_OK)
		status = LAVA_EXIT_FAIL;

	for (i = 0; i < nrd; i++) {
		free(rd[i].name);
		free(rd[i].uuid);
	}
	free(rd);
	for (i = 0; i < nruns; i++) {
		free(runs[i].uuid);
		free(runs[i].id);
	}
	free(runs);
	lava_merge_free(&recs);
	free(recpath);
	lava_context_free(&bundle.ctx);
	if (lava_outfile_commit(&of) < 0)
		return LAVA_EXIT_FAIL;
	/* A results file refused (a link, a FIFO), records of no single
	 * run, or a result or value left out: exit 1. */
	if (lava_file_refused() > 0 || recs.dropped > 0 ||
	    lava_bundle_leftouts() > 0)
		status = LAVA_EXIT_FAIL;
	return status;
}
