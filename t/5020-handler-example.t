#!/bin/sh
# The complete handler of lava-handler(7) works as printed.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

export U=55555555-0000-4000-8000-000000000007

test_expect_success 'the example handler, cut from the page' '
	mandoc -Tascii "$LAVA_SRC/man/lava-handler.7" | col -b |
		sed -n "/^[[:space:]]*#!\/bin\/sh/,/^[[:space:]]*exit 0/p" | sed "s/^[[:space:]]*//" >loadavg &&
	test_grep -x "exit 0" loadavg &&
	mkdir h && mv loadavg h/ && chmod +x h/loadavg &&
	shellcheck h/loadavg
'

if test -r /proc/loadavg; then
	test_expect_success 'runs as the page says, its output lines as described' '
		mkrun job $U 0_l &&
		{
			rec 1 1 t1 STARTRUN 0_l $U &&
			rec 2 2 t2 STARTTC boot &&
			rec 3 3 t3 ENDTC boot &&
			rec 4 4 t4 ENDRUN 0_l $U
		} >recs &&
		lava-sigroute -H loadavg job <recs >/dev/null 2>err &&
		test ! -s err &&
		o=job/runs/$U/handlers/loadavg/output &&
		test $(wc -l <$o) = 2 &&
		jq -se --arg k "$(uname -r)" ".[0].attributes[\"host.kernel\"] == \$k and
			(.[1] | .test_case_id == \"boot\" and
			(.measurement | type) == \"number\" and .units == \"load\")" $o
	'
else
	test_skip 'the example handler runs' 'no /proc/loadavg'
fi

test_done
