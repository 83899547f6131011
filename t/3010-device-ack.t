#!/bin/sh
# lava-signal and the ACK handshake from the device's side, under every
# shell: an early ACK is not lost, a stray or late ACK never blocks the
# writer nor releases another wait, no ACK costs one time limit, and
# without mkfifo the helper polls for a plain file.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/device/lib.sh
. "$LAVA_SRC/t/data/device/lib.sh"

echo "lava-test-case ok --result pass" >steps

# await FILE CMD...: poll until CMD succeeds, at most 600 times 0.1 s (a
# guard against a hang, not a measure of speed).
await() {
	_n=0
	until "$@"; do
		_n=$((_n + 1))
		[ "$_n" -lt 600 ] || { echo "await: gave up on: $*" >&2; return 1; }
		sleep 0.1
	done
}

# fifo_in DIR: DIR holds a FIFO.
fifo_in() {
	[ -n "$(find "$1" -type p)" ]
}

# token_in FILE: FILE holds a signal with a whole token (the line may be
# caught half written).
token_in() {
	grep -q "<LAVA_ACK [^>]*>" "$1"
}

# plant DIR HELPER ARG...: a stale ACK file in DIR for each token this
# process could get in the next three seconds (its pid, the uptime in
# hundredths), then exec HELPER ARG... in this process.
cat >plant <<'EOF'
d=$1 h=$2
shift 2
read -r up _ </proc/uptime
for u in $(awk -v t="$up" 'BEGIN { for (i = 0; i <= 300; i++) printf "%.2f\n", t + i / 100 }'); do
	echo ok >"$d/$$-$u"
done
echo "$$" >"${0%/*}/planted"
exec "$h" "$@"
EOF

# Without mkfifo, as on old Android: a mkfifo that always fails.
mkdir nofifo &&
	printf '#!/bin/sh\necho "mkfifo: Operation not permitted" >&2\nexit 1\n' \
	    >nofifo/mkfifo && chmod 755 nofifo/mkfifo || exit 1

