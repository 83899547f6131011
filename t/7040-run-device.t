#!/bin/sh
# Device files and job actions without a board: lava-device and
# lava-expect on bad input (exit 2, FILE:LINE:COL), a power command that
# fails, and LAVA's interactive test action against a shell on a pty.
# The U-Boot board itself is in t/qemu/7530-uboot-board.t.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/run/demo-check.sh
. "$LAVA_SRC/t/data/run/demo-check.sh"

test_expect_success 'a device file: every field printed, one value with -k' '
	cat >good.yaml <<-\EOF &&
	connection_command: socat - /dev/ttyUSB0,raw,echo=0,b115200
	power_on_command: relay on 3
	test_character_delay: 5
	kernel_addr: 0x1000000
	boot_commands:
	  ramdisk: [dhcp, "tftp {KERNEL_ADDR} {KERNEL}"]
	EOF
	lava-device good.yaml >out &&
	printf "%s\t%s\n" connection_command "socat - /dev/ttyUSB0,raw,echo=0,b115200" \
		power_on_command "relay on 3" test_character_delay 5 \
		kernel_addr 0x1000000 boot_commands.ramdisk dhcp \
		boot_commands.ramdisk "tftp {KERNEL_ADDR} {KERNEL}" >expect &&
	test_cmp expect out &&
	lava-device -k power_on_command good.yaml >out &&
	echo "relay on 3" >expect &&
	test_cmp expect out &&
	test_status 1 lava-device -k power_off_command good.yaml >out &&
	test_cmp /dev/null out
'

# bad_device TEXT MESSAGE: lava-device and lava-runjob refuse the device
# file TEXT with exit 2 and MESSAGE, and lava-runjob writes no job. TEXT
# is a printf format, for its line feeds.
# shellcheck disable=SC2059
bad_device() {
	printf "$1" >dev.yaml &&
	test_status 2 lava-device dev.yaml >out 2>err &&
	test_cmp /dev/null out &&
	echo "lava-device: dev.yaml:$2" >expect &&
	test_cmp expect err &&
	test_status 2 lava-runjob -d dev.yaml -o job "$LAVA_SRC/examples/demo-job.yaml" >out 2>err &&
	test_grep -F "dev.yaml:$2" err &&
	test ! -e job
}
test_expect_success 'a missing field: exit 2, where' '
	bad_device "power_on_command: relay on 3\n" "1:1: connection_command: missing"
'
test_expect_success 'bad values: exit 2, where' '
	bad_device "connection_command: cat\ntest_character_delay: 5000\n" \
		"2:23: test_character_delay: not milliseconds from 0 to 1000" &&
	bad_device "connection_command: cat\nkernel_addr: 16M\n" \
		"2:14: kernel_addr: not a hexadecimal address such as 0x1000000" &&
	bad_device "connection_command: cat\nshell_prompt: \"(# \"\n" \
		"2:15: shell_prompt: missing closing parenthesis" &&
	bad_device "connection_command: cat\npower_on: relay\n" \
		"2:1: power_on: unknown field" &&
	bad_device "connection_command: [cat]\n" \
		"1:21: connection_command: not a command" &&
	bad_device "connection_command: cat\nboot_commands:\n  ramdisk: dhcp\n" \
		"3:12: boot_commands: ramdisk: not a list of commands"
'

cat >board.yaml <<EOF
connection_command: PS1='board\$ ' exec socat - EXEC:sh,pty,stderr,setsid,ctty
power_on_command: echo on >>$TRASH/power
power_off_command: echo off >>$TRASH/power
shell_prompt: "board[$] "
server_ip: 10.0.2.2
EOF

# bad_job TEXT MESSAGE: the job file TEXT is refused before the board is
# touched, with exit 2 and MESSAGE; TEXT is a printf format.
# shellcheck disable=SC2059
bad_job() {
	printf "$1" >job.yaml &&
	test_status 2 lava-expect -n -D board.yaml job.yaml >out 2>err &&
	echo "lava-expect: job.yaml:$2" >expect &&
	test_cmp expect err &&
	test_status 2 lava-runjob -d board.yaml -o job job.yaml >out 2>err &&
	test_grep -F "job.yaml:$2" err &&
	test ! -e power
}
test_expect_success 'a wrong job file: exit 2, where, the board untouched' '
	bad_job "actions:\n- boot: {method: grub}\n" \
		"2:18: boot: method: not u-boot, bootloader or minimal" &&
	bad_job "actions:\n- boot: {method: u-boot, commands: ramdisk}\n" \
		"2:9: boot: method: u-boot needs the device file'"'"'s interrupt_prompt and bootloader_prompt" &&
	bad_job "actions:\n- deploy: {to: nfs}\n" "2:16: deploy: to: not tftp" &&
	bad_job "actions:\n- boot: {method: minimal, timeout: {minutes: x}}\n" \
		"2:46: timeout: minutes: not a number" &&
	bad_job "actions:\n- test:\n    interactive:\n    - name: a\n      prompts: [\"(\$ \"]\n      script: []\n" \
		"5:17: prompts: missing closing parenthesis at offset 3" &&
	bad_job "actions:\n- test:\n    interactive:\n    - name: ../a\n      prompts: [x]\n      script: []\n" \
		"4:13: interactive: name: not a name of [A-Za-z0-9._-]"
