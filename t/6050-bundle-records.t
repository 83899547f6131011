#!/bin/sh
# Results that reach the host only as records (lava-records(5)) bundle as
# well as pulled results dirs; a case reported both ways is one result.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

u0=aaaaaaaa-0000-4000-8000-000000000000
u1=bbbbbbbb-1111-4111-8111-111111111111

# run UUID ID NAME: a runs entry as lava-tdload writes it.
run() {
	mkdir -p "job/runs/$1" &&
	echo "$2" >"job/runs/$1/id" &&
	printf "metadata:\n  name: %s\n" "$3" >"job/runs/$1/testdef.yaml" &&
	: >"job/runs/$1/handlers.tsv" &&
	: >"job/runs/$1/sources.tsv"
}

# rec LINE TOKEN NAME ARG...: one record line on stdout.
rec() {
	_l=$1 _t=$2
	shift 2
	printf "1353625%03d.000001\t%s\t%s" "$_l" "$_l" "$_t"
	printf "\t%s" "$@"
	printf "\n"
}

test_expect_success 'setup: two runs known only from records' '
	run $u0 0_smoke smoke &&
	run $u1 1_bench bench &&
	{
		rec 1 - TESTCASE TEST_CASE_ID=before RESULT=pass &&
		rec 2 - STARTRUN 0_smoke $u0 &&
		rec 3 4711-1 STARTTC boot &&
		rec 4 - TESTCASE TEST_CASE_ID=boot RESULT=pass MEASUREMENT=10.50 UNITS=s &&
		rec 5 - TESTSET START net &&
		rec 6 - TESTCASE TEST_CASE_ID=ping RESULT=fail &&
		rec 7 - TESTREFERENCE TEST_CASE_ID=doc RESULT=pass REFERENCE=https://example.org/r &&
		rec 8 - TESTSET STOP &&
		rec 9 - TESTCASE TEST_CASE_ID=odd RESULT=PASSED &&
		rec 10 - TESTCASE RESULT=pass &&
		rec 11 - TESTCASE TEST_CASE_ID=m RESULT=pass MEASUREMENT=fast &&
		rec 12 - TESTRAISE disk full &&
		rec 13 - ENDRUN 0_smoke $u0 &&
		rec 14 - TESTCASE TEST_CASE_ID=after RESULT=pass &&
		printf "garbage\n" &&
		rec 15 - STARTRUN 1_bench $u1 &&
		rec 16 - TESTCASE TEST_CASE_ID=b1 RESULT=skip &&
		rec 17 - EXIT
	} >job/records.tsv &&
	test_status 1 lava-bundle job >b.json 2>err &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	test_grep "records.tsv:1: TESTCASE outside any run; left out" err &&
	test_grep "records.tsv:14: TESTCASE outside any run; left out" err
'
test_expect_success 'records between STARTRUN and ENDRUN are results of that run' '
	jq -c "[.test_runs[] | [.test_id, [.test_results[] | .test_case_id]]]" b.json >actual &&
	echo "[[\"smoke\",[\"boot\",\"ping\",\"doc\",\"m\"]],[\"bench\",[\"b1\"]]]" >expect &&
	test_cmp expect actual
'
test_expect_success 'values, set, reference, timestamps and raise' '
	jq -c ".test_runs[0].test_results[0:3]" b.json >actual &&
	echo "[{\"test_case_id\":\"boot\",\"result\":\"pass\",\"measurement\":10.50,\"units\":\"s\",\"timestamp\":\"2012-11-22T22:56:44Z\"},{\"test_case_id\":\"ping\",\"result\":\"fail\",\"timestamp\":\"2012-11-22T22:56:46Z\",\"attributes\":{\"set\":\"net\"}},{\"test_case_id\":\"doc\",\"result\":\"pass\",\"timestamp\":\"2012-11-22T22:56:47Z\",\"attributes\":{\"reference\":\"https://example.org/r\",\"set\":\"net\"}}]" | jq -c . >expect &&
	test_cmp expect actual &&
	test "$(jq -r ".test_runs[0].attributes.raise" b.json)" = "disk full"
'
test_expect_success 'bad records are reported with their line and left out' '
	test_grep "records.tsv:9: result .PASSED. is not pass" err &&
	test_grep "records.tsv:10: TESTCASE without TEST_CASE_ID" err &&
	test_grep "records.tsv:11: measurement .fast. is not a number" err &&
	test_grep "records.tsv:15: .*record left out" err
