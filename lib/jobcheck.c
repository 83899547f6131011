/* jobcheck.c - the fields of a LAVA job file that lava-tdload cannot honour, refused where they are, and the job's time limits */
#include <stdio.h>
#include <string.h>

#include "jobact.h"
#include "jobcheck.h"

/* The one key of action a (a mapping of one key), or NULL. */
static const struct lava_ynode *
actkey(const struct lava_ynode *a)
{
	return a && a->type == LAVA_Y_MAP && a->n == 2 ? a->kids[0] : NULL;
}

/* 1 if s is one of the NULL-ended list v. */
static int
among(const char *s, const char *const *v)
{
	for (; *v; v++)
		if (strcmp(s, *v) == 0)
			return 1;
	return 0;
}

int
lava_jobcheck_is_v2(const struct lava_ynode *root)
{
	static const char *const kinds[] = { "deploy", "boot", "test",
	    "command", "repeat", NULL };
	const struct lava_ynode *acts = lava_yget(root, "actions"), *k, *v;
	size_t i;

	if (acts == NULL || acts->type != LAVA_Y_SEQ || acts->n == 0)
		return 0;
	for (i = 0; i < acts->n; i++) {
		if ((k = actkey(acts->kids[i])) == NULL || lava_ystr(k) == NULL ||
		    !among(k->str, kinds))
			return 0;
		/* The seed's form: {"command": "lava_test_shell", ...}. */
		v = acts->kids[i]->kids[1];
		if (v->type != LAVA_Y_MAP)
			return 0;
	}
	return 1;
}

/* Refuse key k of a mapping: why it is not supported. */
static int
refuse(const char *file, const struct lava_ynode *k, const char *why)
{
	return lava_ja_bad(file, k, "%s: not supported%s%s", k->str,
	    *why ? ": " : "", why);
}

/* Each key of mapping m not in ok: refused with why (NULL: a key LAVA does not have). */
static int
keys(const struct lava_ynode *m, const char *file, const char *what,
    const char *const *ok)
{
	size_t i;

	for (i = 0; m && m->type == LAVA_Y_MAP && i + 1 < m->n; i += 2) {
		const struct lava_ynode *k = m->kids[i];

		if (lava_ystr(k) == NULL)
			return lava_ja_bad(file, k, "%s: a key is not a string",
			    what);
		if (!among(k->str, ok))
			return lava_ja_bad(file, k, "%s: %s: not a field this "
			    "job format has, or not supported (lava-job(5))",
			    what, k->str);
	}
	return 0;
}

/* The key node of key in mapping m, or NULL. */
static const struct lava_ynode *
keynode(const struct lava_ynode *m, const char *key)
{
	size_t i;

	for (i = 0; m && m->type == LAVA_Y_MAP && i + 1 < m->n; i += 2)
		if (lava_ystr(m->kids[i]) && strcmp(m->kids[i]->str, key) == 0)
			return m->kids[i];
	return NULL;
}

/* A timeout mapping: LAVA's units, and skip: false. */
static int
timeout(const struct lava_ynode *t, const char *file)
{
	static const char *const ok[] = { "days", "hours", "minutes",
	    "seconds", "skip", NULL };
	const struct lava_ynode *skip = lava_yget(t, "skip");
	double s = 0;

	if (t == NULL)
		return 0;
	if (keys(t, file, "timeout", ok) < 0 ||
	    lava_ja_timeout(file, t, &s) < 0)
		return -1;
	if (skip && !(lava_ystr(skip) && (strcmp(skip->str, "false") == 0 ||
	    strcmp(skip->str, "False") == 0)))
		return refuse(file, keynode(t, "skip"), "a test action that "
		    "times out ends the job");
	return 0;
}

