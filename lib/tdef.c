/* tdef.c - test definitions: what is checked before anything is written, and the scripts */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"
#include "names.h"
#include "proc.h"
#include "pyval.h"
#include "tdef.h"

static const struct lava_profile profiles[] = {
	{ "debian", "/lava", "/bin/sh", "apt-get update -q",
	    "apt-get install -y -q" },
	{ "ubuntu", "/lava", "/bin/sh", "apt-get update -q",
	    "apt-get install -y -q" },
	{ "fedora", "/lava", "/bin/sh", NULL, "dnf install -y -q" },
	{ "centos", "/lava", "/bin/sh", NULL, "dnf install -y -q" },
	{ "alpine", "/lava", "/bin/sh", "apk update -q", "apk add -q" },
	{ "openwrt", "/lava", "/bin/sh", "opkg update", "opkg install" },
	{ "android", "/data/lava", "/system/bin/sh", NULL, NULL },
};

/* Params that run.sh sets itself. */
static const char *const reserved[] = { "TESTRUN_ID", "LAVA_SYNC", "UUID",
    "LAVA_SIGNAL_TO", NULL };

const struct lava_profile *
lava_profile_get(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

const char *
lava_profile_names(void)
{
	return "debian, ubuntu, fedora, centos, alpine, openwrt, android";
}

void
lava_shquote(FILE *f, const char *s, size_t len)
{
	size_t i;

	putc('\'', f);
	for (i = 0; i < len; i++)
		if (s[i] == '\'')
			fputs("'\\''", f);
		else
			putc(s[i], f);
	putc('\'', f);
}

/* A scalar that holds no NUL byte: libyaml allows "\0" escapes. */
static int
cstr(const struct lava_ynode *n)
{
	return n && n->type == LAVA_Y_SCALAR && strlen(n->str) == n->len;
}

static int
bad(const char *file, const struct lava_ynode *n, const char *fmt,
    const char *what)
{
	lava_warnat(file, n ? n->line : 0, n ? n->col : 0, fmt, what);
	return -1;
}

int
lava_params_add(struct lava_params *p, const struct lava_ynode *map,
    const char *file)
{
	size_t i, j;

	if (lava_ynull(map))
		return 0;
	if (map->type != LAVA_Y_MAP)
		return bad(file, map, "%s: not a mapping", "params");
	for (i = 0; i + 1 < map->n; i += 2) {
		const struct lava_ynode *k = map->kids[i], *v = map->kids[i + 1];
		char *val = NULL;
		size_t len = 0;

		if (!cstr(k) || !lava_name_var_ok(k->str, k->len))
			return bad(file, k, "%s: a param name must match "
			    "[A-Za-z_][A-Za-z0-9_]*", "params");
		for (j = 0; reserved[j]; j++)
			if (strcmp(k->str, reserved[j]) == 0)
				return bad(file, k, "param %s is set by run.sh "
				    "itself", k->str);
		if (v->type == LAVA_Y_SCALAR && !cstr(v))
			return bad(file, v, "param %s holds a NUL byte", k->str);
		else {
			/* As LAVA's Python writes it: True, 8 for 010, ['a']. */
			FILE *m = lava_xmemstream(&val, &len);

			lava_pyval(m, v);
			fclose(m);
		}
		for (j = 0; j < p->n; j++)
			if (strcmp(p->v[j].name, k->str) == 0)
				break;
		if (j < p->n) {
			free(p->v[j].value);
			p->v[j].value = val;
			continue;
		}
		if (p->n >= LAVA_TDEF_MAXPARAMS) {
			free(val);
			return bad(file, k, "more than %s params", "1000");
		}
		p->v = lava_xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
		p->v[p->n].name = lava_xstrdup(k->str);
		p->v[p->n].value = val;
		p->n++;
	}
	return 0;
}

void
lava_params_free(struct lava_params *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

/* A list of strings (or null); what names it in messages. */
static int
strlist(const struct lava_ynode *n, const char *file, const char *what)
{
	size_t i;

	if (lava_ynull(n))
		return 0;
	if (n->type != LAVA_Y_SEQ)
		return bad(file, n, "%s: not a list", what);
	for (i = 0; i < n->n; i++)
		if (!lava_ynull(n->kids[i]) && !cstr(n->kids[i]))
			return bad(file, n->kids[i], "%s: an item is not a "
			    "string", what);
	return 0;
}

/* install: deps, steps, git-repos, bzr-repos. */
static int
checkinstall(const struct lava_ynode *in, const char *file)
{
	const struct lava_ynode *deps = lava_yget(in, "deps");
	const struct lava_ynode *git = lava_yget(in, "git-repos");
	size_t i;

	if (lava_ynull(in))
		return 0;
	if (in->type != LAVA_Y_MAP)
		return bad(file, in, "%s: not a mapping", "install");
	if (strlist(deps, file, "install.deps") < 0 ||
	    strlist(lava_yget(in, "steps"), file, "install.steps") < 0 ||
	    strlist(lava_yget(in, "bzr-repos"), file, "install.bzr-repos") < 0)
		return -1;
	for (i = 0; deps && deps->type == LAVA_Y_SEQ && i < deps->n; i++)
		if (!lava_ynull(deps->kids[i]) &&
		    !lava_name_dep_ok(deps->kids[i]->str, deps->kids[i]->len))
			return bad(file, deps->kids[i], "install.deps: not a "
			    "package name: %s", deps->kids[i]->str);
	if (lava_ynull(git))
		return 0;
	if (git->type != LAVA_Y_SEQ)
		return bad(file, git, "%s: not a list", "install.git-repos");
	for (i = 0; i < git->n; i++) {
		const struct lava_ynode *g = git->kids[i];

		if (g->type == LAVA_Y_MAP && !cstr(lava_yget(g, "url")))
			return bad(file, g, "%s: an entry has no url",
			    "install.git-repos");
		if (g->type != LAVA_Y_MAP && !cstr(g))
			return bad(file, g, "%s: an item is not a string or "
			    "mapping", "install.git-repos");
	}
	return 0;
}

/* The number of entries of handler: (one mapping or a list of them). */
static size_t
nhandlers(const struct lava_ynode *h)
{
	return lava_ynull(h) ? 0 : h->type == LAVA_Y_SEQ ? h->n : 1;
}

/* Entry i of handler:. */
static const struct lava_ynode *
handler_at(const struct lava_ynode *h, size_t i)
{
	return h->type == LAVA_Y_SEQ ? h->kids[i] : h;
}

/* handler: one {handler-name, params} mapping or a list of them. */
static int
checkhandlers(const struct lava_ynode *h, const char *file)
{
	size_t i, n = nhandlers(h);

	for (i = 0; i < n; i++) {
		const struct lava_ynode *e = handler_at(h, i);
		const struct lava_ynode *name = lava_yget(e, "handler-name");
		const struct lava_ynode *params = lava_yget(e, "params");
		const char *why;

		if (e->type != LAVA_Y_MAP)
			return bad(file, e, "%s: not a mapping", "handler");
		if (!cstr(name) || lava_ynull(name))
			return bad(file, e, "%s: no handler-name", "handler");
		if ((why = lava_name_bad(name->str, name->len)) != NULL) {
			lava_warnat(file, name->line, name->col, "handler name "
			    "refused: %s", why);
			return -1;
		}
		if (!lava_ynull(params) && params->type != LAVA_Y_MAP)
			return bad(file, params, "%s: not a mapping",
			    "handler params");
	}
	return 0;
}

int
lava_tdef_check(const struct lava_ynode *root, const char *file)
{
	const struct lava_ynode *meta, *name, *run, *steps, *parse;
	struct lava_params p = { 0 };
	int rc;

	if (root == NULL || root->type != LAVA_Y_MAP)
		return bad(file, root, "%s: not a mapping", "test definition");
	meta = lava_yget(root, "metadata");
	if (meta == NULL || meta->type != LAVA_Y_MAP)
		return bad(file, meta ? meta : root, "%s",
		    "no metadata mapping");
	name = lava_yget(meta, "name");
	if (!cstr(name) || lava_ynull(name) || name->len == 0)
		return bad(file, name ? name : meta, "%s", "no metadata.name");
	/* Any string, as in LAVA: the run's directory is made from it. */
	if (name->len > LAVA_TDEF_NAMEMAX)
		return bad(file, name, "%s: longer than 4096 bytes",
		    "metadata.name");
	/* No run: at all is a definition of install steps alone, as in LAVA. */
	run = lava_yget(root, "run");
	if (run && run->type != LAVA_Y_MAP)
		return bad(file, run, "%s", "run: not a mapping");
	steps = lava_yget(run, "steps");
	if (run && steps == NULL)
		return bad(file, run, "%s", "no run.steps");
	if (strlist(steps, file, "run.steps") < 0 ||
	    checkinstall(lava_yget(root, "install"), file) < 0 ||
	    checkhandlers(lava_yget(root, "handler"), file) < 0)
		return -1;
	parse = lava_yget(root, "parse");
	if (!lava_ynull(parse) && (parse->type != LAVA_Y_MAP ||
	    (lava_yget(parse, "pattern") && !cstr(lava_yget(parse, "pattern")))))
		return bad(file, parse, "%s: not a mapping with a pattern string",
		    "parse");
	rc = lava_params_add(&p, lava_yget(root, "parameters"), file);
	if (rc == 0)
		rc = lava_params_add(&p, lava_yget(root, "params"), file);
	lava_params_free(&p);
	return rc;
}

const char *
lava_tdef_name(const struct lava_ynode *root)
{
	return lava_ystr(lava_yget(lava_yget(root, "metadata"), "name"));
}

int
lava_tdef_handlers(FILE *f, const struct lava_ynode *root, const char *file,
    const char *path, const char *dir, int strict)
{
	const struct lava_ynode *h = lava_yget(root, "handler");
	size_t i, n = nhandlers(h);

	for (i = 0; i < n; i++) {
		const struct lava_ynode *e = handler_at(h, i);
		const struct lava_ynode *name = lava_yget(e, "handler-name");
		const struct lava_ynode *params = lava_yget(e, "params");
		char *also = NULL, *found;
		int noexec = 0;

		found = lava_proc_find(name->str, path, dir, &also, &noexec);
		free(also);
		if (found == NULL) {
			lava_warnat(file, name->line, name->col, "%s: no such "
			    "handler%s", name->str, strict ? "" :
			    " (it will be skipped)");
			if (strict)
				return -1;
		}
		free(found);
		fprintf(f, "%s\t", name->str);
		if (lava_ynull(params))
			fputs("{}", f);
		else
			lava_yjson(f, params);
		putc('\n', f);
	}
	return (int)n;
}

/*
 * Write step s as LAVA's dispatcher writes a run step: in one that holds
 * --shell or --cmd, each $N (digits, then no word character) becomes \$N,
 * so a positional parameter meant for lava-test-case's eval ("awk
 * '{print $2}'") is not expanded by run.sh first. Unlike LAVA's rule, a
 * $N between single quotes of run.sh itself is left alone: no shell
 * expands it there, and a backslash would reach the command.
 */
static void
runstep(FILE *f, const char *s)
{
	const char *p, *d;
	int sq = 0, dq = 0;

	if (!strstr(s, "--shell") && !strstr(s, "--cmd")) {
		fprintf(f, "%s\n", s);
		return;
	}
	for (p = s; *p; p++) {
		if (sq) {
			sq = *p != '\'';
		} else if (*p == '\\' && p[1]) {
			putc(*p++, f);
		} else if (*p == '\'' && !dq) {
			sq = 1;
		} else if (*p == '"') {
			dq = !dq;
		} else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			for (d = p + 1; *d >= '0' && *d <= '9'; d++)
				;
			if (!(*d == '_' || (*d >= 'a' && *d <= 'z') ||
			    (*d >= 'A' && *d <= 'Z')))
				putc('\\', f);
		}
		putc(*p, f);
	}
	putc('\n', f);
}

/* Write each string of the list n, one per line (as run steps if run); the number written. */
static size_t
steps(FILE *f, const struct lava_ynode *n, int run)
{
	size_t i, k = 0;

	if (lava_ynull(n))
		return 0;
	for (i = 0; i < n->n; i++)
		if (!lava_ynull(n->kids[i])) {
			if (run)
				runstep(f, n->kids[i]->str);
			else
				fprintf(f, "%s\n", n->kids[i]->str);
			k++;
		}
	return k;
}

int
lava_tdef_skipped(const struct lava_ynode *l, const char *what)
{
	size_t i;

	for (i = 0; l && l->type == LAVA_Y_SEQ && i < l->n; i++)
		if (lava_ystr(l->kids[i]) && (strcmp(l->kids[i]->str, what) == 0 ||
		    strcmp(l->kids[i]->str, "all") == 0))
			return 1;
	return 0;
}

static void
header(FILE *f, const struct lava_tdef_script *s)
{
	fprintf(f, "# generated by lava-tdload for run %s\n", s->runid);
}

void
lava_tdef_run_sh(FILE *f, const struct lava_ynode *root,
    const struct lava_tdef_script *s)
{
	size_t i;

	header(f, s);
	fputs("export TESTRUN_ID=", f);
	lava_shquote(f, s->runid, strlen(s->runid));
	fprintf(f, "\nexport LAVA_SYNC='%d'\n", s->sync ? 1 : 0);
	if (s->kmsg)
		fputs("export LAVA_SIGNAL_TO='kmsg'\n", f);
	for (i = 0; s->params && i < s->params->n; i++) {
		fprintf(f, "export %s=", s->params->v[i].name);
		lava_shquote(f, s->params->v[i].value,
		    strlen(s->params->v[i].value));
		putc('\n', f);
	}
	fputs("cd ", f);
	lava_shquote(f, s->dir, strlen(s->dir));
	fputs(" || exit 1\n"
	    "UUID=$(cat uuid)\n"
	    "lava-signal STARTRUN \"$TESTRUN_ID\" \"$UUID\"\n"
	    "(\n"
	    /* As LAVA runs them: the first step that fails ends the steps. */
	    "set -e\n", f);
	if (steps(f, lava_yget(lava_yget(root, "run"), "steps"), 1) == 0)
		fputs(":\n", f);
	fputs(") </dev/null\n"
	    "rc=$?\n"
	    "lava-signal ENDRUN \"$TESTRUN_ID\" \"$UUID\"\n"
	    "exit \"$rc\"\n", f);
}

int
lava_tdef_install_sh(FILE *f, const struct lava_ynode *root,
    const struct lava_tdef_script *s, const char *file, int strict)
{
	static const char *const none[] = { "keys", "sources" };
	const struct lava_ynode *in = lava_yget(root, "install"), *l, *deps;
	/* LAVA adds deps-DISTRO to deps for a system of that distribution. */
	char *key = lava_xasprintf("deps-%s", s->prof->name);
	const struct lava_ynode *lists[2] = { lava_yget(in, "deps"),
	    lava_yget(in, key) };
	size_t i, k, n = 0;

	free(key);
	for (k = 0; k < 2; k++) {
		l = lists[k];
		if (!lava_ynull(l) && l->type != LAVA_Y_SEQ)
			return bad(file, l, "%s: not a list", "install.deps");
		for (i = 0; !lava_ynull(l) && i < l->n; i++) {
			if (lava_ynull(l->kids[i]))
				continue;
			if (!cstr(l->kids[i]) || !lava_name_dep_ok(l->kids[i]->str,
			    l->kids[i]->len))
				return bad(file, l->kids[i], "%s: not a package "
				    "name", "install.deps");
			n++;
		}
	}
	deps = lists[0] ? lists[0] : lists[1];
	if (lava_tdef_skipped(s->skip, "deps"))
		n = 0;
	for (k = 0; k < 2; k++)
		if (!lava_ynull(l = lava_yget(in, none[k])) && l->n > 0 &&
		    !lava_tdef_skipped(s->skip, none[k]))
			return bad(file, l, "install.%s: not supported: no "
			    "lava-add-keys or lava-add-sources here (skip_install "
			    "leaves them out)", none[k]);
	header(f, s);
	fputs("set -ex\ncd ", f);
	lava_shquote(f, s->dir, strlen(s->dir));
	fputs(" || exit 1\n", f);
	if (n > 0 && s->prof->install == NULL) {
		lava_warnat(file, deps->line, deps->col, "install.deps: profile "
		    "%s has no package tool%s", s->prof->name,
		    strict ? "" : ": left out");
		if (strict)
			return -1;
	} else if (n > 0) {
		/* A device that installs no packages (a sandbox) says so. */
		fputs("set --", f);
		for (k = 0; k < 2; k++)
			for (i = 0; !lava_ynull(lists[k]) && i < lists[k]->n; i++) {
				if (lava_ynull(lists[k]->kids[i]))
					continue;
				putc(' ', f);
				lava_shquote(f, lists[k]->kids[i]->str,
				    lists[k]->kids[i]->len);
			}
		fputs("\nif [ \"${LAVA_PACKAGES-}\" = no ]; then\n"
		    "echo \"install.deps: this device installs no packages; "
		    "not installed: $*\" >&2\nelse\n"
		    "SUDO=\n[ \"$(id -u)\" = 0 ] || SUDO=sudo\n", f);
		if (s->prof->update)
			fprintf(f, "$SUDO %s\n", s->prof->update);
		fprintf(f, "$SUDO %s \"$@\"\nfi\nset --\n", s->prof->install);
	}
	if (!lava_tdef_skipped(s->skip, "steps"))
		steps(f, lava_yget(in, "steps"), 0);
	return 0;
}
