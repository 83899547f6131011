/* unit-bundle.c - TAP tests of the bundle modules: base64, numbers, dates, JSON reading */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "bundle.h"
#include "bundle_json.h"
#include "json.h"
#include "tap.h"


static void
test_b64(void)
{
	static const struct { const char *in, *want; } c[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" }, { "\377\376\375", "//79" },
	};
	char out[64], what[64], *dec;
	size_t i, len;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		len = lava_b64_enc(out, (const unsigned char *)c[i].in,
		    strlen(c[i].in));
		out[len] = '\0';
		snprintf(what, sizeof(what), "base64 of %zu bytes (%s)",
		    strlen(c[i].in), c[i].want);
		ok(strcmp(out, c[i].want) == 0, what);
		dec = lava_b64_dec(c[i].want, strlen(c[i].want), &len);
		snprintf(what, sizeof(what), "%s decodes back", c[i].want);
		ok(dec && len == strlen(c[i].in) &&
		    memcmp(dec, c[i].in, len) == 0, what);
		free(dec);
	}
	ok(lava_b64_dec("Zm9v!", 5, &len) == NULL, "a byte not of base64 is refused");
}

static void
test_num(void)
{
	static const struct { const char *in, *want; } c[] = {
		{ "10", "10" }, { " 10.5  ", "10.5" }, { "+007", "7" },
		{ "-0.25", "-0.25" }, { ".5", "0.5" }, { "5.", "5" },
		{ "1e3", "1e3" }, { "1.5E-3", "1.5e-3" }, { "-00", "-0" },
		{ "abc", NULL }, { "", NULL }, { ".", NULL }, { "1e", NULL },
		{ "NaN", NULL }, { "inf", NULL }, { "1 2", NULL },
		{ "0x10", NULL }, { "1,5", NULL }, { "--1", NULL },
	};
	char out[128], what[64];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		rc = lava_bundle_num(c[i].in, strlen(c[i].in), out, sizeof(out));
		snprintf(what, sizeof(what), "number '%s' -> %s", c[i].in,
		    c[i].want ? c[i].want : "refused");
		ok(c[i].want ? rc == 0 && strcmp(out, c[i].want) == 0 &&
		    lava_json_num_ok(out, strlen(out)) : rc < 0, what);
	}
	ok(lava_bundle_num("123456789", 9, out, 8) < 0, "number longer than out is refused");
}

static void
test_date(void)
{
	static const struct { const char *in; int want; } c[] = {
		{ "2012-11-22T23:34:43Z", 1 }, { "2012-11-22T23:34:43.123Z", 1 },
		{ "2012-11-22T23:34:43+01:00", 1 }, { "2012-11-22 23:34:43Z", 0 },
		{ "2012-11-22T23:34:43", 0 }, { "22/11/2012", 0 },
		{ "2012-11-22T23:34:43Zx", 0 }, { "2012-11-22T23:34:43.Z", 0 },
	};
	char what[64];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(what, sizeof(what), "date-time '%s' %s", c[i].in,
		    c[i].want ? "accepted" : "refused");
		ok(lava_bundle_date_ok(c[i].in, strlen(c[i].in)) == c[i].want, what);
	}
}

static void
test_json(void)
{
	static const char *const bad[] = { "", "{", "{\"a\"}", "{\"a\":}",
		"[1,]", "\"\\x\"", "\"a", "01", "1.", "-", "tru", "{} x",
		"\"\001\"", "{a:1}", "[\"\\u12\"]",
	};
	struct lava_jval v;
	const struct lava_jval *k;
	const char *why, *s;
	size_t off, i;
	char what[64];
	int rc;

	s = "{\"a\": [1, -2.5e3, true, null], \"b\": \"x\\u0000y\\ud83d\\ude00\\ud800\", \"a\": {}}";
	rc = lava_jparse(s, strlen(s), &v, &why, &off);
	ok(rc == 0 && v.type == LAVA_J_OBJ && v.n == 6, "an object parses");
	k = rc == 0 ? lava_jget(&v, "b") : NULL;
	ok(k && k->type == LAVA_J_STR && k->len == 10 &&
	    memcmp(k->s, "x\0y\360\237\230\200\357\277\275", 10) == 0,
	    "escapes decode; a lone surrogate becomes U+FFFD");
	k = rc == 0 ? lava_jget(&v, "a") : NULL;
	ok(k && k->type == LAVA_J_OBJ && k->n == 0, "the last repeated key wins");
	ok(rc == 0 && v.kids[1].n == 4 && v.kids[1].kids[1].type == LAVA_J_NUM &&
	    strcmp(v.kids[1].kids[1].s, "-2.5e3") == 0 &&
	    v.kids[1].kids[2].type == LAVA_J_BOOL &&
	    v.kids[1].kids[3].type == LAVA_J_NULL, "array items keep types");
	if (rc == 0)
		lava_jfree(&v);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(what, sizeof(what), "'%s' is refused", bad[i]);
		rc = lava_jparse(bad[i], strlen(bad[i]), &v, &why, &off);
		ok(rc < 0 && why != NULL && off <= strlen(bad[i]), what);
		if (rc == 0)
			lava_jfree(&v);
	}
	s = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]";
	ok(lava_jparse(s, strlen(s), &v, &why, &off) < 0, "deep nesting is refused");
}

static void
test_run(void)
{
	struct lava_testrun r;
	struct lava_result *a, *b;
	char id[16];
	int i, all = 1;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "case%d", i);
		a = lava_testrun_add(&r, id, strlen(id));
		a->log_lineno = i;
	}
	lava_testrun_add(&r, "case7", 5)->log_lineno = 9999;
	lava_testrun_add(&r, NULL, 0);
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "case%d", i);
		b = lava_testrun_find(&r, id, strlen(id));
		all &= b != NULL && b->log_lineno == (unsigned long)i;
	}
	ok(all && r.nres == 1002, "results are found by id, the first of repeats");
	ok(lava_testrun_find(&r, "case1000", 8) == NULL, "an unknown id is not found");
	lava_testrun_free(&r);
}

int
main(void)
{
	test_b64();
	test_num();
	test_date();
	test_json();
	test_run();
	return tap_done();
}
