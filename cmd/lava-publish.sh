#!/bin/sh
# lava-publish [-i job-id] [-n tries] [-t seconds] [-T token-file] -s url
# team/project/build/environment job - send a job's results to SQUAD;
# lava-publish -k file -O origin -b build job - write them for KCIDB.

USAGE='usage: lava-publish [-i job-id] [-n tries] [-t seconds] [-T token-file] -s url team/project/build/environment job
       lava-publish -k file -O origin -b build job'

prog=lava-publish
# warn, die, usage, quote; -h, --help, --version (lib/prologue.sh, put here by make)
# shellcheck source=lib/prologue.sh
. lib/prologue.sh
bad() { warn "$*"; exit 2; }

jobid='' tries=5 limit=300 tokenfile='' url='' kfile='' origin='' build=''
while getopts b:i:k:n:O:s:t:T: opt; do
	case $opt in
	b) build=$OPTARG ;;
	i) jobid=$OPTARG ;;
	k) kfile=$OPTARG ;;
	n) tries=$OPTARG ;;
	O) origin=$OPTARG ;;
	s) url=$OPTARG ;;
	t) limit=$OPTARG ;;
	T) tokenfile=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))

# KCIDB: the document kcidb-submit reads, written by lava-report.
if [ -n "$kfile" ]; then
	if [ $# -ne 1 ] || [ -z "$origin" ] || [ -z "$build" ] || [ -n "$url" ]; then
		usage
	fi
	exec lava-report -f kcidb -O "$origin" -b "$build" -o "$kfile" "$1"
fi

if [ $# -ne 2 ] || [ -z "$url" ]; then
	usage
fi
case $tries in ''|*[!0-9]*|0) warn "bad number of tries: $tries"; usage ;; esac
case $limit in ''|*[!0-9]*|0) warn "bad time limit: $limit"; usage ;; esac
# The URL goes into curl's config: no quote, backslash or control byte.
case $url in
http://*|https://*) ;;
*) bad "$url: not an http:// or https:// URL" ;;
esac
case $url in *[!A-Za-z0-9:/._~%@+=,\;\[\]-]*) bad "$url: bad byte in the URL" ;; esac
# SQUAD's own rule for each of team, project, build and environment.
target=$1
IFS=/ read -r team project sbuild env rest <<EOF2
$target
EOF2
for slug in "$team" "$project" "$sbuild" "$env"; do
	printf '%s\n' "$slug" | grep -qx '[a-zA-Z0-9][a-zA-Z0-9_.-]*' ||
		bad "$target: not team/project/build/environment, each [a-zA-Z0-9][a-zA-Z0-9_.-]*"
done
[ -z "$rest" ] || bad "$target: not team/project/build/environment"
case $jobid in *[!A-Za-z0-9._-]*) bad "bad job id: $jobid ([A-Za-z0-9._-])" ;; esac

# The token: never on a command line, where ps shows it.
if [ -n "$tokenfile" ]; then
	[ -r "$tokenfile" ] || bad "$tokenfile: cannot read the token file"
	token=$(head -n 1 "$tokenfile")
else
	token=${LAVA_SQUAD_TOKEN:-}
fi
[ -n "$token" ] || bad "no token: set LAVA_SQUAD_TOKEN or give -T token-file"
case $token in *[!A-Za-z0-9._~+/=-]*) bad "the token holds a byte a token cannot hold" ;; esac

job=$2
if [ -d "$job" ]; then
	bundle=$job/bundle.json
else
	bundle=$job job=
fi
for tool in jq curl; do
	command -v "$tool" >/dev/null || die "$tool: not found on PATH"
done
work=$(mktemp -d "${TMPDIR:-/tmp}/lava-publish.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
case $work in *[!A-Za-z0-9/._-]*) die "$work: the temporary path must be [A-Za-z0-9/._-]" ;; esac
chmod 700 "$work" || exit 1

# The fields, from the bundle: tests and metrics named RUN/CASE, a '/' in
# either replaced by '_' (SQUAD splits the suite at the last '/').
jq -e '.format and (.test_runs | type == "array")' "$bundle" \
	>/dev/null 2>"$work/jq.err" ||
	bad "$bundle: not a bundle${job:+ (is $job a job directory?)}"
