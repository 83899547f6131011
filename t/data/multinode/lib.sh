# lib.sh - helpers of the MultiNode tests: a private lava-coordinator
# shellcheck shell=sh

# coord_start: a lava-coordinator of our own on a free loopback port, as
# lava-multinode starts one; COORD=127.0.0.1:PORT, COORD_PID; stopped at
# exit (coord_stop).
coord_start() {
	_c=$(lava-multinode -C "$TRASH/coordinator") || return
	COORD=${_c% *} COORD_PID=${_c#* }
	export COORD COORD_PID
	echo "$COORD_PID" >>"$TRASH/.coord-pids"
}

# coord_stop: stop every coordinator this script started.
coord_stop() {
	[ -f "$TRASH/.coord-pids" ] || return 0
	while read -r _p; do
		kill "$_p" 2>/dev/null
	done <"$TRASH/.coord-pids"
	rm -f "$TRASH/.coord-pids"
}
trap 'coord_stop; test_cleanup' EXIT

# free_port: a loopback port nothing listens on, for "unreachable".
free_port() {
	while :; do
		_p=$(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 + 20000))
		grep -q "$(printf ':%04X ' "$_p")" /proc/net/tcp /proc/net/tcp6 ||
			{ echo "$_p"; return; }
	done
}
