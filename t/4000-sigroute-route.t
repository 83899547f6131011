#!/bin/sh
# lava-sigroute: records in, handler calls made, ACK lines out.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

export U=6d7c9a1e-0000-4000-8000-000000000001

test_expect_success 'ACK lines for tokens, nothing else on stdout' '
	mkdir job &&
	{
		rec 1.000001 1 - TESTCASE TEST_CASE_ID=a RESULT=pass &&
		rec 1.000002 2 4711-1 STARTTC a &&
		rec 1.000003 3 a.b_c-9 ENDTC a
	} >recs &&
	lava-sigroute job <recs >out 2>err &&
	printf "echo ok >/lava/ack/%s\n" 4711-1 a.b_c-9 >expect &&
	test_cmp expect out &&
	test ! -s err
'

test_expect_success 'the ACK names the FIFO below JOB/target-dir' '
	mkdir -p job2 &&
	echo /data/local/tmp/lava/ >job2/target-dir &&
	rec 1.5 1 tok STARTTC a | lava-sigroute job2 >out &&
	echo "echo ok >/data/local/tmp/lava/ack/tok" >expect &&
	test_cmp expect out
'

test_expect_success 'a target-dir that is not a plain absolute path is refused' '
	mkdir -p job3 &&
	echo "/lava; rm -rf /" >job3/target-dir &&
	test_status 2 lava-sigroute job3 </dev/null >out 2>err &&
	test_grep "job3/target-dir:1: not an absolute path" err &&
	echo lava >job3/target-dir &&
	test_status 2 lava-sigroute job3 </dev/null >out 2>err &&
	test ! -s out
'

test_expect_success 'bad usage exits 2' '
	test_status 2 lava-sigroute </dev/null 2>err &&
	test_grep "usage: lava-sigroute" err &&
	test_status 2 lava-sigroute no-such-dir </dev/null 2>err &&
	test_grep "no-such-dir: not a JOB directory" err &&
	test_status 2 lava-sigroute -t 0 job </dev/null 2>err &&
	test_grep "^lava-sigroute: -t 0:" err &&
	test_status 2 lava-sigroute -p x job </dev/null 2>err &&
	test_status 2 lava-sigroute -H ../evil job </dev/null 2>err &&
	test_grep "not a handler name" err
'

test_expect_success 'a run calls its handler for every event, in order' '
	mkrun run1 $U 0_smoke log-call "{\"n\":1}" &&
	{
		rec 10.000001 1 t1 STARTRUN 0_smoke $U &&
		rec 10.5 2 t2 STARTTC tc1 &&
		rec 11 3 - TESTCASE TEST_CASE_ID=tc1 RESULT=pass MEASUREMENT=3 &&
		rec 11.25 4 t3 ENDTC tc1 &&
		rec 12 5 - MYSIGNAL "a b" "c" &&
		rec 13 6 t4 ENDRUN 0_smoke $U
	} >recs &&
	lava-sigroute run1 <recs >out 2>err &&
	test ! -s err &&
	test_grep -c "echo ok >/lava/ack/t[1-4]" out &&
	test $(wc -l <out) = 4 &&
	cat >expect <<-EOF &&
	start
	starttc tc1
	signal TESTCASE TEST_CASE_ID=tc1 RESULT=pass MEASUREMENT=3
	endtc tc1
	signal MYSIGNAL a b c
	end
	EOF
	test_cmp expect run1/runs/$U/handlers/log-call/calls
'

test_expect_success 'another run'\''s ENDRUN ends nothing; a FOREIGN record reaches nobody' '
	mkrun runf $U 0_smoke log-call "{}" &&
	{
		rec 10 1 t1 STARTRUN 0_smoke $U &&
		rec 11 2 - ENDRUN 1_other 6d7c9a1e-0000-4000-8000-000000000002 &&
		rec 12 3 - FOREIGN ENDRUN 0_smoke $U &&
		rec 13 4 - FOREIGN STARTTC x &&
		rec 14 5 - TESTCASE TEST_CASE_ID=after RESULT=pass &&
		rec 15 6 t2 ENDRUN 0_smoke $U
	} >frecs &&
	lava-sigroute runf <frecs >fout 2>ferr &&
	printf "echo ok >/lava/ack/%s\n" t1 t2 >expect &&
	test_cmp expect fout &&
	test_grep "ENDRUN does not name run $U; ignored (the run goes on)" ferr &&
	test "$(wc -l <ferr)" -eq 1 &&
	printf "%s\n" start "signal TESTCASE TEST_CASE_ID=after RESULT=pass" end >expect &&
	test_cmp expect runf/runs/$U/handlers/log-call/calls &&
	test ! -e runf/runs/$U/incomplete
