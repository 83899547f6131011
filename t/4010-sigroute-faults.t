#!/bin/sh
# lava-sigroute: whatever a handler or the input does wrong, routing goes
# on and every ACK is typed within its limit.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

export U=0f1e2d3c-0000-4000-8000-000000000002

# routes NAME: a run whose handlers are NAME then log-call, fed a case and
# the run's end, all waiting for an ACK; out, err and calls are kept.
routes() {
	rm -rf job && mkrun job $U 0_f "$1" "{}" log-call "{}" &&
	{
		rec 1 1 s1 STARTRUN 0_f $U &&
		rec 2 2 s2 STARTTC tc &&
		rec 3 3 s3 ENDTC tc &&
		rec 4 4 s4 ENDRUN 0_f $U
	} >recs &&
	shift &&
	lava-sigroute "$@" job <recs >out 2>err &&
	printf "echo ok >/lava/ack/%s\n" s1 s2 s3 s4 >expect &&
	test_cmp expect out &&
	printf "%s\n" start "starttc tc" "endtc tc" end >expect &&
	test_cmp expect job/runs/$U/handlers/log-call/calls
}

test_expect_success 'a handler that does not exist' '
	routes no-such-handler &&
	test_grep "handler no-such-handler: not found on LAVA_HANDLER_PATH" err &&
	test $(grep -c no-such-handler err) = 1 &&
	test ! -e job/runs/$U/handlers/no-such-handler
'

test_expect_success 'a handler that is not executable' '
	handler noexec "exit 0" && chmod -x h/noexec &&
	routes noexec &&
	test_grep "handler noexec: not executable" err
'

test_expect_success 'a handler that cannot be exec(2)ed' '
	mkdir -p h && printf "\177ELF garbage" >h/badexec && chmod +x h/badexec &&
	routes badexec &&
	test_grep "badexec: cannot run: Exec format error" err
'

test_expect_success 'a handler that exits non-zero' '
	handler fails "echo broken >&2; exit 3" &&
	routes fails &&
	test_grep "^lava-sigroute: fails: broken\$" err &&
	test_grep "^lava-sigroute: fails: exited with status 3\$" err
'

test_expect_success 'a handler killed by a signal' '
	handler crashes "kill -SEGV \$\$" &&
	routes crashes &&
	test_grep "crashes: killed by signal SIGSEGV (Segmentation fault)" err
'

test_expect_success 'a handler that sleeps forever is stopped at -t, group and all' '
	handler hangs <<-\EOF &&
	sleep 1000 &
	echo $! >>child.pids
	wait
	EOF
	routes hangs -t 1 &&
	test $(grep -c "hangs: time limit of 1s passed: stopped" err) = 4 &&
	for p in $(cat job/runs/$U/handlers/hangs/child.pids); do
		test_must_fail alive $p || return 1
	done
'

test_expect_success 'a handler that ignores SIGTERM gets SIGKILL' '
	handler stubborn <<-\EOF &&
	trap "echo got TERM >&2" TERM
	while :; do sleep 1; done
	EOF
	rm -rf job && mkrun job $U 0_f stubborn "{}" &&
	rec 1 1 k1 STARTRUN 0_f $U | lava-sigroute -t 0.2 job >out 2>err &&
	echo "echo ok >/lava/ack/k1" >expect &&
	test_cmp expect out &&
	test_grep "stubborn: time limit of 0.2s passed: stopped" err
'

test_expect_success 'a handler that leaves a child holding stdout and stderr' '
	handler leaves <<-\EOF &&
	sleep 1000 &
	echo $! >>child.pids
	echo "{}"
	EOF
	routes leaves &&
	test ! -s err &&
	pids=$(cat job/runs/$U/handlers/leaves/child.pids) &&
	test $(echo $pids | wc -w) = 4 &&
	for p in $pids; do alive $p && kill $p || return 1; done
'

