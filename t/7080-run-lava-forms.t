#!/bin/sh
# lava-runjob on the local device with definitions that use LAVA's forms:
# steps under set -e, --shell text with $N kept for its eval, sets that
# reuse a case id, LAVA's own TESTREFERENCE signal, and lava-test-raise,
# which ends the test action, fails the job and says so in its outcome.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

mkdir tmp && TMPDIR=$TRASH/tmp && export TMPDIR

# cases JOB: RUN/CASE RESULT [set] of each result of the bundle.
cases() {
	jq -r '.test_runs[] | .test_id as $r | (.test_results // [])[] |
		"\($r)/\(.test_case_id) \(.result)\(if .attributes.set then " " + .attributes.set else "" end)"' "$1/bundle.json"
}

test_expect_success 'a definition in LAVA forms runs as LAVA runs it' '
	cat >forms.yaml <<-\EOF &&
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: forms
	run:
	  steps:
	    - lava-test-case field-2 --shell "echo a b | awk '"'"'{print $2}'"'"' | grep -qx b"
	    - lava-test-case upper --result PASS
	    - lava-test-set start first
	    - lava-test-case dup --result pass
	    - lava-test-set stop
	    - lava-test-set start second
	    - lava-test-case dup --result fail
	    - lava-test-set stop
	    - echo "<LAVA_SIGNAL_TESTREFERENCE ref-1 pass https://example.org/r/1>"
	    - lava-test-event "halfway there"
	    - false
	    - lava-test-case not-reached --result pass
	EOF
	lava-runjob -o job forms.yaml >summary 2>err &&
	cases job >actual &&
	printf "%s\n" "forms/field-2 pass" "forms/upper pass" "forms/dup pass first" \
	    "forms/dup fail second" "forms/ref-1 pass" >expect &&
	test_cmp expect actual &&
	jq -r ".test_runs[0].test_results[] | select(.test_case_id == \"ref-1\") |
		.attributes.reference" job/bundle.json >actual &&
	echo https://example.org/r/1 >expect &&
	test_cmp expect actual &&
	test_grep "<LAVA_SIGNAL_TESTEVENT halfway there>" job/console.log &&
	test_grep "0_forms exited with: 1" job/console.log
'

test_expect_success 'run.sh keeps $N for the eval of --shell text, and leaves single quotes alone' '
	cat >quotes.yaml <<-\EOF &&
	metadata: {name: quotes}
	run:
	  steps:
	    - lava-test-case a --shell "echo x y | awk '"'"'{print $2}'"'"'"
	    - lava-test-case b --shell grep -qxF '"'"'note=$1;'"'"' file
	    - lava-test-case c --shell "echo \$1 $10 $1x"
	    - echo "$1 untouched in other steps"
	EOF
	lava-tdload -o q quotes.yaml &&
	sed -n "/^set -e\$/,/^) /p" q/tree/tests/0_quotes/run.sh >actual &&
	cat >expect <<-\EOF &&
	set -e
	lava-test-case a --shell "echo x y | awk '"'"'{print \$2}'"'"'"
	lava-test-case b --shell grep -qxF '"'"'note=$1;'"'"' file
	lava-test-case c --shell "echo \$1 \$10 $1x"
	echo "$1 untouched in other steps"
	) </dev/null
	EOF
	test_cmp expect actual
'

test_expect_success 'lava-test-raise ends the test action: no later definition runs, the job fails' '
	cat >raise.yaml <<-\EOF &&
	actions:
	- test:
	    definitions:
	    - from: inline
	      name: probe
	      path: inline/probe.yaml
	      repository:
	        metadata: {name: probe, format: Lava-Test Test Definition 1.0}
	        run:
	          steps:
	          - lava-test-case before --result pass
	          - lava-test-raise "no network device"
	          - lava-test-case after --result pass
	    - from: inline
	      name: later
	      path: inline/later.yaml
	      repository:
	        metadata: {name: later, format: Lava-Test Test Definition 1.0}
	        run:
	          steps:
	          - lava-test-case never --result pass
	EOF
	test_status 1 lava-runjob -o rjob raise.yaml >summary 2>err &&
	test_grep "lava-test-raise: no network device: the test action ended there" err &&
	cases rjob >actual &&
	printf "%s\n" "probe/before pass" "lava/job fail" >expect &&
	test_cmp expect actual &&
	jq -r ".test_runs[] | select(.test_id == \"lava\") | .test_results[0].attributes |
		[.error_type, .error_action, .error_msg] | @tsv" rjob/bundle.json >actual &&
	printf "test\tlava-test-shell\tno network device\n" >expect &&
	test_cmp expect actual &&
	jq -r ".test_runs[] | select(.test_id == \"probe\") | .attributes.raise" rjob/bundle.json >actual &&
	echo "no network device" >expect &&
	test_cmp expect actual &&
	! grep -q "STARTRUN 1_later" rjob/console.log
'

test_expect_success 'the attachments of a case in a set go with that case of that set' '
	cat >setatt.yaml <<-\EOF &&
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: setatt
	run:
	  steps:
	    - echo one >one.txt && echo two >two.txt && echo out >out.txt
	    - lava-test-set start first
	    - lava-test-case dup --result pass
	    - lava-test-case-attach dup one.txt text/plain
	    - lava-test-set stop
	    - lava-test-set start second
	    - lava-test-case-attach dup two.txt
	    - lava-test-case dup --result fail
	    - lava-test-set stop
	    - lava-test-case alone --result pass
	    - lava-test-case-attach alone out.txt
	EOF
	lava-runjob -o sjob setatt.yaml >summary 2>err &&
	jq -r ".test_runs[0].test_results[] | .test_case_id + \" \" +
		(.attributes.set // \"-\") + \" \" +
		([(.attachments // [])[] | .pathname + \"=\" + (.content | @base64d | rtrimstr(\"\\n\"))] | join(\",\"))" \
		sjob/bundle.json >actual &&
	printf "%s\n" "dup first one.txt=one" "dup second two.txt=two" "alone - out.txt=out" >expect &&
	test_cmp expect actual
'

test_done
