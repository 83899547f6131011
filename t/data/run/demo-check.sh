# demo-check.sh - checks of a demo job's bundle, sourced by the t/7*-run-*.t
# and t/qemu tests after lib.sh.
# shellcheck shell=sh

# demo_cases BUNDLE: one line per case: run, case, result; sorted.
demo_cases() {
	jq -r '.test_runs[] | .test_id as $run | .test_results[] |
		[$run, .test_case_id, .result] | @tsv' "$1" | LC_ALL=C sort
}

# demo_seconds BUNDLE CASE: the duration of CASE in seconds.
demo_seconds() {
	jq -r --arg c "$2" '.test_runs[].test_results[] |
		select(.test_case_id == $c) | .duration' "$1" |
	awk '{ d = $1; s = $2; u = $3; sub(/d$/, "", d); sub(/s$/, "", s);
		sub(/us$/, "", u); printf "%.6f\n", d * 86400 + s + u / 1e6 }'
}

# demo_span JOB CASE: seconds from CASE's STARTTC record to its ENDTC.
demo_span() {
	awk -F '\t' -v c="$2" '
		$4 == "STARTTC" && $5 == c { t0 = $1 }
		$4 == "ENDTC" && $5 == c { t1 = $1 }
		END { if (t0 != "" && t1 != "") printf "%.6f\n", t1 - t0 }
	' "$1/records.tsv"
}

# demo_check JOB: the bundle of a demo job holds every case with its
# result, the measurement, the job's files, and a duration of the case that
# sleeps 0.3 s of at least that, which is exactly the time between that
# case's STARTTC and ENDTC records (the handshake's round trip is in it,
# the handler's own run time is not). An upper bound in seconds would test
# the machine's timers rather than the code: on a loaded host a plain
# "sleep 0.3" was seen to take 0.9 s.
demo_check() {
	"$LAVA_SRC/t/bundle-check" "$1/bundle.json" &&
	demo_cases "$1/bundle.json" >"$1.cases" &&
	test_cmp "$LAVA_SRC/t/data/run/demo-cases" "$1.cases" &&
	demo_seconds "$1/bundle.json" sleep-0.3 >"$1.sleep" &&
	demo_span "$1" sleep-0.3 >"$1.span" &&
	test_grep . "$1.sleep" &&
	test_grep . "$1.span" &&
	awk -v span="$(cat "$1.span")" '
		{ d = $1 - span; if (d < 0) d = -d; exit !($1 >= 0.3 && d < 0.000002) }
	' "$1.sleep" &&
	jq -e '[.test_runs[].test_results[] | select(.test_case_id == "write-speed")][0] |
		.measurement == 812.5 and .units == "MB/s"' "$1/bundle.json" >/dev/null &&
	test -s "$1/console.log" &&
	test -s "$1/records.tsv"
}

# demo_acked JOB: the signals that wait carried tokens, and the device
# never waited out an ACK time limit.
demo_acked() {
	awk -F '\t' '$3 != "-" && $4 == "STARTTC"' "$1/records.tsv" >"$1.acked" &&
	test "$(wc -l <"$1.acked")" -eq 3 &&
	! grep 'no ACK for' "$1/console.log"
}

# lava_outcome JOB: the job's outcome from the run lava of its bundle:
# the case job's result, error_type and error_action, tab separated.
lava_outcome() {
	jq -r '.test_runs[] | select(.test_id == "lava") | .test_results[0] |
		[.result, .attributes.error_type, .attributes.error_action] | @tsv' \
		"$1/bundle.json"
}
