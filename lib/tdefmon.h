/* tdefmon.h - the monitors of a job file (LAVA's monitors:), its entries' expected: and lava-signal:, checked and written for lava-sigscan(1) */
#ifndef LAVA_TDEFMON_H
#define LAVA_TDEFMON_H

#include <stdio.h>

#include "tdefjob.h"

/* Check monitor src->at of src->file: names, patterns (PCRE2), fixupdict, expected; -1 reported at its position. */
int lava_monitor_check(const struct lava_tdef_src *src);
/* The name the monitor gives its run: its name, spaces as '-', lower case. */
char *lava_monitor_name(const struct lava_tdef_src *src);
/* Write monitor src as one JSON object of JOB/monitors.json (lava-job(5)) to f. */
void lava_monitor_json(FILE *f, const struct lava_tdef_src *src,
    const char *id, const char *uuid);
/* Write the expected: list of entry e (a definition or a monitor), one case a line, to f; 0 if it has none, -1 reported. */
int lava_expected(FILE *f, const struct lava_ynode *e, const char *file);
/* The expected: list of job entry src as the text of a run's expected file, new in *text (*n bytes): 1, 0 if it has none, -1 reported. */
int lava_src_expected(const struct lava_tdef_src *src, char **text, size_t *n);
/* The lava-signal: of job entry src: 1 kmsg, 0 stdout or none, -1 (anything else) reported at its position. */
int lava_src_signal(const struct lava_tdef_src *src);
/* The testdef.yaml of the run of monitor name, a new string. */
char *lava_monitor_testdef(const char *name);

#endif
