/* results.c - a results dir, laid out as in lava-test-definition(5), into runs */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attach.h"
#include "bundle.h"
#include "err.h"
#include "file.h"
#include "mem.h"
#include "results.h"

int
lava_results_read(int dirfd, const char *name, const char *shown, size_t cap,
    char **buf, size_t *n)
{
	return lava_file_read(dirfd, name, shown, cap, LAVA_FILE_NOFOLLOW |
	    LAVA_FILE_CUT | LAVA_FILE_ABSENT, buf, n);
}

/* lava_results_read() of name under fd, stripped, reported as shown; 0 if it was read. */
static int
stripped(int fd, const char *name, const char *shown, struct lava_bytes *s)
{
	const char *p;
	char *buf;
	size_t n;
	int rc;

	rc = lava_results_read(fd, name, shown, LAVA_RESULTS_SMALL, &buf, &n);
	if (rc != 0)
		return rc;
	p = buf;
	n = lava_bundle_strip(&p, n);
	lava_bytes_set(s, p, n);
	free(buf);
	return 0;
}

int
lava_results_small(const char *dir, const char *name, struct lava_bytes *s)
{
	char *path = lava_xasprintf("%s/%s", dir, name);
	int rc = stripped(AT_FDCWD, path, path, s);

	free(path);
	return rc;
}

int
lava_logparse_load(struct lava_logparse *d, const struct lava_ynode *root,
    const char *path)
{
	const struct lava_ynode *parse = lava_yget(root, "parse");
	const struct lava_ynode *pat = lava_yget(parse, "pattern");
	const struct lava_ynode *fix = lava_yget(parse, "fixupdict");
	const char *pattern = lava_ystr(pat);
	PCRE2_SIZE off;
	size_t i;
	int err;

	memset(d, 0, sizeof(*d));
	/* The words a pattern finds and the RESULT= of the signals. */
	if (fix && fix->type == LAVA_Y_MAP) {
		for (i = 0; i + 1 < fix->n; i += 2)
			if (lava_ystr(fix->kids[i]) && lava_ystr(fix->kids[i + 1]))
				lava_attrs_set(&d->fix, fix->kids[i]->str,
				    fix->kids[i]->len, fix->kids[i + 1]->str,
				    fix->kids[i + 1]->len);
	} else if (fix && !lava_ynull(fix)) {
		lava_warnat(path, fix->line, fix->col,
		    "parse.fixupdict is not a mapping, left out");
	}
	/* LAVA v2 has no default pattern (the one LAVA v1 had is gone). */
	if (pattern == NULL || lava_ynull(pat) || *pattern == '\0')
		return 0;
	/* LAVA v2: re.M, searched for in the output, bytes as they are. */
	d->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_MULTILINE, &err, &off, NULL);
	if (d->re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(err, msg, sizeof(msg));
		lava_warnat(path, pat ? pat->line : 0, pat ? pat->col : 0,
		    "parse.pattern: %s at offset %zu; no results from the log",
		    (char *)msg, (size_t)off);
		return -1;
	}
	pcre2_jit_compile(d->re, PCRE2_JIT_COMPLETE);
	d->md = pcre2_match_data_create_from_pattern(d->re, NULL);
	if (d->md == NULL)
		lava_diex(LAVA_EXIT_FAIL, "out of memory");
	d->g_id = pcre2_substring_number_from_name(d->re,
	    (PCRE2_SPTR)"test_case_id");
	d->g_result = pcre2_substring_number_from_name(d->re,
	    (PCRE2_SPTR)"result");
	d->g_measurement = pcre2_substring_number_from_name(d->re,
	    (PCRE2_SPTR)"measurement");
	d->g_units = pcre2_substring_number_from_name(d->re,
	    (PCRE2_SPTR)"units");
	d->g_message = pcre2_substring_number_from_name(d->re,
	    (PCRE2_SPTR)"message");
	return 0;
}

void
lava_logparse_free(struct lava_logparse *d)
{
	size_t i;

	pcre2_match_data_free(d->md);
	pcre2_code_free(d->re);
	for (i = 0; i < d->fix.n; i++) {
		free(d->fix.a[i].k.p);
		free(d->fix.a[i].v.p);
	}
	free(d->fix.a);
	memset(d, 0, sizeof(*d));
}

/* The value parse.fixupdict gives the word *s of *n bytes, in place of it, if it has one. */
static void
fixup(const struct lava_logparse *d, const char **s, size_t *n)
{
	size_t i;

	for (i = 0; i < d->fix.n; i++)
		if (d->fix.a[i].k.n == *n &&
		    memcmp(d->fix.a[i].k.p, *s, *n) == 0) {
			*s = d->fix.a[i].v.p;
			*n = d->fix.a[i].v.n;
			return;
		}
}

