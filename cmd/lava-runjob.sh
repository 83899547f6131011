#!/bin/sh
# lava-runjob [-d DEVICE] [-o JOB] [-t SECONDS] SOURCE... - run test definitions
# on a device, end to end: load, put on the device, watch the console and
# route its signals, bring the results back, bundle, summarize. A device
# file (lava-device(5)) adds power, deploy and boot before the tests.

USAGE='usage: lava-runjob [-d device] [-o job] [-t seconds] source ...
       lava-runjob -d device [-t seconds] -o job
       lava-runjob -r role -c host:port -g group [-d device] [-o job] [-t seconds] source ...'

prog=lava-runjob
# warn, die, usage, quote; -h, --help, --version (lib/prologue.sh, put here by make)
# shellcheck source=lib/prologue.sh
. lib/prologue.sh

device=local
job=
limit=3600 tset=
client='' coord='' group='' mnlimit=''

while getopts c:d:g:o:r:t: opt; do
	case $opt in
	c) coord=$OPTARG ;;
	d) device=$OPTARG ;;
	g) group=$OPTARG ;;
	r) client=$OPTARG ;;
	o) job=$OPTARG ;;
	t) limit=$OPTARG tset=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
case $limit in ''|*[!0-9]*|0) warn "bad time limit: $limit"; usage ;; esac
[ -n "$device" ] || usage
if [ -n "$client$coord$group" ]; then
	# One device of a MultiNode group (lava-multinode(7)).
	if [ -z "$client" ] || [ -z "$coord" ] || [ -z "$group" ] || [ $# -eq 0 ]; then
		usage
	fi
	case $group in ''|-*|*[!A-Za-z0-9._-]*) warn "bad group: $group"; usage ;; esac
fi
if [ $# -eq 0 ]; then
	# No source: a job loaded before, for a board that already runs its tree.
	[ -n "$job" ] || usage
	[ -d "$job/runs" ] || { warn "$job: no loaded job (no runs/)"; exit 2; }
fi
[ -n "$job" ] || job=lava-job
case $job in -*) job=./$job ;; esac

# A device file: a regular file named *.yaml or *.yml.
devfile=
case $device in
*.yaml|*.yml) [ -f "$device" ] && devfile=$device ;;
esac
if [ -n "$devfile" ]; then
	lava-device "$devfile" >/dev/null || exit 2
	[ $# -gt 0 ] || { warn "a device file needs the job's sources"; usage; }
	case $devfile in -*) devfile=./$devfile ;; esac
	# The job's actions are checked before anything is loaded or powered.
	jobfile=$1
	plan=$(lava-expect -n -D "$devfile" -- "$jobfile") || exit 2
fi

for tool in lava-tdload lava-sigscan lava-sigroute lava-bundle lava-report socat jq; do
	command -v "$tool" >/dev/null || die "$tool: not found on PATH"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/lava-runjob.XXXXXX") || exit 1
case $work in
*[!A-Za-z0-9/._-]*) rm -rf "$work"; die "$work: the device path must be [A-Za-z0-9/._-]" ;;
esac
# group_alive PGID: a process of group PGID still runs. A zombie does
# not: socat, the group's leader, ends first, so the rest are orphans
# until their new parent reaps them, which some init processes do late.
# shellcheck disable=SC2317
group_alive() {
	kill -0 "-$1" 2>/dev/null || return 1
	[ -r /proc/self/stat ] || return 0
	# Processes end while they are read: cat goes on past those.
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v g="$1" '
		{ sub(/.*\) /, "") }
		$3 == g && $1 != "Z" && $1 != "X" { alive = 1 }
		END { exit !alive }'
}
# shellcheck disable=SC2317
# device_end: end the device's leftovers (its shell, the runner, QEMU):
# they share socat's process group, whatever the device did. They get
# five seconds to clean up after themselves, then are killed.
device_end() {
	[ -s "$work/pgid" ] || return 0
	pg=$(cat "$work/pgid")
	rm -f "$work/pgid"
	kill -TERM "-$pg" 2>/dev/null || return 0
	n=0
	while group_alive "$pg"; do
		n=$((n + 1))
		[ "$n" -le 100 ] || { kill -KILL "-$pg" 2>/dev/null; return 0; }
		sleep 0.05
	done
}
# shellcheck disable=SC2317
cleanup() {
	# A second signal must not cut the clean-up short: a cancelled Slurm
	# job sends SIGTERM to every process of the job, and its batch script
	# passes one on too, while the board may still be on.
	trap '' HUP INT TERM
	device_end
	[ ! -s "$work/multinode" ] || "$(cat "$work/multinode")" clear ||
		warn "the coordinator did not take this device's end"
	power_off
	[ -z "$deployed" ] || rm -rf "$deployed"
	rm -rf "$work"
}
deployed=
powered=
# power_off: the device file's power-off command, once, if the board
# may be on.
# shellcheck disable=SC2317
power_off() {
	[ -n "$powered" ] || return 0
	powered=
	rm -f "$work/powered"
	off=$(lava-device -k power_off_command "$devfile") || return 0
	sh -c "$off" </dev/null >&2 && return 0
	warn "power_off_command failed: the board may still be on"
	error infrastructure power_off_command "failed"
}
# error CLASS ACTION MESSAGE: the job ends early; the first error is kept.
# shellcheck disable=SC2317
error() {
	[ -s "$job/error" ] || printf '%s\t%s\t%s\n' "$1" "$2" "$3" >"$job/error"
}
trap cleanup EXIT
# The first signal ignores the next ones at once: a second SIGTERM while
# the shell runs its EXIT trap would end it there, with the board on.
trap 'trap "" HUP INT TERM; exit 1' HUP INT TERM

