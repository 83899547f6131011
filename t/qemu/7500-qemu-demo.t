#!/bin/sh
# lava-runjob on the qemu device: Debian's kernel, a busybox initramfs with
# the demo job's tree, the console on the emulated serial port. Results
# come back through the console alone. The kernel is fetched once into
# the build's cache (or LAVA_QEMU_KERNEL names one).
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/../lib.sh"
# shellcheck source=t/data/run/demo-check.sh
. "$LAVA_SRC/t/data/run/demo-check.sh"

LAVA_CACHE=${LAVA_CACHE:-$LAVA_BUILD/cache}
export LAVA_CACHE

# test_time_limit: lava-runjob's time limit, shorter than a boot, ends QEMU
# and everything the job started.
test_time_limit() {
	test_expect_success 'a time limit shorter than the boot ends QEMU and all' '
		mkdir tmp2 &&
		test_status 1 env TMPDIR="$TRASH/tmp2" \
			lava-runjob -d qemu -t 1 -o short "$LAVA_SRC/examples/demo-job.yaml" >out 2>err &&
		test_grep "time limit of 1 seconds reached" err &&
		test "$(tail -n 1 short/records.tsv | cut -f 4)" = TIMEOUT &&
		"$LAVA_SRC/t/bundle-check" short/bundle.json &&
		! ps -eo args | grep "^qemu-system-x86_64 .*$TRASH/tmp2" &&
		ls tmp2 >left &&
		test_cmp /dev/null left
	'
}

if ! test_have qemu-system-x86_64 || ! test -x /bin/busybox; then
	test_skip 'the demo job on the qemu device' 'no qemu-system-x86 or busybox-static'
	test_time_limit
	test_done
	exit
fi

test_expect_success 'the kernel is there or can be fetched' '
	lava-qemu -F >kernel &&
	test -s "$(cat kernel)"
'
test_expect_success 'the demo job boots the kernel and runs to the end' '
	mkdir tmp &&
	date +%s.%N >start &&
	TMPDIR=$TRASH/tmp lava-runjob -d qemu -t 300 -o boot "$LAVA_SRC/examples/demo-job.yaml" >out 2>err &&
	date +%s.%N >end &&
	test_grep "^\[ *[0-9]*\.[0-9]*\] Linux version" boot/console.log &&
	test_grep "Run /init as init process" boot/console.log &&
	test_grep "<LAVA_TEST_RUNNER>: exiting" boot/console.log
'
# How long it took, for the README: a figure, not a check.
if [ -s end ] && [ -s boot/records.tsv ]; then
	awk -v s="$(cat start)" -v e="$(cat end)" 'NR == 1 {
		printf "# boot to the first signal: %.1f s; whole job: %.1f s\n", $1 - s, e - s }' \
		boot/records.tsv
fi
test_expect_success 'the demo job: every case, right results, from the console alone' '
	"$LAVA_SRC/t/bundle-check" boot/bundle.json &&
	demo_cases boot/bundle.json >cases &&
	test_cmp "$LAVA_SRC/t/data/run/demo-cases" cases &&
	ls boot/results >dirs &&
	printf "0_timing-console\n1_parse-console\n" >expect &&
	test_cmp expect dirs
'
test_expect_success 'the handler timed the --shell case on the host' '
	demo_seconds boot/bundle.json sleep-0.3 >sleep &&
	test_grep . sleep &&
	awk "{ exit !(\$1 >= 0.3) }" sleep &&
	say "sleep-0.3 took $(cat sleep) s on the emulated machine"
'
test_expect_success 'the measurement and its units' '
	jq -e "[.test_runs[].test_results[] | select(.test_case_id == \"write-speed\")][0] |
		.measurement == 812.5 and .units == \"MB/s\"" boot/bundle.json
'
test_expect_success 'the ACK handshake held on the emulated serial port' '
	demo_acked boot
'
test_expect_success 'no QEMU is left running' '
	! ps -eo args | grep "^qemu-system-x86_64 .*$TRASH/tmp"
'
test_time_limit
test_done
