#!/bin/sh
# Attachments are base64-encoded as they are read: one at the cap of
# 256 MiB needs no more memory than a small one.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

uuid=9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
r=job/results/0_big-1

test_expect_success 'setup: a run with a sparse attachment of 256 MiB, the cap' '
	mkdir -p $r/attachments &&
	echo $uuid >$r/analyzer_assigned_uuid &&
	printf "metadata:\n  name: big\n" >$r/testdef.yaml &&
	truncate -s 256M $r/attachments/big.bin
'
if test -x /usr/bin/time; then
	test_expect_success 'bundling it peaks well below 64 MiB' '
		/usr/bin/time -f %M -o mem lava-bundle job 2>err | wc -c >size &&
		test ! -s err &&
		kb=$(tail -n 1 mem) &&
		echo "peak $kb KiB, $(cat size) bytes" &&
		test "$kb" -lt 65536 &&
		test "$(cat size)" -gt 357913941
	'
else
	test_skip 'bundling it peaks well below 64 MiB' '/usr/bin/time missing'
fi
test_expect_success 'content crossing many chunks decodes byte for byte' '
	rm $r/attachments/big.bin &&
	head -c 3000001 /dev/urandom >$r/attachments/rand.bin &&
	lava-bundle job >b.json &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	jq -r ".test_runs[0].attachments[] | select(.pathname == \"rand.bin\") | .content" b.json | base64 -d >got &&
	cmp $r/attachments/rand.bin got
'
test_expect_success 'empty, 1 and 2 byte attachments are padded right' '
	rm $r/attachments/rand.bin &&
	: >$r/attachments/e && printf a >$r/attachments/f && printf ab >$r/attachments/g &&
	lava-bundle job >b.json &&
	jq -r ".test_runs[0].attachments[] | select(.pathname | length == 1) | .content" b.json >actual &&
	printf "%s\n" "" YQ== YWI= >expect &&
	test_cmp expect actual
'
test_done
