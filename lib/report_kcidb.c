/* report_kcidb.c - a KCIDB I/O 5.3 document: one test per case */
#include <string.h>

#include "json.h"
#include "report_fmt.h"
#include "report_text.h"

static void
jstr(FILE *f, const char *key, const char *s, size_t n)
{
	fprintf(f, ",\"%s\":\"", key);
	lava_rtext(f, s, n, LAVA_ESC_JSON, 0);
	putc('"', f);
}

/* The fields every test of run u shares: id, origin, build_id, and the path's run part. */
static void
head(FILE *f, const struct lava_rrun *u, const struct lava_ropts *o,
    const char *id)
{
	fputs("{\"id\":", f);
	lava_json_cstr(f, id);
	fputs(",\"origin\":", f);
	lava_json_cstr(f, o->origin);
	fputs(",\"build_id\":", f);
	lava_json_cstr(f, o->build);
	fputs(",\"path\":\"", f);
	lava_rpath(f, u->test_id, u->test_idn);
}

static void
one_case(FILE *f, const struct lava_report *r, const struct lava_rrun *u,
    const struct lava_rcase *c, size_t no, const struct lava_ropts *o)
{
	static const char *const status[] = { "PASS", "FAIL", "SKIP", "ERROR" };
	double s = lava_rcase_seconds(c);
	char id[256];

	snprintf(id, sizeof(id), "%s:%s.%zu", o->origin, u->uuid, no);
	head(f, u, o, id);
	putc('.', f);
	lava_rpath(f, c->id, c->idn);
	fprintf(f, "\",\"status\":\"%s\"",
	    c->open ? "ERROR" : status[lava_rkind(c->result)]);
	if (c->t0 > 0) {
		fputs(",\"start_time\":\"", f);
		lava_rtime(f, c->t0);
		putc('"', f);
	} else if (c->timestamp) {
		jstr(f, "start_time", c->timestamp, strlen(c->timestamp));
	}
	if (s >= 0)
		fprintf(f, ",\"duration\":%.6f", s);
	if (c->measurement) {
		fprintf(f, ",\"number\":{\"value\":%s", c->measurement);
		if (c->units)
			jstr(f, "unit", c->units, strlen(c->units));
		putc('}', f);
	}
	jstr(f, "comment", c->id, c->idn);
	if (lava_rcase_has_lines(r, c)) {
		fputs(",\"log_excerpt\":\"", f);
		lava_rcase_console(f, r, c, LAVA_ESC_JSON, "", "\\n");
		putc('"', f);
	}
	fputs(",\"misc\":{\"run\":\"", f);
	lava_rtext(f, u->test_id, u->test_idn, LAVA_ESC_JSON, 0);
	fputs("\",\"run_uuid\":", f);
	lava_json_cstr(f, u->uuid);
	jstr(f, "case", c->id, c->idn);
	jstr(f, "result", c->result, strlen(c->result));
	if (c->message)
		jstr(f, "message", c->message, strlen(c->message));
	if (c->from)
		fprintf(f, ",\"console_lines\":\"%lu-%lu\"", c->from,
		    c->to ? c->to : c->from);
	fputs("}}", f);
}

int
lava_report_kcidb(FILE *f, const struct lava_report *r,
    const struct lava_ropts *o)
{
	size_t i, j;
	int first = 1;

	fputs("{\"version\":{\"major\":5,\"minor\":3},\"tests\":[", f);
	for (i = 0; i < r->n; i++) {
		const struct lava_rrun *u = &r->runs[i];

		for (j = 0; j < u->n; j++) {
			fputs(first ? "\n" : ",\n", f);
			first = 0;
			one_case(f, r, u, &u->c[j], j + 1, o);
		}
		if (u->incomplete) {
			char id[256];

			/* The run itself: missed if it gave nothing, else an error. */
			snprintf(id, sizeof(id), "%s:%s", o->origin, u->uuid);
			fputs(first ? "\n" : ",\n", f);
			first = 0;
			head(f, u, o, id);
			fprintf(f, "\",\"status\":\"%s\"", u->n ? "ERROR" :
			    "MISS");
			jstr(f, "comment", u->incomplete,
			    strlen(u->incomplete));
			fputs(",\"misc\":{\"run\":\"", f);
			lava_rtext(f, u->test_id, u->test_idn, LAVA_ESC_JSON, 0);
			fputs("\",\"run_uuid\":", f);
			lava_json_cstr(f, u->uuid);
			fputs("}}", f);
		}
	}
	fputs("\n]}\n", f);
	return 0;
}
