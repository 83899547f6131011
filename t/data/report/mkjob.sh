# mkjob.sh - a job whose device printed garbage, for the t/80*-report-*.t
# tests, sourced after lib.sh. It goes through the real pipeline stages:
# lava-tdload loads two definitions, lava-sigscan reads a console with
# escape sequences, control and invalid bytes, a case with no ENDTC, ids
# with dots, hashes and 300 bytes, and a second run that dies with no
# ENDRUN and no end marker, and a third run that never starts; a results dir adds a case whose id holds
# control and invalid bytes; lava-bundle bundles it all.
# shellcheck shell=sh

# report_job JOB: make JOB as above.
report_job() {
	cat >garbage.yaml <<-\EOF2
	metadata:
	  name: garbage
	  format: Lava-Test Test Definition 1.0
	run:
	  steps: [true]
	parse:
	  pattern: "(?P<test_case_id>.*-*)\\s+:\\s+(?P<result>(PASS|pass|FAIL|fail|SKIP|skip|UNKNOWN|unknown))"
	  fixupdict: {PASS: pass, FAIL: fail, SKIP: skip, UNKNOWN: unknown}
	EOF2
	sed -e 's/garbage/died/' garbage.yaml >died.yaml &&
	sed -e 's/garbage/silent/' garbage.yaml >silent.yaml &&
	lava-tdload -o "$1" garbage.yaml died.yaml silent.yaml &&
	u0=$(grep -l '^0_garbage$' "$1"/runs/*/id | sed -e 's|/id$||' -e 's|.*/||') &&
	u1=$(grep -l '^1_died$' "$1"/runs/*/id | sed -e 's|/id$||' -e 's|.*/||') &&
	long=$(printf 'long_id.%0292d' 7) &&
	{
		printf '\033[1;32mboot\033[0m ok\r\n'
		printf '<LAVA_SIGNAL_STARTRUN 0_garbage %s>\r\n' "$u0"
		printf '<LAVA_SIGNAL_STARTTC dot.ted.case>\n'
		printf 'garbage \001\002\377\376 bytes \033[31mred\033[0m & <tag> "q" \302\205\n'
		printf 'NUL:\000: end\r\r\n'
		printf '<LAVA_SIGNAL_ENDTC dot.ted.case>\n'
		printf '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=dot.ted.case RESULT=fail>\n'
		printf '<LAVA_SIGNAL_STARTTC never-ends>\n'
		printf 'it hangs here\n'
		printf '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=never-ends RESULT=fail>\n'
		printf '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=%s RESULT=pass MEASUREMENT=3.5 UNITS=s>\n' "$long"
		printf '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=skipped RESULT=skip>\n'
		printf '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=q#1\\x RESULT=pass>\n'
		printf '<LAVA_SIGNAL_ENDRUN 0_garbage %s>\n' "$u0"
		printf '<LAVA_SIGNAL_STARTRUN 1_died %s>\n' "$u1"
		printf '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=before-death RESULT=pass>\n'
		printf '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=no-verdict RESULT=unknown>\n'
		printf 'Kernel panic - not syncing: Attempted to kill init!\n'
	} >console.in &&
	test_status 1 lava-sigscan -l "$1/console.log" <console.in >"$1/records.tsv" &&
	mkdir -p "$1/results/0_garbage-1" &&
	echo "$u0" >"$1/results/0_garbage-1/analyzer_assigned_uuid" &&
	printf 'ctl\001\377id : pass\nparsed-fail : FAIL\n' \
		>"$1/results/0_garbage-1/stdout.log" &&
	lava-bundle -o "$1/bundle.json" "$1"
}

# report_counts BUNDLE: "TESTS FAILURES ERRORS SKIPPED" of the bundle's results.
report_counts() {
	jq -r '[.test_runs[].test_results // [] | .[].result] |
		"\(length) \(map(select(. == "fail")) | length) \(map(select(. == "unknown")) | length) \(map(select(. == "skip")) | length)"' "$1"
}

# chrome ARG...: Debian's chromium, headless, as root, in a fresh profile,
# talking to nothing on the network; its log (with the page's console) in
# chrome.log.
chrome() {
	rm -rf profile &&
	chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$TRASH/profile" \
		--enable-logging=stderr --v=0 "$@" 2>chrome.log
}
