#!/bin/sh
# The lab inventory: the Slurm lines lava-lab writes from it, the mistakes
# it reports by file, line and column, and what lava-submit refuses before
# it asks Slurm anything.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

cat >lab.conf <<'EOF'
# boards of the test lab
results /srv/lava/results
results-command rsync -a "$1" results.example.org:/srv/lava/

host node1 NodeAddr=10.0.0.1 CPUs=4
host node2
host spare RealMemory=2048
board rpi4-01 rpi4 node1 console socat - /dev/ttyUSB0,raw,echo=0,b115200
board rpi4-02	rpi4	node2	device	devices/rpi4-02.yaml
board bbb-01 bbb node1 console   telnet ser2net 2001
power-off rpi4-01 pduclient --hostname pdu --port 1 --command off
EOF

test_expect_success 'slurm: GresTypes, the types accounted, one node line per host, boards as GRES' '
	lava-lab -f lab.conf slurm >out &&
	cat >expect <<-\EOF &&
	GresTypes=rpi4,bbb
	AccountingStorageTRES=gres/rpi4,gres/bbb
	NodeName=node1 NodeAddr=10.0.0.1 CPUs=4 Gres=rpi4:rpi4-01:1,bbb:bbb-01:1
	NodeName=node2 Gres=rpi4:rpi4-02:1
	NodeName=spare RealMemory=2048
	EOF
	test_cmp expect out
'
test_expect_success 'gres: one gres.conf line per board' '
	lava-lab -f lab.conf gres >out &&
	cat >expect <<-\EOF &&
	NodeName=node1 Name=rpi4 Type=rpi4-01 Count=1
	NodeName=node2 Name=rpi4 Type=rpi4-02 Count=1
	NodeName=node1 Name=bbb Type=bbb-01 Count=1
	EOF
	test_cmp expect out
'
test_expect_success 'boards and results: the list, and where job directories go' '
	LAVA_LAB=$TRASH/lab.conf lava-lab boards >out &&
	cat >expect <<-EOF &&
	rpi4-01	rpi4	node1	console	socat - /dev/ttyUSB0,raw,echo=0,b115200
	rpi4-02	rpi4	node2	device	$TRASH/devices/rpi4-02.yaml
	bbb-01	bbb	node1	console	telnet ser2net 2001
	EOF
	test_cmp expect out &&
	lava-lab -f lab.conf results >out &&
	echo /srv/lava/results >expect &&
	test_cmp expect out &&
	lava-lab -f lab.conf check >out &&
	test ! -s out
'

# bad LINE COLUMN MESSAGE: a lab file whose third line is LINE, after a
# results and a host line, is refused with exit 2, nothing on stdout, and
# the message at that line and COLUMN.
bad() {
	test_expect_success "refused: $1" "
		printf 'results /r\nhost h1\n%s\n' '$1' >bad.conf &&
		test_status 2 lava-lab -f bad.conf slurm >out 2>err &&
		test ! -s out &&
		test_grep '^lava-lab: bad.conf:3:$2: $3' err
	"
}
bad 'boards rpi4-01' 1 'unknown entry "boards"'
bad 'board x rpi4 nowhere console local' 14 'host nowhere is not listed above'
bad 'host h2 Gres=rpi4:1' 9 'NodeName= and Gres= come from the inventory'
bad 'host h2 CPUs=4;reboot' 9 'a Slurm node parameter must be NAME=VALUE'
bad 'host -h' 6 'a host name "-h" must match'
bad 'results /other' 1 'a second results line'
bad 'power-off nosuch off' 11 'board nosuch is not listed above'
bad 'board x RPi4 h1 console local' 9 'a board type "RPi4" must match'
bad 'board x gpu h1 console local' 9 'board type gpu is a name Slurm keeps for itself'
bad 'board ../x rpi4 h1 console local' 7 'a board name "../x" must match'
bad 'board x:1 rpi4 h1 console local' 7 'a board name "x:1" must match'
bad 'board x rpi4 h1 serial /dev/ttyUSB0' 17 'a board has a console COMMAND or a device FILE'
bad 'board x rpi4 h1 device a b' 26 'device takes one file'
bad 'board x rpi4 h1 device -f' 24 'a device file must be a path'
bad 'board x rpi4 h1 device x.conf' 24 'a device file is named \*.yaml or \*.yml'
bad 'board x rpi4 h1' 1 'board takes NAME TYPE HOST console COMMAND or device FILE'

