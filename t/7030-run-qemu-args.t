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
test_expect_success 'bad CPU counts: exit 2' '
	test_status 2 lava-qemu -c 0 tree 2>err &&
	test_grep "bad CPU count: 0" err &&
	test_status 2 lava-qemu -c two tree 2>err &&
	test_grep "bad CPU count: two" err &&
	test_status 2 env LAVA_QEMU_CPUS=-1 lava-qemu tree 2>err &&
	test_grep "bad CPU count: -1" err &&
	test_status 2 env LAVA_QEMU_MEMORY=512M lava-qemu tree 2>err &&
	test_grep "bad memory size: 512M" err
'
# fake_qemu: a qemu-system-x86_64 that prints its arguments and the
# initramfs it was given, then exits.
fake_qemu() {
	mkdir -p fake &&
	cat >fake/qemu-system-x86_64 <<-\EOF &&
	#!/bin/sh
	printf "%s\n" "$@" >"$FAKE_OUT/args"
	while [ $# -gt 0 ]; do
		[ "$1" != -initrd ] || cpio -it --quiet <"$2" >"$FAKE_OUT/files"
		shift
	done
	EOF
	chmod +x fake/qemu-system-x86_64 &&
	: >vmlinuz
}
# arg_after OPT: the argument after OPT in the fake QEMU'"'"'s arguments.
arg_after() {
	awk -v o="$1" "p { print; exit } \$0 == o { p = 1 }" args
}
test_expect_success 'memory and CPUs reach QEMU; the memory grows with the tree' '
	fake_qemu &&
	run() { env PATH="$TRASH/fake:$PATH" FAKE_OUT="$TRASH" \
		LAVA_QEMU_KERNEL="$TRASH/vmlinuz" lava-qemu "$@" </dev/null; } &&
	run -m 300 -c 2 tree &&
	test "$(arg_after -m)" = 300 && test "$(arg_after -smp)" = 2 &&
	LAVA_QEMU_MEMORY=400 LAVA_QEMU_CPUS=3 run tree &&
	test "$(arg_after -m)" = 400 && test "$(arg_after -smp)" = 3 &&
	run tree &&
	test "$(arg_after -m)" = 256 && test "$(arg_after -smp)" = 1 &&
	mkdir big &&
	dd if=/dev/zero of=big/blob bs=1M count=150 2>dd.err &&
	run big &&
	test "$(arg_after -m)" = 512 &&
	grep -x "lava/blob" files &&
	grep -x "bin/busybox" files
'
test_expect_success 'lava-runjob -d qemu: the memory and CPUs of the job'"'"'s context: reach QEMU' '
	printf "context: {memory: 2G, extra_options: [-smp 3]}\ndefinitions:\n- from: inline\n  name: t\n  repository: {metadata: {name: t}, run: {steps: [true]}}\n" >ctx.yaml &&
	rm -f args &&
	test_status 1 env PATH="$TRASH/fake:$PATH" FAKE_OUT="$TRASH" \
		LAVA_QEMU_KERNEL="$TRASH/vmlinuz" lava-runjob -d qemu -t 60 -o ctx \
		ctx.yaml >out 2>err &&
	test_grep "console closed before the runner ended" err &&
	test "$(arg_after -m)" = 2048 && test "$(arg_after -smp)" = 3 &&
	grep -x "lava/tests/0_t/run.sh" files
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
