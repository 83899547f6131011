#!/bin/sh
# lava-test-runner and the helpers a test calls, under every shell: a
# definition with install and run steps runs to completion, with and
# without ACKs, and leaves the results dir of lava-test-definition(5).
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/device/lib.sh
. "$LAVA_SRC/t/data/device/lib.sh"

D=$LAVA_SRC/t/data/device
export D

# run_runner TARGET: run TARGET's runner as the console shell would, a
# host answering its signals; console in ./console, stderr in ./err,
# exit status in ./rc.
run_runner() {
	{
		"$1/bin/lava-test-runner" 2>err
		echo $? >rc
	} | host "$1/ack" >console
}

# signals <CONSOLE: the signals of a console, the run's uuid as UUID.
signals() {
	sed -n -e 's/.*\(<LAVA_SIGNAL_[^>]*>\).*/\1/p' |
		sed -e "s/$(cat "$T"/tests/0_smoke/uuid)/UUID/"
}

# layout TARGET: the files of TARGET/results, the run's time as TS.
layout() {
	(cd "$1" && find results | sed -e 's/0_smoke-[0-9][0-9.]*/0_smoke-TS/' | LC_ALL=C sort)
}

for sh in $SHELLS; do
	shell_ready "the runner" || continue
	T=$TRASH/$sh/lava
	export T

	test_expect_success "$sh: a synchronous run ends, every signal ACKed" '
		mkdir -p "$sh" && cd "$sh" &&
		mktree "$T" 1 smoke "$D/smoke.install" "$D/smoke.run" &&
		setbin "$T" "$interp" &&
		LAVA_ACK_TIMEOUT=30 && export LAVA_ACK_TIMEOUT &&
		run_runner "$T" &&
		echo 0 >expect && test_cmp expect rc &&
		test_cmp /dev/null err &&
		signals <console >actual &&
		test_cmp "$D/smoke.signals" actual &&
		tail -n 1 console >last &&
		echo "<LAVA_TEST_RUNNER>: exiting" >expect &&
		test_cmp expect last
	'

	test_expect_success "$sh: each signal waited with its own token" '
		cd "$sh" &&
		grep -c "<LAVA_SIGNAL_" console >n.signals &&
		tokens <console | sort -u | wc -l | tr -d " " >n.tokens &&
		test_cmp n.signals n.tokens &&
		find "$T/ack" -type p >fifos &&
		test_cmp /dev/null fifos
	'

	test_expect_success "$sh: the results dir has the seed layout" '
		cd "$sh" &&
		layout "$T" >actual &&
		test_cmp "$D/smoke.layout" actual &&
		r=$(echo "$T"/results/0_smoke-*) &&
		echo 0 >expect && test_cmp expect "$r/return_code" &&
		test_cmp "$T/tests/0_smoke/uuid" "$r/analyzer_assigned_uuid" &&
		test_cmp "$T/tests/0_smoke/testdef.yaml" "$r/testdef.yaml" &&
		test_cmp "$T/tests/0_smoke/run.sh" "$r/attachments/run.sh" &&
		test_cmp "$T/tests/0_smoke/install.sh" "$r/attachments/install.sh" &&
		printf "%s\n" pass fail pass 10.5 s text/plain data fail \
		    "http://example.com/r?1" >expect &&
		cat "$r"/results/pass-case/result "$r"/results/fail-case/result \
		    "$r"/results/measure/result "$r"/results/measure/measurement \
		    "$r"/results/measure/units \
		    "$r"/results/measure/attachments/f.txt.mimetype \
		    "$r"/results/measure/attachments/f.txt \
		    "$r"/results/ref1/result \
		    "$r"/results/ref1/attributes/reference >actual &&
		test_cmp expect actual &&
		test ! -e "$r/results/in-set" && test ! -e "$r/testset"
	'

	test_expect_success "$sh: stdout.log holds the run, the test read no console input" '
		cd "$sh" &&
		r=$(echo "$T"/results/0_smoke-*) &&
		test_grep "^stdin is empty\$" "$r/stdout.log" &&
		test_grep "^install left: installed\$" "$r/stdout.log" &&
		signals <"$r/stdout.log" >actual &&
		test_cmp "$D/smoke.signals" actual &&
		test_grep "^<LAVA_TEST_RUNNER>: 0_smoke exited with: 0\$" console
	'

	test_expect_success "$sh: the install steps ran once; a second runner skips them" '
		cd "$sh" &&
		echo once >expect && test_cmp expect "$TRASH/installs" &&
		rm -rf "$T/results" &&
		run_runner "$T" &&
		echo 0 >expect && test_cmp expect rc &&
		echo once >expect && test_cmp expect "$TRASH/installs" &&
		r=$(echo "$T"/results/0_smoke-*) &&
		test ! -e "$r/attachments/install.log" &&
		test -f "$r/results/measure/result" &&
		rm "$TRASH/installs"
	'

	test_expect_success "$sh: without sync no signal waits or carries a token" '
		mkdir -p "$sh/nosync" && cd "$sh/nosync" &&
		mktree "$PWD/lava" 0 smoke "$D/smoke.install" "$D/smoke.run" &&
		setbin "$PWD/lava" "$interp" &&
		{ lava/bin/lava-test-runner >console 2>err; echo $? >rc; } &&
		echo 0 >expect && test_cmp expect rc &&
		test_cmp /dev/null err &&
		T=$PWD/lava signals <console >actual &&
		test_cmp "$D/smoke.signals" actual &&
		! grep "<LAVA_ACK" console &&
		test ! -e lava/ack/* &&
		rm "$TRASH/installs"
	'

	test_expect_success "$sh: lava-test-raise stops the run; ENDRUN is still sent" '
		mkdir -p "$sh/raise" && cd "$sh/raise" &&
		cat >steps <<-\EOF &&
		echo before
		sh -c "lava-test-raise disk  full; echo inner-after"
		echo after
		EOF
		mktree "$PWD/lava" 0 smoke - steps &&
		setbin "$PWD/lava" "$interp" &&
		{ lava/bin/lava-test-runner >console 2>err; echo $? >rc; } &&
		echo 1 >expect && test_cmp expect rc &&
		test_grep "^<LAVA_TEST_RUNNER>: 0_smoke raised an error: the rest is not run" console &&
		T=$PWD/lava signals <console >actual &&
		printf "%s\n" "<LAVA_SIGNAL_STARTRUN 0_smoke UUID>" \
		    "<LAVA_SIGNAL_TESTRAISE disk full>" \
		    "<LAVA_SIGNAL_ENDRUN 0_smoke UUID>" >expect &&
		test_cmp expect actual &&
		test_grep "^before\$" console &&
		! grep "after" console &&
		r=$(echo lava/results/0_smoke-*) &&
		test "$(cat "$r/return_code")" -ne 0
	'

	test_expect_success "$sh: lava-test-raise as the last step fails the run" '
		mkdir -p "$sh/raise2" && cd "$sh/raise2" &&
		echo "lava-test-raise oops" >steps &&
		mktree "$PWD/lava" 0 smoke - steps &&
		setbin "$PWD/lava" "$interp" &&
		test_must_fail lava/bin/lava-test-runner >console 2>err &&
		test_grep "<LAVA_SIGNAL_TESTRAISE oops>" console &&
		test_grep "<LAVA_SIGNAL_ENDRUN " console &&
		r=$(echo lava/results/0_smoke-*) &&
		test "$(cat "$r/return_code")" -ne 0
	'
done

if test_have lava-tdload; then
	test_expect_success 'two tests run in the order of the conf, each with its results' '
		mkdir two && cd two &&
		echo "lava-test-case a --result pass" >a.steps &&
		echo "lava-test-case b --result fail" >b.steps &&
		mkdef first - a.steps >first.yaml &&
		mkdef second - b.steps >second.yaml &&
		lava-tdload -o job --target-dir "$PWD/lava" first.yaml second.yaml &&
		mv job/tree lava &&
		lava/bin/lava-test-runner >console 2>err &&
		test_cmp /dev/null err &&
		sed -n -e "s/.*<LAVA_SIGNAL_\([A-Z]*\) \([^ >]*\).*/\1 \2/p" console >actual &&
		printf "%s\n" "STARTRUN 0_first" "TESTCASE TEST_CASE_ID=a" \
		    "ENDRUN 0_first" "STARTRUN 1_second" \
		    "TESTCASE TEST_CASE_ID=b" "ENDRUN 1_second" >expect &&
		test_cmp expect actual &&
		cat lava/results/0_first-*/results/a/result \
		    lava/results/1_second-*/results/b/result >actual &&
		printf "pass\nfail\n" >expect &&
		test_cmp expect actual
	'
