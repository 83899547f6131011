/* fetch.h - getting test definitions: curl, git and brz exec'd, file trees copied */
#ifndef LAVA_FETCH_H
#define LAVA_FETCH_H

#include <sys/types.h>

#include <signal.h>
#include <stddef.h>

/* Largest script lava_copyscripts() copies. */
#define LAVA_FETCH_SCRIPTMAX (1u << 20)
/* Largest file copied or fetched, in bytes. */
#define LAVA_FETCH_FILEMAX (256u << 20)
/* Most entries one copied tree may hold. */
#define LAVA_FETCH_MAXFILES 200000
/* Deepest directory nesting copied. */
#define LAVA_FETCH_MAXDEPTH 64

/* Set by the caller's signal handler: children are stopped, calls fail. */
extern volatile sig_atomic_t lava_fetch_stop;

/*
 * Run argv (found on PATH, no shell) in dir (NULL: here) with the
 * NAME=VALUE strings of env added to the environment, stdin from
 * /dev/null and stdout into out[size] (NUL-terminated, trailing newlines
 * cut; out NULL: stdout goes to stderr). Returns its exit status, 128+N
 * if killed by signal N, or -1 reported if it could not be run.
 */
int lava_fetch_run(char *const argv[], const char *dir, char *const env[],
    char *out, size_t size);
/* Fetch an http(s) URL into the new file path with curl: its exit status (0 ok). */
int lava_fetch_url(const char *url, const char *path);
/* Clone git url into the new dir dir, check out rev (NULL: the default); 0, else 1 for the clone, 2 for the revision; commit gets HEAD. */
int lava_fetch_git(const char *url, const char *rev, const char *dir,
    char *commit, size_t size);
/* Branch bzr url at rev (NULL: -1) into the new dir dir with brz, home an empty dir; 0, else 1; revno gets the revision number. */
int lava_fetch_bzr(const char *url, const char *rev, const char *dir,
    const char *home, char *revno, size_t size);
/* Copy the tree under src into the existing dir dst (symlinks kept as links), leaving out top-level names in skip (NULL-terminated); -1 reported. */
int lava_copytree(const char *src, const char *dst, const char *const skip[]);
/* Create the new file path with mode and write data[0..n) to it; -1 reported. */
int lava_writefile(const char *path, const char *data, size_t n, mode_t mode);
/* Read the regular file path whole (at most max bytes) into *data, *n; -1 reported. */
int lava_readfile(const char *path, size_t max, char **data, size_t *n);
/* Copy the regular files of dir src (but hidden ones and backups) into the dir dst, mode 0755, the #! line set to interp; -1 reported. */
int lava_copyscripts(const char *src, const char *dst, const char *interp);
/* Remove path and everything below it, never following a symlink; -1 if something stayed. */
int lava_rmtree(const char *path);

#endif
