/* tdefmon.c - the monitors of a job file (LAVA's monitors:), checked and written for lava-sigscan(1) */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "json.h"
#include "mem.h"
#include "names.h"
#include "record.h"
#include "tdefmon.h"

/* A pattern of the monitor: a string PCRE2 compiles; -1 reported. */
static int
pattern(const struct lava_tdef_src *src, const char *key)
{
	const struct lava_ynode *v = lava_yget(src->at, key);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	int err;

	if (lava_ystr(v) == NULL || v->len == 0) {
		lava_warnat(src->file, v ? v->line : src->at->line,
		    v ? v->col : src->at->col, "monitors: %s: not a pattern",
		    key);
		return -1;
	}
	re = pcre2_compile((PCRE2_SPTR)v->str, v->len, 0, &err, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		/* The column of the offending byte, for a one-line scalar. */
		lava_warnat(src->file, v->line, v->col + off + !v->plain,
		    "monitors: %s: %s", key, (char *)msg);
		return -1;
	}
	pcre2_code_free(re);
	return 0;
}

int
lava_expected(FILE *f, const struct lava_ynode *e, const char *file)
{
	const struct lava_ynode *l = lava_yget(e, "expected"), *c;
	size_t i;

	if (l == NULL || lava_ynull(l))
		return 0;
	if (l->type != LAVA_Y_SEQ) {
		lava_warnat(file, l->line, l->col, "expected: not a list");
		return -1;
	}
	for (i = 0; i < l->n; i++) {
		c = l->kids[i];
		if (lava_ystr(c) == NULL || c->len == 0 || c->len > 255 ||
		    lava_record_controls(c->str)) {
			lava_warnat(file, c->line, c->col, "expected: not a "
			    "test case id");
			return -1;
		}
		if (f)
			fprintf(f, "%s\n", c->str);
	}
	return 0;
}

int
lava_monitor_check(const struct lava_tdef_src *src)
{
	const struct lava_ynode *m = src->at, *n, *fix;
	size_t i;

	if (m->type != LAVA_Y_MAP) {
		lava_warnat(src->file, m->line, m->col, "monitors: an entry "
		    "is not a mapping");
		return -1;
	}
	n = lava_yget(m, "name");
	if (lava_ystr(n) == NULL || n->len == 0) {
		lava_warnat(src->file, m->line, m->col, "monitors: an entry "
		    "has no name");
		return -1;
	}
	if (pattern(src, "start") < 0 || pattern(src, "end") < 0 ||
	    pattern(src, "pattern") < 0)
		return -1;
	fix = lava_yget(m, "fixupdict");
	if (fix && !lava_ynull(fix)) {
		if (fix->type != LAVA_Y_MAP) {
			lava_warnat(src->file, fix->line, fix->col,
			    "monitors: fixupdict: not a mapping");
			return -1;
		}
		for (i = 0; i + 1 < fix->n; i += 2)
			if (lava_ystr(fix->kids[i + 1]) == NULL) {
				lava_warnat(src->file, fix->kids[i + 1]->line,
				    fix->kids[i + 1]->col, "monitors: "
				    "fixupdict: a value is not a string");
				return -1;
			}
	}
	return lava_expected(NULL, m, src->file);
}

char *
lava_monitor_name(const struct lava_tdef_src *src)
{
	char *s = lava_xstrdup(lava_ystr(lava_yget(src->at, "name"))), *p;

	for (p = s; *p; p++)
		*p = *p == ' ' ? '-' : *p >= 'A' && *p <= 'Z' ? *p | 0x20 : *p;
	return s;
}

void
lava_monitor_json(FILE *f, const struct lava_tdef_src *src, const char *id,
    const char *uuid)
{
	static const char *const keys[] = { "start", "end", "pattern" };
	const struct lava_ynode *fix = lava_yget(src->at, "fixupdict");
	size_t i;

	fputs("{\"id\": ", f);
	lava_json_cstr(f, id);
	fputs(", \"uuid\": ", f);
	lava_json_cstr(f, uuid);
	for (i = 0; i < 3; i++) {
		const struct lava_ynode *v = lava_yget(src->at, keys[i]);

		fprintf(f, ", \"%s\": ", keys[i]);
		lava_json_str(f, v->str, v->len);
	}
	fprintf(f, ", \"timeout\": %.3f, \"action\": %ld", src->timeout,
	    src->action);
	if (fix && fix->type == LAVA_Y_MAP) {
		fputs(", \"fixupdict\": {", f);
		for (i = 0; i + 1 < fix->n; i += 2) {
			fputs(i ? ", " : "", f);
			lava_json_str(f, fix->kids[i]->str, fix->kids[i]->len);
			fputs(": ", f);
			lava_json_str(f, fix->kids[i + 1]->str,
			    fix->kids[i + 1]->len);
		}
		fputs("}", f);
	}
	fputs("}", f);
}

int
lava_src_expected(const struct lava_tdef_src *src, char **text, size_t *n)
{
	FILE *f;
	int rc;

	if (src->file == NULL || src->at == NULL ||
	    src->at->type != LAVA_Y_MAP || !lava_yget(src->at, "expected"))
		return 0;
	*text = NULL;
	f = lava_xmemstream(text, n);
	rc = lava_expected(f, src->at, src->file);
	fclose(f);
	if (rc < 0) {
		free(*text);
		*text = NULL;
		return -1;
	}
	return 1;
}

int
lava_src_signal(const struct lava_tdef_src *src)
{
	const struct lava_ynode *v;

	if (src->file == NULL || src->at == NULL || src->at->type != LAVA_Y_MAP ||
	    (v = lava_yget(src->at, "lava-signal")) == NULL)
		return 0;
	if (lava_ystr(v) && strcmp(v->str, "kmsg") == 0)
		return 1;
	if (lava_ystr(v) && strcmp(v->str, "stdout") == 0)
		return 0;
	lava_warnat(src->file, v->line, v->col, "lava-signal: not kmsg or stdout");
	return -1;
}

char *
lava_monitor_testdef(const char *name)
{
	char *def = NULL;
	size_t n = 0;
	FILE *f;

	f = lava_xmemstream(&def, &n);
	fputs("{\"metadata\": {\"format\": \"Lava-Test Monitor\", "
	    "\"name\": ", f);
	lava_json_cstr(f, name);
	fputs("}}\n", f);
	fclose(f);
	return def;
}
