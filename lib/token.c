/* token.c - ACK tokens: the only device-chosen bytes ever typed back */
#include "token.h"

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
