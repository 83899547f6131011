/* tdefjob.c - the seed's testdef_urls/testdef_repos and later LAVA's definitions: */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "jobcheck.h"
#include "mem.h"
#include "names.h"
#include "tdefjob.h"

int
lava_job_is(const struct lava_ynode *root)
{
	return lava_yget(root, "testdef_urls") ||
	    lava_yget(root, "testdef_repos") ||
	    lava_yget(root, "definitions") || lava_yget(root, "actions");
}

static int
bad(const char *file, const struct lava_ynode *n, const char *msg)
{
	lava_warnat(file, n->line, n->col, "%s", msg);
	return -1;
}

/* A true/false key of map into *v. */
static int
flag(const struct lava_ynode *map, const char *key, const char *file, int *v)
{
	const struct lava_ynode *n = lava_yget(map, key);
	const char *s = lava_ystr(n);

	if (n == NULL || lava_ynull(n))
		return 0;
	if (s && (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
	    strcmp(s, "yes") == 0)) {
		*v = 1;
		return 0;
	}
	if (s && (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
	    strcmp(s, "no") == 0))
		return 0;
	lava_warnat(file, n->line, n->col, "%s: not true or false", key);
	return -1;
}

static struct lava_tdef_src *
add(struct lava_job *j, const char *file, const struct lava_ynode *at)
{
	struct lava_tdef_src *s;

	if (j->n >= LAVA_JOB_MAX) {
		lava_warnat(file, at->line, at->col, "more than %d definitions",
		    LAVA_JOB_MAX);
		return NULL;
	}
	j->v = lava_xrealloc(j->v, (j->n + 1) * sizeof(*j->v));
	s = &j->v[j->n++];
	memset(s, 0, sizeof(*s));
	s->file = file;
	s->at = at;
	return s;
}

/* The params of entry e: "parameters", or else "params". */
static const struct lava_ynode *
params(const struct lava_ynode *e)
{
	const struct lava_ynode *p = lava_yget(e, "parameters");

	return p ? p : lava_yget(e, "params");
}

/* A list under key of m, or NULL; -1 reported if it is not a list. */
static int
list(const struct lava_ynode *m, const char *key, const char *file,
    const struct lava_ynode **l)
{
	char msg[64];

	*l = lava_yget(m, key);
	if (*l == NULL || lava_ynull(*l)) {
		*l = NULL;
		return 0;
	}
	if ((*l)->type != LAVA_Y_SEQ) {
		snprintf(msg, sizeof(msg), "%s: not a list", key);
		return bad(file, *l, msg);
	}
	return 0;
}

/*
 * 1 if mapping m is for role (NULL: every role): it has no role: list, or
 * its list names role; 0 if not; -1 reported if role: is not a list of
 * strings.
 */
static int
for_role(const struct lava_ynode *m, const char *file, const char *role)
{
	const struct lava_ynode *l;
	size_t i;

	if (list(m, "role", file, &l) < 0)
		return -1;
	for (i = 0; l && i < l->n; i++)
		if (lava_ystr(l->kids[i]) == NULL)
			return bad(file, l->kids[i], "role: an item is not a string");
	if (role == NULL || l == NULL)
		return 1;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->kids[i]->str, role) == 0)
			return 1;
	return 0;
}

static int
urls(struct lava_job *j, const struct lava_ynode *l, const char *file)
{
	struct lava_tdef_src *s;
	size_t i;

	for (i = 0; l && i < l->n; i++) {
		if ((s = add(j, file, l->kids[i])) == NULL)
			return -1;
		if ((s->loc = lava_ystr(l->kids[i])) == NULL)
			return bad(file, l->kids[i],
			    "testdef_urls: an item is not a string");
	}
	return 0;
}

static int
repos(struct lava_job *j, const struct lava_ynode *l, const char *file)
{
	struct lava_tdef_src *s;
	size_t i;

	for (i = 0; l && i < l->n; i++) {
		const struct lava_ynode *e = l->kids[i];

		if ((s = add(j, file, e)) == NULL)
			return -1;
		s->kind = lava_yget(e, "git-repo") ? LAVA_SRC_GIT : LAVA_SRC_BZR;
		s->loc = lava_ystr(lava_yget(e, s->kind == LAVA_SRC_GIT ?
		    "git-repo" : "bzr-repo"));
		s->rev = lava_ystr(lava_yget(e, "revision"));
		s->path = lava_ystr(lava_yget(e, "testdef"));
		s->params = params(e);
		if (e->type != LAVA_Y_MAP || s->loc == NULL)
			return bad(file, e, "testdef_repos: an entry has no "
			    "git-repo or bzr-repo");
	}
	return 0;
}

