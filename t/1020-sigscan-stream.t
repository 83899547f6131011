#!/bin/sh
# lava-sigscan on a stream: reads cut anywhere, the raw log, long lines in
# bounded memory, records flushed at once, the time limit, write errors.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

# A console with a bit of everything, cut by reads anywhere.
printf '%b' \
	'[    0.000000] Booting Linux on physical CPU 0x0\r\n' \
	'[   12.345678] <LAVA_SIGNAL_STARTRUN 0_smoke 6a1f>\r\n' \
	"root@board:~# echo \"<LAVA_SIGNAL_STARTTC \$TEST_CASE_ID>\"\r\n" \
	"+ printf '%s\\\\n' '<LAVA_SIGNAL_STARTTC tc1>'\r\n" \
	'<LAVA_SIGNAL_STARTTC tc1><LAVA_ACK 4711-3>\r\n' \
	'<LAVA[   28.105258] random: crng init done\r\n' \
	'_SIGNAL_TESTCASE TEST_CASE_ID=tc1 RESULT=pass>\r\n' \
	'<LAVA_SIGNAL_ENDTC tc1\r\n[   28.200000] usb 1-1: reset\r\n><LAVA_ACK 4711-4>\r\n' \
	"$(printf '\033[1;31m')<LAVA_SIG$(printf '\033[0m')NAL_TESTSET START s1>progress\rx<LAVA_SIGNAL_A><LAVA_SIGNAL_B 1 2>\n" \
	'$ echo   starting <LAVA_SIGNAL_Y 1>\r\n' \
	'<LAVA_SIGNAL_ENDRUN 0_smoke 6a1f>\r\n' \
	'<LAVA_TEST_RUNNER>: exiting\r\n' >console
cat >expect <<'EOF_EXPECT'
2	-	STARTRUN	0_smoke	6a1f
5	4711-3	STARTTC	tc1
6	-	TESTCASE	TEST_CASE_ID=tc1	RESULT=pass
8	4711-4	ENDTC	tc1
11	-	TESTSET	START	s1
12	-	A
12	-	B	1	2
14	-	ENDRUN	0_smoke	6a1f
15	-	EXIT
EOF_EXPECT

test_expect_success 'the console gives the records expected' '
	lava-sigscan <console >out &&
	cut -f 2- out >actual &&
	test_cmp expect actual
'
test_expect_success 'the same records when cut at every byte, or fed a byte at a time' '
	unit-scan split <console >out &&
	cut -f 2- out >actual &&
	test_cmp expect actual
'
test_expect_success 'the same records through a pipe written a byte at a time' '
	unit-scan drip 300 <console | lava-sigscan >out &&
	cut -f 2- out >actual &&
	test_cmp expect actual
'
# Escape sequences open or closed at line ends, a '<' in a CSI, line starts
# of each kind, a lone CR, a kernel cut: the bulk paths between signals.
printf '%b' \
	'\033[1;32mroot@board\033[0m:~# ls\r\n' \
	'\033[31m<LAVA_SIGNAL_RED 1>\033[0m\r\n' \
	'text \033[0;33m\r\n' \
	'open csi \033[12;\r\n' \
	'<LAVA_SIGNAL_AFTER_OPEN x>\r\n' \
	'osc \033]0;title <LAVA_SIGNAL_IN_OSC>\007 after\r\n' \
	'osc open \033]0;<LAVA_SIGNAL_OSC_OPEN>\r\n' \
	'<LAVA_SIGNAL_NEXT_LINE 1>\n' \
	'esc lt \033<LAVA_SIGNAL_EATEN>\r\n' \
	'can \033[1\030<LAVA_SIGNAL_CAN 1>\r\n' \
	'\t+ not xtrace <LAVA_SIGNAL_T>\r\n' \
	'+ <LAVA_SIGNAL_XTRACE>\r\n' \
	'\177+ <LAVA_SIGNAL_DEL_XTRACE>\r\n' \
	'\033[32m+ <LAVA_SIGNAL_COLOUR_XTRACE>\033[0m\r\n' \
	'a lone cr\r<LAVA_SIGNAL_AFTER_CR 2>\r\n' \
	'x \033(B<LAVA_SIGNAL_CHARSET 1>\r\n' \
	"say '\033[0m<LAVA_SIGNAL_QUOTED>\r\n" \
	'<LAVA_SIGNAL_CUT 1\r\n[    1.000000] \033[1mkernel\033[0m text\r\n>\r\n' \
	'\033[1mbold\033[0m<LAVA_SIGNAL_BOLD>\n\n' \
	'x \033[1m\033[<1;2m\033[0m<LAVA_SIGNAL_LT 2>\033[<\r\n' \
	'end \033[1mcolour\033[0m <LAVA_SIGNAL_LAST 1>\033[' >escapes
