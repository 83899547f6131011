#!/bin/sh
# Every man page is clean under mandoc -Tlint, and every program has one.
. "$(dirname "$0")/lib.sh"

for page in "$LAVA_SRC"/man/*.[1-9]; do
	test_expect_success "mandoc -Tlint $(basename "$page")" "
		mandoc -Tlint -Wwarning '$page' >lint 2>&1 || { cat lint; false; } &&
		test ! -s lint
	"
done

for src in "$LAVA_SRC"/cmd/*.c "$LAVA_SRC"/cmd/*.sh; do
	[ -e "$src" ] || continue
	prog=$(basename "${src%.*}")
	test_expect_success "$prog has a section 1 man page" "
		test -f '$LAVA_SRC/man/$prog.1'
	"
done
test_done
