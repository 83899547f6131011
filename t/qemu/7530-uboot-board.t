#!/bin/sh
# lava-runjob with a device file, on a board from power-on: QEMU with
# Debian's U-Boot ROM (t/qemu/uboot-board), QEMU's user network as the
# lab's DHCP and TFTP server; U-Boot is interrupted, dhcp binds, tftpboot
# loads Debian's kernel and lava-qemu's ramdisk, zboot boots them.
#
# The ROM is Debian's 32-bit build (qemu-x86): on this host the 64-bit
# build (qemu-x86_64) resets the machine on zboot of Debian's kernel
# right after "Loading bzImage"; LAVA_UBOOT_ROM names another ROM.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/../lib.sh"
# shellcheck source=t/data/run/demo-check.sh
. "$LAVA_SRC/t/data/run/demo-check.sh"

# shellcheck source=t/qemu/uboot-lab.sh
. "$LAVA_SRC/t/qemu/uboot-lab.sh"

LAVA_CACHE=${LAVA_CACHE:-$LAVA_BUILD/cache}
export LAVA_CACHE

if ! test_have qemu-system-x86_64 || ! test -x /bin/busybox ||
	! test -r "$UBOOT_ROM"; then
	test_skip 'jobs on a U-Boot board' 'no qemu-system-x86, busybox-static or u-boot-qemu'
	test_done
	exit
fi

# no_board: no QEMU of this test is left, and nothing in the TFTP dir.
# shellcheck disable=SC2009
no_board() {
	! ps -eo args | grep "^qemu-system-x86_64 .*$TRASH/lab" &&
	ls lab/tftp >left &&
	test_cmp /dev/null left
}

test_expect_success 'the lab: kernel, ramdisk, TFTP directory, device file' '
	lava-qemu -F >kernel &&
	uboot_lab "$TRASH/lab" &&
	lava-device lab/board.yaml >fields &&
	test_grep "^boot_commands.ramdisk	tftpboot {KERNEL_ADDR} {KERNEL}\$" fields
'

# job KERNEL TIMEOUT: the demo job on the board, see uboot_job.
job() {
	uboot_job "$1" "$TRASH/lab/ramdisk.gz" "$2"
}

# The demo cases are compared without the runs of the other actions, and
# without the run kernel: an emulated machine on a loaded host may report
# an RCU stall (seen at load 10), which is the host's, not the job's.
test_expect_success 'a whole job from power-off to power-off' '
	job "$(cat kernel)" 240 >demo.yaml &&
	date +%s.%N >start &&
	lava-runjob -d lab/board.yaml -t 400 -o demo demo.yaml >out 2>err &&
	date +%s.%N >end &&
	mkdir tests &&
	cp demo/console.log demo/records.tsv tests/ &&
	jq "del(.test_runs[] | select(.test_id == \"lava\" or .test_id == \"0_facts\" or
		.test_id == \"kernel\"))" demo/bundle.json >tests/bundle.json &&
	demo_check tests &&
	demo_acked tests &&
	jq -e "[.test_runs[] | select(.test_id == \"lava\") | .test_results[]] |
		length == 1 and .[0].test_case_id == \"job\" and .[0].result == \"pass\"" \
		demo/bundle.json
'
if [ -s end ] && [ -s demo/records.tsv ]; then
	awk -F '\t' -v s="$(cat start)" -v e="$(cat end)" '
		$4 == "ACTION" && $5 == "power_on_command" { on = $1 - $7 }
		$4 == "STARTRUN" && !first { first = $1 }
		END { printf "# power-on to the first signal: %.1f s; whole job: %.1f s\n",
			first - on, e - s }' demo/records.tsv
fi
test_expect_success 'one console from power-on: U-Boot, the kernel, the tests' '
	head -n 3 demo/console.log >head &&
	test_grep "^U-Boot 20" head &&
	test_grep "DHCP client bound to address" demo/console.log &&
	test_grep "^\[ *[0-9]*\.[0-9]*\] Linux version" demo/console.log &&
	test_grep "<LAVA_TEST_RUNNER>: exiting" demo/console.log
