/* report_fmt.c - the table of report formats, and what they share */
#include <string.h>

#include "report_fmt.h"
#include "report_text.h"

static const struct lava_rfmt formats[] = {
	{ "junit", lava_report_junit },
	{ "tap", lava_report_tap },
	{ "kcidb", lava_report_kcidb },
	{ "html", lava_report_html },
};

const struct lava_rfmt *
lava_rfmt(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

double
lava_rcase_seconds(const struct lava_rcase *c)
{
	if (c->duration >= 0)
		return c->duration;
	if (c->t0 > 0 && c->t1 >= c->t0)
		return c->t1 - c->t0;
	return -1;
}

void
lava_rcase_console(FILE *f, const struct lava_report *r,
    const struct lava_rcase *c, int esc, const char *prefix,
    const char *suffix)
{
	unsigned long from, to, k;
	const char *s;
	size_t n;

	if (!lava_rcase_lines(r, c, &from, &to)) {
		/* A case a parse pattern found: the stdout.log line it matched. */
		if (c->logline && c->loglinen <= LAVA_REPORT_CASE_BYTES) {
			fputs(prefix, f);
			lava_rtext(f, c->logline, c->loglinen,
			    (enum lava_esc)esc, 1);
			fputs(suffix, f);
		}
		return;
	}
	for (k = from; k <= to; k++) {
		if ((s = lava_rline(r, k, &n)) == NULL)
			break;
		fputs(prefix, f);
		lava_rtext(f, s, n, (enum lava_esc)esc, 1);
		fputs(suffix, f);
	}
}