test_expect_success 'refused: a board listed twice, with its line' '
	printf "results /r\nhost h\nboard a t h console local\nboard a t h console local\n" >twice.conf &&
	test_status 2 lava-lab -f twice.conf check 2>err &&
	test_grep "^lava-lab: twice.conf:4:7: board a is listed twice" err
'
test_expect_success 'refused: no results line, a results path that is relative, a missing file' '
	printf "host h\n" >nores.conf &&
	test_status 2 lava-lab -f nores.conf check 2>err &&
	test_grep "^lava-lab: nores.conf:0:0: no results directory" err &&
	printf "results r\n" >rel.conf &&
	test_status 2 lava-lab -f rel.conf check 2>err &&
	test_grep "^lava-lab: rel.conf:1:9: the results directory must be an absolute path" err &&
	test_status 2 lava-lab -f nosuch.conf check 2>err &&
	test_grep "^lava-lab: nosuch.conf: cannot read the lab file" err
'
test_expect_success 'a device file is found from the lab file'"'"'s directory' '
	mkdir etc &&
	printf "results /r\nhost h\nboard a t h device devices/a.yaml\n" >etc/lab.conf &&
	lava-lab -f etc/lab.conf boards >out &&
	printf "a\tt\th\tdevice\t$TRASH/etc/devices/a.yaml\n" >expect &&
	test_cmp expect out
'
test_expect_success 'run outside a Slurm job: exit 1, nothing written' '
	test_status 1 env -u SLURM_JOB_ID lava-lab -f lab.conf run </dev/null 2>err &&
	test_grep "^lava-lab: not in a Slurm job" err
'
test_expect_success 'bad usage: exit 2 with the usage' '
	test_status 2 lava-lab -f lab.conf 2>err &&
	test_grep "^usage: lava-lab" err &&
	test_status 2 lava-lab -f lab.conf nodes 2>err &&
	test_grep "unknown command: nodes" err &&
	test_status 2 lava-lab -f lab.conf slurm extra 2>err
'

test_expect_success 'lava-submit refuses a type with no board, naming those there are' '
	printf "definitions: []\n" >job.yaml &&
	test_status 2 lava-submit -f lab.conf -T rpi5 job.yaml >out 2>err &&
	test ! -s out &&
	test_grep "^lava-submit: no board of type rpi5 in lab.conf (types: bbb rpi4)$" err
'
test_expect_success 'lava-submit refuses an unknown board, or a board of another type' '
	test_status 2 lava-submit -f lab.conf -b rpi4-09 job.yaml 2>err &&
	test_grep "^lava-submit: no board rpi4-09 in lab.conf (boards: rpi4-01 rpi4-02 bbb-01)$" err &&
	test_status 2 lava-submit -f lab.conf -T bbb -b rpi4-01 job.yaml 2>err &&
	test_grep "board rpi4-01 is of type rpi4, not bbb" err
'
test_expect_success 'lava-submit refuses a missing job file, a bad limit, a bad lab file' '
	test_status 2 lava-submit -f lab.conf -T rpi4 nosuch.yaml 2>err &&
	test_grep "nosuch.yaml: cannot read the job file" err &&
	test_status 2 lava-submit -f lab.conf -T rpi4 -t "1;x" job.yaml 2>err &&
	test_grep "bad time limit" err &&
	printf "results /r\nbogus\n" >bad.conf &&
	test_status 2 lava-submit -f bad.conf -T rpi4 job.yaml 2>err &&
	test_grep "^lava-lab: bad.conf:2:1: unknown entry" err &&
	test_status 2 lava-submit -f lab.conf job.yaml 2>err &&
	test_grep "^usage: lava-submit" err
'
test_done