# limited COMMAND...: a stage after the device is gone, with the same time
# limit: whatever the device left behind cannot stall the host forever.
limited() {
	timeout -k 5 "$limit" "$@"
	set -- "$1" $?
	[ "$2" -ne 124 ] || warn "$1: still running after $limit seconds; stopped"
	return "$2"
}

# console_results: for each run that the console saw start and that has
# no results directory yet, JOB/results/ID-console/ with its uuid and the
# console's lines from its STARTRUN to its ENDRUN (or to the end), counted
# as lava-sigscan counts them.
console_results() {
	awk -F '\t' '
		$4 == "STARTRUN" && NF >= 6 && !($6 in from) { from[$6] = $2; run[++n] = $6 }
		$4 == "ENDRUN" && NF >= 6 && ($6 in from) && !($6 in to) { to[$6] = $2 }
		END { for (i = 1; i <= n; i++) print run[i], from[run[i]], to[run[i]] + 0 }
	' "$job/records.tsv" |
	while read -r uuid from to; do
		case $uuid in *[!0-9a-f-]*|'') continue ;; esac
		[ -f "$job/runs/$uuid/id" ] || continue
		if grep -qsx "$uuid" "$job"/results/*/analyzer_assigned_uuid; then
			continue
		fi
		dir=$job/results/$(head -n 1 "$job/runs/$uuid/id")-console
		mkdir -p "$dir" && echo "$uuid" >"$dir/analyzer_assigned_uuid" &&
		awk -v from="$from" -v to="$to" 'BEGIN { RS = "\r+\n|\r|\n" }
			NR > from && (to == 0 || NR < to)' "$job/console.log" \
			>"$dir/stdout.log" || return 1
	done
}

tab=$(printf '\t')
subs=
# fetch URL FILE: a path, file:// or http(s):// URL into FILE, within
# the deploy action's time limit.
fetch() {
	case $1 in
	http://*|https://*) timeout -k 5 "$dlimit" curl -fsSL -o "$2" -- "$1" ;;
	file://*) timeout -k 5 "$dlimit" cp -- "${1#file://}" "$2" ;;
	*) timeout -k 5 "$dlimit" cp -- "$1" "$2" ;;
	esac
}
# deploy: the files of the job's deploy action into a directory of their
# own under the device file's tftp_dir, named there kernel, ramdisk and
# dtb; the job's tree is added to the ramdisk as one more cpio archive,
# at its target directory. Each becomes a substitution for lava-expect.
deploy() {
	[ -n "$plan" ] || return 0
	tftp=$(lava-device -k tftp_dir "$devfile") ||
		{ error job deploy "the device file has no tftp_dir"; return 1; }
	deployed=$(mktemp -d "$tftp/lava-XXXXXX") ||
		{ error infrastructure deploy "cannot write to $tftp"; return 1; }
	chmod 755 "$deployed" || return 1
	printf '%s\n' "$deployed" >"$work/deployed" || return 1
	printf '%s\n' "$plan" >"$work/plan"
	dlimit=300 tries=1 pause=1
	while IFS="$tab" read -r name url; do
		case $name in
		timeout) dlimit=$url; continue ;;
		# LAVA's failure_retry: attempts in all, and the seconds between.
		retry) tries=${url%%"$tab"*} pause=${url#*"$tab"}; continue ;;
		esac
		n=1
		until fetch "$url" "$deployed/$name"; do
			if [ "$n" -ge "$tries" ]; then
				error infrastructure deploy "$name: cannot fetch $url"
				return 1
			fi
			n=$((n + 1))
			warn "deploy: $name: attempt $n of $tries"
			sleep "$pause"
		done
		case $name in
		kernel) subs="$subs -s KERNEL=${deployed##*/}/$name" ;;
		ramdisk) subs="$subs -s RAMDISK=${deployed##*/}/$name" ;;
		dtb) subs="$subs -s DTB=${deployed##*/}/$name" ;;
		esac
	done <"$work/plan"
	[ -f "$deployed/ramdisk" ] || return 0
	if ! { mkdir -p "$work/overlay${target%/*}" &&
		cp -R "$job/tree" "$work/overlay$target" &&
		(cd "$work/overlay" && find . | cpio -o -H newc -R 0:0 --quiet |
			gzip -1) >>"$deployed/ramdisk"; }; then
		error infrastructure deploy "cannot add the tree to the ramdisk"
		return 1
	fi
}
# outcome: the job's outcome as a test run of its own named lava, as LAVA
# reports it: its case job passes, or fails with the error's class
# (infrastructure, job or test), action and message as its attributes.
outcome() {
	dir=$job/results/lava
	mkdir -p "$dir/results/job/attributes" &&
		cat /proc/sys/kernel/random/uuid >"$dir/analyzer_assigned_uuid" &&
		printf 'metadata:\n  name: lava\n  format: Lava-Test Test Definition 1.0\n' \
			>"$dir/testdef.yaml" || return 1
	if [ ! -s "$job/error" ]; then
		echo pass >"$dir/results/job/result"
		return
	fi
	echo fail >"$dir/results/job/result"
	IFS="$tab" read -r class action msg <"$job/error"
	printf '%s\n' "$class" >"$dir/results/job/attributes/error_type"
	printf '%s\n' "$action" >"$dir/results/job/attributes/error_action"
	printf '%s\n' "$msg" >"$dir/results/job/attributes/error_msg"
}

