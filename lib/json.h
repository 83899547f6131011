/* json.h - JSON text: strings written from untrusted bytes, UTF-8 and number syntax */
#ifndef LAVA_JSON_H
#define LAVA_JSON_H

#include <stddef.h>
#include <stdio.h>

/*
 * Write s[0..n) as a JSON string literal, quotes included. Control bytes
 * are escaped; bytes that are not valid UTF-8 become U+FFFD, so the output
 * is valid JSON whatever the input held.
 */
void lava_json_str(FILE *f, const char *s, size_t n);
/* lava_json_str() of a NUL-terminated string. */
void lava_json_cstr(FILE *f, const char *s);
/* Nonzero if s[0..n) is a number in the JSON grammar (RFC 8259). */
int lava_json_num_ok(const char *s, size_t n);
/* lava_utf8_len(), but 0 for a C1 control (U+0080 to U+009F): the length of one character of text. */
size_t lava_utf8_text_len(const unsigned char *s, size_t n);
/* Put the character of text at p[0..n) in o, or '?' for a byte that starts none; the bytes put, *used those read. */
size_t lava_utf8_text_put(char *o, const unsigned char *p, size_t n,
    size_t *used);
/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not one. */
size_t lava_utf8_len(const unsigned char *s, size_t n);

#endif
