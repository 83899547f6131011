#!/bin/sh
# lava-sigscan: signals cut by kernel messages are put back together, and a
# match never runs across a line that is not a kernel line.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

# shellcheck source=t/data/sigscan/lib.sh
. "$LAVA_SRC/t/data/sigscan/lib.sh"

scan 'a kernel line starting inside <LAVA (LAVA-1257)' \
	'<LAVA[   28.105258] random: crng init done\n_SIGNAL_STARTRUN 1_smoke 6a1f>\n' \
	'1\t-\tSTARTRUN\t1_smoke\t6a1f\n'
scan 'a kernel line starting inside a parameter, CRLF' \
	'/ # <LAVA_SIGNAL_STARTRUN 1_sm[   28.105258] random: crng init done\r\noke 6a1f>\r\n' \
	'1\t-\tSTARTRUN\t1_smoke\t6a1f\n'
scan 'cut inside the name, more kernel lines before the rest' \
	'<LAVA_SIGNAL_STA[   28.100001] a\r\n[   28.100002] b\r\n\033[0m[   28.100003] c\r\nRTRUN 1_smoke 6a1f>\r\n' \
	'1\t-\tSTARTRUN\t1_smoke\t6a1f\n'
scan 'the line ends early, whole kernel lines come before the rest' \
	'<LAVA_SIGNAL_STARTRUN 1_smoke\n[   28.105258] random: crng init done\n 6a1f>\n' \
	'1\t-\tSTARTRUN\t1_smoke\t6a1f\n'
scan 'the line ends early, kernel and empty lines before the rest' \
	'x <LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a RES\r\n[    3.000001] usb 1-1: new device\r\n\r\n[    3.000002] usb 1-1: hub\r\nULT=pass>\r\n' \
	'1\t-\tTESTCASE\tTEST_CASE_ID=a\tRESULT=pass\n'
scan 'the ACK cut by a kernel line' \
	'<LAVA_SIGNAL_STARTTC tc1><LAVA_A[   28.105258] crng init done\nCK 4711-3>\n' \
	'1\t4711-3\tSTARTTC\ttc1\n'
scan 'a kernel line between a signal and its ACK' \
	'<LAVA_SIGNAL_STARTTC tc1>[   28.105258] crng init done\n<LAVA_ACK 4711-3>\n' \
	'1\t4711-3\tSTARTTC\ttc1\n'
scan 'a held signal with no ACK after all keeps its record' \
	'<LAVA_SIGNAL_STARTTC tc1><LAVA_AC\n[   28.105258] crng init done\nhello\n' \
	'1\t-\tSTARTTC\ttc1\n'
scan 'a signal in a kernel line while another is held' \
	'<LAVA_SIGNAL_A 1\n[   12.300000] <LAVA_SIGNAL_B 2>\n 3>\n' \
	'2\t-\tB\t2\n1\t-\tA\t1\t3\n'
scan 'the continuation is spliced as it is' \
	'<LAVA_SIGNAL_X a\n[    1.000000] k\nb c>\n' \
	'1\t-\tX\tab\tc\n'
scan 'a continuation line must end after the signal' \
	'<LAVA_SIGNAL_X a\n[    1.000000] k\n b> <LAVA_SIGNAL_Y>\n' \
	'3\t-\tY\n' 'stdin:1: signal X has text after it on its continuation line'
scan 'a bracketed parameter is not a timestamp' \
	'<LAVA_SIGNAL_X [1.5] [1.123456 [a]>\n' \
	'1\t-\tX\t[1.5]\t[1.123456\t[a]\n'
scan 'an end marker cut by a kernel line' \
	'<LAVA_TEST_RUN[   99.000000] reboot: Restarting\nNER>: exiting\n' \
	'1\t-\tEXIT\n'

scan 'no kernel line after the cut: no continuation' \
	'<LAVA_SIGNAL_X a\nb>\n' \
	'' 'stdin:1: signal X is not closed on its line'
