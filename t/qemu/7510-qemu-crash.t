#!/bin/sh
# lava-runjob on the qemu device with a step that crashes the kernel
# (echo c >/proc/sysrq-trigger): the job ends at the panic, not at its time
# limit, with a failed case "panic" in a run "kernel" that holds the
# panic's lines; the console it saved replays offline to the same records,
# also a byte at a time.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/../lib.sh"

LAVA_CACHE=${LAVA_CACHE:-$LAVA_BUILD/cache}
export LAVA_CACHE

if ! test_have qemu-system-x86_64 || ! test -x /bin/busybox; then
	test_skip 'a kernel that crashes on the qemu device' 'no qemu-system-x86 or busybox-static'
	test_done
	exit
fi

test_expect_success 'the kernel panics: the job ends there, with its reason' '
	mkdir tmp &&
	date +%s >start &&
	test_status 1 env TMPDIR="$TRASH/tmp" lava-runjob -d qemu -t 600 -o crash \
		"$LAVA_SRC/t/data/kernel/crash-job.yaml" >out 2>err &&
	date +%s >end &&
	say "the job took $(($(cat end) - $(cat start))) s" &&
	test_grep "^lava-runjob: the kernel panicked (console line [0-9]*): the job ended there$" err &&
	test "$(tail -n 1 crash/records.tsv | cut -f 4)" = PANIC &&
	test_grep "Kernel panic - not syncing: sysrq triggered crash" crash/console.log
'
test_expect_success 'a failed case "panic" in the run "kernel", with the panic lines' '
	"$LAVA_SRC/t/bundle-check" crash/bundle.json &&
	jq -r ".test_runs[] | select(.test_id == \"kernel\") | .test_results[] |
		[.test_case_id, .result, .attributes.kind] | @tsv" crash/bundle.json >actual &&
	printf "panic\tfail\tpanic\n" >expect &&
	test_cmp expect actual &&
	jq -r ".test_runs[] | select(.test_id == \"kernel\") | .test_results[0].message" \
		crash/bundle.json >msg &&
	test_grep "\] Kernel panic - not syncing: sysrq triggered crash$" msg &&
	test_grep "sysrq_handle_crash" msg &&
	test_grep "Call Trace:" msg &&
	jq -e ".test_runs[] | select(.test_id == \"kernel\") |
		.attributes.job_outcome | startswith(\"kernel panic on console line \")" crash/bundle.json &&
	test_grep "^kernel  *panic  *fail" out
'
test_expect_success 'lava-signal: kmsg: the signals came as kernel lines' '
	test_grep "^\[ *[0-9]*\.[0-9]*\] <LAVA_SIGNAL_STARTTC before>" crash/console.log &&
	test_grep "^\[ *[0-9]*\.[0-9]*\] <LAVA_SIGNAL_STARTRUN 0_crash " crash/console.log &&
	cut -f 4,5 crash/records.tsv | head -n 4 >actual &&
	printf "STARTRUN\t0_crash\nSTARTTC\tbefore\nENDTC\tbefore\nTESTCASE\tTEST_CASE_ID=before\n" >expect &&
	test_cmp expect actual
'
test_expect_success 'the case before the crash is kept, the one after never ran' '
	jq -r ".test_runs[] | select(.test_id == \"crash\") | .test_results[] |
		[.test_case_id, .result] | @tsv" crash/bundle.json >actual &&
	printf "before\tpass\n" >expect &&
	test_cmp expect actual
'
test_expect_success 'the reports are written, the panic among them' '
	xmllint --noout crash/results.xml &&
	test_grep "sysrq triggered crash" crash/results.xml &&
	test_grep "sysrq triggered crash" crash/report.html
'
test_expect_success 'the saved console replays offline to the same records' '
	cut -f 2- crash/records.tsv >expect &&
	test_status 1 lava-sigscan -g 3 <crash/console.log >replay &&
	cut -f 2- replay >actual &&
	test_cmp expect actual
'
test_expect_success 'and a byte at a time' '
	unit-scan drip 20 <crash/console.log | test_status 1 lava-sigscan -g 3 >replay &&
	cut -f 2- replay >actual &&
	test_cmp expect actual
'
test_expect_success 'no QEMU is left running' '
	! ps -eo args | grep "^qemu-system-x86_64 .*$TRASH/tmp"
'
test_done