'

test_expect_success 'a power command that fails: exit 1, the board off, a bundle' '
	sed -e "s/^power_on_command: .*/power_on_command: exit 3/" board.yaml >failing.yaml &&
	test_status 1 lava-runjob -d failing.yaml -t 60 -o pf "$LAVA_SRC/examples/demo-job.yaml" >out 2>err &&
	test_grep "power_on_command: exited with status 3 (infrastructure error)" err &&
	printf "off\noff\n" >expect &&
	test_cmp expect power &&
	"$LAVA_SRC/t/bundle-check" pf/bundle.json &&
	lava_outcome pf >error &&
	printf "fail\tinfrastructure\tpower_on_command\n" >expect &&
	test_cmp expect error
'

test_expect_success 'a file that cannot be deployed: exit 1, the board untouched, a bundle' '
	mkdir tftp &&
	rm -f power &&
	sed -e "\$a\\
tftp_dir: $TRASH/tftp" board.yaml >tftp.yaml &&
	printf "actions:\n- deploy: {to: tftp, kernel: {url: %s}, timeout: {seconds: 20}}\n" \
		"$TRASH/no-such-kernel" >dep.yaml &&
	lava-expect -n -D tftp.yaml dep.yaml >plan &&
	printf "timeout\t20\nkernel\t%s\n" "$TRASH/no-such-kernel" >expect &&
	test_cmp expect plan &&
	test_status 1 lava-runjob -d tftp.yaml -t 60 -o dep dep.yaml >out 2>err &&
	test ! -e power &&
	ls tftp >left &&
	test_cmp /dev/null left &&
	lava_outcome dep >error &&
	printf "fail\tinfrastructure\tdeploy\n" >expect &&
	test_cmp expect error
'

test_expect_success 'failure_retry on deploy: a file that comes late is fetched again' '
	rm -f power late-kernel &&
	printf "actions:\n- deploy: {to: tftp, kernel: {url: %s}, failure_retry: 10, failure_retry_interval: 0.5}\n" \
		"$TRASH/late-kernel" >late.yaml &&
	lava-expect -n -D tftp.yaml late.yaml >plan &&
	printf "timeout\t300\nretry\t10\t0.5\nkernel\t%s\n" "$TRASH/late-kernel" >expect &&
	test_cmp expect plan &&
	{ sleep 1 && echo kernel >late-kernel; } &
	lava-runjob -d tftp.yaml -t 60 -o late late.yaml >out 2>err &&
	wait &&
	test_grep "deploy: kernel: attempt 2 of 10" err &&
	lava_outcome late >outcome &&
	printf "pass\t\t\n" >expect &&
	test_cmp expect outcome
'
test_expect_success 'interactive steps against a shell: cases, the paced writer' '
	rm -f power &&
	sed -e "/^shell_prompt/a\\
test_character_delay: 2" board.yaml >paced.yaml &&
	cat >ia.yaml <<-\EOF &&
	actions:
	- boot: {method: minimal, timeout: {seconds: 30}}
	- test:
	    timeout: {seconds: 60}
	    interactive:
	    - name: shell
	      prompts: ["board[$] "]
	      echo: discard
	      script:
	      - name: echo
	        command: echo ip={SERVER_IP}
	        successes: [{message: "ip=10[.]0[.]2[.]2"}]
	      - name: prompt-only
	        command: "true"
	      - name: wrong
	        command: echo something-else
	        successes: [{message: "hello-board"}]
	      - name: failure-seen
	        command: echo broken
	        failures: [{message: "(?m)^broken"}]
	      - command: echo unnamed-ok
	EOF
	lava-runjob -d paced.yaml -t 60 -o ia ia.yaml >out 2>err &&
	jq -r ".test_runs[] | .test_id as \$r | .test_results[] |
		[\$r, .test_case_id, .result] | @tsv" ia/bundle.json | LC_ALL=C sort >cases &&
	printf "%s\t%s\t%s\n" 0_shell echo pass 0_shell failure-seen fail \
		0_shell prompt-only pass 0_shell wrong fail lava job pass >expect &&
	test_cmp expect cases &&
	printf "off\non\noff\n" >expect &&
	test_cmp expect power &&
	test_grep "^board\\$ echo ip=10.0.2.2" ia/console.log
