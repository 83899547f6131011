/* mem.c - allocation helpers */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"

static void *
check(void *p)
{
	if (p == NULL)
		lava_die(LAVA_EXIT_FAIL, "out of memory");
	return p;
}

void *
lava_xmalloc(size_t n)
{
	return check(malloc(n ? n : 1));
}

void *
lava_xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1));
}

void *
lava_xrealloc(void *p, size_t n)
{
	return check(realloc(p, n ? n : 1));
}

char *
lava_xstrdup(const char *s)
{
	return check(strdup(s));
}

char *
lava_xstrndup(const char *s, size_t n)
{
	return check(strndup(s, n));
}

char *
lava_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		lava_die(LAVA_EXIT_FAIL, "out of memory");
	return s;
}

/* What lava_keep() holds: a pointer and how to release it. */
static struct {
	struct { void *p; void (*fn)(void *); } *v;
	size_t n, cap;
} pool;

void *
lava_keep(void *p, void (*fn)(void *))
{
	if (pool.n == pool.cap) {
		pool.cap = pool.cap ? 2 * pool.cap : 64;
		pool.v = lava_xrealloc(pool.v, pool.cap * sizeof(*pool.v));
	}
	pool.v[pool.n].p = p;
	pool.v[pool.n++].fn = fn;
	return p;
}

void
lava_keep_release(void)
{
	while (pool.n > 0) {
		pool.n--;
		(pool.v[pool.n].fn ? pool.v[pool.n].fn : free)(pool.v[pool.n].p);
	}
	free(pool.v);
	pool.v = NULL;
	pool.cap = 0;
}

FILE *
lava_xmemstream(char **buf, size_t *n)
{
	FILE *f = open_memstream(buf, n);

	if (f == NULL)
		lava_die(LAVA_EXIT_FAIL, "open_memstream");
	return f;
}
