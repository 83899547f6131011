#!/bin/sh
# Whatever bytes the device wrote (invalid UTF-8, NUL, control bytes) in
# logs, names and values, the bundle is valid JSON in valid UTF-8.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

uuid=0b4d2c9e-1a2b-4c3d-8e9f-a0b1c2d3e4f5
r=job/results/0_junk-1

test_expect_success 'a results dir full of bad bytes' '
	mkdir -p $r/results $r/attributes $r/attachments job/results/hwcontext job/results/swcontext &&
	echo $uuid >$r/analyzer_assigned_uuid &&
	printf "metadata:\n  name: \"junk\\\\e[1m\\\\x01\\\\t\"\nparse:\n  pattern: \"(?P<test_case_id>[^ ]+) (?P<result>[a-z]+) ?(?P<message>.*)\"\n" >$r/testdef.yaml &&
	printf "c\377\001d pass m\000s\033[0mg\nok\300\257 fail \355\240\200 surrogate\n\t\342\202\254 pass euro\nend pass \r\n" >$r/stdout.log &&
	mkdir "$r/results/$(printf "d\376\037")" &&
	printf "pass\n" >"$r/results/$(printf "d\376\037")/result" &&
	printf "x\000y\001z\377" >"$r/results/$(printf "d\376\037")/message" &&
	printf "v\000\377\033" >"$r/attributes/$(printf "k\001\377")" &&
	printf "\000\001\002\377" >"$r/attachments/$(printf "a\377\002.bin")" &&
	printf "Hardware\t: B\377\001rd\nprocessor\t: 0\nfl\001gs\t: \000\377\n" >job/results/hwcontext/cpuinfo.txt &&
	printf "MemTotal: 1\377 kB\n" >job/results/hwcontext/meminfo.txt &&
	printf "im\000g\377e\n" >job/results/swcontext/build.txt &&
	printf "package: p\377 : 1\001\n" >job/results/swcontext/pkgs.txt &&
	lava-bundle job >out.json 2>err &&
	test ! -s err
'
test_expect_success 'jq, python and the schema check accept it' '
	jq . out.json >/dev/null &&
	python3 -c "import json, sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))" out.json &&
	"$LAVA_SRC/t/bundle-check" out.json
'
test_expect_success 'no control byte is passed through raw' '
	LC_ALL=C tr -d "\n" <out.json >flat &&
	test "$(LC_ALL=C grep -c "[[:cntrl:]]" flat)" = 0
'
test_expect_success 'bad bytes are escaped or replaced, the rest kept' '
	jq -r ".test_runs[0].test_id" out.json | od -An -c | tr -s " " >actual &&
	printf "junk\033[1m\001\t\n" | od -An -c | tr -s " " >expect &&
	test_cmp expect actual &&
	jq -c "[.test_runs[0].test_results[] | [.test_case_id, .result, .message]]" out.json >actual &&
	printf "%s\n" "[[\"c\\ufffd\\u0001d\",\"pass\",\"m\\u0000s\\u001b[0mg\"],[\"ok\\ufffd\\ufffd\",\"fail\",\"\\ufffd\\ufffd\\ufffd surrogate\"],[\"€\",\"pass\",\"euro\"],[\"end\",\"pass\",\"\"],[\"d\\ufffd\\u001f\",\"pass\",\"x\\u0000y\\u0001z\\ufffd\"]]" | jq -c . >expect &&
	test_cmp expect actual
'
test_expect_success 'attachment content is byte for byte, names are escaped' '
	jq -r ".test_runs[0].attachments[] | select(.pathname | startswith(\"a\")) | .content" out.json | base64 -d >got &&
	printf "\000\001\002\377" >want &&
	cmp want got &&
	jq -e ".test_runs[0].attributes == {\"k\\u0001\\ufffd\": \"v\\u0000\\ufffd\\u001b\"}" out.json
'
test_done
