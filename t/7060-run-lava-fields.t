#!/bin/sh
# lava-runjob with LAVA's job fields: time limits, a job with nothing to run.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

mkdir tmp || exit 1
TMPDIR=$TRASH/tmp
export TMPDIR

test_expect_success 'a job of deploy and boot alone on the local device: exit 2, nothing run' '
	cat >boot.yaml <<-\EOF &&
	job_name: boot only
	device_type: qemu
	visibility: public
	timeouts: {job: {minutes: 2}}
	actions:
	- deploy: {to: tmpfs, images: {kernel: {url: "http://example.org/k"}}}
	- boot: {method: qemu, failure_retry: 2}
	EOF
	test_status 2 lava-runjob -o b boot.yaml >out 2>err &&
	test_grep "nothing to run" err &&
	test ! -e b/console.log
'

test_expect_success 'the test action timeout ends a test that hangs, as LAVA does' '
	cat >hang.yaml <<-\EOF &&
	job_name: a test that hangs
	device_type: qemu
	visibility: public
	timeouts: {job: {minutes: 30}}
	actions:
	- deploy: {to: tmpfs}
	- test:
	    timeout: {seconds: 3}
	    definitions:
	    - from: inline
	      name: hang
	      path: hang.yaml
	      repository:
	        metadata: {name: hang, format: Lava-Test Test Definition 1.0}
	        run:
	          steps: ["lava-test-case before --result pass", "sleep 300"]
	EOF
	start=$(date +%s) &&
	test_status 1 lava-runjob -o h hang.yaml >out 2>err &&
	test $(($(date +%s) - start)) -lt 60 &&
	echo 1800 >expect &&
	test_cmp expect h/timeout &&
	echo "1 3.000" >expect &&
	test_cmp expect h/runs/*/limit &&
	test_grep "lava-sigscan: actions\\[1\\]: the test action.s time limit of 3 seconds passed" err &&
	test_grep "a test action.s time limit was reached" err &&
	test_grep "^hang  *before  *pass" out
'

test_expect_success 'lava-runjob -t wins over the job file' '
	sed "s/seconds: 3/seconds: 100/" hang.yaml >hang2.yaml &&
	test_status 1 lava-runjob -t 2 -o h2 hang2.yaml >out 2>err &&
	test_grep "time limit of 2 seconds reached" err
'

test_expect_success 'each test action has its own limit; the next one starts its own' '
	cat >two.yaml <<-\EOF &&
	job_name: two test actions, each within its limit, over the sum of neither
	device_type: qemu
	visibility: public
	timeouts: {job: {minutes: 30}, action: {seconds: 4}}
	actions:
	- test:
	    definitions:
	    - {from: inline, name: one, path: a.yaml, repository: {metadata: {name: one}, run: {steps: ["sleep 2", "lava-test-case one --result pass"]}}}
	    - {from: inline, name: two, path: b.yaml, repository: {metadata: {name: two}, run: {steps: ["sleep 1", "lava-test-case two --result pass"]}}}
	- test:
	    timeout: {seconds: 3}
	    definitions:
	    - {from: inline, name: three, path: c.yaml, repository: {metadata: {name: three}, run: {steps: ["sleep 2", "lava-test-case three --result pass"]}}}
	- test:
	    definitions:
	    - {from: inline, name: four, path: d.yaml, repository: {metadata: {name: four}, run: {steps: ["sleep 2", "lava-test-case four --result pass", "sleep 30", "lava-test-case late --result pass"]}}}
	EOF
	test_status 1 lava-runjob -o t2 two.yaml >out 2>err &&
	test_grep "actions\\[2\\]: the test action.s time limit of 4 seconds passed" err &&
	test_grep "^4 cases: 4 pass" out &&
	test_must_fail grep -q "late" out
'

test_done
