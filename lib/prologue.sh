# prologue.sh - the start every sh program in cmd/ shares, put in its place
# by the build: messages, usage, quoting, and the options getopts cannot
# read. The program sets prog and USAGE first. It is no program itself.
# shellcheck shell=sh disable=SC2154

# warn MESSAGE: "PROG: MESSAGE" on stderr.
warn() { printf '%s: %s\n' "$prog" "$*" >&2; }
# die MESSAGE: warn, then exit 1: the work failed (lava(7)).
die() { warn "$*"; exit 1; }
# usage: the usage lines on stderr, then exit 2: bad usage (lava(7)).
usage() { printf '%s\n' "$USAGE" >&2; exit 2; }
# quote WORD: WORD in single quotes, for a script.
quote() { printf "'%s'" "$(printf '%s' "$1" | sed -e "s/'/'\\\\''/g")"; }

case ${1:-} in
-h|--help) printf '%s\n' "$USAGE"; exit 0 ;;
--version) echo "$prog @VERSION@"; exit 0 ;;
--*) warn "unknown option: $1"; usage ;;
esac
