#!/bin/sh
# lava-multinode [-c host:port] [-d role=device] [-o job] [-t seconds] job-file
# - run every device of a MultiNode group on this host, each role on its own
# device, through one lava-coordinator; lava-multinode -C dir starts one.

USAGE='usage: lava-multinode [-c host:port] [-d role=device ...] [-o job] [-t seconds] job-file
       lava-multinode -C dir'

prog=lava-multinode
# warn, die, usage, quote; -h, --help, --version (lib/prologue.sh, put here by make)
# shellcheck source=lib/prologue.sh
. lib/prologue.sh

# coordinator_start DIR: a private lava-coordinator on a free port, its
# config and log in DIR; "127.0.0.1:PORT PID" on stdout. A port someone
# took in between makes it try another: the daemon itself would retry
# its bind for ever.
coordinator_start() {
	command -v lava-coordinator >/dev/null ||
		die "lava-coordinator: not found on PATH (Debian package lava-coordinator)"
	mkdir -p "$1" || exit 1
	n=0
	while [ "$n" -lt 20 ]; do
		n=$((n + 1))
		port=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		port=$((20000 + port % 40000))
		# In use already, as a listener on any address?
		hex=$(printf ':%04X ' "$port")
		if grep -q "$hex" /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
			continue
		fi
		printf '{"port": %d, "blocksize": 4096, "poll_delay": 1}\n' "$port" \
		    >"$1/coordinator.conf" || exit 1
		: >"$1/coordinator.log"
		setsid lava-coordinator --logfile "$1/coordinator.log" \
		    --config "$1/coordinator.conf" </dev/null >/dev/null 2>&1 &
		pid=$!
		i=0
		while [ "$i" -lt 100 ]; do
			if grep -q 'Ready to accept' "$1/coordinator.log"; then
				echo "127.0.0.1:$port $pid"
				return 0
			fi
			grep -q 'Unable to bind' "$1/coordinator.log" && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
			i=$((i + 1))
		done
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	die "no free port for lava-coordinator after $n tries"
}

coord='' job=lava-job limit=3600 devs='' cdir=''
while getopts C:c:d:o:t: opt; do
	case $opt in
	C) cdir=$OPTARG ;;
	c) coord=$OPTARG ;;
	d)
		case $OPTARG in
		[A-Za-z0-9_]*=?*) devs="$devs
$OPTARG" ;;
		*) warn "-d $OPTARG: not ROLE=DEVICE"; usage ;;
		esac ;;
	o) job=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
if [ -n "$cdir" ]; then
	[ $# -eq 0 ] || usage
	coordinator_start "$cdir"
	exit
fi
[ $# -eq 1 ] || usage
case $limit in ''|*[!0-9]*|0) warn "bad time limit: $limit"; usage ;; esac
case $job in -*) job=./$job ;; esac
file=$1

group=$(lava-tdload --roles "$file") || exit
# A JOB of an earlier group run is replaced; anything else is refused.
if [ -f "$job/group.tsv" ]; then
	rm -rf "$job" || exit 1
elif [ -e "$job" ] && [ -n "$(ls -A "$job")" ]; then
	warn "$job: exists and is not an empty directory"
	exit 2
fi
mkdir -p "$job" || exit 1
printf '%s\n' "$group" >"$job/group.tsv" || exit 1

pid=''
# shellcheck disable=SC2317
cleanup() {
	[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
if [ -z "$coord" ]; then
	cinfo=$(coordinator_start "$job/coordinator") || exit 1
	coord=${cinfo% *} pid=${cinfo#* }
fi
gid=lava-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')

# device CLIENT ROLE TYPE: the device of a client: -d CLIENT=, -d ROLE=,
# the role's device_type when it is one this host runs, or local.
device() {
	d=$(printf '%s\n' "$devs" | sed -n "s/^$1=//p" | tail -n 1)
	[ -n "$d" ] || d=$(printf '%s\n' "$devs" | sed -n "s/^$2=//p" | tail -n 1)
	[ -n "$d" ] || case $3 in qemu) d=qemu ;; *) d=local ;; esac
	printf '%s\n' "$d"
}

# Every device at once, each its own lava-runjob and JOB/CLIENT; their
# output in JOB/CLIENT.log, shown in the group's order when all ended.
printf '%s\n' "$group" | while IFS="$(printf '\t')" read -r c r t; do
	(
		lava-runjob -r "$c" -c "$coord" -g "$gid" -d "$(device "$c" "$r" "$t")" \
		    -o "$job/$c" -t "$limit" "$file" >"$job/$c.log" 2>&1
		echo $? >"$job/$c.status"
	) &
done
wait_all() {
	printf '%s\n' "$group" | while IFS="$(printf '\t')" read -r c _; do
		[ -s "$job/$c.status" ] || return 1
	done
}
until wait_all; do
	sleep 0.2
done
cleanup
pid=''

status=0
bundles=''
while IFS="$(printf '\t')" read -r c r _; do
	s=$(cat "$job/$c.status")
	printf '== %s (%s): exit %s\n' "$c" "$r" "$s"
	cat "$job/$c.log"
	[ "$s" -le "$status" ] || status=$s
	[ ! -f "$job/$c/bundle.json" ] || bundles="$bundles $c"
done <"$job/group.tsv"

# The group's bundle: every device's runs, each marked with its device
# and role, and the group's reports from it.
if [ -n "$bundles" ]; then
	first=${bundles# }
	for c in $bundles; do
		r=$(awk -F '\t' -v c="$c" '$1 == c { print $2 }' "$job/group.tsv")
		jq -c --arg c "$c" --arg r "$r" --arg g "$gid" \
		    '.test_runs[] | .attributes = ((.attributes // {}) +
		     {"multinode.client": $c, "multinode.role": $r, "multinode.group": $g})' \
		    "$job/$c/bundle.json" || status=1
	done | jq -s --slurpfile f "$job/${first%% *}/bundle.json" \
	    '$f[0] + {test_runs: .}' >"$job/bundle.json" || status=1
	lava-report -o "$job/results.xml" "$job/bundle.json" || status=1
	printf 'group:   %s, %s devices\nbundle:  %s\njunit:   %s\n' "$gid" \
	    "$(wc -l <"$job/group.tsv")" "$job/bundle.json" "$job/results.xml"
fi
exit "$status"
