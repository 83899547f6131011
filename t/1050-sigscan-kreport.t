#!/bin/sh
# lava-sigscan: kernel crash and warning reports become KERNEL records with
# their console lines; a panic ends the scan with a PANIC record. The
# console of t/data/kernel/sysrq-crash.log is Debian's 6.1 cloud kernel
# under QEMU after `echo c >/proc/sysrq-trigger`, saved as it came.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

export crash="$LAVA_SRC/t/data/kernel/sysrq-crash.log"

# kinds DESC INPUT EXPECT: printf INPUT | lava-sigscan; the records, as
# "LINE NAME KIND LAST" (the text left out), must be printf EXPECT.
kinds() {
	# shellcheck disable=SC2034
	IN=$2 EXP=$3
	test_expect_success "$1" '
		printf "$IN" >in &&
		printf "$EXP" >expect &&
		test_status "${STATUS:-0}" lava-sigscan <in >out 2>err &&
		cut -f 2,4- out | cut -f 1-4 >actual &&
		test_cmp expect actual &&
		if test "${STATUS:-0}" = 1
		then test_grep "^lava-sigscan: the kernel panicked at console line [0-9]*$" err
		else test_cmp /dev/null err
		fi
	'
}

test_expect_success 'the real panic: one KERNEL record with its lines, then PANIC' '
	test_status 1 lava-sigscan <"$crash" >out 2>err &&
	echo "lava-sigscan: the kernel panicked at console line 334" >expect &&
	test_cmp expect err &&
	cut -f 2- out >all &&
	tail -n 2 all | cut -f 1-5 >actual &&
	printf "334\t-\tKERNEL\tpanic\t360\n334\t-\tPANIC\n" >expect &&
	test_cmp expect actual &&
	grep -c "" out >n && echo 6 >six && test_cmp six n &&
	grep "	KERNEL	" out | tr "\t" "\n" >lines &&
	test_grep "^\[    4.091817\] Kernel panic - not syncing: sysrq triggered crash$" lines &&
	test_grep "sysrq_handle_crash+0x16/0x20$" lines &&
	test_grep "Kernel Offset: 0x25e00000" lines &&
	! test_grep "sysrq: Trigger a crash" lines
'
test_expect_success 'the real panic, a byte at a time through a pipe: the same records' '
	test_status 1 lava-sigscan <"$crash" >out0 &&
	cut -f 2- out0 >expect &&
	unit-scan drip 20 <"$crash" | test_status 1 lava-sigscan >out &&
	cut -f 2- out >actual &&
	test_cmp expect actual
'
test_expect_success '-K: no kernel reports, no PANIC, the signals as before' '
	lava-sigscan -K <"$crash" >out &&
	cut -f 4 out >actual &&
	printf "STARTRUN\nSTARTTC\nENDTC\nTESTCASE\n" >expect &&
	test_cmp expect actual
'

kinds 'a WARNING from cut here to its end trace' \
	'[    1.000000] ------------[ cut here ]------------\r\n[    1.000001] WARNING: CPU: 0 PID: 1 at kernel/x.c:10 f+0x1/0x2\r\n[    1.000002] Call Trace:\r\n[    1.000003] ---[ end trace 0000000000000000 ]---\r\n$ ok\r\n' \
	'1\tKERNEL\twarning\t4\n'
kinds 'KASAN, KFENCE and UBSAN end at their rule of equals signs' \
	'==================================================================\nBUG: KASAN: slab-out-of-bounds in f+0x1/0x2\nRead of size 8\n==================================================================\n================================================================================\nUBSAN: array-index-out-of-bounds in x.c:1:2\nindex 5 is out of range\n================================================================================\nBUG: KFENCE: use-after-free read in g+0x1/0x2\n==================================================================\n' \
	'2\tKERNEL\tkasan\t4\n6\tKERNEL\tubsan\t8\n9\tKERNEL\tkfence\t10\n'
