/* fetch.c - curl, git and brz with no shell, and careful file-tree copies */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

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
#include "fetch.h"
#include "mem.h"

volatile sig_atomic_t lava_fetch_stop;

/* The child side of lava_fetch_run(): never returns. */
static void
child(char *const argv[], const char *dir, char *const env[], int outfd)
{
	int fd;
	size_t i;

	if (env)
		for (i = 0; env[i]; i++)
			if (putenv(env[i]) != 0)
				_exit(127);
	if (dir && chdir(dir) < 0) {
		lava_warn("%s", dir);
		_exit(127);
	}
	if ((fd = open("/dev/null", O_RDONLY)) < 0 || dup2(fd, 0) < 0)
		_exit(127);
	if (dup2(outfd >= 0 ? outfd : 2, 1) < 0)
		_exit(127);
	if (fd > 2)
		close(fd);
	execvp(argv[0], argv);
	lava_warn("cannot run %s", argv[0]);
	_exit(127);
}

int
lava_fetch_run(char *const argv[], const char *dir, char *const env[],
    char *out, size_t size)
{
	int pfd[2] = { -1, -1 }, status, killed = 0;
	size_t len = 0;
	ssize_t r;
	pid_t pid;
	char junk[512];

	if (lava_fetch_stop)
		return -1;
	if (out && pipe2(pfd, O_CLOEXEC) < 0) {
		lava_warn("pipe");
		return -1;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		lava_warn("fork");
		if (out) {
			close(pfd[0]);
			close(pfd[1]);
		}
		return -1;
	}
	if (pid == 0)
		child(argv, dir, env, pfd[1]);
	if (out) {
		close(pfd[1]);
		/* Keep what fits, drain the rest so the child never blocks. */
		for (;;) {
			if (len + 1 < size)
				r = read(pfd[0], out + len, size - 1 - len);
			else
				r = read(pfd[0], junk, sizeof(junk));
			if (r < 0 && errno == EINTR) {
				if (lava_fetch_stop && !killed++)
					kill(pid, SIGTERM);
				continue;
			}
			if (r <= 0)
				break;
			if (len + 1 < size)
				len += (size_t)r;
		}
		close(pfd[0]);
		while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
			len--;
		out[len] = '\0';
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			lava_warn("waitpid");
			return -1;
		}
		if (lava_fetch_stop && !killed++)
			kill(pid, SIGTERM);
	}
	if (lava_fetch_stop)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int
lava_fetch_url(const char *url, const char *path)
{
	char max[32];
	char *argv[] = { "curl", "-fsS", "-L", "--proto", "=http,https",
	    "--proto-redir", "=http,https", "--max-redirs", "10",
	    "--connect-timeout", "60", "--max-time", "600",
	    "--max-filesize", max, "-o",
	    (char *)path, "--", (char *)url, NULL };

	snprintf(max, sizeof(max), "%u", LAVA_FETCH_FILEMAX);
	return lava_fetch_run(argv, NULL, NULL, NULL, 0);
}

int
lava_fetch_git(const char *url, const char *rev, const char *dir,
    char *commit, size_t size)
{
	/* No transport that runs a command, whatever the user's config says. */
	char *clone[] = { "git", "-c", "protocol.ext.allow=never", "clone",
	    "-q", "--", (char *)url, (char *)dir, NULL };
	char *checkout[] = { "git", "-C", (char *)dir, "checkout", "-q",
	    "--detach", (char *)rev, "--", NULL };
	char *head[] = { "git", "-C", (char *)dir, "rev-parse", "--verify",
	    "-q", "HEAD", NULL };
	/* Never a password prompt; a transfer stalled for 2 minutes fails. */
	char *env[] = { "GIT_TERMINAL_PROMPT=0", "GIT_HTTP_LOW_SPEED_LIMIT=1",
	    "GIT_HTTP_LOW_SPEED_TIME=120", NULL };

	if (lava_fetch_run(clone, NULL, env, NULL, 0) != 0)
		return 1;
	if (rev && lava_fetch_run(checkout, NULL, env, NULL, 0) != 0)
		return 2;
	if (lava_fetch_run(head, NULL, env, commit, size) != 0)
		return 2;
	return 0;
}

