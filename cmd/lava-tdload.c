/* lava-tdload - fetch test definitions and write the JOB tree and runs */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uuid.h>

#include "err.h"
#include "fetch.h"
#include "file.h"
#include "mem.h"
#include "names.h"
#include "proc.h"
#include "tdef.h"
#include "tdefjob.h"
#include "ydoc.h"

static const char USAGE[] =
    "-o job [--target-dir dir] [--profile name] [--strict] [--sync] source ...\n"
    "       lava-tdload -o job [--target-dir dir] [--profile name] [--strict] "
    "[--sync] --git url [--revision rev] [--path path]\n"
    "       lava-tdload -o job [--target-dir dir] [--profile name] [--strict] "
    "[--sync] --bzr url [--revision rev] [--path path]";

#define MAXTESTS 1000		/* most tests in one job */
#define MAXSOURCES 1000		/* most sources on the command line */
#define DEFPATH "lavatest.yaml"	/* definition in a repository, as in LAVA */

static char *jobdir;			/* the JOB to write */
static char *tmp;			/* the JOB being written */
static int done;			/* renamed into place: keep it */
static const struct lava_profile *prof;
static char *target;
static int strict, syncjob;
static unsigned ntests, nfetch;
static char *runconf;			/* lava-test-runner.conf */
static size_t runconflen;
static FILE *runconff;

/* What loading allocated, kept to the end: still reachable when an error exits. */
static struct {
	void **p;
	size_t n, cap;
	struct lava_ydoc **docs;
	size_t ndocs, capdocs;
} pool;

/* Keep p until release(); returns p. */
static void *
keep(void *p)
{
	if (pool.n == pool.cap) {
		pool.cap = pool.cap ? 2 * pool.cap : 64;
		pool.p = lava_xrealloc(pool.p, pool.cap * sizeof(*pool.p));
	}
	pool.p[pool.n++] = p;
	return p;
}

/* A new YAML document kept until release(). */
static struct lava_ydoc *
keepdoc(void)
{
	if (pool.ndocs == pool.capdocs) {
		pool.capdocs = pool.capdocs ? 2 * pool.capdocs : 8;
		pool.docs = lava_xrealloc(pool.docs,
		    pool.capdocs * sizeof(*pool.docs));
	}
	return pool.docs[pool.ndocs++] = lava_xcalloc(1, sizeof(**pool.docs));
}

/* Free everything kept. */
static void
release(void)
{
	while (pool.n > 0)
		free(pool.p[--pool.n]);
	while (pool.ndocs > 0) {
		lava_yfree(pool.docs[--pool.ndocs]);
		free(pool.docs[pool.ndocs]);
	}
}

static void
cleanup(void)
{
	if (tmp && !done && lava_tree_remove(tmp) < 0)
		lava_warnx("%s: could not be removed", tmp);
}

static void
onsignal(int sig)
{
	lava_fetch_stop = sig;
}

static void
stopped(void)
{
	if (lava_fetch_stop)
		lava_diex(LAVA_EXIT_FAIL, "stopped by signal %s",
		    lava_proc_signame(lava_fetch_stop));
}

/* LAVA_FETCH_TIME_LIMIT, if set, into lava_fetch_limit. */
static void
fetch_limit(void)
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

/* Say what went wrong at node at of file (or the command line); exit status. */
static _Noreturn void __attribute__((format(printf, 4, 5)))
dieat(int status, const char *file, const struct lava_ynode *at,
    const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (file)
		lava_warnat(file, at ? at->line : 0, at ? at->col : 0, "%s", buf);
	else
		lava_warnx("%s", buf);
	exit(status);
}

static void
xmkdir(const char *path)
{
	if (mkdir(path, 0755) < 0)
		lava_die(LAVA_EXIT_FAIL, "%s", path);
}