static int
defs(struct lava_job *j, const struct lava_ynode *l, const char *file,
    const char *role)
{
	static const struct { const char *name; enum lava_src_kind kind; } froms[] = {
		{ "git", LAVA_SRC_GIT }, { "bzr", LAVA_SRC_BZR },
		{ "url", LAVA_SRC_FILE }, { "inline", LAVA_SRC_INLINE },
	};
	struct lava_tdef_src *s;
	size_t i, k;
	int rc;

	for (i = 0; l && i < l->n; i++) {
		const struct lava_ynode *e = l->kids[i];
		const struct lava_ynode *from = lava_yget(e, "from");

		if ((rc = for_role(e, file, role)) < 0)
			return -1;
		if (rc == 0)
			continue;
		if ((s = add(j, file, e)) == NULL)
			return -1;
		if (e->type != LAVA_Y_MAP || lava_ystr(from) == NULL)
			return bad(file, e, "definitions: an entry has no "
			    "from: git, bzr, url or inline");
		if (lava_jobcheck_def(e, file) < 0)
			return -1;
		for (k = 0; k < sizeof(froms) / sizeof(froms[0]); k++)
			if (strcmp(from->str, froms[k].name) == 0)
				break;
		if (k == sizeof(froms) / sizeof(froms[0])) {
			lava_warnat(file, from->line, from->col, "from: %s: "
			    "not git, bzr, url or inline", from->str);
			return -1;
		}
		s->kind = froms[k].kind;
		/* LAVA clones branch: and checks out revision: on it. */
		s->rev = lava_ystr(lava_yget(e, "revision"));
		if (s->rev == NULL)
			s->rev = lava_ystr(lava_yget(e, "branch"));
		s->path = lava_ystr(lava_yget(e, "path"));
		s->name = lava_yget(e, "name");
		s->skip = lava_yget(e, "skip_install");
		s->zip = lava_ystr(lava_yget(e, "compression"));
		s->params = params(e);
		if (s->kind == LAVA_SRC_INLINE) {
			s->inl = lava_yget(e, "repository");
			if (s->inl == NULL || s->inl->type != LAVA_Y_MAP)
				return bad(file, e, "definitions: inline "
				    "repository is not a mapping");
		} else if ((s->loc = lava_ystr(lava_yget(e, "repository"))) == NULL)
			return bad(file, e, "definitions: no repository");
	}
	return 0;
}

/* The timeout: {hours, minutes, seconds} of action m, in seconds; 0 if none. */
static int
timeout(const struct lava_ynode *m, const char *file, double *secs)
{
	static const struct { const char *k; double f; } units[] = {
		{ "days", 86400 }, { "hours", 3600 }, { "minutes", 60 },
		{ "seconds", 1 },
	};
	const struct lava_ynode *t = lava_yget(m, "timeout"), *v;
	const char *s;
	char *end;
	double x;
	size_t i;

	*secs = 0;
	if (t == NULL || lava_ynull(t))
		return 0;
	if (t->type != LAVA_Y_MAP)
		return bad(file, t, "timeout: not a mapping of days, hours, "
		    "minutes or seconds");
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if ((v = lava_yget(t, units[i].k)) == NULL)
			continue;
		s = lava_ystr(v);
		x = s ? strtod(s, &end) : -1;
		if (s == NULL || end == s || *end || !(x >= 0 && x <= 1e6))
			return bad(file, v, "timeout: not a number");
		*secs += x * units[i].f;
	}
	return 0;
}

/* The monitors: of test action m, number action, in their order. */
static int
monitors(struct lava_job *j, const struct lava_ynode *m, const char *file,
    long action)
{
	const struct lava_ynode *l;
	struct lava_tdef_src *s;
	double secs;
	size_t i;

	if (list(m, "monitors", file, &l) < 0 || l == NULL)
		return 0;
	if (timeout(m, file, &secs) < 0)
		return -1;
	for (i = 0; i < l->n; i++) {
		if ((s = add(j, file, l->kids[i])) == NULL)
			return -1;
		s->kind = LAVA_SRC_MONITOR;
		s->timeout = secs;
		s->action = action;
	}
	return 0;
}

