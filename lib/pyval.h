/* pyval.h - a YAML value as LAVA's Python writes it into a test's shell params: YAML 1.1 types, then str() */
#ifndef LAVA_PYVAL_H
#define LAVA_PYVAL_H

#include <stdio.h>

#include "ydoc.h"

/*
 * Write node n to f as LAVA's dispatcher writes a param's value: what
 * PyYAML reads it as (YAML 1.1: True, 8 for 010, 1.0 for 1.) through
 * Python's str(); a false value (False, None, 0, "", [], {}) as nothing.
 */
void lava_pyval(FILE *f, const struct lava_ynode *n);

#endif