/* The keys refused in any action, with why. */
static int
everywhere(const struct lava_ynode *m, const char *file)
{
	static const struct { const char *k, *why; } no[] = {
		{ "namespace", "one job here is one device in one namespace" },
		{ "connection-namespace", "one job here is one device in one "
		    "namespace" },
		{ "repeat", "write the action out as often as it should run" },
		{ "protocols", "an action's protocols (lava-lxc, lava-vland, "
		    "lava-xnbd) are not implemented" },
	};
	const struct lava_ynode *k;
	size_t i;

	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if ((k = keynode(m, no[i].k)) != NULL)
			return refuse(file, k, no[i].why);
	return 0;
}

/* A test action: what lava-tdload and lava-expect(1) run, the rest refused. */
static int
test(const struct lava_ynode *t, const char *file)
{
	static const char *const ok[] = { "definitions", "monitors",
	    "interactive", "timeout", "role", NULL };
	const struct lava_ynode *k;

	if ((k = keynode(t, "docker")) != NULL)
		return refuse(file, k, "a test action in a docker container "
		    "is not implemented");
	if ((k = keynode(t, "services")) != NULL)
		return refuse(file, k, "docker services beside the tests are "
		    "not implemented");
	if ((k = keynode(t, "failure_retry")) != NULL)
		return refuse(file, k, "a test action that fails is not run "
		    "again yet");
	if (everywhere(t, file) < 0 || keys(t, file, "test", ok) < 0)
		return -1;
	return timeout(lava_yget(t, "timeout"), file);
}

/* timeouts: job, action, actions, connection, connections. */
static int
timeouts(const struct lava_ynode *t, const char *file)
{
	static const char *const ok[] = { "job", "action", "actions",
	    "connection", "connections", NULL };
	static const char *const maps[] = { "actions", "connections" };
	const struct lava_ynode *m;
	size_t i, j;

	if (t == NULL)
		return 0;
	if (t->type != LAVA_Y_MAP)
		return lava_ja_bad(file, t, "timeouts: not a mapping");
	if (keys(t, file, "timeouts", ok) < 0 ||
	    timeout(lava_yget(t, "job"), file) < 0 ||
	    timeout(lava_yget(t, "action"), file) < 0 ||
	    timeout(lava_yget(t, "connection"), file) < 0)
		return -1;
	for (j = 0; j < 2; j++) {
		if ((m = lava_yget(t, maps[j])) == NULL)
			continue;
		if (m->type != LAVA_Y_MAP)
			return lava_ja_bad(file, m, "timeouts: %s: not a "
			    "mapping", maps[j]);
		for (i = 0; i + 1 < m->n; i += 2)
			if (timeout(m->kids[i + 1], file) < 0)
				return -1;
	}
	return 0;
}

int
lava_jobcheck(const struct lava_ynode *root, const char *file)
{
	static const struct { const char *k, *why; } no[] = {
		{ "secrets", "there is no server to keep them" },
		{ "environment", "the device's environment is not set from "
		    "the job" },
	};
	static const char *const protos[] = { "lava-multinode", NULL };
	/* LAVA's job schema, then this project's own keys. */
	static const char *const ok[] = { "job_name", "device_type",
	    "timeouts", "visibility", "context", "metadata", "priority",
	    "tags", "protocols", "notify", "reboot_to_fastboot", "actions",
	    "testdef_urls", "testdef_repos", "definitions", "sync", "strict",
	    "kernel-messages", "network", NULL };
	const struct lava_ynode *acts = lava_yget(root, "actions"), *k, *a;
	size_t i;

	if (!lava_jobcheck_is_v2(root))
		return 0;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if ((k = keynode(root, no[i].k)) != NULL)
			return refuse(file, k, no[i].why);
	if (keys(root, file, "job", ok) < 0 ||
	    keys(lava_yget(root, "protocols"), file, "protocols", protos) < 0 ||
	    timeouts(lava_yget(root, "timeouts"), file) < 0)
		return -1;
	for (i = 0; i < acts->n; i++) {
		k = actkey(acts->kids[i]);
		a = acts->kids[i]->kids[1];
		if (strcmp(k->str, "repeat") == 0)
			return refuse(file, k, "write the actions out as often "
			    "as they should run");
		if (strcmp(k->str, "command") == 0)
			return refuse(file, k, "there is no dispatcher with "
			    "user commands");
		if (everywhere(a, file) < 0 ||
		    timeout(lava_yget(a, "timeout"), file) < 0)
			return -1;
		if (strcmp(k->str, "test") == 0 && test(a, file) < 0)
			return -1;
	}
	return 0;
}

