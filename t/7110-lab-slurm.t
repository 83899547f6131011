#!/bin/sh
# A lab on a real Slurm: Debian's munged, slurmctld and two slurmd nodes
# on 127.0.0.2 and 127.0.0.3, configured from a lab inventory, with
# lava-submit queueing jobs for boards: local sandboxes, and boards whose
# console is a shell in a bubblewrap sandbox. Jobs wait for a free board,
# never share one, and end (done, failed, cancelled, timed out) with
# their job directory in the results directory.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC2034
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/lib-slurm.sh
. "$LAVA_SRC/t/lib-slurm.sh"
# shellcheck source=t/data/run/demo-check.sh
. "$LAVA_SRC/t/data/run/demo-check.sh"

if why=$(slurm_missing); then
	test_skip "a lab on Slurm" "$why"
	test_done
fi
trap 'slurm_stop; test_cleanup' EXIT
KILLWAIT=10
slurm_scratch

cat >lab.conf <<EOF
# the test lab
results $TRASH/results
host n1 NodeAddr=127.0.0.2 Port=$(free_port) CPUs=4
host n2 NodeAddr=127.0.0.3 Port=$(free_port) CPUs=4
board sbx-01 sbx n1 console local
board sbx-02 sbx n1 console local
board box-01 box n2 console $LAVA_SRC/t/data/lab/board-console box-01
board slow-01 slow n2 console local
board dev-01 dev n2 device dev-01.yaml
power-off sbx-01 echo "\$1 off" >>$TRASH/power.log
power-off sbx-02 echo "\$1 off" >>$TRASH/power.log
power-off box-01 echo "\$1 off" >>$TRASH/power.log
power-off slow-01 echo "\$1 off" >>$TRASH/power.log
EOF
# A board of a device file (lava-device(5)): its console a sandbox shell
# that waits for the runner to be started, its power commands logged.
cat >dev-01.yaml <<EOF
connection_command: $LAVA_SRC/t/data/lab/board-console dev-01 shell
power_on_command: echo "dev-01 on" >>$TRASH/power.log
power_off_command: echo "dev-01 off" >>$TRASH/power.log
EOF
cat >long.yaml <<'EOF'
definitions:
- from: inline
  name: long
  path: inline/long.yaml
  repository:
    metadata: {format: Lava-Test Test Definition 1.0, name: long}
    run:
      steps:
      - lava-test-case quick --shell true
      - lava-test-case long --shell sleep 600
EOF
demo=$LAVA_SRC/examples/demo-job.yaml

# outcome ID: the outcome line of job ID's lab-job file.
outcome() { sed -n 's/^outcome\t//p' "$TRASH/results/$1/lab-job"; }
# started ID CASE: job ID's console has reached CASE's STARTTC.
started() { awk -F '\t' -v c="$2" '$4 == "STARTTC" && $5 == c { f = 1 } END { exit !f }' \
	"$TRASH/results/$1/records.tsv" 2>/dev/null; }
# count STATE: how many jobs are in STATE.
count() { squeue -h -t "$1" -o %i | wc -l; }
# running N: at least N jobs run.
running() { [ "$(count RUNNING)" -ge "$1" ]; }
# accounted ID STATE: Slurm's accounting (sacct) has job ID in STATE.
accounted() { sacct -n -X -P -j "$1" -o State | grep -q "^$2"; }

test_expect_success 'Slurm starts two nodes from the configuration the inventory writes' '
	slurm_start lab.conf $KILLWAIT &&
	sinfo -h -N -o "%N %G" | sort >nodes &&
	test_grep "^n1 sbx:sbx-01:1,sbx:sbx-02:1" nodes &&
	test_grep "^n2 box:box-01:1,slow:slow-01:1,dev:dev-01:1" nodes
'
[ "$test_failed" -eq 0 ] || test_done
# The time limit is Slurm'"'"'s, in minutes, checked every 30 s: this job
# runs while the other cases do, and is looked at last.
test_expect_success 'a job with a time limit of one minute is queued' '
	lava-submit -f lab.conf -T slow -t 1 long.yaml >slow.id &&
	test_grep "^[0-9][0-9]*$" slow.id
