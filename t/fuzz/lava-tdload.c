/* lava-tdload harness: the input is a test definition or a job file */
#include "fuzz.h"

int
main(int argc, char *argv[])
{
	char *args[] = { "lava-tdload", "-o", "job", "--target-dir", "/lava",
	    "in.yaml", NULL };
	size_t n;
	char *in;

	if (argc != 2)
		return 99;
	in = fuzz_input(argv[1], &n);
	fuzz_scratch(fuzz_dir("lava-tdload"));
	fuzz_put("in.yaml", in, n);
	free(in);
	fuzz_quiet();
	return lava_fuzz_main(6, args);
}
