#!/bin/sh
# lava-sigscan as a filter: console bytes in, records out (TIME left out).
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

# shellcheck source=t/data/sigscan/lib.sh
. "$LAVA_SRC/t/data/sigscan/lib.sh"

scan 'after a kernel timestamp' \
	'[   12.345678] <LAVA_SIGNAL_STARTRUN 0_smoke 6a1f>\n' \
	'1\t-\tSTARTRUN\t0_smoke\t6a1f\n'
scan 'after shell prompts' \
	'root@board:~# <LAVA_SIGNAL_STARTTC boot>\n/ # <LAVA_SIGNAL_ENDTC boot>\n' \
	'1\t-\tSTARTTC\tboot\n2\t-\tENDTC\tboot\n'
scan 'after and before other text' \
	'booting... done<LAVA_SIGNAL_TESTSET START net>more text\n' \
	'1\t-\tTESTSET\tSTART\tnet\n'
scan 'several on one line' \
	'<LAVA_SIGNAL_A><LAVA_SIGNAL_B 1> x <LAVA_SIGNAL_C 2 3>\n' \
	'1\t-\tA\n1\t-\tB\t1\n1\t-\tC\t2\t3\n'
scan 'CRLF ends a line once' \
	'a\r\n<LAVA_SIGNAL_X 1>\r\n\r\n<LAVA_SIGNAL_Y 2>\r\n' \
	'2\t-\tX\t1\n4\t-\tY\t2\n'
scan 'a lone CR ends a line' \
	'progress 10%%\rprogress 100%%\r<LAVA_SIGNAL_X 1>\rtail<LAVA_SIGNAL_Y>\n' \
	'3\t-\tX\t1\n4\t-\tY\n'
scan 'CRs before a LF are one line end' \
	'a\r\r\n<LAVA_SIGNAL_X>\r\r\r\n<LAVA_SIGNAL_Y>\n' \
	'2\t-\tX\n3\t-\tY\n'
scan 'ANSI colour codes, also inside a signal' \
	'\033[1;32m<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a\033[0m RESULT=pass>\033[0m\n' \
	'1\t-\tTESTCASE\tTEST_CASE_ID=a\tRESULT=pass\n'
scan 'cursor motion and private modes' \
	'\033[2K\033[1G<LAVA_SIG\033[?25lNAL_X 1>\033[H\033(B\n' \
	'1\t-\tX\t1\n'
scan 'window titles (OSC) ended by BEL or ST' \
	'\033]0;root@board: ~\007<LAVA_SIGNAL_X>\n\033]2;t\033\\<LAVA_SIGNAL_Y>\n' \
	'1\t-\tX\n2\t-\tY\n'
scan 'an escape sequence ends at the line end' \
	'\033]0;broken title\n<LAVA_SIGNAL_X>\n' \
	'2\t-\tX\n'
scan 'NUL and other control bytes are dropped' \
	'\000<LAVA_SIGNAL_X\000 a\000b\007>\000\n\001\002<LAVA_SIGNAL_Y\177>\n' \
	'1\t-\tX\tab\n2\t-\tY\n'
scan 'invalid UTF-8 around and inside a signal' \
	'\377\376<LAVA_SIGNAL_X caf\303\251 \377bad \302\233x \355\240\200>\377\n' \
	'1\t-\tX\tcaf\303\251\t?bad\t??x\t???\n'
scan 'tabs separate parameters' \
	'<LAVA_SIGNAL_X\ta\t\tb >\n' \
	'1\t-\tX\ta\tb\n'
scan 'no parameters' \
	'<LAVA_SIGNAL_ENDTC>\n' \
	'1\t-\tENDTC\n'
scan 'KEY=VALUE parameters' \
	'<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=dd-speed RESULT=pass MEASUREMENT=12.5 UNITS=MB/s>\n' \
	'1\t-\tTESTCASE\tTEST_CASE_ID=dd-speed\tRESULT=pass\tMEASUREMENT=12.5\tUNITS=MB/s\n'
scan 'an ACK token behind the signal' \
	'<LAVA_SIGNAL_STARTTC tc1><LAVA_ACK 4711-3>\n' \
	'1\t4711-3\tSTARTTC\ttc1\n'
