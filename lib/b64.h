/* b64.h - base64 (RFC 4648, standard alphabet, padded) written in chunks, and read back */
#ifndef LAVA_B64_H
#define LAVA_B64_H

#include <sys/types.h>

#include <stddef.h>
#include <stdio.h>

/* Bytes read from a file per chunk: the memory base64 of any file needs. */
#define LAVA_B64_CHUNK (3u << 15)

/* Write base64 of src[0..n) (n a multiple of 3 unless it is the end) to dst; returns its length. */
size_t lava_b64_enc(char *dst, const unsigned char *src, size_t n);
/* Write base64 of what fd holds, at most max bytes, to f, chunk by chunk; -1 with errno on a read error. */
int lava_b64_fd(FILE *f, int fd, off_t max);

/* Decode base64 s[0..n) (padding optional) into a new buffer of *outn bytes; NULL if s is not base64. */
char *lava_b64_dec(const char *s, size_t n, size_t *outn);

#endif
