#!/bin/sh
# The options every program shares: -h, --version, and exit 2 on bad usage.
. "$(dirname "$0")/lib.sh"

# The usage lines a program prints for -h: up to the first blank line,
# without the "usage:" prefix and the indent of continuation lines.
usage_of() {
	"$1" -h | sed -e '/^$/,$d' -e 's/^usage: //' -e 's/^ *//' | tr -s ' '
}

# The SYNOPSIS of a man page, one line per form.
synopsis_of() {
	mandoc -Tascii -O width=1000 "$1" | col -b |
		sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed -e '1d' -e '$d' |
		sed -e 's/^ *//' -e '/^$/d' | tr -s ' '
}

for src in "$LAVA_SRC"/cmd/*.c "$LAVA_SRC"/cmd/*.sh; do
	[ -e "$src" ] || continue
	prog=$(basename "${src%.*}")
	test_expect_success "$prog -h prints its usage and exits 0" "
		$prog -h >out 2>err &&
		test_grep '^usage: $prog' out
	"
	test_expect_success "$prog --version prints its version" "
		$prog --version >out &&
		test_grep '^$prog [0-9][0-9.]*\$' out
	"
	test_expect_success "$prog with an unknown option exits 2 with usage" "
		test_status 2 $prog --no-such-option </dev/null >out 2>err &&
		test_grep 'usage: $prog' err &&
		test ! -s out
	"
	test_expect_success "$prog usage matches the SYNOPSIS of $prog(1)" "
		usage_of $prog >usage &&
		synopsis_of '$LAVA_SRC/man/$prog.1' >synopsis &&
		test_cmp synopsis usage
	"
done
test_done
