/* report_fmt.h - the report formats of lava-report(1), each written from a lava_report */
#ifndef LAVA_REPORT_FMT_H
#define LAVA_REPORT_FMT_H

#include <stdio.h>

#include "report.h"

/* What a format may take from the command line. */
struct lava_ropts {
	const char *origin;	/* KCIDB origin */
	const char *build;	/* KCIDB build id */
};

/* One format: its name and its writer, which returns -1 if it cannot write r. */
struct lava_rfmt {
	const char *name;
	int (*write)(FILE *f, const struct lava_report *r,
	    const struct lava_ropts *o);
};

/* The format called name, or NULL. */
const struct lava_rfmt *lava_rfmt(const char *name);
/* JUnit XML, as GitLab, Jenkins and pytest read it. */
int lava_report_junit(FILE *f, const struct lava_report *r,
    const struct lava_ropts *o);
/* TAP version 13 with a subtest per run and a YAML block per case. */
int lava_report_tap(FILE *f, const struct lava_report *r,
    const struct lava_ropts *o);
/* A KCIDB I/O 5.3 document of tests. */
int lava_report_kcidb(FILE *f, const struct lava_report *r,
    const struct lava_ropts *o);
/* One static HTML page: summary, timeline, console. */
int lava_report_html(FILE *f, const struct lava_report *r,
    const struct lava_ropts *o);
/* Seconds case c took: its duration, else between its records; -1 if unknown. */
double lava_rcase_seconds(const struct lava_rcase *c);
/* Write the console lines of c (see lava_rcase_lines()) escaped for esc, each with prefix before and a line end after. */
void lava_rcase_console(FILE *f, const struct lava_report *r,
    const struct lava_rcase *c, int esc, const char *prefix,
    const char *suffix);

#endif
