#!/bin/sh
# lava-tdload: a job's kernel-messages switch becomes JOB/kernel-messages,
# which lava-runjob turns into lava-sigscan's -K or -g.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

# job FILE KERNEL-MESSAGES: a job file with one inline definition and the
# given kernel-messages text (YAML, after the key) at its top.
job() {
	printf "kernel-messages: %s\n" "$2" >"$1" &&
	cat >>"$1" <<-\EOF
	definitions:
	- from: inline
	  name: k
	  path: inline/k.yaml
	  repository:
	    metadata: {format: Lava-Test Test Definition 1.0, name: k}
	    run: {steps: [true]}
	EOF
}

test_expect_success 'no kernel-messages: no file, detection stays on' '
	job j.yaml "" && sed -i 1d j.yaml &&
	lava-tdload -o j0 j.yaml &&
	test ! -e j0/kernel-messages
'
test_expect_success 'false switches detection off' '
	job j.yaml false &&
	lava-tdload -o j1 j.yaml &&
	echo off >expect &&
	test_cmp expect j1/kernel-messages
'
test_expect_success 'a mapping: detect and grace' '
	job j.yaml "{grace: 2.5}" &&
	lava-tdload -o j2 j.yaml &&
	echo "on 2.5" >expect &&
	test_cmp expect j2/kernel-messages &&
	job j.yaml "{detect: false, grace: 9}" &&
	lava-tdload -o j3 j.yaml &&
	echo off >expect &&
	test_cmp expect j3/kernel-messages
'
test_expect_success 'a bad value is bad input, with its position' '
	job j.yaml maybe &&
	test_status 2 lava-tdload -o j4 j.yaml 2>err &&
	test_grep "^lava-tdload: j.yaml:1:18: kernel-messages: not true or false$" err &&
	job j.yaml "{grace: -1}" &&
	test_status 2 lava-tdload -o j5 j.yaml 2>err &&
	test_grep "^lava-tdload: j.yaml:1:26: kernel-messages: grace: not a number of seconds" err &&
	test ! -e j4 && test ! -e j5
'
test_expect_success 'lava-runjob refuses a kernel-messages file it cannot read as one' '
	job j.yaml false &&
	lava-tdload -o j6 j.yaml &&
	echo "on -x" >j6/kernel-messages &&
	test_status 1 lava-runjob -o j6 2>err &&
	test_grep "kernel-messages: not off, on or on SECONDS" err
'
test_done
