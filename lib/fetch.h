/* fetch.h - getting test definitions: curl, git and brz run with no shell, scripts copied */
#ifndef LAVA_FETCH_H
#define LAVA_FETCH_H

#include <sys/types.h>

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "tdefjob.h"
#include "ydoc.h"

/* Largest script lava_copyscripts() copies. */
#define LAVA_FETCH_SCRIPTMAX (1u << 20)
/* Seconds a curl, git or brz run may take before it is stopped, by default. */
#define LAVA_FETCH_LIMIT 900

/* Set by the caller's signal handler: children are stopped, calls fail. */
extern volatile sig_atomic_t lava_fetch_stop;
/* Seconds each curl, git or brz run may take; then it is stopped and fails. */
extern double lava_fetch_limit;

/*
 * Run argv (found on PATH, no shell) with lava_proc_run() in dir (NULL:
 * here) with the NAME=VALUE strings of env added to the environment,
 * stdin from /dev/null, stdout into out[size] (NUL-terminated, trailing
 * newlines cut; out NULL: stdout goes to stderr), stderr relayed, at most
 * lava_fetch_limit seconds. Returns its exit status, 128+N if killed by
 * signal N (said, by name, as is a time limit passed), or -1 reported if
 * it could not be run or lava_fetch_stop was set.
 */
int lava_fetch_run(char *const argv[], const char *dir, char *const env[],
    char *out, size_t size);
/* Set lava_fetch_limit from LAVA_FETCH_TIME_LIMIT if it is set; exit 2 reported if it is not a number of seconds. */
void lava_fetch_limit_env(void);
/* The project name of a repository URL, as LAVA records it, as a new string. */
char *lava_fetch_project(const char *url);
/* Fetch an http(s) URL into the new file path with curl: its exit status (0 ok). */
int lava_fetch_url(const char *url, const char *path);
/* The local path of source loc: loc itself, or the path of a file:///PATH or file://localhost/PATH URL; NULL if it is another file: URL. */
const char *lava_fetch_fileurl(const char *loc);
/* Clone git url into the new dir dir, check out rev (NULL: the default); 0, else 1 for the clone, 2 for the revision; commit gets HEAD. */
int lava_fetch_git(const char *url, const char *rev, const char *dir,
    char *commit, size_t size);
/* Branch bzr url at rev (NULL: -1) into the new dir dir with brz, home an empty dir; 0, else 1; revno gets the revision number. */
int lava_fetch_bzr(const char *url, const char *rev, const char *dir,
    const char *home, char *revno, size_t size);
/* Copy the regular files of dir src (but hidden ones and backups) into the dir dst, mode 0755, the #! line set to interp; -1 reported. */
int lava_fetch_scripts(const char *src, const char *dst, const char *interp);
/* Exit 1 reported if lava_fetch_stop was set: a signal stopped the fetch. */
void lava_fetch_stopped(void);
/* Exit 2 reported (at node at of file) if s may not be given to curl, git or brz as what. */
void lava_fetch_argcheck(const char *file, const struct lava_ynode *at,
    const char *what, const char *s);
/* Clone (git) or branch (bzr, home brzhome) url at rev into the new dir dir and append "PROJECT VCS REV URL" to tsv; exit 1 reported (at node at of file) if it fails. */
void lava_fetch_repo(enum lava_src_kind kind, const char *url, const char *rev,
    const char *dir, const char *brzhome, const char *file,
    const struct lava_ynode *at, FILE *tsv);
/* Extract the tar archive at loc (an http(s) URL, fetched into the new file archive, or a path), compressed as zip says (gz, bz2, xz, zstd; NULL: as tar finds it), into the new dir dir, and append "PROJECT url SHA256 URL" to tsv: 1; 0 if zip is NULL and the file does not start as an archive; exit 2 or 1 reported (at node at of file) if it fails. */
int lava_fetch_tarball(const char *loc, const char *zip, const char *dir,
    const char *archive, const char *file, const struct lava_ynode *at,
    FILE *tsv);
/* Clone the install.git-repos and install.bzr-repos of definition root (of file) into testdir, as lava_fetch_repo() does. */
void lava_fetch_install_repos(const struct lava_ynode *root, const char *file,
    const char *testdir, const char *brzhome, FILE *tsv);

#endif
