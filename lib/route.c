/* route.c - small helpers of lava-sigroute */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"
#include "route.h"

int
lava_name_ok(const char *s)
{
	const char *p;

	if (*s == '\0' || *s == '-' || *s == '.' || strstr(s, "..") ||
	    strlen(s) > 255)
		return 0;
	for (p = s; *p; p++)
		if (*p == '/' || (unsigned char)*p <= ' ' || *p == 0x7f)
			return 0;
	return 1;
}

char *
lava_firstline(const char *path, size_t max)
{
	char *line = NULL;
	size_t size = 0;
	ssize_t n;
	FILE *f = fopen(path, "re");

	if (!f)
		return NULL;
	n = getline(&line, &size, f);
	fclose(f);
	if (n < 0 || (size_t)n > max + 1 || strlen(line) != (size_t)n) {
		errno = n < 0 ? EIO : EFBIG;
		free(line);
		return NULL;
	}
	line[strcspn(line, "\n")] = '\0';
	return line;
}

int
lava_getrec(FILE *f, char *buf, size_t size)
{
	size_t n = 0;
	int c, bad = 0;

	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (c == '\0' || n + 1 >= size)
			bad = 1;
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	if (c == EOF && n == 0 && !bad)
		return -1;
	return bad;
}

int
lava_writeall(int fd, const char *buf, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, buf, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

int
lava_paced_write(int fd, const char *buf, size_t n, long ms)
{
	struct timespec ts;
	size_t i;

	if (ms <= 0)
		return lava_writeall(fd, buf, n);
	for (i = 0; i < n; i++) {
		if (lava_writeall(fd, &buf[i], 1) == -1)
			return -1;
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000;
		while (i + 1 < n && nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
	}
	return 0;
}

int
lava_controls(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < ' ' && *s != '\t') || *s == 0x7f)
			return 1;
	return 0;
}

char **
lava_env_without(const char *const *names)
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
