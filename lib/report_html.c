/* report_html.c - one static HTML page: summary, a timeline drawn in SVG, the console */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "report_fmt.h"
#include "report_text.h"

/* Most console lines the page shows; the rest is said to be left out. */
#define HTML_LINES 200000
/* Width of the timeline's drawing area, and the height of a row, in pixels. */
#define TL_WIDTH 960
#define TL_ROW 28

static const char STYLE[] =
    "body{font:14px/1.4 sans-serif;margin:1em 2em;color:#222}"
    "table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}"
    "td{max-width:40em;overflow-wrap:anywhere}"
    "tr.fail td:nth-child(3),tr.unknown td:nth-child(3){color:#b00;font-weight:bold}"
    "tr.skip td:nth-child(3){color:#888}tr.pass td:nth-child(3){color:#070}"
    "body.failures tr.pass{display:none}"
    "pre{font:12px/1.3 monospace;background:#f7f7f7;padding:.5em;overflow-x:auto}"
    "pre a.n{color:#999;text-decoration:none;display:inline-block;width:6em}"
    "pre .sig{background:#fff3b0}pre .sig.fail,pre .sig.unknown{background:#ffd0d0}"
    "pre :target{outline:2px solid #36c}"
    "svg text{font:11px sans-serif}rect.pass{fill:#4a4}rect.fail,rect.unknown{fill:#d33}"
    "p.incomplete{color:#b00}rect.skip{fill:#aaa}rect.run{fill:#e4e8f0}rect.call{fill:#6a6;opacity:.8}rect.call.bad{fill:#c33}line.ack{stroke:#36c}path.other{fill:#f90}";

/* The script is small and optional: it only hides the passed cases on request. */
static const char SCRIPT[] =
    "document.getElementById('only').addEventListener('change',function(e){"
    "document.body.classList.toggle('failures',e.target.checked);});";

static const char *const order_kind[] = { "fail", "unknown", "skip", "pass" };

/* A console line a signal of a case (or run) is on. */
struct mark {
	unsigned long line;
	size_t run, c;		/* c == (size_t)-1: the run's own STARTRUN/ENDRUN */
};

static int
cmpmark(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	return x->line < y->line ? -1 : x->line > y->line;
}

static void
text(FILE *f, const char *s, size_t n)
{
	lava_rtext(f, s, n, LAVA_ESC_XML, 0);
}

static void
rows(FILE *f, const struct lava_report *r)
{
	size_t i, j, o;

	for (o = 0; o < 4; o++)
		for (i = 0; i < r->n; i++)
			for (j = 0; j < r->runs[i].n; j++) {
				const struct lava_rrun *u = &r->runs[i];
				const struct lava_rcase *c = &u->c[j];
				double s = lava_rcase_seconds(c);
				int k = lava_rkind(c->result);

				if (strcmp(order_kind[o], k == 3 ? "unknown" :
				    c->result) != 0)
					continue;
				fprintf(f, "<tr id=\"c-%zu-%zu\" class=\"%s\" "
				    "data-case=\"", i, j, order_kind[o]);
				text(f, c->id, c->idn);
				fputs("\"><td>", f);
				text(f, u->test_id, u->test_idn);
				fputs("<td>", f);
				text(f, c->id, c->idn);
				fprintf(f, "<td>%s%s<td>", c->result,
				    c->open ? " (no ENDTC)" : "");
				if (c->measurement) {
					fprintf(f, "%s ", c->measurement);
					if (c->units)
						text(f, c->units,
						    strlen(c->units));
				}
				fputs("<td>", f);
				if (s >= 0)
					fprintf(f, "%.6f s", s);
				fputs("<td>", f);
				if (c->from && c->from <= r->nlines &&
				    c->from <= HTML_LINES)
					fprintf(f, "<a href=\"#L%lu\">%lu-%lu</a>",
					    c->from, c->from, c->to ? c->to :
					    c->from);
				fputs("</tr>\n", f);
			}
}

#define X(t) (140 + ((t) - t0) / (t1 - t0) * TL_WIDTH)

/* The handler calls of JOB/handler-calls.tsv, on one row at y. */
static void
calls(FILE *f, const struct lava_report *r, size_t y, double t0, double t1)
{
	const struct lava_rcall *c;
	double x0, x1;
	size_t i;

	fprintf(f, "<text x=\"0\" y=\"%zu\">handler calls</text>\n", y + 16);
	for (i = 0; i < r->ncalls; i++) {
		c = &r->calls[i];
		x0 = X(c->t0);
		x1 = X(c->t1);
		fprintf(f, "<rect class=\"call %s\" x=\"%.1f\" y=\"%zu\" "
		    "width=\"%.1f\" height=\"%d\"><title>handler ",
		    strcmp(c->outcome, "ok") == 0 ? "ok" : "bad", x0,
		    y + 3 + (i % 3) * 4, x1 - x0 < 2 ? 2 : x1 - x0, TL_ROW - 14);
		text(f, c->handler, strlen(c->handler));
		putc(' ', f);
		text(f, c->event, strlen(c->event));
		fputs(": ", f);
		text(f, c->outcome, strlen(c->outcome));
		fprintf(f, ", %.6f s, console line %lu</title></rect>\n",
		    c->t1 - c->t0, c->line);
	}
}

