#!/bin/sh
# lava-report -f html: the handler calls lava-sigroute made, read from
# JOB/handler-calls.tsv, drawn in the timeline one mark a call, as
# headless Chromium's DOM shows them; none from a bundle alone.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/report/mkjob.sh
. "$LAVA_SRC/t/data/report/mkjob.sh"

if ! test_have chromium; then
	test_skip 'the HTML report in a browser' 'no chromium'
	test_done
	exit
fi

test_expect_success 'a job whose runs have add-duration, routed' '
	report_job job &&
	for d in job/runs/*/; do
		printf "add-duration\t{}\n" >>"$d/handlers.tsv" || return 1
	done &&
	lava-sigroute job <job/records.tsv >acks 2>err &&
	test -s job/handler-calls.tsv &&
	lava-report -f html -o job/report.html job &&
	chrome --dump-dom "file://$TRASH/job/report.html" >dom.html &&
	! grep ":CONSOLE" chrome.log
'
test_expect_success 'one timeline mark per handler call, with its handler' '
	wc -l <job/handler-calls.tsv | tr -d " " >want &&
	grep -o "<rect class=\"call [a-z]*\"[^>]*><title>handler [^<]*</title>" \
		dom.html >marks &&
	wc -l <marks | tr -d " " >got &&
	test_cmp want got &&
	cut -f5,6 job/handler-calls.tsv | tr "\t" " " >want &&
	sed -e "s/.*<title>handler //" \
		-e "s/: [^ ]*, [0-9.]* s, console line [0-9]*<\/title>\$//" \
		marks >got &&
	test_cmp want got &&
	test_grep "<text [^>]*>handler calls</text>" dom.html
'
test_expect_success 'a bad line of handler-calls.tsv is reported and left out' '
	cp -R job job2 &&
	printf "x\ty\n" >>job2/handler-calls.tsv &&
	lava-report -f html -o job2/report.html job2 2>err &&
	n=$(wc -l <job2/handler-calls.tsv) &&
	test_grep "job2/handler-calls.tsv:$n: not a handler call" err &&
	test "$(grep -c "<rect class=\"call " job2/report.html)" = $((n - 1))
'
test_expect_success 'from a bundle alone: no handler calls' '
	lava-report -f html <job/bundle.json >bare.html &&
	! grep "class=\"call" bare.html &&
	! grep "handler calls" bare.html
'
test_done
