/* add-duration - a handler: each test case's duration, from its signals' times */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "file.h"
#include "json.h"
#include "mem.h"
#include "names.h"

static const char USAGE[] = "EVENT [ARG ...]";

/*
 * TIME as "SECONDS[.FRACTION]" in microseconds, read as integers so no
 * rounding creeps in; -1 if it is not one.
 */
static int64_t
micros(const char *s)
{
	int64_t sec = 0, us = 0;
	int digits = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (sec > INT64_MAX / 10 / 1000000 - 10)
			return -1;
		sec = sec * 10 + (*s - '0');
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			if (digits++ < 6)
				us = us * 10 + (*s - '0');
	if (*s != '\0')
		return -1;
	for (; digits < 6; digits++)
		us *= 10;
	return sec * 1000000 + us;
}

/* The state file of a case: its id where that is a safe name, else a hash. */
static char *
statefile(const char *tc)
{
	uint64_t h = 14695981039346656037ULL;
	const char *p;

	if (lava_token_ok(tc, strlen(tc)) && tc[0] != '.' && tc[0] != '-')
		return lava_xasprintf("start.%s", tc);
	for (p = tc; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return lava_xasprintf("start.#%016llx", (unsigned long long)h);
}

/* Write "NOW\nCASE\n" to file, or remove what was made of it and die. */
static void
save_start(const char *file, const char *now, const char *tc)
{
	FILE *f = fopen(file, "we");

	if (f && fprintf(f, "%s\n%s\n", now, tc) >= 0 && fclose(f) == 0)
		return;
	if (f)
		unlink(file);
	lava_die(LAVA_EXIT_FAIL, "%s", file);
}

/* The run ended: a case still started never ends; its state goes. */
static int
end(void)
{
	DIR *d = opendir(".");
	struct dirent *e;
	char *buf;
	size_t n;
	int rc = LAVA_EXIT_OK;

	if (d == NULL)
		lava_die(LAVA_EXIT_FAIL, ".");
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "start.", 6) != 0)
			continue;
		if (lava_file_read(AT_FDCWD, e->d_name, e->d_name, 64 << 10,
		    LAVA_FILE_NOFOLLOW, &buf, &n) == 0) {
			char *tc = memchr(buf, '\n', n);

			tc = tc ? tc + 1 : buf + n;
			tc[strcspn(tc, "\n")] = '\0';
			lava_warnx("case %s: started, never ended; no duration",
			    tc);
			free(buf);
		}
		if (unlink(e->d_name) < 0) {
			lava_warn("%s", e->d_name);
			rc = LAVA_EXIT_FAIL;
		}
	}
	closedir(d);
	return rc;
}

int
main(int argc, char *argv[])
{
	const char *now = getenv("LAVA_SIGNAL_TIME");
	char *file, *start;
	int64_t t0, t1, d, day = 86400LL * 1000000;

	lava_setprog(argv[0]);
	if (argc < 2)
		lava_usage(USAGE, 0);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		lava_usage(USAGE, 1);
	if (strcmp(argv[1], "--version") == 0)
		lava_version();
	if (strcmp(argv[1], "end") == 0)
		return end();
	/* Other events are none of ours: a handler ignores them. */
	if ((strcmp(argv[1], "starttc") != 0 && strcmp(argv[1], "endtc") != 0))
		return 0;
	if (argc != 3)
		lava_diex(LAVA_EXIT_USAGE, "%s wants one CASE", argv[1]);
	if (!now || micros(now) < 0)
		lava_diex(LAVA_EXIT_USAGE, "LAVA_SIGNAL_TIME is not a time");
	file = statefile(argv[2]);
	if (argv[1][0] == 's') {
		save_start(file, now, argv[2]);
		free(file);
		return 0;
	}
	if (!(start = lava_file_line(file, 64)))
		lava_die(LAVA_EXIT_FAIL, "%s: no start time for case %s", file,
		    argv[2]);
	t0 = micros(start);
	t1 = micros(now);
	if (t0 < 0)
		lava_diex(LAVA_EXIT_FAIL, "%s: not a time", file);
	unlink(file);
	/* As Python's timedelta: days may be negative, the rest never is. */
	d = t1 - t0;
	printf("{\"test_case_id\":");
	lava_json_cstr(stdout, argv[2]);
	printf(",\"duration\":\"%lldd %llds %lldus\"}\n",
	    (long long)(d >= 0 ? d / day : -((-d + day - 1) / day)),
	    (long long)((d % day + day) % day / 1000000),
	    (long long)((d % 1000000 + 1000000) % 1000000));
	free(start);
	free(file);
	return lava_close_stdout();
}
