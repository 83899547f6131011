#!/bin/sh
# multinode EVENT [ARG...] | multinode register|clear - a handler: the MultiNode API through lava-coordinator
#
# The device's lava-send, lava-wait, lava-wait-all and lava-sync print
# MULTINODE_SEND, MULTINODE_WAIT, MULTINODE_WAIT_ALL and MULTINODE_SYNC
# signals; this handler makes the same requests of lava-coordinator as
# lava-dispatcher's multinode protocol does (a JSON object after its
# length in 8 hex digits, on a new TCP connection each time, polled while
# the answer is "wait") and answers the device with the result
# (lava-handler(7)): "ack", "nack" or "timeout", then CLIENT:KEY=VALUE
# words. "register" and "clear" are lava-runjob's, at the start and the
# end of a role. Settings come from the environment, see multinode(1).
# jq programs are single-quoted on purpose: $x is jq's, not the shell's.
# shellcheck disable=SC2016
set -u

prog=multinode
say() { printf '%s: %s\n' "$prog" "$*" >&2; }
usage='usage: multinode register | clear | EVENT [ARG ...]'
case ${1-} in
-h|--help) echo "$usage"; exit 0 ;;
--version) echo "$prog @VERSION@"; exit 0 ;;
''|-*) echo "$usage" >&2; exit 2 ;;
esac

addr=${LAVA_COORDINATOR-}
case $1 in
register|clear|signal) ;;
*) exit 0 ;;
esac
if [ "$1" = signal ]; then
	case ${2-} in
	MULTINODE_SEND|MULTINODE_WAIT|MULTINODE_WAIT_ALL|MULTINODE_SYNC) ;;
	*) exit 0 ;;
	esac
fi

answer() {
	[ -z "${LAVA_HANDLER_ANSWER-}" ] || printf '%s\n' "$@" >"$LAVA_HANDLER_ANSWER"
}
for v in LAVA_COORDINATOR LAVA_GROUP LAVA_GROUP_SIZE LAVA_ROLE LAVA_SELF; do
	eval "val=\${$v-}"
	if [ -z "$val" ]; then
		say "$v is not set: not a MultiNode job"
		answer nack
		exit 1
	fi
done
case $addr in
*:*) host=${addr%:*} port=${addr##*:} ;;
*) say "LAVA_COORDINATOR $addr: not HOST:PORT"; answer nack; exit 1 ;;
esac
case $port in ''|*[!0-9]*) say "LAVA_COORDINATOR $addr: bad port"; answer nack; exit 1 ;; esac
case $host in ''|-*|*[!A-Za-z0-9.:_-]*) say "LAVA_COORDINATOR $addr: bad host"; answer nack; exit 1 ;; esac
case $host in *:*) host="[$host]" ;; esac

# How long a request may poll, and how long between polls: the job's
# time limit, but always inside the limit of this handler call.
limit=${LAVA_MULTINODE_TIMEOUT:-300}
poll=${LAVA_MULTINODE_POLL:-1}
case $limit in ''|*[!0-9]*) limit=300 ;; esac
case $poll in ''|*[!0-9.]*) poll=1 ;; esac
if [ -n "${LAVA_HANDLER_TIMEOUT-}" ]; then
	h=${LAVA_HANDLER_TIMEOUT%%.*}
	case $h in ''|*[!0-9]*) h=30 ;; esac
	[ $((h - 2)) -ge "$limit" ] || limit=$((h > 3 ? h - 2 : 1))
fi

# base: the fields every request carries, as lava-dispatcher sends them.
base=$(jq -cn --arg g "$LAVA_GROUP" --arg n "$LAVA_GROUP_SIZE" \
    --arg r "$LAVA_ROLE" --arg c "$LAVA_SELF" --arg h "$(uname -n)" \
    --arg host "${addr%:*}" --arg port "$port" --arg poll "$poll" \
    '{port: ($port | tonumber), blocksize: 4096, poll_delay: $poll,
      host: $host, hostname: $h, client_name: $c, group_name: $g,
      group_size: ($n | tonumber), role: $r}') || {
	say "LAVA_GROUP_SIZE $LAVA_GROUP_SIZE: not a number"
	answer nack
	exit 1
}