'
test_expect_success 'a run that never started is marked incomplete' '
	run cccccccc-2222-4222-8222-222222222222 2_never never &&
	test_status 1 lava-bundle job >c.json 2>err &&
	"$LAVA_SRC/t/bundle-check" c.json &&
	test "$(jq -r ".test_runs[2] | .test_id + \" \" + .attributes.incomplete" c.json)" = "never no results from the device" &&
	test "$(jq -r ".test_runs[2].attachments[0].pathname" c.json)" = testdef.yaml
'
test_expect_success 'sigroute'"'"'s incomplete file becomes the attribute' '
	echo "input ended inside the run" >job/runs/$u1/incomplete &&
	test_status 1 lava-bundle job >d.json &&
	test "$(jq -r ".test_runs[1].attributes.incomplete" d.json)" = "input ended inside the run"
'
test_expect_success 'a case in both the results dir and the records is one result' '
	r=job/results/0_smoke-1 &&
	mkdir -p $r/results/boot $r/results/extra &&
	echo $u0 >$r/analyzer_assigned_uuid &&
	echo pass >$r/results/boot/result &&
	echo 10.5 >$r/results/boot/measurement &&
	echo s >$r/results/boot/units &&
	echo "0d 3s 0us" >$r/results/boot/duration &&
	echo fail >$r/results/extra/result &&
	test_status 1 lava-bundle job >e.json 2>err &&
	"$LAVA_SRC/t/bundle-check" e.json &&
	jq -c "[.test_runs[0].test_results[] | [.test_case_id, .result, .measurement, .duration]]" e.json >actual &&
	echo "[[\"boot\",\"pass\",10.5,\"0d 3s 0us\"],[\"extra\",\"fail\",null,null],[\"ping\",\"fail\",null,null],[\"doc\",\"pass\",null,null],[\"m\",\"pass\",null,null]]" >expect &&
	test_cmp expect actual &&
	test_grep "boot: conflicting measurement, first one kept" err
'
test_expect_success 'a result that disagrees is reported, the results dir wins' '
	echo fail >job/results/0_smoke-1/results/boot/result &&
	test_status 1 lava-bundle job >f.json 2>err &&
	test_grep "records.tsv: test case boot: conflicting result" err &&
	test "$(jq -r ".test_runs[0].test_results[0].result" f.json)" = fail
'
test_expect_success 'records past the cap of 100000 results are refused, once' '
	mkdir -p cap/runs/$u0 &&
	printf "metadata:\n  name: cap\n" >cap/runs/$u0/testdef.yaml &&
	awk -v u=$u0 "BEGIN {
		printf \"1.0\t1\t-\tSTARTRUN\t0_cap\t%s\n\", u
		for (i = 0; i < 100002; i++)
			printf \"1.0\t%d\t-\tTESTCASE\tTEST_CASE_ID=c%d\tRESULT=pass\n\", i + 2, i
	}" >cap/records.tsv &&
	test_status 1 lava-bundle cap >cap.json 2>err &&
	test "$(jq ".test_runs[0].test_results | length" cap.json)" = 100000 &&
	test_grep "records.tsv:100002: more than 100000 results; the rest left out" err &&
	test "$(wc -l <err)" -eq 1
'
test_expect_success 'records of a run with no runs entry are reported, exit 1' '
	mkdir -p orphan/runs/$u0 &&
	printf "metadata:\n  name: known\n" >orphan/runs/$u0/testdef.yaml &&
	{
		rec 1 - STARTRUN 0_known $u0 &&
		rec 2 - TESTCASE TEST_CASE_ID=a RESULT=pass &&
		rec 3 - ENDRUN 0_known $u0 &&
		rec 4 - STARTRUN 1_stray $u1 &&
		rec 5 - TESTCASE TEST_CASE_ID=b RESULT=pass
	} >orphan/records.tsv &&
	test_status 1 lava-bundle orphan >orphan.json 2>err &&
	"$LAVA_SRC/t/bundle-check" orphan.json &&
	test "$(jq -r ".test_runs[].test_results[].test_case_id" orphan.json)" = a &&
	test_grep "run $u1 has neither a runs entry nor a results dir" err
'
test_done
