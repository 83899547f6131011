/* report_text.h - bytes from a device made into text each report format accepts */
#ifndef LAVA_REPORT_TEXT_H
#define LAVA_REPORT_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* How the text is escaped for where it goes. */
enum lava_esc {
	LAVA_ESC_XML,	/* XML and HTML text and attribute values */
	LAVA_ESC_JSON,	/* inside a JSON or YAML double-quoted string */
	LAVA_ESC_TAP	/* a TAP test description */
};

/*
 * Write s[0..n) to f as UTF-8 text escaped for esc. A byte that is not
 * valid UTF-8, and a character XML or YAML forbids (C0 and C1 controls
 * but the tab, U+FFFE, U+FFFF), becomes U+FFFD; with console set, ANSI
 * escape sequences and control bytes are left out instead, as
 * lava-sigscan(1) does before it looks at a line.
 */
void lava_rtext(FILE *f, const char *s, size_t n, enum lava_esc esc,
    int console);
/* Write s[0..n) as one component of a KCIDB path: [A-Za-z0-9-] kept, any other byte _XX, long ones cut and hashed. */
void lava_rpath(FILE *f, const char *s, size_t n);
/* Write seconds as an RFC 3339 UTC date-time with microseconds. */
void lava_rtime(FILE *f, double t);

#endif
