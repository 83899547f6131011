#!/bin/sh
# One exit-status contract, lava(7)'s table: 0 success, 1 the work failed,
# 2 bad usage or bad input. Every program and handler is run on the same
# kinds of bad input and its status checked against the table; every
# page's EXIT STATUS lists those statuses and no other.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
PATH=$LAVA_HANDLER_PATH:$PATH

# The table: STATUS | STDIN | COMMAND, one row a line. STDIN is "-" for
# /dev/null, "sig" for a record that waits for an ACK, "open" for a pipe
# that stays open. A command ending in ">&-" runs with stdout closed.
# The kinds of input follow the rows of lava(7)'s table.
cat >table <<'TABLE'
# an unknown option: bad usage
2 | - | lava-tdload --no-such-option -o j ok.yaml
2 | - | lava-sigscan --no-such-option
2 | - | lava-sigroute --no-such-option job
2 | - | lava-bundle --no-such-option job
2 | - | lava-report --no-such-option job
2 | - | lava-runjob --no-such-option ok.yaml
2 | - | lava-qemu --no-such-option tree
2 | - | lava-publish --no-such-option -s http://127.0.0.1:1 a/b/c/d job
2 | - | lava-lab --no-such-option check
2 | - | lava-submit --no-such-option -T t ok.yaml
# a missing or extra operand: bad usage
2 | - | lava-tdload -o j
2 | - | lava-sigscan extra
2 | - | lava-sigroute
2 | - | lava-bundle
2 | - | lava-runjob -d local
2 | - | lava-qemu
2 | - | lava-publish -s http://127.0.0.1:1 a/b/c/d
2 | - | lava-lab
2 | - | lava-submit ok.yaml
2 | - | add-duration
2 | - | capture
2 | - | sh "$LAVA_DEVICEDIR/lava-test-case"
2 | - | sh "$LAVA_DEVICEDIR/lava-signal"
# an operand that is not there: bad input
2 | - | lava-tdload -o j no-such.yaml
2 | - | lava-sigroute no-such
2 | - | lava-bundle no-such
2 | - | lava-report no-such
2 | - | lava-runjob -o j no-such.yaml
2 | - | lava-qemu no-such
2 | - | lava-publish -k out.json -O o -b o:1 no-such
2 | - | lava-lab -f no-such.conf check
2 | - | lava-submit -f lab.conf -T t no-such.yaml
# a file where a directory must be: bad input
2 | - | lava-sigroute afile
2 | - | lava-bundle afile
2 | - | lava-runjob -d local -o afile
2 | - | lava-qemu afile
# a malformed file or value: bad input
2 | - | lava-tdload -o j bad.yaml
2 | - | lava-sigroute badtarget
2 | - | lava-report garbage
2 | - | lava-lab -f bad.yaml check
2 | - | lava-submit -f lab.conf -T no-such-type ok.yaml
2 | - | env SOURCE_DATE_EPOCH=soon lava-bundle job
2 | - | lava-sigscan -t soon
2 | - | lava-sigscan -g soon
2 | - | lava-sigscan -m bad.yaml
2 | - | env LAVA_SIGNAL_TIME=soon add-duration starttc a
2 | - | env LAVA_HANDLER_PARAMS="{\"command\": 1}" capture starttc a
2 | - | capture starttc ../a
2 | - | sh "$LAVA_DEVICEDIR/lava-test-case" ../a --result pass
2 | - | sh "$LAVA_DEVICEDIR/lava-test-runner" -x
# a fetch that fails: the work failed
1 | - | lava-tdload -o j http://127.0.0.1:1/x.yaml
1 | - | lava-runjob -o j http://127.0.0.1:1/x.yaml
# a time limit passed: the work failed
1 | open | lava-sigscan -t 0.2
1 | - | env PATH="$TRASH/slow:$PATH" LAVA_FETCH_TIME_LIMIT=0.2 lava-tdload -o j --git "$TRASH"
# the kernel panicked: the work failed
1 | - | lava-sigscan <"$LAVA_SRC/t/data/kernel/sysrq-crash.log"
# a child killed by a signal: the work failed
1 | - | env PATH="$TRASH/slow:$PATH" LAVA_QEMU_KERNEL="$TRASH/afile" lava-qemu tree
# a closed standard output: the work failed
1 | sig | lava-sigscan >&-
1 | sig | lava-sigroute job >&-
1 | - | lava-bundle job >&-
1 | - | lava-report job >&-
# the work failed in part: a test run left out, the others written
1 | - | lava-bundle -o b.json leftout
1 | - | env LAVA_SIGNAL_TIME=1 add-duration endtc never-started
# outside the queue: the work failed
1 | - | env -u SLURM_JOB_ID lava-lab -f lab.conf run
# success
0 | - | lava-tdload -o ok ok.yaml
0 | sig | lava-sigscan
0 | sig | lava-sigroute job
0 | - | lava-bundle -o b.json job
0 | - | lava-report -o r.xml job
0 | - | add-duration no-such-event
0 | - | capture no-such-event
0 | - | lava-lab -f lab.conf slurm
TABLE

