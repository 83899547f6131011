#!/bin/sh
# The test helpers alone, under every shell: what they write and print,
# and the names that would write outside the results dir, refused.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/device/lib.sh
. "$LAVA_SRC/t/data/device/lib.sh"

echo "lava-test-case ok --result pass" >steps
NL='
'
export NL

# refused CMD...: CMD exits 2 with a message, prints nothing on stdout,
# and the shell's dir (where any escape from its results dir would land)
# has the same files as before.
refused() {
	find "$TRASH/$sh" | LC_ALL=C sort >"$TRASH/before"
	test_status 2 "$@" >"$TRASH/r.out" 2>"$TRASH/r.err" &&
		test_cmp /dev/null "$TRASH/r.out" &&
		test -s "$TRASH/r.err" &&
		find "$TRASH/$sh" | LC_ALL=C sort >"$TRASH/after" &&
		test_cmp "$TRASH/before" "$TRASH/after"
}

for sh in $SHELLS; do
	shell_ready "the helpers" || continue
	helpers_under "$sh" "$interp" || exit 1
	mkdir -p "$sh/work/d" && echo data >"$sh/work/log.txt" || exit 1

	test_expect_success "$sh: lava-test-case --result writes the case and signals it" '
		LAVA_RESULT_DIR=$R "$B/lava-test-case" boot-time --result pass \
		    --measurement 10.5 --units s >out &&
		echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=boot-time RESULT=pass MEASUREMENT=10.5 UNITS=s>" >expect &&
		test_cmp expect out &&
		printf "pass\n10.5\ns\n" >expect &&
		cat "$R/results/boot-time/result" "$R/results/boot-time/measurement" \
		    "$R/results/boot-time/units" >actual &&
		test_cmp expect actual
	'

	test_expect_success "$sh: lava-test-case --shell runs the command between STARTTC and ENDTC" '
		LAVA_RESULT_DIR=$R "$B/lava-test-case" pwd-ok --shell echo "a  b" >out &&
		LAVA_RESULT_DIR=$R "$B/lava-test-case" false-fails --shell false >>out &&
		printf "%s\n" "<LAVA_SIGNAL_STARTTC pwd-ok>" "a  b" \
		    "<LAVA_SIGNAL_ENDTC pwd-ok>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=pwd-ok RESULT=pass>" \
		    "<LAVA_SIGNAL_STARTTC false-fails>" \
		    "<LAVA_SIGNAL_ENDTC false-fails>" \
		    "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=false-fails RESULT=fail>" >expect &&
		test_cmp expect out &&
		echo fail >expect && test_cmp expect "$R/results/false-fails/result"
	'

	test_expect_success "$sh: a results dir that cannot be written still lets the signal out" '
		: >"$sh/work/flat" &&
		test_status 1 env LAVA_RESULT_DIR="$sh/work/flat" \
		    "$B/lava-test-case" c2 --result pass >out 2>err &&
		echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=c2 RESULT=pass>" >expect &&
		test_cmp expect out &&
		test_grep "cannot record the result" err &&
		test_status 1 env LAVA_RESULT_DIR="$sh/work/flat" \
		    "$B/lava-test-reference" c2 --result pass --reference u >out 2>err &&
		echo "<LAVA_SIGNAL_TESTREFERENCE TEST_CASE_ID=c2 RESULT=pass REFERENCE=u>" >expect &&
		test_cmp expect out &&
		test_grep "cannot record the result" err
	'

	test_expect_success "$sh: outside the runner lava-test-case only signals" '
		"$B/lava-test-case" alone --result skip >out &&
		echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=alone RESULT=skip>" >expect &&
		test_cmp expect out && test ! -e "$R/results/alone"
	'

	test_expect_success "$sh: lava-test-case refuses bad results, measurements and usage" '
		export LAVA_RESULT_DIR="$R" &&
		refused "$B/lava-test-case" c1 --result "may be" &&
		test_grep "bad result" "$TRASH/r.err" &&
		refused "$B/lava-test-case" c1 --result "a<b" &&
		refused "$B/lava-test-case" c1 --result "" &&
		refused "$B/lava-test-case" c1 --result pass --measurement "1;rm" &&
		refused "$B/lava-test-case" c1 --result pass --units "a b" &&
		refused "$B/lava-test-case" c1 --result &&
		refused "$B/lava-test-case" c1 --result pass --colour red &&
		refused "$B/lava-test-case" c1 --shell &&
		refused "$B/lava-test-case" c1 &&
		refused "$B/lava-test-case" &&
		"$B/lava-test-case" -h >out && test_grep "^usage: lava-test-case" out
	'

	test_expect_success "$sh: a case id cannot leave the results dir" '
		export LAVA_RESULT_DIR="$R" &&
		for id in .. . ../../escape a/b /abs "a${NL}b" "a b" "a<b" ""; do
			refused "$B/lava-test-case" "$id" --result pass &&
			refused "$B/lava-test-case" "$id" --shell true &&
			refused "$B/lava-test-case-attach" "$id" "$sh/work/log.txt" &&
			refused "$B/lava-test-reference" "$id" --result pass \
			    --reference http://x/ || return 1
		done &&
		test ! -e "$TRASH/$sh/res/escape" && test ! -e "$TRASH/$sh/escape"
	'

	test_expect_success "$sh: lava-test-case-attach copies the file and its mime type" '
		LAVA_RESULT_DIR=$R "$B/lava-test-case-attach" boot-time \
		    "$sh/work/log.txt" text/plain >out &&
		test_cmp /dev/null out &&
		test_cmp "$sh/work/log.txt" "$R/results/boot-time/attachments/log.txt" &&
		echo text/plain >expect &&
		test_cmp expect "$R/results/boot-time/attachments/log.txt.mimetype"
	'

	test_expect_success "$sh: an attachment name cannot leave the case dir" '
		export LAVA_RESULT_DIR="$R" &&
		printf x >"$sh/work/d/a${NL}b" &&
		refused "$B/lava-test-case-attach" boot-time "$sh/work/d/.." &&
		test_grep "bad attachment name" "$TRASH/r.err" &&
		refused "$B/lava-test-case-attach" boot-time .. &&
		refused "$B/lava-test-case-attach" boot-time "$sh/work/d/a${NL}b" &&
		refused "$B/lava-test-case-attach" boot-time "$sh/work/d" &&
		refused "$B/lava-test-case-attach" boot-time "$sh/work/none" &&
		refused "$B/lava-test-case-attach" boot-time "$sh/work/log.txt" "a${NL}b" &&
		refused "$B/lava-test-case-attach" boot-time &&
		LAVA_RESULT_DIR= refused "$B/lava-test-case-attach" boot-time "$sh/work/log.txt"
	'

	test_expect_success "$sh: lava-test-reference writes the result and the reference" '
		LAVA_RESULT_DIR=$R "$B/lava-test-reference" ref --result fail \
		    --reference "https://example.com/a?b=1&c" >out &&
		echo "<LAVA_SIGNAL_TESTREFERENCE TEST_CASE_ID=ref RESULT=fail REFERENCE=https://example.com/a?b=1&c>" >expect &&
		test_cmp expect out &&
		echo fail >expect && test_cmp expect "$R/results/ref/result" &&
		echo "https://example.com/a?b=1&c" >expect &&
		test_cmp expect "$R/results/ref/attributes/reference" &&
		refused "$B/lava-test-reference" ref --result pass --reference "a b" &&
		refused "$B/lava-test-reference" ref --result pass
	'

	test_expect_success "$sh: lava-test-set and lava-test-raise signal" '
		"$B/lava-test-set" start "s1" >out &&
		"$B/lava-test-set" stop >>out &&
		test_status 1 "$B/lava-test-raise" "bad  thing" happened >>out &&
		printf "%s\n" "<LAVA_SIGNAL_TESTSET START s1>" "<LAVA_SIGNAL_TESTSET STOP>" \
		    "<LAVA_SIGNAL_TESTRAISE bad thing happened>" >expect &&
		test_cmp expect out &&
		refused "$B/lava-test-set" start "a<b" &&
		refused "$B/lava-test-set" start &&
		refused "$B/lava-test-set" pause x &&
		refused "$B/lava-test-raise"
	'
done

test_done