static void
timeline(FILE *f, const struct lava_report *r)
{
	double t0 = 0, t1 = 0, x0, x1;
	size_t i, j, row = 1;

	for (i = 0; i < r->nev; i++) {
		if (t0 == 0 || r->ev[i].t < t0)
			t0 = r->ev[i].t;
		if (r->ev[i].t > t1)
			t1 = r->ev[i].t;
	}
	for (i = 0; i < r->ncalls && r->nev; i++) {
		if (r->calls[i].t0 < t0)
			t0 = r->calls[i].t0;
		if (r->calls[i].t1 > t1)
			t1 = r->calls[i].t1;
	}
	if (r->nev == 0) {
		fputs("<p>No records: the timeline needs the job's "
		    "records.tsv.</p>\n", f);
		return;
	}
	if (t1 <= t0)
		t1 = t0 + 1;
	fprintf(f, "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%zu\">\n", TL_WIDTH + 160,
	    (r->n + 3) * TL_ROW + 10);
	fprintf(f, "<text x=\"0\" y=\"%d\">other records</text>\n", TL_ROW - 10);
	for (i = 0; i < r->nev; i++) {
		const struct lava_revent *e = &r->ev[i];
		static const char *const known[] = { "STARTRUN", "ENDRUN",
			"STARTTC", "ENDTC", "TESTCASE" };

		for (j = 0; j < 5 && strcmp(known[j], e->name) != 0; j++)
			;
		if (j < 5)
			continue;
		fprintf(f, "<path class=\"other\" d=\"M%.1f %d l5 7 l-5 7 "
		    "l-5 -7z\"><title>", X(e->t), 4);
		text(f, e->name, strlen(e->name));
		if (e->arg) {
			/* For a KERNEL record, its kind: oops, warning, panic, ... */
			putc(' ', f);
			text(f, e->arg, strlen(e->arg));
		}
		fprintf(f, " on console line %lu</title></path>\n", e->line);
	}
	for (i = 0; i < r->n; i++) {
		const struct lava_rrun *u = &r->runs[i];
		size_t y = row * TL_ROW;

		if (u->t0 == 0)
			continue;
		row++;
		fprintf(f, "<text x=\"0\" y=\"%zu\">", y + 16);
		text(f, u->test_id, u->test_idn > 20 ? 20 : u->test_idn);
		fputs("</text>\n", f);
		x0 = X(u->t0);
		x1 = X(u->t1 > 0 ? u->t1 : t1);
		fprintf(f, "<rect class=\"run\" x=\"%.1f\" y=\"%zu\" "
		    "width=\"%.1f\" height=\"%d\"><title>run ", x0, y,
		    x1 - x0 < 1 ? 1 : x1 - x0, TL_ROW - 4);
		text(f, u->test_id, u->test_idn);
		fprintf(f, ": %.6f s</title></rect>\n", (u->t1 > 0 ? u->t1 :
		    t1) - u->t0);
		for (j = 0; j < u->n; j++) {
			const struct lava_rcase *c = &u->c[j];
			double e = c->t1 > 0 ? c->t1 : c->open ?
			    (u->t1 > 0 ? u->t1 : t1) : c->t0;

			if (c->t0 == 0)
				continue;
			x0 = X(c->t0);
			x1 = X(e);
			fprintf(f, "<a href=\"#c-%zu-%zu\"><rect class=\"%s\" "
			    "x=\"%.1f\" y=\"%zu\" width=\"%.1f\" "
			    "height=\"%d\"><title>", i, j,
			    lava_rkind(c->result) == 3 ? "unknown" : c->result,
			    x0, y + 3, x1 - x0 < 2 ? 2 : x1 - x0, TL_ROW - 14);
			text(f, c->id, c->idn);
			fprintf(f, ": %s, %.6f s</title></rect></a>\n",
			    c->result, e - c->t0);
		}
	}
	/* Each signal that asked for an ACK: the device waited for the host there. */
	for (i = 0, row = 1; i < r->n; i++) {
		if (r->runs[i].t0 == 0)
			continue;
		for (j = 0; j < r->nev; j++) {
			const struct lava_revent *e = &r->ev[j];

			if (!e->acked || e->t < r->runs[i].t0 ||
			    (r->runs[i].t1 > 0 && e->t > r->runs[i].t1))
				continue;
			fprintf(f, "<line class=\"ack\" x1=\"%.1f\" y1=\"%zu\" "
			    "x2=\"%.1f\" y2=\"%zu\"><title>ACK wait: ",
			    X(e->t), row * TL_ROW + TL_ROW - 10, X(e->t),
			    row * TL_ROW + TL_ROW - 4);
			text(f, e->name, strlen(e->name));
			fprintf(f, " on console line %lu</title></line>\n",
			    e->line);
		}
		row++;
	}
	if (r->ncalls)
		calls(f, r, row++ * TL_ROW, t0, t1);
	fprintf(f, "<text x=\"140\" y=\"%zu\">0 s</text><text x=\"%d\" "
	    "y=\"%zu\" text-anchor=\"end\">%.3f s</text>\n</svg>\n",
	    row * TL_ROW + 12, TL_WIDTH + 140, row * TL_ROW + 12, t1 - t0);
#undef X
}

