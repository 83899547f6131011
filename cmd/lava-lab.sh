#!/bin/sh
# lava-lab [-f LAB] check|slurm|gres|boards|results|run [JOB] - the lab
# inventory: check it, write the Slurm configuration of its boards, list
# them, and run a Slurm job on the board Slurm gave it.
#
# A board is a Slurm generic resource (GRES) of the node its console hangs
# on: the GRES name is the board's type, the GRES type is the board's name,
# so a job asks for any board of a type (--gres=rpi4:1) or for one board
# (--gres=rpi4:rpi4-01:1), and finds in the job's JOB_GRES which one it got.

USAGE='usage: lava-lab [-f lab] check | slurm | gres | boards | results
       lava-lab [-f lab] run [job]'

prog=lava-lab
# warn, die, usage, quote; -h, --help, --version (lib/prologue.sh, put here by make)
# shellcheck source=lib/prologue.sh
. lib/prologue.sh

lab=${LAVA_LAB:-/etc/lava/lab.conf}

while getopts f: opt; do
	case $opt in
	f) lab=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
case $#,${1:-} in
1,check|1,slurm|1,gres|1,boards|1,results|1,run|2,run) ;;
*,check|*,slurm|*,gres|*,boards|*,results|*,run) usage ;;
0,) usage ;;
*) warn "unknown command: $1"; usage ;;
esac

