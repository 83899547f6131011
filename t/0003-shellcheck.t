#!/bin/sh
# Every shell script we ship or test with, found by its first line, is
# clean under shellcheck, so make check finds what CI's lint would.
. "$(dirname "$0")/lib.sh"

if ! command -v shellcheck >/dev/null; then
	test_skip "shellcheck" "shellcheck is not installed"
	test_done
fi
cd "$LAVA_SRC" || exit 1
# The repository's file names hold no white space.
# shellcheck disable=SC2013
for f in $(grep -rlE '^#!.*/(env )?(ba|da|mk)?sh' cmd device handlers t .ci examples |
	grep -v '\.c$' | sort); do
	test_expect_success "shellcheck $f" "
		(cd '$LAVA_SRC' && shellcheck -x '$f') >lint 2>&1 || { cat lint; false; }
	"
done
test_done
