/* names.c - one home for each rule a name from a file or the device must pass */
#include <string.h>

#include "names.h"

static int
ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

const char *
lava_name_bad(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return "it is empty";
	if (len > LAVA_NAME_MAX)
		return "it is too long";
	if (s[0] == '-')
		return "it starts with '-'";
	if (s[0] == '.')
		return "it starts with '.'";
	for (i = 0; i < len; i++) {
		if (s[i] == '/')
			return "it holds '/'";
		if (ctl((unsigned char)s[i]) || s[i] == ' ')
			return "it holds a space or control byte";
		if (s[i] == '<' || s[i] == '>')
			return "it holds '<' or '>'";
		/* Harmless inside one component, but it reads as a way out. */
		if (s[i] == '.' && i + 1 < len && s[i + 1] == '.')
			return "it holds '..'";
	}
	return NULL;
}

void
lava_name_dir(char dst[LAVA_NAME_DIRMAX + 1], const char *s, size_t len)
{
	size_t i;

	if (len > LAVA_NAME_DIRMAX)
		len = LAVA_NAME_DIRMAX;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '+' ||
		    c == '-' || (c == '.' && (i == 0 || s[i - 1] != '.')) ?
		    (char)c : '_';
	}
	if (len == 0)
		dst[len++] = '_';
	dst[len] = '\0';
}

int
lava_name_ok(const char *s)
{
	return lava_name_bad(s, strlen(s)) == NULL;
}

const char *
lava_name_path_bad(const char *s, size_t len)
{
	size_t i, start;

	if (len == 0)
		return "it is empty";
	if (len > 1024)
		return "it is too long";
	if (s[0] == '/')
		return "it is absolute";
	if (s[0] == '-')
		return "it starts with '-'";
	for (i = 0; i < len; i++)
		if (ctl((unsigned char)s[i]))
			return "it holds a control byte";
	for (start = 0; start <= len; start = i + 1) {
		for (i = start; i < len && s[i] != '/'; i++)
			;
		if (i - start == 2 && s[start] == '.' && s[start + 1] == '.')
			return "it has a '..' component";
	}
	return NULL;
}

const char *
lava_name_arg_bad(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return "it is empty";
	if (len > 4096)
		return "it is too long";
	if (s[0] == '-')
		return "it starts with '-'";
	for (i = 0; i < len; i++)
		if (ctl((unsigned char)s[i]))
			return "it holds a control byte";
	return NULL;
}

int
lava_name_var_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 128 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (i = 0; i < len; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

int
lava_name_dep_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 256 || s[0] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789.+_:-", s[i]) || s[i] == '\0')
			return 0;
	return 1;
}

int
lava_name_target_ok(const char *s)
{
	size_t len = strlen(s);

	if (s[0] != '/' || len > LAVA_NAME_TARGETMAX ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789/._-") != len)
		return 0;
	return lava_name_path_bad(s + 1, len - 1) == NULL || len == 1;
}

int
lava_name_uuid_ok(const char *s)
{
	size_t i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (s[i] == '\0' || !strchr("0123456789abcdefABCDEF", s[i]))
			return 0;
	}
	return s[36] == '\0';
}

/* ACK tokens are the only device-chosen bytes ever typed back. */
int
lava_token_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > LAVA_TOKEN_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int
lava_answer_word_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > LAVA_ANSWER_WORDMAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		/* Typed inside single quotes: none of these may end or cut them. */
		if (c <= ' ' || c >= 0x7f || c == '\'' || c == '\\' ||
		    c == '<' || c == '>')
			return 0;
	}
	return 1;
}