'
test_expect_success 'failure_retry on boot: a board that boots the second time, as LAVA retries' '
	rm -f power &&
	cat >second.sh <<-EOF &&
	# No prompt until the board has been powered on twice.
	until [ "\$(grep -c on $TRASH/power 2>/dev/null)" -ge 2 ]; do sleep 0.1; done
	PS1="board$ " exec sh -i
	EOF
	cat >second.yaml <<-EOF &&
	connection_command: exec socat - EXEC:"sh $TRASH/second.sh",pty,stderr,setsid,ctty
	power_on_command: echo on >>$TRASH/power
	power_off_command: echo off >>$TRASH/power
	shell_prompt: "board[$] "
	EOF
	cat >retry.yaml <<-\EOF &&
	actions:
	- boot: {method: minimal, timeout: {seconds: 2}, failure_retry: 3, failure_retry_interval: 0.5}
	- test:
	    interactive:
	    - name: up
	      prompts: ["board[$] "]
	      script:
	      - {name: booted, command: echo booted, successes: [{message: "booted\\r?\\n"}]}
	EOF
	lava-runjob -d second.yaml -t 60 -o retry retry.yaml >out 2>err &&
	test_grep "boot failed: 1 of 3 attempts" err &&
	test_grep "boot: attempt 2 of 3" err &&
	! test_grep "attempt 3 of 3" err &&
	printf "off\non\noff\non\noff\n" >expect &&
	test_cmp expect power &&
	lava_outcome retry >outcome &&
	printf "pass\t\t\n" >expect &&
	test_cmp expect outcome &&
	jq -r ".test_runs[] | .test_id as \$r | .test_results[] | [\$r, .test_case_id, .result] | @tsv" \
		retry/bundle.json >cases &&
	test_grep "^0_up	booted	pass$" cases
'
test_expect_success 'failure_retry on boot: every attempt fails, the job says so once' '
	rm -f power &&
	sed -e "s/failure_retry: 3/failure_retry: 2/" retry.yaml >never.yaml &&
	sed -e "s/-ge 2/-ge 9/" second.sh >never.sh &&
	sed -e "s|second.sh|never.sh|" second.yaml >never-dev.yaml &&
	test_status 1 lava-runjob -d never-dev.yaml -t 60 -o never never.yaml >out 2>err &&
	test_grep "boot failed: 2 of 2 attempts" err &&
	printf "off\non\noff\non\noff\n" >expect &&
	test_cmp expect power &&
	lava_outcome never >outcome &&
	printf "fail\tinfrastructure\tboot\n" >expect &&
	test_cmp expect outcome
'
test_expect_success 'failure_retry that is no number of attempts: exit 2, where' '
	printf "actions:\n- boot: {method: minimal, failure_retry: many}\n" >bad-retry.yaml &&
	test_status 2 lava-expect -n -D board.yaml bad-retry.yaml >out 2>err &&
	echo "lava-expect: bad-retry.yaml:2:42: failure_retry: not a number of attempts from 1 to 100" >expect &&
	test_cmp expect err
'
test_expect_success 'a login prompt, user and password, then the shell prompt' '
	cat >login.sh <<-\EOF &&
	printf "board login: "
	read -r user
	printf "Password: "
	read -r pass
	if [ "$user" = tester ] && [ "$pass" = s3cret ]; then
		PS1="board$ " exec sh -i
	fi
	echo "Login incorrect"
	EOF
	cat >login.yaml <<-EOF &&
	connection_command: exec socat - EXEC:"sh $TRASH/login.sh",pty,stderr,setsid,ctty
	shell_prompt: "board[$] "
	login_prompt: "login: "
	username: nobody
	EOF
	cat >lj.yaml <<-\EOF &&
	actions:
	- boot:
	    method: minimal
	    timeout: {seconds: 30}
	    auto_login: {username: tester, password_prompt: "Password: ", password: s3cret}
	- test:
	    interactive:
	    - name: in
	      prompts: ["board[$] "]
	      script:
	      - {name: whoami, command: echo logged-in, successes: [{message: "logged-in\\r?\\n"}]}
	EOF
	lava-runjob -d login.yaml -t 60 -o lj lj.yaml >out 2>err &&
	lava_outcome lj >outcome &&
	printf "pass\t\t\n" >expect &&
	test_cmp expect outcome &&
	test_grep "^Password: " lj/console.log &&
	jq -e "[.test_runs[].test_results[] | select(.test_case_id == \"whoami\")][0].result == \"pass\"" \
		lj/bundle.json
'
test_done
