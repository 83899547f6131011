/* err.c - diagnostics and exit helpers */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static const char *prog = "lava";

void
lava_setprog(const char *name)
{
	const char *p = strrchr(name, '/');

	prog = p ? p + 1 : name;
}

const char *
lava_prog(void)
{
	return prog;
}

static void
vmsg(const char *file, unsigned long line, unsigned long col, int errnum,
    const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	if (file) {
		fprintf(stderr, "%s:", file);
		if (line)
			fprintf(stderr, "%lu:", line);
		if (line && col)
			fprintf(stderr, "%lu:", col);
		fputc(' ', stderr);
	}
	vfprintf(stderr, fmt, ap);
	if (errnum)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void
lava_vwarnat(const char *file, unsigned long line, unsigned long col,
    const char *fmt, va_list ap)
{
	vmsg(file, line, col, 0, fmt, ap);
}

void
lava_dieat(int status, const char *file, unsigned long line,
    unsigned long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, col, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
lava_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, 0, fmt, ap);
	va_end(ap);
}

void
lava_warn(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, e, fmt, ap);
	va_end(ap);
}

void
lava_warnat(const char *file, unsigned long line, unsigned long col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, col, 0, fmt, ap);
	va_end(ap);
}

void
lava_diex(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
lava_die(int status, const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, e, fmt, ap);
	va_end(ap);
	exit(status);
}

void
lava_version(void)
{
	printf("%s %s\n", prog, LAVA_VERSION);
	exit(lava_close_stdout());
}

void
lava_usage(const char *usage, int ok)
{
	fprintf(ok ? stdout : stderr, "usage: %s %s\n", prog, usage);
	exit(ok ? lava_close_stdout() : LAVA_EXIT_USAGE);
}

int
lava_close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		lava_warn("write error on stdout");
		return LAVA_EXIT_FAIL;
	}
	return LAVA_EXIT_OK;
}
