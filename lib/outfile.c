/* outfile.c - an output file written beside its name and renamed to it once complete */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "outfile.h"

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
	if ((fd = mkstemp(o->tmp)) < 0 || fchmod(fd, 0666 & ~mask) < 0 ||
	    (o->f = fdopen(fd, "w")) == NULL)
		lava_die(LAVA_EXIT_FAIL, "%s", o->tmp);
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
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
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
	free(o->tmp);
	o->tmp = NULL;
}
