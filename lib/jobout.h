/* jobout.h - the JOB lava-tdload writes (lava-job(5)): its directories, its fixed files, files put over what a repository left */
#ifndef LAVA_JOBOUT_H
#define LAVA_JOBOUT_H

#include <sys/types.h>

#include <stddef.h>

/* What a JOB holds besides its runs and tests, written by lava_jobout_end(). */
struct lava_jobout {
	const char *dir;	/* the JOB being written */
	const char *target;	/* the target dir on the device */
	const char *runconf;	/* tree/lava-test-runner.conf, runconflen bytes */
	size_t runconflen;
	const char *multinode;	/* JOB/multinode, or NULL */
	const char *monitors;	/* the monitors of JOB/monitors.json, monlen bytes, or NULL */
	size_t monlen;
	int monend;		/* the job is monitors alone: "end": true */
	int kmsg;		/* JOB/kernel-messages: 0 off, 1 on, -1 none */
	double kgrace;		/* its grace in seconds when on, if > 0 */
	double limit;		/* JOB/timeout: the tests' limit in seconds, if > 0 */
	long qmem, qcpus;	/* JOB/qemu: memory (MB) and CPUs the job asks for, if > 0 */
	int network;		/* JOB/network: the job asks for the host's network */
};

/* The names a JOB's runs have in the results so far, so that no two share one. */
struct lava_runnames {
	char **v;
	size_t n;
};

/*
 * The id N_DIR of run n whose test is called name[0..len) (DIR its
 * lava_name_dir()), and in *result its name in the results: the name as
 * it is, or N_NAME when an earlier run of names has that name. Both
 * are allocated; *result is also kept in names.
 */
char *lava_jobout_runid(struct lava_runnames *names, unsigned n,
    const char *name, size_t len, char **result);
/* Free what names holds. */
void lava_runnames_free(struct lava_runnames *names);

/* mkdir path (0755): 0, or LAVA_EXIT_FAIL reported. */
int lava_jobout_mkdir(const char *path);
/* Write the new file dir/name (data[0..n), mode), removing what a repository put there first: 0, or the exit status reported (LAVA_EXIT_USAGE: a directory is there). */
int lava_jobout_put(const char *dir, const char *name, const char *data,
    size_t n, mode_t mode);
/* Make tree, tree/bin, tree/tests, runs and fetch below the JOB dir: 0, or LAVA_EXIT_FAIL reported. */
int lava_jobout_begin(const char *dir);
/* Remove j's fetch and write its fixed files (lava-test-runner.conf, lava.conf, nonce, target-dir, multinode, monitors.json, kernel-messages, timeout, qemu, network): 0, or the exit status reported. */
int lava_jobout_end(const struct lava_jobout *j);

#endif
