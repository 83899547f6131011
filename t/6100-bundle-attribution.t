#!/bin/sh
# Results go to the run they belong to, or are refused with a message and
# exit status 1: a results dir cannot claim another run's uuid, and records
# of a run started or ended twice, of no run, or with two results, are
# never dropped or overwritten silently.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

data="$LAVA_SRC/t/data/bundle"
u0=cccccccc-0000-4000-8000-000000000000
u1=cccccccc-1111-4111-8111-111111111111

# run UUID ID NAME: a runs entry as lava-tdload writes it.
run() {
	mkdir -p "job/runs/$1" &&
	echo "$2" >"job/runs/$1/id" &&
	printf "metadata:\n  name: %s\n" "$3" >"job/runs/$1/testdef.yaml" &&
	: >"job/runs/$1/handlers.tsv"
}

# res DIR UUID RESULT: results/DIR with one case "c" of RESULT.
res() {
	mkdir -p "job/results/$1/results/c" &&
	echo "$2" >"job/results/$1/analyzer_assigned_uuid" &&
	printf "metadata:\n  name: x\n" >"job/results/$1/testdef.yaml" &&
	echo "$3" >"job/results/$1/results/c/result"
}

# rec LINE NAME ARG...: one record line.
rec() {
	_l=$1
	shift
	printf "1353625%03d.000001\t%s\t-\t%s" "$_l" "$_l" "$1"
	shift
	printf "\t%s" "$@"
	printf "\n"
}

test_expect_success 'a results dir named for another run cannot replace its results' '
	run $u0 0_a a && run $u1 1_b b &&
	res 0_a-1795000000 $u0 pass &&
	res 1_b-1795000001 $u1 pass &&
	res 0_evil $u1 fail &&
	res 9_evil $u1 fail &&
	test_status 1 lava-bundle -o b.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	jq -r ".test_runs[] | [.analyzer_assigned_uuid, .test_results[0].result] | @tsv" b.json >actual &&
	printf "%s\tpass\n" $u0 $u1 >expect &&
	test_cmp expect actual &&
	test_grep "job/results/0_evil: claims run $u1, whose results dir is named 1_b-...; test run left out" err &&
	test_grep "job/results/9_evil: claims run $u1, whose results dir is named 1_b-...; test run left out" err
'

test_expect_success 'records of no run, of a run started or ended twice, with two results' '
	rm -rf job && run $u0 0_a a && run $u1 1_b b &&
	{
		rec 1 TESTCASE TEST_CASE_ID=early RESULT=pass &&
		rec 2 STARTRUN 0_a $u0 &&
		rec 3 TESTCASE TEST_CASE_ID=twice RESULT=pass RESULT=fail &&
		rec 4 ENDRUN 0_a $u0 &&
		rec 5 TESTCASE TEST_CASE_ID=between RESULT=pass &&
		rec 6 STARTRUN 0_a $u0 &&
		rec 7 TESTCASE TEST_CASE_ID=again RESULT=pass &&
		rec 8 ENDRUN 0_a $u0 &&
		rec 9 ENDRUN 0_a $u0 &&
		rec 10 STARTRUN 1_b not-a-uuid &&
		rec 11 TESTCASE TEST_CASE_ID=lost RESULT=fail &&
		rec 12 ENDRUN 1_b not-a-uuid
	} >job/records.tsv &&
	test_status 1 lava-bundle -o c.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" c.json &&
	test_grep "records.tsv:1: TESTCASE outside any run; left out" err &&
	test_grep "records.tsv:3: RESULT given twice; record left out" err &&
	test_grep "records.tsv:5: TESTCASE outside any run; left out" err &&
	test_grep "records.tsv:6: run $u0 started a second time" err &&
	test_grep "records.tsv:9: ENDRUN with no run open" err &&
	test_grep "records.tsv:10: STARTRUN without a run uuid; its records are left out" err &&
	test_grep "records.tsv:11: TESTCASE outside any run; left out" err
'

test_expect_success 'another run'\''s signals printed inside a run end nothing, are reported' '
	rm -rf job && run $u0 0_a a && run $u1 1_b b &&
	{
		rec 1 STARTRUN 0_a $u0 &&
		rec 2 ENDRUN 1_b $u1 &&
		rec 3 TESTCASE TEST_CASE_ID=kept RESULT=pass &&
		rec 4 STARTRUN 1_b $u1 &&
		rec 5 TESTCASE TEST_CASE_ID=b1 RESULT=fail &&
		rec 6 ENDRUN 1_b $u1
	} >job/records.tsv &&
	test_status 1 lava-bundle -o d.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" d.json &&
	test_grep "records.tsv:2: ENDRUN of run $u1 while run $u0 is open; ignored" err &&
	test_grep "records.tsv:4: STARTRUN of run $u1 while run $u0 is open" err &&
	jq -r ".test_runs[] | .analyzer_assigned_uuid as \$u | .test_results[]? | [\$u, .test_case_id] | @tsv" d.json >actual &&
	printf "%s\t%s\n" $u0 kept $u1 b1 >expect &&
	test_cmp expect actual
'

# Each record a result or a value of is left out makes the status 1 on
# its own; the same records without it give 0.
test_expect_success 'one record left out alone makes the status 1' '
	rm -rf job && run $u0 0_a a &&
	for bad in "RESULT=pass RESULT=fail" "RESULT=passed" \
	    "RESULT=pass MEASUREMENT=12x" "RESULT=pass MEASUREMENT=1e999" \
	    "RESULT=pass" "-"; do
		{
			rec 1 STARTRUN 0_a $u0 &&
			rec 2 TESTCASE TEST_CASE_ID=good RESULT=pass &&
			case $bad in
			-) printf "not a record\n" ;;
			RESULT=pass) rec 3 TESTCASE "$bad" ;;
			*) set -f && rec 3 TESTCASE TEST_CASE_ID=bad $bad && set +f ;;
			esac &&
			rec 4 ENDRUN 0_a $u0
		} >job/records.tsv &&
		test_status 1 lava-bundle -o e.json job 2>err &&
		test "$(wc -l <err)" -eq 1 &&
		test_grep "records.tsv:3: .*left out" err &&
		jq -r ".test_runs[0].test_results[0].test_case_id" e.json >actual &&
		echo good >expect && test_cmp expect actual || return 1
	done &&
	{
		rec 1 STARTRUN 0_a $u0 &&
		rec 2 TESTCASE TEST_CASE_ID=good RESULT=pass MEASUREMENT=1.5 &&
		rec 4 ENDRUN 0_a $u0
	} >job/records.tsv &&
	test_status 0 lava-bundle -o e.json job 2>err &&
	test ! -s err
'

test_done
