/* fetch.c - curl, git and brz with no shell, and careful file-tree copies */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "fetch.h"
#include "file.h"
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

	snprintf(max, sizeof(max), "%u", LAVA_FILE_COPYMAX);
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

int
lava_fetch_scripts(const char *src, const char *dst, const char *interp)
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
		if (lava_file_read(AT_FDCWD, path, path, LAVA_FETCH_SCRIPTMAX, 0,
		    &data, &n) < 0) {
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
		if (lava_file_write(path, out, strlen(out), 0755) < 0 ||
		    lava_file_append(path, body, (size_t)(data + n - body)) < 0)
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
