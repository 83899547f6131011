/* kreport.h - kernel crash and warning reports on a console, as lava-sigscan(1) lists them */
#ifndef LAVA_KREPORT_H
#define LAVA_KREPORT_H

#include <stddef.h>

#include "scan.h"

/* Most console lines, and bytes of them, a report's record carries. */
#define LAVA_KREPORT_LINES 100
#define LAVA_KREPORT_BYTES 12000

struct lava_kreport;

/* A new finder of kernel reports that writes its records through out(arg, ...). */
struct lava_kreport *lava_kreport_new(lava_scan_out *out, void *arg);
/* Free the finder. */
void lava_kreport_free(struct lava_kreport *k);
/* Seconds a panic's report may take (from its first line) before the scan stops. */
void lava_kreport_grace(struct lava_kreport *k, double secs);
/* The TIME field of the records that follow, and the same time as a number. */
void lava_kreport_time(struct lava_kreport *k, const char *time, double now);
/* One console line p[0..n), number no; returns 1 once a panic's report is complete. */
int lava_kreport_line(struct lava_kreport *k, unsigned long no, const char *p,
    size_t n);
/* Write the record of the report under way, if any; returns 1 if it was a panic. */
int lava_kreport_close(struct lava_kreport *k);
/* The time by which the report under way is closed (0: none under way). */
double lava_kreport_deadline(const struct lava_kreport *k);
/* NULL while a report is under way (every line matters), else the filter (lava_lines_filter()) of the first two bytes of the lines that may start one. */
const unsigned char *lava_kreport_firsts(const struct lava_kreport *k);
/* The first line of the last panic, or 0 if none was seen. */
unsigned long lava_kreport_panic(const struct lava_kreport *k);

#endif
