/* report_text.c - bytes from a device made into text each report format accepts */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "report_text.h"

/* Longest KCIDB path component written whole; longer ones are cut and hashed. */
#define PATH_MAX_COMPONENT 100

static void
put_char(FILE *f, unsigned char c, enum lava_esc esc)
{
	switch (esc) {
	case LAVA_ESC_XML:
		switch (c) {
		case '&': fputs("&amp;", f); return;
		case '<': fputs("&lt;", f); return;
		case '>': fputs("&gt;", f); return;
		case '"': fputs("&quot;", f); return;
		case '\'': fputs("&#39;", f); return;
		case '\t': fputs("&#9;", f); return;
		}
		break;
	case LAVA_ESC_JSON:
		switch (c) {
		case '"': fputs("\\\"", f); return;
		case '\\': fputs("\\\\", f); return;
		case '\t': fputs("\\t", f); return;
		}
		break;
	case LAVA_ESC_TAP:
		switch (c) {
		case '#': fputs("\\#", f); return;
		case '\\': fputs("\\\\", f); return;
		case '\t': putc(' ', f); return;
		}
		break;
	}
	putc(c, f);
}

/* Nonzero if c needs put_char() rather than a plain copy. */
static int
special(unsigned char c)
{
	return c < 0x20 || c >= 0x7f || c == '&' || c == '<' || c == '>' ||
	    c == '"' || c == '\'' || c == '\\' || c == '#';
}

/* Length of the escape sequence at s[0..n) (s[0] is ESC), within the line. */
static size_t
escape_len(const unsigned char *s, size_t n)
{
	size_t i;

	if (n < 2)
		return 1;
	if (s[1] == '[') {
		for (i = 2; i < n; i++)
			if (s[i] >= 0x40 && s[i] <= 0x7e)
				return i + 1;
		return n;
	}
	if (s[1] == ']' || s[1] == 'P' || s[1] == 'X' || s[1] == '^' ||
	    s[1] == '_') {
		for (i = 2; i < n; i++) {
			if (s[i] == 0x07)
				return i + 1;
			if (s[i] == 0x1b && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
		}
		return n;
	}
	if (s[1] >= 0x20 && s[1] <= 0x2f)
		return n > 2 ? 3 : 2;
	return 2;
}

void
lava_rtext(FILE *f, const char *str, size_t n, enum lava_esc esc,
    int console)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, j, len;

	while (i < n) {
		if (!special(s[i])) {
			for (j = i + 1; j < n && !special(s[j]); j++)
				;
			fwrite(s + i, 1, j - i, f);
			i = j;
			continue;
		}
		if (s[i] == '\t' || (s[i] >= 0x20 && s[i] < 0x7f)) {
			put_char(f, s[i++], esc);
			continue;
		}
		if (s[i] < 0x20 || s[i] == 0x7f) {
			if (!console)
				fputs("\xef\xbf\xbd", f);
			i += console && s[i] == 0x1b ?
			    escape_len(s + i, n - i) : 1;
			continue;
		}
		len = lava_utf8_len(s + i, n - i);
		/* C1 controls (C2 80..C2 9F) and U+FFFE, U+FFFF. */
		if (len == 0 || (len == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0) ||
		    (len == 3 && s[i] == 0xef && s[i + 1] == 0xbf &&
		    s[i + 2] >= 0xbe)) {
			if (!(console && len == 2))
				fputs("\xef\xbf\xbd", f);
			i += len ? len : 1;
			continue;
		}
		fwrite(s + i, 1, len, f);
		i += len;
	}
}

void
lava_rpath(FILE *f, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	uint64_t h = 14695981039346656037ull;
	size_t i, out = 0;

	if (n == 0) {
		putc('_', f);
		return;
	}
	for (i = 0; i < n; i++) {
		int keep = (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-';

		h = (h ^ s[i]) * 1099511628211ull;
		out += keep ? 1 : 3;
	}
	/* Cut long ones where an escape does not split, then add a hash of all. */
	for (i = 0, out = out > PATH_MAX_COMPONENT ? 0 : (size_t)-1; i < n;
	    i++) {
		int keep = (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-';

		if (out != (size_t)-1) {
			if (out + (keep ? 1 : 3) > PATH_MAX_COMPONENT - 17)
				break;
			out += keep ? 1 : 3;
		}
		if (keep) {
			putc(s[i], f);
		} else {
			putc('_', f);
			putc(hex[s[i] >> 4], f);
			putc(hex[s[i] & 15], f);
		}
	}
	if (i < n)
		fprintf(f, "-%016llx", (unsigned long long)h);
}

void
lava_rtime(FILE *f, double t)
{
	time_t s = (time_t)t;
	long us = (long)((t - (double)s) * 1e6 + 0.5);
	struct tm tm;
	char buf[32];

	if (us >= 1000000) {
		s++;
		us -= 1000000;
	}
	if (gmtime_r(&s, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		strcpy(buf, "1970-01-01T00:00:00");
	fprintf(f, "%s.%06ldZ", buf, us);
}
