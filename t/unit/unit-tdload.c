/* unit-tdload.c - TAP tests of lib/tdef: the checks names, paths and values pass before use */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "tdef.h"

static int n, failed;

/* One TAP line; control bytes of arg are shown as '?' to keep it one line. */
static void
ok(int cond, const char *fmt, const char *arg)
{
	char shown[256];
	size_t i;

	for (i = 0; arg[i] && i + 1 < sizeof(shown); i++)
		shown[i] = (unsigned char)arg[i] < 0x20 ? '?' : arg[i];
	shown[i] = '\0';
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - ", cond ? "" : "not ", n);
	printf(fmt, shown);
	putchar('\n');
}

/* What lava_shquote() writes for s, and what sh reads back from it. */
static void
test_shquote(void)
{
	static const struct { const char *in, *want; } c[] = {
		{ "", "''" },
		{ "plain", "'plain'" },
		{ "it's", "'it'\\''s'" },
		{ "$(rm -rf /) `x` \"y\" \\z", "'$(rm -rf /) `x` \"y\" \\z'" },
		{ "''", "''\\'''\\'''" },
		{ "new\nline", "'new\nline'" },
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *buf = NULL;
		size_t sz = 0;
		FILE *f = open_memstream(&buf, &sz);

		lava_shquote(f, c[i].in, strlen(c[i].in));
		fclose(f);
		ok(strcmp(buf, c[i].want) == 0, "shquote %s", c[i].want);
		free(buf);
	}
}

static void
test_paths(void)
{
	static const char *good[] = { "lavatest.yaml", "a/b/c.yaml",
	    "automated/linux/smoke/smoke.yaml", "a..b/c", "./x.yaml" };
	static const char *bad[] = { "", "/etc/passwd", "-x", "../x", "a/../b",
	    "a/..", "..", "a/\tb" };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(lava_name_path_bad(good[i], strlen(good[i])) == NULL,
		    "path %s is accepted", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(lava_name_path_bad(bad[i], strlen(bad[i])) != NULL,
		    "path '%s' is refused", bad[i]);
}

static void
test_args(void)
{
	static const char *good[] = { "https://example.org/x.git", "v1.2",
	    "HEAD~1", "lp:foo", "/srv/repo", "a b" };
	static const char *bad[] = { "", "--upload-pack=touch x", "-1",
	    "a\nb", "x\x1b[0m" };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(lava_name_arg_bad(good[i], strlen(good[i])) == NULL,
		    "argument %s is accepted", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(lava_name_arg_bad(bad[i], strlen(bad[i])) != NULL,
		    "argument '%s' is refused", bad[i]);
}

static void
test_vars_deps_targets(void)
{
	static const char *gvar[] = { "A", "_x", "PARAM_1", "abc" };
	static const char *bvar[] = { "", "1A", "A-B", "A B", "A=B", "$A" };
	static const char *gdep[] = { "curl", "libc6:amd64", "g++", "python3.11",
	    "lib_x-1" };
	static const char *bdep[] = { "", "-oX", "a b", "a;b", "a/b", "$(x)",
	    "a=1" };
	static const char *gtgt[] = { "/lava", "/data/lava", "/opt/lava-1.0",
	    "/tmp/lava-t.AbC123/dut/lava" };
	static const char *btgt[] = { "lava", "/a/../b", "/a b", "/a;b", "/$x",
	    "/a'b", "" };
	size_t i;

	for (i = 0; i < sizeof(gvar) / sizeof(gvar[0]); i++)
		ok(lava_name_var_ok(gvar[i], strlen(gvar[i])),
		    "param name %s is accepted", gvar[i]);
	for (i = 0; i < sizeof(bvar) / sizeof(bvar[0]); i++)
		ok(!lava_name_var_ok(bvar[i], strlen(bvar[i])),
		    "param name '%s' is refused", bvar[i]);
	for (i = 0; i < sizeof(gdep) / sizeof(gdep[0]); i++)
		ok(lava_name_dep_ok(gdep[i], strlen(gdep[i])),
		    "dep %s is accepted", gdep[i]);
	for (i = 0; i < sizeof(bdep) / sizeof(bdep[0]); i++)
		ok(!lava_name_dep_ok(bdep[i], strlen(bdep[i])),
		    "dep '%s' is refused", bdep[i]);
	for (i = 0; i < sizeof(gtgt) / sizeof(gtgt[0]); i++)
		ok(lava_name_target_ok(gtgt[i]), "target %s is accepted", gtgt[i]);
	for (i = 0; i < sizeof(btgt) / sizeof(btgt[0]); i++)
		ok(!lava_name_target_ok(btgt[i]), "target '%s' is refused",
		    btgt[i]);
}

static void
test_profiles(void)
{
	const struct lava_profile *p;

	p = lava_profile_get("debian");
	ok(p && strcmp(p->target, "/lava") == 0 &&
	    strcmp(p->interp, "/bin/sh") == 0 && p->install, "profile %s",
	    "debian: /lava, /bin/sh, a package tool");
	p = lava_profile_get("android");
	ok(p && strcmp(p->target, "/data/lava") == 0 &&
	    strcmp(p->interp, "/system/bin/sh") == 0 && !p->install,
	    "profile %s", "android: /data/lava, /system/bin/sh, none");
	ok(lava_profile_get("fedora") && lava_profile_get("alpine") &&
	    lava_profile_get("openwrt"), "profiles %s", "fedora, alpine, openwrt");
	ok(lava_profile_get("beos") == NULL, "profile %s is unknown", "beos");
}

int
main(void)
{
	test_shquote();
	test_paths();
	test_args();
	test_vars_deps_targets();
	test_profiles();
	printf("1..%d\n", n);
	return failed != 0;
}
