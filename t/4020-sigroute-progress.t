#!/bin/sh
# lava-sigroute: a live progress line when stderr is a terminal, never
# on stdout and never when stderr is not a terminal.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

export U=22222222-0000-4000-8000-000000000004

# on_pty CMD: run CMD (shell text) with its stderr on a pseudo-terminal;
# what the terminal showed goes to ./screen, carriage returns as line
# ends and the erase-to-end-of-line sequences left out.
on_pty() {
	script -qec "$1" typescript </dev/null >/dev/null &&
	tr "\r" "\n" <typescript | sed -e "s/$(printf "\033")\[K//g" >screen
}

test_expect_success 'setup' '
	mkrun job $U 0_smoke &&
	{
		rec 1 1 - STARTRUN 0_smoke $U &&
		rec 2 2 t1 STARTTC tc1 &&
		rec 3 3 - TESTCASE TEST_CASE_ID=a RESULT=pass &&
		rec 4 4 - TESTCASE TEST_CASE_ID=b RESULT=fail &&
		rec 5 5 - ENDTC nope &&
		rec 6 6 - TESTCASE TEST_CASE_ID=c RESULT=skip &&
		rec 7 7 - TESTCASE TEST_CASE_ID=d RESULT=pass &&
		rec 8 8 t2 ENDTC tc1 &&
		rec 9 9 - ENDRUN 0_smoke $U
	} >recs
'

if test_have script; then
	test_expect_success 'the progress line follows the run on a terminal' '
		on_pty "lava-sigroute job <recs >acks" &&
		test_grep "lava-sigroute: run 0_smoke  case tc1  pass 2 fail 1 skip 1" screen &&
		test_grep "lava-sigroute: run 0_smoke  case -  pass 2 fail 1 skip 1" screen &&
		printf "echo ok >/lava/ack/%s\n" t1 t2 >expect &&
		test_cmp expect acks
	'
	test_expect_success 'a warning gets a line of its own' '
		test_grep "^lava-sigroute: stdin:5: ENDTC nope received but expecting tc1; not passed on$" screen
	'
	test_expect_success '-q: no progress line on a terminal' '
		on_pty "lava-sigroute -q job <recs >acks" &&
		test_must_fail grep "pass 2" screen &&
		test_grep "stdin:5: ENDTC nope" screen
	'
else
	test_skip 'the progress line on a terminal' 'no script(1)'
fi

test_expect_success 'no progress line when stderr is not a terminal' '
	lava-sigroute job <recs >acks 2>err &&
	echo "lava-sigroute: stdin:5: ENDTC nope received but expecting tc1; not passed on" >expect &&
	test_cmp expect err
'

test_done