scan 'an ACK token with blanks around it' \
	'/ # <LAVA_SIGNAL_STARTTC tc1><LAVA_ACK  a.b_C-1 >\n' \
	'1\ta.b_C-1\tSTARTTC\ttc1\n'
scan 'a signal behind another is not its ACK' \
	'<LAVA_SIGNAL_A><LAVA_ACKNOWLEDGE x><LAVA_SIGNAL_B><LAVA_S\n' \
	'1\t-\tA\n1\t-\tB\n'
scan 'an unterminated signal at the end of input gives nothing' \
	'x\n<LAVA_SIGNAL_ENDRUN 0_smoke 6a1f' \
	''
scan 'the seed end marker ends the scan' \
	'<LAVA_SIGNAL_A>\n<LAVA_TEST_RUNNER>: exiting\n<LAVA_SIGNAL_B>\n' \
	'1\t-\tA\n2\t-\tEXIT\n'
scan 'the later end marker ends the scan' \
	'x <LAVA_TEST_RUNNER EXIT>\n<LAVA_SIGNAL_B>\n' \
	'1\t-\tEXIT\n'
scan 'other runner lines are no end marker' \
	'<LAVA_TEST_RUNNER>: starting\n<LAVA_TEST_RUNNER EXITING>\n<LAVA_SIGNAL_B>\n' \
	'3\t-\tB\n'
scan 'names are A-Z a-z 0-9 _ and not empty' \
	'<LAVA_SIGNAL_>\n<LAVA_SIGNAL_lower>\n<LAVA_SIGNAL_X-Y>\n<LAVA_SIGNAL_OK_2>\n<LAVA_SIGNAL_a.b>\n<LAVA_SIGNAL_\303\251>\n' \
	'2\t-\tlower\n4\t-\tOK_2\n'
scan 'a lowercase custom signal, as the device helper sends it' \
	'<LAVA_SIGNAL_my_event x>\n' \
	'1\t-\tmy_event\tx\n'
scan 'shell xtrace lines give no record' \
	"+ echo '<LAVA_SIGNAL_STARTRUN 1_smoke 6a1f>'\n++ printf '%%s\\\\n' '<LAVA_SIGNAL_STARTRUN 1_smoke 6a1f>'\n+ <LAVA_SIGNAL_X>\n<LAVA_SIGNAL_STARTRUN 1_smoke 6a1f>\n" \
	'4\t-\tSTARTRUN\t1_smoke\t6a1f\n'
scan 'xtrace lines behind colour codes give no record' \
	"\033[0;33m+ lava-signal STARTTC tc1 '<LAVA_SIGNAL_X 1>'\n\033[0m\033[1m++ lava-signal\033[0m <LAVA_SIGNAL_X 2>\n<LAVA_SIGNAL_X 3>\n" \
	'3\t-\tX\t3\n'
scan 'the echo of a typed command gives no record' \
	'/ # echo "<LAVA_SIGNAL_STARTTC $TEST_CASE_ID>"\n/ # echo "<LAVA_SIGNAL_STARTTC tc1>"\nroot@b:~# echo \\<LAVA_SIGNAL_X 1\\>\n$ echo   starting <LAVA_SIGNAL_Y 1>\n<LAVA_SIGNAL_STARTTC tc1>\n' \
	'5\t-\tSTARTTC\ttc1\n'
scan 'an unexpanded variable is a command, not its output' \
	'<LAVA_SIGNAL_STARTTC $TEST_CASE_ID>\n<LAVA_SIGNAL_X ${Y} $(z)>\n<LAVA_SIGNAL_TESTCASE MEASUREMENT=$5>\n' \
	'3\t-\tTESTCASE\tMEASUREMENT=$5\n'
scan 'an echoed end marker does not end the scan' \
	"+ echo '<LAVA_TEST_RUNNER>: exiting'\n<LAVA_SIGNAL_B>\n" \
	'2\t-\tB\n'

