#!/bin/sh
# lava-sigroute: one line in JOB/handler-calls.tsv per handler call.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

export U=6d7c9a1e-0000-4000-8000-0000000000c1
export T='[0-9][0-9]*\.[0-9]\{6\}'

test_expect_success 'a call that succeeds, one that fails, one that times out' '
	handler good "exit 0" &&
	handler bad "exit 3" &&
	handler slow "exec sleep 30" &&
	mkrun job $U 0_calls good "{}" bad "{}" slow "{}" &&
	{
		rec 10.000001 7 - STARTRUN 0_calls $U &&
		rec 11.000000 9 - ENDRUN 0_calls $U
	} >recs &&
	test_status 0 lava-sigroute -t 0.3 job <recs >out 2>err &&
	test_grep "slow: time limit of 0.3s passed" err &&
	test_grep "bad: exited with status 3" err &&
	cut -f3- job/handler-calls.tsv >got &&
	printf "%s\t$U\t%s\t%s\t%s\n" \
		7 good start ok 7 bad start exit:3 7 slow start timeout \
		9 good end ok 9 bad end exit:3 9 slow end timeout >expect &&
	test_cmp expect got &&
	test "$(grep -c "^$T	$T	" job/handler-calls.tsv)" = 6 &&
	awk -F "\t" "\$2 < \$1 { bad = 1 } \$5 == \"slow\" && \$2 - \$1 < 0.3 { bad = 1 }
		END { exit bad }" job/handler-calls.tsv
'

test_expect_success 'signals name their record; a second routing appends' '
	handler good "exit 0" &&
	mkrun job2 $U 0_calls good "{}" &&
	{
		rec 1.000001 1 - STARTRUN 0_calls $U &&
		rec 1.5 2 - STARTTC tc1 &&
		rec 1.6 3 - TESTCASE TEST_CASE_ID=tc1 RESULT=pass &&
		rec 1.7 4 - ENDTC tc1
	} >recs &&
	lava-sigroute job2 <recs >out 2>err &&
	cut -f3,5- job2/handler-calls.tsv >got &&
	printf "%s\tgood\t%s\tok\n" 1 start 2 starttc 3 signal:TESTCASE 4 endtc \
		4 end >expect &&
	test_cmp expect got &&
	rec 2 5 - STARTRUN 0_calls $U | lava-sigroute job2 >out 2>err &&
	test "$(wc -l <job2/handler-calls.tsv)" = 7
'

test_expect_success 'no handler, no file' '
	mkrun job3 $U 0_calls &&
	rec 1 1 - STARTRUN 0_calls $U | lava-sigroute job3 >out 2>err &&
	test ! -e job3/handler-calls.tsv
'

test_done
