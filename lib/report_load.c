/* report_load.c - a bundle, its job's records and console, read for lava-report(1) */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "b64.h"
#include "err.h"
#include "mem.h"
#include "record.h"
#include "report.h"

int
lava_rkind(const char *result)
{
	static const char *const kinds[] = { "pass", "fail", "skip" };
	int k;

	for (k = 0; k < 3; k++)
		if (strcmp(result, kinds[k]) == 0)
			return k;
	return 3;
}

/* The string member key of o, or NULL; its length in *n if n. */
static const char *
str(struct json_object *o, const char *key, size_t *n)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	if (n)
		*n = json_object_get_string_len(v);
	return json_object_get_string(v);
}

/* Seconds of a bundle duration "Dd Ss Uus", or -1. */
static double
duration(const char *s)
{
	unsigned long d, sec, us;
	int end = 0;

	if (s == NULL || sscanf(s, "%lud %lus %luus%n", &d, &sec, &us,
	    &end) != 3 || s[end] != '\0')
		return -1;
	return d * 86400.0 + sec + us / 1e6;
}

static int
bad(const struct lava_report *r, const char *what)
{
	lava_warnx("%s: not a bundle: %s", r->path, what);
	return -1;
}

/* Read one test result; -1 if it is not one. */
static int
one_case(struct lava_report *r, struct lava_rcase *c, struct json_object *o)
{
	struct json_object *v;

	memset(c, 0, sizeof(*c));
	if (!json_object_is_type(o, json_type_object))
		return bad(r, "a test result is not an object");
	if ((c->id = str(o, "test_case_id", &c->idn)) == NULL)
		c->id = "";
	if ((c->result = str(o, "result", NULL)) == NULL)
		return bad(r, "a test result has no result");
	if (json_object_object_get_ex(o, "measurement", &v) &&
	    (json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int)))
		c->measurement = json_object_get_string(v);
	/* json-c clamps an integer past 64 bits: such a value is not the one written. */
	if (c->measurement && json_object_is_type(v, json_type_int) &&
	    (json_object_get_int64(v) == INT64_MIN ||
	    json_object_get_uint64(v) == UINT64_MAX)) {
		lava_warnx("%s: a measurement past 64 bits is left out",
		    r->path);
		c->measurement = NULL;
	}
	c->units = str(o, "units", NULL);
	c->message = str(o, "message", NULL);
	c->timestamp = str(o, "timestamp", NULL);
	c->duration = duration(str(o, "duration", NULL));
	return 0;
}

