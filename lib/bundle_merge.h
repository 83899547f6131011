/* bundle_merge.h - what records and handler output add to the runs of a bundle */
#ifndef LAVA_BUNDLE_MERGE_H
#define LAVA_BUNDLE_MERGE_H

#include <stdio.h>

#include "bundle.h"

/* Longest records.tsv or handler output line read. */
#define LAVA_BMERGE_LINE (1u << 20)

/* The runs a records file started, each holding the results its records gave. */
struct lava_brecs {
	struct lava_brun *runs;
	size_t n;
};

/* Nonzero if s is a UUID: 8-4-4-4-12 hex digits. */
int lava_buuid_ok(const char *s);
/* Read a line of at most cap bytes into buf (the rest dropped, *longer set); its length, or -1 at the end. */
long lava_bgetline(FILE *f, char *buf, size_t cap, int *longer);
/* Add what the records file at path says about each run (TESTCASE, TESTSET, TESTREFERENCE, TESTRAISE) to rs. */
void lava_brecs_load(struct lava_brecs *rs, const char *path);
/* The run uuid as the records gave it, or NULL if no STARTRUN named it. */
struct lava_brun *lava_brecs_find(struct lava_brecs *rs, const char *uuid);
/* Free what rs holds. */
void lava_brecs_free(struct lava_brecs *rs);
/* Merge each line of rundir/handlers/NAME/output, as lava-handler(7) says, into r; faulty lines are reported and left out. */
void lava_bhandlers(struct lava_brun *r, const char *rundir);

#endif