/* Write a new file dir/name, removing what a repository put there first. */
static void
put(const char *dir, const char *name, const char *data, size_t n, mode_t mode)
{
	char *path = keep(lava_xasprintf("%s/%s", dir, name));

	if (unlink(path) < 0 && errno != ENOENT) {
		if (errno == EISDIR)
			lava_diex(LAVA_EXIT_USAGE, "%s: the repository has a "
			    "directory of that name", path);
		lava_die(LAVA_EXIT_FAIL, "%s", path);
	}
	if (lava_file_write(path, data, n, mode) < 0)
		exit(LAVA_EXIT_FAIL);
}

static void
putstr(const char *dir, const char *name, const char *s)
{
	put(dir, name, s, strlen(s), 0644);
}

/* A fresh path below the temporary JOB for something fetched. */
static char *
fetchpath(const char *suffix)
{
	return keep(lava_xasprintf("%s/fetch/%u%s", tmp, nfetch++, suffix));
}

/* Check a URL or revision from file before any program sees it. */
static void
argcheck(const char *file, const struct lava_ynode *at, const char *what,
    const char *s)
{
	const char *why = lava_name_arg_bad(s, strlen(s));

	if (why)
		dieat(LAVA_EXIT_USAGE, file, at, "%s refused: %s", what, why);
}

/* The project name of a repository URL, as LAVA records it. */
static char *
project(const char *url)
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
	return keep(s);
}

/* A local repository path in a job file is relative to the job file. */
static char *
relocate(const char *loc, const char *base)
{
	if (base == NULL || loc[0] == '/' || strchr(loc, ':'))
		return keep(lava_xstrdup(loc));
	return keep(lava_xasprintf("%s/%s", base, loc));
}

/* Clone or branch src into dir; append "PROJECT VCS REV URL" to *tsv. */
static void
clone(enum lava_src_kind kind, const char *url, const char *rev, const char *dir,
    const char *file, const struct lava_ynode *at, FILE *tsv)
{
	char id[256];
	char *name;
	int rc;

	argcheck(file, at, "repository", url);
	if (rev)
		argcheck(file, at, "revision", rev);
	if (kind == LAVA_SRC_GIT) {
		rc = lava_fetch_git(url, rev, dir, id, sizeof(id));
		stopped();
		if (rc == 1)
			dieat(LAVA_EXIT_FAIL, file, at, "git clone of %s failed",
			    url);
		if (rc == 2)
			dieat(LAVA_EXIT_FAIL, file, at, "revision %s not found in %s",
			    rev ? rev : "HEAD", url);
	} else {
		char *home = keep(lava_xasprintf("%s/fetch/brz-home", tmp));

		if (access(home, F_OK) < 0)
			xmkdir(home);
		rc = lava_fetch_bzr(url, rev, dir, home, id, sizeof(id));
		stopped();
		if (rc != 0)
			dieat(LAVA_EXIT_FAIL, file, at, "brz branch of %s%s%s failed", url,
			    rev ? " at revision " : "", rev ? rev : "");
	}
	name = project(url);
	fprintf(tsv, "%s\t%s\t%s\t%s\n", name, kind == LAVA_SRC_GIT ? "git" : "bzr",
	    id, url);
}

/* install: git-repos and bzr-repos, cloned on the host into the test dir. */
static void
installrepos(const struct lava_ynode *root, const char *file,
    const char *testdir, FILE *tsv)
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

			if (lava_ynull(e))
				continue;
			url = lava_ystr(e);
			if (e->type == LAVA_Y_MAP) {
				url = lava_ystr(lava_yget(e, "url"));
				rev = lava_ystr(lava_yget(e, "branch"));
				dest = lava_ystr(lava_yget(e, "destination"));
			}
			argcheck(file, e, "repository", url);
			name = dest ? keep(lava_xstrdup(dest)) : project(url);
			if ((why = lava_name_bad(name, strlen(name))) != NULL)
				dieat(LAVA_EXIT_USAGE, file, e, "%s: cannot be a directory name: "
				    "%s", name, why);
			dir = keep(lava_xasprintf("%s/%s", testdir, name));
			if (access(dir, F_OK) == 0)
				dieat(LAVA_EXIT_USAGE, file, e, "%s: already in the test dir", name);
			clone(k == 0 ? LAVA_SRC_GIT : LAVA_SRC_BZR, url, rev, dir, file, e, tsv);
		}
	}
}

