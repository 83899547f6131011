#!/bin/sh
# add-duration: a test case's duration from its STARTTC and ENDTC records.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

export U=33333333-0000-4000-8000-000000000005
export AD="$LAVA_BUILD/handlers/add-duration"

test_expect_success 'through lava-sigroute: the records times, not the clock' '
	mkrun job $U 0_d add-duration "{}" &&
	{
		rec 1353542400.250000 1 t1 STARTRUN 0_d $U &&
		rec 1353542401.500000 2 t2 STARTTC boot &&
		rec 1353542402 3 - TESTCASE TEST_CASE_ID=boot RESULT=pass &&
		rec 1353629103.750001 4 t3 ENDTC boot &&
		rec 1353629104 5 t4 STARTTC "odd:case/id" &&
		rec 1353629104.000002 6 t5 ENDTC "odd:case/id" &&
		rec 1353629105 7 t6 ENDRUN 0_d $U
	} >recs &&
	lava-sigroute job <recs >out 2>err &&
	test ! -s err &&
	cat >expect <<-\EOF &&
	{"test_case_id":"boot","duration":"1d 302s 250001us"}
	{"test_case_id":"odd:case/id","duration":"0d 0s 2us"}
	EOF
	test_cmp expect job/runs/$U/handlers/add-duration/output &&
	ls job/runs/$U/handlers/add-duration >files &&
	echo output >expect &&
	test_cmp expect files
'

# duration START END: what add-duration says for a case from START to END.
duration() {
	LAVA_SIGNAL_TIME=$1 "$AD" starttc c &&
	LAVA_SIGNAL_TIME=$2 "$AD" endtc c | jq -r .duration
}

# The table: start, end, the duration string as Python's timedelta has it.
while IFS='|' read -r start end want; do
	test_expect_success "from $start to $end: $want" "
		echo '$want' >expect &&
		duration $start $end >actual &&
		test_cmp expect actual
	"
done <<\TABLE
10|10|0d 0s 0us
10|10.1|0d 0s 100000us
10.000001|10|-1d 86399s 999999us
100|90|-1d 86390s 0us
0.5|86400.5|1d 0s 0us
5.1234567|5.1234569|0d 0s 0us
1.9|3.05|0d 1s 150000us
1353542400|1353542400.000001|0d 0s 1us
TABLE

test_expect_success 'a case id is written as a JSON string' '
	LAVA_SIGNAL_TIME=1 "$AD" starttc "a\"b" &&
	LAVA_SIGNAL_TIME=2 "$AD" endtc "a\"b" >out &&
	jq -r .test_case_id out >actual &&
	echo "a\"b" >expect &&
	test_cmp expect actual
'

test_expect_success 'case ids that are not file names are hashed' '
	mkdir s && cd s &&
	LAVA_SIGNAL_TIME=1 "$AD" starttc "../../x" &&
	LAVA_SIGNAL_TIME=1 "$AD" starttc "-rf" &&
	ls -A >../names &&
	test $(wc -l <../names) = 2 &&
	test_must_fail grep -v "^start\.#[0-9a-f]\{16\}$" ../names
'

test_expect_success 'ENDTC without its STARTTC: exit 1, nothing printed' '
	LAVA_SIGNAL_TIME=5 test_must_fail "$AD" endtc never >out 2>err &&
	test ! -s out &&
	test_grep "add-duration: start.never: no start time for case never" err
'

test_expect_success 'other events are ignored' '
	mkdir o && cd o &&
	"$AD" start && "$AD" end && "$AD" signal FOO a b && "$AD" future-event &&
	test $(ls | wc -l) = 0
'

test_expect_success 'bad input exits 2' '
	test_status 2 "$AD" 2>err &&
	test_grep "usage: add-duration" err &&
	LAVA_SIGNAL_TIME=yesterday test_status 2 "$AD" starttc c 2>err &&
	test_grep "LAVA_SIGNAL_TIME is not a time" err &&
	LAVA_SIGNAL_TIME=1 test_status 2 "$AD" starttc 2>err
'

test_expect_success 'the end of the run leaves no state of cases that never ended' '
	rm -rf job && mkrun job $U 0_d add-duration "{}" &&
	{
		rec 1 1 t1 STARTRUN 0_d $U &&
		rec 2 2 - STARTTC a &&
		rec 3 3 - STARTTC "b/c" &&
		rec 4 4 - STARTTC d &&
		rec 5 5 - ENDTC d &&
		rec 6 6 t2 ENDRUN 0_d $U
	} >recs &&
	lava-sigroute job <recs >out 2>err &&
	ls job/runs/$U/handlers/add-duration >files &&
	echo output >expect &&
	test_cmp expect files &&
	test $(wc -l <job/runs/$U/handlers/add-duration/output) = 1 &&
	test_grep "add-duration: case a: started, never ended; no duration" err &&
	test_grep "add-duration: case b/c: started, never ended; no duration" err
'

test_expect_success 'a state file that cannot be written is not left behind' '
	mkdir full && cd full &&
	# A pipe, unlike a file, is not bound by the file size limit.
	LAVA_SIGNAL_TIME=1 sh -c "trap \"\" XFSZ && ulimit -f 0 &&
		\"\$0\" starttc c; echo status \$?" "$AD" 2>&1 | cat >../err &&
	test_grep "^status 1$" ../err &&
	test_grep "add-duration: start.c: File too large" ../err &&
	ls -A >../names &&
	test ! -s ../names
'

test_done