/* The result the word s of n bytes stands for after parse.fixupdict, in
 * any letter case: pass, fail, skip, unknown, or NULL. */
static const char *
mapped(const struct lava_logparse *d, const char *s, size_t n)
{
	fixup(d, &s, &n);
	return lava_bundle_result_word(s, n);
}

int
lava_logparse_word(const struct lava_logparse *d, struct lava_result *res,
    const char *path)
{
	const char *w;

	if (res->word.p == NULL)
		return 0;
	if ((w = mapped(d, res->word.p, res->word.n)) == NULL) {
		lava_warnat(path, res->word_line, 0, "result '%.*s' is not "
		    "pass, fail, skip or unknown, nor mapped to one by "
		    "parse.fixupdict; test case %.*s left out",
		    (int)(res->word.n > 64 ? 64 : res->word.n), res->word.p,
		    (int)(res->id.n > 64 ? 64 : res->id.n), res->id.p);
		lava_bundle_leftout();
		return -1;
	}
	strcpy(res->result, w);
	return 0;
}

/* Group g of the last match, or NULL if it took no part. */
static const char *
group(const struct lava_logparse *d, const char *line, int g, size_t *n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);

	if (g <= 0 || (uint32_t)g >= pcre2_get_ovector_count(d->md) ||
	    ov[2 * g] == PCRE2_UNSET)
		return NULL;
	*n = ov[2 * g + 1] - ov[2 * g];
	return line + ov[2 * g];
}

/* The result of the match just made in line lineno. */
static void
one_match(struct lava_testrun *r, const struct lava_logparse *d,
    const char *path, unsigned long lineno, const char *line)
{
	const char *id, *res, *m, *u, *msg;
	size_t idn = 0, resn = 0, mn = 0, un = 0, msgn = 0;
	struct lava_result *br;
	char num[128];

	id = group(d, line, d->g_id, &idn);
	if (id) {
		idn = lava_bundle_strip(&id, idn);
		/* As LAVA: a case id with a space inside is no case, and
		 * no fault either (a loose pattern meets many such lines). */
		if (memchr(id, ' ', idn))
			return;
	}
	res = group(d, line, d->g_result, &resn);
	m = group(d, line, d->g_measurement, &mn);
	u = group(d, line, d->g_units, &un);
	msg = group(d, line, d->g_message, &msgn);
	if (res) {
		fixup(d, &res, &resn);
		if (!lava_bundle_result_ok(res, resn)) {
			lava_warnat(path, lineno, 0, "result '%.*s' is not "
			    "pass, fail, skip or unknown; line left out",
			    (int)(resn > 64 ? 64 : resn), res);
			lava_bundle_leftout();
			return;
		}
	}
	if ((br = lava_testrun_add(r, id, idn)) == NULL) {
		lava_warnat(path, lineno, 0, "too many results, rest left out");
		lava_bundle_leftout();
		return;
	}
	if (res)
		memcpy(br->result, res, resn);
	if (m && lava_bundle_num(m, mn, num, sizeof(num)) == 0)
		br->measurement = lava_xstrdup(num);
	else if (m) {
		lava_warnat(path, lineno, 0, "measurement '%.*s' is not a "
		    "number, left out", (int)(mn > 64 ? 64 : mn), m);
		lava_bundle_leftout();
	}
	if (u && br->measurement)
		lava_bytes_set(&br->units, u, un);
	if (msg)
		lava_bytes_set(&br->message, msg, msgn);
	br->log_filename = "stdout.log";
	br->log_lineno = lineno;
}

/* Search line lineno, as it is, for every match of the pattern, left to right. */
static void
match_line(struct lava_testrun *r, const struct lava_logparse *d,
    const char *path, unsigned long lineno, const char *line, size_t len)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);
	size_t off = 0;

	/* "\r\n" ends a line as "\n" does: a console's line end, no text. */
	if (len > 0 && line[len - 1] == '\r')
		len--;
	while (off <= len && pcre2_match(d->re, (PCRE2_SPTR)line, len, off, 0,
	    d->md, NULL) >= 0) {
		one_match(r, d, path, lineno, line);
		/* On after the match; past an empty one by a byte. */
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
}

