/* repos.c - the repositories of one job, each fetched once: by kind, URL and revision */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "mem.h"
#include "repos.h"

/* What this job fetched; it lives as long as the job. */
static struct repo {
	enum lava_src_kind kind;
	char *url, *rev, *dir, *srcs;
} *repos;
static size_t nrepos;

static int
same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

const char *
lava_repos_fetch(const struct lava_tdef_src *src, const char *url,
    const char *dir, const char *brzhome, const char **srcs)
{
	struct repo *r;
	size_t i, n = 0;
	FILE *f;

	for (i = 0; i < nrepos; i++)
		if (repos[i].kind == src->kind && same(repos[i].url, url) &&
		    same(repos[i].rev, src->rev)) {
			*srcs = repos[i].srcs;
			return repos[i].dir;
		}
	repos = lava_xrealloc(repos, (nrepos + 1) * sizeof(*repos));
	r = &repos[nrepos++];
	r->kind = src->kind;
	r->url = lava_xstrdup(url);
	r->rev = src->rev ? lava_xstrdup(src->rev) : NULL;
	r->dir = lava_xstrdup(dir);
	r->srcs = NULL;
	f = lava_xmemstream(&r->srcs, &n);
	lava_fetch_repo(src->kind, url, src->rev, dir, brzhome, src->file,
	    src->at, f);
	fclose(f);
	*srcs = r->srcs;
	return r->dir;
}
