/* tdef.h - test definitions of lava-test-definition(5): checks, profiles, run.sh and install.sh */
#ifndef LAVA_TDEF_H
#define LAVA_TDEF_H

#include <stddef.h>
#include <stdio.h>

#include "ydoc.h"

/* Longest metadata.name. */
#define LAVA_TDEF_NAMEMAX 4096
/* Most params one run may export. */
#define LAVA_TDEF_MAXPARAMS 1000

/* What a kind of device system needs: where the tree goes, its shell, its package tool. */
struct lava_profile {
	const char *name;
	const char *target;	/* default target dir */
	const char *interp;	/* #! line of the device scripts */
	const char *update;	/* refresh the package lists, or NULL */
	const char *install;	/* install packages named after it, or NULL: none */
};

/* The profile called name, or NULL. */
const struct lava_profile *lava_profile_get(const char *name);
/* The profile names, comma separated, for messages. */
const char *lava_profile_names(void);

/* Write s single-quoted for sh, whatever bytes it holds. */
void lava_shquote(FILE *f, const char *s, size_t len);

/* One exported param: its name and value (both owned). */
struct lava_param {
	char *name, *value;
};

struct lava_params {
	struct lava_param *v;
	size_t n;
};

/* Add the params of map (a mapping or null, in file) to p, a name given again replacing its value; -1 reported. */
int lava_params_add(struct lava_params *p, const struct lava_ynode *map,
    const char *file);
/* Free what p holds and zero it. */
void lava_params_free(struct lava_params *p);

/* Check that root (of file) is a test definition lava-tdload can load; -1 reported. */
int lava_tdef_check(const struct lava_ynode *root, const char *file);
/* Nonzero if skip_install: list skip (or NULL) names what (deps, steps, git-repos, ...) or all. */
int lava_tdef_skipped(const struct lava_ynode *skip, const char *what);
/* The metadata.name of a checked definition. */
const char *lava_tdef_name(const struct lava_ynode *root);

/* Look up each handler of root (of file) on path, then in dir, and write handlers.tsv lines to f; the number of handlers, or -1 reported if one is unknown and strict. */
int lava_tdef_handlers(FILE *f, const struct lava_ynode *root,
    const char *file, const char *path, const char *dir, int strict);

/* What run.sh and install.sh of one run need besides the definition. */
struct lava_tdef_script {
	const char *runid;		/* N_NAME */
	const char *dir;		/* the test dir on the device */
	int sync;			/* LAVA_SYNC */
	int kmsg;			/* lava-signal: kmsg, signals through /dev/kmsg */
	const struct lava_profile *prof;
	const struct lava_params *params;
	const struct lava_ynode *skip;	/* the job's skip_install: list, or NULL */
};

/* Write the run.sh of definition root. */
void lava_tdef_run_sh(FILE *f, const struct lava_ynode *root,
    const struct lava_tdef_script *s);
/* Write the install.sh of definition root (of file); -1 reported if deps cannot be installed and strict. */
int lava_tdef_install_sh(FILE *f, const struct lava_ynode *root,
    const struct lava_tdef_script *s, const char *file, int strict);

#endif
