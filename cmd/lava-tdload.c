/* lava-tdload - fetch test definitions and write the JOB tree and runs */
#include <sys/stat.h>
#include <sys/types.h>

#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uuid.h>

#include "err.h"
#include "fetch.h"
#include "file.h"
#include "jobout.h"
#include "jobqemu.h"
#include "mem.h"
#include "names.h"
#include "proc.h"
#include "repos.h"
#include "tdef.h"
#include "tdefjob.h"
#include "tdefmon.h"
#include "ydoc.h"

static const char USAGE[] =
    "-o job [--target-dir dir] [--profile name] [--strict] [--sync] "
    "[--role client] source ...\n"
    "       lava-tdload -o job [--target-dir dir] [--profile name] [--strict] "
    "[--sync] --git url [--revision rev] [--path path]\n"
    "       lava-tdload -o job [--target-dir dir] [--profile name] [--strict] "
    "[--sync] --bzr url [--revision rev] [--path path]\n"
    "       lava-tdload --roles job-file";

#define MAXTESTS 1000		/* most tests in one job */
#define MAXSOURCES 1000		/* most sources on the command line */
#define DEFPATH "lavatest.yaml"	/* definition in a repository, as in LAVA */

static char *jobdir;			/* the JOB to write */
static char *tmp;			/* the JOB being written */
static int done;			/* renamed into place: keep it */
static const struct lava_profile *prof;
static char *target;
static int strict, syncjob;
static const char *client;		/* --role: the group's device to load for */
static struct lava_jobout out = { .kmsg = -1 };	/* the fixed files end_job() writes */
static unsigned ntests, nfetch, nmons;
static char *monjson;			/* JOB/monitors.json */
static size_t monjsonlen;
static FILE *monf;
static char *runconf;			/* lava-test-runner.conf */
static size_t runconflen;
static FILE *runconff;
static struct lava_runnames runnames;	/* the runs' names in the results */

/*
 * Why a pool (lava_keep): the definitions' strings and YAML trees are
 * shared by runs, scripts and the index until the JOB is renamed, and an
 * error exits from deep inside; one pool freed at the end (and reachable
 * at any exit, so LeakSanitizer stays quiet) stands in for an owner of each.
 */
#define keep(p) lava_keep((p), NULL)

static void
freedoc(void *doc)
{
	lava_yfree(doc);
	free(doc);
}

