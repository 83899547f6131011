#!/bin/sh
# lava-sigroute on a JOB it cannot write: each failure is said with its
# real cause, and a reason that could not be kept makes the exit status 1.
# The JOB is made read-only in a mount namespace of bwrap(1), as root
# would otherwise write anyway.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

export U=55555555-0000-4000-8000-000000000007

# ro CMD...: CMD with $TRASH/job read-only.
ro() {
	bwrap --bind / / --dev /dev --proc /proc --ro-bind "$TRASH/job" "$TRASH/job" "$@"
}

test_expect_success 'setup: a run with a handler' '
	mkrun job $U 0_ro add-duration "{}"
'
test_expect_success 'a handler dir that cannot be made is reported with its cause' '
	{
		rec 1 1 - STARTRUN 0_ro $U &&
		rec 2 2 - ENDRUN 0_ro $U
	} >recs &&
	ro lava-sigroute job <recs >out 2>err &&
	test_grep "handler add-duration: .*job/runs/$U/handlers: Read-only file system" err &&
	test_must_fail grep "No such file or directory" err
'
test_expect_success 'an incomplete file that cannot be written: said, and exit 1' '
	rec 1 1 - STARTRUN 0_ro $U >recs &&
	test_status 1 ro lava-sigroute job <recs >out 2>err &&
	test_grep "run 0_ro: input ended before ENDRUN" err &&
	test_grep "job/runs/$U/incomplete: Read-only file system" err
'

test_done
