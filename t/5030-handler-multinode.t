#!/bin/sh
# multinode: the MultiNode handler against the real lava-coordinator of
# Debian's package: register, send, wait, wait-all, sync, their answers,
# and what a missing or vanished coordinator costs.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/multinode/lib.sh
. "$LAVA_SRC/t/data/multinode/lib.sh"

if ! command -v lava-coordinator >/dev/null; then
	test_skip "multinode handler" "lava-coordinator is not installed"
	test_done
fi
coord_start || exit 1
H=$LAVA_BUILD/handlers/multinode
export H LAVA_MULTINODE_POLL=0.1 LAVA_MULTINODE_TIMEOUT=5

# as CLIENT ROLE [SIZE] -- CMD...: CMD as device CLIENT of group g1.
as() {
	LAVA_SELF=$1 LAVA_ROLE=$2 LAVA_GROUP_SIZE=${3:-3} LAVA_GROUP=${G:-g1} \
	    LAVA_COORDINATOR=$COORD LAVA_HANDLER_ANSWER=$TRASH/ans.$1 \
	    "$H" signal "$4" "$5" ${6+"$6"} ${7+"$7"}
}

test_expect_success 'register waits for the whole group, then gives its devices and roles' '
	for c in srv:server c1:client c2:client; do
		LAVA_SELF=${c%:*} LAVA_ROLE=${c#*:} LAVA_GROUP_SIZE=3 LAVA_GROUP=g1 \
		    LAVA_COORDINATOR=$COORD "$H" register >"reg.${c%:*}" 2>"err.${c%:*}" &
	done &&
	wait &&
	printf "c1\tclient\nc2\tclient\nsrv\tserver\n" >expect &&
	sort reg.srv >actual && test_cmp expect actual &&
	sort reg.c1 >actual && test_cmp expect actual &&
	test_cmp /dev/null err.c2
'

test_expect_success 'lava_send then lava_wait: the sender'\''s pairs as CLIENT:KEY=VALUE' '
	as srv server 3 MULTINODE_SEND ready ipaddr=10.0.2.15 "x=\$1;|&\`a\`" bare &&
	echo ack >expect && test_cmp expect ans.srv &&
	as c1 client 3 MULTINODE_WAIT ready &&
	printf "%s\n" ack srv:ipaddr=10.0.2.15 "srv:x=\$1;|&\`a\`" >expect &&
	test_cmp expect ans.c1 &&
	grep -q "lava_send" "$TRASH/coordinator/coordinator.log"
'

test_expect_success 'lava_wait for a message nobody sends: timeout at the time limit' '
	start=$(date +%s) &&
	test_must_fail env LAVA_MULTINODE_TIMEOUT=2 sh -c "
		LAVA_SELF=c1 LAVA_ROLE=client LAVA_GROUP_SIZE=3 LAVA_GROUP=g1 \
		LAVA_COORDINATOR=$COORD LAVA_HANDLER_ANSWER=$TRASH/ans.c1 \
		\"$H\" signal MULTINODE_WAIT never" 2>err &&
	test $(($(date +%s) - start)) -le 10 &&
	echo timeout >expect && test_cmp expect ans.c1 &&
	test_grep "lava_wait never: no answer within 2 s" err
'

test_expect_success 'the handler call'\''s own limit shortens the wait' '
	test_must_fail env LAVA_HANDLER_TIMEOUT=4 LAVA_MULTINODE_TIMEOUT=300 sh -c "
		LAVA_SELF=c1 LAVA_ROLE=client LAVA_GROUP_SIZE=3 LAVA_GROUP=g1 \
		LAVA_COORDINATOR=$COORD LAVA_HANDLER_ANSWER=$TRASH/ans.c1 \
		\"$H\" signal MULTINODE_WAIT never2" 2>err &&
	test_grep "no answer within 2 s" err
'

test_expect_success 'lava_sync releases every device only when all three reached it' '
	rm -f ans.* &&
	as srv server 3 MULTINODE_SYNC s1 &
	as c1 client 3 MULTINODE_SYNC s1 &
	sleep 1 &&
	test ! -e ans.srv && test ! -e ans.c1 &&
	as c2 client 3 MULTINODE_SYNC s1 &&
	wait &&
	echo ack >expect &&
	test_cmp expect ans.srv && test_cmp expect ans.c1 && test_cmp expect ans.c2
'

test_expect_success 'lava_wait_all ROLE: the pairs of the role'\''s devices' '
	as c1 client 3 MULTINODE_SEND up n=1 &&
	as c2 client 3 MULTINODE_SEND up n=2 &&
	as srv server 3 MULTINODE_WAIT_ALL up client &&
	printf "%s\n" ack c1:n=1 c2:n=2 >expect &&
	test_cmp expect ans.srv
'

test_expect_success 'lava_wait_all of a message nobody sent: nack, as the coordinator says' '
	test_must_fail as srv server 3 MULTINODE_WAIT_ALL nobody 2>err &&
	echo nack >expect && test_cmp expect ans.srv
'

test_expect_success 'other events and signals are not the handler'\''s: status 0, no answer' '
	rm -f ans.x &&
	LAVA_HANDLER_ANSWER=$TRASH/ans.x "$H" starttc tc1 &&
	LAVA_HANDLER_ANSWER=$TRASH/ans.x "$H" signal TESTCASE RESULT=pass &&
	test ! -e ans.x
'

test_expect_success 'no coordinator settings: nack and a clear message' '
	test_must_fail env -u LAVA_COORDINATOR LAVA_HANDLER_ANSWER=$TRASH/ans.x \
	    "$H" signal MULTINODE_SYNC x 2>err &&
	test_grep "LAVA_COORDINATOR is not set: not a MultiNode job" err &&
	echo nack >expect && test_cmp expect ans.x
'

test_expect_success 'an unreachable coordinator fails register at once' '
	start=$(date +%s) &&
	test_must_fail env LAVA_SELF=a LAVA_ROLE=a LAVA_GROUP_SIZE=2 LAVA_GROUP=g9 \
	    LAVA_COORDINATOR=127.0.0.1:$(free_port) "$H" register >out 2>err &&
	test $(($(date +%s) - start)) -le 10 &&
	test_grep "not reachable" err && test_cmp /dev/null out
'

test_expect_success 'a coordinator killed mid-wait: the wait ends at its limit' '
	G=g2 as a server 2 MULTINODE_WAIT late 2>err &
	# Killed once the handler has reached it (its first request makes the
	# group), not after a guess at how long that takes on a loaded host.
	n=0 &&
	until grep -q "The g2 group" "$TRASH/coordinator/coordinator.log"; do
		n=$((n + 1)) && test "$n" -le 600 && sleep 0.1 || return 1
	done &&
	kill "$COORD_PID" &&
	wait $! ; echo $? >rc &&
	echo 1 >expect && test_cmp expect rc &&
	echo timeout >expect && test_cmp expect ans.a &&
	test_grep "no answer within 5 s" err
'

test_done
