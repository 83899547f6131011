#!/bin/sh
# lava-bundle applies parse: as LAVA v2 does: each line of the run's
# output as it is, the pattern searched for anywhere in it (re.M), every
# match a result, and no pattern at all when the definition has no parse:.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

uuid=0b0e3c2a-5d1f-4e6a-9c7b-2f3e4d5a6b7c
export uuid

# run NAME PARSE LOG: a JOB with one results dir, its definition's parse:
# block from the file PARSE, its stdout.log the bytes printf makes of LOG.
run() {
	mkdir -p "$1/results/0_t-1" &&
	echo "$uuid" >"$1/results/0_t-1/analyzer_assigned_uuid" &&
	{ printf "metadata:\n  name: t\nrun:\n  steps: [true]\n" &&
	  cat "$2"; } >"$1/results/0_t-1/testdef.yaml" &&
	printf "%b" "$3" >"$1/results/0_t-1/stdout.log"
}

# cases JOB: "ID RESULT" of each result, in order.
cases() {
	lava-bundle "$1" >"$1.json" 2>"$1.err" &&
	"$LAVA_SRC/t/bundle-check" "$1.json" &&
	jq -r ".test_runs[0].test_results[] | .test_case_id + \" \" + .result" "$1.json"
}

test_expect_success 'kernel timestamps before a result do not stop a match' '
	cat >regress.yaml <<-\EOF &&
	parse:
	  pattern: "(?P<test_case_id>regression_[0-9.]+)\\s+(?P<result>(OK|FAILED|SKIPPED))"
	  fixupdict:
	    OK: pass
	    FAILED: fail
	    SKIPPED: skip
	EOF
	run ts regress.yaml "[   41.127335] regression_1001    OK\nregression_1002 FAILED\n<6>[   41.2] regression_1003 SKIPPED\n" &&
	cases ts >actual &&
	printf "%s\n" "regression_1001 pass" "regression_1002 fail" "regression_1003 skip" >expect &&
	test_cmp expect actual
'

test_expect_success 'lines are not trimmed: ^ and leading blanks mean what they say' '
	cat >ltp.yaml <<-\EOF &&
	parse:
	  pattern: "^(?!.+ED)(?P<test_case_id>\\w+)\\s+(?P<result>PASS|FAIL|CONF)\\s+\\d+"
	  fixupdict: {PASS: pass, FAIL: fail, CONF: skip}
	EOF
	run ltp ltp.yaml "mmap01 PASS 0\n  mmap02 FAIL 1\nmmap03 CONF 32\nmmap04 FAILED 1\n" &&
	cases ltp >actual &&
	printf "%s\n" "mmap01 pass" "mmap03 skip" >expect &&
	test_cmp expect actual &&
	cat >indent.yaml <<-\EOF &&
	parse:
	  pattern: "^\\s+(?P<test_case_id>\\S+): (?P<result>pass|fail)"
	EOF
	run indent indent.yaml "  nested: pass\ntop: pass\n\tt: fail\n" &&
	cases indent >actual &&
	printf "%s\n" "nested pass" "t fail" >expect &&
	test_cmp expect actual
'

test_expect_success 'every match of a line is a result; a CR before the line end is no text' '
	printf "parse:\n  pattern: \"(?P<test_case_id>\\\\\\\\w+): (?P<result>pass|fail)$\"\n" >end.yaml &&
	run crlf end.yaml "crlf: pass\r\nplain: fail\nmid: pass then\n" &&
	cases crlf >actual &&
	printf "%s\n" "crlf pass" "plain fail" >expect &&
	test_cmp expect actual &&
	printf "parse:\n  pattern: \"(?P<test_case_id>\\\\\\\\w+): (?P<result>pass|fail)\"\n" >many.yaml &&
	run many many.yaml "a: pass b: fail [c: pass]\n" &&
	cases many >actual &&
	printf "%s\n" "a pass" "b fail" "c pass" >expect &&
	test_cmp expect actual
'

test_expect_success 'no parse: no results from the log, whatever it holds' '
	: >none.yaml &&
	run none none.yaml "test-a : PASS\ntest-b : fail\n" &&
	cases none >actual &&
	test ! -s actual &&
	printf "parse:\n  fixupdict: {PASS: pass}\n" >nopat.yaml &&
	run nopat nopat.yaml "test-a : PASS\n" &&
	cases nopat >actual &&
	test ! -s actual
'

test_expect_success 'LAVA v1'"'"'s pattern, written out, still works; an id with a space inside is no case, as in LAVA' '
	cat >v1.yaml <<-\EOF &&
	parse:
	  pattern: "(?P<test_case_id>.*-*)\\s+:\\s+(?P<result>(PASS|pass|FAIL|fail|SKIP|skip|UNKNOWN|unknown))"
	  fixupdict: {PASS: pass, FAIL: fail}
	EOF
	run v1 v1.yaml "test-a : PASS\nsome words : fail\n  spaced-b : FAIL\n" &&
	cases v1 >actual &&
	printf "%s\n" "test-a pass" "spaced-b fail" >expect &&
	test_cmp expect actual &&
	test ! -s v1.err
'

test_expect_success 'on the local device: a definition that prints timestamped results' '
	cat >kern.yaml <<-\EOF &&
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: regression-like
	run:
	  steps:
	    - echo [    5.000001] regression_1 OK
	    - echo "   regression_2    FAILED"
	parse:
	  pattern: "(?P<test_case_id>regression_[0-9.]+)\\s+(?P<result>(OK|FAILED|SKIPPED))"
	  fixupdict: {OK: pass, FAILED: fail, SKIPPED: skip}
	EOF
	mkdir tmp &&
	TMPDIR=$TRASH/tmp lava-runjob -o job kern.yaml >summary 2>err ||
	{ cat err; false; } &&
	jq -r ".test_runs[] | select(.test_id == \"regression-like\") |
		.test_results[] | .test_case_id + \" \" + .result" job/bundle.json >actual &&
	printf "%s\n" "regression_1 pass" "regression_2 fail" >expect &&
	test_cmp expect actual
'

test_expect_success 'on the local device: a signal'"'"'s result word goes through parse.fixupdict, as in LAVA' '
	cat >fix.yaml <<-\EOF &&
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: fixup-signals
	run:
	  steps:
	    - lava-test-case ok-case --result OK
	    - lava-test-case bad-case --result KO
	    - lava-test-case plain --result fail
	    - lava-test-case odd-case --result weird
	parse:
	  pattern: "^never (?P<test_case_id>x) (?P<result>y)$"
	  fixupdict: {OK: pass, KO: fail}
	EOF
	rm -rf tmp && mkdir tmp &&
	test_status 1 env TMPDIR=$TRASH/tmp lava-runjob -o fjob fix.yaml >summary 2>err &&
	jq -r ".test_runs[] | select(.test_id == \"fixup-signals\") |
		.test_results[] | .test_case_id + \" \" + .result" fjob/bundle.json >actual &&
	printf "%s\n" "ok-case pass" "bad-case fail" "plain fail" >expect &&
	test_cmp expect actual &&
	test_grep "records.tsv:[0-9]*: result .weird. is not pass, fail, skip or unknown, nor mapped to one by parse.fixupdict; test case odd-case left out" err
'

test_done
