#!/bin/sh
# capture EVENT [ARG...] - a handler: record a command's output during each test case
#
# Params (LAVA_HANDLER_PARAMS), e.g.
#   {"command": ["arecord", "-f", "cd", "-t", "wav"], "output": "{case}.wav",
#    "mime_type": "audio/x-wav"}
# At "starttc CASE" the command starts in the background, in its own
# session, no shell, stdout to the output file ("{case}" becomes CASE;
# default capture-{case}.out), stderr appended to capture.log, unless
# max_open (default 8) captures are open already. At "endtc CASE" it is
# stopped and the file attached to that test result; at "end" (the run's
# end) every capture still open is stopped.
# jq programs are single-quoted on purpose: $c is jq's, not the shell's.
# shellcheck disable=SC2016
set -u

# die MESSAGE: the work failed (lava(7): exit 1).
die() {
	echo "capture: $*" >&2
	exit 1
}
# bad MESSAGE: bad input, params or a case id (lava(7): exit 2).
bad() {
	echo "capture: $*" >&2
	exit 2
}

# stop PIDFILE: TERM the capture's process group, KILL it if it lingers.
stop() {
	pid=$(cat "$1") || return 0
	rm -f "$1"
	kill -TERM -"$pid" 2>/dev/null || return 0
	i=0
	while [ "$i" -lt 20 ] && kill -0 -"$pid" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL -"$pid" 2>/dev/null
	return 0
}

# param FILTER: a value from the params, as raw text.
param() {
	printf '%s\n' "${LAVA_HANDLER_PARAMS:-"{}"}" |
		jq -er --arg c "$tc" "$1" || bad "params: cannot read $1"
}

case ${1:-} in
starttc|endtc) ;;
end)	# a case that never ended: stop its capture, attach nothing
	for f in *.pid; do
		[ -e "$f" ] && stop "$f"
	done
	exit 0 ;;
'')	echo "usage: capture EVENT [ARG ...]" >&2; exit 2 ;;
*)	exit 0 ;;
esac

tc=${2:-}
case $tc in
''|.*|-*|*[!A-Za-z0-9._-]*) bad "case '$tc' cannot name a file" ;;
esac
out=$(param '(.output // "capture-{case}.out") | split("{case}") | join($c)') || exit
case $out in
''|.*|-*|*/*) bad "output '$out' is not a plain file name" ;;
esac

if [ "$1" = starttc ]; then
	[ -e "$tc.pid" ] && stop "$tc.pid"
	max=$(param '.max_open // 8') || exit
	case $max in
	[1-9]|[1-5][0-9]|6[0-4]) ;;
	*) bad "max_open '$max' is not a whole number from 1 to 64" ;;
	esac
	open=0
	for f in *.pid; do
		[ -e "$f" ] && open=$((open + 1))
	done
	[ "$open" -lt "$max" ] ||
		die "case $tc: $open captures already open; not started"
	cmd=$(param '.command | if type == "array" and length > 0 and
		all(type == "string") then map(split("{case}") | join($c)) | @sh
		else error("command must be an array of strings") end') || exit
	eval "set -- $cmd"
	setsid "$@" >"$out" 2>>capture.log </dev/null &
	echo "$!" >"$tc.pid"
	exit 0
fi

[ -e "$tc.pid" ] || die "case $tc: no capture running"
stop "$tc.pid"
mime=$(param '.mime_type // "application/octet-stream"') || exit
jq -cn --arg c "$tc" --arg f "$out" --arg m "$mime" \
	'{test_case_id: $c, attachments: [{pathname: $f, mime_type: $m}]}'