scan 'a continuation that does not close the signal is dropped' \
	'<LAVA_SIGNAL_X a\n[    1.000000] k\nb c\n d>\n' \
	'' 'stdin:1: signal X is not closed on its continuation line'
scan 'more than 16 kernel lines: dropped' \
	"<LAVA_SIGNAL_X a\n$(i=0; while [ $i -lt 17 ]; do printf '[    1.%06d] k\\n' $i; i=$((i + 1)); done) b>\n" \
	'' 'stdin:1: signal X is cut by too many kernel lines'
scan '16 kernel lines: kept' \
	"<LAVA_SIGNAL_X a\n$(i=0; while [ $i -lt 16 ]; do printf '[    1.%06d] k\\n' $i; i=$((i + 1)); done) b>\n" \
	'1\t-\tX\ta\tb\n'

# An ENDRUN whose ">" is lost, then a kernel oops: the oops lines hold ">"
# and words enough to make parameters, and must never become any.
cat >oops <<'OOPS'
[   99.104012] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008
[   99.104019] Mem abort info:
[   99.104022]   ESR = 0x0000000096000005
[   99.104027]   EC = 0x25: DABT (current EL), IL = 32 bits
[   99.104031] Internal error: Oops: 0000000096000005 [#1] PREEMPT SMP
[   99.104035] CPU: 2 PID: 311 Comm: lava-test-case Not tainted 6.1.0-18-arm64 #1
[   99.104040] pc : qcom_geni_serial_isr+0x1c/0x3c0 [qcom_geni_serial]
[   99.104046] lr : __handle_irq_event_percpu+0x60/0x220
[   99.104050] Call trace:
[   99.104052]  <IRQ>
[   99.104054]  qcom_geni_serial_isr+0x1c/0x3c0 [qcom_geni_serial]
[   99.104058]  </IRQ>
[   99.104061] Code: a9bd7bfd 910003fd a90153f3 aa0003f3 (f9400400)>
[   99.104066] ---[ end trace 0000000000000000 ]---
OOPS
# These are about signals: kernel reports (t/1050) are left out with -K.
test_expect_success 'an ENDRUN with its > lost, then an oops: no record of oops words' '
	{ printf "<LAVA_SIGNAL_ENDRUN 0_smoke 6a1f0c2e\r\n" &&
	  sed "s/\$/\r/" oops &&
	  printf "/ # \r\nKernel panic - not syncing: Fatal exception in interrupt>\r\n<LAVA_SIGNAL_X>\n"
	} >in &&
	lava-sigscan -K <in >out 2>err &&
	printf "18\t-\tX\n" >expect &&
	cut -f 2- out >actual &&
	test_cmp expect actual &&
	test_grep "stdin:1: signal ENDRUN is not closed on its continuation line" err
'
test_expect_success 'an ENDRUN cut inside by an oops: no record of oops words' '
	{ printf "<LAVA_SIGNAL_ENDRUN 0_smoke 6a1f" && cat oops &&
	  printf "[   99.104070] Kernel panic - not syncing: Fatal exception>\n" &&
	  printf "\nU-Boot SPL 2023.01 (Jan 10 2023 - 12:00:00 +0000)\n=> boot>\n"
	} >in &&
	lava-sigscan -K <in >out 2>err &&
	test_cmp /dev/null out &&
	test_grep "stdin:1: signal ENDRUN is not closed on its continuation line" err
'
test_expect_success 'a long oops drops the held signal before its end' '
	{ printf "<LAVA_SIGNAL_ENDRUN 0_smoke 6a1f\n" && cat oops oops &&
	  printf "e0c2>\n"
	} >in &&
	lava-sigscan -K <in >out 2>err &&
	test_cmp /dev/null out &&
	test_grep "signal ENDRUN is cut by too many kernel lines" err
'
test_done
