#!/bin/sh
# lab.sh - what Slurm adds per job: 20 short jobs queued with lava-submit
# on two sandbox boards of a private Slurm (Debian's munged, slurmctld and
# a slurmd, as t/7110-lab-slurm.t starts them), next to the same 20 jobs
# run directly two at a time with xargs -P2, measured in the same run.
set -eu

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/lava-bench.XXXXXX")
export TRASH
# shellcheck source=t/lib-slurm.sh
. "$LAVA_SRC/t/lib-slurm.sh"
if why=$(slurm_missing); then
	echo "lab: skipped: $why"
	rm -rf "$TRASH"
	exit 0
fi
trap 'slurm_stop; rm -rf "$TRASH"' EXIT
cd "$TRASH"
slurm_scratch
N=20

cat >job.yaml <<'EOF'
definitions:
- from: inline
  name: short
  path: inline/short.yaml
  repository:
    metadata: {format: Lava-Test Test Definition 1.0, name: short}
    run:
      steps:
      - lava-test-case ok --shell true
EOF
cat >lab.conf <<EOF
results $TRASH/results
host n1 NodeAddr=127.0.0.2 Port=$(free_port) CPUs=4
board sbx-01 sbx n1 console local
board sbx-02 sbx n1 console local
EOF
slurm_start lab.conf 10 >/dev/null

now() { date +%s.%N; }

# The reference: the same jobs, two at a time, no queue.
t0=$(now)
seq "$N" | xargs -P2 -I{} lava-runjob -o direct{} job.yaml >/dev/null
t1=$(now)

# Through Slurm: every job queued at once, then waited for.
t2=$(now)
seq "$N" | while read -r _; do lava-submit -f lab.conf -T sbx job.yaml; done >ids
t3=$(now)
# shellcheck disable=SC2046
slurm_wait 600 slurm_done $(cat ids)
t4=$(now)

# Per board, the gap from one job's end on the node to the next job's
# start there: the queue's own cost between two jobs. And the first job's
# wait from its submission to its start, on an idle lab.
while read -r id; do
	awk -F '\t' '{ v[$1] = $2 } END { print v["board"], v["start"], v["end"], v["outcome"] }' \
		"results/$id/lab-job"
done <ids | sort -k1,1 -k2,2n >spans
bad=$(awk '$4 != "complete"' spans | wc -l)
first=$(sort -k2,2n spans | head -n 1 | cut -d ' ' -f 2)
gaps=$(awk '$1 == b { print $2 - end } { b = $1; end = $3 }' spans | sort -n)

echo "$N short jobs (one case each), two sandbox boards, $(nproc) cores:"
awk -v a="$t0" -v b="$t1" -v n="$N" 'BEGIN {
	printf "  xargs -P2 lava-runjob:     %.2f s, %.2f s a job   (reference)\n", b - a, (b - a) / n }'
awk -v a="$t2" -v b="$t4" -v s="$t3" -v n="$N" -v x="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" 'BEGIN {
	printf "  lava-submit on Slurm:      %.2f s, %.2f s a job   (submitting all: %.2f s)\n", b - a, (b - a) / n, s - a
	printf "  Slurm adds per job:        %.2f s\n", (b - a - x) / n }'
printf '%s\n' "$gaps" | awk -v f="$first" -v s="$t2" '{ g[NR] = $1 } END {
	printf "  submit to start, idle lab: %.2f s\n", f - s
	printf "  end to next start, a board: median %.2f s, max %.2f s (%d gaps)\n", g[int((NR + 1) / 2)], g[NR], NR }'
[ "$bad" -eq 0 ] || { echo "lab: $bad jobs did not complete" >&2; exit 1; }