# 256 parameters are kept; 257 are refused with a warning.
test_expect_success '256 parameters' '
	awk "BEGIN { printf \"<LAVA_SIGNAL_MANY\"; for (i = 1; i <= 256; i++) printf \" p%d\", i; print \">\" }" >in &&
	awk "BEGIN { printf \"1\t-\tMANY\"; for (i = 1; i <= 256; i++) printf \"\tp%d\", i; print \"\" }" >expect &&
	lava-sigscan <in >out &&
	cut -f 2- out >actual &&
	test_cmp expect actual
'
test_expect_success '257 parameters are refused with a warning' '
	awk "BEGIN { printf \"<LAVA_SIGNAL_MANY\"; for (i = 1; i <= 257; i++) printf \" p\"; print \"><LAVA_SIGNAL_NEXT>\" }" >in &&
	lava-sigscan <in >out 2>err &&
	printf "1\t-\tNEXT\n" >expect &&
	cut -f 2- out >actual &&
	test_cmp expect actual &&
	test_grep "^lava-sigscan: stdin:1: signal MANY has more than 256 parameters" err
'
test_expect_success 'a signal over 4096 bytes is refused with a warning' '
	awk "BEGIN { printf \"<LAVA_SIGNAL_BIG \"; for (i = 0; i < 4100; i++) printf \"x\"; print \">\"; print \"<LAVA_SIGNAL_NEXT>\" }" >in &&
	lava-sigscan <in >out 2>err &&
	printf "2\t-\tNEXT\n" >expect &&
	cut -f 2- out >actual &&
	test_cmp expect actual &&
	test_grep "stdin:1: signal BIG is longer than" err
'
test_expect_success 'a 5000-byte name is refused, shown in 64 bytes' '
	awk "BEGIN { printf \"<LAVA_SIGNAL_\"; for (i = 0; i < 5000; i++) printf \"A\"; print \">\"; print \"<LAVA_SIGNAL_NEXT>\" }" >in &&
	lava-sigscan <in >out 2>err &&
	printf "2\t-\tNEXT\n" >expect &&
	cut -f 2- out >actual &&
	test_cmp expect actual &&
	test_grep -x "lava-sigscan: stdin:1: signal A\{64\} is longer than 4096 bytes, ignored" err
'
test_expect_success 'a bad ACK token is written as - with a warning' '
	printf "<LAVA_SIGNAL_STARTTC a><LAVA_ACK x;rm\$IFS-rf>\n<LAVA_SIGNAL_STARTTC b><LAVA_ACK %070d>\n" 0 >in &&
	lava-sigscan <in >out 2>err &&
	printf "1\t-\tSTARTTC\ta\n2\t-\tSTARTTC\tb\n" >expect &&
	cut -f 2- out >actual &&
	test_cmp expect actual &&
	test_grep "stdin:1: signal STARTTC: bad ACK token" err &&
	test_grep "stdin:2: signal STARTTC: bad ACK token" err
'
test_expect_success 'a signal cut by another is reported, the other found' '
	printf "<LAVA_SIGNAL_A x <LAVA_SIGNAL_B y>\n" >in &&
	lava-sigscan <in >out 2>err &&
	printf "1\t-\tB\ty\n" >expect &&
	cut -f 2- out >actual &&
	test_cmp expect actual &&
	test_grep "stdin:1: signal A has no closing" err
'
test_expect_success 'TIME is the receive time, seconds.micros since the epoch' '
	before=$(date +%s) &&
	printf "<LAVA_SIGNAL_A>\n" | lava-sigscan >out &&
	after=$(date +%s) &&
	test_grep -E "^[0-9]+\.[0-9]{6}	1	-	A\$" out &&
	t=$(cut -f 1 out | cut -d . -f 1) &&
	test "$t" -ge "$before" && test "$t" -le "$after"
'
test_expect_success 'the end marker stops reading: exit 0 with the writer still open' '
	mkfifo fifo &&
	{ sh -c "printf \"<LAVA_TEST_RUNNER EXIT>\\\\n\"; exec sleep 30" >fifo & } &&
	pid=$! &&
	lava-sigscan <fifo >out &&
	kill $pid &&
	printf "1\t-\tEXIT\n" >expect &&
	cut -f 2- out >actual &&
	test_cmp expect actual
'
test_done