kinds 'lockups, hung tasks and RCU stalls end at the next line of the device' \
	'[ 30.000001] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [a:1]\n[ 30.000002] RIP: 0010:f\n$ one\n[ 40.000001] INFO: task b:2 blocked for more than 120 seconds.\n$ two\n[ 50.000001] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n[ 50.000002] rcu: 0-...!: (1 GPs behind)\n$ three\n[ 60.000001] NMI watchdog: Watchdog detected hard LOCKUP on cpu 1\n$ four\n' \
	'1\tKERNEL\tsoft-lockup\t2\n4\tKERNEL\thung-task\t4\n6\tKERNEL\trcu-stall\t7\n9\tKERNEL\thard-lockup\t9\n'
export STATUS=1
kinds 'x86 NULL pointer: BUG, #PF and Oops are one report; the panic after it another' \
	'[ 5.1] BUG: kernel NULL pointer dereference, address: 0000000000000000\n[ 5.2] #PF: supervisor write access in kernel mode\n[ 5.3] Oops: 0002 [#1] PREEMPT SMP NOPTI\n[ 5.4] RIP: 0010:f\n[ 5.5] ---[ end trace 0000000000000000 ]---\n[ 5.6] Kernel panic - not syncing: Fatal exception\n[ 5.7] ---[ end Kernel panic - not syncing: Fatal exception ]---\n<LAVA_SIGNAL_AFTER x>\n' \
	'1\tKERNEL\tbug\t5\n6\tKERNEL\tpanic\t7\n6\tPANIC\n'
kinds 'arm64: Internal error: Oops, then a panic, no timestamps' \
	'Unable to handle kernel paging request at virtual address dead\nInternal error: Oops: 96000005 [#1] SMP\npc : f+0x1/0x2\nKernel panic - not syncing: Oops: Fatal exception\n' \
	'1\tKERNEL\toops\t3\n4\tKERNEL\tpanic\t4\n4\tPANIC\n'
export STATUS=0
kinds 'a line of the device ends a report; the records keep the console order' \
	'<LAVA_SIGNAL_A 1>\n[ 1.0] WARNING: CPU: 0 PID: 1 at f\n<LAVA_SIGNAL_B 2>\n[ 1.1] ---[ end trace 0 ]---\n<LAVA_SIGNAL_C 3>\n' \
	'1\tA\t1\n2\tKERNEL\twarning\t2\n3\tB\t2\n5\tC\t3\n'
kinds 'words of a report in the middle of a line are no report' \
	'$ grep "Kernel panic - not syncing" log\n$ echo WARNING: nothing\n' \
	''

test_expect_success 'a long report keeps its first 100 lines and says how many more' '
	{ echo "[ 1.0] WARNING: CPU: 0 PID: 1 at f"
	  i=1; while [ $i -le 149 ]; do echo "[ 1.1] frame $i"; i=$((i + 1)); done
	  echo "[ 1.2] ---[ end trace 0 ]---"; } >in &&
	lava-sigscan <in >out &&
	cut -f 2,4-6 out >actual &&
	printf "1\tKERNEL\twarning\t151\n" >expect &&
	test_cmp expect actual &&
	tr "\t" "\n" <out >fields &&
	test_grep "^\[ 1.1\] frame 99$" fields &&
	! test_grep "^\[ 1.1\] frame 100$" fields &&
	test_grep "^\[51 more lines\]$" fields
'
test_expect_success 'a panic whose end never comes ends the scan after the grace' '
	mkfifo fifo &&
	{ { printf "[ 9.0] Kernel panic - not syncing: x\n[ 9.1] CPU: 0\n" &&
	    exec sleep 120; } >fifo & } &&
	writer=$! &&
	{ lava-sigscan -g 0.5 <fifo >out; echo $? >status; kill $writer; } &&
	echo 1 >one && test_cmp one status &&
	cut -f 2,4-6 out >actual &&
	printf "1\tKERNEL\tpanic\t2\n1\tPANIC\n" >expect &&
	test_cmp expect actual
'
test_expect_success 'a bad grace is bad usage' '
	test_status 2 lava-sigscan -g -1 </dev/null 2>err &&
	test_grep "^lava-sigscan: -g -1: not a number of seconds" err
'
test_done
