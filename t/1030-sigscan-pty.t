#!/bin/sh
# lava-sigscan on real terminals: a pty made by socat, real shells, the
# device's own lava-signal, terminal echo of typed commands and set -x.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

if ! test_have socat; then
	test_skip 'signals through a pty' 'socat is missing'
	test_done
	exit
fi

cat >device.sh <<'EOF_DEV'
printf '[    1.000000] Booting Linux\n'
printf '\033[1;32mroot@board\033[0m:~# '
"$LAVA_DEVICEDIR/lava-signal" STARTRUN 0_smoke 6a1f
set -x
"$LAVA_DEVICEDIR/lava-signal" TESTCASE TEST_CASE_ID=pty RESULT=pass
set +x
printf '<LAVA_TEST_RUNNER>: exiting\n'
printf '<LAVA_SIGNAL_AFTER_END>\n'
EOF_DEV
printf 'STARTRUN\t0_smoke\t6a1f\nTESTCASE\tTEST_CASE_ID=pty\tRESULT=pass\nEXIT\n' >expect.dev
printf 'STARTTC\ttc9\nENDTC\ttc9\n' >expect.typed
# What is typed at the shell: each command is echoed by the terminal, and
# the second one again by set -x, with its real values.
printf '%s\n' 'TEST_CASE_ID=tc9' 'echo "<LAVA_SIGNAL_STARTTC $TEST_CASE_ID>"' \
	'set -x' 'echo "<LAVA_SIGNAL_ENDTC $TEST_CASE_ID>"' 'exit' >typed

for sh in dash "bash --norc --noprofile" mksh "busybox sh"; do
	if ! test_have "${sh%% *}"; then
		test_skip "$sh: signals through a pty" "${sh%% *} is missing"
		continue
	fi
	# shellcheck disable=SC2034
	SH=$sh
	test_expect_success "$sh: lava-signal through a pty, with set -x" '
		LAVA_SYNC=0 socat -u EXEC:"$SH device.sh",pty,stderr STDOUT |
			lava-sigscan -l log >out &&
		cut -f 4- out >actual &&
		test_cmp expect.dev actual &&
		test_grep "$(printf "6a1f>\r\$")" log
	'
	test_expect_success "$sh: typed commands echoed by the terminal give no record" '
		PS1="/ # " socat -t 30 - EXEC:"$SH -i",pty,stderr,setsid,ctty <typed |
			lava-sigscan -l log >out &&
		cut -f 4- out >actual &&
		test_cmp expect.typed actual &&
		test_grep "echo \"<LAVA_SIGNAL_STARTTC \$TEST_CASE_ID>\"" log
	'
done
test_done
