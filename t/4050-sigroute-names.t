#!/bin/sh
# lava-tdload and lava-sigroute apply one rule to every name they share: a
# handler name lava-tdload loads is one lava-sigroute calls, a name it
# refuses lava-sigroute refuses too (from handlers.tsv or -H), and the same
# holds for the target dir.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

long200=$(printf "%0200d" 0)
long201=$(printf "%0201d" 0)
export long200 long201

# def NAME: a definition whose one handler is NAME, in def.yaml.
def() {
	printf 'metadata:\n  name: n\nrun:\n  steps: [true]\nhandler:\n  handler-name: "%s"\n' "$1" >def.yaml
}

# route JOB: run the job's one run through lava-sigroute, stderr to err.
route() {
	_u=$(ls "$1/runs") &&
		{ rec 1 1 - STARTRUN 0_n "$_u" && rec 2 2 - ENDRUN 0_n "$_u"; } |
		lava-sigroute "$1" >/dev/null 2>err
}

test_expect_success 'a handler name lava-tdload loads is one lava-sigroute calls' '
	i=0 &&
	for n in log "a.b" x_1 "caf$(printf "\303\251")" "a-b" "a=b" "a:b" \
	    "a;b" "a\$b" "$long200"; do
		i=$((i + 1)) &&
		handler "$n" "echo \"\$1\" >>\"$TRASH/called.$i\"" &&
		def "$n" &&
		lava-tdload --strict -o job$i def.yaml &&
		route job$i &&
		test_must_fail grep "not a handler name" err &&
		printf "start\nend\n" >expect &&
		test_cmp expect called.$i &&
		lava-sigroute -H "$n" job$i </dev/null || return 1
	done
'

test_expect_success 'a handler name lava-tdload refuses lava-sigroute refuses too' '
	def log &&
	lava-tdload -o base def.yaml &&
	u=$(ls base/runs) &&
	for n in "x..y" "a..b" "x.." ".." "." ".h" "-x" "a/b" "../log" "a b" \
	    "x<y" "x>y" "$(printf "a\tb")" "$(printf "a\033b")" "$long201"; do
		# YAML takes no raw control byte: ESC is written as \e there.
		def "$(printf "%s" "$n" | sed "s/$(printf "\033")/\\\\e/")" &&
		test_status 2 lava-tdload -o job def.yaml 2>tderr &&
		test_grep "handler name refused" tderr &&
		test ! -e job &&
		case $n in
		*"	"*) ;;	# a TAB ends the name in handlers.tsv
		*)	printf "%s\t{}\n" "$n" >base/runs/$u/handlers.tsv &&
			route base &&
			test_grep "handlers.tsv:1:1: not a handler name" err ;;
		esac &&
		test_status 2 lava-sigroute -H "$n" base </dev/null 2>err &&
		test_grep "not a handler name" err || return 1
	done
'

test_expect_success 'a target dir lava-tdload refuses lava-sigroute refuses too' '
	def log &&
	for t in /lava /opt/lava-1.0 /a.b/c_d; do
		rm -rf job &&
		lava-tdload --target-dir "$t" -o job def.yaml &&
		rec 1 1 tok STARTTC a | lava-sigroute job >out &&
		echo "echo ok >$t/ack/tok" >expect &&
		test_cmp expect out || return 1
	done &&
	for t in /a/../b /.. lava "/a b" "/a;b" "/\$(x)" "/$long200"; do
		test_status 2 lava-tdload --target-dir "$t" -o bad def.yaml \
		    2>err &&
		test ! -e bad &&
		printf "%s\n" "$t" >job/target-dir &&
		test_status 2 lava-sigroute job </dev/null >out 2>err &&
		test_grep "target-dir" err &&
		test ! -s out || return 1
	done
'

test_done