int
lava_jobcheck_def(const struct lava_ynode *e, const char *file)
{
	static const char *const ok[] = { "from", "repository", "path",
	    "name", "revision", "branch", "history", "shallow", "params",
	    "parameters", "skip_install", "lava-signal", "compression",
	    "expected", "role", NULL };
	static const char *const skips[] = { "keys", "sources", "deps",
	    "steps", "git-repos", "all", NULL };
	static const char *const zips[] = { "gz", "bz2", "xz", "zstd", NULL };
	const struct lava_ynode *s = lava_yget(e, "skip_install"), *z;
	size_t i;

	if (keys(e, file, "definitions", ok) < 0)
		return -1;
	if (s && s->type != LAVA_Y_SEQ)
		return lava_ja_bad(file, s, "skip_install: not a list");
	for (i = 0; s && i < s->n; i++)
		if (lava_ystr(s->kids[i]) == NULL ||
		    !among(s->kids[i]->str, skips))
			return lava_ja_bad(file, s->kids[i], "skip_install: not "
			    "keys, sources, deps, steps, git-repos or all");
	z = lava_yget(e, "compression");
	if (z && (lava_ystr(z) == NULL || !among(z->str, zips)))
		return lava_ja_bad(file, z, "compression: not gz, bz2, xz or "
		    "zstd");
	return 0;
}

double
lava_jobcheck_testlimit(const struct lava_ynode *root, long action,
    const char *file)
{
	const struct lava_ynode *tos = lava_yget(root, "timeouts"), *n;
	const struct lava_ynode *acts = lava_yget(root, "actions");
	double s = 0;

	if (!lava_jobcheck_is_v2(root) || action < 0 || (size_t)action >= acts->n)
		return 0;
	n = lava_yget(lava_yget(acts->kids[action], "test"), "timeout");
	if (n == NULL)
		n = lava_yget(lava_yget(tos, "actions"), "lava-test-shell");
	if (n == NULL)
		n = lava_yget(tos, "action");
	if (n != NULL && lava_ja_timeout(file, n, &s) < 0)
		return -1;
	return s;
}

int
lava_jobcheck_limit(const struct lava_ynode *root, const char *file,
    double *secs)
{
	const struct lava_ynode *job = lava_yget(lava_yget(root, "timeouts"),
	    "job");

	*secs = 0;
	if (!lava_jobcheck_is_v2(root) || job == NULL)
		return 0;
	return lava_ja_timeout(file, job, secs);
}

size_t
lava_jobcheck_interactive(const struct lava_ynode *root)
{
	const struct lava_ynode *acts = lava_yget(root, "actions");
	size_t i, n = 0;

	for (i = 0; acts && acts->type == LAVA_Y_SEQ && i < acts->n; i++)
		n += lava_yget(lava_yget(acts->kids[i], "test"),
		    "interactive") != NULL;
	return n;
}

size_t
lava_jobcheck_tests(const struct lava_ynode *root)
{
	const struct lava_ynode *acts = lava_yget(root, "actions"), *a;
	size_t i, n = 0;

	if (lava_yget(root, "testdef_urls") || lava_yget(root, "testdef_repos") ||
	    lava_yget(root, "definitions"))
		n++;
	for (i = 0; acts && acts->type == LAVA_Y_SEQ && i < acts->n; i++) {
		a = acts->kids[i];
		n += lava_yget(a, "test") != NULL ||
		    lava_yget(lava_yget(a, "parameters"), "testdef_urls") ||
		    lava_yget(lava_yget(a, "parameters"), "testdef_repos");
	}
	return n;
}
