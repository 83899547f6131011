/* lava-device - check a device file and print its fields */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"
#include "err.h"
#include "mem.h"

static const char USAGE[] = "[-k FIELD] FILE";

/* Print the commands of list l, one per line, each after prefix. */
static void
list(const char *prefix, const struct lava_ynode *l)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		printf("%s%s\n", prefix, l->kids[i]->str);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'k' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *key = NULL;
	struct lava_dev d;
	size_t i;
	int c, f = -1, rc = LAVA_EXIT_OK;

	lava_setprog(argv[0]);
	while ((c = getopt_long(argc, argv, "hk:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			lava_usage(USAGE, 1);
		case 'k':
			key = optarg;
			break;
		case 'V':
			lava_version();
		default:
			lava_usage(USAGE, 0);
		}
	}
	if (optind + 1 != argc)
		lava_usage(USAGE, 0);
	if (key && strncmp(key, "boot_commands.", 14) != 0 &&
	    (f = lava_dev_field(key)) < 0)
		lava_diex(
		    LAVA_EXIT_USAGE, "-k %s: not a device file field", key);
	if (lava_dev_load(&d, argv[optind]) < 0)
		return LAVA_EXIT_USAGE;
	if (key && f < 0) {
		const struct lava_ynode *l = lava_dev_commands(&d, key + 14);

		list("", l);
		rc = l ? LAVA_EXIT_OK : LAVA_EXIT_FAIL;
	} else if (key) {
		if (d.v[f])
			printf("%s\n", d.v[f]);
		rc = d.v[f] ? LAVA_EXIT_OK : LAVA_EXIT_FAIL;
	} else {
		for (f = 0; f < LAVA_D_NFIELDS; f++)
			if (d.v[f])
				printf("%s\t%s\n", lava_dev_name(f), d.v[f]);
		for (i = 0; d.commands && i + 1 < d.commands->n; i += 2) {
			char *p = lava_xasprintf("boot_commands.%s\t",
			    d.commands->kids[i]->str);

			list(p, d.commands->kids[i + 1]);
			free(p);
		}
	}
	lava_dev_free(&d);
	if (lava_close_stdout() != 0)
		return LAVA_EXIT_FAIL;
	return rc;
}