test_expect_success 'a handler that prints megabytes on stdout' '
	handler floods "head -c 2000000 /dev/zero | tr \"\\\\0\" x" &&
	routes floods &&
	test ! -s err &&
	test $(wc -c <job/runs/$U/handlers/floods/output) = 8000000
'

test_expect_success 'a handler that prints megabytes on stderr: bounded' '
	handler shouts <<-\EOF &&
	{ head -c 2000000 /dev/zero | tr "\0" x && echo; } >&2
	yes "a line of noise" | head -n 100000 >&2
	EOF
	routes shouts &&
	test_grep "^lava-sigroute: shouts: xxxx*x \[cut\]\$" err &&
	test_grep "^lava-sigroute: shouts: 99745 more lines on stderr dropped\$" err &&
	test $(wc -c <err) -lt 1000000
'

test_expect_success 'a handler that floods stderr without end is stopped in time' '
	handler yells "yes \"a line of noise\" >&2" &&
	routes yells -t 1 &&
	test $(grep -c "yells: time limit of 1s passed: stopped" err) = 4
'

test_expect_success 'a handler that prints control bytes on stderr' '
	handler ansi "printf \"\\\\033[2J\\\\rboo\\\\n\" >&2" &&
	routes ansi &&
	test_grep "^lava-sigroute: ansi: ?\[2J?boo\$" err
'

test_expect_success 'a handler that prints no JSON: kept for lava-bundle to judge' '
	handler chatty "echo not json; printf \"no newline\"" &&
	routes chatty &&
	test ! -s err &&
	test_grep -x "not json" job/runs/$U/handlers/chatty/output
'

test_expect_success 'a STARTRUN with an unknown uuid' '
	mkrun job2 $U 0_k log-call "{}" &&
	{
		rec 1 1 u1 STARTRUN 0_x 00000000-dead-beef-0000-000000000000 &&
		rec 2 2 u2 STARTTC a &&
		rec 3 3 u3 ENDRUN 0_x 00000000-dead-beef-0000-000000000000 &&
		rec 4 4 u4 STARTRUN 0_k $U
	} >recs &&
	lava-sigroute job2 <recs >out 2>err &&
	printf "echo ok >/lava/ack/%s\n" u1 u2 u3 u4 >expect &&
	test_cmp expect out &&
	test_grep "stdin:1: STARTRUN 0_x: unknown run uuid 00000000-dead-beef-0000-000000000000; no handler called" err &&
	test_grep -x start job2/runs/$U/handlers/log-call/calls &&
	test ! -e job2/runs/00000000-dead-beef-0000-000000000000
'

test_expect_success 'a uuid that is a path is only ever an unknown uuid' '
	mkrun job3 $U 0_k log-call "{}" &&
	rec 1 1 p1 STARTRUN 0_x ../../etc | lava-sigroute job3 >out 2>err &&
	test_grep "unknown run uuid ../../etc" err &&
	echo "echo ok >/lava/ack/p1" >expect &&
	test_cmp expect out
'

test_expect_success 'malformed record lines are reported by line and skipped' '
	{
		echo "not a record" &&
		rec x 2 - STARTTC a &&
		rec 1 2 - "" &&
		rec 1 2 t1 STARTTC a &&
		head -c 70000 /dev/zero | tr "\0" a && echo &&
		printf "1\t3\tt9\tSTARTTC\tab\0cd\n" &&
		printf "1\t3\tt8\tSTARTTC\tab\033[2Jcd\n" &&
		rec 1 5 t2 ENDTC a
	} >recs &&
	lava-sigroute job3 <recs >out 2>err &&
	printf "echo ok >/lava/ack/%s\n" t1 t2 >expect &&
	test_cmp expect out &&
	test_grep "stdin:1: not a record: fewer than 4 fields; skipped" err &&
	test_grep "stdin:2: not a record: TIME is not SECONDS.MICROSECONDS" err &&
	test_grep "stdin:3: not a record: NAME is empty" err &&
	test_grep "stdin:5: longer than 65536 bytes or holds a NUL byte" err &&
	test_grep "stdin:6: longer than 65536 bytes or holds a NUL byte" err &&
	test_grep "stdin:7: not a record: a control byte in a field; skipped" err
