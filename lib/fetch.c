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
#include "names.h"
#include "mem.h"
#include "proc.h"
#include "tdefjob.h"
#include "ydoc.h"

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

void
lava_fetch_limit_env(void)
{
	const char *s = getenv("LAVA_FETCH_TIME_LIMIT");
	char *end;

	if (s == NULL || *s == '\0')
		return;
	errno = 0;
	lava_fetch_limit = strtod(s, &end);
	if (errno || end == s || *end || !(lava_fetch_limit > 0) ||
	    lava_fetch_limit > 86400)
		lava_diex(LAVA_EXIT_USAGE, "LAVA_FETCH_TIME_LIMIT=%s: not a "
		    "number of seconds from 0 to 86400", s);
}

char *
lava_fetch_project(const char *url)
{
	size_t n = strlen(url), start;
	char *s;

	while (n > 1 && url[n - 1] == '/')
		n--;
	for (start = n; start > 0 && url[start - 1] != '/' &&
	    url[start - 1] != ':'; start--)
		;
	s = lava_xstrndup(url + start, n - start);
	if (strlen(s) > 4 && strcmp(s + strlen(s) - 4, ".git") == 0)
		s[strlen(s) - 4] = '\0';
	if (*s == '\0') {
		free(s);
		s = lava_xstrdup("repository");
	}
	return s;
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
	/*
	 * A revision is a commit, a tag, or a branch of the remote, as
	 * LAVA's checkout after the clone takes it: a branch is only
	 * origin/BRANCH in the clone, so that is tried second.
	 */
	char *want[2] = { rev ? lava_xasprintf("%s^{commit}", rev) : NULL,
	    rev ? lava_xasprintf("origin/%s^{commit}", rev) : NULL };
	char *verify[] = { "git", "-C", (char *)dir, "rev-parse", "--verify",
	    "-q", want[0], NULL };
	char *checkout[] = { "git", "-C", (char *)dir, "checkout", "-q",
	    "--detach", commit, "--", NULL };
	char *head[] = { "git", "-C", (char *)dir, "rev-parse", "--verify",
	    "-q", "HEAD", NULL };
	/* Never a password prompt; a transfer stalled for 2 minutes fails. */
	char *env[] = { "GIT_TERMINAL_PROMPT=0", "GIT_HTTP_LOW_SPEED_LIMIT=1",
	    "GIT_HTTP_LOW_SPEED_TIME=120", NULL };
	int rc = 0;

	if (lava_fetch_run(clone, NULL, env, NULL, 0) != 0)
		rc = 1;
	else if (rev && lava_fetch_run(verify, NULL, env, commit, size) != 0 &&
	    (verify[6] = want[1], lava_fetch_run(verify, NULL, env, commit,
	    size) != 0))
		rc = 2;
	else if (rev && lava_fetch_run(checkout, NULL, env, NULL, 0) != 0)
		rc = 2;
	else if (lava_fetch_run(head, NULL, env, commit, size) != 0)
		rc = 2;
	free(want[0]);
	free(want[1]);
	return rc;
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

void
lava_fetch_stopped(void)
{
	if (lava_fetch_stop)
		lava_diex(LAVA_EXIT_FAIL, "stopped by signal %s",
		    lava_proc_signame(lava_fetch_stop));
}

/* What went wrong at node at of file (or the command line): bad input, or a failure. */
#define AT(n) ((n) ? (n)->line : 0), ((n) ? (n)->col : 0)
#define badat(file, at, ...) \
	lava_dieat(LAVA_EXIT_USAGE, (file), AT(at), __VA_ARGS__)
#define failat(file, at, ...) \
	lava_dieat(LAVA_EXIT_FAIL, (file), AT(at), __VA_ARGS__)

void
lava_fetch_argcheck(const char *file, const struct lava_ynode *at, const char *what,
    const char *s)
{
	const char *why = lava_name_arg_bad(s, strlen(s));

	if (why)
		badat(file, at, "%s refused: %s", what, why);
}

void
lava_fetch_repo(enum lava_src_kind kind, const char *url, const char *rev,
    const char *dir, const char *brzhome, const char *file,
    const struct lava_ynode *at, FILE *tsv)
{
	char id[256];
	char *name;
	int rc;

	lava_fetch_argcheck(file, at, "repository", url);
	if (rev)
		lava_fetch_argcheck(file, at, "revision", rev);
	if (kind == LAVA_SRC_GIT) {
		rc = lava_fetch_git(url, rev, dir, id, sizeof(id));
		lava_fetch_stopped();
		if (rc == 1)
			failat(file, at, "git clone of %s failed",
			    url);
		if (rc == 2)
			failat(file, at, "revision %s not found in %s",
			    rev ? rev : "HEAD", url);
	} else {
		if (access(brzhome, F_OK) < 0 && mkdir(brzhome, 0755) < 0)
			lava_die(LAVA_EXIT_FAIL, "%s", brzhome);
		rc = lava_fetch_bzr(url, rev, dir, brzhome, id, sizeof(id));
		lava_fetch_stopped();
		if (rc != 0)
			failat(file, at, "brz branch of %s%s%s failed", url,
			    rev ? " at revision " : "", rev ? rev : "");
	}
	name = lava_fetch_project(url);
	fprintf(tsv, "%s\t%s\t%s\t%s\n", name,
	    kind == LAVA_SRC_GIT ? "git" : "bzr", id, url);
	free(name);
}

void
lava_fetch_install_repos(const struct lava_ynode *root, const char *file,
    const char *testdir, const char *brzhome, FILE *tsv)
{
	const struct lava_ynode *in = lava_yget(root, "install");
	static const char *const keys[] = { "git-repos", "bzr-repos" };
	size_t k, i;

	for (k = 0; k < 2; k++) {
		const struct lava_ynode *list = lava_yget(in, keys[k]);

		for (i = 0; list && list->type == LAVA_Y_SEQ && i < list->n; i++) {
			const struct lava_ynode *e = list->kids[i];
			const char *url, *rev = NULL, *dest = NULL, *why;
			char *name, *dir;
			int there;

			if (lava_ynull(e))
				continue;
			url = lava_ystr(e);
			if (e->type == LAVA_Y_MAP) {
				url = lava_ystr(lava_yget(e, "url"));
				rev = lava_ystr(lava_yget(e, "branch"));
				dest = lava_ystr(lava_yget(e, "destination"));
			}
			lava_fetch_argcheck(file, e, "repository", url);
			name = dest ? lava_xstrdup(dest) : lava_fetch_project(url);
			if ((why = lava_name_bad(name, strlen(name))) != NULL)
				badat(file, e, "%s: cannot be a directory name: "
				    "%s", name, why);
			dir = lava_xasprintf("%s/%s", testdir, name);
			there = access(dir, F_OK) == 0;
			if (there)
				badat(file, e, "%s: already in the test dir",
				    name);
			free(name);
			lava_fetch_repo(k == 0 ? LAVA_SRC_GIT : LAVA_SRC_BZR,
			    url, rev, dir, brzhome, file, e, tsv);
			free(dir);
		}
	}
}

const char *
lava_fetch_fileurl(const char *loc)
{
	if (strncmp(loc, "file://", 7) != 0)
		return loc;
	loc += 7;
	if (strncmp(loc, "localhost/", 10) == 0)
		loc += 9;
	return *loc == '/' ? loc : NULL;
}

/* Whether the file at path starts as a tar archive or a compressed file does. */
static int
archive_is(const char *path)
{
	static const struct { size_t at, n; const char *magic; } m[] = {
		{ 257, 5, "ustar" }, { 0, 2, "\x1f\x8b" }, { 0, 3, "BZh" },
		{ 0, 6, "\xfd" "7zXZ\0" }, { 0, 4, "\x28\xb5\x2f\xfd" },
	};
	char head[512];
	ssize_t n = 0;
	size_t i;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0)
		n = read(fd, head, sizeof(head));
	if (fd >= 0)
		close(fd);
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (n >= (ssize_t)(m[i].at + m[i].n) &&
		    memcmp(head + m[i].at, m[i].magic, m[i].n) == 0)
			return 1;
	return 0;
}

