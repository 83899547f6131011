#!/bin/sh
# lava-sigroute between its neighbours: a JOB from lava-tdload, records as
# lava-sigscan writes them, handler output bundled by lava-bundle.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

# send TIME LINE TOKEN NAME [ARG...]: a record to lava-sigroute, and to
# JOB/records.tsv as the pipeline tees it.
send() {
	rec "$@" | tee -a job/records.tsv >&3
}

test_expect_success 'setup: a definition with two handlers, loaded' '
	cat >def.yaml <<-\EOF &&
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: measured
	  description: cases timed and captured on the host
	run:
	  steps:
	  - lava-test-case boot --shell true
	handler:
	- handler-name: add-duration
	- handler-name: capture
	  params:
	    command: [cat, "host-{case}.log"]
	    output: "{case}.log"
	    mime_type: text/plain
	EOF
	lava-tdload -o job def.yaml 2>err &&
	test ! -s err &&
	ls job/runs >uuid &&
	test $(wc -l <uuid) = 1 &&
	printf "add-duration\t{}\n" >expect &&
	grep "^add-duration" job/runs/$(cat uuid)/handlers.tsv >actual &&
	test_cmp expect actual
'

test_expect_success 'records routed, ACKed, then bundled with the handlers output' '
	u=$(cat uuid) &&
	mkdir -p job/runs/$u/handlers/capture &&
	echo "what the host saw" >job/runs/$u/handlers/capture/host-boot.log &&
	mkfifo in &&
	route_start &&
	send 1353542400.000000 1 a-1 STARTRUN 0_measured $u &&
	send 1353542400.250000 2 a-2 STARTTC boot &&
	wait_for "what the host saw" job/runs/$u/handlers/capture/boot.log &&
	send 1353542401.500001 3 a-3 ENDTC boot &&
	send 1353542401.600000 4 - TESTCASE TEST_CASE_ID=boot RESULT=pass &&
	send 1353542401.700000 5 a-4 ENDRUN 0_measured $u &&
	send 1353542401.800000 6 - EXIT &&
	route_end &&
	test ! -s err &&
	printf "echo ok >/lava/ack/%s\n" a-1 a-2 a-3 a-4 >expect &&
	test_cmp expect acks &&
	lava-bundle -o bundle.json job 2>err &&
	jq -c ".test_runs[0].test_results[] | select(.test_case_id == \"boot\") |
		[.result, .duration, .attachments[0].pathname,
		 .attachments[0].mime_type, (.attachments[0].content | @base64d)]" \
		bundle.json >actual &&
	printf "%s\n" "[\"pass\",\"0d 1s 250001us\",\"boot.log\",\"text/plain\",\"what the host saw\\n\"]" >expect &&
	test_cmp expect actual
'

test_done
