/* proc.c - one child at a time, with a time limit and a relayed stderr */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "err.h"
#include "mem.h"
#include "proc.h"

/* Most stderr bytes read at once: after the child's exit a background
 * child may still be writing, and that must not hold the caller. */
#define DRAIN_MAX (64 * 1024)

static int chldpipe[2] = { -1, -1 };

struct relay {
	const char *label;
	char line[LAVA_PROC_LINE + 1];
	size_t len;
	int cut;		/* the current line was too long */
	unsigned long lines, dropped;
};

const char *
lava_proc_signame(int sig)
{
	static char buf[32];
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, sizeof(buf), "SIG%s", abbrev);
	else
		snprintf(buf, sizeof(buf), "signal %d", sig);
	return buf;
}

double
lava_proc_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
lava_proc_sleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void
onchld(int sig)
{
	int e = errno;
	ssize_t r;

	(void)sig;
	r = write(chldpipe[1], "", 1);
	(void)r;
	errno = e;
}

/* SIGCHLD wakes poll() through a pipe; set up once. */
static void
setup(void)
{
	struct sigaction sa;
	int i;

	if (chldpipe[0] != -1)
		return;
	if (pipe(chldpipe) == -1)
		lava_die(LAVA_EXIT_FAIL, "pipe");
	for (i = 0; i < 2; i++) {
		fcntl(chldpipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(chldpipe[i], F_SETFL, O_NONBLOCK);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
#ifdef PR_SET_CHILD_SUBREAPER
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
}

static void
emit(struct relay *r)
{
	size_t i;

	if (r->lines >= LAVA_PROC_LINES) {
		r->dropped++;
		return;
	}
	r->lines++;
	/* Whatever the handler printed, the terminal gets no control bytes. */
	for (i = 0; i < r->len; i++)
		if ((unsigned char)r->line[i] < 0x20 && r->line[i] != '\t')
			r->line[i] = '?';
	r->line[r->len] = '\0';
	lava_warnx("%s: %s%s", r->label, r->line, r->cut ? " [cut]" : "");
}

static void
feed(struct relay *r, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			emit(r);
			r->len = 0;
			r->cut = 0;
		} else if (r->len < LAVA_PROC_LINE) {
			r->line[r->len++] = buf[i];
		} else {
			r->cut = 1;
		}
	}
}

/*
 * Read what the pipe holds now, at most max bytes, so a writer that never
 * stops cannot keep the caller from its clock. Returns 0 at EOF or error,
 * else 1.
 */
static int
pump(struct relay *r, int fd, size_t max)
{
	char buf[4096];
	size_t total = 0;
	ssize_t n;

	while (total < max) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			feed(r, buf, (size_t)n);
			total += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		return n == -1 && errno == EAGAIN;
	}
	return 1;
}

/* Reap every child that has ended; nonzero once pid is among them. */
static int
reap(pid_t pid, int *status)
{
	pid_t r;
	int st, found = 0;
	char c;

	while (read(chldpipe[0], &c, 1) == 1)
		;
	while ((r = waitpid(-1, &st, WNOHANG)) > 0)
		if (r == pid) {
			*status = st;
			found = 1;
		}
	return found;
}

static _Noreturn void
child(const struct lava_proc *p, int errfd, int reportfd)
{
	struct sigaction sa;
	sigset_t none;
	int null, e;

	setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	null = open("/dev/null", O_RDWR);
	if (null == -1 || dup2(null, 0) == -1 ||
	    dup2(p->outfd >= 0 ? p->outfd : null, 1) == -1 ||
	    dup2(errfd, 2) == -1 || (p->dir && chdir(p->dir) == -1))
		goto fail;
	execve(p->path, p->argv, p->envp);
fail:
	e = errno;
	if (write(reportfd, &e, sizeof(e)) != (ssize_t)sizeof(e))
		_exit(127);
	_exit(127);
}

