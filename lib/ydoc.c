/* ydoc.c - load a YAML document with libyaml into a positioned tree */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "err.h"
#include "json.h"
#include "mem.h"
#include "ydoc.h"

/* Deeper nesting than any test definition needs is refused. */
#define MAXDEPTH 64


struct anchor {
	char *name;
	struct lava_ynode *node;
};

struct loader {
	yaml_parser_t p;
	struct lava_ydoc *doc;
	const char *name;
	struct anchor *anchors;
	size_t nanchors;
	size_t naliases;
};

static struct lava_ynode *
newnode(struct loader *l, enum lava_ytype type, yaml_mark_t m)
{
	struct lava_ydoc *d = l->doc;
	struct lava_ynode *n = lava_xcalloc(1, sizeof(*n));

	n->type = type;
	n->line = m.line + 1;
	n->col = m.column + 1;
	if (d->nall == d->capall) {
		d->capall = d->capall ? 2 * d->capall : 64;
		d->all = lava_xrealloc(d->all, d->capall * sizeof(*d->all));
	}
	d->all[d->nall++] = n;
	return n;
}

static void
addkid(struct lava_ynode *parent, struct lava_ynode *kid)
{
	/* Grow in powers of two: n is a power of two exactly when full. */
	if ((parent->n & (parent->n - 1)) == 0)
		parent->kids = lava_xrealloc(parent->kids,
		    (parent->n ? 2 * parent->n : 1) * sizeof(*parent->kids));
	parent->kids[parent->n++] = kid;
}

static void
setanchor(struct loader *l, const yaml_char_t *name, struct lava_ynode *n)
{
	if (name == NULL)
		return;
	l->anchors = lava_xrealloc(l->anchors,
	    (l->nanchors + 1) * sizeof(*l->anchors));
	l->anchors[l->nanchors].name = lava_xstrdup((const char *)name);
	l->anchors[l->nanchors].node = n;
	l->nanchors++;
}

static int
fail(struct loader *l, yaml_mark_t m, const char *msg)
{
	lava_warnat(l->name, m.line + 1, m.column + 1, "%s", msg);
	return -1;
}

static int
parse_error(struct loader *l)
{
	yaml_mark_t m = l->p.problem_mark;
	const char *what = l->p.problem ? l->p.problem : "malformed YAML";

	if (l->p.error == YAML_READER_ERROR)
		m = l->p.mark;
	if (l->p.context) {
		lava_warnat(l->name, m.line + 1, m.column + 1, "%s %s", what,
		    l->p.context);
		return -1;
	}
	return fail(l, m, what);
}

/* Parse one node whose first event is ev; store it in *out. */
static int
node(struct loader *l, yaml_event_t *ev, struct lava_ynode **out, int depth)
{
	struct lava_ynode *n;
	yaml_event_t kid;
	size_t i;
	int rc;

	if (depth > MAXDEPTH)
		return fail(l, ev->start_mark, "nested too deeply");
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		/* Aliases share nodes; what reads the tree expands them. */
		if (++l->naliases > LAVA_YAML_MAXALIAS) {
			lava_warnat(l->name, ev->start_mark.line + 1,
			    ev->start_mark.column + 1, "more than %u aliases",
			    LAVA_YAML_MAXALIAS);
			return -1;
		}
		for (i = l->nanchors; i-- > 0;)
			if (strcmp(l->anchors[i].name,
			    (char *)ev->data.alias.anchor) == 0) {
				*out = l->anchors[i].node;
				if (!(*out)->open)
					return 0;
				lava_warnat(l->name, ev->start_mark.line + 1,
				    ev->start_mark.column + 1, "alias *%s inside "
				    "the node it names", (char *)ev->data.alias.anchor);
				return -1;
			}
		return fail(l, ev->start_mark, "unknown alias");
	case YAML_SCALAR_EVENT:
		n = newnode(l, LAVA_Y_SCALAR, ev->start_mark);
		n->len = ev->data.scalar.length;
		n->str = lava_xmalloc(n->len + 1);
		memcpy(n->str, ev->data.scalar.value, n->len);
		n->str[n->len] = '\0';
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->size = n->len + 1;
		setanchor(l, ev->data.scalar.anchor, n);
		*out = n;
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		n = newnode(l, ev->type == YAML_SEQUENCE_START_EVENT ?
		    LAVA_Y_SEQ : LAVA_Y_MAP, ev->start_mark);
		setanchor(l, ev->type == YAML_SEQUENCE_START_EVENT ?
		    ev->data.sequence_start.anchor :
		    ev->data.mapping_start.anchor, n);
		*out = n;
		n->size = 1;
		n->open = 1;
		for (;;) {
			struct lava_ynode *k;

			if (!yaml_parser_parse(&l->p, &kid))
				return parse_error(l);
			if (kid.type == YAML_SEQUENCE_END_EVENT ||
			    kid.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&kid);
				n->open = 0;
				return 0;
			}
			rc = node(l, &kid, &k, depth + 1);
			/* Both are at most the cap: the sum cannot wrap. */
			if (rc == 0 && (n->size += k->size) > LAVA_YAML_MAX) {
				lava_warnat(l->name, kid.start_mark.line + 1,
				    kid.start_mark.column + 1, "aliases expand "
				    "to more than %u bytes", LAVA_YAML_MAX);
				rc = -1;
			}
			yaml_event_delete(&kid);
			if (rc < 0)
				return rc;
			addkid(n, k);
		}
	default:
		return fail(l, ev->start_mark, "unexpected YAML event");
	}
}

