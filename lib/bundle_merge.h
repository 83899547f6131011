/* bundle_merge.h - what records and handler output add to the runs of a bundle */
#ifndef LAVA_BUNDLE_MERGE_H
#define LAVA_BUNDLE_MERGE_H

#include <stdio.h>

#include "bundle.h"

/* Longest records.tsv or handler output line read. */
#define LAVA_MERGE_LINE (1u << 20)

/* The runs a records file started, each holding the results its records gave. */
struct lava_merge_runs {
	struct lava_testrun *runs;
	size_t n;
	struct lava_testrun *kernel;	/* the KERNEL records' run, or NULL */
	unsigned long dropped;		/* records left out: not of one run */
};

/* Add what the records file at path says about each run (TESTCASE, TESTSET, TESTREFERENCE, TESTRAISE) to rs, and its KERNEL records as failed cases of rs->kernel. */
void lava_merge_records(struct lava_merge_runs *rs, const char *path);
/* The run uuid as the records gave it, or NULL if no STARTRUN named it. */
struct lava_testrun *lava_merge_find(struct lava_merge_runs *rs, const char *uuid);
/* Free what rs holds. */
void lava_merge_free(struct lava_merge_runs *rs);
/* Merge each line of rundir/handlers/NAME/output, as lava-handler(7) says, into r; faulty lines are reported and left out. */
void lava_merge_handlers(struct lava_testrun *r, const char *rundir);

/* Apply rundir/expected (lava-job(5)) to r as LAVA does: a case expected and never reported is added as failed, one reported and not expected is failed. */
void lava_merge_expected(struct lava_testrun *r, const char *rundir);

#endif