/* Give the cases of u that a parse pattern found their line of the run's stdout.log attachment. */
static void
log_lines(struct lava_rrun *u, struct json_object *run, struct json_object *res)
{
	struct json_object *atts, *a, *v;
	const char *content = NULL, *p, *end;
	size_t i, n = 0, k;
	unsigned long line;

	if (!json_object_object_get_ex(run, "attachments", &atts) ||
	    !json_object_is_type(atts, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(atts) && !content; i++) {
		a = json_object_array_get_idx(atts, i);
		if (json_object_is_type(a, json_type_object) &&
		    str(a, "pathname", NULL) &&
		    strcmp(str(a, "pathname", NULL), "stdout.log") == 0)
			content = str(a, "content", &n);
	}
	if (content == NULL || (u->log = lava_b64_dec(content, n, &u->logn)) == NULL)
		return;
	for (k = 0; k < u->n; k++) {
		struct json_object *o = json_object_array_get_idx(res, k);
		const char *fn = str(o, "log_filename", NULL);

		if (fn == NULL || strcmp(fn, "stdout.log") != 0 ||
		    !json_object_object_get_ex(o, "log_lineno", &v) ||
		    !json_object_is_type(v, json_type_int) ||
		    json_object_get_int64(v) < 1)
			continue;
		/* Lines as lava-bundle counts them in stdout.log: at each LF. */
		for (p = u->log, end = u->log + u->logn, line = 1;
		    p < end && line < (unsigned long)json_object_get_int64(v);
		    line++)
			if ((p = memchr(p, '\n', end - p)) == NULL)
				break;
			else
				p++;
		if (p == NULL || p >= end)
			continue;
		u->c[k].logline = p;
		u->c[k].loglinen = (memchr(p, '\n', end - p) ?
		    (const char *)memchr(p, '\n', end - p) : end) - p;
		u->c[k].lineno = line;
	}
}

int
lava_report_load(struct lava_report *r, const char *text, size_t n,
    const char *path)
{
	struct json_tokener *tok;
	struct json_object *runs, *res, *attrs, *v;
	enum json_tokener_error e;
	size_t i, j, k, len;

	memset(r, 0, sizeof(*r));
	r->path = path;
	if ((tok = json_tokener_new_ex(64)) == NULL)
		lava_diex(LAVA_EXIT_FAIL, "out of memory");
	r->root = json_tokener_parse_ex(tok, text, (int)n);
	e = json_tokener_get_error(tok);
	if (r->root == NULL || e != json_tokener_success) {
		/* Count lines and columns up to where the parser stopped. */
		size_t off = json_tokener_get_parse_end(tok), line = 1, col = 1;

		for (i = 0; i < off && i < n; i++, col++)
			if (text[i] == '\n')
				line++, col = 0;
		lava_warnat(path, line, col, "not a bundle: %s",
		    e == json_tokener_continue ? "the JSON text ends early" :
		    json_tokener_error_desc(e));
		json_tokener_free(tok);
		json_object_put(r->root);
		r->root = NULL;
		return -1;
	}
	len = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (; len < n; len++)
		if (!strchr(" \t\r\n", text[len]))
			return bad(r, "text after the JSON value");
	if (!json_object_is_type(r->root, json_type_object) ||
	    str(r->root, "format", NULL) == NULL ||
	    strncmp(str(r->root, "format", NULL), "Dashboard Bundle Format",
	    23) != 0)
		return bad(r, "no \"format\": \"Dashboard Bundle Format ...\"");
	if (!json_object_object_get_ex(r->root, "test_runs", &runs) ||
	    !json_object_is_type(runs, json_type_array))
		return bad(r, "no \"test_runs\" array");
	r->n = json_object_array_length(runs);
	r->runs = lava_xcalloc(r->n ? r->n : 1, sizeof(*r->runs));
	for (i = 0; i < r->n; i++) {
		struct lava_rrun *u = &r->runs[i];
		struct json_object *o = json_object_array_get_idx(runs, i);

		if (!json_object_is_type(o, json_type_object))
			return bad(r, "a test run is not an object");
		if ((u->test_id = str(o, "test_id", &u->test_idn)) == NULL)
			u->test_id = "";
		if ((u->uuid = str(o, "analyzer_assigned_uuid", NULL)) == NULL)
			u->uuid = "";
		if ((u->date = str(o, "analyzer_assigned_date", NULL)) == NULL)
			u->date = "";
		if (json_object_object_get_ex(o, "attributes", &attrs) &&
		    json_object_is_type(attrs, json_type_object))
			u->incomplete = str(attrs, "incomplete", NULL);
		if (!json_object_object_get_ex(o, "test_results", &res) ||
		    json_object_is_type(res, json_type_null))
			continue;
		if (!json_object_is_type(res, json_type_array))
			return bad(r, "\"test_results\" is not an array");
		u->n = json_object_array_length(res);
		u->c = lava_xcalloc(u->n ? u->n : 1, sizeof(*u->c));
		for (j = 0; j < u->n; j++) {
			v = json_object_array_get_idx(res, j);
			if (one_case(r, &u->c[j], v) < 0)
				return -1;
			k = lava_rkind(u->c[j].result);
			u->count[k]++;
			r->count[k]++;
		}
		log_lines(u, o, res);
	}
	return 0;
}

/* The case of run u named id, looked for from where the last one was found. */
static struct lava_rcase *
find_case(struct lava_rrun *u, const char *id, size_t *hint)
{
	size_t i, k, n = strlen(id);

	for (i = 0; i < u->n; i++) {
		k = (*hint + i) % u->n;
		if (u->c[k].idn == n && memcmp(u->c[k].id, id, n) == 0) {
			*hint = k;
			return &u->c[k];
		}
	}
	return NULL;
}

/* Fill in the cases of each run from the records kept in r->ev. */
static void
match_records(struct lava_report *r)
{
	struct lava_rrun *u = NULL;
	struct lava_rcase *c, *open = NULL;
	unsigned long last = 0;
	size_t i, j, hint = 0;

	for (i = 0; i < r->nev; i++) {
		struct lava_revent *e = &r->ev[i];
		const char *id = e->arg;

		if (strcmp(e->name, "STARTRUN") == 0) {
			/* STARTRUN ID UUID: the uuid is the second parameter. */
			const char *uuid = e->arg ? e->arg + strlen(e->arg) + 1 : "";

			u = NULL;
			for (j = 0; *uuid && j < r->n && u == NULL; j++)
				if (strcmp(r->runs[j].uuid, uuid) == 0)
					u = &r->runs[j];
			if (u && u->from == 0) {
				u->from = e->line;
				u->t0 = e->t;
			}
			open = NULL;
			last = e->line;
			continue;
		}
		if (u == NULL)
			continue;
		if (strcmp(e->name, "ENDRUN") == 0) {
			if (open && open->sig[2] == 0 && open->to < e->line)
				open->to = e->line;
			u->to = e->line;
			u->t1 = e->t;
			u = NULL;
			continue;
		}
		if (id && strcmp(e->name, "TESTCASE") == 0 &&
		    strncmp(id, "TEST_CASE_ID=", 13) == 0)
			id += 13;
		else if (strcmp(e->name, "STARTTC") != 0 &&
		    strcmp(e->name, "ENDTC") != 0)
			id = NULL;
		if (id == NULL || (c = find_case(u, id, &hint)) == NULL) {
			last = e->line;
			continue;
		}
		if (strcmp(e->name, "STARTTC") == 0) {
			if (open && open->sig[2] == 0 && open->to < e->line - 1)
				open->to = e->line - 1;
			c->sig[0] = c->from = e->line;
			c->t0 = e->t;
			c->open = 1;
			open = c;
		} else if (strcmp(e->name, "ENDTC") == 0) {
			c->sig[1] = c->to = e->line;
			c->t1 = e->t;
			c->open = 0;
			if (open == c)
				open = NULL;
		} else {
			c->sig[2] = e->line;
			if (c->from == 0) {
				/* Around a TESTCASE alone: what came since the last record. */
				c->from = last + 1 < e->line ? last + 1 : e->line;
				c->t0 = e->t;
			}
			if (c->to < e->line)
				c->to = e->line;
		}
		last = e->line;
	}
	/* A case still open at the end of the console runs to its end. */
	for (i = 0; i < r->n; i++)
		for (j = 0; j < r->runs[i].n; j++) {
			c = &r->runs[i].c[j];
			if (c->open && c->sig[2] == 0 && c->to <= c->from)
				c->to = r->runs[i].to ? r->runs[i].to :
				    r->nlines ? r->nlines : c->from;
		}
}

/* Read job/records.tsv into r->ev; bad lines are reported and skipped. */
static void
load_records(struct lava_report *r, const char *job)
{
	char *path = lava_xasprintf("%s/records.tsv", job), *line = NULL;
	size_t cap = 0, alloc = 0;
	unsigned long no = 0;
	ssize_t len;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL) {
		if (errno != ENOENT)
			lava_warn("%s", path);
		free(path);
		return;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		struct lava_record rec;
		struct lava_revent *e;
		const char *why;

		no++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (lava_record_parse(line, &rec, &why) < 0) {
			lava_warnat(path, no, 0, "%s; record left out", why);
			continue;
		}
		if (r->nev == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			r->ev = lava_xrealloc(r->ev, alloc * sizeof(*r->ev));
		}
		e = &r->ev[r->nev++];
		e->t = rec.t;
		e->line = rec.line;
		e->acked = rec.token != NULL;
		e->name = lava_xstrdup(rec.name);
		e->arg = NULL;
		/* Keep the first two parameters, NUL-separated. */
		if (rec.nargs > 0) {
			e->arg = lava_xasprintf("%s%c%s", rec.args[0], 0,
			    rec.nargs > 1 ? rec.args[1] : "");
		}
	}
	if (ferror(f))
		lava_warn("%s", path);
	if (r->nev)
		r->end = r->ev[r->nev - 1].name;
	free(line);
	fclose(f);
	free(path);
}