int
lava_fetch_bzr(const char *url, const char *rev, const char *dir,
    const char *home, char *revno, size_t size)
{
	char *r = lava_xasprintf("--revision=%s", rev ? rev : "-1");
	char *h1 = lava_xasprintf("BZR_HOME=%s", home);
	char *h2 = lava_xasprintf("BRZ_HOME=%s", home);
	char *branch[] = { "brz", "branch", "-q", r, "--", (char *)url,
	    (char *)dir, NULL };
	char *info[] = { "brz", "revno", NULL };
	char *env[] = { h1, h2, "BZR_LOG=/dev/null", "BRZ_LOG=/dev/null", NULL };
	int rc = 1;

	if (lava_fetch_run(branch, NULL, env, NULL, 0) == 0 &&
	    lava_fetch_run(info, dir, env, revno, size) == 0)
		rc = 0;
	/* putenv() in the child only: these are ours to free. */
	free(r);
	free(h1);
	free(h2);
	return rc;
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
		if ((total += (size_t)r) > LAVA_FETCH_FILEMAX) {
			lava_warnx("%s: larger than %u bytes", path,
			    LAVA_FETCH_FILEMAX);
			rc = -1;
			break;
		}
		if (write(out, buf, (size_t)r) != r) {
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
	if (++*count > LAVA_FETCH_MAXFILES) {
		lava_warnx("%s: more than %u files", path, LAVA_FETCH_MAXFILES);
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return copyfile(sfd, dfd, name, path, st.st_mode);
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
	if (depth >= LAVA_FETCH_MAXDEPTH) {
		lava_warnx("%s: nested more than %d deep", path,
		    LAVA_FETCH_MAXDEPTH);
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
lava_copytree(const char *src, const char *dst, const char *const skip[])
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

/* Write data[0..n) to path opened with flags; -1 (reported) on failure. */
static int
putfile(const char *path, int flags, mode_t mode, const char *data, size_t n)
{
	int fd = open(path, flags | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
	size_t off = 0;
	ssize_t w;

	if (fd < 0) {
		lava_warn("%s", path);
		return -1;
	}
	while (off < n) {
		if ((w = write(fd, data + off, n - off)) < 0) {
			if (errno == EINTR)
				continue;
			lava_warn("%s", path);
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0) {
		lava_warn("%s", path);
		return -1;
	}
	return 0;
}

int
lava_writefile(const char *path, const char *data, size_t n, mode_t mode)
{
	return putfile(path, O_CREAT | O_EXCL, mode, data, n);
}

/* Append data[0..n) to the existing file path. */
static int
lava_appendfile(const char *path, const char *data, size_t n)
{
	return putfile(path, O_APPEND, 0, data, n);
}

int
lava_readfile(const char *path, size_t max, char **data, size_t *n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t len = 0;
	ssize_t r;
	char *buf;

	if (fd < 0 || fstat(fd, &st) < 0) {
		lava_warn("%s", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		lava_warnx("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	buf = lava_xmalloc(max + 1);
	while ((r = read(fd, buf + len, max + 1 - len)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			lava_warn("%s", path);
			close(fd);
			free(buf);
			return -1;
		}
		len += (size_t)r;
		if (len > max) {
			lava_warnx("%s: larger than %zu bytes", path, max);
			close(fd);
			free(buf);
			return -1;
		}
	}
	close(fd);
	buf[len] = '\0';
	*data = buf;
	*n = len;
	return 0;
}

int
lava_copyscripts(const char *src, const char *dst, const char *interp)
{
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if ((d = opendir(src)) == NULL) {
		lava_warn("%s", src);
		return -1;
	}
	while (rc == 0 && (errno = 0, e = readdir(d)) != NULL) {
		char *path, *data, *body, *out;
		struct stat st;
		size_t n;

		if (e->d_name[0] == '.' || strchr(e->d_name, '~'))
			continue;
		path = lava_xasprintf("%s/%s", src, e->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (lava_readfile(path, LAVA_FETCH_SCRIPTMAX, &data, &n) < 0) {
			free(path);
			rc = -1;
			break;
		}
		body = data;
		if (strncmp(data, "#!", 2) == 0)
			body = (body = memchr(data, '\n', n)) ? body + 1 : data + n;
		out = lava_xasprintf("#!%s\n", interp);
		free(path);
		path = lava_xasprintf("%s/%s", dst, e->d_name);
		if (lava_writefile(path, out, strlen(out), 0755) < 0 ||
		    lava_appendfile(path, body, (size_t)(data + n - body)) < 0)
			rc = -1;
		free(out);
		free(data);
		free(path);
	}
	if (rc == 0 && errno != 0) {
		lava_warn("%s", src);
		rc = -1;
	}
	closedir(d);
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
lava_rmtree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	nftw(path, rment, 32, FTW_DEPTH | FTW_PHYS);
	return lstat(path, &st) < 0 && errno == ENOENT ? 0 : -1;
}
