/* outfile.c - an output file written beside its name and renamed to it once complete */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "outfile.h"

/* The temporary file a signal must not leave behind. */
static char pending[4096];

static void
onsignal(int sig)
{
	if (pending[0])
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Remove the temporary file if HUP, INT or TERM end the program. */
static void
guard(const char *tmp)
{
	struct sigaction sa;
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
	size_t i;

	if (strlen(tmp) >= sizeof(pending))
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	memcpy(pending, tmp, strlen(tmp) + 1);
}

/* The temporary file is gone or renamed: nothing for a signal to do. */
static void
unguard(void)
{
	sigset_t all, old;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pending[0] = '\0';
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void
lava_outfile_open(struct lava_outfile *o, const char *path)
{
	mode_t mask;
	int fd;

	o->f = stdout;
	o->tmp = NULL;
	o->path = path;
	if (path == NULL)
		return;
	o->tmp = lava_xasprintf("%s.XXXXXX", path);
	mask = umask(0);
	umask(mask);
	/* Guarded before it exists, so no signal can come in between. */
	guard(o->tmp);
	if ((fd = mkstemp(o->tmp)) < 0 || fchmod(fd, 0666 & ~mask) < 0 ||
	    (o->f = fdopen(fd, "w")) == NULL)
		lava_die(LAVA_EXIT_FAIL, "%s", o->tmp);
	memcpy(pending, o->tmp, strlen(o->tmp) + 1);
}

int
lava_outfile_commit(struct lava_outfile *o)
{
	if (o->tmp == NULL)
		return lava_close_stdout() == 0 ? 0 : -1;
	if (fflush(o->f) == EOF || ferror(o->f) || fsync(fileno(o->f)) < 0) {
		lava_warn("%s", o->tmp);
		lava_outfile_abort(o);
		return -1;
	}
	if (fclose(o->f) == EOF || rename(o->tmp, o->path) < 0) {
		lava_warn("%s", o->path);
		unlink(o->tmp);
		unguard();
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	unguard();
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void
lava_outfile_abort(struct lava_outfile *o)
{
	if (o->tmp == NULL)
		return;
	fclose(o->f);
	unlink(o->tmp);
	unguard();
	free(o->tmp);
	o->tmp = NULL;
}