/* Write the test of definition root (bytes def[0..n)) into the tree and runs. */
static void
addtest(const struct lava_tdef_src *src, const struct lava_ynode *root,
    const char *file, const char *def, size_t n, const char *repo, char *from)
{
	static const char *const vcs[] = { ".git", ".bzr", NULL };
	static struct lava_params params;
	struct lava_tdef_script s = { 0 };
	const char *name, *why;
	char *runid, *testdir, *rundir, *tsv = NULL, *sh = NULL, *srcs = NULL;
	size_t tsvlen = 0, shlen = 0, srcslen = 0;
	char uuid[37];
	uuid_t u;
	int rc;
	FILE *f, *srcf;

	if (lava_tdef_check(root, file) < 0)
		exit(LAVA_EXIT_USAGE);
	name = lava_tdef_name(root);
	if (src->name) {
		name = lava_ystr(src->name);
		if (name == NULL || (why = lava_name_bad(name,
		    src->name->len)) != NULL)
			dieat(LAVA_EXIT_USAGE, src->file, src->name, "name cannot be a directory "
			    "name: %s", name ? why : "not a string");
	}
	if (ntests >= MAXTESTS)
		dieat(LAVA_EXIT_USAGE, src->file, src->at, "more than %d tests", MAXTESTS);
	runid = keep(lava_xasprintf("%u_%s", ntests++, name));
	uuid_generate_random(u);
	uuid_unparse_lower(u, uuid);

	if (lava_params_add(&params, lava_yget(root, "parameters"), file) < 0 ||
	    lava_params_add(&params, lava_yget(root, "params"), file) < 0 ||
	    lava_params_add(&params, src->params, src->file) < 0)
		exit(LAVA_EXIT_USAGE);
	if ((f = open_memstream(&tsv, &tsvlen)) == NULL)
		lava_die(LAVA_EXIT_FAIL, "open_memstream");
	if ((rc = lava_tdef_handlers(f, root, file, getenv("LAVA_HANDLER_PATH"),
	    LAVA_HANDLERDIR, strict)) < 0)
		exit(LAVA_EXIT_USAGE);
	s.sync = rc > 0 || syncjob;
	fclose(f);
	keep(tsv);

	testdir = keep(lava_xasprintf("%s/tree/tests/%s", tmp, runid));
	xmkdir(testdir);
	if (repo && lava_tree_copy(repo, testdir, vcs) < 0)
		exit(LAVA_EXIT_FAIL);
	if ((srcf = open_memstream(&srcs, &srcslen)) == NULL)
		lava_die(LAVA_EXIT_FAIL, "open_memstream");
	fputs(from ? from : "", srcf);
	installrepos(root, file, testdir, srcf);
	fclose(srcf);
	keep(srcs);

	s.runid = runid;
	s.dir = keep(lava_xasprintf("%s/tests/%s", target, runid));
	s.prof = prof;
	s.params = &params;
	put(testdir, "testdef.yaml", def, n, 0644);
	sh = keep(lava_xasprintf("%s\n", uuid));
	putstr(testdir, "uuid", sh);
	if (lava_yget(root, "install")) {
		if ((f = open_memstream(&sh, &shlen)) == NULL)
			lava_die(LAVA_EXIT_FAIL, "open_memstream");
		if (lava_tdef_install_sh(f, root, &s, file, strict) < 0)
			exit(LAVA_EXIT_USAGE);
		fclose(f);
		put(testdir, "install.sh", keep(sh), shlen, 0755);
	}
	if ((f = open_memstream(&sh, &shlen)) == NULL)
		lava_die(LAVA_EXIT_FAIL, "open_memstream");
	lava_tdef_run_sh(f, root, &s);
	fclose(f);
	put(testdir, "run.sh", keep(sh), shlen, 0755);

	rundir = keep(lava_xasprintf("%s/runs/%s", tmp, uuid));
	xmkdir(rundir);
	sh = keep(lava_xasprintf("%s\n", runid));
	putstr(rundir, "id", sh);
	put(rundir, "testdef.yaml", def, n, 0644);
	putstr(rundir, "handlers.tsv", tsv);
	putstr(rundir, "sources.tsv", srcs);
	fprintf(runconff, "%s\n", s.dir);

	lava_params_free(&params);
}

