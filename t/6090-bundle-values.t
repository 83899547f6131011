#!/bin/sh
# Values from the device are checked where they enter the bundle: a date
# that does not exist, a duration that is not one, a number that
# overflows, a record TIME that is not SECONDS.MICROSECONDS are reported
# and left out, and the bundle stays valid under the strict checker.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

data="$LAVA_SRC/t/data/bundle"
U=00000000-0000-4000-8000-0000000000b1

# value CASE FILE VALUE: results/CASE/FILE of the run holds VALUE.
value() {
	mkdir -p "job/results/0_a/results/$1" &&
	echo pass >"job/results/0_a/results/$1/result" &&
	printf "%s" "$3" >"job/results/0_a/results/$1/$2"
}

test_expect_success 'setup: a run with bad values in its case dirs' '
	mkdir -p job/results &&
	cp -R "$data/seed/0_smoke-tests-1353625123" job/results/0_a &&
	echo $U >job/results/0_a/analyzer_assigned_uuid &&
	value feb30 timestamp 2026-02-30T10:00:00Z &&
	value hour24 timestamp 2026-01-01T24:00:00Z &&
	value leap timestamp 2024-02-29T23:59:60Z &&
	value abc duration abc &&
	value iso duration PT1S &&
	value empty duration "" &&
	value secs duration "0d 86400s 0us" &&
	value good duration "-1d 86399s 999999us" &&
	value huge measurement 1e999 &&
	value big measurement 1e308 &&
	test_status 1 lava-bundle -o b.json job 2>err
'
test_expect_success 'the bundle passes the strict checker' '
	"$LAVA_SRC/t/bundle-check" b.json
'
test_expect_success 'each bad value is reported and left out; good ones stay' '
	test_grep "feb30/timestamp: .2026-02-30T10:00:00Z. is not a date-time (YYYY-MM-DDThh:mm:ssZ), left out" err &&
	test_grep "hour24/timestamp: .2026-01-01T24:00:00Z. is not a date-time" err &&
	test_grep "abc/duration: .abc. is not a duration (Dd Ss Uus), left out" err &&
	test_grep "iso/duration: .PT1S. is not a duration" err &&
	test_grep "empty/duration: .. is not a duration" err &&
	test_grep "secs/duration: .0d 86400s 0us. is not a duration" err &&
	test_grep "huge/measurement: .1e999. is not a number" err &&
	jq -r ".test_runs[0].test_results[] | select(.test_case_id == \"leap\") | .timestamp" b.json >leap &&
	echo 2024-02-29T23:59:60Z >expect && test_cmp expect leap &&
	jq -r ".test_runs[0].test_results[] | select(.test_case_id == \"good\") | .duration" b.json >good &&
	echo "-1d 86399s 999999us" >expect && test_cmp expect good &&
	jq -r ".test_runs[0].test_results[] | select(.test_case_id == \"big\") | .measurement" b.json >big &&
	echo 1e+308 >expect && test_cmp expect big
'

# A record line with TIME t.
trec() {
	printf "%s\t%s\t-\tTESTCASE\tTEST_CASE_ID=t%s\tRESULT=pass\n" "$1" "$2" "$2"
}

test_expect_success 'a record TIME that is not SECONDS.MICROSECONDS is refused' '
	{
		printf "1353625123.000001\t1\t-\tSTARTRUN\t0_a\t%s\n" $U &&
		trec inf 2 && trec nan 3 && trec 1e300 4 && trec 0x1p70 5 &&
		trec -1 6 && trec " 5" 7 && trec 1.1234567 8 && trec 99999999999999999999 9 &&
		trec 1353625124.5 10 && trec 1353625125 11 &&
		printf "1353625126.000000\t12\t-\tENDRUN\t0_a\t%s\n" $U
	} >job/records.tsv &&
	test_status 1 lava-bundle -o c.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" c.json &&
	for l in 2 3 4 5 6 7 8 9; do
		test_grep "records.tsv:$l: TIME is not SECONDS.MICROSECONDS; record left out" err || return 1
	done &&
	jq -r ".test_runs[0].test_results[] | select(.test_case_id | startswith(\"t\")) | [.test_case_id, .timestamp] | @tsv" c.json >ts &&
	printf "t10\t2012-11-22T22:58:44Z\nt11\t2012-11-22T22:58:45Z\n" >expect &&
	test_cmp expect ts
'

test_done