# inventory: the lab file checked and normalized, one tab-separated line
# per entry (lava-lab(5)): "results DIR", "results-command CMD",
# "host NAME PARAMS", "board NAME TYPE HOST KIND VALUE", "power-off NAME
# CMD". A mistake is reported as FILE:LINE:COL and makes it fail with 2.
inventory() {
	[ -r "$lab" ] || { warn "$lab: cannot read the lab file"; exit 2; }
	case $lab in /*) dir=${lab%/*} ;; */*) dir=$(cd "${lab%/*}" && pwd) ;; *) dir=$(pwd) ;; esac
	LC_ALL=C awk -v file="$lab" -v dir="${dir:-/}" -v prog="$prog" '
	function fail(col, msg) {
		printf "%s: %s:%d:%d: %s\n", prog, file, NR, col, msg >"/dev/stderr"
		bad = 1; exit 2
	}
	# split the line into w[1..n] and their columns c[1..n]
	function words(   s, p, n) {
		s = $0; p = 1; n = 0
		while (match(s, /[^ \t]+/)) {
			n++; w[n] = substr(s, RSTART, RLENGTH); c[n] = p + RSTART - 1
			p += RSTART + RLENGTH - 1; s = substr(s, RSTART + RLENGTH)
		}
		return n
	}
	# the rest of the line from word i on, as written
	function rest(i) { return substr($0, c[i]) }
	function name(i, re, max, what) {
		if (w[i] !~ re || length(w[i]) > max)
			fail(c[i], what " \"" w[i] "\" must match " re " in at most " max " bytes")
	}
	{ sub(/\r$/, "") }
	/^[ \t]*(#|$)/ { next }
	{
		if ($0 ~ /[^\t -~]/) fail(1, "a line of control bytes or non-ASCII")
		n = words()
		if (w[1] == "results") {
			if (n != 2) fail(c[1], "results takes one directory")
			if (w[2] !~ /^\/[A-Za-z0-9\/._-]*$/)
				fail(c[2], "the results directory must be an absolute path of [A-Za-z0-9/._-]")
			if (results != "") fail(c[1], "a second results line")
			results = w[2]; print "results\t" w[2]
		} else if (w[1] == "results-command") {
			if (n < 2) fail(c[1], "results-command takes a command")
			print "results-command\t" rest(2)
		} else if (w[1] == "host") {
			if (n < 2) fail(c[1], "host takes a name")
			name(2, "^[A-Za-z0-9][A-Za-z0-9_.-]*$", 64, "a host name")
			if (w[2] in hosts) fail(c[2], "host " w[2] " is listed twice")
			hosts[w[2]] = NR; params = ""
			for (i = 3; i <= n; i++) {
				if (w[i] !~ /^[A-Za-z]+=[A-Za-z0-9_.:,\/@%-]+$/)
					fail(c[i], "a Slurm node parameter must be NAME=VALUE")
				if (tolower(w[i]) ~ /^(nodename|gres)=/)
					fail(c[i], "NodeName= and Gres= come from the inventory")
				params = params " " w[i]
			}
			print "host\t" w[2] "\t" substr(params, 2)
		} else if (w[1] == "board") {
			if (n < 6) fail(c[1], "board takes NAME TYPE HOST console COMMAND or device FILE")
			name(2, "^[A-Za-z0-9][A-Za-z0-9_-]*$", 64, "a board name")
			name(3, "^[a-z][a-z0-9_]*$", 32, "a board type")
			if (w[3] ~ /^(gpu|mps|shard|nic)$/)
				fail(c[3], "board type " w[3] " is a name Slurm keeps for itself")
			if (w[2] in boards) fail(c[2], "board " w[2] " is listed twice")
			if (!(w[4] in hosts)) fail(c[4], "host " w[4] " is not listed above")
			boards[w[2]] = 1
			if (w[5] == "console") {
				v = rest(6)
			} else if (w[5] == "device") {
				if (n != 6) fail(c[7], "device takes one file")
				v = w[6]
				if (v !~ /^[A-Za-z0-9\/._-]+$/ || v ~ /^-/)
					fail(c[6], "a device file must be a path of [A-Za-z0-9/._-]")
				if (v !~ /\.ya?ml$/)
					fail(c[6], "a device file is named *.yaml or *.yml")
				if (v !~ /^\//) v = dir "/" v
			} else
				fail(c[5], "a board has a console COMMAND or a device FILE, not \"" w[5] "\"")
			print "board\t" w[2] "\t" w[3] "\t" w[4] "\t" w[5] "\t" v
		} else if (w[1] == "power-off") {
			if (n < 3) fail(c[1], "power-off takes a board and a command")
			if (!(w[2] in boards)) fail(c[2], "board " w[2] " is not listed above")
			print "power-off\t" w[2] "\t" rest(3)
		} else
			fail(c[1], "unknown entry \"" w[1] "\"")
	}
	END {
		if (bad) exit 2
		if (results == "") { NR = 0; fail(0, "no results directory") }
	}' "$lab"
}
inv=$(inventory) || exit 2

# field KEY N: field N of the inventory's lines of kind KEY.
field() { printf '%s\n' "$inv" | awk -F '\t' -v k="$1" -v n="$2" '$1 == k { print $n }'; }

case $1 in
check) exit 0 ;;
results) field results 2; exit 0 ;;
boards)
	printf '%s\n' "$inv" | awk -F '\t' '$1 == "board" { print $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 }'
	exit 0 ;;
slurm)
	# GresTypes, then one NodeName line per host with its boards as GRES.
	printf '%s\n' "$inv" | awk -F '\t' '
		$1 == "host" { host[++nh] = $2; param[$2] = $3 }
		$1 == "board" { gres[$4] = gres[$4] (gres[$4] == "" ? "" : ",") $3 ":" $2 ":1"
			if (!($3 in seen)) { seen[$3] = 1; types = types (types == "" ? "" : ",") $3 } }
		END {
			if (types != "") {
				print "GresTypes=" types
				t = types; gsub(/,/, ",gres/", t)
				print "AccountingStorageTRES=gres/" t
			}
			for (i = 1; i <= nh; i++) {
				h = host[i]; line = "NodeName=" h
				if (param[h] != "") line = line " " param[h]
				if (gres[h] != "") line = line " Gres=" gres[h]
				print line
			}
		}'
	exit 0 ;;
gres)
	printf '%s\n' "$inv" | awk -F '\t' '$1 == "board" {
		print "NodeName=" $4 " Name=" $3 " Type=" $2 " Count=1" }'
	exit 0 ;;
esac

