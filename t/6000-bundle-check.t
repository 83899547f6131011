#!/bin/sh
# t/bundle-check: the schema check every bundle test relies on must itself
# refuse what the 1.5 schema refuses.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

check="$LAVA_SRC/t/bundle-check"
schema="$LAVA_SRC/t/data/dashboard_bundle_format_1.5.json"

# A small valid bundle, edited by jq into each invalid one below.
cat >good.json <<'JSON'
{"format": "Dashboard Bundle Format 1.5",
 "test_runs": [{"test_id": "smoke",
  "analyzer_assigned_uuid": "6f1e1b1c-3d4e-4f5a-8b6c-7d8e9fa0b1c2",
  "analyzer_assigned_date": "2012-11-22T23:34:43Z",
  "time_check_performed": false,
  "attributes": {"kernel": "3.5"},
  "attachments": [{"pathname": "a.txt", "mime_type": "text/plain",
   "content": "aGVsbG8K"}],
  "test_results": [{"test_case_id": "boot", "result": "pass",
   "measurement": 10.5, "units": "s", "log_filename": "stdout.log",
   "log_lineno": 3}],
  "software_context": {"sources": [{"project_name": "t",
   "branch_vcs": "git", "branch_revision": "abc", "branch_url": "u"}]}}]}
JSON

# refused NAME JQ-FILTER MESSAGE: the edited bundle fails with MESSAGE.
refused() {
	test_expect_success "refuses $1" "
		jq '$2' good.json >bad.json &&
		test_status 1 '$check' bad.json >out &&
		test_grep -e '$3' out
	"
}

test_expect_success 'accepts a valid bundle, default and explicit schema' '
	"$check" good.json &&
	"$check" "$schema" good.json &&
	"$check" - <good.json
'
test_expect_success 'accepts a bundle with no test run, or an empty list' '
	echo "{\"format\": \"Dashboard Bundle Format 1.5\"}" >empty.json &&
	"$check" empty.json &&
	jq ".test_runs = []" good.json >none.json &&
	"$check" none.json
'
refused 'a missing required property' 'del(.test_runs[0].test_id)' \
	'required property test_id is missing'
refused 'a result missing its result' 'del(.test_runs[0].test_results[0].result)' \
	'required property result is missing'
refused 'a result outside the enum' '.test_runs[0].test_results[0].result = "PASS"' \
	'is not one of'
refused 'a wrong format string' '.format = "Dashboard Bundle Format 1.3"' \
	'is not one of'
refused 'a bad uuid' '.test_runs[0].analyzer_assigned_uuid = "not-a-uuid"' \
	'is not a UUID'
refused 'a bad date-time' '.test_runs[0].analyzer_assigned_date = "22/11/2012"' \
	'is not a date-time'
refused 'a date that does not exist' '.test_runs[0].analyzer_assigned_date = "2026-02-30T10:00:00Z"' \
	'is not a date-time'
refused 'an hour past 23' '.test_runs[0].analyzer_assigned_date = "2026-01-01T24:00:00Z"' \
	'is not a date-time'
refused 'a result timestamp that does not exist' '.test_runs[0].test_results[0].timestamp = "2025-13-01T00:00:00Z"' \
	'is not a date-time'
refused 'a duration that is not one' '.test_runs[0].test_results[0].duration = "abc"' \
	'is not a duration'
refused 'an ISO 8601 duration' '.test_runs[0].test_results[0].duration = "PT1S"' \
	'is not a duration'
refused 'an empty duration' '.test_runs[0].test_duration = ""' \
	'is not a duration'
refused 'a duration of 86400 seconds' '.test_runs[0].test_duration = "0d 86400s 0us"' \
	'is not a duration'
refused 'a measurement given as a string' '.test_runs[0].test_results[0].measurement = "10.5"' \
	'is not of type number'
refused 'a measurement without test_case_id' 'del(.test_runs[0].test_results[0].test_case_id)' \
	'measurement requires test_case_id'
refused 'units without a measurement' 'del(.test_runs[0].test_results[0].measurement)' \
	'units requires measurement'
refused 'an unknown property where none may be added' '.test_runs[0].extra = 1' \
	'property extra is not allowed'
refused 'an attribute that is not a string' '.test_runs[0].attributes.kernel = 3' \
	'is not of type string'
refused 'a branch_vcs outside the enum' '.test_runs[0].software_context.sources[0].branch_vcs = "hg"' \
	'is not one of'
refused 'content that is not base64' '.test_runs[0].attachments[0].content = "a*b"' \
	'not base64'
refused 'a boolean where an integer is wanted' '.test_runs[0].test_results[0].log_lineno = true' \
	'is not of type integer'

test_expect_success 'refuses invalid UTF-8, NaN and repeated keys' '
	printf "{\"format\": \"Dashboard Bundle Format 1.5\", \"x\": \"\\377\"}" >b1 &&
	test_status 1 "$check" b1 >out && test_grep "not strict JSON" out &&
	printf "{\"format\": \"Dashboard Bundle Format 1.5\", \"test_runs\": NaN}" >b2 &&
	test_status 1 "$check" b2 >out && test_grep "not strict JSON" out &&
	printf "{\"format\": \"Dashboard Bundle Format 1.5\", \"format\": \"x\"}" >b3 &&
	test_status 1 "$check" b3 >out && test_grep "repeated key" out
'
test_expect_success 'accepts durations and date-times as the schema has them' '
	jq ".test_runs[0].test_duration = \"-1d 86399s 999999us\" |
	    .test_runs[0].test_results[0].duration = \"0d 0s 0us\" |
	    .test_runs[0].test_results[0].timestamp = \"2024-02-29T23:59:60.5+05:30\"" \
	    good.json >ok.json &&
	"$check" ok.json
'
test_expect_success 'refuses a measurement that overflows to infinity' '
	sed "s/10\.5/1e999/" good.json >inf.json &&
	test_grep 1e999 inf.json &&
	test_status 1 "$check" inf.json >out &&
	test_grep "measurement: inf is not a finite number" out
'
test_expect_success 'bad usage exits 2' '
	test_status 2 "$check" >out 2>err &&
	test_grep usage err
'
test_done