'
test_expect_success 'the steps are records among the signals, by console line' '
	cut -f 4,5,6 demo/records.tsv | grep "^ACTION" >actions &&
	printf "ACTION\t%s\tpass\n" power_off_command power_on_command boot \
		0_facts test-definitions >expect &&
	test_cmp expect actions &&
	cut -f 2 demo/records.tsv >lines &&
	sort -n lines >sorted &&
	test_cmp sorted lines &&
	awk -F "\t" "\$4 == \"ACTION\" && \$5 == \"boot\" { print \$2 }" \
		demo/records.tsv >boot-line &&
	sed -n "$(cat boot-line)p" demo/console.log >boot-text &&
	test_grep "/ # " boot-text
'
test_expect_success 'the static facts of the device file, asked on the board' '
	jq -r ".test_runs[] | select(.test_id == \"0_facts\") | .test_results[] |
		[.test_case_id, .result] | @tsv" demo/bundle.json >facts &&
	printf "target-ip\tpass\ntarget-mac\tpass\n" >expect &&
	test_cmp expect facts
'
test_expect_success 'the board is off and its files are gone' '
	no_board
'

test_expect_success 'an interactive U-Boot step list; an exception ends the job' '
	cat >uboot.yaml <<-\EOF &&
	actions:
	- boot:
	    method: bootloader
	    bootloader: u-boot
	    commands: []
	    prompts: ["=> "]
	    timeout: {seconds: 60}
	- test:
	    timeout: {seconds: 120}
	    interactive:
	    - name: uboot
	      prompts: ["=> "]
	      echo: discard
	      script:
	      - name: version
	        command: version
	        successes: [{message: "U-Boot 20[0-9][0-9]"}]
	      - name: dhcp
	        command: setenv autoload no; dhcp
	        successes: [{message: "DHCP client bound to address"}]
	        failures: [{message: "Retry count exceeded"}]
	      - name: no-such-command
	        command: no-such-command
	        successes: [{message: "will never be printed"}]
	      - name: tftp-missing
	        command: tftpboot 0x1000000 no-such-file
	        successes: [{message: "Bytes transferred"}]
	        failures:
	        - message: "File not found"
	          exception: TestError
	          error: "no such file on the TFTP server"
	      - name: never-run
	        command: version
	EOF
	test_status 1 lava-runjob -d lab/board.yaml -t 300 -o ia uboot.yaml >out 2>err &&
	test_grep "no such file on the TFTP server (test error)" err &&
	"$LAVA_SRC/t/bundle-check" ia/bundle.json &&
	demo_cases ia/bundle.json >cases &&
	printf "%s\t%s\t%s\n" 0_uboot dhcp pass 0_uboot no-such-command fail \
		0_uboot tftp-missing fail 0_uboot version pass lava job fail >expect &&
	test_cmp expect cases &&
	jq -r ".test_runs[] | select(.test_id == \"lava\") | .test_results[0].attributes |
		[.error_type, .error_action, .error_msg] | @tsv" ia/bundle.json >error &&
	printf "test\t0_uboot\tno such file on the TFTP server\n" >expect &&
	test_cmp expect error &&
	test_grep "ERROR	test	0_uboot	no	such" ia/records.tsv &&
	no_board
'

test_expect_success 'a kernel that never boots: the boot time limit, an infrastructure error' '
	head -c 100000 /dev/zero >not-a-kernel &&
	job "$TRASH/not-a-kernel" 25 >bad.yaml &&
	test_status 1 lava-runjob -d lab/board.yaml -t 300 -o bad bad.yaml >out 2>err &&
	test_grep "boot: time limit of 25 seconds reached waiting for the shell prompt (infrastructure error)" err &&
	"$LAVA_SRC/t/bundle-check" bad/bundle.json &&
	lava_outcome bad >error &&
	printf "fail\tinfrastructure\tboot\n" >expect &&
	test_cmp expect error &&
	test_grep "^=> zboot" bad/console.log &&
	test_grep "ACTION	power_off_command	pass" bad/records.tsv &&
	no_board
'
test_done
