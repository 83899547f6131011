/* lines.h - console lines, numbered as lava-sigscan(1) numbers them */
#ifndef LAVA_LINES_H
#define LAVA_LINES_H

#include <stddef.h>

/* Bytes of a line kept for the callback; the rest of a longer line is not. */
#define LAVA_LINES_KEEP 1024

/* Called with each whole line: its number, its first bytes (no line end), and whether it was longer. */
typedef void lava_lines_fn(void *arg, unsigned long no, const char *p,
    size_t n, int cut);

struct lava_lines;

/* A new line splitter that hands each line to fn(arg, ...). */
struct lava_lines *lava_lines_new(lava_lines_fn *fn, void *arg);
/* Free the splitter. */
void lava_lines_free(struct lava_lines *l);
/* Split buf[0..n) into lines; a line that goes on past n waits for more. */
void lava_lines_feed(struct lava_lines *l, const char *buf, size_t n);
/* Bytes of a filter: a bit for each pair of first bytes. */
#define LAVA_LINES_FILTER (256 * 256 / 8)
/* Set the bit of the first bytes c0 c1 in the filter f[LAVA_LINES_FILTER]; c1 is '\n' for a line of one byte. */
#define lava_lines_filter_set(f, c0, c1) ((f)[(unsigned char)(c0) * 32 + \
    (unsigned char)(c1) / 8] |= (unsigned char)(1 << ((unsigned char)(c1) % 8)))
/* Hand on only the lines whose first two bytes, after a kernel timestamp "[...]" and spaces, have their bit set in filter (NULL: every line), until said otherwise. */
void lava_lines_filter(struct lava_lines *l, const unsigned char *filter);
/* The scanner's line ends instead of lava_lines_feed() (a lava_scan_linefn of scan.h, arg the splitter): a line end before buf[next], buf[0..n) the read; only the lines the filter does not let by are read further. */
void lava_lines_at(void *arg, const char *buf, size_t next, size_t n);
/* With lava_lines_at(): a new read buf[0..n), before the scanner sees it, for a line or line end that goes on from the last read. */
void lava_lines_resume(struct lava_lines *l, const char *buf, size_t n);
/* End of input: hand on a last line that has no line end. */
void lava_lines_end(struct lava_lines *l);
/* The number of the line being read, from 1. */
unsigned long lava_lines_no(const struct lava_lines *l);
/*
 * Copy p[0..n) to o[0..osz) as a record field may hold it: escape
 * sequences and control bytes left out, a tab as a space, bytes that are
 * not UTF-8 (or are C1 controls) as '?', spaces at both ends removed.
 * Returns the length written, NUL not counted.
 */
size_t lava_lines_clean(char *o, size_t osz, const char *p, size_t n);

#endif
