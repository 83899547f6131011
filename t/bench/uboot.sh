#!/bin/sh
# uboot.sh - the demo job on a board from power-on: Debian's U-Boot under
# QEMU (t/qemu/uboot-board), dhcp, tftpboot of the kernel and ramdisk,
# zboot; from power-on to the first signal, next to lava-qemu's
# direct-kernel boot of the same definitions (QEMU's -kernel and -initrd),
# measured in the same run.
set -eu

dir=$(mktemp -d "${TMPDIR:-/tmp}/lava-bench.XXXXXX")
# shellcheck disable=SC2317
cleanup() {
	"$LAVA_SRC/t/qemu/uboot-board" off "$dir/lab"
	rm -rf "$dir"
}
trap cleanup EXIT
LAVA_CACHE=${LAVA_CACHE:-$LAVA_BUILD/cache}
export LAVA_CACHE
# shellcheck source=t/qemu/uboot-lab.sh
. "$LAVA_SRC/t/qemu/uboot-lab.sh"
cd "$dir"

now() { date +%s.%N; }
kernel=$(lava-qemu -F)
uboot_lab "$dir/lab"
uboot_job "$kernel" "$dir/lab/ramdisk.gz" 300 >uboot.yaml

# first JOB START: seconds from START to JOB's first signal.
first() {
	awk -F '\t' -v s="$2" '$4 == "STARTRUN" { printf "%.1f s", $1 - s; exit }' \
		"$1/records.tsv"
}

t0=$(now)
lava-runjob -d qemu -t 600 -o direct "$LAVA_SRC/examples/demo-job.yaml" >/dev/null
t1=$(now)
lava-runjob -d lab/board.yaml -t 600 -o uboot uboot.yaml >/dev/null
t2=$(now)
on=$(awk -F '\t' '$4 == "ACTION" && $5 == "power_on_command" { printf "%.6f\n", $1 - $7 }' \
	uboot/records.tsv)
boot=$(awk -F '\t' '$4 == "ACTION" && $5 == "boot" { print $7 }' uboot/records.tsv)

echo "demo job, one core per emulated machine, $(nproc) cores:"
echo "  direct-kernel boot (lava-qemu), start to first signal: $(first direct "$t0")  (reference)"
echo "  U-Boot board, power-on to first signal:                $(first uboot "$on")"
echo "    of which the boot action (power, interrupt, dhcp, tftpboot, zboot, shell): ${boot} s"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	printf "  whole job: direct %.1f s, U-Boot board %.1f s\n", b - a, c - b }'