/* The entries of one mapping m of the job, in the order of the keys. */
static int
entries(struct lava_job *j, const struct lava_ynode *m, const char *file,
    const char *role, long action)
{
	const struct lava_ynode *u, *r, *d;
	size_t n0 = j->n, i;
	int rc;

	if ((rc = for_role(m, file, role)) <= 0)
		return rc;
	if (list(m, "testdef_urls", file, &u) < 0 ||
	    list(m, "testdef_repos", file, &r) < 0 ||
	    list(m, "definitions", file, &d) < 0 ||
	    urls(j, u, file) < 0 || repos(j, r, file) < 0 ||
	    defs(j, d, file, role) < 0)
		return -1;
	for (i = n0; i < j->n; i++)
		j->v[i].action = action;
	return monitors(j, m, file, action);
}

/*
 * kernel-messages: true, false, or a mapping of detect (true, false)
 * and grace (seconds), as lava-test-definition(5) says.
 */
static int
kernel(struct lava_job *j, const struct lava_ynode *root, const char *file)
{
	const struct lava_ynode *k = lava_yget(root, "kernel-messages"), *g;
	const char *s;
	char *end;
	int on = 0;

	if (k == NULL || lava_ynull(k))
		return 0;
	if (k->type == LAVA_Y_SCALAR) {
		if (flag(root, "kernel-messages", file, &on) < 0)
			return -1;
		j->kernel = on;
		return 0;
	}
	if (k->type != LAVA_Y_MAP)
		return bad(file, k, "kernel-messages: not true, false or a "
		    "mapping");
	if (lava_yget(k, "detect") == NULL)
		on = 1;
	else if (flag(k, "detect", file, &on) < 0)
		return -1;
	j->kernel = on;
	if ((g = lava_yget(k, "grace")) != NULL) {
		s = lava_ystr(g);
		j->grace = s ? strtod(s, &end) : -1;
		if (s == NULL || end == s || *end != '\0' ||
		    !(j->grace > 0 && j->grace <= 3600))
			return bad(file, g, "kernel-messages: grace: not a "
			    "number of seconds from 0 to 3600");
	}
	return 0;
}

int
lava_job_load(struct lava_job *j, const struct lava_ynode *root,
    const char *file, const char *role)
{
	const struct lava_ynode *acts = lava_yget(root, "actions");
	size_t i;

	memset(j, 0, sizeof(*j));
	j->kernel = -1;
	if (lava_jobcheck(root, file) < 0 ||
	    lava_jobcheck_limit(root, file, &j->limit) < 0 ||
	    kernel(j, root, file) < 0 ||
	    flag(root, "strict", file, &j->strict) < 0 ||
	    flag(root, "sync", file, &j->sync) < 0 ||
	    flag(root, "network", file, &j->network) < 0 ||
	    entries(j, root, file, role, -1) < 0)
		return -1;
	/* The seed's lava_test_shell parameters, later LAVA's test action. */
	for (i = 0; acts && acts->type == LAVA_Y_SEQ && i < acts->n; i++)
		if (entries(j, lava_yget(acts->kids[i], "parameters"), file,
		    role, (long)i) < 0 ||
		    entries(j, lava_yget(acts->kids[i], "test"), file, role,
		    (long)i) < 0)
			return -1;
	/* The runs of a test action share its time limit (lava-sigscan -a). */
	for (i = 0; i < j->n; i++)
		if (j->v[i].kind != LAVA_SRC_MONITOR && (j->v[i].timeout =
		    lava_jobcheck_testlimit(root, j->v[i].action, file)) < 0)
			return -1;
	/*
	 * Test actions that test nothing are a mistake, not "0 cases"
	 * passed; a job of deploy and boot alone is for a device file.
	 */
	if (role == NULL && j->n == 0 && lava_jobcheck_tests(root) > 0 &&
	    lava_jobcheck_interactive(root) == 0)
		return bad(file, acts ? acts : root, "no test action of the job "
		    "has definitions, monitors or interactive steps: nothing "
		    "would run");
	return 0;
}

/* LAVA's timeout: a mapping of days, hours, minutes and seconds, in seconds; -1 reported. */
static long
seconds(const struct lava_ynode *t, const char *file)
{
	static const struct { const char *key; long mult; } units[] = {
		{ "days", 86400 }, { "hours", 3600 }, { "minutes", 60 },
		{ "seconds", 1 },
	};
	const char *s;
	char *end;
	long sum = 0, v;
	size_t i;

	if (t->type != LAVA_Y_MAP)
		return bad(file, t, "timeout: not a mapping of days, hours, "
		    "minutes or seconds");
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		const struct lava_ynode *n = lava_yget(t, units[i].key);

		if (n == NULL)
			continue;
		v = (s = lava_ystr(n)) ? strtol(s, &end, 10) : -1;
		if (s == NULL || end == s || *end || v < 0 || v > 86400)
			return bad(file, n, "timeout: not a whole number up "
			    "to 86400");
		sum += v * units[i].mult;
	}
	if (sum <= 0 || sum > 7 * 86400)
		return bad(file, t, "timeout: not from 1 second to 7 days");
	return sum;
}

