/* repos.h - the repositories of one job, each fetched once: by kind, URL and revision */
#ifndef LAVA_REPOS_H
#define LAVA_REPOS_H

#include "tdefjob.h"

/*
 * The dir of repository url (src's, made absolute) at src's revision:
 * one fetched before by this job, or a new fetch into dir (lava_fetch_repo(),
 * brzhome for bzr). Its sources.tsv lines in *srcs. Fails as lava_fetch_repo().
 */
const char *lava_repos_fetch(const struct lava_tdef_src *src, const char *url,
    const char *dir, const char *brzhome, const char **srcs);

#endif
