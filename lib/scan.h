/* scan.h - find signals in a console byte stream, as lava-sigscan(1) says */
#ifndef LAVA_SCAN_H
#define LAVA_SCAN_H

#include <stddef.h>

/* Longest signal kept, from its '<' to the '>' of its ACK token. */
#define LAVA_SCAN_SIGMAX 4096
/* Most kernel lines a signal broken by kernel messages may span. */
#define LAVA_SCAN_KLINES 16

/* Called with each record line, "\n" included; returns -1 on failure. */
typedef int lava_scan_out(void *arg, const char *rec, size_t n);

struct lava_scan;

/* A new scanner that hands its records to out(arg, ...). */
struct lava_scan *lava_scan_new(lava_scan_out *out, void *arg);
/* Free the scanner. */
void lava_scan_free(struct lava_scan *s);
/* Check each signal against this job's nonce ([A-Za-z0-9._-]{1,64}), as lava-sigscan -N does; -1 if it is not one. */
int lava_scan_nonce(struct lava_scan *s, const char *nonce);
/* Set the TIME field of the records that follow ("SECONDS.MICROS"). */
void lava_scan_time(struct lava_scan *s, const char *time);
/*
 * Scan buf[0..n). Returns 0, 1 once an
 * end marker was seen (its EXIT record written), -1 if out() failed.
 */
int lava_scan_feed(struct lava_scan *s, const char *buf, size_t n);
/* End of input: write the record of a complete signal still held. */
int lava_scan_end(struct lava_scan *s);
/* The number of the console line being read, from 1. */
unsigned long lava_scan_line(const struct lava_scan *s);
/* Called at each line end: buf[next..n) is what the read holds after it (next may be n). */
typedef void lava_scan_linefn(void *arg, const char *buf, size_t next,
    size_t n);
/* Tell fn(arg, ...) of every line end the scanner finds (NULL: none). */
void lava_scan_lines(struct lava_scan *s, lava_scan_linefn *fn, void *arg);

#endif
