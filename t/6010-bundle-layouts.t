#!/bin/sh
# lava-bundle on results dirs: the seed's 2012 layout and this project's
# give the same results; parse patterns, fixups, contexts, attachments.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

data="$LAVA_SRC/t/data/bundle"
uuid=6f1e1b1c-3d4e-4f5a-8b6c-7d8e9fa0b1c2

# job NAME LAYOUT: a JOB dir whose results/ is a copy of a fixture, with the
# case dirs and their files given increasing modification times (git does
# not keep them).
job() {
	mkdir "$1" &&
	cp -R "$data/$2" "$1/results" &&
	for r in "$1"/results/*/results; do
		touch -d @1353625100 "$r/linux-posix-pwd" "$r/linux-posix-pwd"/* &&
		touch -d @1353625200 "$r/net-ping" "$r/net-ping"/* &&
		touch -d @1353625300 "$r/boot-time" "$r/boot-time"/* || return 1
	done
}

# results FILE: the test results of every run, without log line numbers.
results() {
	jq -S '[.test_runs[].test_results[] | del(.log_lineno)]' "$1"
}

test_expect_success 'the seed layout bundles into a valid bundle' '
	job seed seed &&
	lava-bundle seed >seed.json 2>err &&
	test ! -s err &&
	"$LAVA_SRC/t/bundle-check" seed.json
'
test_expect_success 'its results: parsed from the log, then case dirs by the time of their results' '
	cat >expect <<-\JSON &&
	[{"test_case_id":"uname","result":"pass","log_filename":"stdout.log","log_lineno":8},
	 {"test_case_id":"kernel-config","result":"unknown","log_filename":"stdout.log","log_lineno":9},
	 {"test_case_id":"linux-posix-pwd","result":"pass"},
	 {"test_case_id":"net-ping","result":"pass"},
	 {"test_case_id":"boot-time","result":"pass","measurement":10.5,"units":"s"}]
	JSON
	jq -S . expect >expect.s &&
	jq -S "[.test_runs[].test_results[]]" seed.json >actual &&
	test_cmp expect.s actual
'
test_expect_success 'the project layout gives the same test results' '
	job project project &&
	lava-bundle project >project.json 2>err &&
	test ! -s err &&
	"$LAVA_SRC/t/bundle-check" project.json &&
	results seed.json >seed.r &&
	results project.json >project.r &&
	test_cmp seed.r project.r
'
test_expect_success 'test run fields, attributes and attachments' '
	jq -r ".test_runs[0] | .test_id, .analyzer_assigned_uuid,
		.time_check_performed, .attributes.kernel,
		(.attachments[] | .pathname + \" \" + .mime_type)" seed.json >actual &&
	cat >expect <<-EOF &&
	smoke-tests
	$uuid
	false
	Linux 3.5.0-17-generic
	stdout.log text/plain
	testdef.yaml text/plain
	return_code text/plain
	install.sh application/x-sh
	run.sh application/x-sh
	EOF
	test_cmp expect actual &&
	jq -r ".test_runs[0].attachments[0].content" seed.json | base64 -d >log &&
	test_cmp seed/results/0_smoke-tests-1353625123/stdout.log log
'
test_expect_success 'hardware context from cpuinfo.txt and meminfo.txt' '
	jq -r ".test_runs[0].hardware_context.devices[] |
		.device_type + \"|\" + .description + \"|\" +
		(.attributes.cpu_type // .attributes.revision // \"-\")" \
		seed.json >actual &&
	cat >expect <<-\EOF &&
	device.cpu|Processor #0|ARMv7 Processor rev 10 (v7l)
	device.cpu|Processor #1|ARMv7 Processor rev 10 (v7l)
	device.board|Freescale i.MX 6Quad SABRE Smart Device Board|63012
	device.mem|1025472 kB of RAM|-
	EOF
	test_cmp expect actual &&
	test "$(jq -r ".test_runs[0].hardware_context.devices[0].attributes.BogoMIPS" seed.json)" = 790.52
'
test_expect_success 'an x86 cpuinfo: no Processor, Hardware or Revision line' '
	mkdir -p x86/results/hwcontext &&
	cp -R seed/results/0_smoke-tests-1353625123 x86/results/ &&
	printf "processor\t: 0\nmodel name\t: QEMU Virtual CPU\n\n" >x86/results/hwcontext/cpuinfo.txt &&
	lava-bundle x86 >x86.json &&
	"$LAVA_SRC/t/bundle-check" x86.json &&
	jq -c "[.test_runs[0].hardware_context.devices[] | [.description, .attributes]]" x86.json >actual &&
	echo "[[\"Processor #0\",{\"model name\":\"QEMU Virtual CPU\",\"cpu_type\":\"?\"}],[\"?\",{\"revision\":\"?\"}]]" >expect &&
	test_cmp expect actual
'
test_expect_success 'software context: image, packages with epochs' '
	jq -c ".test_runs[0].software_context" seed.json >actual &&
	echo "{\"image\":{\"name\":\"linaro-quantal-nano-20121122-123\"},\"packages\":[{\"name\":\"bash\",\"version\":\"4.2-5ubuntu1\"},{\"name\":\"libc6\",\"version\":\"2.15-0ubuntu20\"},{\"name\":\"tzdata\",\"version\":\"1:2012e-0ubuntu0.12.10\"}]}" >expect &&
	test_cmp expect actual
'
test_expect_success 'case dirs are merged in the order their results were written' '
	job mtime seed &&
	touch -d @1353625000 mtime/results/*/results/boot-time/result &&
	lava-bundle mtime >mtime.json &&
	jq -r ".test_runs[0].test_results[].test_case_id" mtime.json >actual &&
	printf "%s\n" uname kernel-config boot-time linux-posix-pwd net-ping >expect &&
	test_cmp expect actual
'
test_expect_success 'a runs entry gives the definition, the sources and the order' '
	job runs seed &&
	mkdir -p runs/runs/$uuid &&
	echo 0_smoke-tests >runs/runs/$uuid/id &&
	sed -e "s/name: smoke-tests/name: renamed/" \
		seed/results/0_smoke-tests-1353625123/testdef.yaml >runs/runs/$uuid/testdef.yaml &&
	printf "smoke\tgit\t0123abc\thttps://example.org/smoke.git\nold\tcvs\t1\tx\n" >runs/runs/$uuid/sources.tsv &&
	lava-bundle runs >runs.json 2>err &&
	test_grep "sources.tsv: bad line left out" err &&
	"$LAVA_SRC/t/bundle-check" runs.json &&
	test "$(jq -r ".test_runs[0].test_id" runs.json)" = renamed &&
	jq -c ".test_runs[0].software_context.sources" runs.json >actual &&
	echo "[{\"project_name\":\"smoke\",\"branch_vcs\":\"git\",\"branch_revision\":\"0123abc\",\"branch_url\":\"https://example.org/smoke.git\"}]" >expect &&
	test_cmp expect actual
'

# def NAME PARSE-FILE LOG: a job with one run whose definition ends with
# the YAML of PARSE-FILE (/dev/null: none), and whose stdout.log is LOG.
def() {
	mkdir -p "$1/results/0_t-1/results" &&
	echo $uuid >"$1/results/0_t-1/analyzer_assigned_uuid" &&
	{ printf "metadata:\n  name: t\nrun:\n  steps: [true]\n" &&
	  cat "$2"; } >"$1/results/0_t-1/testdef.yaml" &&
	printf "%b" "$3" >"$1/results/0_t-1/stdout.log"
}

test_expect_success 'no parse: no results from the log (LAVA v1 had a default, v2 has none)' '
	def dflt /dev/null "test-a : PASS\n  test-b   :  fail  \ntest-d : skip\n" &&
	lava-bundle dflt >dflt.json &&
	"$LAVA_SRC/t/bundle-check" dflt.json &&
	jq -r ".test_runs[0].test_results | length" dflt.json >actual &&
	echo 0 >expect &&
	test_cmp expect actual
'
test_expect_success 'a pattern with measurement, units and message groups' '
	cat >parse.yaml <<-\EOF &&
	parse:
	  pattern: "(?P<test_case_id>\\w+)=(?P<result>\\w+)( (?P<measurement>[-+.0-9a-z]+) (?P<units>\\w+))?( msg=(?P<message>.*))?"
	  fixupdict: {OK: pass, BAD: fail}
	EOF
	def pat parse.yaml "a=OK 1.5e3 ms\nb=BAD msg=it broke\nc=WEIRD\nd=OK 12abc ms\ne=OK +007 s\n" &&
	test_status 1 lava-bundle pat >pat.json 2>err &&
	"$LAVA_SRC/t/bundle-check" pat.json &&
	test_grep "stdout.log:3: result .WEIRD. is not pass, fail, skip or unknown" err &&
	test_grep "stdout.log:4: measurement .12abc. is not a number" err &&
	jq -c "[.test_runs[0].test_results[] | [.test_case_id, .result, .measurement, .units, .message, .log_lineno]]" pat.json >actual &&
	echo "[[\"a\",\"pass\",1.5e3,\"ms\",null,1],[\"b\",\"fail\",null,null,\"it broke\",2],[\"d\",\"pass\",null,null,null,4],[\"e\",\"pass\",7,\"s\",null,5]]" | jq -c . >expect &&
	test_cmp expect actual
'
test_expect_success 'a bad pattern is reported, the case dirs still bundle' '
	printf "parse:\n  pattern: \"(?P<test_case_id>\"\n" >bad.yaml &&
	def badpat bad.yaml "x\n" &&
	mkdir badpat/results/0_t-1/results/c1 &&
	echo fail >badpat/results/0_t-1/results/c1/result &&
	lava-bundle badpat >badpat.json 2>err &&
	test_grep "testdef.yaml:6:12: parse.pattern:" err &&
	test "$(jq -c "[.test_runs[0].test_results[] | .test_case_id, .result]" badpat.json)" = "[\"c1\",\"fail\"]"
'
test_expect_success 'case dir values are checked: result, measurement, timestamp' '
	def vals /dev/null "" &&
	r=vals/results/0_t-1/results &&
	mkdir $r/a $r/b $r/c &&
	echo PASSED >$r/a/result &&
	echo pass >$r/b/result && echo ten >$r/b/measurement && echo s >$r/b/units &&
	echo pass >$r/c/result && echo 2012-11-22T23:34:43Z >$r/c/timestamp &&
	echo "0d 1s 5us" >$r/c/duration && echo "went well" >$r/c/message &&
	mkdir $r/c/attributes && echo v >$r/c/attributes/k &&
	test_status 1 lava-bundle vals >vals.json 2>err &&
	"$LAVA_SRC/t/bundle-check" vals.json &&
	test_grep "a/result: .PASSED. is not pass" err &&
	test_grep "b/measurement: .ten. is not a number" err &&
	jq -c "[.test_runs[0].test_results[] | del(.attachments)]" vals.json >actual &&
	echo "[{\"test_case_id\":\"b\",\"result\":\"pass\"},{\"test_case_id\":\"c\",\"result\":\"pass\",\"message\":\"went well\",\"timestamp\":\"2012-11-22T23:34:43Z\",\"duration\":\"0d 1s 5us\",\"attributes\":{\"k\":\"v\"}}]" >expect &&
	test_cmp expect actual
'
test_expect_success 'attachment MIME types: .mimetype file, name, default' '
	def mime /dev/null "" &&
	a=mime/results/0_t-1/attachments &&
	mkdir -p $a mime/results/0_t-1/results/c/attachments &&
	echo "<svg/>" >$a/pic.svg &&
	echo data >$a/blob && echo application/x-blob >$a/blob.mimetype &&
	echo x >$a/other.dat &&
	ln -s /etc/passwd $a/passwd &&
	echo y >mime/results/0_t-1/results/c/attachments/c.txt &&
	lava-bundle mime >mime.json 2>err &&
	"$LAVA_SRC/t/bundle-check" mime.json &&
	test_grep "attachments/passwd: not a regular file, not attached" err &&
	jq -r ".test_runs[0].attachments[] | .pathname + \" \" + .mime_type" mime.json >actual &&
	printf "%s\n" "stdout.log text/plain" "testdef.yaml text/plain" "blob application/x-blob" "other.dat application/octet-stream" "pic.svg image/svg+xml" >expect &&
	test_cmp expect actual &&
	jq -r ".test_runs[0].test_results[0].attachments[0] | .pathname, .mime_type, .content" mime.json >actual &&
	printf "%s\n" c.txt text/plain eQo= >expect &&
	test_cmp expect actual
'
test_done