static void source(const struct lava_tdef_src *src, const char *base);

/* A job file: its flags, then each definition it lists. */
static void
job(const struct lava_ynode *root, const char *file, const char *base)
{
	static struct lava_job j;	/* reachable at an error exit */
	size_t i;

	if (lava_job_load(&j, root, file) < 0)
		exit(LAVA_EXIT_USAGE);
	strict |= j.strict;
	syncjob |= j.sync;
	for (i = 0; i < j.n; i++)
		source(&j.v[i], base);
	lava_job_free(&j);
}

/* Load the definition (or job) at path, named name in messages. */
static void
loadfile(const struct lava_tdef_src *src, const char *path, const char *name,
    const char *repo, char *srcs)
{
	struct lava_ydoc *doc = keepdoc();
	char *def, *base, *slash;
	size_t n;

	if (lava_file_read(AT_FDCWD, path, path, LAVA_YAML_MAX, 0, &def, &n) < 0)
		dieat(LAVA_EXIT_USAGE, src->file, src->at, "%s: cannot be read", name);
	keep(def);
	if (lava_yload_path(doc, path) < 0)
		exit(LAVA_EXIT_USAGE);
	if (doc->root && doc->root->type == LAVA_Y_MAP && lava_job_is(doc->root)) {
		if (src->file || repo)
			dieat(LAVA_EXIT_USAGE, src->file, src->at, "%s: a job file, not a test "
			    "definition", name);
		base = keep(lava_xstrdup(path));
		if ((slash = strrchr(base, '/')) != NULL)
			*slash = '\0';
		else
			strcpy(base, ".");
		job(doc->root, name, strncmp(name, "http", 4) == 0 ? NULL : base);
	} else
		addtest(src, doc->root, name, def, n, repo, srcs);
}

/* Fetch the definition of one source and add its test. */
static void
source(const struct lava_tdef_src *src, const char *base)
{
	char *loc, *path, *dir, *def = NULL, *srcs = NULL, *rdir, *rfile;
	const char *why, *name;
	size_t n = 0;
	FILE *f;
	int rc;

	stopped();
	if (src->kind == LAVA_SRC_INLINE) {
		if ((f = open_memstream(&def, &n)) == NULL)
			lava_die(LAVA_EXIT_FAIL, "open_memstream");
		lava_yjson(f, src->inl);
		fputs("\n", f);
		fclose(f);
		addtest(src, src->inl, src->file, keep(def), n, NULL, NULL);
		return;
	}
	if (src->kind == LAVA_SRC_FILE) {
		if (strncmp(src->loc, "http://", 7) == 0 ||
		    strncmp(src->loc, "https://", 8) == 0) {
			argcheck(src->file, src->at, "URL", src->loc);
			path = fetchpath(".yaml");
			if ((rc = lava_fetch_url(src->loc, path)) != 0) {
				stopped();
				dieat(LAVA_EXIT_FAIL, src->file, src->at, "%s: curl failed with "
				    "exit status %d", src->loc, rc);
			}
			loadfile(src, path, src->loc, NULL, NULL);
			return;
		}
		name = src->loc;
		if (strncmp(name, "file://", 7) == 0) {
			name += 7;
			if (strncmp(name, "localhost/", 10) == 0)
				name += 9;
			if (*name != '/')
				dieat(LAVA_EXIT_USAGE, src->file, src->at, "%s: not a file URL",
				    src->loc);
		}
		path = relocate(name, base);
		loadfile(src, path, path, NULL, NULL);
		return;
	}

	/* A repository: the definition is a file in it. */
	argcheck(src->file, src->at, "repository", src->loc);
	loc = relocate(src->loc, base);
	if (src->path && (why = lava_name_path_bad(src->path,
	    strlen(src->path))) != NULL)
		dieat(LAVA_EXIT_USAGE, src->file, src->at, "path %s refused: %s", src->path, why);
	dir = fetchpath("");
	if ((f = open_memstream(&srcs, &n)) == NULL)
		lava_die(LAVA_EXIT_FAIL, "open_memstream");
	clone(src->kind, loc, src->rev, dir, src->file, src->at, f);
	fclose(f);
	keep(srcs);
	path = keep(lava_xasprintf("%s/%s", dir, src->path ? src->path : DEFPATH));
	/* A link in the repository must not lead the read outside it. */
	if ((rdir = realpath(dir, NULL)) != NULL)
		keep(rdir);
	if ((rfile = realpath(path, NULL)) != NULL)
		keep(rfile);
	if (rdir == NULL || rfile == NULL)
		dieat(LAVA_EXIT_USAGE, src->file, src->at, "%s: no %s in the repository", loc,
		    src->path ? src->path : DEFPATH);
	if (strncmp(rfile, rdir, strlen(rdir)) != 0 || rfile[strlen(rdir)] != '/')
		dieat(LAVA_EXIT_USAGE, src->file, src->at, "%s: %s leads outside the repository",
		    loc, src->path ? src->path : DEFPATH);
	def = keep(lava_xasprintf("%s/%s", loc, src->path ? src->path : DEFPATH));
	loadfile(src, path, def, dir, srcs);
}

