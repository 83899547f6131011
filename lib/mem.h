/* mem.h - allocation that dies cleanly instead of returning NULL */
#ifndef LAVA_MEM_H
#define LAVA_MEM_H

#include <stddef.h>
#include <stdio.h>

/* malloc(n), or exit 1 with a message. */
void *lava_xmalloc(size_t n);
/* calloc(n, size), or exit 1 with a message. */
void *lava_xcalloc(size_t n, size_t size);
/* realloc(p, n), or exit 1 with a message. */
void *lava_xrealloc(void *p, size_t n);
/* strdup(s), or exit 1 with a message. */
char *lava_xstrdup(const char *s);
/* strndup(s, n), or exit 1 with a message. */
char *lava_xstrndup(const char *s, size_t n);
/* asprintf into a fresh string, or exit 1 with a message. */
char *lava_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* open_memstream(buf, n), or exit 1 with a message. */
FILE *lava_xmemstream(char **buf, size_t *n);

/* Keep p until lava_keep_release(), which calls fn(p) (fn NULL: free); returns p. */
void *lava_keep(void *p, void (*fn)(void *));
/* Release everything kept, the last kept first. */
void lava_keep_release(void);

#endif
