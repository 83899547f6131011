/* route.h - small helpers of lava-sigroute: names, lines, environment */
#ifndef LAVA_ROUTE_H
#define LAVA_ROUTE_H

#include <stddef.h>
#include <stdio.h>

/* Nonzero if s may be one path component: not empty, no "/", no "..",
 * no leading "-" or ".", no space or control byte, at most 255 bytes. */
int lava_name_ok(const char *s);
/* The first line of the file at path, newline cut, as a new string; NULL
 * with errno set if it cannot be read or is longer than max bytes. */
char *lava_firstline(const char *path, size_t max);
/* Read a line into buf[size] without its newline: -1 at end of input,
 * 1 if it was too long or held a NUL byte (read to its end, cut), else 0. */
int lava_getrec(FILE *f, char *buf, size_t size);
/* write(2) all of buf[0..n) to fd; -1 on an error. */
int lava_writeall(int fd, const char *buf, size_t n);
/* lava_writeall(), one byte at a time ms milliseconds apart if ms > 0. */
int lava_paced_write(int fd, const char *buf, size_t n, long ms);
/* Nonzero if s holds a control byte (DEL included) other than TAB. */
int lava_controls(const char *s);
/* A copy of environ (the strings shared) without the variables named in
 * names (a NULL-terminated list of "NAME="). */
char **lava_env_without(const char *const *names);

#endif