static void
parse_log(struct lava_testrun *r, const struct lava_logparse *d, const char *dir)
{
	char *path = lava_xasprintf("%s/stdout.log", dir);
	char *line = lava_xmalloc(LAVA_RESULTS_LINE);
	unsigned long lineno = 0;
	size_t n = 0;
	off_t left = LAVA_RESULTS_LOG;
	struct stat st;
	FILE *f;
	int c, fd;

	fd = lava_file_open(AT_FDCWD, path, path, LAVA_FILE_NOFOLLOW |
	    LAVA_FILE_ABSENT, &st);
	if (fd < 0 || (f = fdopen(fd, "r")) == NULL) {
		if (fd >= 0) {
			lava_warn("%s", path);
			close(fd);
		}
		goto out;
	}
	if (st.st_size > left) {
		lava_warnx("%s: longer than %jd bytes, the rest is left out",
		    path, (intmax_t)left);
		lava_bundle_leftout();
	}
	do {
		c = left-- > 0 ? getc_unlocked(f) : EOF;
		if (c != '\n' && c != EOF) {
			if (n < LAVA_RESULTS_LINE)
				line[n++] = c;
			continue;
		}
		if (c == EOF && n == 0)
			break;
		lineno++;
		match_line(r, d, path, lineno, line, n);
		n = 0;
	} while (c != EOF);
	if (ferror(f))
		lava_warn("%s", path);
	fclose(f);
out:
	free(line);
	free(path);
}

/* The files of a results/CASE dir that mean something, as bits. */
enum { F_RESULT = 1, F_MEASUREMENT = 2, F_UNITS = 4, F_MESSAGE = 8,
	F_TIMESTAMP = 16, F_DURATION = 32, F_ATTRIBUTES = 64,
	F_ATTACHMENTS = 128 };

static const char *const casefiles[] = { "result", "measurement", "units",
	"message", "timestamp", "duration", "attributes", "attachments" };

/* Which of casefiles the dir fd holds: one listing instead of a failed open for each file missing. */
static unsigned
case_entries(int fd)
{
	char buf[4096];
	unsigned have = 0, k;
	ssize_t n, off;

	while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; ) {
			const struct dirent64 *e = (void *)(buf + off);

			for (k = 0; k < sizeof(casefiles) / sizeof(*casefiles); k++)
				if (strcmp(e->d_name, casefiles[k]) == 0)
					have |= 1u << k;
			off += e->d_reclen;
		}
		/*
		 * The kernel fills the buffer while the next entry fits (one
		 * takes at most 280 bytes): room left means the end was
		 * reached, and the call that would return 0 can be saved.
		 */
		if ((size_t)n < sizeof(buf) - 512)
			break;
	}
	return have;
}

/* lava_results_read() of name under the dir fd, stripped, reported as cdir/name; 0 if it was read. */
static int
small_at(int fd, const char *cdir, const char *name, struct lava_bytes *s)
{
	char *path = lava_xasprintf("%s/%s", cdir, name);
	int rc = stripped(fd, name, path, s);

	free(path);
	return rc;
}


/* v, read from cdir/name, goes to dst if ok, else it is said and freed. */
static void
checked(struct lava_bytes *dst, struct lava_bytes *v, int ok,
    const char *cdir, const char *name, const char *what)
{
	if (ok) {
		*dst = *v;
		v->p = NULL;
		v->n = 0;
		return;
	}
	lava_warnx("%s/%s: '%.*s' is not %s, left out", cdir, name,
	    (int)(v->n > 64 ? 64 : v->n), v->p, what);
	lava_bundle_leftout();
	lava_bytes_free(v);
}
/* One results/CASE dir (open as fd) as a result; -1 (reported) if it is refused. */
static int
read_case(struct lava_result *res, const struct lava_logparse *d, int fd,
    const char *cdir, const char *name)
{
	struct lava_bytes v = { 0, 0 };
	unsigned have = case_entries(fd);
	const char *w;
	char num[128];

	lava_bytes_set(&res->id, name, strlen(name));
	if ((have & F_RESULT) && small_at(fd, cdir, "result", &v) == 0) {
		if ((w = mapped(d, v.p, v.n)) == NULL) {
			lava_warnx("%s/result: '%.*s' is not pass, fail, skip "
			    "or unknown; test case left out", cdir,
			    (int)(v.n > 64 ? 64 : v.n), v.p);
			lava_bundle_leftout();
			lava_bytes_free(&v);
			return -1;
		}
		memcpy(res->result, w, strlen(w));
		lava_bytes_free(&v);
	}
	if ((have & F_MEASUREMENT) &&
	    small_at(fd, cdir, "measurement", &v) == 0) {
		if (lava_bundle_num(v.p, v.n, num, sizeof(num)) == 0)
			res->measurement = lava_xstrdup(num);
		else {
			lava_warnx("%s/measurement: '%.*s' is not a number, "
			    "left out", cdir, (int)(v.n > 64 ? 64 : v.n), v.p);
			lava_bundle_leftout();
		}
		lava_bytes_free(&v);
	}
	if (res->measurement && (have & F_UNITS))
		small_at(fd, cdir, "units", &res->units);
	if (have & F_MESSAGE)
		small_at(fd, cdir, "message", &res->message);
	if ((have & F_TIMESTAMP) && small_at(fd, cdir, "timestamp", &v) == 0)
		checked(&res->timestamp, &v, lava_bundle_date_ok(v.p, v.n), cdir,
		    "timestamp", "a date-time (YYYY-MM-DDThh:mm:ssZ)");
	if ((have & F_DURATION) && small_at(fd, cdir, "duration", &v) == 0)
		checked(&res->duration, &v, lava_bundle_duration_ok(v.p, v.n),
		    cdir, "duration", "a duration (Dd Ss Uus)");
	if (have & F_ATTRIBUTES)
		lava_attach_attrs(&res->attrs, cdir);
	if (have & F_ATTACHMENTS)
		lava_attach_dir(&res->atts, cdir);
	return 0;
}