test_expect_success 'the inputs the table names' '
	printf "metadata:\n  name: ok\nrun:\n  steps: [true]\n" >ok.yaml &&
	printf "metadata: [\n" >bad.yaml &&
	printf "results /r\nhost h\nboard b t h console local\n" >lab.conf &&
	: >afile &&
	mkdir tree &&
	mkdir -p badtarget && echo "/a/../b" >badtarget/target-dir &&
	echo "{not json" >garbage &&
	lava-tdload -o job ok.yaml &&
	lava-bundle -o job/bundle.json job &&
	cp -R job leftout &&
	for d in leftout/runs/*; do : >"$d/testdef.yaml" || return 1; done &&
	mkdir slow &&
	printf "#!/bin/sh\nexec sleep 30\n" >slow/git &&
	printf "#!/bin/sh\nkill -KILL \$\$\n" >slow/qemu-system-x86_64 &&
	chmod +x slow/git slow/qemu-system-x86_64
'

# run STDIN COMMAND: COMMAND's exit status, its stdin as the table says.
run() {
	case $1 in
	-) eval "$2" </dev/null ;;
	sig) printf "<LAVA_SIGNAL_STARTTC a><LAVA_ACK t1>\n" |
		{ if [ "${2%% *}" = lava-sigroute ]; then
			printf "1.0\t1\tt1\tSTARTTC\ta\n"
		else cat; fi; } | eval "$2" ;;
	open) sleep 5 | eval "$2" ;;
	esac
}

n=0
while IFS='|' read -r want stdin cmd; do
	case $want in '#'*|'') continue ;; esac
	n=$((n + 1))
	want=${want%% *} stdin=${stdin# } stdin=${stdin%% *} cmd=${cmd# }
	export want stdin cmd
	test_expect_success "exit $want: $cmd" '
		rm -rf j ok r.xml b.json &&
		{ run "$stdin" "$cmd" >out 2>err; rc=$?; } &&
		if [ "$rc" != "$want" ]; then
			echo "exit $rc, not $want" >&2
			cat err >&2
			false
		fi &&
		case $rc in 0) ;; *) test -s err ;; esac &&
		test "$rc" -ne 86
	'
done <table

test_expect_success 'lava(7) has the table of the three statuses' '
	mandoc -Tutf8 "$LAVA_SRC/man/lava.7" | col -bx >lava.txt &&
	sed -n "/^EXIT STATUS/,/^EXAMPLES/p" lava.txt >table.txt &&
	grep -E "^ +0 +success" table.txt &&
	grep -E "^ +1 +the work failed" table.txt &&
	grep -E "^ +2 +bad usage or bad input" table.txt &&
	grep "killed by signal SIGSEGV" table.txt
'

test_expect_success 'every page with an EXIT STATUS lists 0, 1 or 2 and no other' '
	for page in "$LAVA_SRC"/man/*.[1-8]; do
		sed -n "/^\.Sh EXIT STATUS/,/^\.Sh /p" "$page" >section &&
		[ -s section ] || continue
		grep "^\.It " section |
			grep -v -E "^\.It ([0-2]|[0-2] Ta .*|Sy Status .*)\$" >other
		if [ -s other ]; then
			echo "$page: $(cat other)" >&2
			return 1
		fi
		# A list of statuses, or the standard sentence of mdoc, or prose.
		grep -q -E -e "^\.It 0( Ta|\$)" -e "^\.Ex -std" -e "^0 " section ||
			{ echo "$page: no 0" >&2; return 1; }
		grep -v "^\.It" section | grep -o -E "exits? (with )?[0-9]+" |
			grep -v -E " [0-2]\$" >other
		if [ -s other ]; then
			echo "$page: $(cat other)" >&2
			return 1
		fi
	done
'

test_done
