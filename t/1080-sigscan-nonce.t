#!/bin/sh
# lava-sigscan -N NONCE: only the job's signals become records for
# routing. A signal with another nonce, a run-protocol signal without one,
# and any signal without one outside a run of the job become FOREIGN
# records, said on stderr; LAVA's plain TESTCASE, TESTREFERENCE, TESTSET,
# TESTRAISE, STARTTC and ENDTC are taken inside a run of the job, their
# ACK token not. Without -N the nonce is read past, as before.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

N=f00d
S='<LAVA_SIGNAL_STARTRUN 0_a u0><LAVA_NONCE f00d>\n'
E='<LAVA_SIGNAL_ENDRUN 0_a u0><LAVA_NONCE f00d>\n'
export N S E

# nscan DESC INPUT EXPECT [STDERR-PATTERN]: printf INPUT | lava-sigscan
# -N f00d must exit 0 and print the records printf EXPECT (without TIME);
# stderr must match the pattern, or be empty without one.
nscan() {
	# shellcheck disable=SC2034
	IN=$2 EXP=$3 PAT=${4-}
	test_expect_success "$1" '
		printf "$IN" >in &&
		printf "$EXP" >expect &&
		lava-sigscan -N $N <in >out 2>err &&
		cut -f 2- out >actual &&
		test_cmp expect actual &&
		if test -n "$PAT"; then test_grep "$PAT" err; else test_cmp /dev/null err; fi
	'
}

nscan 'the nonce before the ACK token: both taken' \
	'<LAVA_SIGNAL_STARTRUN 0_a u0><LAVA_NONCE f00d><LAVA_ACK 4-1>\n' \
	'1\t4-1\tSTARTRUN\t0_a\tu0\n'
nscan 'a run-protocol signal without the nonce is FOREIGN, its token dropped' \
	"$S"'<LAVA_SIGNAL_ENDRUN 0_a u0><LAVA_ACK 4-2>\n' \
	'1\t-\tSTARTRUN\t0_a\tu0\n2\t-\tFOREIGN\tENDRUN\t0_a\tu0\n' \
	'^lava-sigscan: stdin:2: signal ENDRUN without this job.s nonce: ignored (a FOREIGN record)$'
nscan 'another nonce is FOREIGN, whatever the signal' \
	"$S"'<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=x RESULT=fail><LAVA_NONCE beef>\n' \
	'1\t-\tSTARTRUN\t0_a\tu0\n2\t-\tFOREIGN\tTESTCASE\tTEST_CASE_ID=x\tRESULT=fail\n' \
	'stdin:2: signal TESTCASE with another job.s nonce: ignored'
nscan 'a nonce that only starts like the job'\''s is another' \
	"$S"'<LAVA_SIGNAL_X><LAVA_NONCE f00dd>\n<LAVA_SIGNAL_Y><LAVA_NONCE f00>\n' \
	'1\t-\tSTARTRUN\t0_a\tu0\n2\t-\tFOREIGN\tX\n3\t-\tFOREIGN\tY\n' \
	'stdin:3: signal Y with another'
nscan "LAVA's plain signals inside a run of the job: taken, tokens not" \
	"$S"'<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a RESULT=pass><LAVA_ACK 9-9>\n<LAVA_SIGNAL_TESTSET START s>\n<LAVA_SIGNAL_TESTSET STOP>\n<LAVA_SIGNAL_STARTTC c>\n<LAVA_SIGNAL_ENDTC c>\n<LAVA_SIGNAL_TESTREFERENCE TEST_CASE_ID=r RESULT=pass>\n<LAVA_SIGNAL_TESTRAISE oops>\n'"$E" \
	'1\t-\tSTARTRUN\t0_a\tu0\n2\t-\tTESTCASE\tTEST_CASE_ID=a\tRESULT=pass\n3\t-\tTESTSET\tSTART\ts\n4\t-\tTESTSET\tSTOP\n5\t-\tSTARTTC\tc\n6\t-\tENDTC\tc\n7\t-\tTESTREFERENCE\tTEST_CASE_ID=r\tRESULT=pass\n8\t-\tTESTRAISE\toops\n9\t-\tENDRUN\t0_a\tu0\n'
nscan 'a plain signal outside a run of the job is FOREIGN' \
	'<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=a RESULT=pass>\n'"$S$E"'<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=b RESULT=pass>\n' \
	'1\t-\tFOREIGN\tTESTCASE\tTEST_CASE_ID=a\tRESULT=pass\n2\t-\tSTARTRUN\t0_a\tu0\n3\t-\tENDRUN\t0_a\tu0\n4\t-\tFOREIGN\tTESTCASE\tTEST_CASE_ID=b\tRESULT=pass\n' \
	'stdin:4: signal TESTCASE without this job.s nonce, outside its runs: ignored'
nscan 'other signals without the nonce are FOREIGN inside a run too' \
	"$S"'<LAVA_SIGNAL_MULTINODE_SEND 1 k=v>\n<LAVA_SIGNAL_STARTRUN 1_b u1>\n<LAVA_SIGNAL_my_event x>\n' \
	'1\t-\tSTARTRUN\t0_a\tu0\n2\t-\tFOREIGN\tMULTINODE_SEND\t1\tk=v\n3\t-\tFOREIGN\tSTARTRUN\t1_b\tu1\n4\t-\tFOREIGN\tmy_event\tx\n' \
	'stdin:2: signal MULTINODE_SEND without'
