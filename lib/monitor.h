/* monitor.h - LAVA's monitors: console lines that match patterns become test cases */
#ifndef LAVA_MONITOR_H
#define LAVA_MONITOR_H

#include <stddef.h>

#include "scan.h"

struct lava_monitors;

/*
 * The monitors of the file at path (JOB/monitors.json, lava-job(5)),
 * writing their records through out(arg, ...); exits 2 on a bad file.
 */
struct lava_monitors *lava_monitors_load(const char *path, lava_scan_out *out,
    void *arg);
/* Free the monitors. */
void lava_monitors_free(struct lava_monitors *m);
/* The TIME field of the records that follow, and the same time as a number. */
void lava_monitors_time(struct lava_monitors *m, const char *time, double now);
/* One console line p[0..n), number no; returns 1 once the last monitor has ended a job of monitors alone. */
int lava_monitors_line(struct lava_monitors *m, unsigned long no, const char *p,
    size_t n);
/* The time limit of the monitor under way (0: none). */
double lava_monitors_deadline(const struct lava_monitors *m);

#endif