# run: the batch script of lava-submit(1) runs this on the node Slurm
# picked, with the job file on stdin.
for tool in lava-runjob lava-bundle scontrol; do
	command -v "$tool" >/dev/null || die "$tool: not found on PATH"
done
id=${SLURM_JOB_ID:-}
case $id in ''|*[!0-9_]*) die "not in a Slurm job (SLURM_JOB_ID is \"$id\")" ;; esac
results=$(field results 2)
[ -d "$results" ] || die "$results: the results directory does not exist"
job=$results/$id
mkdir "$job" || die "$job: cannot make the job directory"
start=$(date +%s.%N)

# record KEY VALUE: a line of JOB/lab-job (lava-lab(5)), kept beside the
# job directory until lava-runjob has made it.
record() { printf '%s\t%s\n' "$1" "$2" >>"$results/.$id.lab"; }
record slurm-job "$id"
record start "$start"

# The board Slurm gave: the one GRES with a count in JOB_GRES, whose
# name is a board type and whose type is a board name, on this node.
show=$(scontrol show job -d "$id") || die "scontrol cannot show job $id"
board=$(printf '%s\n' "$show" | sed -n 's/^ *JOB_GRES=//p' | tr ',' '\n' |
	awk -F: 'NF == 3 && $3 + 0 > 0 { print $2; exit }')
limit=$(printf '%s\n' "$show" | sed -n 's/.* TimeLimit=\([^ ]*\).*/\1/p')
line=$(printf '%s\n' "$inv" | awk -F '\t' -v b="$board" '$1 == "board" && $2 == b')
node=${SLURMD_NODENAME:-}

# leftovers: what lava-runjob leaves when it is killed before its own
# clean-up ends (Slurm signals every process of the job at once, and
# kills them KillWait seconds later): its device processes, a board of a
# device file it may have left on, its deployed files, its work directory.
# Its work directory is in $tmp, this job's own; in it, pgid names the
# device's process group, powered says the board may be on, deployed
# names the TFTP directory it made.
leftovers() {
	[ -n "${tmp:-}" ] || return 0
	for w in "$tmp"/lava-runjob.*; do
		[ -d "$w" ] || continue
		warn "lava-runjob was stopped before its clean-up ended; finishing it"
		# Its own process group (its stages, lava-expect), then the
		# device's: they lost their parent, and Slurm with it.
		kill -KILL "-$pid" 2>/dev/null
		if [ -s "$w/pgid" ]; then
			kill -KILL "-$(cat "$w/pgid")" 2>/dev/null
		fi
		if [ -e "$w/powered" ]; then
			if ! off=$(lava-device -k power_off_command "$value") ||
				! sh -c "$off" </dev/null >&2; then
				warn "$board: the power-off command failed"
			fi
		fi
		if [ -s "$w/deployed" ]; then
			d=$(head -n 1 "$w/deployed")
			case ${d##*/} in lava-??????) rm -rf "$d" ;; esac
		fi
		rm -rf "$w"
	done
	rm -rf "$tmp"
}

# finish OUTCOME REASON STATUS: power the board off, say how the job
# ended, keep a bundle of what was seen, hand the job directory over.
finish() {
	trap '' TERM INT HUP
	leftovers
	off=$(printf '%s\n' "$inv" | awk -F '\t' -v b="$board" '$1 == "power-off" && $2 == b { print $3 }')
	if [ -n "$off" ]; then
		sh -c "$off" sh "$board" </dev/null || warn "$board: the power-off command failed"
	fi
	record outcome "$1"
	record reason "$2"
	if [ -d "$job/runs" ] && [ ! -s "$job/bundle.json" ]; then
		lava-bundle -o "$job/bundle.json" "$job" || warn "$job: no bundle"
	fi
	record end "$(date +%s.%N)"
	mkdir -p "$job" && mv "$results/.$id.lab" "$job/lab-job" &&
		mv "$yaml" "$job/job.yaml" || exit 1
	cmd=$(field results-command 2)
	if [ -n "$cmd" ]; then
		sh -c "$cmd" sh "$job" "$id" </dev/null || { warn "the results command failed"; exit 1; }
	fi
	exit "$3"
}

yaml=$results/.$id.yaml
cat >"$yaml" || { rm -f "$yaml"; die "cannot keep the job file"; }
# The submitter's own job file, where this node sees it unchanged, so
# that the paths in it resolve from where it is.
source=$yaml
if [ -n "${2:-}" ] && cmp -s "$2" "$yaml"; then source=$2; fi
if [ -z "$board" ] || [ -z "$line" ]; then
	finish infrastructure "Slurm gave no board of the inventory ($(printf '%s\n' "$show" | sed -n 's/^ *JOB_GRES=//p'))" 1
fi
type=$(printf '%s\n' "$line" | cut -f 3)
host=$(printf '%s\n' "$line" | cut -f 4)
value=$(printf '%s\n' "$line" | cut -f 6-)
record board "$board"
record type "$type"
record host "${node:-$host}"
[ -z "$node" ] || [ "$node" = "$host" ] ||
	finish infrastructure "board $board hangs on $host, not on this node $node" 1

# The job's own time limit lies past Slurm's, which ends the job first.
case $limit in
*-*:*:*) t=$(echo "$limit" | awk -F '[-:]' '{ print (($1 * 24 + $2) * 60 + $3) * 60 + $4 + 60 }') ;;
*:*:*) t=$(echo "$limit" | awk -F: '{ print ($1 * 60 + $2) * 60 + $3 + 60 }') ;;
*) t=31536000 ;;
esac
[ "$t" -le 31536000 ] || t=31536000

