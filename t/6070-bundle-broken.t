#!/bin/sh
# One broken test run is reported and left out; the others still bundle,
# and the exit status says something was left out.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

data="$LAVA_SRC/t/data/bundle"

# good DIR UUID: a copy of the seed fixture's run under results/DIR.
good() {
	cp -R "$data/seed/0_smoke-tests-1353625123" "job/results/$1" &&
	echo "$2" >"job/results/$1/analyzer_assigned_uuid"
}

test_expect_success 'setup: good runs around broken ones' '
	mkdir -p job/results &&
	good 0_a 00000000-0000-4000-8000-00000000000a &&
	good 1_no-uuid 00000000-0000-4000-8000-00000000000b &&
	rm job/results/1_no-uuid/analyzer_assigned_uuid &&
	good 2_bad-uuid "../../etc" &&
	good 3_bad-yaml 00000000-0000-4000-8000-00000000000c &&
	printf "metadata: [\n" >job/results/3_bad-yaml/testdef.yaml &&
	good 4_no-name 00000000-0000-4000-8000-00000000000d &&
	printf "metadata:\n  version: 1\n" >job/results/4_no-name/testdef.yaml &&
	good 5_again 00000000-0000-4000-8000-00000000000a &&
	good 6_z 00000000-0000-4000-8000-00000000000e &&
	echo "not a dir" >job/results/7_file
'
test_expect_success 'the good runs bundle, exit status 1' '
	test_status 1 lava-bundle -o b.json job 2>err &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	jq -r ".test_runs[].analyzer_assigned_uuid" b.json >actual &&
	printf "%s\n" 00000000-0000-4000-8000-00000000000a 00000000-0000-4000-8000-00000000000e >expect &&
	test_cmp expect actual
'
test_expect_success 'each broken run is reported' '
	test_grep "1_no-uuid: no analyzer_assigned_uuid; test run left out" err &&
	test_grep "2_bad-uuid: .../../etc. is not a UUID; test run left out" err &&
	test_grep "3_bad-yaml/testdef.yaml:2:1: " err &&
	test_grep "3_bad-yaml/testdef.yaml: no metadata.name; test run left out" err &&
	test_grep "4_no-name/testdef.yaml: no metadata.name; test run left out" err &&
	test_grep "5_again: its analyzer_assigned_uuid is already bundled" err
'
test_expect_success 'a runs entry without a definition is left out too' '
	mkdir -p job2/runs/00000000-0000-4000-8000-0000000000f0 job2/runs/00000000-0000-4000-8000-0000000000f1 &&
	echo 0_x >job2/runs/00000000-0000-4000-8000-0000000000f0/id &&
	echo 1_y >job2/runs/00000000-0000-4000-8000-0000000000f1/id &&
	printf "metadata:\n  name: y\n" >job2/runs/00000000-0000-4000-8000-0000000000f1/testdef.yaml &&
	test_status 1 lava-bundle job2 >c.json 2>err &&
	"$LAVA_SRC/t/bundle-check" c.json &&
	test "$(jq -r ".test_runs[].test_id" c.json)" = y &&
	test_grep "0000f0/testdef.yaml" err
'
test_expect_success 'a FIFO among the attachments is reported, never read' '
	mkfifo job/results/6_z/attachments/fifo &&
	rm -rf job/results/[1-5]_* &&
	lava-bundle job >d.json 2>err &&
	"$LAVA_SRC/t/bundle-check" d.json &&
	test_grep "6_z/attachments/fifo: not a regular file, not attached" err
'
test_done
