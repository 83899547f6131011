/* jobqemu.h - what a LAVA job's context: asks of a QEMU device: memory, CPUs */
#ifndef LAVA_JOBQEMU_H
#define LAVA_JOBQEMU_H

#include "ydoc.h"

/* Most memory, in megabytes, and most CPUs a job may ask for. */
#define LAVA_QEMU_MAXMEM 1048576L
#define LAVA_QEMU_MAXCPUS 256L

/*
 * Read context: memory (megabytes, or with an M or G suffix as QEMU's -m)
 * and the CPU count of a "-smp N" in context: extra_options of job file
 * root into *mem and *cpus (left alone where not given): 0, or -1
 * reported as file:line:col.
 */
int lava_jobqemu(const struct lava_ynode *root, const char *file, long *mem,
    long *cpus);

#endif
