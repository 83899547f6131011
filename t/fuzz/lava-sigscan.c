/* lava-sigscan harness: the input is the console, on stdin; one that
 * starts with 'N' is scanned with the job's nonce f00d (-N) */
#include "fuzz.h"

int
main(int argc, char *argv[])
{
	char *args[] = { "lava-sigscan", "-l", "console.log", "-t", "5", NULL,
		NULL, NULL };
	int n = 5;
	FILE *f;

	if (argc != 2)
		return 99;
	if ((f = fopen(argv[1], "rb")) == NULL)
		fuzz_fail(argv[1]);
	if (getc(f) == 'N') {
		args[n++] = "-N";
		args[n++] = "f00d";
	}
	fclose(f);
	fuzz_stdin(argv[1]);
	fuzz_scratch(fuzz_dir("lava-sigscan"));
	fuzz_quiet();
	return lava_fuzz_main(n, args);
}
