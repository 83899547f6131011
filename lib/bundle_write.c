/*
 * bundle_write.c - a Dashboard Bundle 1.5 written as JSON, streamed: an
 * attachment goes out in base64 chunk by chunk, never whole in memory.
 * Keys come in a fixed order so equal input gives equal bytes.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "b64.h"
#include "bundle.h"
#include "bundle_write.h"
#include "err.h"
#include "file.h"
#include "json.h"

static void
key(FILE *f, const char *k, int *first)
{
	if (!*first)
		putc(',', f);
	*first = 0;
	fprintf(f, "\"%s\":", k);
}

static void
kstr(FILE *f, const char *k, const struct lava_bytes *s, int *first)
{
	if (s->p == NULL)
		return;
	key(f, k, first);
	lava_json_str(f, s->p, s->n);
}

static void
attrs_out(FILE *f, const char *k, const struct lava_attrs *a, int *first)
{
	size_t i;

	if (a->n == 0)
		return;
	key(f, k, first);
	putc('{', f);
	for (i = 0; i < a->n; i++) {
		if (i)
			putc(',', f);
		lava_json_str(f, a->a[i].k.p, a->a[i].k.n);
		putc(':', f);
		lava_json_str(f, a->a[i].v.p, a->a[i].v.n);
	}
	putc('}', f);
}

static int
atts_out(FILE *f, const struct lava_attachments *a, int *first)
{
	size_t i, n = 0;
	struct stat st;
	int fd, rc = 0;

	if (a->n == 0)
		return 0;
	key(f, "attachments", first);
	putc('[', f);
	for (i = 0; i < a->n; i++) {
		/* The file was a regular one when listed; it still must be. */
		fd = lava_file_open(AT_FDCWD, a->a[i].file, a->a[i].file,
		    LAVA_FILE_NOFOLLOW, &st);
		if (fd >= 0 && st.st_size > LAVA_BUNDLE_ATTMAX) {
			lava_warnx("%s: attachment of %jd bytes, over the cap "
			    "of %jd; not attached", a->a[i].file,
			    (intmax_t)st.st_size, (intmax_t)LAVA_BUNDLE_ATTMAX);
			close(fd);
			fd = -1;
		}
		if (fd < 0) {
			rc = -1;
			continue;
		}
		fputs(n++ ? ",{\"pathname\":" : "{\"pathname\":", f);
		lava_json_str(f, a->a[i].path.p, a->a[i].path.n);
		fputs(",\"mime_type\":", f);
		lava_json_cstr(f, a->a[i].mime);
		fputs(",\"content\":\"", f);
		/* No more than the cap, should the file grow meanwhile. */
		if (lava_b64_fd(f, fd, LAVA_BUNDLE_ATTMAX) < 0) {
			lava_warn("%s", a->a[i].file);
			rc = -1;
		}
		close(fd);
		fputs("\"}", f);
	}
	putc(']', f);
	return rc;
}

static int
result_out(FILE *f, const struct lava_result *res)
{
	int first = 1, rc;

	putc('{', f);
	kstr(f, "test_case_id", &res->id, &first);
	key(f, "result", &first);
	fprintf(f, "\"%s\"", res->result[0] ? res->result : "unknown");
	kstr(f, "message", &res->message, &first);
	/* The schema: measurement requires test_case_id, units requires measurement. */
	if (res->measurement && res->id.p) {
		key(f, "measurement", &first);
		fputs(res->measurement, f);
		kstr(f, "units", &res->units, &first);
	}
	kstr(f, "timestamp", &res->timestamp, &first);
	kstr(f, "duration", &res->duration, &first);
	if (res->log_filename) {
		key(f, "log_filename", &first);
		lava_json_cstr(f, res->log_filename);
		key(f, "log_lineno", &first);
		fprintf(f, "%lu", res->log_lineno);
	}
	attrs_out(f, "attributes", &res->attrs, &first);
	rc = atts_out(f, &res->atts, &first);
	putc('}', f);
	return rc;
}