'

test_expect_success 'a handler gets its environment, cwd and output file' '
	d=$(cd run1 && pwd)/runs/$U/handlers/log-call &&
	cat >expect <<-EOF &&
	cwd=$d
	uuid=$U
	id=0_smoke
	time=13
	params={"n":1}
	dir=$d
	job=$(cd run1 && pwd)
	EOF
	test_cmp expect "$d/got-env" &&
	printf "{\"event\":\"%s\"}\n" start starttc signal endtc signal end \
		>expect &&
	test_cmp expect "$d/output"
'

test_expect_success 'a second pass appends to the output file' '
	lava-sigroute run1 <recs >out 2>err &&
	test $(wc -l <run1/runs/$U/handlers/log-call/output) = 12
'

test_expect_success 'the handler reads its params with jq' '
	handler params <<-\EOF &&
	printf "%s\n" "$LAVA_HANDLER_PARAMS" | jq -c .size
	EOF
	mkrun run2 $U 0_p params "{\"size\":[1,2]}" &&
	rec 1 1 - STARTRUN 0_p $U | lava-sigroute run2 >out &&
	printf "%s\n" "[1,2]" "[1,2]" >expect &&
	test_cmp expect run2/runs/$U/handlers/params/output
'

test_expect_success 'handlers.tsv handlers, then -H ones, each once' '
	handler first "echo first \$1 >>\$LAVA_JOB/order" &&
	handler second "echo second \$1 >>\$LAVA_JOB/order" &&
	handler third "echo third \$1 >>\$LAVA_JOB/order" &&
	mkrun run3 $U 0_o second "" first "{}" second "{}" &&
	{
		rec 1 1 - STARTRUN 0_o $U &&
		rec 2 2 - ENDRUN 0_o $U
	} >recs &&
	lava-sigroute -H third -H first run3 <recs >out 2>err &&
	cat >expect <<-EOF &&
	second start
	first start
	third start
	second end
	first end
	third end
	EOF
	test_cmp expect run3/order &&
	test_grep "handler second named twice" err &&
	test_grep "handler first named twice" err
'

test_expect_success '-H handlers run for every run, with params {}' '
	mkrun run4 $U 0_h &&
	rec 1 1 - STARTRUN 0_h $U | lava-sigroute -H log-call run4 >out 2>err &&
	test_grep "^params={}\$" run4/runs/$U/handlers/log-call/got-env
'

test_expect_success 'STARTTC/ENDTC are paired as the seed did' '
	mkrun run5 $U 0_tc log-call "{}" &&
	{
		rec 1 1 - STARTRUN 0_tc $U &&
		rec 2 2 - STARTTC a &&
		rec 3 3 - ENDTC b &&
		rec 4 4 - STARTTC c &&
		rec 5 5 - ENDTC c &&
		rec 6 6 k1 ENDTC c &&
		rec 7 7 - ENDRUN 0_tc $U
	} >recs &&
	lava-sigroute run5 <recs >out 2>err &&
	cat >expect <<-EOF &&
	start
	starttc a
	starttc c
	endtc c
	end
	EOF
	test_cmp expect run5/runs/$U/handlers/log-call/calls &&
	test_grep "stdin:3: ENDTC b received but expecting a; not passed on" err &&
	test_grep "stdin:4: STARTTC c while case a is open" err &&
	test_grep "stdin:6: ENDTC c received but no case is open" err &&
	echo "echo ok >/lava/ack/k1" >expect &&
	test_cmp expect out
'

