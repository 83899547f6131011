/* record.h - the records of lava-records(5): TIME LINE TOKEN NAME ARG... */
#ifndef LAVA_RECORD_H
#define LAVA_RECORD_H

#include <stddef.h>

/* Most parameters a record may carry; the rest of a line is refused. */
#define LAVA_RECORD_MAXARGS 256

struct lava_record {
	char *time;		/* "SECONDS.MICROS" since the epoch */
	double t;		/* time as a number */
	unsigned long line;	/* console line number */
	char *token;		/* ACK token as written, or NULL for "-" */
	int token_ok;		/* token passes lava_token_ok() */
	char *name;		/* signal name, EXIT or TIMEOUT */
	char *args[LAVA_RECORD_MAXARGS];
	size_t nargs;
};

/*
 * Split line (without its newline) in place into r. Returns 0, or -1 with
 * a static description of what is wrong in *why.
 */
int lava_record_parse(char *line, struct lava_record *r, const char **why);
/* Nonzero if s holds a control byte (DEL included) other than TAB: no field may. */
int lava_record_controls(const char *s);
/* Write now, as the TIME field "SECONDS.MICROS" since the epoch, to t[n]. */
void lava_record_now(char *t, size_t n);

#endif
