/* jobqemu.c - what a LAVA job's context: asks of a QEMU device: memory, CPUs */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "jobqemu.h"

/* The number s (digits, then suffix one of sfx or nothing; G is 1024 M) in 1..max, or -1. */
static long
number(const char *s, const char *sfx, long max)
{
	char *end;
	long v;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (v > max)
		return -1;
	if (*end != '\0' && (strchr(sfx, *end) == NULL || end[1] != '\0'))
		return -1;
	if (*end == 'G' || *end == 'g')
		v = v > max / 1024 ? -1 : v * 1024;
	return v >= 1 && v <= max ? v : -1;
}

int
lava_jobqemu(const struct lava_ynode *root, const char *file, long *mem,
    long *cpus)
{
	const struct lava_ynode *ctx = lava_yget(root, "context"), *n, *o;
	const char *s;
	char buf[16];
	size_t i, len;

	if (ctx == NULL || ctx->type != LAVA_Y_MAP)
		return 0;
	if ((n = lava_yget(ctx, "memory")) != NULL) {
		if ((*mem = number(lava_ystr(n), "MmGg", LAVA_QEMU_MAXMEM)) < 0) {
			lava_warnat(file, n->line, n->col, "context: memory: "
			    "not megabytes from 1 to %ld", LAVA_QEMU_MAXMEM);
			return -1;
		}
	}
	if ((o = lava_yget(ctx, "extra_options")) == NULL || o->type != LAVA_Y_SEQ)
		return 0;
	for (i = 0; i < o->n; i++) {
		n = o->kids[i];
		if ((s = lava_ystr(n)) == NULL || strncmp(s, "-smp ", 5) != 0)
			continue;
		s += 5 + strspn(s + 5, " ");
		if (strncmp(s, "cpus=", 5) == 0)
			s += 5;
		/* "-smp N" or "-smp N,cores=...": the count is N. */
		len = strcspn(s, ",");
		*cpus = -1;
		if (len < sizeof(buf)) {
			memcpy(buf, s, len);
			buf[len] = '\0';
			*cpus = number(buf, "", LAVA_QEMU_MAXCPUS);
		}
		if (*cpus < 0) {
			lava_warnat(file, n->line, n->col, "context: "
			    "extra_options: %s: not a CPU count from 1 to %ld",
			    lava_ystr(n), LAVA_QEMU_MAXCPUS);
			return -1;
		}
	}
	return 0;
}
