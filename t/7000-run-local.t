#!/bin/sh
# lava-runjob on the local device: the demo job, end to end, and its summary.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/run/demo-check.sh
. "$LAVA_SRC/t/data/run/demo-check.sh"

test_expect_success 'the demo job runs on the local device' '
	mkdir tmp &&
	TMPDIR=$TRASH/tmp lava-runjob -o job "$LAVA_SRC/examples/demo-job.yaml" >summary 2>err
'
test_expect_success 'its bundle validates and holds every case and figure' '
	demo_check job
'
test_expect_success 'the ACK handshake held: tokens, no ACK time limit' '
	demo_acked job
'
test_expect_success 'the device results were copied back' '
	test -d job/results &&
	ls job/results >runs &&
	test_grep "^0_timing-" runs &&
	test_grep "^1_parse-" runs
'
test_expect_success 'the attachment reached the bundle' '
	jq -r ".test_runs[].test_results[] | select(.test_case_id == \"true\") |
		.attachments[] | [.pathname, .mime_type] | @tsv" job/bundle.json >att &&
	printf "uname.txt\ttext/plain\n" >expect &&
	test_cmp expect att &&
	jq -r ".test_runs[].test_results[] | select(.test_case_id == \"true\") |
		.attachments[0].content" job/bundle.json | base64 -d >uname &&
	uname -a >expect-uname &&
	test_cmp expect-uname uname
'
test_expect_success 'the summary has a line per case and says where the files are' '
	test_grep "^RUN  *CASE  *RESULT  *MEASUREMENT  *DURATION$" summary &&
	test_grep "^timing  *sleep-0.3  *pass  *[0-9]*\.[0-9]*s$" summary &&
	test_grep "^parse  *write-speed  *pass  *812.5 MB/s" summary &&
	test_grep "^7 cases: 5 pass, 1 fail, 1 skip, 0 unknown$" summary &&
	test_grep "^bundle:  job/bundle.json$" summary &&
	test_grep "^junit:   job/results.xml$" summary &&
	test_grep "^report:  job/report.html$" summary &&
	test_grep "^console: job/console.log$" summary &&
	test_grep "^records: job/records.tsv$" summary
'
test_expect_success 'the JUnit file holds the cases of the bundle' '
	xmllint --noout job/results.xml &&
	"$LAVA_SRC/t/report-junit-check" job/results.xml >junit &&
	echo "7 1 0 1" >expect &&
	test_cmp expect junit &&
	test_grep "<testcase name=\"sleep-0.3\" classname=\"timing\" time=\"0\.[3-9]" job/results.xml &&
	test -s job/report.html
'
test_expect_success 'the console saw the shell and the runner end' '
	test_grep "<LAVA_TEST_RUNNER>: exiting" job/console.log &&
	test "$(tail -n 1 job/records.tsv | cut -f 4)" = EXIT
'
test_expect_success 'nothing is left running on the device' '
	! ps -eo args | grep "$TRASH/tmp/lava-runjob\.[A-Za-z0-9]*/lava/bin/" &&
	ls tmp >left &&
	test_cmp /dev/null left
'
test_expect_success 'under its old name lava-run, a second run replaces the job of the first' '
	lava-run --version >version &&
	test_grep "^lava-runjob [0-9.]*$" version &&
	lava-run -o job "$LAVA_SRC/examples/demo-job.yaml" >summary2 2>err2 &&
	demo_check job
'
test_expect_success 'a job that does not load: exit 2, no device' '
	printf "definitions: [\n" >bad.yaml &&
	test_status 2 lava-runjob -o bad bad.yaml >out 2>err &&
	test_grep "bad.yaml" err
'
test_expect_success 'bad usage: exit 2, the usage on stderr, nothing run' '
	test_status 2 lava-runjob -t 0 -o j x.yaml 2>err &&
	test_grep "^usage: lava-runjob" err &&
	test_status 2 lava-runjob -t 1x -o j x.yaml 2>err &&
	test_grep "bad time limit: 1x" err &&
	test_status 2 lava-runjob 2>err &&
	test_status 2 lava-runjob -d cat 2>err &&
	test ! -e j
'
test_expect_success 'a job to run again must have been loaded before' '
	mkdir empty &&
	test_status 2 lava-runjob -d cat -o empty >out 2>err &&
	test_grep "empty: no loaded job" err
'
test_done