test_expect_success 'signals outside a run reach no handler but are ACKed' '
	mkrun run6 $U 0_out log-call "{}" &&
	{
		rec 1 1 a1 STARTTC x &&
		rec 2 2 - STARTRUN 0_out $U &&
		rec 3 3 - ENDRUN 0_out $U &&
		rec 4 4 a2 CUSTOM y
	} >recs &&
	lava-sigroute run6 <recs >out 2>err &&
	printf "echo ok >/lava/ack/%s\n" a1 a2 >expect &&
	test_cmp expect out &&
	printf "%s\n" start end >expect &&
	test_cmp expect run6/runs/$U/handlers/log-call/calls
'

test_expect_success 'a STARTRUN id unlike the run dir id: warned, the dir id used' '
	mkrun run7 $U 0_real log-call "{}" &&
	rec 1 1 - STARTRUN 0_other $U | lava-sigroute run7 >out 2>err &&
	test_grep "STARTRUN 0_other: run $U has id 0_real" err &&
	test_grep "^id=0_real\$" run7/runs/$U/handlers/log-call/got-env
'

test_expect_success '-p paces the ACK bytes without changing them' '
	rec 1 1 slow STARTTC a >recs &&
	lava-sigroute -p 1 job <recs >out &&
	echo "echo ok >/lava/ack/slow" >expect &&
	test_cmp expect out
'

test_expect_success 'a write error on stdout is reported, exit 1' '
	rec 1 1 t1 STARTTC a >recs &&
	test_status 1 lava-sigroute job <recs >/dev/full 2>err &&
	test_grep "write error on stdout" err
'

test_expect_success 'after an ACK write error, the records read still reach the handlers' '
	mkrun wjob $U 0_w log-call "{}" &&
	{
		rec 1 1 - STARTRUN 0_w $U &&
		rec 2 2 t1 STARTTC a &&
		rec 3 3 t2 ENDTC a &&
		rec 4 4 - ENDRUN 0_w $U
	} >recs &&
	test_status 1 lava-sigroute wjob <recs >/dev/full 2>err &&
	grep -c "write error on stdout" err >count &&
	echo 1 >expect && test_cmp expect count &&
	printf "%s\n" start "starttc a" "endtc a" end >expect &&
	test_cmp expect wjob/runs/$U/handlers/log-call/calls &&
	test ! -e wjob/runs/$U/incomplete
'

test_expect_success 'handler names from handlers.tsv are checked' '
	mkrun run8 $U 0_n ../log-call "{}" -x "{}" "a/b" "{}" log-call "{}" &&
	rec 1 1 - STARTRUN 0_n $U | lava-sigroute run8 >out 2>err &&
	test_grep "handlers.tsv:1:1: not a handler name" err &&
	test_grep "handlers.tsv:2:1: not a handler name" err &&
	test_grep "handlers.tsv:3:1: not a handler name" err &&
	test $(ls run8/runs/$U/handlers) = log-call
'

test_expect_success 'a relative LAVA_HANDLER_PATH works from the state dir' '
	handler rel <<-\EOF &&
	printf "{\"arg\":\"%s\"}\n" "$1"
	EOF
	mkrun run10 $U 0_r rel "{}" &&
	rec 1 1 - STARTRUN 0_r $U |
		LAVA_HANDLER_PATH=h lava-sigroute run10 >out 2>err &&
	echo "{\"arg\":\"start\"}" >expect1 &&
	echo "{\"arg\":\"end\"}" >>expect1 &&
	test_cmp expect1 run10/runs/$U/handlers/rel/output
'

test_expect_success 'a handler found twice: the first on the path, one warning' '
	handler log-call "echo mine" &&
	mkrun run9 $U 0_d log-call "{}" &&
	{
		rec 1 1 - STARTRUN 0_d $U &&
		rec 2 2 - STARTTC a &&
		rec 3 3 - ENDRUN 0_d $U
	} >recs &&
	lava-sigroute run9 <recs >out 2>err &&
	test_grep "handler log-call: found as .*/h/log-call and as .*/t/data/sigroute/log-call; using the first" err &&
	test $(grep -c "found as" err) = 1 &&
	printf "mine\n" >expect1 && cat expect1 expect1 expect1 >expect &&
	test_cmp expect run9/runs/$U/handlers/log-call/output &&
	rm h/log-call
'

test_done