nscan 'a forged ENDRUN leaves the run open for plain signals' \
	"$S"'<LAVA_SIGNAL_ENDRUN 0_a u0>\n<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=after RESULT=pass>\n' \
	'1\t-\tSTARTRUN\t0_a\tu0\n2\t-\tFOREIGN\tENDRUN\t0_a\tu0\n3\t-\tTESTCASE\tTEST_CASE_ID=after\tRESULT=pass\n' \
	'stdin:2: signal ENDRUN'
nscan 'an end marker without the nonce does not end the scan' \
	'<LAVA_TEST_RUNNER>: exiting\n<LAVA_TEST_RUNNER EXIT><LAVA_NONCE beef>\n<LAVA_SIGNAL_X><LAVA_NONCE f00d>\n<LAVA_TEST_RUNNER EXIT><LAVA_NONCE f00d>\n<LAVA_SIGNAL_Y><LAVA_NONCE f00d>\n' \
	'1\t-\tFOREIGN\tEXIT\n2\t-\tFOREIGN\tEXIT\n3\t-\tX\n4\t-\tEXIT\n' \
	"stdin:2: the runner's end marker with another job.s nonce: ignored"
nscan "the seed's end marker with the nonce ends it" \
	'<LAVA_TEST_RUNNER>: exiting<LAVA_NONCE f00d>\n<LAVA_SIGNAL_Y><LAVA_NONCE f00d>\n' \
	'1\t-\tEXIT\n'
nscan 'a malformed nonce is none' \
	"$S"'<LAVA_SIGNAL_X><LAVA_NONCE >\n<LAVA_SIGNAL_Y><LAVA_NONCEX f00d>\n' \
	'1\t-\tSTARTRUN\t0_a\tu0\n2\t-\tFOREIGN\tX\n3\t-\tFOREIGN\tY\n' \
	'stdin:2: signal X: malformed nonce, no token'
nscan 'a nonce after the ACK token is no nonce' \
	"$S"'<LAVA_SIGNAL_X><LAVA_ACK t><LAVA_NONCE f00d>\n' \
	'1\t-\tSTARTRUN\t0_a\tu0\n2\t-\tFOREIGN\tX\n' \
	'stdin:2: signal X without'
nscan 'a signal cut by kernel messages keeps its nonce' \
	"$S"'<LAVA_SIGNAL_STARTTC ab[   12.345678] usb 1-1: new device\n><LAVA_NONCE f00d><LAVA_ACK 7-1>\n' \
	'1\t-\tSTARTRUN\t0_a\tu0\n2\t7-1\tSTARTTC\tab\n'
nscan 'echoed and traced signals stay quiet' \
	"$S"'+ lava-signal ENDRUN 0_a u0\n$ echo "<LAVA_SIGNAL_ENDRUN 0_a u0>"\n' \
	'1\t-\tSTARTRUN\t0_a\tu0\n'

test_expect_success 'past 20 foreign signals, one line says the rest are not said' '
	awk "BEGIN { for (i = 1; i <= 30; i++) print \"<LAVA_SIGNAL_X \" i \">\" }" >in &&
	lava-sigscan -N $N <in >out 2>err &&
	test "$(grep -c FOREIGN out)" -eq 30 &&
	test "$(wc -l <err)" -eq 21 &&
	test_grep "stdin:21: more signals not of this job: FOREIGN records only" err
'
test_expect_success 'a FOREIGN record keeps the first 255 of 256 parameters' '
	awk "BEGIN { printf \"<LAVA_SIGNAL_MANY\"; for (i = 1; i <= 256; i++) printf \" p%d\", i; print \">\" }" >in &&
	lava-sigscan -N $N <in >out 2>err &&
	awk -F "\t" "{ print NF, \$4, \$5, \$NF }" out >actual &&
	echo "260 FOREIGN MANY p255" >expect &&
	test_cmp expect actual
'
test_expect_success 'without -N the nonce is read past, as any signal is taken' '
	printf "<LAVA_SIGNAL_X><LAVA_NONCE beef><LAVA_ACK 1-1>\n<LAVA_SIGNAL_ENDRUN 0_a u0>\n<LAVA_TEST_RUNNER EXIT><LAVA_NONCE beef>\n" >in &&
	lava-sigscan <in >out 2>err &&
	cut -f 2- out >actual &&
	printf "1\t1-1\tX\n2\t-\tENDRUN\t0_a\tu0\n3\t-\tEXIT\n" >expect &&
	test_cmp expect actual &&
	test_cmp /dev/null err
'
test_expect_success 'a bad nonce is bad usage' '
	for n in "" "a b" "$(printf "%065d" 0)" "x;y"; do
		test_status 2 lava-sigscan -N "$n" </dev/null >out 2>err &&
		test_grep "lava-sigscan: -N .*: not a nonce" err || return 1
	done
'

test_done