'
test_expect_success 'a job for a type with no board is refused at submit' '
	test_status 2 lava-submit -f lab.conf -T rpi4 "$demo" >out 2>err &&
	test_grep "no board of type rpi4 in lab.conf (types: box dev sbx slow)" err &&
	test ! -s out &&
	test_status 2 lava-submit -f lab.conf -b rpi4-01 "$demo" 2>err &&
	test_grep "no board rpi4-01 in lab.conf" err
'
test_expect_success 'four jobs for two boards: two run, two wait' '
	for i in 1 2 3 4; do lava-submit -f lab.conf -T sbx "$demo" || return 1; done >four &&
	test "$(wc -l <four)" -eq 4 &&
	slurm_wait 60 running 2 &&
	squeue -h -o "%i %T %b" >queue &&
	test "$(count PENDING)" -eq 2 || { cat queue; false; }
'
test_expect_success 'all four finish with valid bundles, each on a board of the type' '
	slurm_wait 120 slurm_done $(cat four) &&
	for id in $(cat four); do
		test "$(outcome "$id")" = complete &&
		demo_check "$TRASH/results/$id" &&
		sed -n "s/^board\t//p" "$TRASH/results/$id/lab-job" || return 1
	done >boards &&
	sort -u boards >used &&
	printf "sbx-01\nsbx-02\n" >expect &&
	test_cmp expect used
'
test_expect_success 'no board ran two jobs at once: the consoles'"'"' times do not overlap' '
	for id in $(cat four); do
		b=$(sed -n "s/^board\t//p" "$TRASH/results/$id/lab-job") &&
		awk -F "\t" -v b="$b" "NR == 1 { t0 = \$1 } { t1 = \$1 } END { print b, t0, t1 }" \
			"$TRASH/results/$id/records.tsv" || return 1
	done | sort -k1,1 -k2,2n >spans &&
	test "$(wc -l <spans)" -eq 4 &&
	awk "\$1 == b && \$2 < end { print \"overlap: \" \$0; bad = 1 }
		{ b = \$1; end = \$3 } END { exit bad }" spans
'
test_expect_success 'a job file that does not load on the node: a job error, exit 1' '
	printf "definitions: [\n" >bad.yaml &&
	lava-submit -f lab.conf -T sbx bad.yaml >bad.id &&
	slurm_wait 60 slurm_done $(cat bad.id) &&
	test "$(outcome "$(cat bad.id)")" = job-error &&
	test_grep "bad.yaml" "$TRASH/results/$(cat bad.id).out" &&
	scontrol show job "$(cat bad.id)" >show &&
	test_grep "ExitCode=1:0" show
'
test_expect_success 'a board whose console fails: an infrastructure error, and the next job runs' '
	: >"$TRASH/box-01.broken" &&
	lava-submit -f lab.conf -b box-01 "$demo" >fail.id &&
	lava-submit -f lab.conf -T box "$demo" >next.id &&
	slurm_wait 120 slurm_done $(cat fail.id next.id) &&
	test "$(outcome "$(cat fail.id)")" = infrastructure &&
	test_grep "connection refused" "$TRASH/results/$(cat fail.id).out" &&
	test "$(outcome "$(cat next.id)")" = complete &&
	"$LAVA_SRC/t/bundle-check" "$TRASH/results/$(cat next.id)/bundle.json" &&
	jq -r ".test_runs[].test_results[] | [.test_case_id, .result] | @tsv" \
		"$TRASH/results/$(cat next.id)/bundle.json" >cases &&
	test_grep "^false-on-purpose	fail$" cases &&
	test_grep "^write-speed	pass$" cases
'
test_expect_success 'a board of a device file: powered on, the job runs, powered off' '
	lava-submit -f lab.conf -T dev "$demo" >dev.id &&
	slurm_wait 120 slurm_done $(cat dev.id) &&
	test "$(outcome "$(cat dev.id)")" = complete &&
	demo_cases "$TRASH/results/$(cat dev.id)/bundle.json" >cases &&
	test_grep "^lava	job	pass$" cases &&
	test_grep "^timing	false-on-purpose	fail$" cases &&
	grep dev-01 "$TRASH/power.log" >power &&
	printf "dev-01 off\ndev-01 on\ndev-01 off\n" >expect &&
	test_cmp expect power
