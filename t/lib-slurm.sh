# lib-slurm.sh - a private Slurm for a test: munged, slurmctld and one
# slurmd per host of a lab inventory, Debian's own daemons, with their
# state, sockets and logs in $TRASH/slurm, on loopback ports found free
# at run time. slurm_stop (run at exit) cancels every job and stops them.
# shellcheck shell=sh

SLURM_DIR=$TRASH/slurm
SLURM_CONF=$SLURM_DIR/slurm.conf
export SLURM_CONF
unset SLURM_JOB_ID SLURMD_NODENAME SBATCH_PARTITION SBATCH_TIMELIMIT

# slurm_missing: why this host cannot run the daemons, if it cannot.
slurm_missing() {
	for c in munged slurmctld slurmd slurmdbd mariadbd mariadb-install-db mariadb \
		sbatch squeue scancel scontrol sacct python3; do
		command -v "$c" >/dev/null || { echo "$c is not installed"; return 0; }
	done
	[ "$(id -u)" -eq 0 ] || { echo "slurmd runs jobs as their users: it needs root"; return 0; }
	return 1
}

# slurm_scratch: a results directory for the lab, and TMPDIR in the
# scratch directory, where the sandboxes of local boards live, to find
# what they leave.
slurm_scratch() {
	mkdir -p "$TRASH/results" "$TRASH/tmp" || return 1
	TMPDIR=$TRASH/tmp
	export TMPDIR
}

# free_port: a loopback TCP port that is free now.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# slurm_wait SECONDS CMD...: run CMD every 0.2 s until it succeeds; fail
# after SECONDS (of the clock: a command that hangs counts its time).
slurm_wait() {
	_end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$_end" ] || { echo "slurm_wait: timed out: $*" >&2; return 1; }
		sleep 0.2
	done
}

# slurm_conf KILLWAIT: write slurm.conf around the lab's own lines,
# $SLURM_DIR/lab-nodes.conf (lava-lab slurm) and gres.conf (lava-lab gres).
slurm_conf() {
	cat >"$SLURM_CONF" <<-EOF
	ClusterName=lavatest
	SlurmctldHost=$(hostname -s)(127.0.0.1)
	SlurmctldPort=$(free_port)
	SlurmUser=root
	SlurmdUser=root
	AuthType=auth/munge
	AuthInfo=socket=$SLURM_DIR/munge/socket
	CredType=cred/munge
	StateSaveLocation=$SLURM_DIR/ctld
	SlurmctldPidFile=$SLURM_DIR/ctld/pid
	SlurmctldLogFile=$SLURM_DIR/ctld/log
	SlurmdSpoolDir=$SLURM_DIR/d/%n
	SlurmdPidFile=$SLURM_DIR/d/%n.pid
	SlurmdLogFile=$SLURM_DIR/d/%n.log
	PlugStackConfig=$SLURM_DIR/plugstack.conf
	ProctrackType=proctrack/linuxproc
	TaskPlugin=task/none
	JobAcctGatherType=jobacct_gather/none
	AccountingStorageType=accounting_storage/slurmdbd
	AccountingStorageHost=127.0.0.1
	AccountingStoragePort=$(cat "$SLURM_DIR/dbd/port")
	AccountingStoragePass=$SLURM_DIR/munge/socket
	JobCompType=jobcomp/filetxt
	JobCompLoc=$SLURM_DIR/ctld/jobcomp
	SchedulerType=sched/backfill
	SelectType=select/cons_tres
	SelectTypeParameters=CR_Core
	SlurmdParameters=config_overrides
	MpiDefault=none
	ReturnToService=2
	KillWait=$1
	MinJobAge=600
	Include $SLURM_DIR/lab-nodes.conf
	PartitionName=lab Nodes=ALL Default=YES MaxTime=INFINITE State=UP
	EOF
}