# 1. Load the definitions: JOB/tree for the device, JOB/runs for the host.
case $device in
local) target=$work/lava ;;
*) target=/lava ;;
esac
if [ $# -gt 0 ]; then
	# A job directory of an earlier run is replaced; anything else that
	# is in the way makes lava-tdload refuse.
	if [ -f "$job/target-dir" ] && [ -d "$job/runs" ]; then
		rm -rf "$job" || exit 1
	fi
	lava-tdload -o "$job" --target-dir "$target" ${client:+--role "$client"} \
	    "$@" || exit
else
	target=$(head -n 1 "$job/target-dir") || exit 1
fi
# Without a device file's deploy and boot, a job of no runs tests nothing.
if [ -z "$devfile" ] && [ -z "$(ls "$job/runs")" ]; then
	warn "$job: the job has no test definitions or monitors: nothing to run"
	exit 2
fi
# The job file's own time limit (timeouts:, lava-job(5)), unless -t gave one.
if [ -z "$tset" ] && [ -s "$job/timeout" ]; then
	limit=$(head -n 1 "$job/timeout")
	case $limit in ''|*[!0-9]*|0) die "$job/timeout: not a number of seconds" ;; esac
fi

# multinode_start: join the group at the coordinator, wait for the whole
# group, and tell the device who is who; a coordinator that cannot be
# reached is an infrastructure error, here and not at the first lava-wait.
multinode_start() {
	mn=
	for d in $(printf '%s' "${LAVA_HANDLER_PATH-}" | tr ':' ' ') @HANDLERDIR@; do
		[ -x "$d/multinode" ] && { mn=$d/multinode; break; }
	done
	[ -n "$mn" ] || die "the multinode handler is not installed"
	LAVA_COORDINATOR=$coord LAVA_GROUP=$group
	LAVA_ROLE=$(sed -n 's/^role=//p' "$job/multinode")
	LAVA_SELF=$(sed -n 's/^self=//p' "$job/multinode")
	LAVA_GROUP_SIZE=$(sed -n 's/^size=//p' "$job/multinode")
	t=$(sed -n 's/^timeout=//p' "$job/multinode")
	[ "${t:-0}" -gt 0 ] || t=300
	LAVA_MULTINODE_TIMEOUT=$t
	export LAVA_COORDINATOR LAVA_GROUP LAVA_ROLE LAVA_SELF LAVA_GROUP_SIZE \
	    LAVA_MULTINODE_TIMEOUT
	"$mn" register >"$work/group" ||
		die "infrastructure error: $LAVA_SELF cannot join group $group at $coord"
	printf '%s\n' "$mn" >"$work/multinode"
	awk -F '\t' 'NF == 2 && $1 ~ /^[A-Za-z0-9._-]+$/ && $2 ~ /^[A-Za-z0-9._-]+$/' \
	    "$work/group" | sort >"$job/tree/multinode-group" &&
	printf "LAVA_ROLE='%s'\nLAVA_SELF='%s'\nLAVA_MULTINODE_TIMEOUT='%s'\n" \
	    "$LAVA_ROLE" "$LAVA_SELF" "$t" >"$job/tree/multinode.conf" || exit 1
	mnlimit=$((t + 15))
}
[ ! -f "$job/multinode" ] || multinode_start

