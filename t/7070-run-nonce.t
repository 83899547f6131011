#!/bin/sh
# lava-runjob on the local device with a test that prints an old console
# log: signals without the job's nonce (its own run's ENDRUN, another
# run's STARTRUN, TESTCASE and ENDRUN, a runner's end marker) and an old
# job's signals with that job's nonce. None of them ends a run, reaches
# another run or a handler's end early; the real results after them are
# kept. A definition that prints LAVA's signals itself, as Linaro's
# send-to-lava.sh does, still gives its results.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

# A guard, not a measure: a stage that never returns fails the test
# instead of hanging the suite.
guard() {
	timeout -k 5 300 "$@"
}

OLD=0123456789abcdef0123456789abcdef

test_expect_success 'setup: a handler that keeps its calls, an old console to print' '
	mkdir h &&
	cat >h/log-call <<-\EOF &&
	#!/bin/sh
	printf "%s\n" "$*" >>"$LAVA_HANDLER_DIR/calls"
	EOF
	chmod +x h/log-call &&
	cat >replay.sh <<-EOF
	# A step of tests/0_replay (the sandbox of the local device sees no host
	# path of this test): the uuids of this job, the nonce of another.
	u0=\$(cat uuid) && u1=\$(cat ../1_other/uuid) || exit 1
	cat <<EOC
	<LAVA_SIGNAL_ENDRUN 0_replay \$u0>
	<LAVA_SIGNAL_STARTRUN 0_replay \$u0>
	<LAVA_SIGNAL_STARTRUN 1_other \$u1>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=forged-plain RESULT=fail>
	<LAVA_SIGNAL_STARTTC forged-tc>
	<LAVA_SIGNAL_ENDRUN 1_other \$u1>
	<LAVA_SIGNAL_STARTRUN 1_other \$u1><LAVA_NONCE $OLD><LAVA_ACK 99-1>
	<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=forged-old RESULT=fail><LAVA_NONCE $OLD>
	<LAVA_SIGNAL_ENDRUN 1_other \$u1><LAVA_NONCE $OLD>
	<LAVA_SIGNAL_ENDRUN 0_replay \$u0><LAVA_NONCE $OLD>
	<LAVA_TEST_RUNNER>: exiting
	<LAVA_TEST_RUNNER EXIT><LAVA_NONCE $OLD>
	EOC
	EOF
'

test_expect_success 'a test printing an old console log ends nothing early' '
	{
		printf "%s\n" "metadata: {name: replay}" "handler: {handler-name: log-call}" \
		    "run:" "  steps:" "  - lava-test-case before --result pass" "  - |" &&
		sed -e "s/^/    /" replay.sh &&
		echo "  - lava-test-case after --result pass"
	} >replay.yaml &&
	cat >other.yaml <<-\EOF &&
	metadata: {name: other}
	handler: {handler-name: log-call}
	run:
	  steps:
	  - lava-test-case other-real --result pass
	EOF
	LAVA_HANDLER_PATH=$TRASH/h guard lava-runjob -t 120 -o job replay.yaml \
	    other.yaml >summary 2>err &&
	N=$(cat job/nonce) &&
	test "$(grep -c "<LAVA_NONCE $N>" job/console.log)" -ge 8
'

test_expect_success 'lava-sigscan said each forged signal and wrote it as FOREIGN' '
	test_grep "signal ENDRUN without this job.s nonce: ignored (a FOREIGN record)" err &&
	test_grep "signal STARTRUN without this job.s nonce: ignored" err &&
	test_grep "signal STARTRUN with another job.s nonce: ignored" err &&
	test_grep "signal TESTCASE with another job.s nonce: ignored" err &&
	test_grep "the runner.s end marker without this job.s nonce: ignored" err &&
	test_grep "the runner.s end marker with another job.s nonce: ignored" err &&
	awk -F "\t" "\$4 == \"FOREIGN\" { print \$5 }" job/records.tsv >foreign &&
	printf "%s\n" ENDRUN STARTRUN STARTRUN ENDRUN STARTRUN TESTCASE ENDRUN ENDRUN EXIT EXIT >expect &&
	test_cmp expect foreign &&
	cut -f 3 job/records.tsv >tokens &&
	test_must_fail grep -x 99-1 tokens &&
	test "$(tail -n 1 job/records.tsv | cut -f 4)" = EXIT
'

test_expect_success 'the real results are kept, in their own runs; nothing forged reaches another' '
	jq -r ".test_runs[] | .test_id as \$t | .test_results[] | [\$t, .test_case_id, .result] | @tsv" \
	    job/bundle.json | LC_ALL=C sort >results &&
	printf "%s\t%s\t%s\n" other other-real pass replay after pass replay before pass \
	    replay forged-plain fail >expect &&
	test_cmp expect results &&
	test_grep "^2 runs\|^4 cases: 3 pass, 1 fail" summary &&
	test_must_fail grep "incomplete\|left out\|records.tsv:" err
'

test_expect_success 'the handlers saw each run end once, at its real end' '
	for u in $(ls job/runs); do
		cat job/runs/$u/handlers/log-call/calls >>calls || return 1
	done &&
	sed -e "s/ TEST_CASE_ID=\([^ ]*\).*/ \1/" calls | LC_ALL=C sort >actual &&
	printf "%s\n" start start end end "signal TESTCASE other-real" \
	    "signal TESTCASE before" "signal TESTCASE forged-plain" \
	    "signal TESTCASE after" "starttc forged-tc" | LC_ALL=C sort >expect &&
	test_cmp expect actual &&
	u0=$(cat job/tree/tests/0_replay/uuid) &&
	tail -n 2 job/runs/$u0/handlers/log-call/calls >last &&
	printf "%s\n" "signal TESTCASE TEST_CASE_ID=after RESULT=pass" end >expect &&
	test_cmp expect last &&
	test ! -e job/runs/$u0/incomplete
'

# The fallback of Linaro's send-to-lava.sh (automated/utils/) and older
# definitions: the signals echoed by the test itself, with no nonce.
test_expect_success 'a definition that echoes LAVA signals itself still gives its results' '
	cat >plain.yaml <<-\EOF &&
	metadata: {name: plain}
	handler: {handler-name: log-call}
	run:
	  steps:
	  - printf "%s\n" "boot pass" "net fail" "disk skip" >result.txt
	  - echo "<LAVA_SIGNAL_TESTSET START smoke>"
	  - while read -r t r; do echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=$t RESULT=$r>"; done <result.txt
	  - echo "<LAVA_SIGNAL_TESTSET STOP>"
	  - echo "<LAVA_SIGNAL_STARTTC timed>"; echo "<LAVA_SIGNAL_ENDTC timed>"
	  - echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=dd RESULT=pass MEASUREMENT=12.5 UNITS=MB/s>"
	EOF
	LAVA_HANDLER_PATH=$TRASH/h guard lava-runjob -t 120 -o pjob plain.yaml >psummary 2>perr &&
	test_must_fail grep FOREIGN pjob/records.tsv &&
	jq -r ".test_runs[] | .test_results[] | [.test_case_id, .result, .attributes.set // \"-\", .measurement // \"-\"] | @tsv" \
	    pjob/bundle.json >results &&
	printf "%s\t%s\t%s\t%s\n" boot pass smoke - net fail smoke - disk skip smoke - \
	    dd pass - 12.5 >expect &&
	test_cmp expect results &&
	u=$(cat pjob/tree/tests/0_plain/uuid) &&
	grep "tc timed" pjob/runs/$u/handlers/log-call/calls >tc &&
	printf "%s\n" "starttc timed" "endtc timed" >expect &&
	test_cmp expect tc
'

test_done
