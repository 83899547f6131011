#!/bin/sh
# A MultiNode group on local sandbox devices, through the real
# lava-coordinator: a server says where it listens, the client waits for
# it and reads the value, both meet at a barrier; and what goes wrong: a
# coordinator out of reach, a role that never comes, a device killed
# mid-wait, a coordinator killed mid-job.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/multinode/lib.sh
. "$LAVA_SRC/t/data/multinode/lib.sh"
# shellcheck source=t/data/multinode/mkjob.sh
. "$LAVA_SRC/t/data/multinode/mkjob.sh"

if ! command -v lava-coordinator >/dev/null; then
	test_skip "MultiNode jobs" "lava-coordinator is not installed"
	test_done
fi
LAVA_MULTINODE_POLL=0.2
export LAVA_MULTINODE_POLL

# cases JOB: "RUN CASE RESULT" of its bundle.
cases() {
	jq -r '.test_runs[] | .test_id as $r | .test_results[] |
	    "\($r) \(.test_case_id) \(.result)"' "$1" | sort
}

cat >server.steps <<'EOF'
lava-send server-ready ipaddr=127.0.0.9 'note=$1;|&`id`'
lava-sync done
lava-test-case role --shell test "$(lava-role)" = server
lava-test-case group --shell test "$(lava-group client)" = client
EOF
cat >client.steps <<'EOF'
lava-wait server-ready
lava-test-case got-ip --shell grep -qx server:ipaddr=127.0.0.9 /tmp/lava_multi_node_cache.txt
lava-test-case got-note --shell grep -qxF 'server:note=$1;|&`id`' /tmp/lava_multi_node_cache.txt
lava-sync done
EOF
mkjob 30 server.steps client.steps >group.yaml || exit 1
# Each device keeps LAVA's cache in the /tmp of its own sandbox.

test_expect_success 'lava-multinode runs both roles, each with its JOB, log and bundle' '
	lava-multinode -o g group.yaml >out 2>err &&
	printf "server\tserver\t-\nclient\tclient\t-\n" >expect &&
	test_cmp expect g/group.tsv &&
	cases g/server/bundle.json >actual &&
	cat >expect <<-\EOF &&
	server group pass
	server multinode-send-server-ready pass
	server multinode-sync-done pass
	server role pass
	EOF
	test_cmp expect actual &&
	cases g/client/bundle.json >actual &&
	cat >expect <<-\EOF &&
	client got-ip pass
	client got-note pass
	client multinode-sync-done pass
	client multinode-wait-server-ready pass
	EOF
	test_cmp expect actual &&
	test_grep "^== server (server): exit 0" out &&
	test_grep "^== client (client): exit 0" out &&
	test -s g/server/console.log && test -s g/client/records.tsv
'

test_expect_success 'the answer reached the client on the ACK path, checked' '
	test_grep "^printf .%s.n. .ok ack server:ipaddr=127.0.0.9 server:note=\$1;|&\`id\`. >" \
	    g/client/console.log
'

test_expect_success 'the group bundle holds both roles'\'' runs, marked, and a JUnit report' '
	jq -r ".test_runs[] | .attributes | [.\"multinode.client\", .\"multinode.role\"] | @tsv" \
	    g/bundle.json >actual &&
	printf "server\tserver\nclient\tclient\n" >expect &&
	test_cmp expect actual &&
	test "$(jq "[.test_runs[].test_results[]] | length" g/bundle.json)" = 8 &&
	xmllint --noout g/results.xml
'

test_expect_success 'the private coordinator is gone when the group ends' '
	pid=$(pgrep -f "lava-coordinator --logfile g/coordinator/") ; test -z "$pid"
'

test_expect_success 'a coordinator out of reach is an infrastructure error at the start' '
	start=$(date +%s) &&
	test_status 1 lava-runjob -r server -c "127.0.0.1:$(free_port)" -g g1 -o one \
	    group.yaml >out 2>err &&
	test $(($(date +%s) - start)) -le 20 &&
	test_grep "infrastructure error: server cannot join group g1" err &&
	test_grep "not reachable" err &&
	test ! -e one/console.log
'

test_expect_success 'a MultiNode job needs its group: refused without -r, -c, -g' '
	test_status 2 lava-runjob -o one group.yaml >out 2>err &&
	test_grep "group.yaml: a MultiNode job: --role names the device" err &&
	test ! -e one &&
	test_status 2 lava-runjob -r server -o one group.yaml 2>err &&
	test_grep "usage: lava-runjob" err &&
	test_status 2 lava-runjob -r nobody -c 127.0.0.1:1 -g g1 -o one group.yaml 2>err &&
	test_grep "not a device of the group" err
'

coord_start || exit 1

test_expect_success 'a role that never comes: the other fails to join at the time limit' '
	printf "true\n" >s.steps &&
	mkjob 3 s.steps s.steps >short.yaml &&
	test_status 1 lava-runjob -r server -c "$COORD" -g lonely -o lone short.yaml \
	    >out 2>err &&
	test_grep "group_data : no answer within 3 s" err &&
	test_grep "infrastructure error: server cannot join group lonely" err
'

test_expect_success 'a device killed mid-wait: the other'\''s wait fails at its limit, not a hang' '
	printf "%s\n" "sleep 119.75" "lava-send late" >s.steps &&
	printf "%s\n" "lava-wait late" >c.steps &&
	mkjob 6 s.steps c.steps >dies.yaml &&
	{ lava-multinode -c "$COORD" -o d dies.yaml >out 2>err; echo $? >rc; } &
	i=0 && until sleep_pids 119.75 | head -n 1 >server.pid && [ -s server.pid ] || [ $i -ge 600 ]; do sleep 0.1; i=$((i + 1)); done &&
	pg=$(cut -d " " -f 5 "/proc/$(cat server.pid)/stat") &&
	kill -s KILL -- "-$pg" &&
	wait &&
	echo 1 >expect && test_cmp expect rc &&
	test_grep "^== server (server): exit 1" out &&
	test_grep "console closed before the runner ended" d/server.log &&
	cases d/client/bundle.json >actual &&
	echo "client multinode-wait-late fail" >expect &&
	test_cmp expect actual &&
	test_grep "late: no answer from the group within 6 s" d/client/console.log
'

test_expect_success 'a coordinator killed mid-job: the wait fails at its limit, the job ends' '
	printf "%s\n" "lava-wait never" >c.steps &&
	mkjob 5 c.steps c.steps >kill.yaml &&
	{ lava-multinode -c "$COORD" -o k kill.yaml >out 2>err; echo $? >rc; } &
	i=0 && until grep -qs MULTINODE_WAIT k/client/console.log || [ $i -ge 600 ]; do
		sleep 0.1; i=$((i + 1)); done &&
	kill "$COORD_PID" &&
	wait &&
	echo 0 >expect && test_cmp expect rc &&
	cases k/client/bundle.json >actual &&
	echo "client multinode-wait-never fail" >expect &&
	test_cmp expect actual &&
	test_grep "coordinator $COORD: " k/client.log
'

test_done
