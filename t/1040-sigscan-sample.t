#!/bin/sh
# lava-sigscan on the sample console of a whole run (boot, login, runner,
# ACKs typed back, xtrace, colour, CRLF, a signal cut by the kernel), and
# the awk and jq examples of lava-records(5) on its records.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

SAMPLE=$LAVA_SRC/t/data/console-sample.log
export SAMPLE
cat >expect <<'EOF_EXPECT'
27	412-1795548000	STARTRUN	0_smoke	6a1f0c2e-4b51-4c8e-9f0e-2d3a7c1b5e90
32	-	TESTCASE	TEST_CASE_ID=kernel-version	RESULT=pass
36	437-1795548001	STARTTC	dd-speed
41	441-1795548002	ENDTC	dd-speed
44	-	TESTCASE	TEST_CASE_ID=dd-speed	RESULT=pass
45	-	TESTCASE	TEST_CASE_ID=dd-throughput	RESULT=pass	MEASUREMENT=163	UNITS=MB/s
47	-	TESTCASE	TEST_CASE_ID=kmsg	RESULT=pass
48	-	TESTSET	START	network
50	-	TESTCASE	TEST_CASE_ID=ping	RESULT=fail
51	-	TESTSET	STOP	network
52	-	TESTREFERENCE	TEST_CASE_ID=docs	RESULT=pass	REFERENCE=https://example.org/docs
53	455-1795548003	ENDRUN	0_smoke	6a1f0c2e-4b51-4c8e-9f0e-2d3a7c1b5e90
57	-	EXIT
EOF_EXPECT

test_expect_success 'the sample console gives every signal once, and no other' '
	lava-sigscan -l log <"$SAMPLE" >records 2>err &&
	cut -f 2- records >actual &&
	test_cmp expect actual &&
	test_cmp /dev/null err &&
	cmp "$SAMPLE" log
'
test_expect_success 'the awk example of lava-records(5)' '
	awk -F "\t" "\$4 == \"TESTCASE\" {
		for (i = 5; i <= NF; i++) {
			split(\$i, kv, \"=\")
			r[kv[1]] = kv[2]
		}
		print r[\"TEST_CASE_ID\"], r[\"RESULT\"]
	}" records >actual &&
	printf "%s\n" "kernel-version pass" "dd-speed pass" "dd-throughput pass" \
		"kmsg pass" "ping fail" >expect.awk &&
	test_cmp expect.awk actual
'
test_expect_success 'the jq example of lava-records(5)' '
	jq -c -R "split(\"\t\") | {time: .[0] | tonumber, line: .[1] | tonumber,
	    token: .[2], name: .[3], args: .[4:]}" records >json &&
	test "$(wc -l <json)" -eq 13 &&
	jq -e -s "map(select(.token != \"-\")) | map(.name) == [\"STARTRUN\", \"STARTTC\", \"ENDTC\", \"ENDRUN\"]" json &&
	jq -e -s ".[2] | .line == 36 and .args == [\"dd-speed\"] and .time > 1e9" json
'
test_done
