#!/bin/sh
# capture: a command runs from each STARTTC to its ENDTC; what it wrote is
# attached to that test result.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

export U=44444444-0000-4000-8000-000000000006
export D="job/runs/$U/handlers/capture"

# A host log the capture follows while the case runs on the device.
test_expect_success 'setup' '
	echo "before the case" >host.log &&
	mkrun job $U 0_cap capture "{\"command\": [\"tail\", \"-f\", \"-n\", \"+1\", \"$TRASH/host.log\"]}" &&
	mkfifo in
'

test_expect_success 'STARTTC starts the command, ENDTC stops it and attaches' '
	route_start &&
	rec 1 1 t1 STARTRUN 0_cap $U >&3 &&
	rec 2 2 t2 STARTTC boot >&3 &&
	wait_for "before the case" $D/capture-boot.out &&
	pid=$(cat $D/boot.pid) &&
	alive $pid &&
	echo "during the case" >>host.log &&
	wait_for "during the case" $D/capture-boot.out &&
	rec 3 3 t3 ENDTC boot >&3 &&
	rec 4 4 t4 ENDRUN 0_cap $U >&3 &&
	route_end &&
	test ! -s err &&
	test_must_fail alive $pid &&
	printf "echo ok >/lava/ack/%s\n" t1 t2 t3 t4 >expect &&
	test_cmp expect acks &&
	echo "{\"test_case_id\":\"boot\",\"attachments\":[{\"pathname\":\"capture-boot.out\",\"mime_type\":\"application/octet-stream\"}]}" >expect &&
	test_cmp expect $D/output &&
	printf "%s\n" "before the case" "during the case" >expect &&
	test_cmp expect $D/capture-boot.out &&
	test ! -e $D/boot.pid
'

test_expect_success 'output name with {case}, arguments with {case}, mime type' '
	rm -rf job && mkrun job $U 0_cap capture "{\"command\": [\"echo\", \"case {case}\"], \"output\": \"{case}.txt\", \"mime_type\": \"text/plain\"}" &&
	route_start &&
	rec 1 1 - STARTRUN 0_cap $U >&3 &&
	rec 2 2 - STARTTC net-1 >&3 &&
	wait_for net-1 $D/net-1.txt &&
	rec 3 3 - ENDTC net-1 >&3 &&
	rec 4 4 - ENDRUN 0_cap $U >&3 &&
	route_end &&
	test ! -s err &&
	echo "case net-1" >expect &&
	test_cmp expect $D/net-1.txt &&
	jq -c ".attachments" $D/output >actual &&
	echo "[{\"pathname\":\"net-1.txt\",\"mime_type\":\"text/plain\"}]" >expect &&
	test_cmp expect actual
'

test_expect_success 'the command gets no shell: its arguments are words' '
	rm -rf job && mkrun job $U 0_cap capture "{\"command\": [\"printf\", \"%s|\", \"\$(id)\", \"a b\", \";\"]}" &&
	route_start &&
	rec 1 1 - STARTRUN 0_cap $U >&3 &&
	rec 2 2 - STARTTC c >&3 &&
	wait_for ";" $D/capture-c.out &&
	rec 3 3 - ENDTC c >&3 &&
	rec 4 4 - ENDRUN 0_cap $U >&3 &&
	route_end &&
	test ! -s err &&
	printf "%s" "\$(id)|a b|;|" >expect &&
	test_cmp expect $D/capture-c.out
'

test_expect_success 'the end of the run stops a capture whose case never ended' '
	rm -rf job && mkrun job $U 0_cap capture "{\"command\": [\"tail\", \"-f\", \"$TRASH/host.log\"]}" &&
	route_start &&
	rec 1 1 - STARTRUN 0_cap $U >&3 &&
	rec 2 2 t1 STARTTC hang >&3 &&
	wait_for t1 acks &&
	pid=$(cat $D/hang.pid) &&
	alive $pid &&
	rec 3 3 - ENDRUN 0_cap $U >&3 &&
	route_end &&
	test ! -s err &&
	test_must_fail alive $pid &&
	test ! -s $D/output
'

test_expect_success 'faults: a bad case id, bad params, ENDTC with no capture' '
	rm -rf job && mkrun job $U 0_cap capture "{\"command\": \"rm -rf /\"}" &&
	{
		rec 1 1 - STARTRUN 0_cap $U &&
		rec 2 2 - STARTTC ../up &&
		rec 3 3 - STARTTC ok &&
		rec 4 4 - ENDTC ok
	} | lava-sigroute job >acks 2>err &&
	test_grep "capture: capture: case .../up. cannot name a file" err &&
	test_grep "capture: jq: error .*command must be an array of strings" err &&
	test_grep "capture: capture: case ok: no capture running" err &&
	test_grep "capture: exited with status 1" err &&
	test_grep "capture: exited with status 2" err &&
	test ! -s $D/output
'

test_expect_success 'open captures are bounded: the rest are refused, all end with the run' '
	rm -rf job && mkrun job $U 0_cap capture "{\"command\": [\"tail\", \"-f\", \"$TRASH/host.log\"], \"max_open\": 3}" &&
	{
		rec 1 1 - STARTRUN 0_cap $U &&
		for i in 1 2 3 4 5 6 7 8 9 10; do
			rec $((i + 1)) $((i + 1)) - STARTTC c$i || return 1
		done
	} >recs &&
	route_start &&
	cat recs >&3 &&
	wait_for "case c10: 3 captures" err &&
	ls $D/*.pid >pids &&
	test $(wc -l <pids) = 3 &&
	cat $D/*.pid >pidlist &&
	for p in $(cat pidlist); do alive $p || return 1; done &&
	test_grep "capture: capture: case c4: 3 captures already open; not started" err &&
	test_grep "capture: capture: case c10: 3 captures already open; not started" err &&
	rec 20 20 - ENDRUN 0_cap $U >&3 &&
	route_end &&
	for p in $(cat pidlist); do test_must_fail alive $p || return 1; done &&
	test_must_fail ls $D/*.pid
'

test_expect_success 'the default bound is 8 open captures' '
	rm -rf job && mkrun job $U 0_cap capture "{\"command\": [\"tail\", \"-f\", \"$TRASH/host.log\"]}" &&
	{
		rec 1 1 - STARTRUN 0_cap $U &&
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40; do
			rec $((i + 1)) $((i + 1)) - STARTTC c$i || return 1
		done
	} >recs &&
	route_start &&
	cat recs >&3 &&
	wait_for "case c40: 8 captures" err &&
	ls $D/*.pid >pids &&
	test $(wc -l <pids) = 8 &&
	cat $D/*.pid >pidlist &&
	rec 50 50 - EXIT >&3 &&
	route_end &&
	for p in $(cat pidlist); do test_must_fail alive $p || return 1; done &&
	test $(grep -c "8 captures already open" err) = 32
'

test_expect_success 'a bad max_open is refused' '
	rm -rf job && mkrun job $U 0_cap capture "{\"command\": [\"true\"], \"max_open\": \"lots\"}" &&
	{
		rec 1 1 - STARTRUN 0_cap $U &&
		rec 2 2 - STARTTC c
	} | lava-sigroute job >acks 2>err &&
	test_grep "capture: capture: max_open .lots. is not a whole number from 1 to 64" err &&
	test_must_fail ls $D/*.pid
'

test_done
