#!/bin/sh
# The terminal echoes each ACK line the host types; with -p pacing it
# comes a byte at a time, and signals the device prints meanwhile land in
# the middle of it ("echo ok >/lava<LAVA_SIGNAL_X>/ack/t1"). That echo is
# the host's own, not a command that prints a signal: no signal is lost.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

# shellcheck source=t/data/sigscan/lib.sh
. "$LAVA_SRC/t/data/sigscan/lib.sh"
# shellcheck disable=SC2034 # read by scan, in its test body
SCAN_SPLIT=1

scan 'an ACK echo cut anywhere by a signal loses no signal' \
	'echo ok >/lava<LAVA_SIGNAL_STARTTC n><LAVA_ACK a2>/ack/a1\necho ok ><LAVA_SIGNAL_ENDTC n><LAVA_ACK a3>/lava/ack/a2\necho ok<LAVA_SIGNAL_X><LAVA_ACK a4> >/lava/ack/a3\n/ # echo <LAVA_SIGNAL_Y>ok >/lava/ack/a4\n' \
	'1\ta2\tSTARTTC\tn\n2\ta3\tENDTC\tn\n3\ta4\tX\n4\t-\tY\n'
scan 'a command that echoes a signal still gives none' \
	'$ echo ok, <LAVA_SIGNAL_A>\n$ echo "<LAVA_SIGNAL_B>"\n/ # + echo <LAVA_SIGNAL_C>\n+ echo ok ><LAVA_SIGNAL_D>\n<LAVA_SIGNAL_E>\n' \
	'5\t-\tE\n'

# The device: an interactive shell on a pty, which echoes what the host
# types, while a background job prints signals back to back, some with
# ACK tokens that make the host type, a byte every 2 ms.
cat >device.sh <<'EOF_DEV'
#!/bin/sh
(
	sleep 0.3
	i=1
	while [ $i -le 200 ]; do
		printf '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=c%d RESULT=pass>\n' $i
		[ $((i % 10)) -eq 0 ] && printf '<LAVA_SIGNAL_X %d><LAVA_ACK t%d>\n' $i $i
		sleep 0.01
		i=$((i + 1))
	done
	# The last ACK is typed before the end marker ends the scan.
	sleep 2
	printf '<LAVA_TEST_RUNNER>: exiting\n'
) &
PS1='/ # ' exec sh -i
EOF_DEV
chmod +x device.sh

test_expect_success 'paced ACK echoes among signals back to back lose none' '
	mkdir -p lava/ack && mkrun job 66666666-0000-4000-8000-000000000008 0_x &&
	echo "$TRASH/lava" >job/target-dir &&
	mkfifo ackp &&
	socat EXEC:./device.sh,pty,stderr,setsid,ctty STDIO <ackp |
		lava-sigscan -t 60 -l log | tee recs |
		lava-sigroute -p 2 job >ackp 2>err &&
	test_grep "echo [^<]*<LAVA_SIGNAL" log &&
	grep -c "	TESTCASE	" recs >n &&
	echo 200 >expect && test_cmp expect n &&
	grep -c "	X	" recs >n &&
	echo 20 >expect && test_cmp expect n &&
	ls lava/ack | wc -l >n &&
	echo 20 >expect && test_cmp expect n
'

test_done