# once JSON: one request on its own connection; the reply's JSON on
# stdout, or status 1 with why on stderr.
once() {
	_n=$(printf '%s' "$1" | wc -c)
	if [ "$_n" -gt 4000 ]; then
		say "request of $_n bytes: longer than a coordinator block"
		return 1
	fi
	_r=$(printf '%08X%s' "$_n" "$1" |
	    socat -T 10 - "TCP:$host:$port,connect-timeout=5" 2>&1) || {
		say "coordinator $addr: ${_r:-no reply}"
		return 1
	}
	case $_r in
	[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]*) ;;
	*) say "coordinator $addr: not a coordinator reply"; return 1 ;;
	esac
	printf '%s\n' "${_r#????????}"
}

# request JSON: poll until the reply is not "wait", or the time limit;
# prints the reply, or fails with "timeout" on stdout.
request() {
	_m=$(printf '%s' "$base" | jq -c --argjson m "$1" '. + $m') || return 1
	_end=$(($(date +%s) + limit))
	while :; do
		if _rep=$(once "$_m") &&
		    _resp=$(printf '%s' "$_rep" | jq -r '.response') &&
		    [ "$_resp" != wait ]; then
			printf '%s\n' "$_rep"
			return 0
		fi
		if [ "$(date +%s)" -ge "$_end" ]; then
			say "$(printf '%s' "$1" | jq -r '.request + " " + (.messageID // "")'):" \
			    "no answer within $limit s"
			echo timeout
			return 1
		fi
		sleep "$poll"
	done
}

# words REPLY: the answer to the device: ack/nack, then each sender's
# pairs as CLIENT:KEY=VALUE; a pair the host would not type is left out.
words() {
	printf '%s' "$1" | jq -r '
		def ok: test("^[\\x21-\\x26\\x28-\\x3b\\x3d\\x3f-\\x5b\\x5d-\\x7e]{1,256}$");
		(if .response == "nack" then "nack" else "ack" end),
		(.message | objects | to_entries[] | .key as $c |
		 .value | objects | to_entries[] |
		 "\($c):\(.key)=\(.value | if type == "string" then . else tojson end)" |
		 if ok then . else "BAD \(.)" end)' |
	while IFS= read -r w; do
		case $w in
		'BAD '*) say "left out a pair the device could not be given: ${w#BAD }" ;;
		*) printf '%s\n' "$w" ;;
		esac
	done
}

case $1 in
register)
	# The whole group, or a time limit: LAVA's group_data. A coordinator
	# that does not answer the first request fails it at once.
	once "$(printf '%s' "$base" | jq -c '. + {request: "group_data"}')" \
	    >/dev/null || { say "coordinator $addr: not reachable"; exit 1; }
	rep=$(request '{"request": "group_data"}') || exit 1
	printf '%s' "$rep" | jq -r '.roles | to_entries[] | "\(.key)\t\(.value)"'
	exit
	;;
clear)
	rep=$(request '{"request": "clear_group"}') || exit 1
	exit 0
	;;
esac

api=$2
shift 2
id=${1-}
[ -n "$id" ] || { say "$api: no message id"; answer nack; exit 1; }
shift
case $api in
MULTINODE_SEND)
	# KEY=VALUE pairs, split at the first "="; other words are left out,
	# as lava-dispatcher leaves them out.
	msg=$(for kv in "$@"; do
		case $kv in ?*=?*) printf '%s\n' "$kv" ;; esac
	done | jq -R -s -c --arg id "$id" '{request: "lava_send", messageID: $id,
	    message: (split("\n") | map(select(length > 0) |
	        {(sub("=.*"; "")): sub("^[^=]*="; "")}) | add // {})}') ;;
MULTINODE_WAIT)
	msg=$(jq -cn --arg id "$id" '{request: "lava_wait", messageID: $id}') ;;
MULTINODE_WAIT_ALL)
	msg=$(jq -cn --arg id "$id" --arg r "${1-}" '{request: "lava_wait_all",
	    messageID: $id} + (if $r == "" then {} else {waitrole: $r} end)') ;;
MULTINODE_SYNC)
	msg=$(jq -cn --arg id "$id" '{request: "lava_sync", messageID: $id,
	    message: null}') ;;
esac
if rep=$(request "$msg"); then
	w=$(words "$rep")
	answer "$w"
	case $w in nack*) exit 1 ;; esac
	exit 0
fi
answer timeout
exit 1
