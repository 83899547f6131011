# lib.sh - TAP test helpers for t/*.t, in the spirit of git's t/test-lib.sh
#
# A test script sources this file, calls test_expect_success for each test
# and test_done at the end. Each script runs in its own scratch directory
# ($TRASH), removed at exit unless the script failed or LAVA_KEEP is set.
# shellcheck shell=sh

set -u
LAVA_SRC=${LAVA_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
LAVA_BUILD=${LAVA_BUILD:-$LAVA_SRC/build}
export LAVA_SRC LAVA_BUILD
case ":$PATH:" in
*":$LAVA_BUILD/bin:"*) ;;
*) PATH="$LAVA_BUILD/bin:$LAVA_BUILD/unit:$PATH" ;;
esac
export PATH
LAVA_DEVICEDIR=${LAVA_DEVICEDIR:-$LAVA_SRC/device}
LAVA_HANDLER_PATH=${LAVA_HANDLER_PATH:-$LAVA_BUILD/handlers}
export LAVA_DEVICEDIR LAVA_HANDLER_PATH
# Sanitizer reports make a program exit 86: never a "failure as expected".
ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:exitcode=86}
export ASAN_OPTIONS UBSAN_OPTIONS
unset CDPATH LAVA_ACK_TIMEOUT SOURCE_DATE_EPOCH

test_count=0
test_failed=0
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/lava-t.XXXXXX") || exit 1
export TRASH
cd "$TRASH" || exit 1
HOME=$TRASH
export HOME
trap 'test_cleanup' EXIT
trap 'exit 130' INT TERM

test_cleanup() {
	cd / || return
	if [ "$test_failed" -eq 0 ] && [ -z "${LAVA_KEEP:-}" ]; then
		rm -rf "$TRASH"
	else
		echo "# scratch directory kept: $TRASH"
	fi
}

# say MSG: a TAP comment.
say() {
	printf '# %s\n' "$*"
}

# test_expect_success DESC BODY: run BODY (shell text, && chained) in a
# subshell of the scratch directory; it passes if BODY exits 0.
test_expect_success() {
	test_count=$((test_count + 1))
	if (cd "$TRASH" && eval "$2") >"$TRASH/.out" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		# On stderr, so that prove shows why without -v.
		{
			echo "# failed $test_count - $1"
			sed -e 's/^/#   /' "$TRASH/.out" | tail -n 40
			printf '#   in:%s\n' "$2" | sed -e '2,$s/^/#   /'
		} >&2
	fi
}

# test_skip DESC REASON: a test that cannot run here, said as such.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # skip $2"
}

# test_must_fail CMD...: CMD must fail the ordinary way (exit 1 to 125);
# a crash, a sanitizer report or a missing command is an error, not a pass.
test_must_fail() {
	"$@"
	_rc=$?
	if [ "$_rc" -eq 0 ]; then
		echo "test_must_fail: command succeeded: $*" >&2
		return 1
	elif [ "$_rc" -gt 125 ] || [ "$_rc" -eq 86 ]; then
		echo "test_must_fail: command crashed or was not run ($_rc): $*" >&2
		return 1
	fi
	return 0
}

# test_status N CMD...: CMD must exit with status N exactly.
test_status() {
	_want=$1
	shift
	"$@"
	_rc=$?
	if [ "$_rc" -ne "$_want" ]; then
		echo "test_status: wanted exit $_want, got $_rc: $*" >&2
		return 1
	fi
}

# test_cmp EXPECT ACTUAL: the files must be equal; the difference is shown.
test_cmp() {
	diff -u "$1" "$2"
}

# test_grep [GREP-OPTIONS] PATTERN FILE: like grep, but shows FILE on a miss.
test_grep() {
	for _file in "$@"; do :; done
	if ! grep "$@" >/dev/null; then
		echo "test_grep: no match for: $*" >&2
		sed -e 's/^/| /' "$_file" | head -n 40 >&2
		return 1
	fi
}

# test_have CMD: is CMD on PATH?
test_have() {
	command -v "$1" >/dev/null 2>&1
}

# sleep_pids MARK: the pids of this host's "sleep MARK" processes, one a
# line: a test marks a process it starts where it cannot keep its pid
# (a new session, another pid namespace) with an odd sleep time.
sleep_pids() {
	for _p in /proc/[0-9]*; do
		# A process may end while it is read.
		_c=$(tr "\0" " " 2>/dev/null <"$_p/cmdline") || continue
		[ "$_c" != "sleep $1 " ] || echo "${_p#/proc/}"
	done
}

# test_done: print the plan; exit non-zero if any test failed.
test_done() {
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
}
