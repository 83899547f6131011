/* bundle_write.h - writing a Dashboard Bundle 1.5, streamed */
#ifndef LAVA_BUNDLE_WRITE_H
#define LAVA_BUNDLE_WRITE_H

#include <stdio.h>

#include "bundle.h"

/* Write the bundle's opening. */
void lava_bundle_begin(FILE *f);
/* Write one test run (first: no comma before it); -1 if an attachment could not be read. */
int lava_bundle_run(FILE *f, const struct lava_testrun *r,
    const struct lava_context *c, const char *date, int first);
/* Write the bundle's end. */
void lava_bundle_end(FILE *f);

#endif
