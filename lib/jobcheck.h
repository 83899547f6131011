/* jobcheck.h - the fields of a LAVA job file that lava-tdload cannot honour, refused where they are, and the job's time limits (lava-job(5)) */
#ifndef LAVA_JOBCHECK_H
#define LAVA_JOBCHECK_H

#include "ydoc.h"

/* Nonzero if root is a job file of LAVA's actions: a list of one-key deploy, boot, test or command mappings. */
int lava_jobcheck_is_v2(const struct lava_ynode *root);
/* Refuse each field of job file root (of file) that lava-job(5) lists as refused, at its line and column; -1 reported. */
int lava_jobcheck(const struct lava_ynode *root, const char *file);
/* Refuse what definitions: entry e (of file) holds that lava-tdload cannot honour: an unknown key, a skip_install or compression value; -1 reported. */
int lava_jobcheck_def(const struct lava_ynode *e, const char *file);
/* The job's time limit, timeouts: job, in seconds into *secs; 0 none; -1 reported. */
int lava_jobcheck_limit(const struct lava_ynode *root, const char *file,
    double *secs);
/* The time limit of test action number action of job root: its timeout:, else timeouts: actions: lava-test-shell, else timeouts: action; 0 none, -1 reported. */
double lava_jobcheck_testlimit(const struct lava_ynode *root, long action,
    const char *file);
/* The number of test actions (test:, or the seed's lava_test_shell) of job file root. */
size_t lava_jobcheck_tests(const struct lava_ynode *root);
/* The number of interactive: test actions of job file root. */
size_t lava_jobcheck_interactive(const struct lava_ynode *root);

#endif
