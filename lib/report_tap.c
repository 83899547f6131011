/* report_tap.c - TAP version 13: a subtest per run, a YAML block per case */
#include <string.h>

#include "report_fmt.h"
#include "report_text.h"

/* key: "value" in a YAML block, the value as a double-quoted string. */
static void
yaml_str(FILE *f, const char *indent, const char *key, const char *s,
    size_t n)
{
	fprintf(f, "%s%s: \"", indent, key);
	lava_rtext(f, s, n, LAVA_ESC_JSON, 0);
	fputs("\"\n", f);
}

static void
one_case(FILE *f, const struct lava_report *r, const struct lava_rcase *c,
    size_t no)
{
	double s = lava_rcase_seconds(c);
	int k = lava_rkind(c->result);

	fprintf(f, "    %s %zu - ", k == 0 || k == 2 ? "ok" : "not ok", no);
	lava_rtext(f, c->id, c->idn, LAVA_ESC_TAP, 0);
	fputs(k == 2 ? " # SKIP\n" : "\n", f);
	fputs("      ---\n", f);
	yaml_str(f, "      ", "result", c->result, strlen(c->result));
	if (s >= 0)
		fprintf(f, "      duration: %.6f\n", s);
	if (c->measurement)
		fprintf(f, "      measurement: %s\n", c->measurement);
	if (c->units)
		yaml_str(f, "      ", "units", c->units, strlen(c->units));
	if (c->message)
		yaml_str(f, "      ", "message", c->message,
		    strlen(c->message));
	if (c->open)
		fprintf(f, "      ended: false\n");
	if (c->from)
		fprintf(f, "      console_lines: \"%lu-%lu\"\n", c->from,
		    c->to ? c->to : c->from);
	else if (c->logline)
		fprintf(f, "      stdout_line: %lu\n", c->lineno);
	if ((k == 1 || k == 3 || c->open) && lava_rcase_has_lines(r, c)) {
		/* One string: TAP::Parser reads no list of them in a subtest. */
		fputs("      console: \"", f);
		lava_rcase_console(f, r, c, LAVA_ESC_JSON, "", "\\n");
		fputs("\"\n", f);
	}
	fputs("      ...\n", f);
}

int
lava_report_tap(FILE *f, const struct lava_report *r,
    const struct lava_ropts *o)
{
	size_t i, j;

	(void)o;
	fprintf(f, "TAP version 13\n1..%zu\n", r->n);
	for (i = 0; i < r->n; i++) {
		const struct lava_rrun *u = &r->runs[i];
		int ok = u->count[1] == 0 && u->count[3] == 0 &&
		    u->incomplete == NULL;

		fputs("# Subtest: ", f);
		lava_rtext(f, u->test_id, u->test_idn, LAVA_ESC_TAP, 0);
		fprintf(f, "\n    1..%zu\n", u->n);
		for (j = 0; j < u->n; j++)
			one_case(f, r, &u->c[j], j + 1);
		fprintf(f, "%s %zu - ", ok ? "ok" : "not ok", i + 1);
		lava_rtext(f, u->test_id, u->test_idn, LAVA_ESC_TAP, 0);
		fputs("\n  ---\n", f);
		yaml_str(f, "  ", "uuid", u->uuid, strlen(u->uuid));
		fprintf(f, "  pass: %zu\n  fail: %zu\n  skip: %zu\n"
		    "  unknown: %zu\n", u->count[0], u->count[1],
		    u->count[2], u->count[3]);
		if (u->incomplete)
			yaml_str(f, "  ", "incomplete", u->incomplete,
			    strlen(u->incomplete));
		fputs("  ...\n", f);
	}
	return 0;
}
