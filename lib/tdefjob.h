/* tdefjob.h - job files of lava-test-definition(5): the definitions they list */
#ifndef LAVA_TDEFJOB_H
#define LAVA_TDEFJOB_H

#include <stddef.h>

#include "ydoc.h"

/* Most definitions one job file may list. */
#define LAVA_JOB_MAX 1000

enum lava_src_kind {
	LAVA_SRC_FILE,		/* a path, file:// or http(s):// URL */
	LAVA_SRC_GIT,		/* a file in a git repository */
	LAVA_SRC_BZR,		/* a file in a bzr repository */
	LAVA_SRC_INLINE		/* the definition itself, in the job */
};

/* Where one test definition comes from. */
struct lava_tdef_src {
	enum lava_src_kind kind;
	const char *loc;		/* path, URL or repository; NULL if inline */
	const char *rev, *path;		/* repositories: revision, definition path */
	const char *file;		/* the job file, for messages; NULL: command line */
	const struct lava_ynode *at;	/* the entry in that file */
	const struct lava_ynode *params; /* the job's params for it, or NULL */
	const struct lava_ynode *name;	/* the job's name for it, or NULL */
	const struct lava_ynode *inl;	/* the inline definition, or NULL */
};

/* The definitions of a job file and its flags. */
struct lava_job {
	int strict, sync;
	struct lava_tdef_src *v;
	size_t n;
};

/* Nonzero if root has a key that makes it a job file, not a definition. */
int lava_job_is(const struct lava_ynode *root);
/* Read the flags and definitions of job file root (named file) into j; -1 reported. */
int lava_job_load(struct lava_job *j, const struct lava_ynode *root,
    const char *file);
/* Free what j holds (not the nodes it points to) and zero it. */
void lava_job_free(struct lava_job *j);

#endif
