#!/bin/sh
# lava-sigroute: a handler answers a signal with data (lava-handler(7)),
# and the ACK line carries it, checked word by word.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/sigroute/lib.sh
. "$LAVA_SRC/t/data/sigroute/lib.sh"

export U=6d7c9a1e-0000-4000-8000-000000000013

# Two handlers: each answers what its params say, one word a line.
handler ans1 <<'EOF'
[ "$1" = signal ] || exit 0
printf '%s\n' "$LAVA_HANDLER_TIMEOUT" >timeout
printf '%s\n' "$LAVA_HANDLER_PARAMS" | jq -r '.say[]' >"$LAVA_HANDLER_ANSWER"
EOF
cp h/ans1 h/ans2 || exit 1

# recs TOKEN: a run with one signal that has TOKEN.
recs() {
	rec 1 1 - STARTRUN 0_a $U &&
	rec 2 2 "$1" ASK x &&
	rec 3 3 - ENDRUN 0_a $U
}

test_expect_success 'the words of every handler, in order, in one printf line' '
	mkrun job $U 0_a ans1 "{\"say\":[\"ack\",\"server:ip=10.0.0.1\"]}" \
	    ans2 "{\"say\":[\"x=\$(id);|&\`\",\"\"]}" &&
	recs t1 | lava-sigroute -t 7 job >out 2>err &&
	test_cmp /dev/null err &&
	cat >expect <<-\EOF &&
	printf '"'"'%s\n'"'"' '"'"'ok ack server:ip=10.0.0.1 x=$(id);|&`'"'"' >/lava/ack/t1
	EOF
	test_cmp expect out &&
	echo 7 >expect &&
	test_cmp expect job/runs/$U/handlers/ans1/timeout
'

test_expect_success 'the typed line gives the device exactly the words' '
	mkdir -p ack &&
	sed -e "s|/lava/ack/t1|ack/t1|" out | sh &&
	printf "%s\n" "ok ack server:ip=10.0.0.1 x=\$(id);|&\`" >expect &&
	test_cmp expect ack/t1
'

test_expect_success 'a signal without a token gets no answer, and a stale answer is not reused' '
	recs - | lava-sigroute job >out 2>err &&
	test_cmp /dev/null out &&
	test ! -e job/runs/$U/handlers/ans1/answer &&
	mkrun job $U 0_a ans1 "{\"say\":[]}" &&
	recs t2 | lava-sigroute job >out 2>err &&
	echo "echo ok >/lava/ack/t2" >expect &&
	test_cmp expect out
'

# Words the host never types: quote, backslash, <, >, blank, tab, a
# byte past ASCII, 257 bytes.
printf '%s\n' "a'b" 'a\b' 'a<b' 'a>b' 'a b' "$(printf 'a\tb')" \
    "$(printf '\303\251')" "$(printf '%0257d' 0)" >bad.words || exit 1
n=0
while IFS= read -r bad; do
	n=$((n + 1))
	export bad
	test_expect_success "bad answer word $n is dropped with its handler's answer" '
		jq -cn --arg b "$bad" "{say: [\"ack\", \$b]}" >params &&
		mkrun job $U 0_a ans1 "$(cat params)" ans2 "{\"say\":[\"ok2\"]}" &&
		recs t3 | lava-sigroute job >out 2>err &&
		test_grep "stdin:2: handler ans1: answer line 2: .*; answer dropped" err &&
		printf "printf '"'"'%s'"'"' '"'"'ok ok2'"'"' >/lava/ack/t3\n" "%s\\n" >expect &&
		test_cmp expect out
	'
done <bad.words

test_expect_success 'an answer longer than 1024 bytes is dropped' '
	jq -cn "{say: [range(0; 5) | \"k=\" + (\"v\" * 250)]}" >params &&
	mkrun job $U 0_a ans1 "$(cat params)" &&
	recs t4 | lava-sigroute job >out 2>err &&
	test_grep "handler ans1: answer longer than 1024 bytes; dropped" err &&
	echo "echo ok >/lava/ack/t4" >expect &&
	test_cmp expect out
'

test_expect_success 'an answer that is a symlink is not followed' '
	handler ans3 "[ \"\$1\" = signal ] && ln -s /etc/passwd \"\$LAVA_HANDLER_ANSWER\"; exit 0" &&
	mkrun job $U 0_a ans3 "{}" &&
	recs t5 | lava-sigroute job >out 2>err &&
	echo "echo ok >/lava/ack/t5" >expect &&
	test_cmp expect out &&
	test_grep "answer" err
'

test_done
