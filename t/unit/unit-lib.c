/* unit-lib.c - TAP tests of lib/: names, lines, tokens, JSON strings, YAML, records */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "json.h"
#include "mem.h"
#include "names.h"
#include "record.h"
#include "ydoc.h"
#include "tap.h"


/* JSON text of s[0..len) as lava_json_str writes it. */
static char *
json(const char *s, size_t len)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	lava_json_str(f, s, len);
	fclose(f);
	return buf;
}

static void
test_json(void)
{
	struct { const char *in; size_t len; const char *want; } c[] = {
		{ "plain", 5, "\"plain\"" },
		{ "a\"b\\c", 5, "\"a\\\"b\\\\c\"" },
		{ "t\tn\nr\r", 6, "\"t\\tn\\nr\\r\"" },
		{ "nul\0x", 5, "\"nul\\u0000x\"" },
		{ "esc\033[0m", 7, "\"esc\\u001b[0m\"" },
		{ "caf\xc3\xa9", 5, "\"caf\xc3\xa9\"" },
		{ "bad\xff", 4, "\"bad\\ufffd\"" },
		{ "cut\xc3", 4, "\"cut\\ufffd\"" },
		{ "overlong\xc0\xaf", 10, "\"overlong\\ufffd\\ufffd\"" },
		{ "surrogate\xed\xa0\x80", 12, "\"surrogate\\ufffd\\ufffd\\ufffd\"" },
		{ "emoji\xf0\x9f\x98\x80", 9, "\"emoji\xf0\x9f\x98\x80\"" },
		{ "del\x7f", 4, "\"del\\u007f\"" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *got = json(c[i].in, c[i].len);
		char what[128];

		snprintf(what, sizeof(what), "json string %zu is %s", i, c[i].want);
		ok(strcmp(got, c[i].want) == 0, what);
		if (strcmp(got, c[i].want) != 0)
			printf("#   got %s\n", got);
		free(got);
	}
}

/* ok() with what made from fmt and one string. */
static void
okf(int cond, const char *fmt, const char *arg)
{
	char what[512];

	snprintf(what, sizeof(what), fmt, arg);
	ok(cond, what);
}

/*
 * The one rule for a name that becomes a path component (metadata.name,
 * handler name, run dir), once lava-tdload's and lava-sigroute's copies
 * merged: their disagreements ("x..", 201 to 255 bytes) are refused.
 */
static void
test_names(void)
{
	static const char *good[] = { "add-duration", "capture", "a.b",
	    "x_1", "caf\xc3\xa9", "smoke", "0_x", "a.b-c_d", "ltp-realtime" };
	static const char *bad[] = { "", "-x", "-rf", ".hidden", "..", ".",
	    "a/b", "../x", "a..b", "x..", "a b", "tab\there", "a\nb",
	    "del\x7f", "x<y", "x>y" };
	char longname[300];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		okf(lava_name_ok(good[i]) &&
		    lava_name_bad(good[i], strlen(good[i])) == NULL,
		    "name %s is accepted", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		okf(!lava_name_ok(bad[i]) &&
		    lava_name_bad(bad[i], strlen(bad[i])) != NULL,
		    "name '%s' is refused", bad[i]);
	okf(lava_name_bad("a\0b", 3) != NULL, "name %s is refused", "a NUL b");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	okf(!lava_name_ok(longname), "a name of %s bytes is refused", "299");
	longname[LAVA_NAME_MAX + 1] = '\0';
	okf(!lava_name_ok(longname), "a name of %s bytes is refused", "201");
	longname[LAVA_NAME_MAX] = '\0';
	okf(lava_name_ok(longname), "a name of %s bytes is taken", "200");
	ok(lava_record_controls("a\033b"), "ESC is a control byte");
	ok(lava_record_controls("a\x7f"), "DEL is a control byte");
	ok(!lava_record_controls("a\tb\xc3\xa9"), "TAB and UTF-8 are not");
}

static void
test_getline(void)
{
	static const char in[] = "one\n\ntwo\0x\nthree-is-long\nlast";
	char buf[8];
	int seen;
	FILE *f = fmemopen((void *)in, sizeof(in) - 1, "r");

	ok(lava_file_getline(f, buf, sizeof(buf) - 1, &seen) == 3 && !seen &&
	    !strcmp(buf, "one"), "a line");
	ok(lava_file_getline(f, buf, sizeof(buf) - 1, &seen) == 0 && !seen &&
	    !strcmp(buf, ""), "an empty line");
	ok(lava_file_getline(f, buf, sizeof(buf) - 1, &seen) >= 0 &&
	    seen == LAVA_LINE_NUL, "a line with a NUL byte");
	ok(lava_file_getline(f, buf, sizeof(buf) - 1, &seen) == 7 &&
	    seen == LAVA_LINE_LONG && !strcmp(buf, "three-i"),
	    "a line too long, cut and read to its end");
	ok(lava_file_getline(f, buf, sizeof(buf) - 1, &seen) == 4 && !seen &&
	    !strcmp(buf, "last"), "a last line without newline");
	ok(lava_file_getline(f, buf, sizeof(buf) - 1, &seen) == -1, "the end");
	fclose(f);
}

static void
test_token(void)
{
	char long65[66];

	memset(long65, 'a', 65);
	long65[65] = '\0';
	ok(lava_token_ok("4711-3", 6), "token 4711-3 accepted");
	ok(lava_token_ok("A.b_c-9", 7), "token with . _ - accepted");
	ok(lava_token_ok(long65, 64), "64-byte token accepted");
	ok(!lava_token_ok(long65, 65), "65-byte token refused");
	ok(!lava_token_ok("", 0), "empty token refused");
	ok(!lava_token_ok("a/b", 3), "token with / refused");
	ok(!lava_token_ok("a;rm", 4), "token with ; refused");
	ok(!lava_token_ok("a b", 3), "token with space refused");
	ok(!lava_token_ok("a\0b", 3), "token with NUL refused");
}

static void
test_record(void)
{
	struct lava_record r;
	const char *why = NULL;
	char l1[] = "1700000000.123456\t12\t4711-3\tSTARTTC\ttc1";
	char l2[] = "1700000000.000001\t3\t-\tEXIT";
	char l3[] = "1700000000.000001\t3\t-";
	char l4[] = "x\t3\t-\tEXIT";
	char l5[] = "1.5\t3\tbad;tok\tSTARTTC\tx";
	char l6[] = "1.5\t3\t-\tTESTCASE\t\tx";

	ok(lava_record_parse(l1, &r, &why) == 0 && strcmp(r.name, "STARTTC") == 0 &&
	    r.nargs == 1 && strcmp(r.args[0], "tc1") == 0 && r.line == 12 &&
	    r.token && r.token_ok && strcmp(r.token, "4711-3") == 0 &&
	    r.t > 1700000000.12 && r.t < 1700000000.13,
	    "record with token and one parameter");
	ok(lava_record_parse(l2, &r, &why) == 0 && r.token == NULL &&
	    r.nargs == 0 && strcmp(r.name, "EXIT") == 0, "EXIT record");
	ok(lava_record_parse(l3, &r, &why) < 0 && why, "three fields refused");
	ok(lava_record_parse(l4, &r, &why) < 0, "bad TIME refused");
	ok(lava_record_parse(l5, &r, &why) == 0 && r.token && !r.token_ok,
	    "bad token kept, marked not ok");
	ok(lava_record_parse(l6, &r, &why) < 0, "empty parameter refused");
}

static void
test_yaml(void)
{
	const char *src =
	    "metadata:\n  name: smoke\n  n: 3\nrun:\n  steps:\n    - echo hi\n"
	    "    - 'true'\nparams: &p {A: 1, B: \"x\", C: yes, D: ~}\nagain: *p\n";
	struct lava_ydoc d;
	struct lava_ynode *steps;
	FILE *f = fmemopen((void *)src, strlen(src), "r");
	char *buf = NULL;
	size_t sz = 0;
	FILE *out;

	ok(lava_yload(&d, "t.yaml", f) == 0, "yaml loads");
	fclose(f);
	ok(strcmp(lava_ystr(lava_yget(lava_yget(d.root, "metadata"), "name")),
	    "smoke") == 0, "metadata.name is smoke");
	steps = lava_yget(lava_yget(d.root, "run"), "steps");
	ok(steps && steps->type == LAVA_Y_SEQ && steps->n == 2 &&
	    steps->kids[1]->line == 7 && steps->kids[1]->col == 7,
	    "run.steps has two items with positions");
	ok(lava_yget(d.root, "again") == lava_yget(d.root, "params"),
	    "alias resolves to its anchor");
	out = open_memstream(&buf, &sz);
	lava_yjson(out, lava_yget(d.root, "params"));
	fclose(out);
	ok(strcmp(buf, "{\"A\":1,\"B\":\"x\",\"C\":\"yes\",\"D\":null}") == 0,
	    "params as JSON keep numbers and null");
	free(buf);
	lava_yfree(&d);

	f = fmemopen((void *)"a: [1, 2\nb: 3\n", 14, "r");
	ok(lava_yload(&d, "bad.yaml", f) < 0, "malformed yaml refused");
	fclose(f);
}

int
main(void)
{
	test_names();
	test_getline();
	test_token();
	test_json();
	test_record();
	test_yaml();
	return tap_done();
}
