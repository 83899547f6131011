/*
 * lava-bundle harness: the input is a job dir, as sections. A line
 * "@@ PATH" starts the file JOB/PATH, "@@> PATH TARGET" makes JOB/PATH a
 * symbolic link to TARGET; PATH and TARGET are relative, of
 * [A-Za-z0-9._/-], and hold no "..", so all stays in the scratch dir.
 */
#include "fuzz.h"

static int
safe(const char *p)
{
	if (*p == '\0' || *p == '/' || strstr(p, ".."))
		return 0;
	for (; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._/-", *p))
			return 0;
	return 1;
}

/* Make what the header line h (NUL-terminated) says, with body p, n. */
static void
section(char *h, const char *p, size_t n)
{
	char path[4096], *t;

	if (strncmp(h, "@@> ", 4) == 0) {
		if ((t = strchr(h + 4, ' ')) == NULL)
			return;
		*t++ = '\0';
		if (!safe(h + 4) || !safe(t))
			return;
		snprintf(path, sizeof(path), "job/%s", h + 4);
		fuzz_put(path, "", 0);
		unlink(path);
		if (symlink(t, path) < 0 && errno != EEXIST)
			fuzz_fail(path);
	} else if (strncmp(h, "@@ ", 3) == 0 && safe(h + 3)) {
		snprintf(path, sizeof(path), "job/%s", h + 3);
		fuzz_put(path, p, n);
	}
}

int
main(int argc, char *argv[])
{
	char *args[] = { "lava-bundle", "-o", "bundle.json", "job", NULL };
	char *in, *h = NULL, *body = NULL, *line, *nl;
	size_t n;

	if (argc != 2)
		return 99;
	in = fuzz_input(argv[1], &n);
	fuzz_scratch(fuzz_dir("lava-bundle"));
	if (mkdir("job", 0700) < 0)
		fuzz_fail("job");
	for (line = in; line < in + n; line = nl + 1) {
		if ((nl = memchr(line, '\n', in + n - line)) == NULL)
			nl = in + n;
		if (nl - line >= 3 && strncmp(line, "@@", 2) == 0) {
			if (h)
				section(h, body, line - body);
			*nl = '\0';
			h = line;
			body = nl + 1 <= in + n ? nl + 1 : in + n;
		}
	}
	if (h)
		section(h, body, in + n > body ? (size_t)(in + n - body) : 0);
	free(in);
	fuzz_quiet();
	return lava_fuzz_main(4, args);
}
