/* report.h - a bundle (and its job's records and console) read for the report formats of lava-report(1) */
#ifndef LAVA_REPORT_H
#define LAVA_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <json-c/json.h>

/* Most console lines one case carries into a report; the last ones are kept. */
#define LAVA_REPORT_CASE_LINES 200
/* Most bytes of console one case carries into a report. */
#define LAVA_REPORT_CASE_BYTES 16000

/* One test result of the bundle, with what the records say of it. */
struct lava_rcase {
	const char *id;		/* test_case_id (may hold any byte), "" if none */
	size_t idn;
	const char *result;	/* pass, fail, skip or unknown */
	const char *measurement;	/* the number as the bundle wrote it, or NULL */
	const char *units, *message, *timestamp;	/* or NULL */
	double duration;	/* seconds, or -1 */
	double t0, t1;		/* times of its STARTTC and ENDTC (or TESTCASE) records, 0 if none */
	unsigned long from, to;	/* console lines of its stretch, 0 if none */
	unsigned long sig[3];	/* lines of its STARTTC, ENDTC and TESTCASE records, 0 if none */
	int open;		/* a STARTTC with no ENDTC */
	const char *logline;	/* the stdout.log line its parse pattern matched, or NULL */
	size_t loglinen;
	unsigned long lineno;	/* that line's number in stdout.log */
};

/* One test run of the bundle. */
struct lava_rrun {
	const char *test_id, *uuid, *date;	/* "" if absent */
	size_t test_idn;
	const char *incomplete;	/* the run's attribute incomplete, or NULL */
	struct lava_rcase *c;
	size_t n;
	unsigned long from, to;	/* console lines of STARTRUN and ENDRUN, 0 if none */
	double t0, t1;		/* their times, 0 if none */
	size_t count[4];	/* pass, fail, skip, unknown */
	char *log;		/* its stdout.log attachment, decoded, or NULL */
	size_t logn;
};

/* One record of the job, kept for the timeline. */
struct lava_revent {
	double t;
	unsigned long line;
	char *name, *arg;	/* arg: its first parameter, or NULL */
	int acked;		/* it carried an ACK token */
};

/* One handler call of JOB/handler-calls.tsv, see lava-job(5). */
struct lava_rcall {
	double t0, t1;		/* when it started and ended */
	unsigned long line;	/* console line of its record */
	char *handler, *event, *outcome;
};

struct lava_report {
	struct json_object *root;
	const char *path;		/* where the bundle came from, for messages */
	struct lava_rrun *runs;
	size_t n;
	size_t count[4];		/* pass, fail, skip, unknown over all runs */
	char *con;			/* JOB/console.log, or NULL */
	size_t conn;
	size_t *line;			/* byte offset of each line's start; line[k - 1] for line k */
	size_t nlines;
	struct lava_revent *ev;		/* JOB/records.tsv */
	size_t nev;
	struct lava_rcall *calls;	/* JOB/handler-calls.tsv */
	size_t ncalls;
	const char *end;		/* the name of the last record (EXIT, TIMEOUT, ...) or NULL */
};

/* Index of result in pass, fail, skip, unknown. */
int lava_rkind(const char *result);
/* Read the bundle text[0..n) (path for messages) into r; -1 reported if it is not a bundle. */
int lava_report_load(struct lava_report *r, const char *text, size_t n,
    const char *path);
/* Add job/records.tsv and job/console.log (either may be missing) to r. */
void lava_report_job(struct lava_report *r, const char *job);
/* Add job/handler-calls.tsv (nothing if it is missing) to r. */
void lava_report_calls(struct lava_report *r, const char *job);
/* Free r's handler calls. */
void lava_report_calls_free(struct lava_report *r);
/* Free what r holds. */
void lava_report_free(struct lava_report *r);
/* Line k of the console: its bytes without the line end, or NULL. */
const char *lava_rline(const struct lava_report *r, unsigned long k,
    size_t *n);
/* Nonzero if c has console lines, or a stdout.log line, to write. */
int lava_rcase_has_lines(const struct lava_report *r,
    const struct lava_rcase *c);
/* The console lines of c to write: *from..*to, at most LAVA_REPORT_CASE_LINES/_BYTES, the last ones; 0 if none. */
int lava_rcase_lines(const struct lava_report *r, const struct lava_rcase *c,
    unsigned long *from, unsigned long *to);

#endif
