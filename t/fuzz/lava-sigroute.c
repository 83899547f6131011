/* lava-sigroute harness: the input is the records, on stdin, for a job of
 * two runs, one with the add-duration handler and one with none */
#include "fuzz.h"

#define U1 "11111111-0000-4000-8000-000000000001"
#define U2 "22222222-0000-4000-8000-000000000002"

int
main(int argc, char *argv[])
{
	char *args[] = { "lava-sigroute", "-p", "0", "job", NULL };

	if (argc != 2)
		return 99;
	fuzz_stdin(argv[1]);
	fuzz_scratch(fuzz_dir("lava-sigroute"));
	fuzz_put("job/runs/" U1 "/id", "0_a\n", 4);
	fuzz_put("job/runs/" U1 "/handlers.tsv", "", 0);
	fuzz_put("job/runs/" U2 "/id", "1_b\n", 4);
	fuzz_put("job/runs/" U2 "/handlers.tsv", "nohandler\t{}\n", 13);
	fuzz_quiet();
	return lava_fuzz_main(4, args);
}