/* A new YAML document kept until the end. */
static struct lava_ydoc *
keepdoc(void)
{
	return lava_keep(lava_xcalloc(1, sizeof(struct lava_ydoc)), freedoc);
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

/* What went wrong at node at of file (or the command line): bad input, or a failure. */
#define AT(n) ((n) ? (n)->line : 0), ((n) ? (n)->col : 0)
#define badat(file, at, ...) \
	lava_dieat(LAVA_EXIT_USAGE, (file), AT(at), __VA_ARGS__)
#define failat(file, at, ...) \
	lava_dieat(LAVA_EXIT_FAIL, (file), AT(at), __VA_ARGS__)

/* Exit with status rc of a lava_jobout_*() call that failed. */
static void
check(int rc)
{
	if (rc != 0)
		exit(rc);
}

#define xmkdir(path) check(lava_jobout_mkdir(path))
#define put(dir, name, data, n, mode) \
	check(lava_jobout_put((dir), (name), (data), (n), (mode)))

static void
putstr(const char *dir, const char *name, const char *s)
{
	put(dir, name, s, strlen(s), 0644);
}

/* The empty home brz gets, below the temporary JOB. */
static const char *
brzhome(void)
{
	return keep(lava_xasprintf("%s/fetch/brz-home", tmp));
}

/* A fresh path below the temporary JOB for something fetched. */
static char *
fetchpath(const char *suffix)
{
	return keep(lava_xasprintf("%s/fetch/%u%s", tmp, nfetch++, suffix));
}

/* A local repository path in a job file is relative to the job file. */
static char *
relocate(const char *loc, const char *base)
{
	if (base == NULL || loc[0] == '/' || strchr(loc, ':'))
		return keep(lava_xstrdup(loc));
	return keep(lava_xasprintf("%s/%s", base, loc));
}

/* A new run of test name: its id (N_DIR), its UUID in uuid, its name in the results in *result. */
static char *
newrun(const struct lava_tdef_src *src, const char *name, char uuid[37],
    char **result)
{
	char *id;
	uuid_t u;

	if (ntests >= MAXTESTS)
		badat(src->file, src->at, "more than %d tests", MAXTESTS);
	uuid_generate_random(u);
	uuid_unparse_lower(u, uuid);
	id = lava_jobout_runid(&runnames, ntests++, name, strlen(name), result);
	keep(*result);
	return keep(id);
}

/* Write runs/uuid: the id, name, definition, handlers, sources, expected cases. */
static void
addrun(const struct lava_tdef_src *src, const char *uuid, const char *runid,
    const char *result, const char *def, size_t n, const char *tsv,
    const char *srcs)
{
	char *rundir = keep(lava_xasprintf("%s/runs/%s", tmp, uuid)), *list;
	size_t len;

	xmkdir(rundir);
	putstr(rundir, "id", keep(lava_xasprintf("%s\n", runid)));
	putstr(rundir, "name", result);
	put(rundir, "testdef.yaml", def, n, 0644);
	putstr(rundir, "handlers.tsv", tsv);
	putstr(rundir, "sources.tsv", srcs);
	if (src->timeout > 0 && src->kind != LAVA_SRC_MONITOR)
		putstr(rundir, "limit", keep(lava_xasprintf("%ld %.3f\n",
		    src->action, src->timeout)));
	/* The expected: list of a job's entry (lava-job(5)). */
	switch (lava_src_expected(src, &list, &len)) {
	case -1: exit(LAVA_EXIT_USAGE);
	case 1: put(rundir, "expected", keep(list), len, 0644);
	}
}

/* A monitor: a run of its own, no test on the device; lava-sigscan watches for it. */
static void
addmonitor(const struct lava_tdef_src *src)
{
	char uuid[37], *runid, *name, *def, *result;

	if (lava_monitor_check(src) < 0)
		exit(LAVA_EXIT_USAGE);
	name = keep(lava_monitor_name(src));
	if (lava_name_bad(name, strlen(name)) != NULL)
		badat(src->file, src->at, "monitors: name cannot be a "
		    "directory name: %s", name);
	runid = newrun(src, name, uuid, &result);
	def = keep(lava_monitor_testdef(name));
	addrun(src, uuid, runid, result, def, strlen(def), "", "");
	if (monf == NULL)
		monf = lava_xmemstream(&monjson, &monjsonlen);
	fputs(nmons++ ? ",\n" : "", monf);
	lava_monitor_json(monf, src, runid, uuid);
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
	char *runid, *result, *testdir, *tsv = NULL, *sh = NULL, *srcs = NULL;
	size_t tsvlen = 0, shlen = 0, srcslen = 0;
	char uuid[37];
	int rc;
	FILE *f, *srcf;

	if (lava_tdef_check(root, file) < 0)
		exit(LAVA_EXIT_USAGE);
	name = lava_tdef_name(root);
	if (src->name) {
		name = lava_ystr(src->name);
		if (name == NULL || (why = lava_name_bad(name,
		    src->name->len)) != NULL)
			badat(src->file, src->name, "name cannot be a directory "
			    "name: %s", name ? why : "not a string");
	}
	runid = newrun(src, name, uuid, &result);

	if (lava_params_add(&params, lava_yget(root, "parameters"), file) < 0 ||
	    lava_params_add(&params, lava_yget(root, "params"), file) < 0 ||
	    lava_params_add(&params, src->params, src->file) < 0)
		exit(LAVA_EXIT_USAGE);
	f = lava_xmemstream(&tsv, &tsvlen);
	if ((rc = lava_tdef_handlers(f, root, file, getenv("LAVA_HANDLER_PATH"),
	    LAVA_HANDLERDIR, strict)) < 0)
		exit(LAVA_EXIT_USAGE);
	s.sync = rc > 0 || syncjob;
	fclose(f);
	keep(tsv);

	testdir = keep(lava_xasprintf("%s/tree/tests/%s", tmp, runid));
	xmkdir(testdir);
	if (repo && lava_tree_link(repo, testdir, vcs) < 0)
		exit(LAVA_EXIT_FAIL);
	srcf = lava_xmemstream(&srcs, &srcslen);
	fputs(from ? from : "", srcf);
	if (!lava_tdef_skipped(src->skip, "git-repos"))
		lava_fetch_install_repos(root, file, testdir, brzhome(), srcf);
	fclose(srcf);
	keep(srcs);

	if ((s.kmsg = lava_src_signal(src)) < 0)
		exit(LAVA_EXIT_USAGE);
	s.runid = runid;
	s.dir = keep(lava_xasprintf("%s/tests/%s", target, runid));
	s.prof = prof;
	s.params = &params;
	s.skip = src->skip;
	put(testdir, "testdef.yaml", def, n, 0644);
	sh = keep(lava_xasprintf("%s\n", uuid));
	putstr(testdir, "uuid", sh);
	if (lava_yget(root, "install")) {
		f = lava_xmemstream(&sh, &shlen);
		if (lava_tdef_install_sh(f, root, &s, file, strict) < 0)
			exit(LAVA_EXIT_USAGE);
		fclose(f);
		put(testdir, "install.sh", keep(sh), shlen, 0755);
	}
	f = lava_xmemstream(&sh, &shlen);
	lava_tdef_run_sh(f, root, &s);
	fclose(f);
	put(testdir, "run.sh", keep(sh), shlen, 0755);

	addrun(src, uuid, runid, result, def, n, tsv, srcs);
	fprintf(runconff, "%s\n", s.dir);

	lava_params_free(&params);
}

static void source(const struct lava_tdef_src *src, const char *base);

/* A job file: its flags, then each definition it lists. */
static void
job(const struct lava_ynode *root, const char *file, const char *base)
{
	static struct lava_job j;	/* reachable at an error exit */
	static struct lava_group g;
	const struct lava_group_role *r = NULL;
	size_t i;

	if (lava_job_group(&g, root, file) < 0)
		exit(LAVA_EXIT_USAGE);
	if (!client && g.n > 0)
		lava_diex(LAVA_EXIT_USAGE, "%s: a MultiNode job: --role names "
		    "the device of its group to load it for (lava-multinode(1) "
		    "runs the whole group)", file);
	if (client && g.n > 0 && !out.multinode) {
		if ((r = lava_group_find(&g, client)) == NULL)
			lava_diex(LAVA_EXIT_USAGE, "%s: --role %s: not a device "
			    "of the group (ROLE, or ROLE-N when its count is N)",
			    file, client);
		out.multinode = keep(lava_xasprintf("role=%s\nself=%s\nsize=%ld\n"
		    "timeout=%ld\n", r->name, client, g.size, g.timeout));
	}
	if (lava_job_load(&j, root, file, r ? r->name : NULL) < 0)
		exit(LAVA_EXIT_USAGE);
	strict |= j.strict;
	syncjob |= j.sync;
	out.network |= j.network;
	if (j.kernel >= 0)
		out.kmsg = j.kernel;
	if (j.grace > 0)
		out.kgrace = j.grace;
	out.limit = j.limit > 0 ? j.limit : out.limit;
	if (lava_jobqemu(root, file, &out.qmem, &out.qcpus) < 0)
		exit(LAVA_EXIT_USAGE);
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
	char *def, *base;
	size_t n;

	if (lava_file_read(AT_FDCWD, path, path, LAVA_YAML_MAX, 0, &def, &n) < 0)
		badat(src->file, src->at, "%s: cannot be read", name);
	keep(def);
	if (lava_yload_path(doc, path) < 0)
		exit(LAVA_EXIT_USAGE);
	if (doc->root && doc->root->type == LAVA_Y_MAP && lava_job_is(doc->root)) {
		if (src->file || repo)
			badat(src->file, src->at, "%s: a job file, not a test "
			    "definition", name);
		base = keep(lava_path_dir(path));
		job(doc->root, name, strncmp(name, "http", 4) == 0 ? NULL : base);
	} else
		addtest(src, doc->root, name, def, n, repo, srcs);
}

/* Fetch the definition of one source and add its test. */
static void
source(const struct lava_tdef_src *src, const char *base)
{
	char *loc, *path, *dir, *def = NULL, *srcs = NULL;
	const char *why, *name = NULL;
	size_t n = 0;
	FILE *f;
	int rc, tarball, web;

	lava_fetch_stopped();
	if (src->kind == LAVA_SRC_MONITOR) {
		addmonitor(src);
		return;
	}
	if (src->kind == LAVA_SRC_INLINE) {
		f = lava_xmemstream(&def, &n);
		lava_yjson(f, src->inl);
		fputs("\n", f);
		fclose(f);
		addtest(src, src->inl, src->file, keep(def), n, NULL, NULL);
		return;
	}
	/* A file or URL: a definition, or a tarball holding one, as in LAVA. */
	tarball = src->kind == LAVA_SRC_FILE;
	if (tarball && (name = lava_fetch_fileurl(src->loc)) == NULL)
		badat(src->file, src->at, "%s: not a file URL", src->loc);

	/* A repository or a tarball: the definition is a file in it. */
	lava_fetch_argcheck(src->file, src->at, "repository", src->loc);
	loc = relocate(tarball ? name : src->loc, base);
	if (src->path && (why = lava_name_path_bad(src->path,
	    strlen(src->path))) != NULL)
		badat(src->file, src->at, "path %s refused: %s", src->path, why);
	if (tarball) {
		dir = fetchpath("");
		path = fetchpath(".tar");
		f = lava_xmemstream(&srcs, &n);
		rc = lava_fetch_tarball(loc, src->zip, dir, path, src->file,
		    src->at, f);
		fclose(f);
		keep(srcs);
		if (rc == 0) {	/* no archive: the definition itself */
			web = strncmp(loc, "http://", 7) == 0 ||
			    strncmp(loc, "https://", 8) == 0;
			loadfile(src, web ? path : loc, loc, NULL, NULL);
			return;
		}
	} else	/* once a job: its definitions link to one copy of its files */
		dir = (char *)lava_repos_fetch(src, loc, fetchpath(""),
		    brzhome(), (const char **)&srcs);
	def = keep(lava_xasprintf("%s/%s", loc, src->path ? src->path : DEFPATH));
	path = keep(lava_xasprintf("%s/%s", dir, src->path ? src->path : DEFPATH));
	/* A link in the repository must not lead the read outside it. */
	name = src->path ? src->path : DEFPATH;
	why = tarball ? "archive" : "repository";
	switch (lava_path_within(dir, path)) {
	case -1: badat(src->file, src->at, "%s: no %s in the %s", loc, name, why);
	case 0: badat(src->file, src->at, "%s: %s leads outside the %s", loc,
	    name, why);
	}
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

/* Read the options into srcs[] and the globals; the number of sources. */
static size_t
options(int argc, char *argv[], struct lava_tdef_src *srcs)
{
	static const struct option longs[] = {
		{ "bzr", required_argument, NULL, 'B' },
		{ "git", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ "path", required_argument, NULL, 'P' },
		{ "profile", required_argument, NULL, 'p' },
		{ "revision", required_argument, NULL, 'r' },
		{ "role", required_argument, NULL, 'R' },
		{ "roles", required_argument, NULL, 'L' },
		{ "strict", no_argument, NULL, 'S' },
		{ "sync", no_argument, NULL, 'Y' },
		{ "target-dir", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *profname = "debian";
	struct lava_tdef_src *last = NULL;
	size_t nsrcs = 0;
	int c;

	while ((c = getopt_long(argc, argv, "-ho:", longs, NULL)) != -1) {
		switch (c) {
		case 1:
		case 'B':
		case 'G':
			if (nsrcs == MAXSOURCES)
				lava_diex(LAVA_EXIT_USAGE, "more than %d sources",
				    MAXSOURCES);
			last = &srcs[nsrcs++];
			last->kind = c == 1 ? LAVA_SRC_FILE : c == 'G' ?
			    LAVA_SRC_GIT : LAVA_SRC_BZR;
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
		case 'L': exit(lava_job_roles(optarg));
		case 'p': profname = optarg; break;
		case 'R': client = optarg; break;
		case 'S': strict = 1; break;
		case 't': target = optarg; break;
		case 'V': lava_version();
		case 'Y': syncjob = 1; break;
		default: lava_usage(USAGE, 0);
		}
	}
	if (jobdir == NULL || *jobdir == '\0' || nsrcs == 0)
		lava_usage(USAGE, 0);
	if ((prof = lava_profile_get(profname)) == NULL)
		lava_diex(LAVA_EXIT_USAGE, "%s: no such profile (one of %s)",
		    profname, lava_profile_names());
	return nsrcs;
}

/* Check the target dir and revisions the options gave; set target and jobdir. */
static void
check_options(const struct lava_tdef_src *srcs, size_t nsrcs)
{
	size_t i;

	target = lava_xstrdup(target ? target : prof->target);
	lava_path_trim(target);
	if (!lava_name_target_ok(target))
		lava_diex(LAVA_EXIT_USAGE, "--target-dir %s: not an absolute "
		    "path of [A-Za-z0-9/._-]", target);
	if (strcmp(target, "/") == 0)
		lava_diex(LAVA_EXIT_USAGE, "--target-dir cannot be /");
	for (i = 0; i < nsrcs; i++)
		if (srcs[i].rev && srcs[i].rev[0] == '-' &&
		    srcs[i].kind == LAVA_SRC_GIT)
			lava_diex(LAVA_EXIT_USAGE, "--revision %s: starts with "
			    "'-'", srcs[i].rev);
	jobdir = lava_xstrdup(jobdir);
	lava_path_trim(jobdir);
	if ((i = lava_dir_unused(jobdir)) != 0) {
		if (i == (size_t)-1)
			lava_die(LAVA_EXIT_FAIL, "%s", jobdir);
		lava_diex(LAVA_EXIT_USAGE, "%s: exists and is not an empty "
		    "directory", jobdir);
	}
}

/* Make the JOB being written beside jobdir: tree/bin, tree/tests, runs, fetch. */
static void
begin_job(void)
{
	struct sigaction sa = { .sa_handler = onsignal };

	tmp = lava_xasprintf("%s.tmpXXXXXX", jobdir);
	if (mkdtemp(tmp) == NULL) {
		free(tmp);
		tmp = NULL;
		lava_die(LAVA_EXIT_FAIL, "cannot make a directory beside %s",
		    jobdir);
	}
	atexit(cleanup);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	check(lava_jobout_begin(tmp));
	devicebin(keep(lava_xasprintf("%s/tree/bin", tmp)));
	runconff = lava_xmemstream(&runconf, &runconflen);
}

/* Write what every JOB has besides its runs, and rename it into place. */
static void
end_job(void)
{
	fclose(runconff);
	if (client && !out.multinode)
		lava_diex(LAVA_EXIT_USAGE, "--role %s: no job file with "
		    "protocols: lava-multinode", client);
	out.dir = tmp;
	out.target = target;
	out.runconf = runconf;
	out.runconflen = runconflen;
	if (monf) {
		/* A job of monitors alone ends with its last monitor. */
		fclose(monf);
		monf = NULL;
		out.monitors = keep(monjson);
		out.monlen = monjsonlen;
		out.monend = ntests == nmons;
	}
	check(lava_jobout_end(&out));
	if (rename(tmp, jobdir) < 0)
		lava_die(LAVA_EXIT_FAIL, "cannot rename %s to %s", tmp, jobdir);
	done = 1;
}

int
main(int argc, char *argv[])
{
	static struct lava_tdef_src srcs[MAXSOURCES];
	size_t nsrcs, i;

	lava_setprog(argv[0]);
	nsrcs = options(argc, argv, srcs);
	lava_fetch_limit_env();
	check_options(srcs, nsrcs);
	begin_job();
	for (i = 0; i < nsrcs; i++)
		source(&srcs[i], NULL);
	lava_fetch_stopped();
	end_job();
	lava_keep_release();
	lava_runnames_free(&runnames);
	free(tmp);
	free(runconf);
	free(jobdir);
	free(target);
	return lava_close_stdout();
}
