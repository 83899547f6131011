#!/bin/sh
# Four local jobs at once, as a lab runs several boards from one host:
# each in its own JOB directory, none disturbs another.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/run/demo-check.sh
. "$LAVA_SRC/t/data/run/demo-check.sh"

test_expect_success 'four demo jobs run at once' '
	printf "%s\n" 1 2 3 4 |
	xargs -P4 -I{} sh -c "lava-runjob -o job\$1 \"\$2\" >out\$1 2>err\$1" sh {} \
		"$LAVA_SRC/examples/demo-job.yaml"
'
for n in 1 2 3 4; do
	test_expect_success "job $n: a complete, correct bundle" "
		demo_check job$n &&
		demo_acked job$n
	"
done
test_expect_success 'each job has runs of its own' '
	cat job?/runs/*/id | sort | uniq -c >ids &&
	test "$(wc -l <ids)" -eq 2 &&
	ls -d job?/runs/* | sed -e "s|.*/||" | sort -u >uuids &&
	test "$(wc -l <uuids)" -eq 8 &&
	for n in 1 2 3 4; do
		jq -r ".test_runs[].analyzer_assigned_uuid" job$n/bundle.json | sort >bundle-uuids &&
		ls job$n/runs | sort >job-uuids &&
		test_cmp job-uuids bundle-uuids || return 1
	done
'
test_done