int
lava_yload(struct lava_ydoc *doc, const char *name, FILE *f)
{
	char *buf;
	size_t len;
	int rc;

	memset(doc, 0, sizeof(*doc));
	/* Read it whole first, so a size cap holds whatever f is. */
	buf = lava_xmalloc(LAVA_YAML_MAX + 1);
	len = fread(buf, 1, LAVA_YAML_MAX + 1, f);
	if (ferror(f)) {
		lava_warn("%s", name);
		free(buf);
		return -1;
	}
	rc = lava_yload_mem(doc, name, buf, len);
	free(buf);
	return rc;
}

int
lava_yload_mem(struct lava_ydoc *doc, const char *name, const char *buf,
    size_t len)
{
	struct loader l = { .doc = doc, .name = name };
	yaml_event_t ev;
	int rc = 0, done = 0;

	memset(doc, 0, sizeof(*doc));
	if (len > LAVA_YAML_MAX) {
		lava_warnat(name, 0, 0, "larger than %u bytes", LAVA_YAML_MAX);
		return -1;
	}
	if (!yaml_parser_initialize(&l.p))
		lava_diex(LAVA_EXIT_FAIL, "cannot initialise libyaml");
	yaml_parser_set_input_string(&l.p, (const unsigned char *)buf, len);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&l.p, &ev)) {
			rc = parse_error(&l);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
			break;
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			rc = node(&l, &ev, &doc->root, 0);
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&l.p);
	while (l.nanchors > 0)
		free(l.anchors[--l.nanchors].name);
	free(l.anchors);
	if (rc < 0)
		lava_yfree(doc);
	return rc;
}

int
lava_yload_path(struct lava_ydoc *doc, const char *path)
{
	FILE *f = fopen(path, "rb");
	int rc;

	if (f == NULL) {
		lava_warn("%s", path);
		memset(doc, 0, sizeof(*doc));
		return -1;
	}
	rc = lava_yload(doc, path, f);
	fclose(f);
	return rc;
}

void
lava_yfree(struct lava_ydoc *doc)
{
	size_t i;

	for (i = 0; i < doc->nall; i++) {
		free(doc->all[i]->str);
		free(doc->all[i]->kids);
		free(doc->all[i]);
	}
	free(doc->all);
	memset(doc, 0, sizeof(*doc));
}

struct lava_ynode *
lava_yget(const struct lava_ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != LAVA_Y_MAP)
		return NULL;
	for (i = 0; i + 1 < map->n; i += 2)
		if (map->kids[i]->type == LAVA_Y_SCALAR &&
		    strcmp(map->kids[i]->str, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

const char *
lava_ystr(const struct lava_ynode *node)
{
	return node && node->type == LAVA_Y_SCALAR ? node->str : NULL;
}

int
lava_ynull(const struct lava_ynode *n)
{
	return n == NULL || (n->type == LAVA_Y_SCALAR && n->plain &&
	    (n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0));
}

void
lava_yjson(FILE *f, const struct lava_ynode *n)
{
	size_t i;

	if (lava_ynull(n)) {
		fputs("null", f);
		return;
	}
	switch (n->type) {
	case LAVA_Y_SCALAR:
		if (n->plain && (lava_json_num_ok(n->str, n->len) || strcmp(n->str, "true") == 0 ||
		    strcmp(n->str, "false") == 0))
			fputs(n->str, f);
		else
			lava_json_str(f, n->str, n->len);
		break;
	case LAVA_Y_SEQ:
		putc('[', f);
		for (i = 0; i < n->n; i++) {
			if (i)
				putc(',', f);
			lava_yjson(f, n->kids[i]);
		}
		putc(']', f);
		break;
	case LAVA_Y_MAP:
		putc('{', f);
		for (i = 0; i + 1 < n->n; i += 2) {
			if (i)
				putc(',', f);
			if (n->kids[i]->type == LAVA_Y_SCALAR)
				lava_json_str(f, n->kids[i]->str, n->kids[i]->len);
			else
				lava_json_cstr(f, "");
			putc(':', f);
			lava_yjson(f, n->kids[i + 1]);
		}
		putc('}', f);
		break;
	}
}
