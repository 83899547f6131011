#!/bin/sh
# qemu.sh - the demo job on the qemu device, next to its floor measured in
# the same run, turn about: the same kernel and QEMU booting a busybox
# initramfs whose /init powers the machine off at once. Medians of N runs
# each; also the handshake of the demo's `true` case (STARTTC to ENDTC on
# the host's clock) and the time from start to the first signal.
set -eu

N=${N:-3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lava-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
LAVA_CACHE=${LAVA_CACHE:-$LAVA_BUILD/cache}
export LAVA_CACHE
job=$LAVA_SRC/examples/demo-job.yaml
cd "$dir"

now() { date +%s.%N; }
kernel=$(lava-qemu -F)

# The floor's initramfs, built before anything is timed.
mkdir -p floor/bin floor/dev
cp /bin/busybox floor/bin/busybox
printf '#!/bin/busybox sh\n/bin/busybox poweroff -f\n' >floor/init
chmod 755 floor/init
(cd floor && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) >floor.cpio.gz

# median FILE: the median of the numbers in FILE, one a line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'
}

echo "load average before: $(cut -d ' ' -f 1-3 /proc/loadavg)"
i=0
while [ "$i" -lt "$N" ]; do
	i=$((i + 1))
	t0=$(now)
	qemu-system-x86_64 -accel tcg -m 256 -display none -monitor none \
		-serial stdio -nodefaults -no-reboot -kernel "$kernel" \
		-initrd floor.cpio.gz -append 'console=ttyS0,115200 panic=-1' \
		</dev/null >floor.log 2>&1
	t1=$(now)
	lava-runjob -d qemu -o "demo$i" "$job" >/dev/null 2>"demo$i.err" ||
		{ cat "demo$i.err" >&2; exit 1; }
	t2=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>floor.s
	awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.3f\n", b - a }' >>demo.s
	awk -F '\t' -v s="$t1" 'NR == 1 { printf "%.3f\n", $1 - s }' \
		"demo$i/records.tsv" >>first.s
	awk -F '\t' '$4 == "STARTTC" && $5 == "true" { a = $1 }
		$4 == "ENDTC" && $5 == "true" { printf "%.1f\n", ($1 - a) * 1000 }' \
		"demo$i/records.tsv" >>true.ms
done
f=$(median floor.s)
d=$(median demo.s)
echo "qemu device, $(nproc) cores, median of $N runs each, side by side:"
echo "  floor: boot a busybox initramfs, power off:  $f s  (reference)"
echo "  lava-runjob -d qemu, demo job:               $d s  ($(awk -v d="$d" -v f="$f" 'BEGIN { printf "%.2f", d / f }')x)"
echo "  start to first signal:                       $(median first.s) s"
echo "  'true' case, STARTTC to ENDTC:               $(median true.ms) ms"
echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
