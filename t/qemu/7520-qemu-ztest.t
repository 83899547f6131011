#!/bin/sh
# A device with no shell: a QEMU guest whose /init is a small static C
# program (t/data/ztest/ztest-init.c) that prints Zephyr ztest output and
# powers off. lava-runjob watches it with LAVA's monitors; every case comes
# with its result and duration, and an expected case that never ran fails.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/../lib.sh"

LAVA_CACHE=${LAVA_CACHE:-$LAVA_BUILD/cache}
export LAVA_CACHE

if ! test_have qemu-system-x86_64 || ! test_have cpio || ! test_have cc; then
	test_skip 'a ztest guest on QEMU' 'no qemu-system-x86, cpio or cc'
	test_done
	exit
fi

test_expect_success 'the guest: a static /init and nothing else' '
	cc -static -O2 -o init "$LAVA_SRC/t/data/ztest/ztest-init.c" &&
	mkdir root && cp init root/init &&
	(cd root && echo init | cpio -o -H newc -R 0:0 --quiet) >ztest.cpio &&
	lava-qemu -F >kernel &&
	test -s "$(cat kernel)"
'
test_expect_success 'the monitors job: every case, result and duration; the missing one failed' '
	mkdir tmp &&
	k=$(cat kernel) &&
	TMPDIR=$TRASH/tmp lava-runjob -t 300 -o zt -d "qemu-system-x86_64 -accel tcg -m 128 \
		-display none -monitor none -serial stdio -nodefaults -no-reboot \
		-kernel $k -initrd $TRASH/ztest.cpio -append \"console=ttyS0 quiet panic=-1\" \
		</dev/null | cat" "$LAVA_SRC/t/data/ztest/ztest-job.yaml" >out 2>err &&
	"$LAVA_SRC/t/bundle-check" zt/bundle.json &&
	jq -r ".test_runs[] | .test_id as \$r | .test_results[] |
		[\$r, .test_case_id, .result, .units // \"-\", (.attributes.reason // \"-\")] | @tsv" \
		zt/bundle.json >actual &&
	cat >expect <<-\EOF &&
	framework-tests	test_assert_pass	pass	seconds	-
	framework-tests	test_assert_fail	fail	seconds	-
	framework-tests	test_skipped	skip	seconds	-
	framework-tests	test_timing	pass	seconds	-
	framework-tests	test_never_ran	fail	-	expected, never reported
	EOF
	test_cmp expect actual &&
	test "$(tail -n 1 zt/records.tsv | cut -f 4)" = EXIT
'
test_expect_success 'each duration is the one the guest measured and printed' '
	grep " in [0-9.]* seconds" zt/console.log | tr -d "\r" |
		sed "s/^ *[A-Z]* - \(test_[a-z_]*\) in \([0-9.]*\) seconds$/\1 \2/" >printed &&
	jq -r ".test_runs[0].test_results[] | select(.measurement != null) |
		\"\(.test_case_id) \(.measurement)\"" zt/bundle.json >measured &&
	awk "{ print \$1, \$2 + 0 }" printed >p2 &&
	test_cmp p2 measured &&
	awk "\$1 == \"test_timing\" { exit !(\$2 >= 0.25) }" measured
'
test_expect_success 'the reports show the cases, the missing one failed' '
	test_grep "test_never_ran" zt/results.xml &&
	test_grep "test_never_ran" zt/report.html &&
	test_grep "^framework-tests  *test_never_ran  *fail" out
'
test_expect_success 'no QEMU is left running' '
	! ps -eo args | grep "^qemu-system-x86_64 .*$TRASH/ztest.cpio"
'
test_done
