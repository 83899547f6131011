/* attach.c - the attachments and attributes a results dir holds for a run or a case */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "attach.h"
#include "bundle.h"
#include "err.h"
#include "file.h"
#include "mem.h"
#include "results.h"

void
lava_attach_attrs(struct lava_attrs *a, const char *dir)
{
	char *sub = lava_xasprintf("%s/attributes", dir);
	struct lava_bytes v = { 0, 0 };
	size_t n, i;
	char **names = lava_dir_list(AT_FDCWD, sub, &n);

	for (i = 0; names && i < n; i++)
		if (lava_results_small(sub, names[i], &v) == 0) {
			lava_attrs_set(a, names[i], strlen(names[i]), v.p, v.n);
			lava_bytes_free(&v);
		}
	if (names)
		lava_dir_list_free(names, n);
	free(sub);
}

void
lava_attach_dir(struct lava_attachments *a, const char *dir)
{
	char *sub = lava_xasprintf("%s/attachments", dir), *file, *mt;
	struct lava_bytes mime = { 0, 0 };
	size_t n, i, len;
	char **names = lava_dir_list(AT_FDCWD, sub, &n);
	struct stat st;

	for (i = 0; names && i < n; i++) {
		len = strlen(names[i]);
		if (len > 9 && strcmp(names[i] + len - 9, ".mimetype") == 0)
			continue;
		file = lava_xasprintf("%s/%s", sub, names[i]);
		if (lstat(file, &st) < 0 || !S_ISREG(st.st_mode)) {
			lava_warnx("%s: not a regular file, not attached", file);
			free(file);
			continue;
		}
		mt = lava_xasprintf("%s.mimetype", names[i]);
		if (lava_results_small(sub, mt, &mime) != 0 || mime.n == 0 ||
		    memchr(mime.p, '\0', mime.n))
			lava_bytes_free(&mime);
		lava_attachments_add(a, names[i], len, file, mime.p);
		lava_bytes_free(&mime);
		free(mt);
		free(file);
	}
	if (names)
		lava_dir_list_free(names, n);
	free(sub);
}

/* dir/name if it is a directory itself (no link): a new string, or NULL. */
static char *
subdir(const char *dir, const char *name)
{
	char *path = lava_xasprintf("%s/%s", dir, name);
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return path;
	lava_warnx("%s: not a directory, left out", path);
	lava_bundle_leftout();
	free(path);
	return NULL;
}

void
lava_attach_sets(struct lava_testrun *r, const char *dir)
{
	char *sdir = lava_xasprintf("%s/sets", dir), *set, *cdir;
	char **sets, **cases;
	size_t ns, nc, i, k;
	struct lava_result *res;

	sets = lava_dir_list(AT_FDCWD, sdir, &ns);
	if (sets == NULL && errno != ENOENT)
		lava_warn("%s", sdir);
	for (i = 0; sets && i < ns; i++) {
		if ((set = subdir(sdir, sets[i])) == NULL)
			continue;
		cases = lava_dir_list(AT_FDCWD, set, &nc);
		for (k = 0; cases && k < nc; k++) {
			if ((cdir = subdir(set, cases[k])) == NULL)
				continue;
			res = lava_testrun_find_set(r, cases[k],
			    strlen(cases[k]), sets[i]);
			if (res)
				lava_attach_dir(&res->atts, cdir);
			else {
				lava_warnx("%s: no result of case %s in set %s; "
				    "its attachments left out", cdir, cases[k],
				    sets[i]);
				lava_bundle_leftout();
			}
			free(cdir);
		}
		if (cases)
			lava_dir_list_free(cases, nc);
		free(set);
	}
	if (sets)
		lava_dir_list_free(sets, ns);
	free(sdir);
}
