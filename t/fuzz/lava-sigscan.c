/* lava-sigscan harness: the input is the console, on stdin */
#include "fuzz.h"

int
main(int argc, char *argv[])
{
	char *args[] = { "lava-sigscan", "-l", "console.log", "-t", "5", NULL };

	if (argc != 2)
		return 99;
	fuzz_stdin(argv[1]);
	fuzz_scratch(fuzz_dir("lava-sigscan"));
	fuzz_quiet();
	return lava_fuzz_main(5, args);
}