struct casedir {
	struct lava_result res;
	struct timespec mtime;
};

static int
cmpcase(const void *a, const void *b)
{
	const struct casedir *x = a, *y = b;

	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? -1 : 1;
	return strcmp(x->res.id.p, y->res.id.p);
}

static void
read_cases(struct lava_testrun *r, const struct lava_logparse *d,
    const char *dir)
{
	char *rdir = lava_xasprintf("%s/results", dir), *cdir;
	struct casedir *cases;
	struct lava_result *dst;
	struct stat st;
	size_t n, i, k = 0;
	char **names = lava_dir_list(AT_FDCWD, rdir, &n);
	int rfd, fd;

	if (names == NULL) {
		if (errno != ENOENT)
			lava_warn("%s", rdir);
		free(rdir);
		return;
	}
	rfd = open(rdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	cases = lava_xcalloc(n ? n : 1, sizeof(*cases));
	/*
	 * Read every case dir, then merge them in the order their results
	 * were written: the time of the result file, which an attachment
	 * added later leaves alone, where the dir's own time changes.
	 */
	for (i = 0; rfd >= 0 && i < n; i++) {
		fd = openat(rfd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd < 0)
			continue;
		cdir = lava_xasprintf("%s/%s", rdir, names[i]);
		if ((fstatat(fd, "result", &st, AT_SYMLINK_NOFOLLOW) == 0 ||
		    fstat(fd, &st) == 0) &&
		    read_case(&cases[k].res, d, fd, cdir, names[i]) == 0)
			cases[k++].mtime = st.st_mtim;
		else
			lava_result_free(&cases[k].res);
		close(fd);
		free(cdir);
	}
	qsort(cases, k, sizeof(*cases), cmpcase);
	for (i = 0; i < k; i++) {
		dst = lava_testrun_find(r, cases[i].res.id.p, cases[i].res.id.n);
		if (dst == NULL)
			dst = lava_testrun_add(r, cases[i].res.id.p,
			    cases[i].res.id.n);
		if (dst)
			lava_result_merge(dst, &cases[i].res, rdir);
		else {
			lava_warnx("%s/%s: too many results, left out", rdir,
			    cases[i].res.id.p);
			lava_bundle_leftout();
		}
		lava_result_free(&cases[i].res);
	}
	if (rfd >= 0)
		close(rfd);
	free(cases);
	lava_dir_list_free(names, n);
	free(rdir);
}

void
lava_results_cases(struct lava_testrun *r, const struct lava_logparse *d, const char *dir)
{
	if (d->re)
		parse_log(r, d, dir);
	read_cases(r, d, dir);
}

void
lava_results_run_files(struct lava_testrun *r, const char *dir)
{
	static const char *const files[] = { "stdout.log", "testdef.yaml",
		"return_code" };
	struct stat st;
	size_t i;
	char *path;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		path = lava_xasprintf("%s/%s", dir, files[i]);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
			lava_attachments_add(&r->atts, files[i], strlen(files[i]),
			    path, "text/plain");
		else if (errno != ENOENT || lstat(path, &st) == 0)
			lava_warnx("%s: not a regular file, not attached",
			    path);
		free(path);
	}
	lava_attach_dir(&r->atts, dir);
	lava_attach_attrs(&r->attrs, dir);
}
