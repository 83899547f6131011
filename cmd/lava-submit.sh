#!/bin/sh
# lava-submit [-f LAB] [-t LIMIT] -T TYPE | -b BOARD JOB - queue a job on
# Slurm for a board of a type, or for one board, of the lab's inventory;
# print the Slurm job id.

USAGE='usage: lava-submit [-f lab] [-t limit] -T type job
       lava-submit [-f lab] [-t limit] -b board job'

prog=lava-submit
# warn, die, usage, quote; -h, --help, --version (lib/prologue.sh, put here by make)
# shellcheck source=lib/prologue.sh
. lib/prologue.sh
# absolute PATH: PATH from the root.
absolute() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$(pwd)" "$1" ;; esac; }

lab=${LAVA_LAB:-/etc/lava/lab.conf}
type=
board=
limit=

while getopts b:f:t:T: opt; do
	case $opt in
	b) board=$OPTARG ;;
	f) lab=$OPTARG ;;
	t) limit=$OPTARG ;;
	T) type=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
[ -n "$type" ] || [ -n "$board" ] || usage
case $limit in
*[!0-9:-]*) warn "bad time limit: $limit (minutes, MM:SS, HH:MM:SS or D-HH:MM:SS)"; usage ;;
esac
job=$1
if [ ! -f "$job" ] || [ ! -r "$job" ]; then warn "$job: cannot read the job file"; exit 2; fi
command -v sbatch >/dev/null || { warn "sbatch: not found on PATH"; exit 1; }

# The board or type must be in the inventory: say which there are, rather
# than leave a job queued for a board that does not exist.
boards=$(lava-lab -f "$lab" boards) || exit 2
if [ -n "$board" ]; then
	t=$(printf '%s\n' "$boards" | awk -F '\t' -v b="$board" '$1 == b { print $2 }')
	[ -n "$t" ] || {
		warn "no board $board in $lab (boards: $(printf '%s\n' "$boards" | cut -f 1 | paste -sd ' '))"
		exit 2
	}
	[ -z "$type" ] || [ "$type" = "$t" ] || { warn "board $board is of type $t, not $type"; exit 2; }
	type=$t
	gres=$type:$board:1
else
	printf '%s\n' "$boards" | cut -f 2 | grep -qxF -- "$type" || {
		warn "no board of type $type in $lab (types: $(printf '%s\n' "$boards" | cut -f 2 | sort -u | paste -sd ' '))"
		exit 2
	}
	gres=$type:1
fi
results=$(lava-lab -f "$lab" results) || exit 2

# The batch script carries the job file itself, so the node needs no
# shared file system to read it; a delimiter no line of it holds ends it.
script=$(mktemp "${TMPDIR:-/tmp}/lava-submit.XXXXXX") || exit 1
trap 'rm -f "$script"' EXIT
trap 'exit 1' HUP INT TERM
n=0
while :; do
	end=LAVA_JOB_END_$$_$n
	grep -qxF -- "$end" "$job" || break
	n=$((n + 1))
done
{
	printf '#!/bin/sh\n# lava-submit: %s on a board %s\n' "$(basename "$job")" "$gres"
	printf 'exec lava-lab -f %s run %s <<'\''%s'\''\n' \
		"$(quote "$(absolute "$lab")")" "$(quote "$(absolute "$job")")" "$end"
	cat "$job"
	printf '%s\n' "$end"
} >"$script" || exit 1

name=$(basename "$job")
set -- --parsable --job-name="lava:${name%.*}" --gres="$gres" \
	--chdir="$results" --output="$results/%j.out"
[ -z "$limit" ] || set -- "$@" --time="$limit"
out=$(sbatch "$@" "$script") || { warn "sbatch refused the job"; exit 1; }
printf '%s\n' "${out%%;*}"
