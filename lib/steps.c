/* steps.c - a job's steps on a board: records, errors, waits, typing, power */
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "proc.h"
#include "steps.h"

/* A record of lava-records(5): name, then fields; blanks in a field split it.
 */
void
lava_st_record(struct lava_steps *st, const char *name, const char *fmt, ...)
{
	struct timeval tv;
	char buf[2048], *p;
	va_list ap;
	int sp = 1;

	if (st->recs == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	gettimeofday(&tv, NULL);
	fprintf(st->recs, "%ld.%06ld\t%lu\t-\t%s", (long)tv.tv_sec,
	    (long)tv.tv_usec, st->exp.line + 1, name);
	for (p = buf; *p; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			sp = 1;
			continue;
		}
		if (sp)
			putc('\t', st->recs);
		sp = 0;
		putc(*p, st->recs);
	}
	putc('\n', st->recs);
	fflush(st->recs);
}

/* The job ends here: class, action, why. Returns -1. */
int
lava_st_fail(struct lava_steps *st, const char *cls, const char *action,
    const char *fmt, ...)
{
	char msg[1024], *p;
	va_list ap;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (p = msg; *p; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = ' ';
	lava_warnx("%s: %s (%s error)", action, msg, cls);
	lava_st_record(st, "ERROR", "%s %s %s", cls, action, msg);
	p = lava_xasprintf("%s/error", st->jobdir);
	if ((f = fopen(p, "w")) != NULL) {
		fprintf(f, "%s\t%s\t%s\n", cls, action, msg);
		fclose(f);
	}
	free(p);
	return -1;
}

/* Wait for one of re[0..n): its index, or -1 with the job failed as cls. */
int
lava_st_expect(struct lava_steps *st, pcre2_code **re, size_t n, double end,
    const char *action, const char *what, const char *cls, double limit)
{
	int r = lava_exp_wait(&st->exp, re, n, end, st->md);

	if (r == -1)
		return lava_st_fail(st, cls, action,
			   "time limit of %.0f seconds reached "
			   "waiting for %s",
			   limit, what),
		       -1;
	if (r == -2)
		return lava_st_fail(st, LAVA_E_INFRA, action,
			   "the console closed waiting for %s", what),
		       -1;
	return r;
}

/* Wait for the device file's pattern f. */
int
lava_st_expectdev(struct lava_steps *st, enum lava_dfield f, double end,
    const char *action, double limit)
{
	char msg[300];
	pcre2_code *re = lava_exp_re(st->dev->v[f], msg, sizeof(msg));
	int r = lava_st_expect(
	    st, &re, 1, end, action, lava_dev_name(f), LAVA_E_INFRA, limit);

	pcre2_code_free(re);
	return r;
}

int
lava_st_type(struct lava_steps *st, const char *s, const char *action)
{
	char *t = lava_ja_subst(&st->subs, s);
	int r = lava_exp_type(&st->exp, t, 1);

	free(t);
	return r < 0 ? lava_st_fail(st, LAVA_E_INFRA, action,
			   "cannot type on the console: %s", strerror(errno))
		     : 0;
}

/* Stop the autoboot: the interrupt text alone (a line feed if it is
 * empty), so the bootloader prints one prompt, not one for a line too. */
int
lava_st_interrupt(struct lava_steps *st)
{
	const char *c = st->dev->v[LAVA_D_INTERRUPT_CHAR];

	if (lava_exp_type(&st->exp, c && *c ? c : "", !(c && *c)) < 0)
		return lava_st_fail(st, LAVA_E_INFRA, "boot",
		    "cannot type on the console: %s", strerror(errno));
	return 0;
}

/* Run the device file's command f with a time limit. */
static int
power(struct lava_steps *st, enum lava_dfield f, double limit)
{
	char *argv[] = { "sh", "-c", (char *)st->dev->v[f], NULL };
	extern char **environ;
	struct lava_proc p = { .path = "/bin/sh", .argv = argv,
	    .envp = environ, .outfd = STDERR_FILENO,
	    .label = lava_dev_name(f), .limit = limit, .grace = 5 };
	struct lava_proc_end e;
	double t0 = lava_proc_now();

	if (lava_proc_run(&p, &e) == 0) {
		lava_st_record(st, "ACTION", "%s pass %.3f", lava_dev_name(f),
		    lava_proc_now() - t0);
		return 0;
	}
	lava_proc_report(lava_dev_name(f), &e, limit);
	lava_st_record(st, "ACTION", "%s fail %.3f", lava_dev_name(f),
	    lava_proc_now() - t0);
	if (e.timedout)
		return lava_st_fail(st, LAVA_E_INFRA, lava_dev_name(f),
		    "time limit of %.0f "
		    "seconds reached",
		    limit);
	if (e.started && WIFEXITED(e.status))
		return lava_st_fail(st, LAVA_E_INFRA, lava_dev_name(f),
		    "exited with status %d", WEXITSTATUS(e.status));
	if (e.started && WIFSIGNALED(e.status))
		return lava_st_fail(st, LAVA_E_INFRA, lava_dev_name(f),
		    "killed by signal %d", WTERMSIG(e.status));
	return lava_st_fail(st, LAVA_E_INFRA, lava_dev_name(f),
	    "cannot run: %s", strerror(e.err));
}

/* Power the board on from off (or reset it) before a boot. */
int
lava_st_reset(struct lava_steps *st, double limit)
{
	if (st->dev->v[LAVA_D_POWER_ON]) {
		if (st->dev->v[LAVA_D_POWER_OFF] &&
		    power(st, LAVA_D_POWER_OFF, limit) < 0)
			return -1;
		return power(st, LAVA_D_POWER_ON, limit);
	}
	if (st->dev->v[LAVA_D_HARD_RESET])
		return power(st, LAVA_D_HARD_RESET, limit);
	return 0;
}

/* A string of map m under key, or the device file's field f. */
const char *
lava_st_orfield(struct lava_steps *st, const struct lava_ynode *m,
    const char *key, enum lava_dfield f)
{
	const char *s = lava_ystr(lava_yget(m, key));

	return s ? s : st->dev->v[f];
}

/* Start the runner of the job's tree from the console shell. */
int
lava_st_runner(struct lava_steps *st)
{
	char *p = lava_xasprintf("%s/target-dir", st->jobdir), t[512], *c;
	FILE *f = fopen(p, "r");
	int rc;

	free(p);
	if (f == NULL || fgets(t, sizeof(t), f) == NULL) {
		if (f)
			fclose(f);
		return lava_st_fail(st, LAVA_E_JOB, "test",
		    "the job has no loaded tree");
	}
	fclose(f);
	t[strcspn(t, "\n")] = '\0';
	if (t[0] != '/' || strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
	    "nopqrstuvwxyz0123456789/._-") != strlen(t))
		return lava_st_fail(st, LAVA_E_JOB, "test",
		    "target directory is not [A-Za-z0-9/._-]");
	c = lava_xasprintf("%s/bin/lava-test-runner </dev/null &", t);
	rc = lava_st_type(st, c, "test");
	free(c);
	if (rc == 0)
		lava_st_record(st, "ACTION", "test-definitions pass 0");
	return rc;
}

/* LAVA's failure_retry: fn(a) until it succeeds or tries attempts failed,
 * pause seconds apart; the job's error is the last attempt's, none if one
 * succeeded. */
int
lava_st_retry(struct lava_steps *st, const char *action, long tries,
    double pause, int (*fn)(const struct lava_ynode *),
    const struct lava_ynode *a)
{
	char *p;
	long k;
	int rc = -1;

	for (k = 1; k <= tries; k++) {
		if (k > 1) {
			lava_warnx("%s: attempt %ld of %ld", action, k, tries);
			lava_proc_sleep((long)(pause * 1000));
		}
		if ((rc = fn(a)) == 0)
			break;
		if (tries > 1)
			lava_warnx("%s failed: %ld of %ld attempts", action, k,
			    tries);
	}
	/* A success after a failure: that failure's error is no more. */
	if (rc == 0 && k > 1) {
		p = lava_xasprintf("%s/error", st->jobdir);
		if (unlink(p) < 0 && errno != ENOENT)
			lava_warn("%s", p);
		free(p);
	}
	return rc;
}
