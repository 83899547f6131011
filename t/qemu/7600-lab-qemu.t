#!/bin/sh
# A lab board that is a QEMU machine: lava-submit queues the demo job on
# a private Slurm (Debian's munged, slurmctld and a slurmd on 127.0.0.2),
# for a board type with a sandbox board and a QEMU board; the job asked
# for the QEMU board runs there, results through the console alone.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/../lib.sh"
# shellcheck source=t/lib-slurm.sh
. "$LAVA_SRC/t/lib-slurm.sh"

LAVA_CACHE=${LAVA_CACHE:-$LAVA_BUILD/cache}
export LAVA_CACHE
if why=$(slurm_missing); then
	test_skip "a QEMU board on Slurm" "$why"
	test_done
fi
if ! test_have qemu-system-x86_64 || ! test -x /bin/busybox; then
	test_skip "a QEMU board on Slurm" "no qemu-system-x86 or busybox-static"
	test_done
fi
trap 'slurm_stop; test_cleanup' EXIT
slurm_scratch

cat >lab.conf <<EOF
results $TRASH/results
host n1 NodeAddr=127.0.0.2 Port=$(free_port) CPUs=4
board vm-01 x86 n1 console qemu
board vm-02 x86 n1 console local
EOF

test_expect_success 'the kernel is there or can be fetched, and Slurm starts' '
	lava-qemu -F >kernel &&
	test -s "$(cat kernel)" &&
	slurm_start lab.conf 10
'
test_expect_success 'the demo job asked for the QEMU board runs there, within 5 minutes' '
	lava-submit -f lab.conf -b vm-01 -t 5 "$LAVA_SRC/examples/demo-job.yaml" >id &&
	slurm_wait 330 slurm_done "$(cat id)" &&
	job=$TRASH/results/$(cat id) &&
	printf "board\tvm-01\n" >expect &&
	grep "^board" "$job/lab-job" >board &&
	test_cmp expect board &&
	test_grep "^outcome	complete$" "$job/lab-job" &&
	"$LAVA_SRC/t/bundle-check" "$job/bundle.json" &&
	test_grep "Linux version" "$job/console.log" &&
	jq -r ".test_runs[].test_results[] | [.test_case_id, .result] | @tsv" \
		"$job/bundle.json" >cases &&
	test_grep "^false-on-purpose	fail$" cases &&
	test_grep "^write-speed	pass$" cases
'
test_expect_success 'nothing is left running' '
	! pgrep -af -- "$TRASH/tmp/" &&
	slurm_stop &&
	! pgrep -af -- "$SLURM_DIR"
'
test_done