static void
hw_out(FILE *f, const struct lava_context *c)
{
	static const struct lava_bytes q = { "?", 1 };
	unsigned long i;
	int first = 1;

	fputs(",\"hardware_context\":{\"devices\":[", f);
	for (i = 0; i < c->ncpu; i++) {
		fprintf(f, "%s{\"device_type\":\"device.cpu\","
		    "\"description\":\"Processor #%lu\"", i ? "," : "", i);
		first = 0;
		attrs_out(f, "attributes", &c->cpu, &first);
		putc('}', f);
	}
	fprintf(f, "%s{\"device_type\":\"device.board\",\"description\":",
	    c->ncpu ? "," : "");
	lava_json_str(f, c->board.p ? c->board.p : q.p,
	    c->board.p ? c->board.n : q.n);
	fputs(",\"attributes\":{\"revision\":", f);
	lava_json_str(f, c->revision.p ? c->revision.p : q.p,
	    c->revision.p ? c->revision.n : q.n);
	fputs("}}", f);
	if (c->mem.p) {
		fputs(",{\"device_type\":\"device.mem\",\"description\":", f);
		lava_json_str(f, c->mem.p, c->mem.n);
		putc('}', f);
	}
	fputs("]}", f);
}

static void
sw_out(FILE *f, const struct lava_testrun *r, const struct lava_context *c)
{
	size_t i;
	int first = 1;

	fputs(",\"software_context\":{", f);
	if (c->image.p) {
		key(f, "image", &first);
		fputs("{\"name\":", f);
		lava_json_str(f, c->image.p, c->image.n);
		putc('}', f);
	}
	if (c->npkgs) {
		key(f, "packages", &first);
		putc('[', f);
		for (i = 0; i < c->npkgs; i++) {
			fputs(i ? ",{\"name\":" : "{\"name\":", f);
			lava_json_str(f, c->pkgs[i].name.p, c->pkgs[i].name.n);
			fputs(",\"version\":", f);
			lava_json_str(f, c->pkgs[i].version.p,
			    c->pkgs[i].version.n);
			putc('}', f);
		}
		putc(']', f);
	}
	if (r->nsrcs) {
		key(f, "sources", &first);
		putc('[', f);
		for (i = 0; i < r->nsrcs; i++) {
			const struct lava_testsrc *s = &r->srcs[i];

			fputs(i ? ",{\"project_name\":" : "{\"project_name\":",
			    f);
			lava_json_str(f, s->project.p, s->project.n);
			fputs(",\"branch_vcs\":", f);
			lava_json_str(f, s->vcs.p, s->vcs.n);
			fputs(",\"branch_revision\":", f);
			lava_json_str(f, s->revision.p, s->revision.n);
			fputs(",\"branch_url\":", f);
			lava_json_str(f, s->url.p, s->url.n);
			putc('}', f);
		}
		putc(']', f);
	}
	putc('}', f);
}

void
lava_bundle_begin(FILE *f)
{
	fputs("{\"format\":\"Dashboard Bundle Format 1.5\",\"test_runs\":[", f);
}

int
lava_bundle_run(FILE *f, const struct lava_testrun *r,
    const struct lava_context *c, const char *date, int first)
{
	size_t i;
	int rc = 0, one = 0;

	fputs(first ? "\n{\"test_id\":" : ",\n{\"test_id\":", f);
	lava_json_str(f, r->test_id.p, r->test_id.n);
	fputs(",\"analyzer_assigned_uuid\":", f);
	lava_json_cstr(f, r->uuid);
	fprintf(f, ",\"analyzer_assigned_date\":\"%s\","
	    "\"time_check_performed\":false", date);
	attrs_out(f, "attributes", &r->attrs, &one);
	rc |= atts_out(f, &r->atts, &one);
	fputs(",\"test_results\":[", f);
	for (i = 0; i < r->nres; i++) {
		fputs(i ? ",\n" : "\n", f);
		rc |= result_out(f, &r->res[i]);
	}
	putc(']', f);
	if (c->hw)
		hw_out(f, c);
	sw_out(f, r, c);
	putc('}', f);
	return rc ? -1 : 0;
}

void
lava_bundle_end(FILE *f)
{
	fputs("\n]}\n", f);
}
