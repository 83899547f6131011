#!/bin/sh
# Handler output (lava-handler(7)): each JSON line merged into its test
# result or test run; faulty lines reported and left out whole.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

u=dddddddd-3333-4333-8333-333333333333
rd=job/runs/$u
hd=$rd/handlers

test_expect_success 'setup: a run with results and two handlers' '
	mkdir -p $hd/add-duration $hd/capture/sub job/results/0_h-1/results/boot job/results/0_h-1/results/net &&
	echo 0_h >$rd/id &&
	printf "metadata:\n  name: h\n" >$rd/testdef.yaml &&
	echo $u >job/results/0_h-1/analyzer_assigned_uuid &&
	echo pass >job/results/0_h-1/results/boot/result &&
	touch -d @1000 job/results/0_h-1/results/boot job/results/0_h-1/results/boot/result &&
	touch -d @2000 job/results/0_h-1/results/net &&
	cat >$hd/add-duration/output <<-\EOF &&
	{"test_case_id": "boot", "duration": "0d 2s 5us"}
	{"test_case_id": "net", "duration": "0d 0s 7us", "result": "fail", "measurement": 1.5e2, "units": "ms", "message": "slow\u0000ish"}
	{"test_case_id": "boot", "result": "fail"}
	EOF
	echo "boot log" >$hd/capture/boot.log &&
	echo "all" >$hd/capture/sub/all.txt &&
	cat >$hd/capture/output <<-\EOF &&
	{"test_case_id":"boot","attachments":[{"pathname":"boot.log","mime_type":"text/x-log"}],"attributes":{"k":"v","n":3}}
	{"attributes":{"board":"panda"},"attachments":[{"pathname":"sub/all.txt"}]}
	EOF
	lava-bundle job >b.json 2>err &&
	test ! -s err &&
	"$LAVA_SRC/t/bundle-check" b.json
'
test_expect_success 'case lines go into their test result' '
	jq -c "[.test_runs[0].test_results[] | del(.attachments)]" b.json >actual &&
	echo "[{\"test_case_id\":\"boot\",\"result\":\"pass\",\"duration\":\"0d 2s 5us\",\"attributes\":{\"k\":\"v\",\"n\":\"3\"}},{\"test_case_id\":\"net\",\"result\":\"fail\",\"message\":\"slow\\u0000ish\",\"measurement\":150,\"units\":\"ms\",\"duration\":\"0d 0s 7us\"}]" | jq -c . >expect &&
	test_cmp expect actual
'
test_expect_success 'attachments named in the state dir are attached' '
	jq -r ".test_runs[0].test_results[0].attachments[0] | .pathname, .mime_type, .content" b.json >actual &&
	printf "%s\n" boot.log text/x-log "$(echo "boot log" | base64)" >expect &&
	test_cmp expect actual
'
test_expect_success 'lines without test_case_id go into the test run' '
	test "$(jq -r ".test_runs[0].attributes.board" b.json)" = panda &&
	jq -r ".test_runs[0].attachments[] | .pathname + \" \" + .mime_type" b.json >actual &&
	printf "%s\n" "testdef.yaml text/plain" "sub/all.txt text/plain" >expect &&
	test_cmp expect actual
'
test_expect_success 'faulty lines are reported with file and line, and left out' '
	ln -s /etc/passwd $hd/capture/link &&
	mkdir $hd/other &&
	echo secret >$hd/other/s.txt &&
	cat >$hd/capture/output <<-\EOF &&
	not json at all
	[1, 2]
	{"test_case_id": "nope", "duration": "0d 1s 0us"}
	{"test_case_id": "boot", "attachments": [{"pathname": "../other/s.txt"}], "attributes": {"bad": "1"}}
	{"test_case_id": "boot", "attachments": [{"pathname": "/etc/passwd"}]}
	{"test_case_id": "boot", "attachments": [{"pathname": "link"}]}
	{"test_case_id": "boot", "attachments": [{"pathname": "missing"}]}
	{"test_case_id": "boot", "duration": 5}
	{"test_case_id": "boot", "measurement": "5"}
	{"test_case_id": "boot", "attributes": {"a": null}}
	{"test_case_id": 7}
	{"attributes": "x"}
	{"test_case_id": "boot", "result": "PASS"}
	{"a": 1} trailing
	{"test_case_id": "boot", "message": "kept"}
	EOF
	lava-bundle job >c.json 2>err &&
	"$LAVA_SRC/t/bundle-check" c.json &&
	o=$hd/capture/output &&
	test_grep "$o:1:1: not JSON: expected a value; line left out" err &&
	test_grep "$o:2: not a JSON object; line left out" err &&
	test_grep "$o:3: names an unknown test case; line left out" err &&
	test_grep "$o:4: an attachment names a file outside its state dir" err &&
	test_grep "$o:5: an attachment names a file outside its state dir" err &&
	test_grep "$o:6: an attachment names a file outside its state dir" err &&
	test_grep "$o:7: an attachment names a file that cannot be read" err &&
	test_grep "$o:8: duration is not a string Dd Ss Uus" err &&
	test_grep "$o:9: measurement is not a number" err &&
	test_grep "$o:10: an attribute value is not a string" err &&
	test_grep "$o:11: test_case_id is not a string" err &&
	test_grep "$o:12: attributes is not an object" err &&
	test_grep "$o:13: result is not pass, fail, skip or unknown" err &&
	test_grep "$o:14:10: not JSON: trailing bytes" err &&
	test "$(wc -l <err)" -eq 14 &&
	jq -c ".test_runs[0].test_results[0] | [.message, .attributes, .attachments]" c.json >actual &&
	echo "[\"kept\",null,null]" >expect &&
	test_cmp expect actual &&
	! grep -q "root:" c.json
'
test_expect_success 'a measurement is copied as written, past what 64 bits hold' '
	rm -rf big && mkdir -p big/runs/$u/handlers/h &&
	echo 0_h >big/runs/$u/id &&
	printf "metadata:\n  name: h\n" >big/runs/$u/testdef.yaml &&
	echo "{\"test_case_id\": \"m\", \"measurement\": 12345678901234567890123}" \
		>big/runs/$u/handlers/h/output &&
	echo "{\"test_case_id\": \"m\"}" >>big/runs/$u/handlers/h/output &&
	printf "1\t1\t-\tSTARTRUN\t0_h\t%s\n1\t2\t-\tTESTCASE\tTEST_CASE_ID=m\tRESULT=pass\n" $u >big/records.tsv &&
	lava-bundle big >d.json 2>err &&
	test ! -s err &&
	grep "\"measurement\": *12345678901234567890123[,}]" d.json
'
test_done
