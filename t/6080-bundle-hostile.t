#!/bin/sh
# lava-bundle and a results dir a hostile device made: every file is read
# through one reader that follows no symbolic link, opens nothing but a
# regular file, and reads no more than a cap. Links to host files, FIFOs
# and device files are refused with a message; nothing of them reaches the
# bundle, and lava-bundle always returns.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

data="$LAVA_SRC/t/data/bundle"
U=00000000-0000-4000-8000-0000000000a1

# A guard, not a measure: lava-bundle blocked for good fails the test
# instead of hanging the suite.
bundle() {
	timeout -k 5 120 lava-bundle "$@"
}

# run DIR: job/results/DIR, a copy of the seed's run with the uuid U and a
# parse pattern that turns any "a:b" line into a result.
run() {
	rm -rf job && mkdir -p job/results &&
	cp -R "$data/seed/0_smoke-tests-1353625123" "job/results/$1" &&
	echo "$U" >"job/results/$1/analyzer_assigned_uuid" &&
	cat >"job/results/$1/testdef.yaml" <<-\EOF
	metadata: {name: hostile}
	parse:
	  pattern: "(?P<test_case_id>[^:]+):(?P<message>.*)"
	EOF
}

test_expect_success 'setup: a host file a device should never see' '
	printf "root:x:0:0:root:/root:/bin/bash\nsecret-case:hush\n" >host-secret &&
	printf "metadata: {name: stolen-definition}\n" >host-def.yaml
'

test_expect_success 'a stdout.log linked to a host file is not read' '
	run 0_a &&
	rm job/results/0_a/stdout.log &&
	ln -s "$TRASH/host-secret" job/results/0_a/stdout.log &&
	test_status 1 bundle -o b.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	test_must_fail grep -e root -e secret-case -e "aHVzaA" b.json &&
	jq -r ".test_runs[0].attachments[].pathname" b.json >atts &&
	test_must_fail grep stdout.log atts &&
	test_grep "lava-bundle: job/results/0_a/stdout.log: a symbolic link, not read" err
'

test_expect_success 'a testdef.yaml linked to a host file is not read as the definition' '
	run 0_a &&
	rm job/results/0_a/testdef.yaml &&
	ln -s "$TRASH/host-def.yaml" job/results/0_a/testdef.yaml &&
	test_status 1 bundle -o b.json job 2>err &&
	test_must_fail grep stolen-definition b.json &&
	test_grep "lava-bundle: job/results/0_a/testdef.yaml: a symbolic link, not read" err &&
	test_grep "test run left out" err
'

test_expect_success 'a stdout.log that is a FIFO: lava-bundle returns' '
	run 0_a &&
	rm job/results/0_a/stdout.log &&
	mkfifo job/results/0_a/stdout.log &&
	test_status 1 bundle -o b.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	test_grep "lava-bundle: job/results/0_a/stdout.log: not a regular file" err
'

test_expect_success 'a stdout.log linked to /dev/zero: lava-bundle returns' '
	run 0_a &&
	rm job/results/0_a/stdout.log &&
	ln -s /dev/zero job/results/0_a/stdout.log &&
	test_status 1 bundle -o b.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	test_grep "stdout.log: a symbolic link, not read" err
'

test_expect_success 'a testdef.yaml that is a FIFO, no runs entry: lava-bundle returns' '
	run 0_a &&
	rm job/results/0_a/testdef.yaml &&
	mkfifo job/results/0_a/testdef.yaml &&
	test_status 1 bundle -o b.json job 2>err &&
	test_grep "lava-bundle: job/results/0_a/testdef.yaml: not a regular file" err
'

test_expect_success 'links and FIFOs among the small files and attachments are refused' '
	run 0_a &&
	d=job/results/0_a &&
	rm $d/results/net-ping/result && ln -s "$TRASH/host-secret" $d/results/net-ping/result &&
	ln -s "$TRASH/host-secret" $d/attributes/stolen &&
	mkfifo $d/attributes/fifo &&
	ln -s "$TRASH/host-secret" $d/attachments/stolen.txt &&
	mkfifo $d/attachments/pipe &&
	rm $d/return_code && ln -s "$TRASH/host-secret" $d/return_code &&
	test_status 1 bundle -o b.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	test_must_fail grep -e root -e "cm9vd" -e stolen b.json &&
	test_grep "results/net-ping/result: a symbolic link, not read" err &&
	test_grep "attributes/stolen: a symbolic link, not read" err &&
	test_grep "attributes/fifo: not a regular file" err &&
	test_grep "attachments/stolen.txt: not a regular file, not attached" err &&
	test_grep "attachments/pipe: not a regular file, not attached" err
'

# A sparse file: its size is over the cap, yet it takes no disk and is
# never read.
test_expect_success 'an attachment over 256 MiB is refused by name; the rest is kept' '
	run 0_a &&
	d=job/results/0_a &&
	truncate -s 268435457 $d/attachments/huge.bin &&
	mkdir $d/results/net-ping/attachments &&
	truncate -s 300M $d/results/net-ping/attachments/core &&
	echo small >$d/results/net-ping/attachments/small.txt &&
	test_status 1 bundle -o b.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	test_grep "lava-bundle: $d/attachments/huge.bin: attachment of 268435457 bytes, over the cap of 268435456; not attached" err &&
	test_grep "lava-bundle: $d/results/net-ping/attachments/core: attachment of 314572800 bytes, over the cap of 268435456; not attached" err &&
	test "$(wc -l <err)" -eq 2 &&
	jq -r ".test_runs[0].attachments[].pathname" b.json >atts &&
	printf "stdout.log\ntestdef.yaml\nreturn_code\ninstall.sh\nrun.sh\n" >expect &&
	test_cmp expect atts &&
	jq -r ".test_runs[0].test_results[] | select(.test_case_id == \"net-ping\") | .attachments[] | [.pathname, .content] | @tsv" b.json >catts &&
	printf "small.txt\tc21hbGwK\n" >expect &&
	test_cmp expect catts &&
	test "$(jq ".test_runs[0].test_results | length" b.json)" -gt 1
'

test_expect_success 'a context dir linked elsewhere is not entered' '
	run 0_a &&
	mkdir -p elsewhere && printf "MemTotal: 12345 kB\n" >elsewhere/meminfo.txt &&
	ln -s "$TRASH/elsewhere" job/results/hwcontext &&
	bundle -o b.json job 2>err &&
	test_must_fail grep 12345 b.json &&
	test_grep "results/hwcontext: not a directory, not read" err
'

test_expect_success 'lava-bundle ended by SIGTERM leaves no temporary file' '
	run 0_a &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		truncate -s 256M job/results/0_a/attachments/big$i || return 1
	done &&
	mkdir out &&
	( ulimit -f 2000000 && exec lava-bundle -o out/b.json job ) 2>err &
	pid=$! &&
	i=0 && until ls out | grep -q "b.json\\."; do
		i=$((i + 1)) && test $i -lt 600 || { kill $pid; return 1; }
		sleep 0.05
	done &&
	kill -TERM $pid &&
	test_status 143 wait $pid &&
	ls -A out >left &&
	test ! -s left
'

test_done
