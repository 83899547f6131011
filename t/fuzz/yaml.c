/* YAML loader harness: the input is a YAML document */
#include "fuzz.h"
#include "ydoc.h"

int
main(int argc, char *argv[])
{
	struct lava_ydoc doc = { 0 };
	FILE *f, *out;
	int rc;

	if (argc != 2)
		return 99;
	if ((f = fopen(argv[1], "rb")) == NULL || (out = fopen("/dev/null",
	    "w")) == NULL)
		fuzz_fail(argv[1]);
	fuzz_quiet();
	rc = lava_yload(&doc, argv[1], f);
	if (rc == 0 && doc.root) {
		lava_yjson(out, doc.root);
		lava_yget(doc.root, "metadata");
	}
	lava_yfree(&doc);
	fclose(f);
	fclose(out);
	return rc < 0 ? 2 : 0;
}
