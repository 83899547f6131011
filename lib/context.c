/* context.c - what a results dir says of the device: hwcontext/ and swcontext/ */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "context.h"
#include "err.h"
#include "mem.h"
#include "results.h"

/* "key : value" split and stripped; 0 if the line has a colon. */
static int
keyval(const char *line, size_t n, const char **k, size_t *kn,
    const char **v, size_t *vn)
{
	const char *colon = memchr(line, ':', n);

	if (colon == NULL)
		return -1;
	*k = line;
	*kn = lava_bundle_strip(k, colon - line);
	*v = colon + 1;
	*vn = lava_bundle_strip(v, line + n - colon - 1);
	return 0;
}

static void
cpuinfo(struct lava_context *c, const char *buf, size_t n)
{
	const char *line = buf, *end = buf + n, *nl, *k, *v;
	size_t kn, vn;
	int cpu_type = 0;

	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', end - line)) == NULL)
			nl = end;
		if (keyval(line, nl - line, &k, &kn, &v, &vn) < 0)
			continue;
		if (kn == 9 && memcmp(k, "Processor", 9) == 0) {
			lava_attrs_set(&c->cpu, "cpu_type", 8, v, vn);
			cpu_type = 1;
		} else if (kn == 9 && memcmp(k, "processor", 9) == 0)
			c->ncpu++;
		else if (kn == 8 && memcmp(k, "Hardware", 8) == 0)
			lava_bytes_set(&c->board, v, vn);
		else if (kn == 8 && memcmp(k, "Revision", 8) == 0)
			lava_bytes_set(&c->revision, v, vn);
		else if (kn > 0)
			lava_attrs_set(&c->cpu, k, kn, v, vn);
	}
	if (!cpu_type)
		lava_attrs_set(&c->cpu, "cpu_type", 8, "?", 1);
}

static void
pkgs(struct lava_context *c, const char *buf, size_t n)
{
	const char *line = buf, *end = buf + n, *nl, *k, *v;
	size_t kn, vn;

	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', end - line)) == NULL)
			nl = end;
		k = line;
		kn = lava_bundle_strip(&k, nl - line);
		if (kn < 8 || memcmp(k, "package:", 8) != 0 ||
		    keyval(k + 8, kn - 8, &k, &kn, &v, &vn) < 0)
			continue;
		if ((c->npkgs & (c->npkgs - 1)) == 0)
			c->pkgs = lava_xrealloc(c->pkgs, (c->npkgs ?
			    2 * c->npkgs : 1) * sizeof(*c->pkgs));
		memset(&c->pkgs[c->npkgs], 0, sizeof(c->pkgs[c->npkgs]));
		lava_bytes_set(&c->pkgs[c->npkgs].name, k, kn);
		lava_bytes_set(&c->pkgs[c->npkgs].version, v, vn);
		c->npkgs++;
	}
}

void
lava_context_load(struct lava_context *c, const char *dir)
{
	char *path, *buf;
	const char *k, *v, *line, *end, *nl;
	size_t n, kn, vn;
	struct stat st;

	/* The dirs themselves are not followed either, if links. */
	path = lava_xasprintf("%s/hwcontext", dir);
	if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
		lava_warnx("%s: not a directory, not read", path);
		free(path);
		return;
	}
	free(path);
	path = lava_xasprintf("%s/swcontext", dir);
	if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
		lava_warnx("%s: not a directory, not read", path);
		free(path);
		return;
	}
	free(path);
	path = lava_xasprintf("%s/hwcontext/cpuinfo.txt", dir);
	if (lava_results_read(AT_FDCWD, path, path, 1u << 20, &buf, &n) == 0) {
		c->hw = 1;
		cpuinfo(c, buf, n);
		free(buf);
	}
	free(path);
	path = lava_xasprintf("%s/hwcontext/meminfo.txt", dir);
	if (lava_results_read(AT_FDCWD, path, path, 1u << 20, &buf, &n) == 0) {
		c->hw = 1;
		for (line = buf, end = buf + n; line < end; line = nl + 1) {
			if ((nl = memchr(line, '\n', end - line)) == NULL)
				nl = end;
			if (keyval(line, nl - line, &k, &kn, &v, &vn) == 0 &&
			    kn == 8 && memcmp(k, "MemTotal", 8) == 0) {
				char *d = lava_xasprintf("%.*s of RAM",
				    (int)vn, v);

				lava_bytes_set(&c->mem, d, strlen(d));
				free(d);
				break;
			}
		}
		free(buf);
	}
	free(path);
	path = lava_xasprintf("%s/swcontext", dir);
	lava_results_small(path, "build.txt", &c->image);
	free(path);
	path = lava_xasprintf("%s/swcontext/pkgs.txt", dir);
	if (lava_results_read(AT_FDCWD, path, path, 16u << 20, &buf, &n) == 0) {
		pkgs(c, buf, n);
		free(buf);
	}
	free(path);
}
