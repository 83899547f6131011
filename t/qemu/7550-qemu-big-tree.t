#!/bin/sh
# A large tree on the qemu device: three definitions of one repository
# that holds 140 MB. The tree holds the repository once, and the machine's
# memory grows with it; three copies, or one in a machine of 256 MB, as
# before, left no room to unpack the initramfs and the kernel panicked.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/../lib.sh"

LAVA_CACHE=${LAVA_CACHE:-$LAVA_BUILD/cache}
export LAVA_CACHE
if ! test_have qemu-system-x86_64 || ! test -x /bin/busybox || ! test_have git; then
	test_skip 'a large tree on the qemu device' 'no qemu-system-x86, busybox-static or git'
	test_done
	exit
fi

test_expect_success 'a repository of 140 MB and a job with three of its definitions' '
	git init -q repo &&
	head -c 146800640 /dev/zero >repo/blob &&
	printf "metadata: {name: big}\nrun:\n  steps:\n  - lava-test-case blob-\$WHO --shell test -s blob\n" >repo/lavatest.yaml &&
	(cd repo && git add . && git -c user.name=t -c user.email=t@t commit -q -m one) &&
	{
		echo "definitions:" &&
		for w in a b c; do
			printf -- "- {from: git, repository: %s, name: %s, params: {WHO: %s}}\n" \
				"$TRASH/repo" "big-$w" "$w"
		done
	} >job.yaml
'
test_expect_success 'the job runs to the end: every definition sees the file' '
	mkdir tmp &&
	TMPDIR=$TRASH/tmp lava-runjob -d qemu -t 600 -o big job.yaml >out 2>err &&
	! grep "Kernel panic" big/console.log &&
	jq -r ".test_runs[].test_results[] | [.test_case_id, .result] | @tsv" \
		big/bundle.json | sort >cases &&
	printf "blob-a\tpass\nblob-b\tpass\nblob-c\tpass\n" >expect &&
	test_cmp expect cases
'
test_expect_success 'the tree held the repository once; the machine had more than 256 MB' '
	find big/tree -name blob -exec stat -c %i {} + | sort -u >inodes &&
	test "$(wc -l <inodes)" = 1 &&
	test "$(find big/tree -name blob | wc -l)" = 3 &&
	sed -n "s/.*Memory: [0-9]*K\/\([0-9]*\)K available.*/\1/p" big/console.log >kb &&
	test "$(cat kb)" -gt 262144
'
test_expect_success 'no QEMU is left running' '
	! ps -eo args | grep "^qemu-system-x86_64 .*$TRASH/tmp"
'
test_done
