/* tdefjob.h - job files of lava-test-definition(5): the definitions they list */
#ifndef LAVA_TDEFJOB_H
#define LAVA_TDEFJOB_H

#include <stddef.h>
#include <stdio.h>

#include "ydoc.h"

/* Most definitions one job file may list. */
#define LAVA_JOB_MAX 1000

enum lava_src_kind {
	LAVA_SRC_FILE,		/* a path, file:// or http(s):// URL */
	LAVA_SRC_GIT,		/* a file in a git repository */
	LAVA_SRC_BZR,		/* a file in a bzr repository */
	LAVA_SRC_INLINE,	/* the definition itself, in the job */
	LAVA_SRC_MONITOR	/* a monitor of a test action: no definition */
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
	const struct lava_ynode *skip;	/* its skip_install: list, or NULL */
	const char *zip;		/* from: url: its compression:, or NULL */
	double timeout;			/* its test action's limit, seconds; 0 none */
	long action;			/* its test action's index; -1 none */
};

/* The definitions of a job file and its flags. */
struct lava_job {
	int strict, sync;
	int network;		/* network: the local device has the host's */
	int kernel;		/* kernel-messages: -1 not said, 0 off, 1 on */
	double grace;		/* kernel-messages: grace, seconds; 0 not said */
	double limit;		/* the tests' time limit, seconds; 0 none */
	struct lava_tdef_src *v;
	size_t n;
};

/* Most roles, and most devices in all, of a MultiNode group. */
#define LAVA_GROUP_MAX 64

/* One role of a MultiNode group: protocols: lava-multinode: roles: NAME. */
struct lava_group_role {
	const char *name;
	const char *device_type;	/* or NULL */
	long count;
};

/* The group of a job file: its roles, in the order the job lists them. */
struct lava_group {
	struct lava_group_role v[LAVA_GROUP_MAX];
	size_t n;
	long size;		/* devices in all */
	long timeout;		/* seconds, from its timeout:, or 0 */
};

/* Nonzero if root has a key that makes it a job file, not a definition. */
int lava_job_is(const struct lava_ynode *root);
/*
 * Read the flags and definitions of job file root (named file) into j;
 * with role not NULL, only the test actions and definitions whose role:
 * list names it, or that have none. -1 reported.
 */
int lava_job_load(struct lava_job *j, const struct lava_ynode *root,
    const char *file, const char *role);
/* Read the MultiNode group of job file root into g: 1, 0 if it has none, -1 reported. */
int lava_job_group(struct lava_group *g, const struct lava_ynode *root,
    const char *file);
/* The role of client name c of g (ROLE if its count is 1, else ROLE-1 to ROLE-N), or NULL. */
const struct lava_group_role *lava_group_find(const struct lava_group *g,
    const char *c);
/* Write the clients of g to f, one "CLIENT<tab>ROLE<tab>DEVICE_TYPE" line each ("-": none). */
void lava_group_print(FILE *f, const struct lava_group *g);
/* --roles: the devices of the group of job file path on stdout, as lava_group_print() writes them; the exit status. */
int lava_job_roles(const char *path);
/* Free what j holds (not the nodes it points to) and zero it. */
void lava_job_free(struct lava_job *j);

#endif