# 2. Put the tree on the device; write the command that gives its console
# (stdin takes the ACK lines, stdout is the console) for socat to run.
case $device in
local)
	# A sandbox with a serial console: an interactive shell on a pty, in
	# a throw-away view of this host (lava-sandbox(1)) where only the
	# tree can be written, with no network unless the job asks for it.
	# The shell itself starts the runner, so it has its console open
	# before the first ACK is typed there.
	command -v lava-sandbox >/dev/null || die "lava-sandbox: not found on PATH"
	lava-sandbox true || die "the local device's sandbox does not work on this host"
	cp -R "$job/tree" "$target" || exit 1
	# The host's kernel log is no console of this sandbox.
	echo "LAVA_KMSG='no'" >>"$target/lava.conf" || exit 1
	# Its root is the host's, read only: install.deps are left out,
	# said so (lava-test-definition(5)).
	cat >"$target/console-start" <<-EOF
	unset ENV
	PATH='$target/bin':\$PATH
	LAVA_PACKAGES=no
	export LAVA_PACKAGES
	'$target/bin/lava-test-runner' </dev/null &
	EOF
	net=
	[ ! -f "$job/network" ] || net=-n
	printf '#!/bin/sh\nENV=%s exec lava-sandbox %s-w %s sh -i\n' \
		"$target/console-start" "${net:+$net }" "$target" >"$work/console"
	pty=,pty,stderr
	;;
qemu)
	# The memory and CPUs the job's context: asks for (JOB/qemu,
	# lava-job(5)); otherwise lava-qemu's own, or LAVA_QEMU_MEMORY and
	# LAVA_QEMU_CPUS from the environment.
	qopts=
	if [ -f "$job/qemu" ]; then
		while read -r key value; do
			case $key,$value in
			memory,[1-9]*) qopts="$qopts -m $value" ;;
			cpus,[1-9]*) qopts="$qopts -c $value" ;;
			*) die "$job/qemu: not memory N or cpus N: $key $value" ;;
			esac
			case $value in *[!0-9]*) die "$job/qemu: not a number: $value" ;; esac
		done <"$job/qemu"
	fi
	printf '#!/bin/sh\nexec lava-qemu%s -T %s %s\n' "$qopts" "$target" \
		"$(quote "$job/tree")" >"$work/console"
	pty=
	;;
*)
	if [ -n "$devfile" ]; then
		# A board of a device file: its console command, as below.
		device=$(lava-device -k connection_command "$devfile") || exit 2
		rm -f "$job/error"
		# Static facts for lava-target-ip, lava-target-mac and
		# lava-target-storage (one "METHOD<tab>ID" line a device).
		for fact in ip mac storage; do
			if lava-device -k "target_$fact" "$devfile" >"$job/tree/target-$fact"; then
				continue
			fi
			rm -f "$job/tree/target-$fact"
		done
		if [ -f "$job/tree/target-storage" ]; then
			awk -F ', ' '{ for (i = 1; i <= NF; i++) { sub(/ /, "\t", $i); print $i } }' \
				"$job/tree/target-storage" >"$work/storage" &&
				mv "$work/storage" "$job/tree/target-storage" || exit 1
		fi
		deploy || skip=1
	fi
	# A real board whose console is this command's stdin and stdout; it
	# finds the job in LAVA_JOB, should it put the tree on the board.
	printf '#!/bin/sh\nLAVA_JOB=%s\nexport LAVA_JOB\n%s\n' \
		"$(quote "$job")" "$device" >"$work/console"
	pty=
	;;
