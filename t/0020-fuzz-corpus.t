#!/bin/sh
# The fuzz harnesses over their seeds and over every input a fuzzer found
# that once crashed or hung: each must end, uncrashed, with a documented
# status. Under SANITIZE=1 this is the sanitizer run of them all.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

# replay HARNESS: every seed and regression input of HARNESS through it;
# a status that is not 0, 1 or 2 (a signal, a sanitizer's 86, the
# harness's own 99) names the input that got it.
replay() {
	for in in "$LAVA_SRC/t/fuzz/seeds/$1"/* "$LAVA_SRC/t/fuzz/regress/$1"/*; do
		[ -f "$in" ] || continue
		LAVA_FUZZ_DIR=$TRASH/scratch LAVA_FUZZ_STDERR=1 \
			"$LAVA_BUILD/fuzz/$1" "$in" 2>err
		rc=$?
		case $rc in
		0|1|2) ;;
		*) cat err >&2; echo "$1: $in: exit $rc" >&2; return 1 ;;
		esac
	done
}

for h in lava-sigscan lava-sigroute lava-tdload lava-bundle record yaml; do
	test_expect_success "$h: seeds and regressions" "replay $h"
done

test_expect_success 'every harness has seeds' '
	for h in "$LAVA_SRC"/t/fuzz/*.c; do
		h=$(basename "$h" .c) &&
		ls "$LAVA_SRC/t/fuzz/seeds/$h" >list &&
		test -s list || return 1
	done
'

test_done