int
lava_fetch_tarball(const char *loc, const char *zip, const char *dir,
    const char *archive, const char *file, const struct lava_ynode *at,
    FILE *tsv)
{
	static const char *const zips[][2] = { { "gz", "--gzip" },
	    { "bz2", "--bzip2" }, { "xz", "--xz" }, { "zstd", "--zstd" } };
	/* GNU tar keeps every member inside dir: no "..", no leading "/". */
	char *tar[] = { "tar", "--no-same-owner", "--no-same-permissions",
	    "-x", "-f", (char *)archive, "-C", (char *)dir, NULL, NULL };
	char *sum[] = { "sha256sum", "--", (char *)archive, NULL };
	char hash[256], *name;
	size_t i;
	int rc;

	if (strncmp(loc, "http://", 7) == 0 || strncmp(loc, "https://", 8) == 0) {
		if ((rc = lava_fetch_url(loc, archive)) != 0) {
			lava_fetch_stopped();
			failat(file, at, "%s: curl failed with exit status %d",
			    loc, rc);
		}
	} else if (access(loc, R_OK) < 0)
		badat(file, at, "%s: %s", loc, strerror(errno));
	else
		tar[5] = (char *)loc;
	/* Without compression: and without an archive's start: a definition. */
	if (zip == NULL && !archive_is(tar[5]))
		return 0;
	/* Without compression:, tar finds it, as LAVA's tarfile does. */
	for (i = 0; zip && i < sizeof(zips) / sizeof(zips[0]); i++)
		if (strcmp(zip, zips[i][0]) == 0)
			tar[8] = (char *)zips[i][1];
	if (mkdir(dir, 0755) < 0)
		lava_die(LAVA_EXIT_FAIL, "%s", dir);
	rc = lava_fetch_run(tar, NULL, NULL, NULL, 0);
	lava_fetch_stopped();
	if (rc != 0)
		badat(file, at, "%s: tar failed with exit status %d: not a%s tar "
		    "archive, or a member name that leaves its directory", loc,
		    rc, zip ? " compressed" : "");
	sum[2] = tar[5];
	rc = lava_fetch_run(sum, NULL, NULL, hash, sizeof(hash));
	lava_fetch_stopped();
	hash[strcspn(hash, " ")] = '\0';
	name = lava_fetch_project(loc);
	fprintf(tsv, "%s\turl\t%s\t%s\n", name, rc == 0 ? hash : "-", loc);
	free(name);
	return 1;
}
