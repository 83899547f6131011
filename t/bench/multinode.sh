#!/bin/sh
# multinode.sh - the MultiNode round trip between two local devices through
# a private lava-coordinator: the server sends ping-N and waits for pong-N,
# the client waits for ping-N and sends pong-N; next to it, in the same job
# on the same device, the plain ACK round trip of a signal with no handler
# call. Median and worst of N rounds each, at the coordinator poll delay
# lava-dispatcher uses (1 s) and at 0.1 s.
set -eu

N=${N:-10}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lava-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"
# shellcheck source=t/data/multinode/mkjob.sh
. "$LAVA_SRC/t/data/multinode/mkjob.sh"

# Times in ms on the console as "T KIND MS" lines (after the shell's
# prompt), from the device's clock.
cat >server.steps <<EOF
ms() { echo \$((\$(date +%s%N) / 1000000)); }; i=0; while [ \$i -lt $N ]; do a=\$(ms); LAVA_SYNC=1 lava-signal PING \$i; b=\$(ms); echo "T ack \$((b - a))"; i=\$((i + 1)); done
ms() { echo \$((\$(date +%s%N) / 1000000)); }; i=0; while [ \$i -lt $N ]; do a=\$(ms); lava-send ping-\$i; lava-wait pong-\$i; b=\$(ms); echo "T multinode \$((b - a))"; i=\$((i + 1)); done
EOF
cat >client.steps <<EOF
i=0; while [ \$i -lt $N ]; do lava-wait ping-\$i; lava-send pong-\$i; i=\$((i + 1)); done
EOF
mkjob 120 server.steps client.steps >bench.yaml

# stats KIND FILE: "median X ms, worst Y ms" of the KIND lines.
stats() {
	tr -d '\r' <"$2" | awk -v k="$1" 'NF >= 3 && $(NF - 2) == "T" && $(NF - 1) == k { print $NF }' | sort -n |
	awk '{ v[NR] = $1 } END { if (!NR) { print "none"; exit }
		printf "median %d ms, worst %d ms (%d rounds)", v[int((NR + 1) / 2)], v[NR], NR }'
}

echo "MultiNode round trip, two local devices, $(nproc) cores:"
for poll in 1 0.1; do
	LAVA_MULTINODE_POLL=$poll lava-multinode -o g bench.yaml >out 2>&1 ||
		{ cat out; exit 1; }
	printf '  poll %s s: lava-send+lava-wait there and back: %s\n' "$poll" \
	    "$(stats multinode g/server/console.log)"
	printf '  poll %s s: reference, plain ACK round trip:     %s\n' "$poll" \
	    "$(stats ack g/server/console.log)"
done