int
lava_proc_run(const struct lava_proc *p, struct lava_proc_end *e)
{
	struct relay *r = lava_xcalloc(1, sizeof(*r));
	struct pollfd pfd[2];
	int errp[2], rep[2], st = 0, term = 0, killed = 0, err;
	double deadline;
	pid_t pid;
	ssize_t n;

	memset(e, 0, sizeof(*e));
	setup();
	r->label = p->label;
	if (pipe2(errp, O_CLOEXEC) == -1 || pipe2(rep, O_CLOEXEC) == -1) {
		e->err = errno;
		free(r);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == -1) {
		e->err = errno;
		close(errp[0]), close(errp[1]), close(rep[0]), close(rep[1]);
		free(r);
		return -1;
	}
	if (pid == 0)
		child(p, errp[1], rep[1]);
	setpgid(pid, pid);
	close(errp[1]);
	close(rep[1]);
	while ((n = read(rep[0], &err, sizeof(err))) == -1 && errno == EINTR)
		;
	close(rep[0]);
	if (n == (ssize_t)sizeof(err)) {
		e->err = err;
		while (!reap(pid, &st))
			poll(NULL, 0, 10);
		close(errp[0]);
		free(r);
		return -1;
	}
	e->started = 1;
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	deadline = lava_proc_now() + p->limit;
	while (!reap(pid, &st)) {
		double left = deadline - lava_proc_now();
		int nfd = 1, ms;

		if (p->stop && *p->stop && !term)
			left = 0;
		if (left <= 0) {
			if (!term) {
				kill(-pid, SIGTERM);
				term = e->timedout = 1;
				deadline = lava_proc_now() + p->grace;
			} else if (!killed) {
				kill(-pid, SIGKILL);
				killed = 1;
				deadline = lava_proc_now() + 3600;
			}
			continue;
		}
		ms = left * 1000 + 1;
		/* A signal that lands just before poll() is seen within 1 s. */
		if (p->stop && ms > 1000)
			ms = 1000;
		pfd[0].fd = chldpipe[0];
		pfd[0].events = POLLIN;
		if (errp[0] != -1) {
			pfd[1].fd = errp[0];
			pfd[1].events = POLLIN;
			nfd = 2;
		}
		if (poll(pfd, nfd, ms) > 0 && nfd == 2 && pfd[1].revents &&
		    !pump(r, errp[0], DRAIN_MAX)) {
			close(errp[0]);
			errp[0] = -1;
		}
	}
	/* What the group left behind after a stop goes too, and is waited
	 * for (a little): "stopped" means gone. */
	if (term) {
		int dummy;

		deadline = lava_proc_now() + p->grace + 1;
		while (kill(-pid, SIGKILL) == 0 && lava_proc_now() < deadline) {
			poll(NULL, 0, 5);
			reap(pid, &dummy);
		}
	}
	if (errp[0] != -1) {
		pump(r, errp[0], DRAIN_MAX);
		close(errp[0]);
	}
	if (r->len)
		emit(r);
	e->status = st;
	e->dropped = r->dropped;
	free(r);
	return e->timedout || !WIFEXITED(st) || WEXITSTATUS(st) != 0;
}

void
lava_proc_report(const char *label, const struct lava_proc_end *e,
    double limit)
{
	int st = e->status;

	if (e->dropped)
		lava_warnx("%s: %lu more lines on stderr dropped", label,
		    e->dropped);
	if (!e->started)
		lava_warnx("%s: cannot run: %s", label, strerror(e->err));
	else if (e->timedout)
		lava_warnx("%s: time limit of %gs passed: stopped", label,
		    limit);
	else if (WIFSIGNALED(st))
		lava_warnx("%s: killed by signal %s (%s)", label,
		    lava_proc_signame(WTERMSIG(st)), strsignal(WTERMSIG(st)));
	else if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
		lava_warnx("%s: exited with status %d", label,
		    WEXITSTATUS(st));
}

void
lava_proc_outcome(const struct lava_proc_end *e, char *buf, size_t n)
{
	int st = e->status;

	if (!e->started)
		snprintf(buf, n, "not-run");
	else if (e->timedout)
		snprintf(buf, n, "timeout");
	else if (WIFSIGNALED(st))
		snprintf(buf, n, "signal:%s", lava_proc_signame(WTERMSIG(st)));
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		snprintf(buf, n, "ok");
	else
		snprintf(buf, n, "exit:%d", WEXITSTATUS(st));
}

/* Look at DIR/name; keep the first executable, note a second one. */
static int
look(const char *d, int dlen, const char *name, char **found, char **also,
    int *noexec)
{
	char *path = lava_xasprintf("%.*s/%s", dlen, d, name);
	struct stat sb;

	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if (access(path, X_OK) != 0) {
			*noexec = 1;
		} else if (!*found) {
			*found = path;
			return 0;
		} else if (strcmp(*found, path) != 0) {
			*also = path;
			return 1;
		}
	}
	free(path);
	return 0;
}

char *
lava_proc_find(const char *name, const char *pathlist, const char *dir,
    char **also, int *noexec)
{
	const char *p = pathlist, *q;
	char *found = NULL;

	*also = NULL;
	*noexec = 0;
	while (p && *p) {
		q = strchr(p, ':');
		if (!q)
			q = p + strlen(p);
		if (q > p && look(p, (int)(q - p), name, &found, also, noexec))
			return found;
		p = *q ? q + 1 : q;
	}
	if (dir && *dir)
		look(dir, (int)strlen(dir), name, &found, also, noexec);
	return found;
}

char **
lava_proc_env_without(const char *const *names)
{
	extern char **environ;
	char **v;
	size_t n = 0, i, k;

	for (i = 0; environ[i]; i++)
		;
	v = lava_xcalloc(i + 1, sizeof(*v));
	for (i = 0; environ[i]; i++) {
		for (k = 0; names[k]; k++)
			if (strncmp(environ[i], names[k], strlen(names[k])) == 0)
				break;
		if (!names[k])
			v[n++] = environ[i];
	}
	return v;
}
