# lib.sh - helpers of the lava-sigroute and handler tests
# shellcheck shell=sh

# A test's own handlers (./h), then the test handlers, then the built ones.
LAVA_HANDLER_PATH=$TRASH/h:$LAVA_SRC/t/data/sigroute:$LAVA_HANDLER_PATH
export LAVA_HANDLER_PATH

# mkrun JOB UUID ID [NAME PARAMS]...: a run of JOB as lava-job(5) says.
mkrun() {
	_d=$1/runs/$2
	mkdir -p "$_d" && echo "$3" >"$_d/id" && : >"$_d/handlers.tsv" &&
		shift 3 || return
	while [ $# -ge 2 ]; do
		printf '%s\t%s\n' "$1" "$2" >>"$_d/handlers.tsv" || return
		shift 2
	done
}

# rec TIME LINE TOKEN NAME [ARG...]: one record line.
rec() {
	(IFS=$(printf '\t') && printf '%s\n' "$*")
}

# handler NAME [BODY]: a shell handler NAME in ./h; its body from stdin
# when BODY is not given.
handler() {
	mkdir -p h &&
		{
			echo '#!/bin/sh'
			if [ $# -ge 2 ]; then printf '%s\n' "$2"; else cat; fi
		} >"h/$1" && chmod +x "h/$1"
}

# alive PID: is PID a process that has not ended (a zombie has)?
alive() {
	[ -r "/proc/$1/stat" ] && ! grep -q ') Z ' "/proc/$1/stat"
}

# wait_for PATTERN FILE: until FILE holds PATTERN, a minute at most (a
# guard against a hang, not a measure of speed: forty handler calls can
# take more than ten seconds on a loaded machine).
wait_for() {
	_i=0
	until [ -f "$2" ] && grep -q "$1" "$2"; do
		_i=$((_i + 1))
		[ "$_i" -le 600 ] || { echo "wait_for: no $1 in $2" >&2; return 1; }
		sleep 0.1
	done
}

# route_start, route_end: lava-sigroute on job, fed the records written
# to fd 3 in between; its ACKs go to ./acks, its stderr to ./err.
route_start() {
	lava-sigroute job <in >acks 2>err &
	route_pid=$!
	exec 3>in
}
route_end() {
	exec 3>&- && wait "$route_pid"
}