'

test_expect_success 'input ending inside a run: the run is ended, noted incomplete' '
	mkrun job4 $U 0_e log-call "{}" &&
	{
		rec 1 1 - STARTRUN 0_e $U &&
		rec 2 2 e1 STARTTC a
	} >recs &&
	lava-sigroute job4 <recs >out 2>err &&
	echo "echo ok >/lava/ack/e1" >expect &&
	test_cmp expect out &&
	echo "input ended before ENDRUN" >expect &&
	test_cmp expect job4/runs/$U/incomplete &&
	test_grep "run 0_e: input ended before ENDRUN" err &&
	printf "%s\n" start "starttc a" end >expect &&
	test_cmp expect job4/runs/$U/handlers/log-call/calls
'

test_expect_success 'the runner exiting or the time limit inside a run' '
	mkrun job5 $U 0_x log-call "{}" &&
	{
		rec 1 1 - STARTRUN 0_x $U &&
		rec 2 2 - EXIT
	} | lava-sigroute job5 >out 2>err &&
	echo "the test runner exited before ENDRUN" >expect &&
	test_cmp expect job5/runs/$U/incomplete &&
	{
		rec 1 1 - STARTRUN 0_x $U &&
		rec 2 2 - TIMEOUT
	} | lava-sigroute job5 >out 2>err &&
	echo "the time limit passed before ENDRUN" >expect &&
	test_cmp expect job5/runs/$U/incomplete &&
	printf "%s\n" start end start end >expect &&
	test_cmp expect job5/runs/$U/handlers/log-call/calls
'

test_expect_success 'a run completed has no incomplete file' '
	mkrun job6 $U 0_c log-call "{}" &&
	{
		rec 1 1 - STARTRUN 0_c $U &&
		rec 2 2 - ENDRUN 0_c $U &&
		rec 3 3 - EXIT
	} | lava-sigroute job6 >out 2>err &&
	test ! -s err &&
	test ! -e job6/runs/$U/incomplete
'

test_expect_success 'a token that fails the check: no ACK typed, a warning' '
	mkrun job7 $U 0_t log-call "{}" &&
	{
		rec 1 1 - STARTRUN 0_t $U &&
		rec 2 2 "x;reboot" STARTTC a &&
		rec 3 3 "\$(id)" ENDTC a &&
		rec 4 4 $(printf "%065d" 0) MY &&
		rec 5 5 ok-1 MY
	} >recs &&
	lava-sigroute job7 <recs >out 2>err &&
	echo "echo ok >/lava/ack/ok-1" >expect &&
	test_cmp expect out &&
	test_grep "stdin:2: STARTTC: bad ACK token; no ACK typed" err &&
	test_grep "stdin:3: ENDTC: bad ACK token; no ACK typed" err &&
	test_grep "stdin:4: MY: bad ACK token; no ACK typed" err &&
	printf "%s\n" start "starttc a" "endtc a" "signal MY" "signal MY" end >expect &&
	test_cmp expect job7/runs/$U/handlers/log-call/calls
'

test_expect_success 'a STARTRUN before the last ENDRUN ends that run first' '
	V=11111111-0000-4000-8000-000000000003 &&
	mkrun job8 $U 0_a log-call "{}" && mkrun job8 $V 1_b log-call "{}" &&
	{
		rec 1 1 - STARTRUN 0_a $U &&
		rec 2 2 - STARTRUN 1_b $V &&
		rec 3 3 - ENDRUN 1_b $V
	} | lava-sigroute job8 >out 2>err &&
	echo "STARTRUN of another run before ENDRUN" >expect &&
	test_cmp expect job8/runs/$U/incomplete &&
	test ! -e job8/runs/$V/incomplete &&
	printf "%s\n" start end >expect &&
	test_cmp expect job8/runs/$U/handlers/log-call/calls &&
	test_cmp expect job8/runs/$V/handlers/log-call/calls
'

test_done
