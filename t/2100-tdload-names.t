#!/bin/sh
# Run names as LAVA gives them: the job's name of a definition, or its
# metadata.name (any string), is the run's name in the results; its
# directory is made from it by one rule; no two runs share a name.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

names() {
	lava-bundle "$1" >"$1.json" &&
	jq -r ".test_runs[].test_id" "$1.json"
}

test_expect_success 'a definition shaped like LAVA health checks, and one used twice' '
	cat >hc.yaml <<-\EOF &&
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: Test Health Check
	  description: "Basic health check"
	run:
	  steps:
	    - lava-test-case kernel --shell uname -r
	EOF
	cat >smoke.yaml <<-\EOF
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: smoke-tests-basic
	  description: "Basic system test command for Linaro Ubuntu images"
	run:
	  steps:
	    - lava-test-case linux-linaro-ubuntu-pwd --shell pwd
	    - lava-test-case linux-linaro-ubuntu-uname --shell uname -a
	EOF
'

test_expect_success 'one file loaded twice under two job names: two runs, named as the job says' '
	cat >job.yaml <<-\EOF &&
	actions:
	- test:
	    definitions:
	    - repository: smoke.yaml
	      from: url
	      name: smoke-tests
	    - repository: smoke.yaml
	      from: url
	      name: smoke-tests_1
	EOF
	lava-tdload -o j1 job.yaml &&
	printf "0_smoke-tests\n1_smoke-tests_1\n" >expect &&
	ls j1/tree/tests >actual &&
	test_cmp expect actual &&
	printf "smoke-tests\nsmoke-tests_1\n" >expect &&
	names j1 >actual &&
	test_cmp expect actual
'

test_expect_success 'the same name twice (LAVA refuses that job): the later run is N_NAME' '
	sed "s/smoke-tests_1/smoke-tests/" job.yaml >twice.yaml &&
	lava-tdload -o j2 twice.yaml &&
	printf "0_smoke-tests\n1_smoke-tests\n" >expect &&
	ls j2/tree/tests >actual &&
	test_cmp expect actual &&
	printf "smoke-tests\n1_smoke-tests\n" >expect &&
	names j2 >actual &&
	test_cmp expect actual
'

test_expect_success 'a name that is another run'"'"'s N_NAME still makes a name of its own' '
	cat >clash.yaml <<-\EOF &&
	actions:
	- test:
	    definitions:
	    - {from: url, repository: smoke.yaml, name: 2_x}
	    - {from: url, repository: smoke.yaml, name: x}
	    - {from: url, repository: smoke.yaml, name: x}
	    - {from: url, repository: smoke.yaml, name: 2_x}
	EOF
	lava-tdload -o j3 clash.yaml &&
	printf "2_x\nx\n2_x_2\n3_2_x\n" >expect &&
	names j3 >actual &&
	test_cmp expect actual
'

test_expect_success 'definitions given alone: metadata.name whole, the same file twice apart' '
	lava-tdload -o j4 hc.yaml hc.yaml smoke.yaml &&
	printf "0_Test_Health_Check\n1_Test_Health_Check\n2_smoke-tests-basic\n" >expect &&
	ls j4/tree/tests >actual &&
	test_cmp expect actual &&
	printf "Test Health Check\n1_Test Health Check\nsmoke-tests-basic\n" >expect &&
	names j4 >actual &&
	test_cmp expect actual
'

test_expect_success 'a job name LAVA refuses is refused where it is written' '
	printf "actions:\n- test:\n    definitions:\n    - {from: url, repository: smoke.yaml, name: a b}\n" >sp.yaml &&
	test_status 2 lava-tdload -o j5 sp.yaml 2>err &&
	test_grep "sp.yaml:4:49: name cannot be a directory name" err &&
	test ! -e j5
'

test_expect_success 'on the local device the real name reaches the bundle and the reports' '
	mkdir tmp &&
	TMPDIR=$TRASH/tmp lava-runjob -o run hc.yaml >summary 2>err &&
	jq -r ".test_runs[] | select(.test_id != \"lava\") |
		.test_id + \"/\" + .test_results[].test_case_id" run/bundle.json >actual &&
	echo "Test Health Check/kernel" >expect &&
	test_cmp expect actual &&
	test_grep "classname=\"Test Health Check\"" run/results.xml &&
	test_grep "^Test Health Check  *kernel  *pass" summary
'

test_done
