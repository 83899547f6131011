#!/bin/sh
# lava-report: JUnit, TAP and KCIDB of a job whose device printed garbage,
# each read by a real consumer: junitparser and xmllint, prove, and
# jsonschema against the KCIDB I/O schema.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/report/mkjob.sh
. "$LAVA_SRC/t/data/report/mkjob.sh"

KCIDB_SCHEMA=$LAVA_SRC/../shared/reference/kcidb/kcidb-io-v5.3.schema.json
export KCIDB_SCHEMA
PY=/usr/bin/python3
export PY

test_expect_success 'a job with garbage, an open case and a run that died' '
	report_job job &&
	report_counts job/bundle.json >counts &&
	echo "10 4 1 1" >expect &&
	test_cmp expect counts &&
	jq -e ".test_runs[] | select(.test_id == \"silent\") |
		.attributes.incomplete" job/bundle.json >/dev/null
'
test_expect_success 'JUnit: xmllint accepts it' '
	lava-report -o results.xml job &&
	xmllint --noout results.xml
'
test_expect_success 'JUnit: junitparser counts what the bundle holds' '
	"$LAVA_SRC/t/report-junit-check" results.xml >junit-counts &&
	test_cmp counts junit-counts
'
test_expect_success 'JUnit: a case keeps its console lines, cleaned' '
	$PY -c "
