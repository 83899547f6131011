#!/bin/sh
# The helpers in the forms LAVA's test definitions call them, under every
# shell: --shell with one argument is shell text (eval), several are a
# command; --result in any letter case; --output FILE; lava-test-event;
# lava-test-set stop with no name; a case of a set goes by its signal.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/device/lib.sh
. "$LAVA_SRC/t/data/device/lib.sh"

echo "lava-test-case ok --result pass" >steps

for sh in $SHELLS; do
	shell_ready "the helpers" || continue
	helpers_under "$sh" "$interp" || exit 1

	test_expect_success "$sh: --shell with one argument runs it as shell text, in a subshell" '
		LAVA_RESULT_DIR=$R "$B/lava-test-case" mem --shell "id=x; echo a  b | awk '"'"'{print \$2}'"'"' && exit 3" >out &&
		printf "%s\n" "<LAVA_SIGNAL_STARTTC mem>" b "<LAVA_SIGNAL_ENDTC mem>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=mem RESULT=fail>" >expect &&
		test_cmp expect out &&
		LAVA_RESULT_DIR=$R "$B/lava-test-case" two --shell echo "a  b" "|" cat >out &&
		printf "%s\n" "<LAVA_SIGNAL_STARTTC two>" "a  b | cat" "<LAVA_SIGNAL_ENDTC two>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=two RESULT=pass>" >expect &&
		test_cmp expect out
	'

	test_expect_success "$sh: --result in any letter case is the result; other words are refused" '
		for w in PASS Fail sKiP UNKNOWN; do
			LAVA_RESULT_DIR=$R "$B/lava-test-case" "c-$w" --result "$w" || return 1
		done >out &&
		printf "%s\n" "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=c-PASS RESULT=pass>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=c-Fail RESULT=fail>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=c-sKiP RESULT=skip>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=c-UNKNOWN RESULT=unknown>" >expect &&
		test_cmp expect out &&
		cat "$R/results/c-PASS/result" "$R/results/c-Fail/result" >actual &&
		printf "pass\nfail\n" >expect &&
		test_cmp expect actual &&
		"$B/lava-test-case" c --result OK >out &&
		echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=c RESULT=OK>" >expect &&
		test_cmp expect out &&
		test_status 2 "$B/lava-test-case" c --result "O K" 2>err &&
		test_grep "bad result .O K." err &&
		"$B/lava-test-reference" r1 --result PASS --reference http://x/1 >out &&
		echo "<LAVA_SIGNAL_TESTREFERENCE TEST_CASE_ID=r1 RESULT=pass REFERENCE=http://x/1>" >expect &&
		test_cmp expect out
	'

	test_expect_success "$sh: --output FILE puts the file among the case's own lines" '
		printf "line one\nline two\n" >"$sh/log.txt" &&
		LAVA_RESULT_DIR=$R "$B/lava-test-case" ltp-x --result FAIL --output "$sh/log.txt" >out &&
		printf "%s\n" "<LAVA_SIGNAL_STARTTC ltp-x>" "line one" "line two" \
		    "<LAVA_SIGNAL_ENDTC ltp-x>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=ltp-x RESULT=fail>" >expect &&
		test_cmp expect out &&
		test_status 2 "$B/lava-test-case" ltp-y --result pass --output "$sh/none" 2>err &&
		test_grep "output .*none: cannot be read" err
	'

	test_expect_success "$sh: lava-test-event sends one message as LAVA does" '
		"$B/lava-test-event" "boot  done <now>" >out &&
		echo "<LAVA_SIGNAL_TESTEVENT boot done _now_>" >expect &&
		test_cmp expect out &&
		test_status 2 "$B/lava-test-event" a b 2>err &&
		test_status 2 "$B/lava-test-event" 2>err
	'

	test_expect_success "$sh: a case of a set goes by its signal; stop with no name closes the set" '
		{
			LAVA_RESULT_DIR=$R "$B/lava-test-set" start s1 &&
			LAVA_RESULT_DIR=$R "$B/lava-test-case" dup --result pass &&
			LAVA_RESULT_DIR=$R "$B/lava-test-set" stop &&
			LAVA_RESULT_DIR=$R "$B/lava-test-case" after --result pass
		} >out &&
		printf "%s\n" "<LAVA_SIGNAL_TESTSET START s1>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=dup RESULT=pass>" \
		    "<LAVA_SIGNAL_TESTSET STOP>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=after RESULT=pass>" >expect &&
		test_cmp expect out &&
		test ! -e "$R/results/dup" && test -f "$R/results/after/result" &&
		test ! -e "$R/testset"
	'
done

test_done
