/* lava-report - write a job's results as JUnit XML, TAP, KCIDB JSON or an HTML page */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"
#include "outfile.h"
#include "report.h"
#include "report_fmt.h"

static const char USAGE[] =
    "[-f format] [-o file] [-O origin] [-b build] [job | bundle]";

/* Read all of fd (path for messages) into *buf; -1 reported. */
static int
slurp(int fd, const char *path, char **buf, size_t *n)
{
	size_t cap = 1u << 16;
	ssize_t r;

	*buf = lava_xmalloc(cap);
	*n = 0;
	for (;;) {
		if (*n == cap) {
			if (cap >= (size_t)INT_MAX) {
				lava_warnx("%s: longer than %d bytes", path,
				    INT_MAX);
				return -1;
			}
			cap *= 2;
			*buf = lava_xrealloc(*buf, cap);
		}
		if ((r = read(fd, *buf + *n, cap - *n)) == 0)
			return 0;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			lava_warn("%s", path);
			return -1;
		}
		*n += r;
	}
}

/* Nonzero if s is one or more of [a-z0-9_], as KCIDB wants an origin. */
static int
origin_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return n > 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "build", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "origin", required_argument, NULL, 'O' },
		{ "output", required_argument, NULL, 'o' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct lava_ropts opts = { "lava", NULL };
	const struct lava_rfmt *fmt = NULL;
	const char *format = "junit", *outfile = NULL, *in = NULL, *job = NULL;
	char *path = NULL, *text;
	struct lava_outfile out;
	struct lava_report r = { 0 };
	struct stat st;
	size_t n;
	int c, fd = 0, status;

	lava_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "b:f:ho:O:", longopts, NULL)) != -1)
		switch (c) {
		case 'b': opts.build = optarg; break;
		case 'f': format = optarg; break;
		case 'h': lava_usage(USAGE, 1);
		case 'o': outfile = optarg; break;
		case 'O': opts.origin = optarg; break;
		case 'V': lava_version();
		default: lava_usage(USAGE, 0);
		}
	if (argc - optind > 1)
		lava_usage(USAGE, 0);
	if (strcmp(format, "bundle") != 0 && (fmt = lava_rfmt(format)) == NULL)
		lava_diex(LAVA_EXIT_USAGE, "unknown format: %s (junit, tap, "
		    "kcidb, html or bundle)", format);
	if (!origin_ok(opts.origin, strlen(opts.origin)))
		lava_diex(LAVA_EXIT_USAGE, "bad origin: %s (one or more of "
		    "a-z, 0-9 and _)", opts.origin);
	if (fmt && strcmp(fmt->name, "kcidb") == 0 && opts.build == NULL)
		lava_diex(LAVA_EXIT_USAGE, "the kcidb format needs a build "
		    "id: -b ORIGIN:ID");
	if (opts.build && (strchr(opts.build, ':') == NULL ||
	    !origin_ok(opts.build, strchr(opts.build, ':') - opts.build)))
		lava_diex(LAVA_EXIT_USAGE, "bad build id: %s (ORIGIN:ID, "
		    "ORIGIN one or more of a-z, 0-9 and _)", opts.build);

	in = optind < argc ? argv[optind] : "-";
	if (strcmp(in, "-") != 0) {
		if (stat(in, &st) < 0)
			lava_die(LAVA_EXIT_USAGE, "%s", in);
		if (S_ISDIR(st.st_mode)) {
			job = in;
			in = path = lava_xasprintf("%s/bundle.json", job);
		}
		if ((fd = open(in, O_RDONLY | O_CLOEXEC)) < 0)
			lava_die(LAVA_EXIT_USAGE, "%s", in);
	} else {
		in = "<stdin>";
	}
	if (slurp(fd, in, &text, &n) < 0 || lava_report_load(&r, text, n,
	    in) < 0) {
		lava_report_free(&r);
		free(text);
		free(path);
		return LAVA_EXIT_USAGE;
	}
	if (fd > 0)
		close(fd);
	/* Only the bundle format needs the text once it is parsed. */
	if (fmt) {
		free(text);
		text = NULL;
	}
	if (job)
		lava_report_job(&r, job);

	lava_outfile_open(&out, outfile);
	setvbuf(out.f, NULL, _IOFBF, 1u << 16);
	if (fmt == NULL)
		status = fwrite(text, 1, n, out.f) == n ? 0 : -1;
	else
		status = fmt->write(out.f, &r, &opts);
	if (status < 0) {
		lava_outfile_abort(&out);
		status = LAVA_EXIT_FAIL;
	} else {
		status = lava_outfile_commit(&out) < 0 ? LAVA_EXIT_FAIL :
		    LAVA_EXIT_OK;
	}
	lava_report_free(&r);
	free(text);
	free(path);
	return status;
}
