#!/bin/sh
# run.sh - the demo job end to end on the local device: one job, then four
# at once, next to the same tree run by its runner alone (no console, no
# signal routing, no ACKs), measured in the same run.
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

lava-runjob -o one "$job" >/dev/null
t2=$(now)

printf '%s\n' 1 2 3 4 | xargs -P4 -I{} lava-runjob -o four{} "$job" >/dev/null
t3=$(now)

echo "demo job ($(basename "$job")), local device, $(nproc) cores:"
echo "  runner alone, no host:     $(secs "$t0" "$t1")  (reference)"
echo "  lava-runjob, one job:         $(secs "$t1" "$t2")"
echo "  lava-runjob, four at once:    $(secs "$t2" "$t3")"