else
	test_skip 'two tests run in the order of the conf' 'no lava-tdload'
fi

test_expect_success 'a host that never answers costs one limit per signal, then the run ends' '
	mkdir mute && cd mute &&
	echo "lava-test-case quiet --result pass" >steps &&
	mktree "$PWD/lava" 1 smoke - steps &&
	LAVA_ACK_TIMEOUT=1 timeout 600 lava/bin/lava-test-runner >console 2>err &&
	test_cmp /dev/null err &&
	test "$(grep -c "^lava-signal: no ACK for .* within 1 s" console)" -eq 3 &&
	test "$(grep -c "<LAVA_ACK " console)" -eq 3 &&
	echo 0 >expect &&
	test_cmp expect lava/results/0_smoke-*/return_code &&
	echo pass >expect &&
	test_cmp expect lava/results/0_smoke-*/results/quiet/result &&
	tail -n 1 console >last &&
	echo "<LAVA_TEST_RUNNER>: exiting" >expect &&
	test_cmp expect last
'

test_expect_success 'a missing runner conf is an error, still ending with the marker' '
	mkdir miss && cd miss &&
	mktree "$PWD/lava" 0 smoke - "$D/smoke.run" &&
	test_status 1 lava/bin/lava-test-runner "$PWD/none" >console 2>err &&
	test_grep "none: cannot read" err &&
	tail -n 1 console >last &&
	echo "<LAVA_TEST_RUNNER>: exiting" >expect &&
	test_cmp expect last
'

test_done
