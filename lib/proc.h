/* proc.h - the one process spawner: a program run with a time limit, its stderr relayed by lines */
#ifndef LAVA_PROC_H
#define LAVA_PROC_H

#include <signal.h>
#include <stddef.h>

/* Longest stderr line relayed; the rest of a longer line is cut. */
#define LAVA_PROC_LINE 1024
/* Most stderr lines relayed per call; the rest are counted and dropped. */
#define LAVA_PROC_LINES 256

struct lava_proc {
	const char *path;	/* executable to run, with no shell */
	char *const *argv;	/* its arguments, NULL-terminated */
	char *const *envp;	/* its whole environment, NULL-terminated */
	const char *dir;	/* its working directory, or NULL */
	int outfd;		/* its stdout, or -1 for /dev/null */
	const char *label;	/* stderr lines become "PROG: LABEL: line" */
	double limit;		/* seconds before its process group is stopped */
	double grace;		/* seconds from SIGTERM to SIGKILL */
	volatile sig_atomic_t *stop; /* if set nonzero (by a signal handler), stopped as at the limit */
};

struct lava_proc_end {
	int status;		/* wait status, valid when started */
	int started;		/* 0: it could not be run, see err */
	int err;		/* errno of fork or exec when not started */
	int timedout;		/* the time limit passed (or *stop was set) and it was stopped */
	unsigned long dropped;	/* stderr lines dropped beyond the cap */
};

/*
 * Run p in a new process group, stdin from /dev/null, and wait for it, at
 * most p->limit seconds: then SIGTERM to the group, SIGKILL after
 * p->grace. Its stderr is relayed as it comes but never waited on past
 * its exit, so a background child that holds it cannot stall the caller.
 * Children it leaves behind are reaped here (the caller becomes their
 * subreaper where the system allows). Returns 0 if it ran and exited 0.
 */
int lava_proc_run(const struct lava_proc *p, struct lava_proc_end *e);
/* Say on stderr how e ended, as "LABEL: ...": nothing if all went well. */
void lava_proc_report(const char *label, const struct lava_proc_end *e,
    double limit);
/* How e ended, in one word: ok, exit:N, signal:SIGNAME, timeout or not-run. */
void lava_proc_outcome(const struct lava_proc_end *e, char *buf, size_t n);
/*
 * Find name on the colon-separated dirs of pathlist, then in dir (either
 * may be NULL): the first regular file that is executable, as a new
 * string, or NULL. *also gets a second place it was found (or NULL);
 * *noexec is set when a file was seen that was not executable.
 */
char *lava_proc_find(const char *name, const char *pathlist, const char *dir,
    char **also, int *noexec);
/* A copy of environ (the strings shared) without the variables named in names (a NULL-terminated list of "NAME="). */
char **lava_proc_env_without(const char *const *names);
/* The name of signal sig, as "SIGTERM" ("signal N" if it has none). */
const char *lava_proc_signame(int sig);
/* Monotonic time in seconds. */
double lava_proc_now(void);
/* Sleep ms milliseconds, all of them, whatever signals cut short. */
void lava_proc_sleep(long ms);

#endif