/* Map job/console.log and index its lines as lava-sigscan(1) counts them. */
static void
load_console(struct lava_report *r, const char *job)
{
	char *path = lava_xasprintf("%s/console.log", job);
	size_t i, alloc = 1024;
	struct stat st;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno != ENOENT)
			lava_warn("%s", path);
		free(path);
		return;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		lava_warnx("%s: not a regular file", path);
	} else if (st.st_size > 0) {
		r->con = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (r->con == MAP_FAILED) {
			lava_warn("%s", path);
			r->con = NULL;
		} else {
			r->conn = st.st_size;
		}
	}
	close(fd);
	free(path);
	if (r->con == NULL)
		return;
	r->line = lava_xmalloc(alloc * sizeof(*r->line));
	r->line[r->nlines++] = 0;
	for (i = 0; i < r->conn; i++) {
		if (r->con[i] != '\n' && r->con[i] != '\r')
			continue;
		/* A run of CRs followed by LF is one line end. */
		if (r->con[i] == '\r') {
			size_t j = i;

			while (j < r->conn && r->con[j] == '\r')
				j++;
			if (j < r->conn && r->con[j] == '\n')
				i = j;
		}
		if (i + 1 >= r->conn)
			break;
		if (r->nlines == alloc) {
			alloc *= 2;
			r->line = lava_xrealloc(r->line, alloc *
			    sizeof(*r->line));
		}
		r->line[r->nlines++] = i + 1;
	}
}

