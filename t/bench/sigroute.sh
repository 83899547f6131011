#!/bin/sh
# sigroute.sh - the round trip of a record through lava-sigroute to its ACK
# line, with no handler and with add-duration, next to one fork+exec of
# /bin/true on the same machine. LAVA_BENCH_N sets the count (10000).
set -eu
n=${LAVA_BENCH_N:-10000}
uuid=0b0b0b0b-0000-4000-8000-000000000000
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lava-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# job NAME HANDLER...: a JOB with one run whose handlers are HANDLER...
job() {
	mkdir -p "$tmp/$1/runs/$uuid"
	echo 0_bench >"$tmp/$1/runs/$uuid/id"
	j=$1
	shift
	for h in "$@"; do
		printf '%s\t{}\n' "$h"
	done >"$tmp/$j/runs/$uuid/handlers.tsv"
}
job none
job add-duration add-duration

echo "lava-sigroute round trip, record in to ACK out, $n signals (ms):"
printf '  %-28s %8s %8s\n' "" median p99
line() {
	printf '  %-28s %8s %8s\n' "$1" "$2" "$3"
}
# shellcheck disable=SC2046
line "fork+exec /bin/true" $(bench-sigroute -n "$n" -e /bin/true)
# shellcheck disable=SC2046
line "no handler" $(bench-sigroute -n "$n" "$tmp/none" "$uuid")
# shellcheck disable=SC2046
line "add-duration" $(bench-sigroute -n "$n" "$tmp/add-duration" "$uuid")
lines=$(wc -l <"$tmp/add-duration/runs/$uuid/handlers/add-duration/output")
[ "$lines" -eq $((n / 2)) ] || {
	echo "sigroute.sh: add-duration gave $lines durations, not $((n / 2))" >&2
	exit 1
}
