#!/bin/sh
# lava-sigscan -m: LAVA's monitors turn console lines into test cases. The
# console of t/data/ztest/console.log is a QEMU guest whose /init prints
# Zephyr ztest output (t/data/ztest/ztest-init.c), saved as it came.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

export zt="$LAVA_SRC/t/data/ztest"

# monjob FILE MONITORS-YAML: a job file of one test action with a time
# limit of 2 seconds holding the monitors given.
monjob() {
	{ printf "actions:\n- test:\n    timeout: {seconds: 2}\n    monitors:\n"
	  printf "%s\n" "$2"; } >"$1"
}

test_expect_success 'the ztest console: a run, a case per result line, then EXIT' '
	lava-tdload -o job "$zt/ztest-job.yaml" &&
	uuid=$(ls job/runs) &&
	lava-sigscan -m job/monitors.json <"$zt/console.log" >out 2>err &&
	test_cmp /dev/null err &&
	cut -f 2- out | sed "s/$uuid/UUID/" >actual &&
	cat >expect <<-\EOF &&
	2	-	STARTRUN	0_framework-tests	UUID
	5	-	TESTCASE	TEST_CASE_ID=test_assert_pass	RESULT=pass	MEASUREMENT=0.039	UNITS=seconds
	10	-	TESTCASE	TEST_CASE_ID=test_assert_fail	RESULT=fail	MEASUREMENT=0.025	UNITS=seconds
	13	-	TESTCASE	TEST_CASE_ID=test_skipped	RESULT=skip	MEASUREMENT=0.001	UNITS=seconds
	16	-	TESTCASE	TEST_CASE_ID=test_timing	RESULT=pass	MEASUREMENT=0.266	UNITS=seconds
	26	-	ENDRUN	0_framework-tests	UUID
	26	-	EXIT
	EOF
	test_cmp expect actual
'
test_expect_success 'the same records a byte at a time' '
	cut -f 2- out >expect &&
	unit-scan drip 20 <"$zt/console.log" | lava-sigscan -m job/monitors.json >out2 &&
	cut -f 2- out2 >actual &&
	test_cmp expect actual
'
test_expect_success 'the bundle: each case, the expected one that never ran failed' '
	cp out job/records.tsv &&
	lava-bundle -o b.json job &&
	jq -r ".test_runs[0].test_results[] | [.test_case_id, .result,
		(.measurement // \"-\"), (.attributes.reason // \"-\")] | @tsv" b.json >actual &&
	printf "%s\t%s\t%s\t%s\n" \
		test_assert_pass pass 0.039 - test_assert_fail fail 0.025 - \
		test_skipped skip 0.001 - test_timing pass 0.266 - \
		test_never_ran fail - "expected, never reported" >expect &&
	test_cmp expect actual &&
	test "$(jq -r ".test_runs[0].test_id" b.json)" = framework-tests
'
test_expect_success 'monitors in order: the second starts only after the first ends' '
	monjob j2.yaml "    - {name: one, start: BEGIN, end: END, pattern: \"(?P<test_case_id>\\\\w+): (?P<result>\\\\w+)\", fixupdict: {ok: pass, bad: fail}}
    - {name: Two Words, start: BEGIN, end: END, pattern: \"(?P<test_case_id>[^=]*)=(?P<measurement>[0-9.]+)(?P<units>[a-z]+)?\"}" &&
	lava-tdload -o j2 j2.yaml &&
	printf "%s\n" "a: ok" BEGIN "b: bad" "c: maybe" END \
		"d: ok" BEGIN "Speed Test-1=12.5mb" "x=1 y=2" END "z=3" >in &&
	lava-sigscan -m j2/monitors.json <in >out 2>err &&
	cut -f 2,4- out | sed "s/\t[0-9a-f-]\{36\}$//" >actual &&
	cat >expect <<-\EOF &&
	2	STARTRUN	0_one
	3	TESTCASE	TEST_CASE_ID=b	RESULT=fail
	5	ENDRUN	0_one
	7	STARTRUN	1_two-words
	8	TESTCASE	TEST_CASE_ID=speed_test_1	RESULT=pass	MEASUREMENT=12.5	UNITS=mb
	9	TESTCASE	TEST_CASE_ID=x	RESULT=pass	MEASUREMENT=1
	9	TESTCASE	TEST_CASE_ID=y	RESULT=pass	MEASUREMENT=2
	10	ENDRUN	1_two-words
	10	EXIT
	EOF
	test_cmp expect actual &&
	test_grep "^lava-sigscan: stdin:4: monitor 0_one: result .maybe. is not pass, fail, skip or unknown; no case$" err
'
test_expect_success 'an end that never comes: the action time limit ends the scan, cases kept' '
	monjob j3.yaml "    - {name: slow, start: BEGIN, end: END, pattern: \"(?P<result>pass) - (?P<test_case_id>\\\\w+)\"}" &&
	lava-tdload -o j3 j3.yaml &&
	mkfifo fifo &&
	{ { printf "BEGIN\npass - one\n" && exec sleep 120; } >fifo & } &&
	writer=$! &&
	{ lava-sigscan -m j3/monitors.json <fifo >out 2>err; echo $? >status; kill $writer; } &&
	echo 1 >one && test_cmp one status &&
	cut -f 2,4,5 out >actual &&
	printf "1\tSTARTRUN\t0_slow\n2\tTESTCASE\tTEST_CASE_ID=one\n3\tTIMEOUT\n" >expect &&
	test_cmp expect actual &&
	test_grep "time limit passed" err
'
test_expect_success 'a case not in the expected list is failed, and says why' '
	monjob j4.yaml "    - {name: e, start: B, end: E, pattern: \"(?P<test_case_id>\\\\w+) (?P<result>pass|fail)\", expected: [a]}" &&
	lava-tdload -o j4 j4.yaml &&
	printf "B\na pass\nsurprise pass\nE\n" | lava-sigscan -m j4/monitors.json >j4/records.tsv &&
	lava-bundle -o b4.json j4 &&
	jq -r ".test_runs[0].test_results[] | [.test_case_id, .result, (.attributes.reason // \"-\")] | @tsv" b4.json >actual &&
	printf "a\tpass\t-\nsurprise\tfail\tnot expected; reported as pass\n" >expect &&
	test_cmp expect actual
'
test_expect_success 'a monitors file that is not one is bad input' '
	echo "{\"monitors\": [{\"id\": \"0_x\"}]}" >bad.json &&
	test_status 2 lava-sigscan -m bad.json </dev/null 2>err &&
	test_grep "^lava-sigscan: bad.json: a monitor without a good uuid$" err &&
	test_status 2 lava-sigscan -m nonexistent.json </dev/null 2>err &&
	test_grep "nonexistent.json" err
'
test_done
