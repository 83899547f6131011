/* file.c - files and directories: one reader, one writer, one line reader, tree copies */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "file.h"
#include "mem.h"
#include "proc.h"

static unsigned long refused;

unsigned long
lava_file_refused(void)
{
	return refused;
}

int
lava_file_open(int dirfd, const char *name, const char *shown, int flags,
    struct stat *st)
{
	int quiet = flags & LAVA_FILE_QUIET, fd, e;

	/* O_NONBLOCK: a FIFO put where a file should be cannot stall open. */
	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    (flags & LAVA_FILE_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd < 0) {
		e = errno;
		if (e == ENOENT && (flags & LAVA_FILE_ABSENT))
			return -2;
		if (e == ELOOP && (flags & LAVA_FILE_NOFOLLOW))
			refused++;
		if (!quiet && e == ELOOP && (flags & LAVA_FILE_NOFOLLOW))
			lava_warnx("%s: a symbolic link, not read", shown);
		else if (!quiet)
			lava_warn("%s", shown);
		errno = e;
		return -1;
	}
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) ||
	    fcntl(fd, F_SETFL, 0) < 0) {
		e = S_ISREG(st->st_mode) ? errno : EINVAL;
		refused += e == EINVAL;
		if (!quiet && e == EINVAL)
			lava_warnx("%s: not a regular file", shown);
		else if (!quiet)
			lava_warn("%s", shown);
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
lava_file_read(int dirfd, const char *name, const char *shown, size_t cap,
    int flags, char **buf, size_t *n)
{
	int quiet = flags & LAVA_FILE_QUIET, fd, e;
	size_t want;
	struct stat st;
	ssize_t r;

	*buf = NULL;
	*n = 0;
	fd = lava_file_open(dirfd, name, shown, flags, &st);
	if (fd == -2)
		return 1;
	if (fd < 0)
		return -1;
	if ((size_t)st.st_size > cap && (flags & LAVA_FILE_CUT) && !quiet)
		lava_warnx("%s: longer than %zu bytes, the rest is left out",
		    shown, cap);
	/* Cut: stop at the size fstat gave, no extra read to see the end. */
	want = cap;
	if (flags & LAVA_FILE_CUT) {
		if (st.st_size > 0 && (size_t)st.st_size < cap)
			want = st.st_size;
	} else {
		want = cap + 1;
	}
	*buf = lava_xmalloc(want + 1);
	while (*n < want && (r = read(fd, *buf + *n, want - *n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		*n += (size_t)r;
	}
	close(fd);
	if (*n > cap) {
		if (!quiet)
			lava_warnx("%s: larger than %zu bytes", shown, cap);
		free(*buf);
		*buf = NULL;
		*n = 0;
		errno = EFBIG;
		return -1;
	}
	(*buf)[*n] = '\0';
	return 0;
fail:
	e = errno;
	if (!quiet)
		lava_warn("%s", shown);
	if (fd >= 0)
		close(fd);
	free(*buf);
	*buf = NULL;
	*n = 0;
	errno = e;
	return -1;
}

char *
lava_file_line(const char *path, size_t max)
{
	char *buf, *nl;
	size_t n, len;

	if (lava_file_read(AT_FDCWD, path, path, max + 1, LAVA_FILE_CUT |
	    LAVA_FILE_QUIET, &buf, &n) < 0)
		return NULL;
	len = (nl = memchr(buf, '\n', n)) ? (size_t)(nl - buf) : n;
	if (n == 0 || len > max || memchr(buf, '\0', len)) {
		free(buf);
		errno = n == 0 ? EIO : EFBIG;
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

long
lava_file_getline(FILE *f, char *buf, size_t cap, int *seen)
{
	size_t n = 0;
	int c;

	*seen = 0;
	while ((c = getc_unlocked(f)) != EOF && c != '\n') {
		if (c == '\0')
			*seen |= LAVA_LINE_NUL;
		if (n < cap)
			buf[n++] = (char)c;
		else
			*seen |= LAVA_LINE_LONG;
	}
	buf[n] = '\0';
	if (c == EOF && n == 0 && !*seen)
		return -1;
	return (long)n;
}

int
lava_fd_write(int fd, const char *buf, size_t n)
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
lava_fd_write_paced(int fd, const char *buf, size_t n, long ms)
{
	size_t i;

	if (ms <= 0)
		return lava_fd_write(fd, buf, n);
	for (i = 0; i < n; i++) {
		if (lava_fd_write(fd, &buf[i], 1) == -1)
			return -1;
		if (i + 1 < n)
			lava_proc_sleep(ms);
	}
	return 0;
}

static int
cmpname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
lava_dir_list(int dirfd, const char *name, size_t *n)
{
	char **list = NULL;
	struct dirent *e;
	DIR *d;
	int fd;

	*n = 0;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (*n >= LAVA_FILE_MAXDIR)
			break;
		if ((*n & (*n - 1)) == 0)
			list = lava_xrealloc(list,
			    (*n ? 2 * *n : 1) * sizeof(*list));
		list[(*n)++] = lava_xstrdup(e->d_name);
	}
	closedir(d);
	if (*n == 0)
		list = lava_xmalloc(sizeof(*list));
	qsort(list, *n, sizeof(*list), cmpname);
	return list;
}

int
lava_dir_unused(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode) || (d = opendir(path)) == NULL)
		return 1;
	while (rc == 0 && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			rc = 1;
	closedir(d);
	return rc;
}

void
lava_dir_list_free(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* Write data[0..n) to path opened with flags; -1 (reported) on failure. */
static int
putfile(const char *path, int flags, mode_t mode, const char *data, size_t n)
{
	int fd = open(path, flags | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);

	if (fd < 0) {
		lava_warn("%s", path);
		return -1;
	}
	if (lava_fd_write(fd, data, n) < 0) {
		lava_warn("%s", path);
		close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		lava_warn("%s", path);
		return -1;
	}
	return 0;
}

int
lava_file_write(const char *path, const char *data, size_t n, mode_t mode)
{
	return putfile(path, O_CREAT | O_EXCL, mode, data, n);
}

int
lava_file_append(const char *path, const char *data, size_t n)
{
	return putfile(path, O_APPEND, 0, data, n);
}

/* Copy the regular file name of sfd into dfd, as new. */
static int
copyfile(int sfd, int dfd, const char *name, const char *path, mode_t mode)
{
	char buf[1 << 16];
	int in, out;
	ssize_t r;
	size_t total = 0;
	int rc = 0;

	if ((in = openat(sfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		lava_warn("%s", path);
		return -1;
	}
	if ((out = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode & 0777)) < 0) {
		lava_warn("%s", path);
		close(in);
		return -1;
	}
	while ((r = read(in, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			lava_warn("%s", path);
			rc = -1;
			break;
		}
		if ((total += (size_t)r) > LAVA_FILE_COPYMAX) {
			lava_warnx("%s: larger than %u bytes", path,
			    LAVA_FILE_COPYMAX);
			rc = -1;
			break;
		}
		if (lava_fd_write(out, buf, (size_t)r) < 0) {
			lava_warn("write %s", name);
			rc = -1;
			break;
		}
	}
	close(in);
	if (close(out) < 0 && rc == 0) {
		lava_warn("write %s", name);
		rc = -1;
	}
	return rc;
}

static int copydir(int sfd, int dfd, const char *path, const char *const skip[],
    int depth, size_t *count);

/* lava_tree_link(): regular files are hard links to the source's. */
static int linkfiles;

/* Copy entry name of sfd (at path) into dfd. */
static int
copyent(int sfd, int dfd, const char *name, const char *path, int depth,
    size_t *count)
{
	struct stat st;
	char link[PATH_MAX];
	ssize_t n;
	int s, d, rc;

	if (fstatat(sfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		lava_warn("%s", path);
		return -1;
	}
	if (++*count > LAVA_FILE_MAXFILES) {
		lava_warnx("%s: more than %u files", path, LAVA_FILE_MAXFILES);
		return -1;
	}
	if (S_ISREG(st.st_mode)) {
		/* A copy where the file system has no link for it. */
		if (linkfiles && linkat(sfd, name, dfd, name, 0) == 0)
			return 0;
		return copyfile(sfd, dfd, name, path, st.st_mode);
	}
	if (S_ISLNK(st.st_mode)) {
		/* Kept as a link: it means something on the device only. */
		if ((n = readlinkat(sfd, name, link, sizeof(link) - 1)) < 0) {
			lava_warn("%s", path);
			return -1;
		}
		link[n] = '\0';
		if (symlinkat(link, dfd, name) < 0) {
			lava_warn("%s", path);
			return -1;
		}
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		lava_warnx("%s: not a file, directory or link: left out", path);
		return 0;
	}
	if (depth >= LAVA_FILE_MAXDEPTH) {
		lava_warnx("%s: nested more than %d deep", path,
		    LAVA_FILE_MAXDEPTH);
		return -1;
	}
	if (mkdirat(dfd, name, 0755) < 0) {
		lava_warn("%s", path);
		return -1;
	}
	if ((s = openat(sfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0) {
		lava_warn("%s", path);
		return -1;
	}
	if ((d = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0) {
		lava_warn("%s", path);
		close(s);
		return -1;
	}
	rc = copydir(s, d, path, NULL, depth + 1, count);
	close(d);
	return rc;
}

/* Copy the entries of the dir sfd (closed here) into dfd. */
static int
copydir(int sfd, int dfd, const char *path, const char *const skip[],
    int depth, size_t *count)
{
	DIR *dir = fdopendir(sfd);
	struct dirent *e;
	size_t i;
	int rc = 0;

	if (dir == NULL) {
		lava_warn("%s", path);
		close(sfd);
		return -1;
	}
	while (rc == 0 && (errno = 0, e = readdir(dir)) != NULL) {
		char *sub;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		for (i = 0; skip && skip[i]; i++)
			if (strcmp(e->d_name, skip[i]) == 0)
				break;
		if (skip && skip[i])
			continue;
		sub = lava_xasprintf("%s/%s", path, e->d_name);
		rc = copyent(dirfd(dir), dfd, e->d_name, sub, depth, count);
		free(sub);
	}
	if (rc == 0 && errno != 0) {
		lava_warn("%s", path);
		rc = -1;
	}
	closedir(dir);
	return rc;
}

int
lava_tree_copy(const char *src, const char *dst, const char *const skip[])
{
	size_t count = 0;
	int s, d, rc;

	if ((s = open(src, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		lava_warn("%s", src);
		return -1;
	}
	if ((d = open(dst, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		lava_warn("%s", dst);
		close(s);
		return -1;
	}
	rc = copydir(s, d, src, skip, 0, &count);
	close(d);
	return rc;
}

int
lava_tree_link(const char *src, const char *dst, const char *const skip[])
{
	int rc;

	linkfiles = 1;
	rc = lava_tree_copy(src, dst, skip);
	linkfiles = 0;
	return rc;
}

static int
rment(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT)
		lava_warn("cannot remove %s", path);
	return 0;
}

int
lava_tree_remove(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	nftw(path, rment, 32, FTW_DEPTH | FTW_PHYS);
	return lstat(path, &st) < 0 && errno == ENOENT ? 0 : -1;
}

void
lava_path_trim(char *path)
{
	size_t i;

	for (i = strlen(path); i > 1 && path[i - 1] == '/'; i--)
		path[i - 1] = '\0';
}

char *
lava_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? lava_xstrndup(path, slash - path) : lava_xstrdup(".");
}

int
lava_path_within(const char *dir, const char *path)
{
	char *rdir = realpath(dir, NULL), *rfile = realpath(path, NULL);
	size_t n = rdir ? strlen(rdir) : 0;
	int rc = -1;

	if (rdir && rfile)
		rc = strncmp(rfile, rdir, n) == 0 && rfile[n] == '/';
	free(rdir);
	free(rfile);
	return rc;
}