# Slurm ends a cancelled job, or one past its time limit, with SIGTERM to
# every process of the job, and SIGKILL KillWait seconds later: wait for
# lava-runjob to end, then finish what it could not.
stopped=
trap 'stopped=1; kill -TERM "$pid" 2>/dev/null' TERM INT HUP
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lava-lab.XXXXXX") || die "cannot make a temporary directory"
# lava-runjob leads a process group of its own, for leftovers to end.
TMPDIR=$tmp setsid lava-runjob -d "$value" -t "$t" -o "$job" "$source" &
pid=$!
status=0
wait "$pid" || status=$?
while [ -n "$stopped" ] && kill -0 "$pid" 2>/dev/null; do
	wait "$pid" || status=$?
done
[ -z "$stopped" ] || {
	# Past the time limit, or Slurm says so (a loaded slurmctld may not
	# answer in time).
	why=$(scontrol show job "$id" | sed -n 's/.* Reason=\([^ ]*\).*/\1/p')
	if [ "$why" = TimeLimit ] ||
		[ "$(echo "$start $(date +%s.%N) $t" | awk '{ print $2 - $1 >= $3 - 60 }')" = 1 ]; then
		finish timeout "the Slurm time limit of $limit passed" 1
	fi
	finish cancelled "the Slurm job was cancelled" 1
}
end=$(tail -n 1 "$job/records.tsv" 2>/dev/null | cut -f 4)
# A board of a device file says itself which step failed, and whose
# fault it was (lava-job(5)): the board's or lab's, the job file's, a test's.
if [ "$status" -ne 0 ] && [ -s "$job/error" ]; then
	IFS='	' read -r class action message <"$job/error"
	case $class in
	infrastructure) finish infrastructure "$action: $message" 1 ;;
	job) finish job-error "$action: $message" 1 ;;
	*) finish incomplete "$action: $message" 1 ;;
	esac
fi
case $status,$end in
0,*) finish complete "the runner ran to its end" 0 ;;
2,) finish job-error "the job file did not load (lava-runjob exit 2)" 1 ;;
*,TIMEOUT) finish timeout "lava-runjob's time limit of $t seconds passed" 1 ;;
*,PANIC) finish incomplete "the kernel panicked" 1 ;;
*,EXIT) finish incomplete "a stage after the run failed (lava-runjob exit $status)" 1 ;;
*,?*) finish incomplete "the console closed before the runner ended" 1 ;;
*) finish infrastructure "the board's console gave no signal (lava-runjob exit $status)" 1 ;;
esac
