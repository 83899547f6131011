#!/bin/sh
# The local device is a sandbox (lava-sandbox(1)): a definition's steps
# can change nothing of the host outside the job's tree: the host's files
# are read only, /tmp is its own, nothing it starts outlives it, and it
# has no network unless the job says network: true.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

if ! command -v bwrap >/dev/null; then
	test_skip "the sandbox" "bwrap is not installed"
	test_done
fi

# host: what a definition could change of this host, as paths, sizes,
# times and checksums; none of it is written by these tests.
host() {
	for f in /etc/resolv.conf /etc/shadow /etc/passwd /usr/bin/env; do
		[ ! -e "$f" ] || stat -c "%n %s %Y %i" "$f" || return 1
		# /etc/shadow is root's alone: a test run as another user
		# compares what it can read.
		[ ! -r "$f" ] || sha256sum "$f" || return 1
	done
	stat -c "%n %Y" /etc /usr /usr/bin /usr/local /usr/local/bin &&
	ls /usr /usr/local
}

# ifaces: the network interfaces of /proc/net/dev on stdin, sorted.
ifaces() {
	sed -n -e '3,$s/^ *\([^:]*\):.*/\1/p' | sort
}

test_expect_success 'lava-sandbox: the host read only, the -w directory written through, the rest thrown away' '
	mkdir dut &&
	lava-sandbox -w dut sh -c "echo in >f && pwd >pwd" &&
	echo in >expect && test_cmp expect dut/f &&
	(cd dut && pwd -P) >expect && test_cmp expect dut/pwd &&
	test_must_fail lava-sandbox sh -c "echo x >/usr/lava-sandbox-probe" 2>err &&
	test_grep "Read-only file system" err &&
	test ! -e /usr/lava-sandbox-probe &&
	lava-sandbox -w dut sh -c "echo x >$TRASH/outside && test -s $TRASH/outside" &&
	test ! -e outside
'
test_expect_success 'lava-sandbox: /tmp, /run and the homes are its own, empty' '
	echo secret >"$TRASH/host-file" &&
	lava-sandbox sh -c "ls -A /tmp /run /root /home" >actual &&
	printf "/home:\n\n/root:\n\n/run:\n\n/tmp:\n" >expect &&
	test_cmp expect actual &&
	test_must_fail lava-sandbox cat "$TRASH/host-file"
'
test_expect_success 'lava-sandbox: no network but its loopback; -n the host'"'"'s' '
	lava-sandbox cat /proc/net/dev | ifaces >actual &&
	echo lo >expect &&
	test_cmp expect actual &&
	ifaces </proc/net/dev >expect &&
	lava-sandbox -n cat /proc/net/dev | ifaces >actual &&
	test_cmp expect actual
'
# gone MARK: no process of this host runs "sleep MARK".
gone() {
	test -z "$(sleep_pids "$1")"
}
# kill_mark MARK: end what a failed test left, by its pid.
kill_mark() {
	for p in $(sleep_pids "$1"); do kill "$p"; done
}
trap 'kill_mark 41.5; kill_mark 42.5; test_cleanup' EXIT
test_expect_success 'lava-sandbox: nothing it starts outlives it, not even a new session' '
	lava-sandbox sh -c "setsid sleep 41.5 </dev/null >/dev/null 2>&1 & sleep 0.2" &&
	gone 41.5
'
test_expect_success 'lava-sandbox: bad usage' '
	test_status 2 lava-sandbox -w no-such-dir true 2>err &&
	test_grep "no-such-dir: not a directory" err &&
	test_status 2 lava-sandbox 2>err &&
	test_grep "^usage: lava-sandbox" err &&
	test_status 3 lava-sandbox sh -c "exit 3"
'

# The definition tries what real ones do in their install steps; its
# first run step ends the run should it ever find the host writable.
test_expect_success 'the local device: apt-get, rm /etc/resolv.conf, writing /usr change nothing' '
	host >before &&
	cat >harm.yaml <<-EOF &&
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: harm
	install:
	  deps: [hello]
	  steps:
	  - echo install steps run
	run:
	  steps:
	  - test ! -w /usr || exit 1
	  - lava-test-case rm-resolv-conf --shell rm -f /etc/resolv.conf
	  - lava-test-case write-usr --shell sh -c "echo x >/usr/lava-sandbox-probe"
	  - lava-test-case apt-get --shell apt-get install -y -q hello
	  - lava-test-case passwd --shell sh -c "echo root:lava | chpasswd"
	  - lava-test-case host-tmp --shell test -e "$TRASH/before"
	  - lava-test-case own-tmp --shell sh -c "echo x >/tmp/x && test -s /tmp/x"
	  - lava-test-case tree --shell sh -c "echo x >tree-file"
	  - setsid sleep 42.5 </dev/null >/dev/null 2>&1 &
	EOF
	lava-runjob -t 120 -o job harm.yaml >out 2>err &&
	host >after &&
	test_cmp before after &&
	test ! -e /usr/lava-sandbox-probe &&
	gone 42.5 &&
	jq -r ".test_runs[0].test_results[] | .test_case_id + \" \" + .result" job/bundle.json >actual &&
	cat >expect <<-\EOF &&
	rm-resolv-conf fail
	write-usr fail
	apt-get fail
	passwd fail
	host-tmp fail
	own-tmp pass
	tree pass
	EOF
	test_cmp expect actual &&
	test_grep "Read-only file system" job/console.log &&
	test_grep "install.deps: this device installs no packages; not installed: hello" job/console.log &&
	test_grep "install steps run" job/console.log
'
test_expect_success 'the local device has no network; network: true gives the host'"'"'s' '
	cat >net.yaml <<-\EOF &&
	definitions:
	- from: inline
	  name: net
	  path: inline/net.yaml
	  repository:
	    metadata: {format: Lava-Test Test Definition 1.0, name: net}
	    run:
	      steps:
	      - cat /proc/net/dev >"$LAVA_RESULT_DIR/net-dev"
	EOF
	lava-runjob -t 120 -o no-net net.yaml >out 2>err &&
	cat no-net/results/0_net-*/net-dev | ifaces >actual &&
	echo lo >expect &&
	test_cmp expect actual &&
	test ! -e no-net/network &&
	printf "network: true\n" >>net.yaml &&
	lava-runjob -t 120 -o net net.yaml >out 2>err &&
	echo on >expect &&
	test_cmp expect net/network &&
	ifaces </proc/net/dev >expect &&
	cat net/results/0_net-*/net-dev | ifaces >actual &&
	test_cmp expect actual
'
test_expect_success 'network: anything but true or false is refused where it is' '
	printf "definitions: []\nnetwork: sometimes\n" >bad.yaml &&
	test_status 2 lava-tdload -o bad bad.yaml 2>err &&
	test_grep "bad.yaml:2:10: network: not true or false" err
'
test_done
