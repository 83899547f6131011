/* fuzz.h - what the fuzz harnesses share: the input, a scratch dir, files */
#ifndef LAVA_FUZZ_H
#define LAVA_FUZZ_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A program's main(), compiled under this name into its harness. */
int lava_fuzz_main(int argc, char *argv[]);

/* The harness cannot run at all: not a finding, a broken setup. */
static inline _Noreturn void
fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, strerror(errno));
	exit(99);
}

/* The whole of the file path (the fuzzer's input), NUL-terminated. */
static inline char *
fuzz_input(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;

	*n = 0;
	if (f == NULL)
		fuzz_fail(path);
	for (;;) {
		if (*n + 4096 + 1 > cap && (buf = realloc(buf,
		    cap = 2 * cap + 4096 + 1)) == NULL)
			fuzz_fail("realloc");
		size_t r = fread(buf + *n, 1, cap - *n - 1, f);
		*n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[*n] = '\0';
	return buf;
}

static inline int
fuzz_rm1(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(p) : unlink(p)) < 0 && errno != ENOENT)
		fuzz_fail(p);
	return 0;
}

/* An empty directory dir, made the working directory. */
static inline void
fuzz_scratch(const char *dir)
{
	if (nftw(dir, fuzz_rm1, 16, FTW_DEPTH | FTW_PHYS) < 0 &&
	    errno != ENOENT)
		fuzz_fail(dir);
	if (mkdir(dir, 0700) < 0 || chdir(dir) < 0)
		fuzz_fail(dir);
}

/* Write n bytes of p to path, making its parent dirs. */
static inline void
fuzz_put(const char *path, const char *p, size_t n)
{
	char dir[4096], *s;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s", path);
	for (s = strchr(dir + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			fuzz_fail(dir);
		*s = '/';
	}
	if ((f = fopen(path, "wb")) == NULL || fwrite(p, 1, n, f) != n ||
	    fclose(f) != 0)
		fuzz_fail(path);
}

/* stdin from the file path. */
static inline void
fuzz_stdin(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0 || dup2(fd, 0) < 0)
		fuzz_fail(path);
	close(fd);
}

/* stdout (and stderr unless LAVA_FUZZ_STDERR is set) to /dev/null. */
static inline void
fuzz_quiet(void)
{
	int fd = open("/dev/null", O_WRONLY);

	if (fd < 0 || dup2(fd, 1) < 0 ||
	    (!getenv("LAVA_FUZZ_STDERR") && dup2(fd, 2) < 0))
		fuzz_fail("/dev/null");
	close(fd);
}

/* The scratch dir of this harness: $LAVA_FUZZ_DIR or ./fuzz.NAME. */
static inline const char *
fuzz_dir(const char *name)
{
	static char buf[4096];
	char cwd[2048];
	const char *d = getenv("LAVA_FUZZ_DIR");

	if (d && *d)
		return d;
	snprintf(buf, sizeof(buf), "%s/fuzz.%s", getcwd(cwd, sizeof(cwd)) ?
	    cwd : ".", name);
	return buf;
}

#endif