esac
chmod 755 "$work/console" || exit 1

# 3. Watch the console: signals and kernel reports become records,
# records become handler calls and ACK lines, which socat types back
# into the console. The job may switch kernel reports off or give a
# panic more time (JOB/kernel-messages, lava-job(5)).
set -- -l "$job/console.log" -t "$limit"
if [ -f "$job/kernel-messages" ]; then
	kmsg=$(head -n 1 "$job/kernel-messages")
	case $kmsg in
	off) set -- "$@" -K ;;
	on) ;;
	'on '[0-9]*) set -- "$@" -g "${kmsg#on }" ;;
	*) die "$job/kernel-messages: not off, on or on SECONDS" ;;
	esac
fi
# The time limits of the job's test actions (JOB/runs/UUID/limit).
for f in "$job"/runs/*/limit; do
	[ -f "$f" ] || continue
	u=${f%/limit}
	printf '%s %s\n' "${u##*/}" "$(head -n 1 "$f")"
done >"$work/limits" || exit 1
[ ! -s "$work/limits" ] || set -- "$@" -a "$work/limits"
# A job's monitors (lava-job(5)) are watched for by lava-sigscan too.
if [ -f "$job/monitors.json" ]; then
	set -- "$@" -m "$job/monitors.json"
fi
# Only signals with the job's nonce (lava-records(5)) are the job's own;
# a JOB of an older lava-tdload has none.
if [ -f "$job/nonce" ]; then
	nonce=$(head -n 1 "$job/nonce")
	case $nonce in
	''|*[!A-Za-z0-9._-]*) die "$job/nonce: not a nonce" ;;
	esac
	set -- "$@" -N "$nonce"
fi
mkfifo "$work/ack" || exit 1
started=$(date +%s)
rm -f "$job/console.log" "$job/records.tsv" "$job/actions.tsv"
skip=${skip:-}
if [ -n "$skip" ]; then
	: >"$job/console.log" && : >"$job/records.tsv" && : >"$job/actions.tsv" &&
		echo 1 >"$work/expect"
elif [ -z "$devfile" ]; then
	# The ACK FIFO is read by socat and written by lava-sigroute.
	# shellcheck disable=SC2016,SC2094
	sh -c 'echo $$ >"$1"; exec setsid socat "$2" STDIO' sh "$work/pgid" \
		"EXEC:$work/console$pty" \
		<"$work/ack" |
		lava-sigscan "$@" |
		tee "$job/records.tsv" |
		lava-sigroute ${mnlimit:+-H multinode -t "$mnlimit"} "$job" >"$work/ack"
else
	# lava-expect powers the board on, boots it, runs the interactive
	# steps and starts the runner; it is the console's one writer, of
	# its commands and of lava-sigroute's ACK lines alike. Its output
	# goes through a FIFO, held by it alone: its end is the end of
	# lava-sigscan's input. Its status comes from wait.
	mkfifo "$work/typed" "$work/seen" || exit 1
	# $work/powered tells lava-lab(1) the board may be on, should this
	# program be killed before its clean-up could power it off.
	powered=1
	: >"$work/powered" || exit 1
	# $subs is options, split on purpose; its values are checked paths.
	# shellcheck disable=SC2016,SC2094,SC2086
	sh -c 'echo $$ >"$1"; exec setsid socat "$2" STDIO' sh "$work/pgid" \
		"EXEC:$work/console$pty" \
		<"$work/typed" |
		lava-expect -D "$devfile" -o "$job" -a "$work/ack" \
			-w "$work/typed" $subs -- "$jobfile" >"$work/seen" &
	expect=$!
	lava-sigscan "$@" <"$work/seen" |
		tee "$job/records.tsv" |
		lava-sigroute ${mnlimit:+-H multinode -t "$mnlimit"} "$job" >"$work/ack"
	wait "$expect"
	echo $? >"$work/expect"
fi
end=$(tail -n 1 "$job/records.tsv" | cut -f 4)
case $end in
EXIT) status=0 ;;
TIMEOUT)
	if [ "$(($(date +%s) - started))" -lt "$limit" ]; then
		msg="a test action's time limit was reached"
	else
		msg="time limit of $limit seconds reached"
	fi
	warn "$msg"; status=1
	error infrastructure test "$msg" ;;
