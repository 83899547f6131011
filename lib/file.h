/* file.h - files and directories: careful whole-file reads and writes, lines, listings, trees */
#ifndef LAVA_FILE_H
#define LAVA_FILE_H

#include <sys/stat.h>
#include <sys/types.h>

#include <stddef.h>
#include <stdio.h>

/* Largest file a tree copy takes, in bytes. */
#define LAVA_FILE_COPYMAX (256u << 20)
/* Most entries one copied tree may hold. */
#define LAVA_FILE_MAXFILES 200000
/* Deepest directory nesting copied. */
#define LAVA_FILE_MAXDEPTH 64
/* Most entries read from one directory. */
#define LAVA_FILE_MAXDIR 1000000

/* How lava_file_read() reads (flags, or-ed). */
enum {
	LAVA_FILE_NOFOLLOW = 1,	/* a symlink is not followed: an error */
	LAVA_FILE_CUT = 2,	/* a longer file is cut at cap (said), not refused */
	LAVA_FILE_ABSENT = 4,	/* a missing file returns 1, silently */
	LAVA_FILE_QUIET = 8	/* nothing said: errno tells why */
};

/* What lava_file_getline() saw besides the bytes kept (or-ed in *seen). */
enum { LAVA_LINE_LONG = 1, LAVA_LINE_NUL = 2 };

/* Open the regular file name under dirfd for reading, as flags say (NOFOLLOW, ABSENT, QUIET), never blocking on a FIFO; *st gets its fstat: an fd, -2 (absent, with LAVA_FILE_ABSENT), or -1 reported. */
int lava_file_open(int dirfd, const char *name, const char *shown, int flags,
    struct stat *st);
/* How many opens were refused so far: a symbolic link, or not a regular file. */
unsigned long lava_file_refused(void);
/*
 * Read the regular file name under dirfd (AT_FDCWD, or an open dir; named
 * shown in messages) whole into *buf (NUL-terminated), *n: at most cap
 * bytes, as flags say. Returns 0, 1 (absent, with LAVA_FILE_ABSENT), or -1
 * reported (errno set; EFBIG: longer than cap).
 */
int lava_file_read(int dirfd, const char *name, const char *shown,
    size_t cap, int flags, char **buf, size_t *n);
/* The first line of the regular file path (at most max bytes, no NUL) as a new string; NULL with errno set, nothing said. */
char *lava_file_line(const char *path, size_t max);
/* Create the new file path with mode and write data[0..n) to it; -1 reported. */
int lava_file_write(const char *path, const char *data, size_t n, mode_t mode);
/* Append data[0..n) to the existing file path; -1 reported. */
int lava_file_append(const char *path, const char *data, size_t n);
/*
 * Read a line of f into buf[cap + 1] without its newline: its length (a
 * longer line is read to its end and cut at cap), or -1 at the end.
 * *seen gets LAVA_LINE_LONG if it was cut, LAVA_LINE_NUL if it held a NUL.
 */
long lava_file_getline(FILE *f, char *buf, size_t cap, int *seen);
/* write(2) all of buf[0..n) to fd; -1 with errno on an error. */
int lava_fd_write(int fd, const char *buf, size_t n);
/* lava_fd_write(), one byte at a time ms milliseconds apart if ms > 0. */
int lava_fd_write_paced(int fd, const char *buf, size_t n, long ms);
/* Names in dir name (relative to dirfd, not a symlink), sorted, "." and ".." left out; NULL with errno if it cannot be read. */
char **lava_dir_list(int dirfd, const char *name, size_t *n);
/* Free a list from lava_dir_list(). */
void lava_dir_list_free(char **list, size_t n);
/* 0 if path does not exist or is an empty directory, 1 if it is anything else, -1 with errno if it cannot be seen. */
int lava_dir_unused(const char *path);
/* The directory of path as a new string: what precedes its last '/', or "." if it has none. */
char *lava_path_dir(const char *path);
/* Cut the trailing slashes of path in place, keeping a lone "/". */
void lava_path_trim(char *path);
/* Copy the tree under src into the existing dir dst (symlinks kept as links), leaving out top-level names in skip (NULL-terminated); -1 reported. */
int lava_tree_copy(const char *src, const char *dst, const char *const skip[]);
/* As lava_tree_copy(), but each regular file is a hard link to src's where the file system allows one, a copy where not. */
int lava_tree_link(const char *src, const char *dst, const char *const skip[]);
/* Remove path and everything below it, never following a symlink; -1 if something stayed. */
int lava_tree_remove(const char *path);

/* Whether path, its links followed, is below dir: 1, 0 if it leads outside, -1 if either is missing. */
int lava_path_within(const char *dir, const char *path);

#endif
