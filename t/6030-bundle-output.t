#!/bin/sh
# SOURCE_DATE_EPOCH makes bundles byte-identical; -o replaces the file only
# when the bundle is complete; usage and exit statuses.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"

data="$LAVA_SRC/t/data/bundle"

test_expect_success 'setup: a job from both layouts' '
	mkdir job &&
	cp -R "$data/seed" job/results &&
	cp -R "$data/project/0_smoke-tests-1795201200" job/results/1_other &&
	echo 11111111-2222-4333-8444-555555555555 >job/results/1_other/analyzer_assigned_uuid
'
test_expect_success 'SOURCE_DATE_EPOCH: two runs give the same bytes' '
	SOURCE_DATE_EPOCH=1353625123 lava-bundle job >one.json &&
	SOURCE_DATE_EPOCH=1353625123 lava-bundle -o two.json job &&
	cmp one.json two.json &&
	"$LAVA_SRC/t/bundle-check" one.json &&
	test "$(jq -r "[.test_runs[].analyzer_assigned_date] | unique[]" one.json)" = 2012-11-22T22:58:43Z
'
test_expect_success 'without it, the date is now' '
	lava-bundle job >now.json &&
	d=$(jq -r ".test_runs[0].analyzer_assigned_date" now.json) &&
	case $d in "$(date -u +%Y-%m-%d)"T*Z) ;; *) echo "$d"; false ;; esac
'
test_expect_success 'a bad SOURCE_DATE_EPOCH is bad usage' '
	SOURCE_DATE_EPOCH=yesterday test_status 2 lava-bundle job >out 2>err &&
	test_grep "SOURCE_DATE_EPOCH" err &&
	test ! -s out
'
test_expect_success '-o replaces the file whole and leaves no temporary file' '
	echo old >b.json &&
	lava-bundle -o b.json job &&
	"$LAVA_SRC/t/bundle-check" b.json &&
	test "$(ls)" = "$(printf "%s\n" b.json err job now.json one.json out two.json)"
'
test_expect_success '-o into a dir that does not exist fails with exit 1' '
	test_status 1 lava-bundle -o nodir/b.json job 2>err &&
	test_grep "nodir/b.json" err
'
test_expect_success 'a JOB with neither runs nor results fails with exit 1' '
	mkdir empty &&
	test_status 1 lava-bundle empty >out 2>err &&
	test_grep "neither runs/ nor results/" err
'
test_expect_success 'bad usage exits 2' '
	test_status 2 lava-bundle >out 2>err &&
	test_grep "usage: lava-bundle" err &&
	test_status 2 lava-bundle a b >out 2>err &&
	test ! -s out
'
test_expect_success 'a full stdout is a failure' '
	if test -w /dev/full; then
		test_status 1 lava-bundle job >/dev/full 2>err
	fi
'
test_done
