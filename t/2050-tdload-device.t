#!/bin/sh
# lava-tdload: the tree it writes runs with the device helpers, in a dir standing in for the device.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

if ! test -f "$LAVA_DEVICEDIR/lava-test-runner"; then
	test_skip 'a loaded tree runs on the device' 'no device helpers'
	test_done
	exit
fi

test_expect_success 'load a definition with install and run steps for a local target' '
	cat >dut.yaml <<-\EOF &&
	metadata:
	  name: dut
	params:
	  WORD: "it'"'"'s here"
	install:
	  steps:
	    - echo installed >installed.txt
	run:
	  steps:
	    - test -f installed.txt
	    - lava-test-case installed --result pass
	    - lava-test-case word --shell test "$WORD" = "it'"'"'s here"
	EOF
	lava-tdload --target-dir "$TRASH/dut/lava" -o job dut.yaml &&
	mkdir dut &&
	cp -R job/tree dut/lava
'

for sh in dash bash mksh "busybox sh"; do
	name=${sh%% *}
	if ! test_have "$name"; then
		test_skip "the tree runs to completion under $sh" "no $name"
		continue
	fi
	test_expect_success "the tree runs to completion under $sh" '
		rm -rf dut/lava/results dut/lava/ack &&
		sed -e "1s|.*|#!$(command -v '"$name"')${sh#'"$name"'}|" \
			job/tree/bin/lava-test-runner >dut/lava/bin/lava-test-runner &&
		'"$sh"' dut/lava/bin/lava-test-runner >console 2>&1 &&
		uuid=$(cat job/tree/tests/0_dut/uuid) &&
		test_grep "<LAVA_SIGNAL_STARTRUN 0_dut $uuid>" console &&
		test_grep "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=installed RESULT=pass>" console &&
		test_grep "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=word RESULT=pass>" console &&
		test_grep "<LAVA_SIGNAL_ENDRUN 0_dut $uuid>" console &&
		test_grep "<LAVA_TEST_RUNNER>: exiting" console &&
		! grep "<LAVA_ACK" console &&
		set -- dut/lava/results/0_dut-* &&
		test -d "$1" &&
		echo "$uuid" >expect &&
		test_cmp expect "$1/analyzer_assigned_uuid" &&
		echo 0 >expect &&
		test_cmp expect "$1/return_code" &&
		test_cmp job/tree/tests/0_dut/run.sh "$1/attachments/run.sh"
	'
done

test_done
