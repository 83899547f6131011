#!/bin/sh
# lava-publish against a local server that keeps SQUAD's submit contract:
# what arrives, retries on dropped connections and 5xx, nothing taken
# twice when an answer is lost, a refused token, a malformed field, a
# server that is not there or never answers; and the KCIDB document.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/report/mkjob.sh
. "$LAVA_SRC/t/data/report/mkjob.sh"

KCIDB_SCHEMA=$LAVA_SRC/../shared/reference/kcidb/kcidb-io-v5.3.schema.json
export KCIDB_SCHEMA
TOKEN=0123456789abcdef0123456789abcdef01234567

# The server runs for the whole script and is stopped at its end.
mkdir "$TRASH/squad" && echo "$TOKEN" >"$TRASH/squad/token"
/usr/bin/python3 "$LAVA_SRC/t/squad-server" "$TRASH/squad" &
squad_pid=$!
trap 'kill "$squad_pid"; wait "$squad_pid"; test_cleanup' EXIT
n=0
while [ ! -s "$TRASH/squad/port" ] && [ "$n" -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
URL=http://127.0.0.1:$(cat "$TRASH/squad/port")
LAVA_SQUAD_TOKEN=$TOKEN
export LAVA_SQUAD_TOKEN URL

# received: how many submissions the server took.
received() {
	if [ -f squad/received ]; then wc -l <squad/received; else echo 0; fi
}

test_expect_success 'a job to submit' '
	report_job job &&
	lava-report -o job/results.xml job
'
test_expect_success 'it is delivered: 201, exit 0' '
	lava-publish -s "$URL" lab/kernel/v6.1/qemu-x86 job >out 2>err &&
	test_grep "^lava-publish: lab/kernel/v6.1/qemu-x86: delivered as job lava-[0-9a-f]\\{32\\}$" out &&
	test "$(received)" = 1
'
test_expect_success 'the server got every case, the metric, the log and the files' '
	tail -n 1 squad/received >got.json &&
	jq -r ".tests | to_entries[] | \"\\(.key)\t\\(.value)\"" got.json | sort >got &&
	jq -r ".test_runs[] | .test_id as \$r | (.test_results // [])[] |
		\"\\(\$r)/\\(.test_case_id | gsub(\"/\"; \"_\"))\t\\(.result)\"" job/bundle.json |
		sort >want &&
	test_cmp want got &&
	jq -e ".metrics == {\"garbage/$(printf "long_id.%0292d" 7)\": 3.5}" got.json >/dev/null &&
	jq -e ".metadata.job_status == \"Complete\" or .metadata.job_status == \"Incomplete\"" got.json >/dev/null &&
	jq -e ".attachments | keys == [\"bundle.json\", \"results.xml\"]" got.json >/dev/null &&
	jq -e --arg n "$(wc -c <job/bundle.json)" ".attachments[\"bundle.json\"] == (\$n | tonumber)" got.json >/dev/null &&
	jq -r .log got.json >log &&
	test_grep "Kernel panic - not syncing" log &&
	test "$(jq -r .build got.json)/$(jq -r .environment got.json)" = v6.1/qemu-x86
'
test_expect_success 'sent again: not taken twice, said, exit 0' '
	lava-publish -s "$URL" lab/kernel/v6.1/qemu-x86 job >out 2>err &&
	test_grep "job lava-[0-9a-f]* was already delivered$" out &&
	test "$(received)" = 1
'
test_expect_success 'a dropped connection and a 502 are retried' '
	printf "drop\n502\n" >squad/script &&
	lava-publish -s "$URL" lab/kernel/v6.2/qemu-x86 job >out 2>err &&
	test_grep "delivered as job" out &&
	test "$(received)" = 2 &&
	test ! -s squad/script
'
test_expect_success 'an answer lost after the server took it: retried, taken once' '
	printf "accept-drop\n" >squad/script &&
	lava-publish -s "$URL" lab/kernel/v6.3/qemu-x86 job >out 2>err &&
	test_grep "was already delivered" out &&
	test "$(received)" = 3
'
# cmdlines: every process's command line, one a line, into cmdlines; a
# process that ends between the glob and the read is simply not there.
cmdlines() {
	for _f in /proc/[0-9]*/cmdline; do
		tr "\\000" " " <"$_f" && echo
	done >cmdlines 2>/dev/null
}

test_expect_success 'the token never shows on a command line' '
	printf "hang\n" >squad/script &&
	{ lava-publish -t 5 -s "$URL" lab/kernel/v6.4/qemu-x86 job >out 2>err & } &&
	n=0 &&
	until cmdlines && grep -q "^curl .*lava-publish[.].*/config" cmdlines ||
		[ $n -ge 50 ]; do
		sleep 0.1; n=$((n + 1))
	done &&
	test_grep "^curl .*lava-publish[.].*/config" cmdlines &&
	! grep -F "$TOKEN" cmdlines &&
	wait &&
	test_grep "time limit of 5 seconds reached after 1 tries" err
'
test_expect_success 'a server that never answers: exit 1 at the time limit' '
	printf "hang\nhang\nhang\n" >squad/script &&
	start=$(date +%s) &&
	test_status 1 lava-publish -t 3 -s "$URL" lab/kernel/v6.5/qemu-x86 job >out 2>err &&
	test "$(($(date +%s) - start))" -lt 60 &&
	test_grep "^lava-publish: $URL: time limit of 3 seconds reached after 1 tries: Operation timed out" err &&
	test "$(wc -l <err)" -eq 1 &&
	: >squad/script
'
test_expect_success 'a refused token (401): exit 1 at once, no retry' '
	LAVA_SQUAD_TOKEN=expired test_status 1 lava-publish -s "$URL" lab/kernel/v7/qemu job >out 2>err &&
	test_grep "^lava-publish: $URL: HTTP 401, the token was refused$" err &&
	test "$(received)" = 3
'
test_expect_success 'a token from a file; none at all is bad usage' '
	echo "$TOKEN" >token &&
	env -u LAVA_SQUAD_TOKEN lava-publish -T token -s "$URL" lab/kernel/v8/qemu job >out 2>err &&
	test "$(received)" = 4 &&
	(unset LAVA_SQUAD_TOKEN && test_status 2 lava-publish -s "$URL" lab/kernel/v9/qemu job 2>err) &&
	test_grep "no token: set LAVA_SQUAD_TOKEN or give -T token-file" err
'
test_expect_success 'a malformed field (400): exit 1, the server'"'"'s reason, no retry' '
	jq ".test_runs[0].test_results[0].measurement = \"fast\"" job/bundle.json >odd.json &&
	test_status 1 lava-publish -s "$URL" lab/kernel/v10/qemu odd.json >out 2>err &&
	test_grep "HTTP 400, the submission was refused: metric value .fast. is not valid" err &&
	test "$(received)" = 4
'
test_expect_success 'a server that is not there: retried, then exit 1' '
	port=$(/usr/bin/python3 -c "import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])") &&
	test_status 1 lava-publish -n 2 -s "http://127.0.0.1:$port" lab/kernel/v11/qemu job >out 2>err &&
	test_grep "^lava-publish: http://127.0.0.1:$port: not delivered after 2 tries: Failed to connect" err
'
test_expect_success 'bad usage and bad input: exit 2' '
	test_status 2 lava-publish -s "$URL" lab/kernel/v1 job 2>err &&
	test_grep "not team/project/build/environment" err &&
	test_status 2 lava-publish -s "$URL" "lab/kernel/../x" job 2>err &&
	test_status 2 lava-publish -s "ftp://x" lab/kernel/v1/q job 2>err &&
	test_status 2 lava-publish -n 0 -s "$URL" lab/kernel/v1/q job 2>err &&
	mkdir empty &&
	test_status 2 lava-publish -s "$URL" lab/kernel/v1/q empty 2>err &&
	test_grep "empty/bundle.json: not a bundle" err &&
	test "$(received)" = 4
'
test_expect_success 'KCIDB: the document for kcidb-submit, valid against the schema' '
	lava-publish -k kcidb.json -O mylab -b mylab:v6.1 job &&
	/usr/bin/python3 -c "import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])),
    format_checker=jsonschema.FormatChecker())" "$KCIDB_SCHEMA" kcidb.json &&
	test "$(jq ".tests | length" kcidb.json)" = 11
'
test_done
