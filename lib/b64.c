/* b64.c - base64 of whole files in bounded memory */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "b64.h"
#include "mem.h"

static const char abc[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
lava_b64_enc(char *dst, const unsigned char *src, size_t n)
{
	char *d = dst;
	size_t i;

	for (i = 0; i + 3 <= n; i += 3) {
		unsigned long w = (unsigned long)src[i] << 16 |
		    src[i + 1] << 8 | src[i + 2];

		*d++ = abc[w >> 18];
		*d++ = abc[w >> 12 & 63];
		*d++ = abc[w >> 6 & 63];
		*d++ = abc[w & 63];
	}
	if (n - i == 1) {
		*d++ = abc[src[i] >> 2];
		*d++ = abc[(src[i] & 3) << 4];
		*d++ = '=';
		*d++ = '=';
	} else if (n - i == 2) {
		*d++ = abc[src[i] >> 2];
		*d++ = abc[(src[i] & 3) << 4 | src[i + 1] >> 4];
		*d++ = abc[(src[i + 1] & 15) << 2];
		*d++ = '=';
	}
	return d - dst;
}

int
lava_b64_fd(FILE *f, int fd, off_t max)
{
	static unsigned char in[LAVA_B64_CHUNK];
	static char out[LAVA_B64_CHUNK / 3 * 4];
	size_t have = 0, whole, want;
	ssize_t r;

	for (;;) {
		want = sizeof(in) - have;
		if ((off_t)want > max)
			want = (size_t)max;
		if (want == 0)
			break;
		r = read(fd, in + have, want);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		have += r;
		max -= r;
		/* Encode whole groups of three; keep the rest for the next read. */
		whole = have - have % 3;
		if (have < sizeof(in) && whole < sizeof(in) / 2)
			continue;
		fwrite(out, 1, lava_b64_enc(out, in, whole), f);
		for (size_t k = whole; k < have; k++)
			in[k - whole] = in[k];
		have -= whole;
	}
	fwrite(out, 1, lava_b64_enc(out, in, have), f);
	return 0;
}

char *
lava_b64_dec(const char *s, size_t n, size_t *outn)
{
	char *out = lava_xmalloc(n / 4 * 3 + 3);
	unsigned long acc = 0;
	size_t i, bits = 0, k = 0;
	const char *p;

	for (i = 0; i < n && s[i] != '='; i++) {
		if (s[i] == '\0' || (p = strchr(abc, s[i])) == NULL) {
			free(out);
			return NULL;
		}
		acc = (acc << 6 | (unsigned long)(p - abc)) & 0xffffff;
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[k++] = (char)(acc >> bits & 0xff);
		}
	}
	*outn = k;
	return out;
}
