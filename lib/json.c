/* json.c - JSON string output that is valid whatever the bytes were */
#include <string.h>

#include "json.h"

size_t
lava_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (n == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

size_t
lava_utf8_text_len(const unsigned char *s, size_t n)
{
	size_t len = lava_utf8_len(s, n);

	/* U+0080 to U+009F: two bytes from 0xc2 0x80. */
	return len == 2 && s[0] == 0xc2 && s[1] <= 0x9f ? 0 : len;
}

size_t
lava_utf8_text_put(char *o, const unsigned char *p, size_t n, size_t *used)
{
	size_t len = lava_utf8_text_len(p, n);

	if (len == 0) {
		*o = '?';
		*used = 1;
		return 1;
	}
	memcpy(o, p, len);
	*used = len;
	return len;
}

void
lava_json_str(FILE *f, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;

	putc('"', f);
	while (i < n) {
		unsigned char c = s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			/* Copy the whole run of plain bytes at once. */
			size_t j = i + 1;

			while (j < n && s[j] >= 0x20 && s[j] < 0x7f &&
			    s[j] != '"' && s[j] != '\\')
				j++;
			fwrite(s + i, 1, j - i, f);
			i = j;
			continue;
		}
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\u%04x", c);
			} else if ((len = lava_utf8_len(s + i, n - i)) > 0) {
				fwrite(s + i, 1, len, f);
				i += len;
				continue;
			} else {
				fputs("\\ufffd", f);
			}
		}
		i++;
	}
	putc('"', f);
}

void
lava_json_cstr(FILE *f, const char *s)
{
	lava_json_str(f, s, strlen(s));
}

int
lava_json_num_ok(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}
