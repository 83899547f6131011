/* record parser harness: the input is record lines */
#include "fuzz.h"
#include "record.h"

int
main(int argc, char *argv[])
{
	struct lava_record r;
	const char *why;
	char *in, *line, *nl;
	size_t n;
	int ok = 0;

	if (argc != 2)
		return 99;
	in = fuzz_input(argv[1], &n);
	for (line = in; line < in + n; line = nl + 1) {
		if ((nl = memchr(line, '\n', in + n - line)) == NULL)
			nl = in + n;
		*nl = '\0';
		if (lava_record_parse(line, &r, &why) == 0)
			ok++;
	}
	free(in);
	return ok > 0 ? 0 : 1;
}