printf '%s\n' '2	-	RED	1' '5	-	AFTER_OPEN	x' '8	-	NEXT_LINE	1' \
	'10	-	CAN	1' '11	-	T' '16	-	AFTER_CR	2' '17	-	CHARSET	1' \
	'19	-	CUT	1' '22	-	BOLD' '24	-	LT	2' '25	-	LAST	1' \
	>expect-escapes

test_expect_success 'escape sequences and line starts between signals' '
	lava-sigscan <escapes >out 2>err &&
	cut -f 2- out >actual &&
	test_cmp expect-escapes actual &&
	test_cmp /dev/null err
'
test_expect_success 'escapes: the same records cut at every byte, or fed a byte at a time' '
	unit-scan split <escapes >out &&
	cut -f 2- out >actual &&
	test_cmp expect-escapes actual
'
for f in "$LAVA_SRC"/t/data/console-*.log; do
	[ -e "$f" ] || continue
	test_expect_success "$(basename "$f"): same records cut anywhere" "
		lava-sigscan <'$f' | cut -f 2- >whole &&
		unit-scan split <'$f' | cut -f 2- >parts &&
		test -s whole &&
		test_cmp whole parts
	"
done

test_expect_success '-l writes every byte read, garbage included' '
	head -c 300000 /dev/urandom >garbage &&
	{ cat garbage && printf "\n<LAVA_SIGNAL_X 1>\n" && cat garbage console; } >in &&
	lava-sigscan -l log <in >out &&
	cmp in log &&
	cut -f 4- out >names &&
	test_grep -x "X	1" names &&
	test_grep -x "EXIT" names
'
test_expect_success '-l truncates the log; a log that cannot be written fails' '
	printf "old old old old\n" >log &&
	printf "new\n" | lava-sigscan -l log >out &&
	printf "new\n" >expect &&
	test_cmp expect log &&
	test_status 1 lava-sigscan -l no/such/dir/log </dev/null 2>err &&
	test_grep "^lava-sigscan: no/such/dir/log: " err
'

# RSS is a bound, not a timing: sanitizer builds need more.
sanitized() {
	ldd "$(command -v lava-sigscan)" | grep -q asan
}
test_expect_success 'a 24 MiB line without a newline: bounded memory, every byte logged' '
	awk "BEGIN { e = sprintf(\"%c\", 27)
		for (i = 0; i < 24576; i++) {
			s = e \"[1;3\" (i % 8) \"m\"
			while (length(s) < 1000) s = s \"console noise \"
			printf \"%s<LAVA_SIGNAL_N %d>\", s, i
		} }" >in &&
	/usr/bin/time -o rss -f %M lava-sigscan -l log <in >out &&
	cmp in log &&
	test "$(wc -l <out)" -eq 24576 &&
	test "$(tail -n 1 out | cut -f 2-)" = "1	-	N	24575" &&
	if sanitized; then say "RSS $(cat rss) KiB, not checked under sanitizers"
	else test "$(cat rss)" -lt 16384
	fi
'
test_expect_success 'an unclosed signal in a 16 MiB line: bounded memory, no record' '
	{ printf "<LAVA_SIGNAL_ENDRUN 0_smoke" && head -c 16777216 /dev/zero | tr "\\0" "y"; } >in &&
	/usr/bin/time -o rss -f %M lava-sigscan -l log <in >out 2>err &&
	cmp in log &&
	test_cmp /dev/null out &&
	test_grep "signal ENDRUN is longer than" err &&
	if sanitized; then say "RSS $(cat rss) KiB, not checked under sanitizers"
	else test "$(cat rss)" -lt 16384
	fi
'

test_expect_success 'a record is flushed while the writer keeps the console open' '
	mkfifo flushin outp &&
	{ sh -c "printf \"boot\\\\n<LAVA_SIGNAL_STARTTC a><LAVA_ACK t-1>\\\\n\"; exec sleep 60" >flushin & } &&
	wpid=$! &&
	{ lava-sigscan <flushin >outp & } &&
	timeout 10 head -n 1 <outp >got &&
	kill $wpid &&
	printf "2\tt-1\tSTARTTC\ta\n" >expect &&
	cut -f 2- got >actual &&
	test_cmp expect actual
