#!/bin/sh
# LAVA's helpers for device facts and background processes
# (lava-target-ip(1)) under every shell: the device file's values first,
# the device's own where it has them, nothing where it has none (the
# local device's sandbox), and a background process stopped whole.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/device/lib.sh
. "$LAVA_SRC/t/data/device/lib.sh"

echo "true" >steps

# gone MARK: no process of this host runs "sleep MARK".
gone() {
	test -z "$(sleep_pids "$1")"
}
# kill_mark MARK: end what a failed test left, by its pid.
kill_mark() {
	for p in $(sleep_pids "$1"); do kill "$p"; done
}
marks=
# shellcheck disable=SC2154 # m is the loop's
trap 'for m in $marks; do kill_mark $m; done; test_cleanup' EXIT

# The host's own default route interface and its addresses, to compare.
hostif=$(awk 'NR > 1 && $2 == "00000000" { print $1; exit }' /proc/net/route)
export hostif

test_expect_success 'lava-device: target_storage, METHOD ID pairs, checked where it is' '
	printf "connection_command: cat\ntarget_storage: SATA /dev/disk/by-id/ata-X, UMS /dev/sdb\n" >good.yaml &&
	lava-device -k target_storage good.yaml >out &&
	echo "SATA /dev/disk/by-id/ata-X, UMS /dev/sdb" >expect &&
	test_cmp expect out &&
	printf "connection_command: cat\ntarget_storage: SATA\n" >bad.yaml &&
	test_status 2 lava-device bad.yaml 2>err &&
	test_grep "^lava-device: bad.yaml:2:17: target_storage: not METHOD ID pairs" err
'

n=0
for sh in $SHELLS; do
	if ! interp=$(interp_of "$sh"); then
		test_skip "the helpers under $sh" "$sh is not installed"
		continue
	fi
	n=$((n + 1))
	B=$TRASH/$sh/lava/bin
	R=$TRASH/$sh/res/0_x-1
	M=$n$n.25
	marks="$marks $M"
	export sh interp B R M
	mkdir -p "$sh" && (cd "$sh" && mktree "$PWD/lava" 0 x - "$TRASH/steps" &&
		setbin "$PWD/lava" "$interp") || exit 1
	mkdir -p "$R" || exit 1

	test_expect_success "$sh: lava-echo-ipv4: the loopback's address; none, exit 1" '
		"$B/lava-echo-ipv4" lo >out &&
		echo 127.0.0.1 >expect && test_cmp expect out &&
		test_status 1 "$B/lava-echo-ipv4" no-such-if0 >out 2>err &&
		test_cmp /dev/null out &&
		test_grep "no-such-if0: no IPv4 address" err &&
		test_status 2 "$B/lava-echo-ipv4" 2>err &&
		test_status 2 "$B/lava-echo-ipv4" "lo;id" 2>err &&
		test_grep "bad interface name" err
	'

	test_expect_success "$sh: lava-target-ip, -mac, -storage: the device file's values first" '
		echo 192.0.2.7 >"$B/../target-ip" &&
		echo 52:54:00:12:34:56 >"$B/../target-mac" &&
		printf "SATA\t/dev/disk/by-id/ata-X\nUMS\t/dev/sdb\nSATA\t/dev/sdc\n" \
		    >"$B/../target-storage" &&
		"$B/lava-target-ip" >out && echo 192.0.2.7 >expect && test_cmp expect out &&
		"$B/lava-target-mac" >out && echo 52:54:00:12:34:56 >expect && test_cmp expect out &&
		"$B/lava-target-storage" >out && test_cmp "$B/../target-storage" out &&
		"$B/lava-target-storage" SATA >out &&
		printf "%s\n" /dev/disk/by-id/ata-X /dev/sdc >expect && test_cmp expect out &&
		test_status 1 "$B/lava-target-storage" USB >out &&
		test_cmp /dev/null out &&
		rm "$B/../target-ip" "$B/../target-mac" "$B/../target-storage" &&
		test_status 1 "$B/lava-target-storage" 2>err &&
		test_grep "gives no target_storage" err
	'

	test_expect_success "$sh: without the device file: the device's own, none in a sandbox" '
		test_status 1 lava-sandbox -w "$TRASH/$sh" "$B/lava-target-ip" >out 2>err &&
		test_cmp /dev/null out &&
		test_grep "no IPv4 address on this device" err &&
		test_status 1 lava-sandbox -w "$TRASH/$sh" "$B/lava-target-mac" >out 2>err &&
		test_grep "no MAC address on this device" err &&
		if [ -n "$hostif" ]; then
			"$B/lava-target-ip" >out &&
			ip -4 -o addr show dev "$hostif" >addrs &&
			test_grep -F " inet $(cat out)/" addrs &&
			"$B/lava-target-mac" >out &&
			test_cmp "/sys/class/net/$hostif/address" out
		fi
	'

	test_expect_success "$sh: lava-os-build: /etc/issue without its escapes" '
		printf "Debian GNU/Linux 12 \\\\n \\\\l\n\n" >issue &&
		bwrap --dev-bind / / --ro-bind issue /etc/issue "$B/lava-os-build" >out &&
		echo "Debian GNU/Linux 12" >expect &&
		test_cmp expect out &&
		"$B/lava-os-build" >out && test -s out
	'

	test_expect_success "$sh: a background process: started, stopped whole, its log attached" '
		LAVA_RESULT_DIR=$R "$B/lava-background-process-start" mon \
		    --cmd "echo started; sleep $M & sleep $M; echo never" &&
		test -s "$R/background/mon.pid" &&
		i=0 && until ! gone $M || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done &&
		! gone $M &&
		test_status 1 env LAVA_RESULT_DIR=$R "$B/lava-background-process-start" \
		    mon --cmd true 2>err &&
		test_grep "mon: already started" err &&
		echo trace >trace.txt &&
		LAVA_RESULT_DIR=$R "$B/lava-background-process-stop" mon \
		    --attach trace.txt text/plain &&
		gone $M &&
		test ! -e "$R/background/mon.pid" &&
		echo started >expect && test_cmp expect "$R/attachments/mon.log" &&
		test_cmp trace.txt "$R/attachments/trace.txt" &&
		echo text/plain >expect && test_cmp expect "$R/attachments/trace.txt.mimetype" &&
		test ! -e "$R/results/mon"
	'

	test_expect_success "$sh: background processes: bad names and usage refused" '
		test_status 1 env LAVA_RESULT_DIR=$R "$B/lava-background-process-stop" none 2>err &&
		test_grep "none: not started" err &&
		test_status 2 env LAVA_RESULT_DIR=$R "$B/lava-background-process-start" ../x --cmd true 2>err &&
		test_grep "bad name" err &&
		test_status 2 env LAVA_RESULT_DIR=$R "$B/lava-background-process-start" x true 2>err &&
		test_status 2 env LAVA_RESULT_DIR=$R "$B/lava-background-process-stop" x --attach f 2>err &&
		test ! -e "$R/background/x.pid" &&
		test_status 1 env -u LAVA_RESULT_DIR "$B/lava-background-process-start" x --cmd true 2>err &&
		test_grep "LAVA_RESULT_DIR is not set" err
	'
done
test_done
