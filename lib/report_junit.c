/* report_junit.c - JUnit XML as GitLab, Jenkins and pytest write and read it */
#include <string.h>

#include "report_fmt.h"
#include "report_text.h"

static void
attr(FILE *f, const char *name, const char *s, size_t n)
{
	fprintf(f, " %s=\"", name);
	lava_rtext(f, s, n, LAVA_ESC_XML, 0);
	putc('"', f);
}

static void
property(FILE *f, const char *indent, const char *name, const char *s)
{
	fprintf(f, "%s<property name=\"%s\"", indent, name);
	attr(f, "value", s, strlen(s));
	fputs("/>\n", f);
}

static void
one_case(FILE *f, const struct lava_report *r, const struct lava_rrun *u,
    const struct lava_rcase *c)
{
	double s = lava_rcase_seconds(c);
	int k = lava_rkind(c->result);

	fputs("    <testcase", f);
	attr(f, "name", c->id, c->idn);
	attr(f, "classname", u->test_id, u->test_idn);
	fprintf(f, " time=\"%.6f\">\n", s < 0 ? 0 : s);
	if (c->measurement || c->units || c->from || c->logline) {
		fputs("      <properties>\n", f);
		if (c->measurement)
			property(f, "        ", "measurement", c->measurement);
		if (c->units)
			property(f, "        ", "units", c->units);
		if (c->from) {
			char buf[64];

			snprintf(buf, sizeof(buf), "%lu-%lu", c->from,
			    c->to ? c->to : c->from);
			property(f, "        ", "console_lines", buf);
		} else if (c->logline) {
			char buf[64];

			snprintf(buf, sizeof(buf), "%lu", c->lineno);
			property(f, "        ", "stdout_line", buf);
		}
		fputs("      </properties>\n", f);
	}
	if (k == 1 || k == 3) {
		fprintf(f, "      <%s", k == 1 ? "failure" : "error");
		attr(f, "message", c->message ? c->message : c->result,
		    strlen(c->message ? c->message : c->result));
		fprintf(f, " type=\"%s\"/>\n", c->result);
	} else if (k == 2) {
		fputs("      <skipped", f);
		if (c->message)
			attr(f, "message", c->message, strlen(c->message));
		fputs("/>\n", f);
	}
	if (lava_rcase_has_lines(r, c)) {
		fputs("      <system-out>", f);
		lava_rcase_console(f, r, c, LAVA_ESC_XML, "", "\n");
		fputs("</system-out>\n", f);
	}
	if (c->open)
		fprintf(f, "      <system-err>STARTTC on console line %lu has "
		    "no ENDTC: the case did not end</system-err>\n", c->sig[0]);
	fputs("    </testcase>\n", f);
}

int
lava_report_junit(FILE *f, const struct lava_report *r,
    const struct lava_ropts *o)
{
	size_t i, j, total = 0;
	double all = 0;

	(void)o;
	for (i = 0; i < r->n; i++)
		for (j = 0; j < r->runs[i].n; j++, total++)
			if (lava_rcase_seconds(&r->runs[i].c[j]) > 0)
				all += lava_rcase_seconds(&r->runs[i].c[j]);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"lava\" tests=\"%zu\" failures=\"%zu\" "
	    "errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\">\n", total,
	    r->count[1], r->count[3], r->count[2], all);
	for (i = 0; i < r->n; i++) {
		const struct lava_rrun *u = &r->runs[i];
		double t = 0;

		for (j = 0; j < u->n; j++)
			if (lava_rcase_seconds(&u->c[j]) > 0)
				t += lava_rcase_seconds(&u->c[j]);
		fputs("  <testsuite", f);
		attr(f, "name", u->test_id, u->test_idn);
		fprintf(f, " id=\"%zu\" tests=\"%zu\" failures=\"%zu\" "
		    "errors=\"%zu\" skipped=\"%zu\" time=\"%.6f\"", i, u->n,
		    u->count[1], u->count[3], u->count[2], t);
		if (*u->date)
			attr(f, "timestamp", u->date, strlen(u->date));
		fputs(">\n    <properties>\n", f);
		property(f, "      ", "uuid", u->uuid);
		if (u->incomplete)
			property(f, "      ", "incomplete", u->incomplete);
		fputs("    </properties>\n", f);
		for (j = 0; j < u->n; j++)
			one_case(f, r, u, &u->c[j]);
		if (u->incomplete) {
			fputs("    <system-err>the run is incomplete: ", f);
			lava_rtext(f, u->incomplete, strlen(u->incomplete),
			    LAVA_ESC_XML, 0);
			fputs("</system-err>\n", f);
		}
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	return 0;
}
