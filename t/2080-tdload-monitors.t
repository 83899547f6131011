#!/bin/sh
# lava-tdload: a test action's monitors become runs and JOB/monitors.json;
# a definition's expected: and lava-signal: kmsg reach its run.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

test_expect_success 'monitors and a definition: runs in job order, the scan goes on to the runner' '
	cat >job.yaml <<-\EOF &&
	actions:
	- test:
	    timeout: {minutes: 1, seconds: 30}
	    monitors:
	    - name: Boot Tests
	      start: "START"
	      end: "END"
	      pattern: "(?P<test_case_id>\\w+): (?P<result>\\w+)"
	      fixupdict: {PASS: pass}
	- test:
	    definitions:
	    - from: inline
	      name: shell
	      path: inline/shell.yaml
	      expected: [one, two]
	      lava-signal: kmsg
	      repository:
	        metadata: {format: Lava-Test Test Definition 1.0, name: shell}
	        run: {steps: [lava-test-case one --result pass]}
	EOF
	lava-tdload -o j job.yaml &&
	cat j/runs/*/id | sort >ids &&
	printf "0_boot-tests\n1_shell\n" >expect &&
	test_cmp expect ids &&
	jq -r ".end, (.monitors[] | .id, .start, .end, .pattern, .timeout, .action, .fixupdict.PASS)" \
		j/monitors.json >actual &&
	printf "%s\n" false 0_boot-tests START END "(?P<test_case_id>\\w+): (?P<result>\\w+)" 90 0 pass >expect &&
	test_cmp expect actual &&
	mu=$(jq -r ".monitors[0].uuid" j/monitors.json) &&
	test "$(cat "j/runs/$mu/id")" = 0_boot-tests &&
	test ! -e "j/runs/$mu/expected" &&
	su=$(grep -l "^1_shell$" j/runs/*/id | sed "s|/id$||") &&
	printf "one\ntwo\n" >expect &&
	test_cmp expect "$su/expected" &&
	test_grep "^export LAVA_SIGNAL_TO=.kmsg.$" j/tree/tests/1_shell/run.sh &&
	printf "/lava/tests/1_shell\n" >expect &&
	test_cmp expect j/tree/lava-test-runner.conf
'
test_expect_success 'a bad pattern: file, line and column of the fault (here its end), exit 2, no JOB' '
	cat >bad.yaml <<-\EOF &&
	actions:
	- test:
	    monitors:
	    - name: m
	      start: S
	      end: E
	      pattern: "(?P<result>pass|fail"
	EOF
	test_status 2 lava-tdload -o jb bad.yaml 2>err &&
	test_grep "^lava-tdload: bad.yaml:7:37: monitors: pattern: missing closing parenthesis$" err &&
	test ! -e jb
'
test_expect_success 'a monitor without a name, a bad fixupdict, a bad expected list' '
	printf "actions:\n- test:\n    monitors:\n    - {start: S, end: E, pattern: P}\n" >b1.yaml &&
	test_status 2 lava-tdload -o jb b1.yaml 2>err &&
	test_grep "^lava-tdload: b1.yaml:4:7: monitors: an entry has no name$" err &&
	printf "actions:\n- test:\n    monitors:\n    - {name: m, start: S, end: E, pattern: P, fixupdict: [a]}\n" >b2.yaml &&
	test_status 2 lava-tdload -o jb b2.yaml 2>err &&
	test_grep "^lava-tdload: b2.yaml:4:58: monitors: fixupdict: not a mapping$" err &&
	printf "actions:\n- test:\n    monitors:\n    - {name: m, start: S, end: E, pattern: P, expected: a}\n" >b3.yaml &&
	test_status 2 lava-tdload -o jb b3.yaml 2>err &&
	test_grep "^lava-tdload: b3.yaml:4:57: expected: not a list$" err
'
test_expect_success 'lava-signal: anything but kmsg or stdout is bad input' '
	sed "s/lava-signal: kmsg/lava-signal: serial/" job.yaml >b4.yaml &&
	test_status 2 lava-tdload -o jb b4.yaml 2>err &&
	test_grep "^lava-tdload: b4.yaml:16:20: lava-signal: not kmsg or stdout$" err
'
test_expect_success 'a job of monitors alone ends its scan with its last monitor' '
	sed -n 1,9p job.yaml >mon.yaml &&
	lava-tdload -o jm mon.yaml &&
	test "$(jq -r .end jm/monitors.json)" = true
'
test_expect_success 'lava-signal without /dev/kmsg to write prints on the console' '
	mkdir bin && cp "$LAVA_DEVICEDIR/lava-signal" bin/ &&
	LAVA_SIGNAL_TO=kmsg LAVA_KMSG=no sh bin/lava-signal TESTCASE TEST_CASE_ID=a RESULT=pass >out &&
	echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a RESULT=pass>" >expect &&
	test_cmp expect out
'
test_done
