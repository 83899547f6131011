#!/bin/sh
# tdload.sh - time and peak memory of lava-tdload on 1,000 definitions
#
# Loads the real definitions of the corpus beside the source tree (or
# generated ones when it is absent), repeated up to LAVA_BENCH_N (1000)
# sources in one job, and prints the figures next to copying the same
# the same bytes with cat and checking each run.sh with dash -n.
set -eu
n=${LAVA_BENCH_N:-1000}
src=${LAVA_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lava-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

if [ -d "$src/../shared/corpus" ]; then
	find "$src/../shared/corpus" -name '*.yaml' | sort >"$dir/defs"
	what="corpus definitions"
else
	mkdir "$dir/gen"
	i=0
	while [ "$i" -lt 100 ]; do
		printf 'metadata:\n  name: gen%d\nparams:\n  A: "%d"\nrun:\n  steps:\n    - echo %d\n' \
			"$i" "$i" "$i" >"$dir/gen/gen$i.yaml"
		i=$((i + 1))
	done
	find "$dir/gen" -name '*.yaml' | sort >"$dir/defs"
	what="generated definitions"
fi
: >"$dir/list"
while [ "$(wc -l <"$dir/list")" -lt "$n" ]; do
	cat "$dir/defs" >>"$dir/list"
done
head -n "$n" "$dir/list" >"$dir/sources"
bytes=$(tr '\n' '\0' <"$dir/sources" | xargs -0 cat | wc -c)

# The first run warms the page cache.
tr '\n' '\0' <"$dir/sources" | xargs -0 lava-tdload -o "$dir/warm" 2>/dev/null
t=$( { tr '\n' '\0' <"$dir/sources" |
	/usr/bin/time -f '%e %M' xargs -0 lava-tdload -o "$dir/job"; } 2>&1 | tail -n 1)
runs=$(find "$dir/job/runs" -mindepth 1 -maxdepth 1 | wc -l)
c=$( { tr '\n' '\0' <"$dir/sources" |
	/usr/bin/time -f '%e %M' xargs -0 cat >"$dir/all"; } 2>&1 | tail -n 1)
# shellcheck disable=SC2016 # $1 is for the inner shell
d=$( { /usr/bin/time -f '%e %M' sh -c \
	'for f in "$1"/tree/tests/*/run.sh; do dash -n "$f"; done' \
	sh "$dir/job"; } 2>&1 | tail -n 1)
echo "bench tdload: $n sources ($what), $bytes bytes of definitions, $runs runs written"
echo "bench tdload: lava-tdload ${t% *} s, ${t#* } KiB peak"
echo "bench tdload: reference: cat of the same files ${c% *} s; dash -n of each run.sh ${d% *} s"
echo "bench tdload: aim: under 65536 KiB peak; time goes to creating about 8 files and 2 dirs per run"