for sh in $SHELLS; do
	shell_ready "lava-signal" || continue
	T=$TRASH/$sh/lava
	S=$T/bin/lava-signal
	A=$T/ack
	export sh interp T S A
	mkdir -p "$sh" && (cd "$sh" && mktree "$T" 1 x - "$TRASH/steps" &&
		setbin "$T" "$interp" && mkdir -p "$A") || exit 1

	test_expect_success "$sh: without sync a signal has no token and does not wait" '
		LAVA_SYNC=0 "$S" STARTTC tc1 >out 2>err &&
		echo "<LAVA_SIGNAL_STARTTC tc1>" >expect &&
		test_cmp expect out && test_cmp /dev/null err
	'

	test_expect_success "$sh: parameters cannot break the signal; a bad name is refused" '
		LAVA_SYNC=0 "$S" TESTRAISE "a<b>c" "x y" "$(printf "t\tu")" >out &&
		echo "<LAVA_SIGNAL_TESTRAISE a_b_c x_y t_u>" >expect &&
		test_cmp expect out &&
		test_status 2 "$S" "BAD>" >out 2>err &&
		test_cmp /dev/null out &&
		test_grep "bad signal name" err &&
		test_status 2 "$S" >out 2>err &&
		test_grep "^usage: lava-signal" err &&
		"$S" -h >out &&
		test_grep "^usage: lava-signal" out
	'

	test_expect_success "$sh: the host ACK releases the wait; the FIFO is removed" '
		{
			LAVA_SYNC=1 LAVA_ACK_TIMEOUT=60 "$S" STARTTC tc1 2>err
			echo $? >rc
		} | host "$A" >console &&
		echo 0 >expect && test_cmp expect rc &&
		test_cmp /dev/null err &&
		test_grep "^<LAVA_SIGNAL_STARTTC tc1><LAVA_ACK [A-Za-z0-9._-]*>\$" console &&
		tok=$(tokens <console) &&
		test ! -e "$A/$tok"
	'

	test_expect_success "$sh: an ACK written before the wait begins is not lost" '
		# A full console pipe holds the helper in its printf, after it
		# made its FIFO and before it reads: the ACK comes first.
		{
			head -c 65536 /dev/zero
			LAVA_SYNC=1 LAVA_ACK_TIMEOUT=60 "$S" STARTTC early 2>err
			echo $? >rc
		} | {
			await fifo_in "$A" &&
			f=$(find "$A" -type p) &&
			echo ok >"$f" &&
			basename "$f" >acked &&
			tr -d "\\000" >console
		} &&
		echo 0 >expect && test_cmp expect rc &&
		test_cmp /dev/null err &&
		tokens <console >actual &&
		test_cmp acked actual &&
		test ! -e "$A/$(cat acked)"
	'

	test_expect_success "$sh: no ACK costs one time limit, then a message and status 1" '
		test_status 1 env LAVA_SYNC=1 LAVA_ACK_TIMEOUT=1 "$S" STARTTC lost \
		    >console 2>err &&
		tok=$(tokens <console) && test -n "$tok" &&
		test_grep "no ACK for STARTTC within 1 s" err &&
		test ! -e "$A/$tok" &&
		echo "$tok" >"$TRASH/$sh.late"
	'

	test_expect_success "$sh: a late ACK does not block the writer and releases no later wait" '
		tok=$(cat "$TRASH/$sh.late") &&
		timeout 60 sh -c "echo ok >\"\$1/\$2\"" sh "$A" "$tok" &&
		test -f "$A/$tok" &&
		test_status 1 env LAVA_SYNC=1 LAVA_ACK_TIMEOUT=1 "$S" STARTTC next \
		    >console 2>err &&
		test_grep "no ACK for STARTTC" err &&
		test "$(tokens <console)" != "$tok"
	'

	test_expect_success "$sh: a stray ACK does not block the writer and releases no wait" '
		timeout 60 sh -c "echo ok >\"\$1/stray-1\"" sh "$A" &&
		test -f "$A/stray-1" &&
		test_status 1 env LAVA_SYNC=1 LAVA_ACK_TIMEOUT=1 "$S" STARTTC s \
		    >console 2>err &&
		test_grep "no ACK for STARTTC" err
	'

	test_expect_success "$sh: a stale file named like the new token is removed before the wait" '
		# The token is the pid and the uptime in hundredths of a
		# second: plant files for this pid and the next three seconds,
		# then exec the helper.
		test_status 1 env LAVA_SYNC=1 LAVA_ACK_TIMEOUT=1 sh "$TRASH/plant" \
		    "$A" "$S" STARTTC stale >console 2>err &&
		test_grep "no ACK for STARTTC" err &&
		tok=$(tokens <console) &&
		test -n "$tok" &&
		test "${tok%%-*}" = "$(cat "$TRASH/planted")" &&
		test ! -e "$A/$tok"
	'

	test_expect_success "$sh: an ACK releases only the wait of its own token" '
		cd "$sh" &&
		for w in one two; do
			{
				LAVA_SYNC=1 LAVA_ACK_TIMEOUT=60 "$S" STARTTC "$w" >"$w.out" 2>"$w.err"
				echo $? >"$w.rc"
			} &
		done &&
		await token_in one.out && await token_in two.out &&
		echo ok >"$A/$(tokens <two.out)" &&
		await test -s two.rc &&
		test ! -s one.rc &&
		echo ok >"$A/$(tokens <one.out)" &&
		wait &&
		echo 0 >expect && test_cmp expect one.rc && test_cmp expect two.rc
	'

	test_expect_success "$sh: with no ACK dir the signal goes out without a token" '
		mkdir -p "$sh/bare" && cp -R "$T/bin" "$sh/bare/" &&
		: >afile &&
		test_status 1 env LAVA_SYNC=1 LAVA_ACK_DIR="$TRASH/afile/ack" \
		    "$sh/bare/bin/lava-signal" STARTTC x >out 2>err &&
		echo "<LAVA_SIGNAL_STARTTC x>" >expect &&
		test_cmp expect out &&
		test_grep "cannot wait for an ACK" err
	'

	test_expect_success "$sh: without mkfifo the helper polls for a plain file" '
		{
			PATH=$TRASH/nofifo:$PATH LAVA_SYNC=1 LAVA_ACK_TIMEOUT=60 \
			    "$S" STARTTC poll 2>err
			echo $? >rc
		} | host "$A" >console &&
		echo 0 >expect && test_cmp expect rc &&
		test_cmp /dev/null err &&
		tok=$(tokens <console) &&
		test ! -e "$A/$tok"
	'

	test_expect_success "$sh: an answer with data lands in LAVA_SIGNAL_ANSWER, one word a line" '
		{
			LAVA_SIGNAL_ANSWER=$TRASH/$sh.ans LAVA_ACK_TIMEOUT=60 \
			    "$S" MULTINODE_WAIT ready >"$sh.con" 2>"$sh.err"
			echo $? >"$sh.rc"
		} &
		await token_in "$sh.con" &&
		tok=$(tokens <"$sh.con") &&
		# The line lava-sigroute types, run by a shell as the console would.
		sh -c "printf '\''%s\\n'\'' '\''ok ack server:ip=10.0.0.1 x=\$(id);\`a\`|&'\'' >\"\$1\"" \
		    sh "$A/$tok" &&
		wait &&
		echo 0 >expect && test_cmp expect "$sh.rc" &&
		test_cmp /dev/null "$sh.err" &&
		printf "%s\\n" ack server:ip=10.0.0.1 "x=\$(id);\`a\`|&" >expect &&
		test_cmp expect "$TRASH/$sh.ans"
	'

	test_expect_success "$sh: an answer with a byte the host never types is dropped whole" '
		{
			LAVA_SIGNAL_ANSWER=$TRASH/$sh.ans LAVA_ACK_TIMEOUT=60 \
			    "$S" MULTINODE_WAIT bad >"$sh.bad.con" 2>"$sh.bad.err"
			echo $? >"$sh.bad.rc"
		} &
		await token_in "$sh.bad.con" &&
		printf "ok ack k=a'\''b\\n" >"$A/$(tokens <"$sh.bad.con")" &&
		wait &&
		echo 1 >expect && test_cmp expect "$sh.bad.rc" &&
		test_grep "bad byte in the answer to MULTINODE_WAIT" "$sh.bad.err" &&
		test_cmp /dev/null "$TRASH/$sh.ans"
	'

	test_expect_success "$sh: without mkfifo no ACK still costs one limit" '
		test_status 1 env PATH="$TRASH/nofifo:$PATH" LAVA_SYNC=1 \
		    LAVA_ACK_TIMEOUT=1 "$S" STARTTC poll >console 2>err &&
		test_grep "no ACK for STARTTC within 1 s" err
	'
done

test_done