'
test_expect_success '-t: a silent writer gives a TIMEOUT record and exit 1' '
	mkfifo silent &&
	{ sh -c "printf \"<LAVA_SIGNAL_A>\\\\nhalf a line\"; exec sleep 60" >silent & } &&
	wpid=$! &&
	test_status 1 lava-sigscan -t 0.5 <silent >out &&
	kill $wpid &&
	printf "1\t-\tA\n2\t-\tTIMEOUT\n" >expect &&
	cut -f 2- out >actual &&
	test_cmp expect actual
'
test_expect_success '-t: input that ends in time is no timeout' '
	printf "<LAVA_SIGNAL_A>\n" | lava-sigscan -t 30 >out &&
	printf "1\t-\tA\n" >expect &&
	cut -f 2- out >actual &&
	test_cmp expect actual
'
test_expect_success '-t: a bad number of seconds is bad usage' '
	test_status 2 lava-sigscan -t abc </dev/null 2>err &&
	test_grep "^lava-sigscan: -t abc: not a number of seconds" err &&
	test_status 2 lava-sigscan -t -1 </dev/null &&
	test_status 2 lava-sigscan extra </dev/null
'
test_expect_success 'a log that fills up: warned once, every record still out, exit 1' '
	lava-sigscan <console >out &&
	cut -f 2- out >expect-all &&
	test $(wc -l <expect-all) = 9 &&
	test_status 1 lava-sigscan -l /dev/full <console >out 2>err &&
	cut -f 2- out >actual &&
	test_cmp expect-all actual &&
	test $(wc -l <err) = 1 &&
	test_grep "lava-sigscan: /dev/full: No space left on device; the log stops here, the scan goes on" err
'
test_expect_success 'a log that fills up mid-way: the rest of the console is still scanned' '
	{
		i=0 && while [ $i -lt 2000 ]; do
			echo "filler line $i of a chatty boot"; i=$((i + 1))
		done &&
		cat console
	} >big &&
	lava-sigscan <big >out &&
	cut -f 2- out >expect-big &&
	test_status 1 sh -c "trap \"\" XFSZ && ulimit -f 8 && exec lava-sigscan -l log" <big >out 2>err &&
	cut -f 2- out >actual &&
	test_cmp expect-big actual &&
	test_grep "lava-sigscan: log: File too large; the log stops here, the scan goes on" err
'
test_expect_success 'a closed stdout is a write error: exit 1' '
	printf "<LAVA_SIGNAL_A>\n" >in &&
	python3 -c "
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run([\"lava-sigscan\"], stdin=open(\"in\"), stdout=w, stderr=open(\"err\", \"w\"))
sys.exit(p.returncode)
	" ; test $? -eq 1 &&
	test_grep "^lava-sigscan: write error on stdout: Broken pipe" err
'
test_expect_success 'no field ever holds a tab or a control byte; records are UTF-8' '
	awk "BEGIN { srand(7)
		for (i = 0; i < 3000; i++) {
			printf \"<LAVA_SIGNAL_F%d \", i
			n = int(rand() * 40)
			for (j = 0; j < n; j++) {
				c = int(rand() * 256)
				if (c == 10 || c == 13 || c == 60 || c == 62) c = 32
				printf \"%c\", c
			}
			printf \"><LAVA_ACK tok%d>\\n\", i
		} }" >in &&
	lava-sigscan <in >out 2>err &&
	test "$(wc -l <out)" -gt 2500 &&
	LC_ALL=C grep -v -E "^[0-9]+\.[0-9]{6}	[0-9]+	[A-Za-z0-9._-]{1,64}	[A-Za-z0-9_]+(	[^	]+)*\$" out >bad || true &&
	test_cmp /dev/null bad &&
	tr -d "\\t\\n" <out | LC_ALL=C tr -d "\\040-\\176\\200-\\377" >ctl &&
	test_cmp /dev/null ctl &&
	iconv -f UTF-8 -t UTF-8 out >/dev/null
'
test_expect_success 'the longest time limit waits as any other (no overflow in the wait)' '
	{ printf "<LAVA_SIGNAL_A 1>\n"; sleep 1; printf "<LAVA_SIGNAL_B 2>\n"; } |
		lava-sigscan -t 31536000 >out &&
	cut -f4- out >names &&
	printf "A\t1\nB\t2\n" >expect &&
	test_cmp expect names
'
test_done
