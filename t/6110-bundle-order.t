#!/bin/sh
# Results come out in the order they ran: the order of their records on
# the console, whatever the times of a results dir say (a copy, a coarse
# clock or an attachment added later changes them); where no record names
# a case, the time its result file was written.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # used in the test bodies, which shellcheck cannot see
u0=aaaaaaaa-0000-4000-8000-000000000000

# rec LINE NAME ARG...: one record line on stdout.
rec() {
	_l=$1
	shift
	printf "1353625%03d.000001\t%s\t-" "$_l" "$_l"
	printf "\t%s" "$@"
	printf "\n"
}

# case ID TIME: a case dir of the results dir, its files written at TIME.
case_dir() {
	mkdir -p "job/results/0_order-1/results/$1" &&
	echo pass >"job/results/0_order-1/results/$1/result" &&
	touch -d "$2" "job/results/0_order-1/results/$1/result" \
		"job/results/0_order-1/results/$1"
}

# ids FILE: the run's case ids, one line.
ids() {
	jq -r "[.test_runs[0].test_results[].test_case_id] | join(\" \")" "$1"
}

test_expect_success 'setup: a run with a results dir' '
	mkdir -p job/runs/$u0 job/results/0_order-1 &&
	echo 0_order >job/runs/$u0/id &&
	printf "metadata:\n  name: order\n" >job/runs/$u0/testdef.yaml &&
	: >job/runs/$u0/handlers.tsv && : >job/runs/$u0/sources.tsv &&
	cp job/runs/$u0/testdef.yaml job/results/0_order-1/ &&
	echo $u0 >job/results/0_order-1/analyzer_assigned_uuid
'
test_expect_success 'cases of one second (a coarse clock) come in the records order' '
	for c in zeta alpha mid omega beta; do
		case_dir $c "2026-01-01 00:00:00" || return 1
	done &&
	{
		rec 1 STARTRUN 0_order $u0 &&
		rec 2 TESTCASE TEST_CASE_ID=zeta RESULT=pass &&
		rec 3 TESTCASE TEST_CASE_ID=alpha RESULT=pass &&
		rec 4 TESTCASE TEST_CASE_ID=mid RESULT=pass &&
		rec 5 TESTCASE TEST_CASE_ID=omega RESULT=pass &&
		rec 6 TESTCASE TEST_CASE_ID=beta RESULT=pass &&
		rec 7 ENDRUN 0_order $u0
	} >job/records.tsv &&
	lava-bundle -o b.json job &&
	echo "zeta alpha mid omega beta" >expect &&
	ids b.json >actual &&
	test_cmp expect actual
'
test_expect_success 'a case only the results dir knows keeps its place among them' '
	case_dir extra "2026-01-01 00:00:00" &&
	lava-bundle -o b.json job &&
	echo "zeta alpha extra mid omega beta" >expect &&
	ids b.json >actual &&
	test_cmp expect actual
'
test_expect_success 'with no records: the time of each result file, not of its dir' '
	rm -rf job/records.tsv job/results/0_order-1/results &&
	case_dir first "2026-01-01 00:00:01" &&
	case_dir second "2026-01-01 00:00:02" &&
	case_dir third "2026-01-01 00:00:03" &&
	mkdir job/results/0_order-1/results/first/attachments &&
	echo log >job/results/0_order-1/results/first/attachments/a.txt &&
	touch -d "2026-01-01 00:00:09" job/results/0_order-1/results/first &&
	lava-bundle -o b.json job &&
	echo "first second third" >expect &&
	ids b.json >actual &&
	test_cmp expect actual
'
test_expect_success 'records only, as from a board: the records order' '
	rm -rf job/results &&
	{
		rec 1 STARTRUN 0_order $u0 &&
		rec 2 TESTCASE TEST_CASE_ID=b RESULT=pass &&
		rec 3 TESTCASE TEST_CASE_ID=a RESULT=fail &&
		rec 4 TESTCASE TEST_CASE_ID=c RESULT=skip &&
		rec 5 ENDRUN 0_order $u0
	} >job/records.tsv &&
	lava-bundle -o b.json job &&
	echo "b a c" >expect &&
	ids b.json >actual &&
	test_cmp expect actual
'
test_expect_success 'the attachments of a set'"'"'s case go to that case of that set; others are said' '
	mkdir -p job/results/0_order-1 &&
	echo $u0 >job/results/0_order-1/analyzer_assigned_uuid &&
	S=job/results/0_order-1/sets &&
	mkdir -p $S/s1/dup/attachments $S/s1/ghost/attachments &&
	echo a >$S/s1/dup/attachments/a.txt &&
	echo g >$S/s1/ghost/attachments/g.txt &&
	ln -s /etc $S/s2 &&
	{
		rec 1 STARTRUN 0_order $u0 &&
		rec 2 TESTSET START s0 &&
		rec 3 TESTCASE TEST_CASE_ID=dup RESULT=pass &&
		rec 4 TESTSET STOP &&
		rec 5 TESTCASE TEST_CASE_ID=solo RESULT=pass &&
		rec 6 TESTSET START s1 &&
		rec 7 TESTCASE TEST_CASE_ID=dup RESULT=fail &&
		rec 8 TESTSET STOP &&
		rec 9 ENDRUN 0_order $u0
	} >job/records.tsv &&
	test_status 1 lava-bundle -o s.json job 2>err &&
	jq -r ".test_runs[0].test_results[] | .test_case_id + \" \" +
		(.attributes.set // \"-\") + \" \" +
		([(.attachments // [])[].pathname] | join(\",\"))" s.json >actual &&
	printf "%s\n" "dup s0 " "solo - " "dup s1 a.txt" >expect &&
	test_cmp expect actual &&
	test_grep "sets/s1/ghost: no result of case ghost in set s1; its attachments left out" err &&
	test_grep "sets/s2: not a directory, left out" err
'
test_expect_success 'the local device: the order the cases ran, attachments added late' '
	cat >order.yaml <<-\EOF &&
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: order
	run:
	  steps:
	  - for c in zeta alpha mid omega beta; do lava-test-case $c --result pass; done
	  - echo late >late.txt
	  - lava-test-case-attach zeta late.txt
	  - lava-test-case-attach alpha late.txt
	EOF
	lava-runjob -t 120 -o run order.yaml >out 2>err &&
	echo "zeta alpha mid omega beta" >expect &&
	ids run/bundle.json >actual &&
	test_cmp expect actual &&
	test "$(jq -r ".test_runs[0].test_results[0].attachments[0].pathname" run/bundle.json)" = late.txt
'
test_done
