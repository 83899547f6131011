#!/bin/sh
# The job's nonce on the device, under every shell: lava-signal puts the
# nonce of lava.conf behind every signal (before its ACK token), the
# runner behind its end marker, and lava-sigscan -N takes them all as the
# job's own; a nonce that is not one is not sent, and is said so.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/device/lib.sh
. "$LAVA_SRC/t/data/device/lib.sh"

D=$LAVA_SRC/t/data/device
MKTREE_NONCE=1
export D MKTREE_NONCE

for sh in $SHELLS; do
	shell_ready "the nonce" || continue
	T=$TRASH/$sh/lava
	export T

	test_expect_success "$sh: every signal and the end marker carry the nonce" '
		mkdir -p "$sh" && cd "$sh" &&
		mktree "$T" 1 smoke "$D/smoke.install" "$D/smoke.run" &&
		setbin "$T" "$interp" &&
		N=$(sed -n -e "s/^LAVA_NONCE=.\([0-9a-f]*\).$/\1/p" "$T/lava.conf") &&
		test ${#N} -eq 32 &&
		{
			LAVA_ACK_TIMEOUT=30 "$T/bin/lava-test-runner" 2>err
			echo $? >rc
		} | host "$T/ack" >console &&
		echo 0 >expect && test_cmp expect rc &&
		test_cmp /dev/null err &&
		grep -c "<LAVA_SIGNAL_" console >n.signals &&
		test "$(cat n.signals)" -ge 10 &&
		grep -c "<LAVA_SIGNAL_[^>]*><LAVA_NONCE $N><LAVA_ACK [A-Za-z0-9._-]*>\$" console >n.nonce &&
		test_cmp n.signals n.nonce &&
		tail -n 1 console >last &&
		echo "<LAVA_TEST_RUNNER>: exiting<LAVA_NONCE $N>" >expect &&
		test_cmp expect last
	'

	test_expect_success "$sh: lava-sigscan -N takes them all as the job's" '
		cd "$sh" &&
		N=$(sed -n -e "s/^LAVA_NONCE=.\([0-9a-f]*\).$/\1/p" "$T/lava.conf") &&
		lava-sigscan -N "$N" <console >records 2>scan.err &&
		test_cmp /dev/null scan.err &&
		cut -f 4 records | sort | uniq -c | sed -e "s/^ *//" >kinds &&
		printf "%s\n" "1 ENDRUN" "1 EXIT" "2 ENDTC" "1 STARTRUN" "2 STARTTC" \
		    "4 TESTCASE" "1 TESTREFERENCE" "2 TESTSET" | sort >expect &&
		LC_ALL=C sort kinds >k && LC_ALL=C sort expect >e && test_cmp e k &&
		test "$(cut -f 3 records | grep -vc "^-\$")" -eq 13
	'

	test_expect_success "$sh: another job's nonce makes every signal FOREIGN" '
		cd "$sh" &&
		test_status 0 lava-sigscan -N 0123456789abcdef0123456789abcdef \
		    <console >records 2>scan.err &&
		cut -f 4 records | sort -u >kinds &&
		echo FOREIGN >expect && test_cmp expect kinds &&
		cut -f 3 records | sort -u >tokens &&
		echo - >expect && test_cmp expect tokens &&
		test_grep "stdin:[0-9]*: signal STARTRUN with another job.s nonce: ignored (a FOREIGN record)" scan.err
	'

	test_expect_success "$sh: a nonce that is not one is not sent" '
		cd "$sh" &&
		sed -e "s/^LAVA_NONCE=.*/LAVA_NONCE=\"a b<\"/" "$T/lava.conf" >conf &&
		cp conf "$T/lava.conf" &&
		LAVA_SYNC=0 "$T/bin/lava-signal" X a >out 2>err &&
		echo "<LAVA_SIGNAL_X a>" >expect && test_cmp expect out &&
		test_grep "lava-signal: LAVA_NONCE in lava.conf is not a nonce, not sent" err
	'
done

test_done