void
lava_report_job(struct lava_report *r, const char *job)
{
	load_console(r, job);
	load_records(r, job);
	match_records(r);
	lava_report_calls(r, job);
}

const char *
lava_rline(const struct lava_report *r, unsigned long k, size_t *n)
{
	size_t a, b;

	if (k == 0 || k > r->nlines)
		return NULL;
	a = r->line[k - 1];
	b = k < r->nlines ? r->line[k] : r->conn;
	while (b > a && (r->con[b - 1] == '\n' || r->con[b - 1] == '\r'))
		b--;
	*n = b - a;
	return r->con + a;
}

int
lava_rcase_has_lines(const struct lava_report *r, const struct lava_rcase *c)
{
	return (c->from && c->from <= r->nlines) || c->logline;
}

int
lava_rcase_lines(const struct lava_report *r, const struct lava_rcase *c,
    unsigned long *from, unsigned long *to)
{
	size_t bytes = 0, n;
	unsigned long k;

	if (c->from == 0 || r->nlines == 0 || c->from > r->nlines)
		return 0;
	*to = c->to < c->from ? c->from : c->to;
	if (*to > r->nlines)
		*to = r->nlines;
	for (k = *to; k >= c->from && *to - k < LAVA_REPORT_CASE_LINES; k--) {
		if (lava_rline(r, k, &n) == NULL ||
		    (bytes += n + 1) > LAVA_REPORT_CASE_BYTES)
			break;
	}
	*from = k + 1;
	return *from <= *to;
}

void
lava_report_free(struct lava_report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->runs[i].c);
		free(r->runs[i].log);
	}
	free(r->runs);
	for (i = 0; i < r->nev; i++) {
		free(r->ev[i].name);
		free(r->ev[i].arg);
	}
	free(r->ev);
	lava_report_calls_free(r);
	if (r->con)
		munmap(r->con, r->conn);
	free(r->line);
	json_object_put(r->root);
	memset(r, 0, sizeof(*r));
}
