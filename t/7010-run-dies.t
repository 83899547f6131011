#!/bin/sh
# lava-runjob when the device goes wrong: its console closes in the middle of
# the job, or it falls silent until the time limit. Both end with a bundle
# of what was seen and exit status 1. The device here is a board command
# that replays the start of a real console, up to a line, then dies.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/run/demo-check.sh
. "$LAVA_SRC/t/data/run/demo-check.sh"

# reload JOB FROM: JOB is FROM as it was loaded, before it ran.
reload() {
	cp -R "$2" "$1" &&
	rm -rf "$1/console.log" "$1/records.tsv" "$1/bundle.json" \
		"$1/results" "$1"/runs/*/handlers "$1"/runs/*/incomplete
}

test_expect_success 'a whole job on the local device, for its console' '
	lava-runjob -o full "$LAVA_SRC/examples/demo-job.yaml" >out 2>err &&
	test_grep "STARTTC.*false-on-purpose" full/console.log
'
test_expect_success 'the console closes in the middle: exit 1, why on stderr' '
	sed -e "/LAVA_SIGNAL_STARTTC false-on-purpose/q" full/console.log >part.log &&
	reload died full &&
	test_status 1 lava-runjob -t 600 -d "cat $TRASH/part.log" -o died >out 2>err &&
	test_grep "the console closed before the runner ended" err
'
test_expect_success 'it ended by the console closing, not the time limit' '
	test -s died/records.tsv &&
	test "$(tail -n 1 died/records.tsv | cut -f 4)" = STARTTC
'
test_expect_success 'the bundle holds what was seen, and validates' '
	"$LAVA_SRC/t/bundle-check" died/bundle.json &&
	demo_cases died/bundle.json >cases &&
	printf "timing\tsleep-0.3\tpass\ntiming\ttrue\tpass\n" >expect &&
	test_cmp expect cases &&
	test_grep "^2 cases: 2 pass, 0 fail" out
'
test_expect_success 'the console up to the cut stands in for the run output' '
	ls died/results >dirs &&
	echo 0_timing-console >expect-dirs &&
	test_cmp expect-dirs dirs &&
	test_grep "STARTTC sleep-0.3" died/results/0_timing-console/stdout.log &&
	! grep "STARTRUN" died/results/0_timing-console/stdout.log &&
	grep -lx 0_timing died/runs/*/id >idfile &&
	basename "$(dirname "$(cat idfile)")" >uuid &&
	test_cmp uuid died/results/0_timing-console/analyzer_assigned_uuid
'
test_expect_success 'the run that was cut short is marked incomplete' '
	ls died/runs/*/incomplete >incomplete &&
	test "$(wc -l <incomplete)" -eq 1
'
test_expect_success 'a device that falls silent ends at the time limit' '
	reload silent full &&
	test_status 1 lava-runjob -t 2 -d "cat \"\$LAVA_JOB/../part.log\"; exec sleep 7007" \
		-o silent >out 2>err &&
	test_grep "time limit of 2 seconds reached" err &&
	test "$(tail -n 1 silent/records.tsv | cut -f 4)" = TIMEOUT &&
	"$LAVA_SRC/t/bundle-check" silent/bundle.json &&
	demo_cases silent/bundle.json >cases &&
	test_cmp expect cases
'
test_expect_success 'and nothing of that device is left running' '
	! ps -eo args | grep "^sleep 7007"
'
test_done
