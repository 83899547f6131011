#!/bin/sh
# lava-qemu's arguments and what it needs, checked before anything boots.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

test_expect_success 'a tree is needed, and only one' '
	test_status 2 lava-qemu 2>err &&
	test_grep "^usage: lava-qemu" err &&
	mkdir tree &&
	test_status 2 lava-qemu tree tree 2>err &&
	test_status 2 lava-qemu -F tree 2>err
'
test_expect_success 'bad memory sizes and target directories: exit 2' '
	test_status 2 lava-qemu -m 1g tree 2>err &&
	test_grep "bad memory size: 1g" err &&
	test_status 2 lava-qemu -T lava tree 2>err &&
	test_grep "bad target directory: lava" err &&
	test_status 2 lava-qemu -T "/la va" tree 2>err &&
	test_status 2 lava-qemu -T / tree 2>err
'
test_expect_success 'a tree that is not a directory: bad usage, exit 2' '
	test_status 2 lava-qemu no-such-tree 2>err &&
	test_grep "no-such-tree: not a directory" err
'
test_expect_success 'a kernel that cannot be read: exit 1, before QEMU starts' '
	test_status 1 env LAVA_QEMU_KERNEL="$TRASH/no-vmlinuz" lava-qemu tree >out 2>err &&
	test_grep "no-vmlinuz: cannot read the kernel" err &&
	test ! -s out
'
test_expect_success 'a busybox that is not there: exit 1' '
	test_status 1 env LAVA_QEMU_BUSYBOX="$TRASH/no-busybox" lava-qemu tree 2>err &&
	test_grep "no busybox" err
'
test_expect_success 'a QEMU killed by a signal: said by its name, exit 1' '
	mkdir -p fake &&
	printf "#!/bin/sh\nkill -KILL \$\$\n" >fake/qemu-system-x86_64 &&
	chmod +x fake/qemu-system-x86_64 &&
	: >vmlinuz &&
	test_status 1 env PATH="$TRASH/fake:$PATH" LAVA_QEMU_KERNEL="$TRASH/vmlinuz" \
		lava-qemu tree </dev/null >out 2>err &&
	test_grep "lava-qemu: qemu-system-x86_64: killed by signal SIGKILL" err
'
test_expect_success 'the cached kernel is the one -F names, no fetch' '
	mkdir -p cache &&
	: >cache/vmlinuz-6.1.0-0-cloud-amd64 &&
	LAVA_CACHE=$TRASH/cache lava-qemu -F >kernel &&
	echo "$TRASH/cache/vmlinuz-6.1.0-0-cloud-amd64" >expect &&
	test_cmp expect kernel
'
test_done
