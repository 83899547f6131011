/* context.h - what a results dir says of the device: hwcontext/ and swcontext/ */
#ifndef LAVA_CONTEXT_H
#define LAVA_CONTEXT_H

#include "bundle.h"

/* Read hwcontext/ and swcontext/ of the results dir dir into c (cpuinfo, meminfo, build, packages). */
void lava_context_load(struct lava_context *c, const char *dir);

#endif
