#!/bin/sh
# bundle.sh - time and peak memory of lava-bundle on 1,000 runs x 100 cases
#
# Generates a JOB dir (JOB/runs and a pulled JOB/results, some attachments),
# bundles it twice (the first run warms the page cache), and prints the
# figures next to the cost of just reading the same files with cat.
set -eu
RUNS=${BENCH_RUNS:-1000}
CASES=${BENCH_CASES:-100}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lava-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
job=$dir/job

python3 - "$job" "$RUNS" "$CASES" <<'PY'
import os, sys
job, runs, cases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
res = os.path.join(job, 'results')
os.makedirs(os.path.join(res, 'hwcontext'))
os.makedirs(os.path.join(res, 'swcontext'))
with open(os.path.join(res, 'hwcontext', 'cpuinfo.txt'), 'w') as f:
    for i in range(4):
        f.write('processor\t: %d\nBogoMIPS\t: 1000.00\n\n' % i)
    f.write('Hardware\t: bench board\nRevision\t: 1\n')
with open(os.path.join(res, 'hwcontext', 'meminfo.txt'), 'w') as f:
    f.write('MemTotal:  2048000 kB\n')
with open(os.path.join(res, 'swcontext', 'build.txt'), 'w') as f:
    f.write('bench-image\n')
with open(os.path.join(res, 'swcontext', 'pkgs.txt'), 'w') as f:
    for i in range(200):
        f.write('package: pkg%d : 1.%d-1\n' % (i, i))
blob = bytes(range(256)) * 256
for r in range(runs):
    uuid = '%08x-0000-4000-8000-%012x' % (r, r)
    name = '%d_bench%d' % (r, r)
    testdef = 'metadata:\n  name: bench%d\nrun:\n  steps: [true]\n' % r
    rd = os.path.join(job, 'runs', uuid)
    os.makedirs(rd)
    for fn, text in (('id', name + '\n'), ('testdef.yaml', testdef),
                     ('handlers.tsv', ''),
                     ('sources.tsv', 'bench\tgit\t%040x\thttps://example.org/b.git\n' % r)):
        with open(os.path.join(rd, fn), 'w') as f:
            f.write(text)
    d = os.path.join(res, '%s-%d' % (name, 1353625123 + r))
    os.makedirs(os.path.join(d, 'attachments'))
    for fn, text in (('analyzer_assigned_uuid', uuid + '\n'),
                     ('testdef.yaml', testdef), ('return_code', '0\n'),
                     ('attachments/run.sh', 'lava-test-case c0 --shell true\n' * 20)):
        with open(os.path.join(d, fn), 'w') as f:
            f.write(text)
    if r % 10 == 0:
        with open(os.path.join(d, 'attachments', 'data.bin'), 'wb') as f:
            f.write(blob)
    with open(os.path.join(d, 'stdout.log'), 'w') as f:
        for c in range(cases):
            f.write('running case c%03d\nc%03d : %s\n' %
                    (c, c, 'PASS' if c % 7 else 'FAIL'))
    for c in range(cases):
        cd = os.path.join(d, 'results', 'c%03d' % c)
        os.makedirs(cd)
        with open(os.path.join(cd, 'result'), 'w') as f:
            f.write('pass\n' if c % 7 else 'fail\n')
        if c % 10 == 0:
            with open(os.path.join(cd, 'measurement'), 'w') as f:
                f.write('%d.%d\n' % (c, r))
            with open(os.path.join(cd, 'units'), 'w') as f:
                f.write('ms\n')
PY

files=$(find "$job" -type f | wc -l)
bytes=$(find "$job" -type f -exec cat {} + | wc -c)
lava-bundle -o "$dir/bundle.json" "$job"
t=$( { /usr/bin/time -f '%e %U %S %M' lava-bundle -o "$dir/bundle.json" "$job"; } 2>&1 | tail -n 1)
# shellcheck disable=SC2016 # $1 is for the inner shell
c=$( { /usr/bin/time -f '%e %U %S %M' sh -c 'find "$1" -type f -exec cat {} + >/dev/null' sh "$job"; } 2>&1 | tail -n 1)
out=$(wc -c <"$dir/bundle.json")
results=$(jq '[.test_runs[].test_results | length] | add' "$dir/bundle.json")
echo "bench bundle: $RUNS runs x $CASES cases, $files files, $bytes bytes in, $out bytes out, $results results"
# figures WALL USER SYS PEAK: one line of the measurement.
figures() {
	echo "$1 s wall, $2 s user, $3 s sys, $4 KiB peak"
}
# shellcheck disable=SC2086 # split the four fields of time(1)
echo "bench bundle: lava-bundle $(figures $t)"
# shellcheck disable=SC2086
echo "bench bundle: reference: cat of the same files $(figures $c)"
echo "bench bundle: load average $(cut -d " " -f 1-3 /proc/loadavg) on $(nproc) cores"
echo "bench bundle: aim: under 1 s and under 65536 KiB"

# The same bundle to JUnit, next to jq reading it, in the same run; each
# twice, the second measured, so both read it from the page cache.
lava-report -o "$dir/results.xml" "$dir/bundle.json"
r=$( { /usr/bin/time -f '%e %U %S %M' lava-report -o "$dir/results.xml" "$dir/bundle.json"; } 2>&1 | tail -n 1)
jq . "$dir/bundle.json" >/dev/null
q=$( { /usr/bin/time -f '%e %U %S %M' jq . "$dir/bundle.json" >/dev/null; } 2>&1 | tail -n 1)
echo "bench report: $(wc -c <"$dir/bundle.json") bytes of bundle to $(wc -c <"$dir/results.xml") bytes of JUnit"
# shellcheck disable=SC2086
echo "bench report: lava-report -f junit $(figures $r)"
# shellcheck disable=SC2086
echo "bench report: reference: jq . of the same bundle $(figures $q)"
echo "bench report: aim: no slower than jq"
