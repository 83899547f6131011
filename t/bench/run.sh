#!/bin/sh
# run.sh - the demo job end to end on the local device: one job, then four
# at once, next to the same tree run by its runner alone (no console, no
# signal routing, no ACKs), bare and in the local device's sandbox,
# measured in the same run.
set -eu

dir=$(mktemp -d "${TMPDIR:-/tmp}/lava-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
job=$LAVA_SRC/examples/demo-job.yaml
cd "$dir"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f s", b - a }'; }

# The reference: the tree loaded for a target here, its runner started by
# hand with its output discarded. The handler is not called: LAVA_SYNC=0.
lava-tdload -o ref --target-dir "$dir/ref-target" "$job" >/dev/null
cp -R ref/tree "$dir/ref-target"
sed -i -e "s/^export LAVA_SYNC='1'/export LAVA_SYNC='0'/" "$dir"/ref-target/tests/*/run.sh
t0=$(now)
"$dir/ref-target/bin/lava-test-runner" </dev/null >/dev/null 2>&1
t1=$(now)
# The same, in the local device's sandbox: what lava-sandbox costs a job.
rm -rf "$dir/ref-target/results"
s0=$(now)
lava-sandbox -w "$dir/ref-target" "$dir/ref-target/bin/lava-test-runner" \
	</dev/null >/dev/null 2>&1
s1=$(now)

lava-runjob -o one "$job" >/dev/null
t2=$(now)

printf '%s\n' 1 2 3 4 | xargs -P4 -I{} lava-runjob -o four{} "$job" >/dev/null
t3=$(now)

echo "demo job ($(basename "$job")), local device, $(nproc) cores:"
echo "  runner alone, no host:     $(secs "$t0" "$t1")  (reference)"
echo "  runner alone, in lava-sandbox: $(secs "$s0" "$s1")"
echo "  lava-runjob, one job:         $(secs "$s1" "$t2")"
echo "  lava-runjob, four at once:    $(secs "$t2" "$t3")"
# The sandbox's start, once a job, against a plain shell's, 30 runs each.
if command -v hyperfine >/dev/null; then
	hyperfine -N -w 3 -r 30 --export-json "$dir/sb.json" \
		-n "a shell's start (sh -c true)" "sh -c true" \
		-n "the sandbox's start (lava-sandbox -w DIR true)" \
		"lava-sandbox -w $dir true" >/dev/null 2>&1
	jq -r '.results[] | "  \(.command): \(.mean * 1000 | floor) ms (sd \(.stddev * 1000 | floor) ms)"' "$dir/sb.json"
fi