/* Copy the device scripts into bin/, their #! line set to the profile's. */
static void
devicebin(const char *bin)
{
	const char *dir = getenv("LAVA_DEVICEDIR");

	if (dir == NULL || *dir == '\0')
		dir = LAVA_DEVICEDIR;
	if (lava_fetch_scripts(dir, bin, prof->interp) < 0)
		exit(LAVA_EXIT_FAIL);
	if (access(keep(lava_xasprintf("%s/lava-test-runner", bin)), F_OK) < 0)
		lava_warnx("%s: no lava-test-runner", dir);
}

/* JOB must not exist yet, or be an empty directory. */
static void
jobfree(const char *job)
{
	struct stat st;
	struct dirent *e;
	DIR *d;

	if (lstat(job, &st) < 0) {
		if (errno == ENOENT)
			return;
		lava_die(LAVA_EXIT_FAIL, "%s", job);
	}
	if (!S_ISDIR(st.st_mode) || (d = opendir(job)) == NULL)
		lava_diex(LAVA_EXIT_USAGE, "%s: exists and is not an empty "
		    "directory", job);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			lava_diex(LAVA_EXIT_USAGE, "%s: exists and is not an "
			    "empty directory", job);
	closedir(d);
}

int
main(int argc, char *argv[])
{
	static const struct option longs[] = {
		{ "bzr", required_argument, NULL, 'B' },
		{ "git", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ "path", required_argument, NULL, 'P' },
		{ "profile", required_argument, NULL, 'p' },
		{ "revision", required_argument, NULL, 'r' },
		{ "strict", no_argument, NULL, 'S' },
		{ "sync", no_argument, NULL, 'Y' },
		{ "target-dir", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct lava_tdef_src srcs[MAXSOURCES];
	struct sigaction sa = { .sa_handler = onsignal };
	const char *profname = "debian";
	char *path, *conf;
	size_t nsrcs = 0, i;
	struct lava_tdef_src *last = NULL;
	int c;

	lava_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "-ho:", longs, NULL)) != -1) {
		switch (c) {
		case 1:
		case 'B':
		case 'G':
			if (nsrcs == MAXSOURCES)
				lava_diex(LAVA_EXIT_USAGE, "more than %d sources",
				    MAXSOURCES);
			last = &srcs[nsrcs++];
			last->kind = c == 1 ? LAVA_SRC_FILE : c == 'G' ? LAVA_SRC_GIT : LAVA_SRC_BZR;
			last->loc = optarg;
			break;
		case 'h': lava_usage(USAGE, 1);
		case 'o': jobdir = optarg; break;
		case 'P':
		case 'r':
			if (last == NULL || last->kind == LAVA_SRC_FILE)
				lava_usage(USAGE, 0);
			*(c == 'P' ? &last->path : &last->rev) = optarg;
			break;
		case 'p': profname = optarg; break;
		case 'S': strict = 1; break;
		case 't': target = optarg; break;
		case 'V': lava_version();
		case 'Y': syncjob = 1; break;
		default: lava_usage(USAGE, 0);
		}
	}
	if (jobdir == NULL || *jobdir == '\0' || nsrcs == 0)
		lava_usage(USAGE, 0);
	fetch_limit();
	if ((prof = lava_profile_get(profname)) == NULL)
		lava_diex(LAVA_EXIT_USAGE, "%s: no such profile (one of %s)",
		    profname, lava_profile_names());
	target = lava_xstrdup(target ? target : prof->target);
	for (i = strlen(target); i > 1 && target[i - 1] == '/'; i--)
		target[i - 1] = '\0';
	if (!lava_name_target_ok(target))
		lava_diex(LAVA_EXIT_USAGE, "--target-dir %s: not an absolute "
		    "path of [A-Za-z0-9/._-]", target);
	if (strcmp(target, "/") == 0)
		lava_diex(LAVA_EXIT_USAGE, "--target-dir cannot be /");
	for (i = 0; i < nsrcs; i++)
		if (srcs[i].rev && srcs[i].rev[0] == '-' && srcs[i].kind == LAVA_SRC_GIT)
			lava_diex(LAVA_EXIT_USAGE, "--revision %s: starts with "
			    "'-'", srcs[i].rev);

	jobdir = lava_xstrdup(jobdir);
	for (i = strlen(jobdir); i > 1 && jobdir[i - 1] == '/'; i--)
		jobdir[i - 1] = '\0';
	jobfree(jobdir);
	tmp = lava_xasprintf("%s.tmpXXXXXX", jobdir);
	if (mkdtemp(tmp) == NULL) {
		free(tmp);
		tmp = NULL;
		lava_die(LAVA_EXIT_FAIL, "cannot make a directory beside %s", jobdir);
	}
	atexit(cleanup);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	path = keep(lava_xasprintf("%s/tree", tmp));
	xmkdir(path);
	path = keep(lava_xasprintf("%s/tree/bin", tmp));
	xmkdir(path);
	devicebin(path);
	path = keep(lava_xasprintf("%s/tree/tests", tmp));
	xmkdir(path);
	path = keep(lava_xasprintf("%s/runs", tmp));
	xmkdir(path);
	path = keep(lava_xasprintf("%s/fetch", tmp));
	xmkdir(path);

	if ((runconff = open_memstream(&runconf, &runconflen)) == NULL)
		lava_die(LAVA_EXIT_FAIL, "open_memstream");
	for (i = 0; i < nsrcs; i++)
		source(&srcs[i], NULL);
	stopped();
	fclose(runconff);
	if (lava_tree_remove(path) < 0)
		lava_diex(LAVA_EXIT_FAIL, "%s: could not be removed", path);

	path = keep(lava_xasprintf("%s/tree", tmp));
	put(path, "lava-test-runner.conf", runconf, runconflen, 0644);
	conf = keep(lava_xasprintf("# generated by lava-tdload\n# shellcheck shell=sh disable=SC2034\n"
	    "LAVA_TARGET='%s'\nLAVA_RESULTS='%s/results'\n"
	    "LAVA_ACK_DIR='%s/ack'\nLAVA_ACK_TIMEOUT='600'\n",
	    target, target, target));
	putstr(path, "lava.conf", conf);
	conf = keep(lava_xasprintf("%s\n", target));
	putstr(tmp, "target-dir", conf);

	if (rename(tmp, jobdir) < 0)
		lava_die(LAVA_EXIT_FAIL, "cannot rename %s to %s", tmp, jobdir);
	done = 1;
	release();
	free(pool.p);
	free(pool.docs);
	free(tmp);
	free(runconf);
	free(jobdir);
	free(target);
	return lava_close_stdout();
}
