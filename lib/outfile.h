/* outfile.h - an output file written beside its name and renamed to it once complete */
#ifndef LAVA_OUTFILE_H
#define LAVA_OUTFILE_H

#include <stdio.h>

struct lava_outfile {
	FILE *f;		/* write here */
	char *tmp;		/* the temporary file, or NULL for stdout */
	const char *path;	/* the final name, or NULL for stdout */
};

/* Open path's temporary file (path NULL: stdout); exit 1 with a message if it cannot be made. */
void lava_outfile_open(struct lava_outfile *o, const char *path);
/* Flush, sync and rename into place; -1 reported (and the temporary removed) if any write failed. */
int lava_outfile_commit(struct lava_outfile *o);
/* Remove the temporary file unwritten. */
void lava_outfile_abort(struct lava_outfile *o);

#endif
