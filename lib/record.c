/* record.c - parse one record line */
#include <sys/time.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "record.h"

static int
bad(const char **why, const char *msg)
{
	*why = msg;
	return -1;
}

/*
 * TIME as lava-records(5) has it, "%ld.%06ld": 1 to 12 digits of seconds,
 * then optionally a point and 1 to 6 digits. No sign, exponent, hex, inf
 * or nan, so the value always fits a time_t.
 */
static int
seconds(const char *s, double *t)
{
	size_t i = strspn(s, "0123456789"), f = 0;

	if (i == 0 || i > 12)
		return -1;
	if (s[i] == '.') {
		f = strspn(s + i + 1, "0123456789");
		if (f == 0 || f > 6)
			return -1;
		f++;
	}
	if (s[i + f] != '\0')
		return -1;
	*t = strtod(s, NULL);
	return 0;
}

int
lava_record_parse(char *line, struct lava_record *r, const char **why)
{
	char *f[4], *p = line, *end;
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 4; i++) {
		f[i] = p;
		p = strchr(p, '\t');
		if (p)
			*p++ = '\0';
		else if (i < 3)
			return bad(why, "fewer than 4 fields");
		else
			break;
	}
	while (p) {
		if (r->nargs == LAVA_RECORD_MAXARGS)
			return bad(why, "too many parameters");
		r->args[r->nargs++] = p;
		p = strchr(p, '\t');
		if (p)
			*p++ = '\0';
	}
	r->time = f[0];
	if (seconds(f[0], &r->t) < 0)
		return bad(why, "TIME is not SECONDS.MICROSECONDS");
	errno = 0;
	r->line = strtoul(f[1], &end, 10);
	if (errno || end == f[1] || *end != '\0' || f[1][0] == '-')
		return bad(why, "LINE is not a line number");
	/* A bad token is the caller's to report: the signal still counts. */
	if (strcmp(f[2], "-") != 0) {
		r->token = f[2];
		r->token_ok = lava_token_ok(f[2], strlen(f[2]));
	}
	if (f[3][0] == '\0')
		return bad(why, "NAME is empty");
	r->name = f[3];
	for (i = 0; i < r->nargs; i++)
		if (r->args[i][0] == '\0')
			return bad(why, "empty parameter");
	return 0;
}

int
lava_record_controls(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < ' ' && *s != '\t') || *s == 0x7f)
			return 1;
	return 0;
}

void
lava_record_now(char *t, size_t n)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	snprintf(t, n, "%ld.%06ld", (long)tv.tv_sec, (long)tv.tv_usec);
}