int
lava_job_group(struct lava_group *g, const struct lava_ynode *root,
    const char *file)
{
	const struct lava_ynode *mn = lava_yget(lava_yget(root, "protocols"),
	    "lava-multinode"), *roles, *t;
	const char *s;
	char *end;
	size_t i;

	memset(g, 0, sizeof(*g));
	if (mn == NULL)
		return 0;
	roles = lava_yget(mn, "roles");
	if (roles == NULL || roles->type != LAVA_Y_MAP || roles->n == 0)
		return bad(file, mn, "lava-multinode: no roles: mapping");
	for (i = 0; i + 1 < roles->n; i += 2) {
		const struct lava_ynode *k = roles->kids[i], *v = roles->kids[i + 1];
		struct lava_group_role *r = &g->v[g->n];

		if ((r->name = lava_ystr(k)) == NULL || !lava_token_ok(r->name,
		    strlen(r->name)) || r->name[0] == '-' || r->name[0] == '.')
			return bad(file, k, "roles: a role name is not 1 to 64 "
			    "of [A-Za-z0-9._-], first a letter, digit or _");
		if (g->n == LAVA_GROUP_MAX)
			return bad(file, k, "roles: too many roles");
		r->count = 1;
		if (v->type == LAVA_Y_MAP && lava_yget(v, "count")) {
			s = lava_ystr(lava_yget(v, "count"));
			r->count = s ? strtol(s, &end, 10) : 0;
			if (s == NULL || end == s || *end || r->count < 1 ||
			    r->count > LAVA_GROUP_MAX)
				return bad(file, lava_yget(v, "count"), "count: "
				    "not a number from 1 to 64");
		} else if (v->type != LAVA_Y_MAP && !lava_ynull(v)) {
			return bad(file, v, "a role is a mapping (count, "
			    "device_type)");
		}
		r->device_type = lava_ystr(lava_yget(v, "device_type"));
		g->size += r->count;
		g->n++;
		if (g->size > LAVA_GROUP_MAX)
			return bad(file, k, "roles: more than 64 devices");
	}
	if ((t = lava_yget(mn, "timeout")) != NULL &&
	    (g->timeout = seconds(t, file)) < 0)
		return -1;
	return 1;
}

const struct lava_group_role *
lava_group_find(const struct lava_group *g, const char *c)
{
	size_t i, n;
	char *end;
	long k;

	for (i = 0; i < g->n; i++) {
		n = strlen(g->v[i].name);
		if (strncmp(c, g->v[i].name, n) != 0)
			continue;
		if (g->v[i].count == 1 && c[n] == '\0')
			return &g->v[i];
		if (g->v[i].count > 1 && c[n] == '-' && c[n + 1] >= '1' &&
		    c[n + 1] <= '9' && (k = strtol(c + n + 1, &end, 10)) <=
		    g->v[i].count && *end == '\0')
			return &g->v[i];
	}
	return NULL;
}

void
lava_group_print(FILE *f, const struct lava_group *g)
{
	const char *d;
	size_t i;
	long k;

	for (i = 0; i < g->n; i++) {
		d = g->v[i].device_type;
		d = d && lava_token_ok(d, strlen(d)) ? d : "-";
		if (g->v[i].count == 1)
			fprintf(f, "%s\t%s\t%s\n", g->v[i].name, g->v[i].name, d);
		else
			for (k = 1; k <= g->v[i].count; k++)
				fprintf(f, "%s-%ld\t%s\t%s\n", g->v[i].name, k,
				    g->v[i].name, d);
	}
}

void
lava_job_free(struct lava_job *j)
{
	free(j->v);
	memset(j, 0, sizeof(*j));
}

int
lava_job_roles(const char *path)
{
	struct lava_ydoc doc = { 0 };
	struct lava_group g;
	int rc = LAVA_EXIT_USAGE;

	if (lava_yload_path(&doc, path) < 0)
		return rc;
	switch (doc.root ? lava_job_group(&g, doc.root, path) : 0) {
	case 0:
		lava_warnx("%s: no protocols: lava-multinode: roles:", path);
		break;
	case 1:
		lava_group_print(stdout, &g);
		rc = lava_close_stdout();
	}
	lava_yfree(&doc);
	return rc;
}
