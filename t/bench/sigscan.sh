#!/bin/sh
# sigscan.sh - lava-sigscan's throughput and peak memory on a 256 MiB console
# log with realistic noise, one signal per KiB and a kernel WARNING report
# per MiB, with kernel report detection on (the default) and off (-K), next
# to cat and grep on the same file, measured in the same run.
# The sh -c scripts are single-quoted: they take the paths as arguments.
# shellcheck disable=SC2016
set -eu

size_mib=${LAVA_BENCH_MIB:-256}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lava-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
log=$dir/console.log

# One MiB of console: kernel lines, prompts, colour codes, xtrace, CRLF,
# long lines, and a signal in each KiB. It is repeated to the full size.
awk -v seed=42 'BEGIN {
	srand(seed)
	esc = sprintf("%c", 27)
	split("random: crng init done|usb 1-1: new high-speed USB device number 2 using xhci_hcd|EXT4-fs (mmcblk0p2): mounted filesystem with ordered data mode|systemd[1]: Started Journal Service.|audit: type=1400 audit(0.0:2): avc: denied { read } for pid=1", kmsg, "|")
	split("TESTCASE TEST_CASE_ID=case%d RESULT=pass MEASUREMENT=%d UNITS=ms|STARTTC case%d|ENDTC case%d|TESTSET START set%d|TESTCASE TEST_CASE_ID=t%d RESULT=fail", sigs, "|")
	out = 0; line = 0; t = 0.0; due = 0
	# A kernel WARNING report of 24 lines, from its cut here to its end.
	s = sprintf("[%12.6f] ------------[ cut here ]------------\r\n", t)
	s = s sprintf("[%12.6f] WARNING: CPU: 1 PID: 42 at drivers/gpu/drm/drm_vblank.c:1190 drm_vblank_put+0x5c/0x80\r\n", t)
	for (i = 0; i < 20; i++)
		s = s sprintf("[%12.6f]  frame_%d+0x%x/0x200\r\n", t, i, i * 16)
	s = s sprintf("[%12.6f] ---[ end trace 0000000000000000 ]---\r\n", t)
	printf "%s", s
	out += length(s)
	while (out < 1048576) {
		r = rand()
		if (r < 0.35)
			s = sprintf("[%12.6f] %s\r\n", t, kmsg[1 + int(rand() * 5)])
		else if (r < 0.5)
			s = sprintf("root@board:~# %sls -l /lava/results%s\r\n", esc "[01;32m", esc "[0m")
		else if (r < 0.6)
			s = sprintf("+ echo '\''step %d done'\''\r\n", line)
		else if (r < 0.65) {
			s = ""
			for (i = 0; i < 40; i++)
				s = s sprintf("%s[%dmlong line of test output %d ", esc, 31 + i % 7, i)
			s = s "\r\n"
		} else
			s = sprintf("test output line %d: value=%d ok\r\n", line, int(rand() * 100000))
		while (out + length(s) >= due) {
			f = sigs[1 + int(rand() * 5)]
			s = s sprintf("<LAVA_SIGNAL_" f ">\r\n", line, int(rand() * 1000))
			due += 1024
		}
		printf "%s", s
		out += length(s); line++; t += 0.000731
	}
}' >"$dir/block"
i=0
while [ "$i" -lt "$size_mib" ]; do
	cat "$dir/block"
	i=$((i + 1))
done >"$log"
bytes=$(wc -c <"$log")

# Run "$@" three times; print the best wall time and the best CPU time
# (user + system, children included) in seconds. The machine may be busy
# with other work: CPU time is the steadier figure, wall time the real one.
secs() {
	for _i in 1 2 3; do
		/usr/bin/time -o "$dir/time" -f '%e %U %S' "$@"
		cat "$dir/time"
	done | awk 'NR == 1 || $1 < w { w = $1 }
		NR == 1 || $2 + $3 < c { c = $2 + $3 }
		END { printf "%.3f %.3f", w, c }'
}
# MB/s of the log for a time in seconds.
mbs() {
	echo "$bytes $1" | awk '{ printf "%.0f", ($2 > 0 ? $1 / 1048576 / $2 : 0) }'
}
row() {
	printf '  %-30s %8s %8s\n' "$1" "$(mbs "${2% *}")" "$(mbs "${2#* }")"
}

# Warm the page cache so every run reads memory.
cat "$log" >/dev/null
t_scan=$(secs sh -c 'lava-sigscan <"$1" >"$2"' sh "$log" "$dir/records")
t_pipe=$(secs sh -c 'cat "$1" | lava-sigscan >/dev/null' sh "$log")
t_scank=$(secs sh -c 'lava-sigscan -K <"$1" >/dev/null' sh "$log")
t_pipek=$(secs sh -c 'cat "$1" | lava-sigscan -K >/dev/null' sh "$log")
t_cat=$(secs sh -c 'cat "$1" | cat >/dev/null' sh "$log")
# grep stops at the first match when its output is /dev/null: use a file.
t_grep=$(secs sh -c 'grep -c LAVA_SIGNAL "$1" >"$2"' sh "$log" "$dir/count")
rss=$( { /usr/bin/time -f %M lava-sigscan <"$log" >/dev/null; } 2>&1 )
records=$(wc -l <"$dir/records")
kernel=$(grep -c "	KERNEL	" "$dir/records" || :)

echo "sigscan benchmark: $size_mib MiB console log, $records records ($kernel kernel reports), best of 3 runs"
printf '  %-30s %8s %8s\n' "MB/s" "wall" "CPU"
row "lava-sigscan <FILE" "$t_scan"
row "cat FILE | lava-sigscan" "$t_pipe"
row "lava-sigscan -K <FILE" "$t_scank"
row "cat FILE | lava-sigscan -K" "$t_pipek"
row "cat FILE | cat >/dev/null" "$t_cat"
row "grep -c LAVA_SIGNAL FILE" "$t_grep"
echo "$t_pipe $t_cat" | awk '{
	printf "  ratio (cat FILE | lava-sigscan) / (cat FILE | cat), kernel reports on: wall %.2f, CPU %.2f (aim: at least 0.50)\n",
		($1 > 0 ? $3 / $1 : 0), ($2 > 0 ? $4 / $2 : 0) }'
echo "$t_pipek $t_cat" | awk '{
	printf "  ratio (cat FILE | lava-sigscan -K) / (cat FILE | cat), kernel reports off: wall %.2f, CPU %.2f\n",
		($1 > 0 ? $3 / $1 : 0), ($2 > 0 ? $4 / $2 : 0) }'
echo "  lava-sigscan peak RSS: $rss KiB (aim: under 4096 KiB)"
