/* err.h - one message format for every program: "PROG: [FILE:LINE:COL: ]msg" */
#ifndef LAVA_ERR_H
#define LAVA_ERR_H

#include <stdarg.h>
#include <stddef.h>

/* Exit statuses, the same in every program (see lava(7)). */
enum { LAVA_EXIT_OK = 0, LAVA_EXIT_FAIL = 1, LAVA_EXIT_USAGE = 2 };

/* Set the program name used as the prefix of every message. */
void lava_setprog(const char *name);
/* The program name set by lava_setprog(). */
const char *lava_prog(void);
/* Print "PROG: msg" to stderr. */
void lava_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "PROG: msg: strerror(errno)" to stderr. */
void lava_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "PROG: FILE:LINE:COL: msg"; line/col of 0 are left out. */
void lava_warnat(const char *file, unsigned long line, unsigned long col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* lava_warnat() with a va_list. */
void lava_vwarnat(const char *file, unsigned long line, unsigned long col,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
/* lava_warnat(), then exit(status). */
_Noreturn void lava_dieat(int status, const char *file, unsigned long line,
    unsigned long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* lava_warnx(), then exit(status). */
_Noreturn void lava_diex(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* lava_warn(), then exit(status). */
_Noreturn void lava_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print "PROG VERSION" to stdout and exit 0. */
_Noreturn void lava_version(void);
/* Print the usage line to stderr and exit 2 (or stdout and exit 0 if ok). */
_Noreturn void lava_usage(const char *usage, int ok);
/* Flush stdout and exit 1 with a message if any write to it failed. */
int lava_close_stdout(void);

#endif
