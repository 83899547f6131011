#!/bin/sh
# lava-report on bad input and bad usage: one line that says what and
# where, the status of lava(7), and no output file, whole or partial.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

# no_output: neither out.xml nor a temporary file of it was left.
no_output() {
	ls >files &&
	! grep "^out\\.xml" files
}

test_expect_success 'a bundle to start from' '
	printf "{\"format\": \"Dashboard Bundle Format 1.5\", \"test_runs\": [{\"test_id\": \"r\", \"analyzer_assigned_uuid\": \"u\", \"test_results\": [{\"test_case_id\": \"c\", \"result\": \"pass\"}]}]}\n" >good.json &&
	lava-report -o out.xml good.json &&
	xmllint --noout out.xml &&
	rm out.xml
'
test_expect_success 'JSON that breaks off: exit 2, file, line and column' '
	printf "{\"format\": \"Dashboard Bundle Format 1.5\",\n  \"test_runs\": [ {\"x\": ] }\n" >broken.json &&
	test_status 2 lava-report -o out.xml broken.json 2>err &&
	test_grep "^lava-report: broken.json:2:[0-9]*: not a bundle: " err &&
	test "$(wc -l <err)" -eq 1 &&
	no_output
'
test_expect_success 'JSON that is not a bundle: exit 2, what is missing' '
	echo "{\"format\": \"Dashboard Bundle Format 1.5\"}" >nobundle.json &&
	test_status 2 lava-report -o out.xml nobundle.json 2>err &&
	test_grep "^lava-report: nobundle.json: not a bundle: no \"test_runs\" array$" err &&
	echo "[1, 2]" >array.json &&
	test_status 2 lava-report <array.json >out 2>err &&
	test_grep "^lava-report: <stdin>: not a bundle: no \"format\"" err &&
	test ! -s out &&
	printf "{\"format\": \"Dashboard Bundle Format 1.5\", \"test_runs\": [{\"test_results\": [{\"test_case_id\": \"c\"}]}]}" >nores.json &&
	test_status 2 lava-report nores.json >out 2>err &&
	test_grep "a test result has no result" err &&
	echo "{} x" >trail.json &&
	test_status 2 lava-report trail.json >out 2>err &&
	test_grep "trail.json: not a bundle: text after the JSON value" err &&
	no_output
'
test_expect_success 'a job dir with no bundle, a path that is not there: exit 2' '
	mkdir job &&
	test_status 2 lava-report -o out.xml job 2>err &&
	test_grep "^lava-report: job/bundle.json: No such file or directory$" err &&
	test_status 2 lava-report nothere.json 2>err &&
	test_grep "^lava-report: nothere.json: No such file or directory$" err &&
	no_output
'
test_expect_success 'an unknown format: exit 2, the formats named' '
	test_status 2 lava-report -f xunit -o out.xml good.json 2>err &&
	test_grep "^lava-report: unknown format: xunit (junit, tap, kcidb, html or bundle)$" err &&
	no_output
'
test_expect_success 'KCIDB needs a build id; origin and build are checked' '
	test_status 2 lava-report -f kcidb good.json >out 2>err &&
	test_grep "the kcidb format needs a build id" err &&
	test_status 2 lava-report -f kcidb -O My-Lab -b x:1 good.json >out 2>err &&
	test_grep "bad origin: My-Lab" err &&
	test_status 2 lava-report -f kcidb -b nocolon good.json >out 2>err &&
	test_grep "bad build id: nocolon" err &&
	test ! -s out
'
test_expect_success 'a measurement past 64 bits is left out, not changed' '
	printf "{\"format\": \"Dashboard Bundle Format 1.5\", \"test_runs\": [{\"test_id\": \"r\", \"test_results\": [{\"test_case_id\": \"big\", \"result\": \"pass\", \"measurement\": 123456789012345678901234567890}, {\"test_case_id\": \"neg\", \"result\": \"pass\", \"measurement\": -12345678901234567890123}, {\"test_case_id\": \"ok\", \"result\": \"pass\", \"measurement\": 18446744073709551614}]}]}" >big.json &&
	lava-report -f tap big.json >big.tap 2>err &&
	test "$(grep -c "past 64 bits is left out" err)" = 2 &&
	grep "measurement:" big.tap >m &&
	echo "      measurement: 18446744073709551614" >expect &&
	test_cmp expect m
'
test_expect_success 'a write error: exit 1, said' '
	test_status 1 lava-report good.json >/dev/full 2>err &&
	test_grep "^lava-report: write error on stdout" err
'
test_expect_success 'an output file is replaced whole or not at all' '
	echo old >out.xml &&
	test_status 2 lava-report -o out.xml broken.json 2>err &&
	echo old >expect &&
	test_cmp expect out.xml &&
	ls >files &&
	! grep "^out\\.xml\\." files &&
	lava-report -o out.xml good.json &&
	xmllint --noout out.xml
'
test_done
