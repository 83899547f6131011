/* token.h - the ACK token check of lava-records(5) */
#ifndef LAVA_TOKEN_H
#define LAVA_TOKEN_H

#include <stddef.h>

/* Longest ACK token accepted. */
#define LAVA_TOKEN_MAX 64

/* Nonzero if s[0..n) matches [A-Za-z0-9._-]{1,64}. */
int lava_token_ok(const char *s, size_t n);

#endif