'
test_expect_success 'scancel mid-job on a board of a device file: its power-off command runs' '
	lava-submit -f lab.conf -b dev-01 long.yaml >cancel-dev.id &&
	id=$(cat cancel-dev.id) &&
	slurm_wait 60 started "$id" long &&
	scancel "$id" &&
	slurm_wait 60 slurm_done "$id" &&
	test "$(outcome "$id")" = cancelled &&
	grep dev-01 "$TRASH/power.log" | tail -n 1 >last &&
	echo "dev-01 off" >expect &&
	test_cmp expect last &&
	test "$(grep -c "dev-01 off" "$TRASH/power.log")" -eq 4 &&
	test_grep "<LAVA_SIGNAL_STARTTC long>" "$TRASH/results/$id/console.log"
'
test_expect_success 'lava-runjob killed mid-job: lava-lab powers the board off, removes what it left' '
	lava-submit -f lab.conf -b dev-01 long.yaml >killed.id &&
	id=$(cat killed.id) &&
	slurm_wait 60 started "$id" long &&
	w=$(ls -d "$TRASH"/tmp/lava-lab.*/lava-runjob.*/typed) &&
	w=${w%/typed} &&
	pkill -KILL -f -- "lava-runjob -d $TRASH/dev-01.yaml" &&
	slurm_wait 60 slurm_done "$id" &&
	test "$(outcome "$id")" = incomplete &&
	grep dev-01 "$TRASH/power.log" | tail -n 2 >last &&
	printf "dev-01 on\ndev-01 off\n" >expect &&
	test_cmp expect last &&
	test_grep "<LAVA_SIGNAL_STARTTC long>" "$TRASH/results/$id/console.log" &&
	test_grep "stopped before its clean-up ended" "$TRASH/results/$id.out" &&
	! pgrep -af -- "$w" &&
	test ! -e "$w"
'
test_expect_success 'scancel mid-job: the job ends within KillWait, its board off, what it saw kept' '
	lava-submit -f lab.conf -b sbx-02 long.yaml >cancel.id &&
	id=$(cat cancel.id) &&
	slurm_wait 60 started "$id" long &&
	before=$(grep -c "sbx-02 off" "$TRASH/power.log") &&
	t0=$(date +%s) &&
	scancel "$id" &&
	slurm_wait 60 slurm_done "$id" &&
	t1=$(date +%s) &&
	test $((t1 - t0)) -le $KILLWAIT &&
	test "$(outcome "$id")" = cancelled &&
	test "$(grep -c "sbx-02 off" "$TRASH/power.log")" -eq $((before + 1)) &&
	jq -r ".test_runs[].test_results[] | [.test_case_id, .result] | @tsv" \
		"$TRASH/results/$id/bundle.json" >cases &&
	test_grep "^quick	pass$" cases &&
	test_grep "<LAVA_SIGNAL_STARTTC long>" "$TRASH/results/$id/console.log" &&
	test -f "$TRASH/results/$id/job.yaml"
'
test_expect_success 'a job past its Slurm time limit: timed out, board off, what it saw kept' '
	id=$(cat slow.id) &&
	slurm_wait 150 slurm_done "$id" &&
	test "$(outcome "$id")" = timeout &&
	test_grep "slow-01 off" "$TRASH/power.log" &&
	jq -r ".test_runs[].test_results[] | [.test_case_id, .result] | @tsv" \
		"$TRASH/results/$id/bundle.json" >cases &&
	test_grep "^quick	pass$" cases &&
	test_grep "<LAVA_SIGNAL_STARTTC long>" "$TRASH/results/$id/console.log"
'
test_expect_success 'sacct accounts for each job as it ended: completed, failed, cancelled, timed out' '
	for id in $(cat four); do
		slurm_wait 30 accounted "$id" COMPLETED || return 1
	done &&
	slurm_wait 30 accounted "$(cat bad.id)" FAILED &&
	slurm_wait 30 accounted "$(cat cancel.id)" CANCELLED &&
	slurm_wait 30 accounted "$(cat slow.id)" TIMEOUT &&
	sacct -n -X -P -j "$(cat cancel.id)" -o AllocTRES >tres &&
	test_grep "gres/sbx=1" tres
'
test_expect_success 'no device is left running, and the daemons stop' '
	! pgrep -af -- "$TRASH/tmp/lava-" &&
	ls "$TRASH/tmp" >left &&
	test_cmp /dev/null left &&
	slurm_stop &&
	! pgrep -af -- "$SLURM_DIR"
'
test_done
