/* tap.h - the few TAP helpers the unit test programs share */
#ifndef LAVA_TAP_H
#define LAVA_TAP_H

#include <stdio.h>

static int tap_count, tap_failed;

/* One test: "ok N - what", or "not ok N - what" when cond is false. */
static void
ok(int cond, const char *what)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_count, what);
}

/* Print the plan; the exit status for main(). */
static int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

#endif
