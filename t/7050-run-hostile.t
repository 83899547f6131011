#!/bin/sh
# lava-runjob with a hostile local device: what a test leaves in its
# results dir cannot stall the host, and nothing a device chose reaches
# the operator's terminal unprintable.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

# A guard, not a measure: a stage that never returns fails the test
# instead of hanging the suite.
guard() {
	timeout -k 5 300 "$@"
}

test_expect_success 'escape sequences in case ids are made printable in the summary' '
	cat >esc.yaml <<-\EOF &&
	metadata: {name: esc}
	run:
	  steps:
	  - |-
	    printf "row-above: pass\n"
	  - |-
	    printf "up\033[1A\033[2Kdown: fail\n"
	  - |-
	    printf "bell\007\302\233x: pass\n"
	parse:
	  pattern: "^(?P<test_case_id>[^:]+): (?P<result>pass|fail)$"
	EOF
	guard lava-runjob -t 60 -o job esc.yaml >summary 2>err &&
	jq -r ".test_runs[].test_results[].test_case_id" job/bundle.json >ids &&
	test_grep "$(printf "up\033")" ids &&
	test_must_fail grep "$(printf "\033")" summary &&
	test_must_fail grep "$(printf "\007")" summary &&
	test_must_fail grep "$(printf "\302\233")" summary &&
	test_grep "^esc  *up?\[1A?\[2Kdown  *fail" summary &&
	test_grep "^esc  *bell??x  *pass" summary &&
	test_grep "^esc  *row-above  *pass" summary
'

test_expect_success 'a FIFO and device-file links in the results dir stall nothing' '
	cat >fifo.yaml <<-\EOF &&
	metadata: {name: fifo}
	run:
	  steps:
	  - |-
	    echo "one: pass"
	  - rm "$LAVA_RESULT_DIR/stdout.log" && mkfifo "$LAVA_RESULT_DIR/stdout.log"
	  - mkdir -p "$LAVA_RESULT_DIR/results/z" && ln -s /dev/zero "$LAVA_RESULT_DIR/results/z/result"
	  - mkfifo "$LAVA_RESULT_DIR/attachments/pipe"
	  - ln -s /dev/zero "$LAVA_RESULT_DIR/attributes/zero"
	parse:
	  pattern: "^(?P<test_case_id>[^:]+): (?P<result>pass|fail)$"
	EOF
	guard lava-runjob -t 60 -o job2 fifo.yaml >summary 2>err;
	test $? = 1 &&
	test_grep "lava-bundle: job2/results/0_fifo-[0-9.]*/stdout.log: not a regular file" err &&
	"$LAVA_SRC/t/bundle-check" job2/bundle.json
'

test_done
