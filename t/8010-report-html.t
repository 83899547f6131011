#!/bin/sh
# lava-report -f html: the page a person opens after a job, loaded from disk
# by headless Chromium: no error in its console, every case of the bundle
# in its DOM, failures first, each linked to its console line; a
# screenshot of it is kept as an artifact.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/report/mkjob.sh
. "$LAVA_SRC/t/data/report/mkjob.sh"

ARTIFACTS=$LAVA_BUILD/artifacts
export ARTIFACTS

if ! test_have chromium; then
	test_skip 'the HTML report in a browser' 'no chromium'
	test_done
	exit
fi

test_expect_success 'the report of a job with garbage, an open case and a dead run' '
	report_job job &&
	lava-report -f html -o job/report.html job &&
	test -s job/report.html
'
test_expect_success 'it needs nothing from outside the file' '
	! grep -E "(src|href)=\"[^#]" job/report.html &&
	! grep -E "@import|url\\(" job/report.html
'
test_expect_success 'Chromium loads it with no error in its console' '
	chrome --dump-dom "file://$TRASH/job/report.html" >dom.html &&
	test -s dom.html &&
	! grep ":CONSOLE" chrome.log
'
test_expect_success 'a page with a script error would have been seen' '
	printf "<!DOCTYPE html><title>x</title><script>nosuch()</script>\n" >bad.html &&
	chrome --dump-dom "file://$TRASH/bad.html" >/dev/null &&
	test_grep ":CONSOLE.*nosuch" chrome.log
'
test_expect_success 'the DOM holds every case of the bundle, failures first' '
	/usr/bin/python3 -c "
import html.parser, sys
class P(html.parser.HTMLParser):
    rows, ids, links = [], set(), []
    def handle_starttag(self, tag, a):
        a = dict(a)
        if \"id\" in a: self.ids.add(a[\"id\"])
        if tag == \"tr\" and \"data-case\" in a:
            self.rows.append((a[\"class\"], a[\"data-case\"]))
        if tag == \"a\" and a.get(\"href\", \"\").startswith(\"#\"):
            self.links.append(a[\"href\"][1:])
p = P(); p.feed(open(sys.argv[1], encoding=\"utf-8\").read())
for k, c in p.rows: print(k, c)
bad = [l for l in p.links if l not in p.ids]
if bad: sys.exit(\"links to nothing: %s\" % bad[:5])
" dom.html >rows &&
	cut -d " " -f 1 rows >kinds &&
	{ grep -x fail kinds; grep -x unknown kinds; grep -x skip kinds;
	  grep -x pass kinds; } >sorted &&
	test_cmp sorted kinds &&
	jq -r ".test_runs[].test_results // [] | .[] | .result" job/bundle.json |
		sort >want &&
	sort kinds >got &&
	test_cmp want got &&
	test_grep "^fail dot.ted.case$" rows &&
	test_grep "^unknown no-verdict$" rows &&
	test_grep "^pass q#1\\\\x$" rows
'
test_expect_success 'each signal line is marked and links to its case' '
	test_grep "<span id=\"L7\" class=\"sig fail\"><a class=\"n\" href=\"#c-0-2\">7</a>" dom.html &&
	test_grep "<tr id=\"c-0-2\" class=\"fail\" data-case=\"dot.ted.case\">.*<a href=\"#L3\">3-7</a>" dom.html
'
test_expect_success 'the timeline is drawn: runs, cases, ACK waits' '
	test_grep "<svg id=\"timeline\"" dom.html &&
	test_grep "<rect class=\"run\"" dom.html &&
	test_grep "<rect class=\"fail\"" dom.html &&
	test_grep "<path class=\"other\" [^>]*><title>KERNEL panic on console line [0-9]*</title>" dom.html &&
	test_grep "the console ended before the runner did" dom.html &&
	test_grep "<p class=\"incomplete\">Run silent is incomplete: " dom.html
'
test_expect_success 'a screenshot of it is taken and kept' '
	chrome --window-size=1280,1600 --screenshot="$TRASH/job/report.png" \
		"file://$TRASH/job/report.html" &&
	test -s job/report.png &&
	test "$(head -c 8 job/report.png | od -An -tx1 | tr -d " ")" = 89504e470d0a1a0a &&
	mkdir -p "$ARTIFACTS" &&
	cp job/report.png "$ARTIFACTS/8010-report-html.png"
'
test_expect_success 'from a bundle alone: every case, no timeline, no console' '
	lava-report -f html <job/bundle.json >bare.html &&
	chrome --dump-dom "file://$TRASH/bare.html" >bare-dom.html &&
	! grep ":CONSOLE" chrome.log &&
	report_counts job/bundle.json | cut -d " " -f 1 >want &&
	grep -c "<tr id=\"c-" bare-dom.html >got &&
	test_cmp want got &&
	test_grep "No records: the timeline needs" bare-dom.html &&
	! grep "<span id=\"L1\"" bare-dom.html
'
test_done
