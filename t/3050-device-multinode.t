#!/bin/sh
# The MultiNode helpers on the device, under every shell: lava-role,
# lava-group and lava-self read the group lava-runjob wrote; lava-send,
# lava-wait, lava-wait-all and lava-sync check what they send and every
# byte of the answer, write LAVA's cache file and print its lines.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/device/lib.sh
. "$LAVA_SRC/t/data/device/lib.sh"

echo "true" >steps

# answer_with LINE HELPER ARG...: run HELPER, answer its signal with LINE
# as the typed ACK would; its stdout (the console) in con, without the
# signals in out, stderr in err, status in rc.
answer_with() {
	_line=$1
	shift
	rm -f out err rc con
	{
		"$@" 2>err
		echo $? >rc
	} | while IFS= read -r _l; do
		printf '%s\n' "$_l" >>con
		_tok=$(printf '%s\n' "$_l" | tokens)
		[ -z "$_tok" ] || printf '%s\n' "$_line" >"$A/$_tok"
	done
	touch con && grep -v '<LAVA_SIGNAL_' con >out
	[ -s rc ]
}

for sh in $SHELLS; do
	shell_ready "MultiNode helpers" || continue
	T=$TRASH/$sh/lava
	A=$T/ack
	B=$T/bin
	LAVA_MULTI_NODE_CACHE=$TRASH/$sh/cache
	export sh T A B LAVA_MULTI_NODE_CACHE
	mkdir -p "$sh" && (cd "$sh" && mktree "$T" 1 x - "$TRASH/steps" &&
		setbin "$T" "$interp" && mkdir -p "$A") || exit 1

	test_expect_success "$sh: outside a group the helpers say so" '
		test_status 1 "$B/lava-role" >out 2>err &&
		test_grep "lava-role: not a MultiNode job" err &&
		test_status 1 "$B/lava-wait" x >out 2>err &&
		test_grep "lava-wait: not a MultiNode job" err &&
		test_cmp /dev/null out
	'

	test_expect_success "$sh: lava-role, lava-role list, lava-self, lava-group [ROLE]" '
		printf "LAVA_ROLE='\''client'\''\nLAVA_SELF='\''client-2'\''\nLAVA_MULTINODE_TIMEOUT='\''5'\''\n" \
		    >"$T/multinode.conf" &&
		printf "client-1\tclient\nclient-2\tclient\nsrv\tserver\n" >"$T/multinode-group" &&
		"$B/lava-role" >out && printf client >expect && test_cmp expect out &&
		"$B/lava-role" list >out && printf "client\nserver\n" >expect &&
		test_cmp expect out &&
		"$B/lava-self" >out && echo client-2 >expect && test_cmp expect out &&
		"$B/lava-group" >out && test_cmp "$T/multinode-group" out &&
		"$B/lava-group" client >out && printf "client-1\nclient-2\n" >expect &&
		test_cmp expect out &&
		test_status 1 "$B/lava-group" nobody >out && test_cmp /dev/null out &&
		test_status 2 "$B/lava-role" other 2>err &&
		test_grep "usage: lava-role" err &&
		"$B/lava-self" -h >out && test_grep "^usage: lava-self" out
	'

	test_expect_success "$sh: what lava-send cannot send is refused before any signal" '
		for bad in "a=b" "it'\''s" "x y" "a\\b" "a<b" "\$(reboot)" "\${x}" "\$HOME"; do
			test_status 2 "$B/lava-send" "$bad" >out 2>err &&
			test_grep "lava-send: bad message id" err &&
			test_cmp /dev/null out || return 1
		done &&
		for bad in "k=it'\''s" "k=\$(reboot)" "k=a b" "novalue" "=v" "k=a\\b"; do
			test_status 2 "$B/lava-send" id "$bad" >out 2>err &&
			test_grep "lava-send: .*$(printf %s "$bad" | cut -c1-2)" err &&
			test_cmp /dev/null out || return 1
		done &&
		test_status 2 "$B/lava-send" 2>err && test_grep "usage: lava-send" err &&
		test_status 2 "$B/lava-wait" a b 2>err && test_grep "usage: lava-wait" err &&
		test_status 2 "$B/lava-wait-all" a b c 2>err &&
		test_grep "usage: lava-wait-all" err
	'

	test_expect_success "$sh: lava-send: its signal, and the host'\''s ack" '
		answer_with "ok ack" "$B/lava-send" ready "ip=10.0.2.15" "x=\$1;|&\`id\`" &&
		echo 0 >expect && test_cmp expect rc &&
		test_grep "^<LAVA_SIGNAL_MULTINODE_SEND ready ip=10.0.2.15 x=\$1;|&\`id\`><LAVA_ACK " con &&
		test_cmp /dev/null out && test_cmp /dev/null err
	'

	test_expect_success "$sh: lava-wait: the pairs to the cache and stdout, other words left out" '
		echo stale >"$LAVA_MULTI_NODE_CACHE" &&
		answer_with "ok ack srv:ip=10.0.2.15 srv:x=\$1;|&\`id\` stray" "$B/lava-wait" ready &&
		echo 0 >expect && test_cmp expect rc &&
		printf "%s\n" srv:ip=10.0.2.15 "srv:x=\$1;|&\`id\`" >expect &&
		test_cmp expect out && test_cmp expect "$LAVA_MULTI_NODE_CACHE" &&
		test_grep "^<LAVA_SIGNAL_MULTINODE_WAIT ready><LAVA_ACK " con
	'

	test_expect_success "$sh: lava-wait-all ROLE and lava-sync signal what they wait for" '
		answer_with "ok ack c1:n=1 c2:n=2" "$B/lava-wait-all" up client &&
		echo 0 >expect && test_cmp expect rc &&
		printf "c1:n=1\nc2:n=2\n" >expect && test_cmp expect out &&
		test_grep "^<LAVA_SIGNAL_MULTINODE_WAIT_ALL up client><LAVA_ACK " con &&
		answer_with "ok ack" "$B/lava-sync" done &&
		test_cmp /dev/null out && test ! -s "$LAVA_MULTI_NODE_CACHE" &&
		test_grep "^<LAVA_SIGNAL_MULTINODE_SYNC done><LAVA_ACK " con
	'

	test_expect_success "$sh: nack, timeout, or no handler: status 1, no cache, why on stderr" '
		echo stale >"$LAVA_MULTI_NODE_CACHE" &&
		answer_with "ok nack" "$B/lava-wait" x &&
		echo 1 >expect && test_cmp expect rc &&
		test_grep "refused x (nack)" err && test ! -e "$LAVA_MULTI_NODE_CACHE" &&
		answer_with "ok timeout" "$B/lava-sync" x &&
		test_cmp expect rc && test_grep "x: no answer from the group within 5 s" err &&
		answer_with "ok" "$B/lava-wait" x &&
		test_cmp expect rc && test_grep "no MultiNode handler answered" err &&
		answer_with "ok ack k=a'\''b" "$B/lava-wait" x &&
		test_cmp expect rc && test_grep "bad byte in the answer" err &&
		test_cmp /dev/null out
	'

	test_expect_success "$sh: in a test run, each call is a test case multinode-API-ID" '
		mkdir -p res/results &&
		LAVA_RESULT_DIR=$TRASH/res answer_with "ok ack" "$B/lava-sync" Done.1 &&
		echo pass >expect && test_cmp expect res/results/multinode-sync-done.1/result &&
		LAVA_RESULT_DIR=$TRASH/res answer_with "ok nack" "$B/lava-wait-all" x &&
		echo fail >expect && test_cmp expect res/results/multinode-wait_all-x/result
	'
done

test_done
