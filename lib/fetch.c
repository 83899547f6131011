/* fetch.c - curl, git and brz with no shell, and careful file-tree copies */
#include <sys/mman.h>
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
#include "proc.h"

volatile sig_atomic_t lava_fetch_stop;
double lava_fetch_limit = LAVA_FETCH_LIMIT;

/* environ with the NAME=VALUE strings of env put in, replacing the same names. */
static char **
env_with(char *const env[])
{
	const char *names[16];
	char **base, **v;
	size_t i, n, k;

	for (k = 0; env && env[k] && k < 15; k++)
		names[k] = lava_xstrndup(env[k], strcspn(env[k], "=") + 1);
	names[k] = NULL;
	base = lava_proc_env_without(names);
	for (n = 0; base[n]; n++)
		;
	v = lava_xcalloc(n + k + 1, sizeof(*v));
	memcpy(v, base, n * sizeof(*v));
	for (i = 0; i < k; i++) {
		v[n + i] = env[i];
		free((char *)names[i]);
	}
	free(base);
	return v;
}

int
lava_fetch_run(char *const argv[], const char *dir, char *const env[],
    char *out, size_t size)
{
	struct lava_proc p = { 0 };
	struct lava_proc_end e;
	char *path, *also = NULL, **envp;
	int noexec = 0, fd = -1, rc;
	ssize_t len;

	if (lava_fetch_stop)
		return -1;
	path = lava_proc_find(argv[0], getenv("PATH"), NULL, &also, &noexec);
	free(also);
	if (!path) {
		lava_warnx("cannot run %s: %s on PATH", argv[0],
		    noexec ? "not executable" : "not found");
		return -1;
	}
	/* Its stdout in memory: a pipe nobody reads while it runs could fill. */
	if (out && (fd = memfd_create("lava-fetch", MFD_CLOEXEC)) < 0) {
		lava_warn("memfd_create");
		free(path);
		return -1;
	}
	envp = env_with(env);
	p.path = path;
	p.argv = argv;
	p.envp = envp;
	p.dir = dir;
	p.outfd = out ? fd : STDERR_FILENO;
	p.label = argv[0];
	p.limit = lava_fetch_limit;
	p.grace = 5;
	p.stop = &lava_fetch_stop;
	lava_proc_run(&p, &e);
	free(envp);
	free(path);
	if (out) {
		len = pread(fd, out, size - 1, 0);
		if (len < 0)
			len = 0;
		while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
			len--;
		out[len] = '\0';
		close(fd);
	}
	if (lava_fetch_stop)
		return -1;
	/* An exit status is the caller's to explain; anything else is said here. */
	if (!e.started || e.timedout || WIFSIGNALED(e.status))
		lava_proc_report(argv[0], &e, p.limit);
	if (!e.started)
		return -1;
	rc = WIFSIGNALED(e.status) ? 128 + WTERMSIG(e.status) :
	    WEXITSTATUS(e.status);
	return rc;
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