# shellcheck disable=SC2016 # jq's own variables
names='(.test_id // "" | gsub("/"; "_")) as $run | (.test_results // [])[] |
	{key: "\($run)/\(.test_case_id // "" | gsub("/"; "_"))", value: .}'
if ! jq "[.test_runs[] | $names | .value |= .result] | from_entries" \
	"$bundle" >"$work/tests.json" ||
   ! jq "[.test_runs[] | $names | select(.value.measurement != null) |
	.value |= .measurement] | from_entries" "$bundle" >"$work/metrics.json"; then
	die "$bundle: cannot make the tests and metrics"
fi
# The job id SQUAD de-duplicates on: the same for every try and every
# later run of lava-publish on the same job, as the run uuids are.
if [ -z "$jobid" ]; then
	jobid=lava-$(jq -r '[.test_runs[].analyzer_assigned_uuid] | join(",")' \
		"$bundle" | sha256sum | cut -c 1-32)
fi
jq -n --arg id "$jobid" --slurpfile b "$bundle" '{job_id: $id,
	datetime: ($b[0].test_runs[0].analyzer_assigned_date // ""),
	job_status: (if [$b[0].test_runs[].attributes.incomplete // empty] | length > 0
		then "Incomplete" else "Complete" end)}' >"$work/metadata.json" ||
	die "$bundle: cannot make the metadata"

ln -s "$(cd "$(dirname "$bundle")" && pwd)/$(basename "$bundle")" \
	"$work/bundle.json" || exit 1
{
	printf 'header = "Auth-Token: %s"\n' "$token"
	printf 'url = "%s/api/submit/%s"\n' "${url%/}" "$target"
	for f in tests metrics metadata; do
		printf 'form = "%s=@%s/%s.json;type=application/json"\n' "$f" "$work" "$f"
	done
	printf 'form = "attachment=@%s/bundle.json;type=application/json"\n' "$work"
	if [ -n "$job" ] && [ -f "$job/results.xml" ]; then
		ln -s "$(cd "$job" && pwd)/results.xml" "$work/results.xml" &&
		printf 'form = "attachment=@%s/results.xml;type=application/xml"\n' "$work"
	fi
	if [ -n "$job" ] && [ -f "$job/console.log" ]; then
		ln -s "$(cd "$job" && pwd)/console.log" "$work/console.log" &&
		printf 'form = "log=@%s/console.log;type=text/plain"\n' "$work"
	fi
} >"$work/config" || exit 1

# Deliver: retry on connection errors and 5xx with doubling waits, within
# the time limit; a 400 that names our job id means an earlier try that
# got no answer was taken, so nothing is sent twice.
start=$(date +%s)
try=0 wait=1
while :; do
	try=$((try + 1))
	left=$((start + limit - $(date +%s)))
	[ "$left" -gt 0 ] || die "$url: time limit of $limit seconds reached after $((try - 1)) tries: $why"
	: >"$work/body"
	code=$(curl -sS -K "$work/config" --max-time "$left" -o "$work/body" \
		-w '%{http_code}' 2>"$work/err")
	rc=$?
	body=$(head -c 300 "$work/body" | tr -c '[:print:]' ' ')
	if [ "$rc" -ne 0 ]; then
		why=$(head -n 1 "$work/err" | sed -e 's/^curl: ([0-9]*) //')
	else
		case $code in
		200|201) echo "$prog: $target: delivered as job $jobid"; exit 0 ;;
		400)
			case $body in
			*"already a test run with job_id $jobid"*)
				echo "$prog: $target: job $jobid was already delivered"
				exit 0 ;;
			esac
			die "$url: HTTP 400, the submission was refused: $body" ;;
		401|403) die "$url: HTTP $code, the token was refused" ;;
		5??) why="HTTP $code: $body" ;;
		*) die "$url: HTTP $code: $body" ;;
		esac
	fi
	[ "$try" -lt "$tries" ] || die "$url: not delivered after $try tries: $why"
	left=$((start + limit - $(date +%s)))
	[ "$wait" -lt "$left" ] || wait=$left
	[ "$wait" -gt 0 ] && sleep "$wait"
	wait=$((wait * 2))
	[ "$wait" -le 60 ] || wait=60
done