PANIC) warn "the kernel panicked (console line $(tail -n 1 "$job/records.tsv" |
	cut -f 2)): the job ended there"; status=1
	error infrastructure test "the kernel panicked" ;;
*)
	if [ -n "$devfile" ] && [ -s "$job/error" ]; then
		status=1
	elif [ -n "$devfile" ] &&
		! grep -q '	ACTION	test-definitions	' "$job/actions.tsv"; then
		status=0	# no runner: the job's steps were all
	else
		warn "the console closed before the runner ended"; status=1
		error infrastructure test "the console closed before the runner ended"
	fi ;;
esac
# lava-test-raise ended the test action, as a TestError ends it in LAVA:
# the job failed, and its outcome (the run lava) says why.
raised=$(awk -F "$tab" '$4 == "TESTRAISE" { $1 = $2 = $3 = $4 = ""
	sub(/^ +/, ""); print; exit }' "$job/records.tsv")
if [ -n "$raised" ]; then
	warn "lava-test-raise: $raised: the test action ended there"
	status=1
	error test lava-test-shell "$raised"
fi
device_end
if [ -n "$devfile" ]; then
	power_off
	[ "$(cat "$work/expect")" = 0 ] || status=1
	[ "$status" -eq 0 ] || [ -s "$job/error" ] || error infrastructure test "failed"
	outcome || status=1
	# One record stream: the steps' records among the console's, by line.
	sort -s -t "$tab" -k2,2n "$job/records.tsv" "$job/actions.tsv" >"$work/records" &&
		mv "$work/records" "$job/records.tsv" || status=1
fi

# 4. Bring the results back where the device allows it. Elsewhere they
# come through the console alone: the signals' records, and each run's
# stretch of the console standing in for its stdout.log, so that the
# definition's parse pattern still applies.
if [ "$device" = local ]; then
	rm -rf "$job/results"
	if [ -d "$target/results" ]; then
		# With their times: where no record names a case, its
		# result file's time is its place in the run.
		limited cp -Rp "$target/results" "$job/results" || status=1
	fi
else
	console_results || status=1
fi

# A device with no device file says the outcome only when a test raised.
if [ -z "$devfile" ] && [ -n "$raised" ]; then
	outcome || status=1
fi

# 5. Bundle, write the reports people and CI servers read, summarize.
# Every byte the device chose is made printable before it reaches the
# terminal: control characters (C0, DEL, C1) become "?".
limited lava-bundle -o "$job/bundle.json" "$job" || exit 1
limited lava-report -o "$job/results.xml" "$job" || status=1
limited lava-report -f html -o "$job/report.html" "$job" || status=1
# shellcheck disable=SC2016 # a jq program: its $names are jq's
limited jq -r 'def p: tostring | explode |
		map(if . < 32 or (. >= 127 and . < 160) then 63 else . end) | implode;
	.test_runs[] | .test_id as $run | (.test_results // [])[] |
	[$run, .test_case_id, .result,
	 (if .measurement != null then "\(.measurement)\(if .units then " " + .units else "" end)" else "" end),
	 (if .duration then (.duration | capture("(?<d>[0-9]+)d (?<s>[0-9]+)s (?<u>[0-9]+)us") |
		"\((.d | tonumber) * 86400 + (.s | tonumber) + (.u | tonumber) / 1e6)s") else "" end)] |
	map(p) | @tsv' "$job/bundle.json" |
awk -F '\t' '
	BEGIN { split("RUN CASE RESULT MEASUREMENT DURATION", head, " ")
		for (i = 1; i <= 5; i++) { cell[0, i] = head[i]; w[i] = length(head[i]) } }
	{ n++; for (i = 1; i <= 5; i++) { cell[n, i] = $i; if (length($i) > w[i]) w[i] = length($i) }
	  count[$3]++ }
	END { for (r = 0; r <= n; r++) {
		line = ""
		for (i = 1; i <= 5; i++) line = line sprintf("%-" w[i] "s  ", cell[r, i])
		sub(/ +$/, "", line); print line }
	      printf "%d cases: %d pass, %d fail, %d skip, %d unknown\n",
		n, count["pass"], count["fail"], count["skip"], count["unknown"] }'
printf 'bundle:  %s\njunit:   %s\nreport:  %s\nconsole: %s\nrecords: %s\n' \
	"$job/bundle.json" "$job/results.xml" "$job/report.html" \
	"$job/console.log" "$job/records.tsv"
exit "$status"