# slurm_db: Slurm's accounting, for sacct: a MariaDB server of the test's
# own (its data in $SLURM_DIR/db, on a free loopback port), and slurmdbd
# beside slurm.conf, on another.
slurm_db() {
	_db=$SLURM_DIR/db
	mkdir -p "$_db" "$SLURM_DIR/dbd" &&
	mariadb-install-db --no-defaults --datadir="$_db/data" --user="$(id -un)" \
		--auth-root-authentication-method=normal --skip-test-db \
		>"$_db/install.log" 2>&1 || { cat "$_db/install.log" >&2; return 1; }
	free_port >"$_db/port" && free_port >"$SLURM_DIR/dbd/port" || return 1
	mariadbd --no-defaults --datadir="$_db/data" --user="$(id -un)" \
		--bind-address=127.0.0.1 --port="$(cat "$_db/port")" \
		--socket="$_db/socket" --pid-file="$_db/pid" \
		--log-error="$_db/log" --skip-name-resolve </dev/null >/dev/null 2>&1 &
	slurm_wait 60 mariadb --no-defaults -S "$_db/socket" -u root -e 'select 1' \
		>/dev/null 2>&1 || { cat "$_db/log" >&2; return 1; }
	mariadb --no-defaults -S "$_db/socket" -u root -e "
		CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY 'lavatest';
		GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';" || return 1
	cat >"$SLURM_DIR/slurmdbd.conf" <<-EOF || return 1
	AuthType=auth/munge
	AuthInfo=socket=$SLURM_DIR/munge/socket
	DbdHost=localhost
	DbdAddr=127.0.0.1
	DbdPort=$(cat "$SLURM_DIR/dbd/port")
	SlurmUser=$(id -un)
	PidFile=$SLURM_DIR/dbd/pid
	LogFile=$SLURM_DIR/dbd/log
	StorageType=accounting_storage/mysql
	StorageHost=127.0.0.1
	StoragePort=$(cat "$_db/port")
	StorageUser=slurm
	StoragePass=lavatest
	StorageLoc=slurm_acct_db
	EOF
	chmod 600 "$SLURM_DIR/slurmdbd.conf" &&
	slurmdbd </dev/null || return 1
	slurm_wait 60 listening "$(cat "$SLURM_DIR/dbd/port")"
}

# listening PORT: a server takes connections on the loopback PORT.
listening() {
	python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
		"$1" 2>/dev/null
}

# slurm_start LAB KILLWAIT: start munged, slurmdbd (slurm_db), slurmctld
# and a slurmd for each host of the inventory LAB, and wait until every
# node is idle.
slurm_start() {
	mkdir -p "$SLURM_DIR/munge" "$SLURM_DIR/ctld" "$SLURM_DIR/d" &&
	# munged wants every directory above its socket open to all.
	chmod 711 "$TRASH" && chmod 755 "$SLURM_DIR" "$SLURM_DIR/munge" &&
	dd if=/dev/urandom of="$SLURM_DIR/munge/key" bs=1024 count=1 2>/dev/null &&
	chmod 400 "$SLURM_DIR/munge/key" &&
	: >"$SLURM_DIR/plugstack.conf" &&
	lava-lab -f "$1" slurm >"$SLURM_DIR/lab-nodes.conf" &&
	lava-lab -f "$1" gres >"$SLURM_DIR/gres.conf" || return 1
	munged --socket="$SLURM_DIR/munge/socket" --key-file="$SLURM_DIR/munge/key" \
		--pid-file="$SLURM_DIR/munge/pid" --seed-file="$SLURM_DIR/munge/seed" \
		--log-file="$SLURM_DIR/munge/log" </dev/null >/dev/null || return 1
	slurm_db && slurm_conf "$2" || return 1
	slurmctld -f "$SLURM_CONF" </dev/null || return 1
	sed -n 's/^NodeName=\([^ ]*\).*/\1/p' "$SLURM_DIR/lab-nodes.conf" >"$SLURM_DIR/nodes"
	while read -r node; do
		mkdir -p "$SLURM_DIR/d/$node" &&
		slurmd -N "$node" -f "$SLURM_CONF" </dev/null || return 1
	done <"$SLURM_DIR/nodes"
	slurm_wait 60 slurm_idle
}

# slurm_idle: every node answers and none is down.
slurm_idle() {
	sinfo -h -o '%t' >"$SLURM_DIR/states" 2>/dev/null &&
	test -s "$SLURM_DIR/states" &&
	! grep -qv '^idle$' "$SLURM_DIR/states"
}

# slurm_done ID...: none of the jobs is in the queue any more.
slurm_done() {
	[ $# -gt 0 ] || { echo "slurm_done: no job" >&2; return 1; }
	for _j in "$@"; do
		_s=$(squeue -h -j "$_j" -o %T 2>/dev/null) || return 1
		[ -z "$_s" ] || return 1
	done
}

# slurm_stop: cancel every job, wait for the queue to empty, stop the
# daemons by the pids they wrote, and wait until they are gone.
slurm_stop() {
	[ -d "$SLURM_DIR" ] || return 0
	if [ -s "$SLURM_DIR/ctld/pid" ]; then
		scancel --quiet --full --user="$(id -un)" 2>/dev/null
		slurm_wait 30 slurm_empty
	fi
	for _p in "$SLURM_DIR"/d/*.pid "$SLURM_DIR/ctld/pid" "$SLURM_DIR/dbd/pid" \
		"$SLURM_DIR/db/pid" "$SLURM_DIR/munge/pid"; do
		[ -s "$_p" ] || continue
		_pid=$(cat "$_p")
		kill -TERM "$_pid" 2>/dev/null || continue
		slurm_wait 20 slurm_gone "$_pid" || kill -KILL "$_pid"
	done
}

# slurm_empty: the queue is empty.
slurm_empty() {
	[ -z "$(squeue -h -o %i 2>/dev/null)" ]
}

# slurm_gone PID: the process is no more.
slurm_gone() {
	! kill -0 "$1" 2>/dev/null
}