static void
console(FILE *f, const struct lava_report *r)
{
	struct mark *m = NULL;
	size_t nm = 0, cap = 0, i, j, k, at = 0;
	unsigned long l;
	const char *s;
	size_t n;

	if (r->nlines == 0) {
		fputs("<p>No console: it needs the job's console.log.</p>\n", f);
		return;
	}
	for (i = 0; i < r->n; i++)
		for (j = 0; j < r->runs[i].n; j++)
			for (k = 0; k < 3; k++) {
				if (r->runs[i].c[j].sig[k] == 0)
					continue;
				if (nm == cap) {
					cap = cap ? 2 * cap : 64;
					m = lava_xrealloc(m, cap * sizeof(*m));
				}
				m[nm].line = r->runs[i].c[j].sig[k];
				m[nm].run = i;
				m[nm++].c = j;
			}
	if (nm > 0)	/* m is NULL when no case has a signal line */
		qsort(m, nm, sizeof(*m), cmpmark);
	fputs("<pre id=\"console\">", f);
	for (l = 1; l <= r->nlines && l <= HTML_LINES; l++) {
		const struct lava_rcase *c = NULL;

		while (at < nm && m[at].line < l)
			at++;
		if (at < nm && m[at].line == l)
			c = &r->runs[m[at].run].c[m[at].c];
		if (c)
			fprintf(f, "<span id=\"L%lu\" class=\"sig %s\">", l,
			    lava_rkind(c->result) == 3 ? "unknown" : c->result);
		else
			fprintf(f, "<span id=\"L%lu\">", l);
		if (c)
			fprintf(f, "<a class=\"n\" href=\"#c-%zu-%zu\">%lu</a>",
			    m[at].run, m[at].c, l);
		else
			fprintf(f, "<a class=\"n\" href=\"#L%lu\">%lu</a>", l, l);
		if ((s = lava_rline(r, l, &n)) != NULL)
			lava_rtext(f, s, n, LAVA_ESC_XML, 1);
		fputs("</span>\n", f);
	}
	fputs("</pre>\n", f);
	if (r->nlines > HTML_LINES)
		fprintf(f, "<p>The console's lines after line %d are left "
		    "out: see console.log.</p>\n", HTML_LINES);
	free(m);
}

int
lava_report_html(FILE *f, const struct lava_report *r,
    const struct lava_ropts *o)
{
	size_t total = r->count[0] + r->count[1] + r->count[2] + r->count[3], i;

	(void)o;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>Test job: %zu cases, %zu fail"
	    "</title>\n<style>%s</style>\n</head>\n<body>\n"
	    "<h1>Test job</h1>\n<p id=\"totals\">%zu cases: %zu pass, %zu "
	    "fail, %zu skip, %zu unknown; %zu test runs%s.</p>\n", total,
	    r->count[1], STYLE, total, r->count[0], r->count[1], r->count[2],
	    r->count[3], r->n, r->end == NULL ? "" :
	    strcmp(r->end, "EXIT") == 0 ? "; the runner ended" :
	    strcmp(r->end, "TIMEOUT") == 0 ? "; the time limit passed" :
	    "; the console ended before the runner did");
	for (i = 0; i < r->n; i++) {
		if (r->runs[i].incomplete == NULL)
			continue;
		fputs("<p class=\"incomplete\">Run ", f);
		text(f, r->runs[i].test_id, r->runs[i].test_idn);
		fputs(" is incomplete: ", f);
		text(f, r->runs[i].incomplete, strlen(r->runs[i].incomplete));
		fputs("</p>\n", f);
	}
	fputs("<h2>Cases</h2>\n<p><label><input type=\"checkbox\" id=\"only\">"
	    " failures only</label></p>\n<table id=\"cases\">\n<thead><tr>"
	    "<th>Run<th>Case<th>Result<th>Measurement<th>Duration"
	    "<th>Console lines</tr></thead>\n<tbody>\n", f);
	rows(f, r);
	fputs("</tbody>\n</table>\n<h2>Timeline</h2>\n", f);
	timeline(f, r);
	fputs("<h2>Console</h2>\n", f);
	console(f, r);
	fprintf(f, "<script>%s</script>\n</body>\n</html>\n", SCRIPT);
	return 0;
}