import sys
from junitparser import JUnitXml
for s in JUnitXml.fromfile(sys.argv[1]):
    for c in s:
        if c.name == \"dot.ted.case\":
            print(c.system_out, end=\"\")
" results.xml >out &&
	printf "<LAVA_SIGNAL_STARTTC dot.ted.case>\ngarbage \357\277\275\357\277\275 bytes red & <tag> \"q\" \nNUL:: end\n<LAVA_SIGNAL_ENDTC dot.ted.case>\n<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=dot.ted.case RESULT=fail>\n" >expect &&
	test_cmp expect out
'
test_expect_success 'JUnit: the id with control and invalid bytes gets U+FFFD' '
	test_grep "name=\"ctl$(printf "\357\277\275\357\277\275")id\"" results.xml
'
test_expect_success 'JUnit: time, measurement and the case that did not end' '
	test_grep "<property name=\"measurement\" value=\"3.5\"/>" results.xml &&
	test_grep "<property name=\"units\" value=\"s\"/>" results.xml &&
	test_grep "STARTTC on console line 8 has no ENDTC" results.xml &&
	test_grep "<property name=\"incomplete\"" results.xml
'
test_expect_success 'JUnit: from a bundle alone, the same cases, no console' '
	lava-report <job/bundle.json >bare.xml &&
	xmllint --noout bare.xml &&
	"$LAVA_SRC/t/report-junit-check" bare.xml >bare-counts &&
	test_cmp counts bare-counts &&
	! grep "console_lines" bare.xml
'
test_expect_success 'a case a parse pattern found has its stdout.log line, even from a bundle alone' '
	for x in results.xml bare.xml; do
		$PY -c "
import sys
from junitparser import JUnitXml
for s in JUnitXml.fromfile(sys.argv[1]):
    for c in s:
        if c.name == \"parsed-fail\":
            print(c.system_out, end=\"\")
" $x >out &&
		echo "parsed-fail : FAIL" >expect &&
		test_cmp expect out || return 1
	done &&
	test_grep "<property name=\"stdout_line\" value=\"2\"/>" bare.xml
'
test_expect_success 'TAP: prove reads each run and fails on the failing ones' '
	lava-report -f tap -o job.tap job &&
	test_must_fail prove -e cat job.tap >prove.out 2>&1 &&
	test_grep "Failed 4/4 subtests" prove.out &&
	jq ".test_runs |= map(select(.test_id == \"died\") |
		.test_results |= map(select(.result == \"pass\")))" job/bundle.json |
		lava-report -f tap >pass.tap &&
	prove -e cat pass.tap >prove.out 2>&1 &&
	test_grep "^Result: PASS" prove.out
'
test_expect_success 'TAP: prove counts each run'"'"'s cases as the bundle does' '
	for run in garbage died silent; do
		awk -v r="$run" "
			/^# Subtest: / { on = (substr(\$0, 12) == r); next }
			on && /^    / { print substr(\$0, 5); next }
			{ on = 0 }" job.tap >"$run.tap" || return 1
		jq -r --arg r "$run" ".test_runs[] | select(.test_id == \$r) |
			.test_results // [] | [length, (map(select(.result == \"skip\")) | length)] |
			@tsv" job/bundle.json >"$run.want" &&
		{ prove -v -e cat "$run.tap" >"$run.prove" 2>&1 || :; } &&
		awk "/^ok|^not ok/ { n++ } /# SKIP/ { s++ } END { printf \"%d\t%d\n\", n, s }" \
			"$run.prove" >"$run.got" &&
		test_cmp "$run.want" "$run.got" || return 1
	done &&
	test_grep "^Result: FAIL" garbage.prove &&
	test_grep "^Result: FAIL" died.prove &&
	test_grep "^Result: NOTESTS" silent.prove
'
test_expect_success 'TAP: a hash in an id is escaped, a failing case has its console' '
	test_grep "^    ok 7 - q\\\\#1\\\\\\\\x$" job.tap &&
	test_grep "^      console: \".*\\\\ngarbage .* bytes red & <tag> \\\\\"q\\\\\" \\\\nNUL:: end\\\\n" job.tap
'
test_expect_success 'KCIDB: valid against the KCIDB I/O 5.3 schema' '
	lava-report -f kcidb -O mylab -b mylab:build1 -o kcidb.json job &&
	$PY -c "import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])),
    format_checker=jsonschema.FormatChecker())" "$KCIDB_SCHEMA" kcidb.json
'
test_expect_success 'KCIDB: a test per case, paths escaped, statuses mapped' '
	jq -r ".tests[] | [.path, .status] | @tsv" kcidb.json >paths &&
	long=$(printf "long_5fid_2e%0271d" 0) &&
	{
		printf "garbage.ctl_01_ef_bf_bdid\tPASS\n"
		printf "garbage.parsed-fail\tFAIL\n"
		printf "garbage.dot_2eted_2ecase\tFAIL\n"
		printf "garbage.never-ends\tERROR\n"
		printf "garbage.%s\tPASS\n" "$(printf "%.83s" "$long")-HASH"
		printf "garbage.skipped\tSKIP\n"
		printf "garbage.q_231_5cx\tPASS\n"
		printf "died.before-death\tPASS\n"
		printf "died.no-verdict\tERROR\n"
		printf "silent\tMISS\n"
		printf "kernel.panic\tFAIL\n"
	} >expect &&
	sed -e "s/-[0-9a-f]\\{16\\}	/-HASH	/" paths >paths.h &&
	test_cmp expect paths.h &&
	jq -e "[.tests[] | select(.path | startswith(\"garbage.long\"))][0] |
		.number == {value: 3.5, unit: \"s\"}" kcidb.json >/dev/null
'
test_expect_success 'KCIDB: ids are unique, the console is the log excerpt' '
	jq -r ".tests[].id" kcidb.json | sort | uniq -d >dups &&
	test_cmp /dev/null dups &&
	jq -r ".tests[] | select(.path == \"garbage.never-ends\") | .log_excerpt" \
		kcidb.json >excerpt &&
	printf "<LAVA_SIGNAL_STARTTC never-ends>\nit hangs here\n<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=never-ends RESULT=fail>\n\n" >expect &&
	test_cmp expect excerpt
'
test_expect_success 'bundle: the bundle as it was read' '
	lava-report -f bundle job >copy.json &&
	test_cmp job/bundle.json copy.json
'
test_done
