#!/bin/sh
# lava-tdload: bad input gets exit 2 and a positioned message; nothing half-written is left.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

# shellcheck source=t/data/tdload/lib.sh
. "$LAVA_SRC/t/data/tdload/lib.sh"

# fails_with STATUS MESSAGE FILE: lava-tdload -o job FILE exits STATUS,
# says MESSAGE (a fixed string) on stderr and leaves no job behind.
fails_with() {
	test_status "$1" lava-tdload -o job "$3" 2>err &&
	test_grep -F "$2" err &&
	test ! -e job &&
	ls -a >list &&
	! grep "\\.tmp" list
}

test_expect_success 'malformed YAML: position from libyaml' '
	printf "metadata:\n  name: x\nrun:\n  steps: [a, b\n" >bad.yaml &&
	fails_with 2 "lava-tdload: bad.yaml:5:1: " bad.yaml
'

test_expect_success 'a definition that is not a mapping' '
	printf -- "- a\n- b\n" >list.yaml &&
	fails_with 2 "list.yaml:1:1: test definition: not a mapping" list.yaml &&
	: >empty.yaml &&
	fails_with 2 "empty.yaml: test definition: not a mapping" empty.yaml
'

test_expect_success 'missing metadata.name' '
	printf "metadata:\n  format: x\nrun:\n  steps: [true]\n" >noname.yaml &&
	fails_with 2 "noname.yaml:2:3: no metadata.name" noname.yaml &&
	printf "run:\n  steps: [true]\n" >nometa.yaml &&
	fails_with 2 "nometa.yaml:1:1: no metadata mapping" nometa.yaml
'

test_expect_success 'a run that is not a mapping, or has no run.steps' '
	printf "metadata:\n  name: x\nrun: [true]\n" >norun.yaml &&
	fails_with 2 "norun.yaml:3:6: run: not a mapping" norun.yaml &&
	printf "metadata:\n  name: x\nrun:\n  other: 1\n" >nosteps.yaml &&
	fails_with 2 "nosteps.yaml:4:3: no run.steps" nosteps.yaml
'

test_expect_success 'a step that is not a string, with its position' '
	printf "metadata:\n  name: x\nrun:\n  steps:\n    - echo ok\n    - {a: b}\n" >step.yaml &&
	fails_with 2 "step.yaml:6:7: run.steps: an item is not a string" step.yaml &&
	printf "metadata:\n  name: x\nrun:\n  steps:\n    - \"a\\\\0b\"\n" >nul.yaml &&
	fails_with 2 "nul.yaml:5:7: run.steps: an item is not a string" nul.yaml &&
	printf "metadata:\n  name: x\nrun:\n  steps: echo\n" >str.yaml &&
	fails_with 2 "str.yaml:4:10: run.steps: not a list" str.yaml
'

# metadata.name is any string in LAVA ("Test Health Check"): the run's
# directory is made from it by lava_name_dir(); the results keep it whole.
test_expect_success 'any metadata.name loads, in a directory of its own and no other' '
	cat >names <<-\EOF &&
	../../escaped	.__.__escaped
	a/b	a_b
	..	._
	.	.
	.hidden	.hidden
	-rf	-rf
	Test Health Check	Test_Health_Check
	Test piBridge.	Test_piBridge.
	x<y>	x_y_
	$(id)	__id_
	EOF
	while IFS="	" read -r n dir; do
		printf "metadata:\n  name: \"%s\"\nrun:\n  steps: [true]\n" "$n" >name.yaml &&
		lava-tdload -o job name.yaml &&
		echo "0_$dir" >expect &&
		ls job/tree/tests >actual &&
		test_cmp expect actual &&
		printf "%s" "$n" >expect &&
		test_cmp expect job/runs/*/name &&
		lava-bundle job >b.json &&
		jq -j ".test_runs[0].test_id" b.json >actual &&
		test_cmp expect actual &&
		rm -r job || return 1
	done <names &&
	test ! -e ../escaped && test ! -e escaped
'

test_expect_success 'a name with a tab or bytes beyond ASCII, and a long one' '
	printf "metadata:\n  name: \"a\\tb \\u00e9\"\nrun:\n  steps: [true]\n" >tab.yaml &&
	lava-tdload -o job tab.yaml &&
	echo 0_a_b___ >expect &&
	ls job/tree/tests >actual &&
	test_cmp expect actual &&
	lava-bundle job | jq -j ".test_runs[0].test_id" >actual &&
	printf "a\tb \303\251" >expect &&
	test_cmp expect actual &&
	rm -r job &&
	long=$(printf "%0300d" 0) &&
	printf "metadata:\n  name: x%s\nrun:\n  steps: [true]\n" "$long" >long.yaml &&
	lava-tdload -o job long.yaml &&
	test "$(ls job/tree/tests | wc -c)" = $((2 + 192 + 1)) &&
	rm -r job
'

test_expect_success 'an empty metadata.name, or one over 4096 bytes, is refused where it is' '
	printf "metadata:\n  name: \"\"\nrun:\n  steps: [true]\n" >empty.yaml &&
	fails_with 2 "empty.yaml:2:9: no metadata.name" empty.yaml &&
	printf "metadata:\n  name: %s\nrun:\n  steps: [true]\n" "$(printf "%04097d" 0)" >huge.yaml &&
	fails_with 2 "huge.yaml:2:9: metadata.name: longer than 4096 bytes" huge.yaml
'

test_expect_success 'after an error no half-written JOB is left' '
	printf "metadata:\n  name: late\nrun:\n  steps: [[x]]\n" >late.yaml &&
	test_status 2 lava-tdload -o job "$data/plain.yaml" "$data/smoke.yaml" late.yaml 2>err &&
	test_grep "late.yaml:4:11: run.steps: an item is not a string" err &&
	test ! -e job &&
	ls -a >list &&
	! grep "\\.tmp" list
'

test_expect_success 'a host failure exits 1 and also leaves nothing' '
	LAVA_DEVICEDIR=$TRASH/no-such-dir &&
	test_status 1 lava-tdload -o job "$data/plain.yaml" 2>err &&
	test_grep "no-such-dir: No such file or directory" err &&
	test ! -e job &&
	ls -a >list &&
	! grep "\\.tmp" list
'

test_expect_success 'a missing definition file' '
	fails_with 2 "nothere.yaml: No such file or directory" nothere.yaml
'

test_expect_success 'param names must be shell variable names' '
	printf "metadata:\n  name: x\nparams:\n  GOOD: 1\n  BAD-NAME: 2\nrun:\n  steps: [true]\n" >p.yaml &&
	fails_with 2 "p.yaml:5:3: params: a param name must match" p.yaml &&
	printf "metadata:\n  name: x\nparams:\n  1X: 2\nrun:\n  steps: [true]\n" >p1.yaml &&
	fails_with 2 "p1.yaml:4:3: params: a param name" p1.yaml &&
	printf "metadata:\n  name: x\nparams:\n  TESTRUN_ID: 2\nrun:\n  steps: [true]\n" >p2.yaml &&
	fails_with 2 "p2.yaml:4:3: param TESTRUN_ID is set by run.sh itself" p2.yaml &&
	printf "metadata:\n  name: x\nparams: [A]\nrun:\n  steps: [true]\n" >p3.yaml &&
	fails_with 2 "p3.yaml:3:9: params: not a mapping" p3.yaml
'

test_expect_success 'deps must be package names' '
	for d in "-oAPT::Get=x" "a;b" "a b" "\$(x)" "a/b"; do
		printf "metadata:\n  name: x\ninstall:\n  deps:\n    - \"%s\"\nrun:\n  steps: [true]\n" "$d" >d.yaml &&
		fails_with 2 "d.yaml:5:7: install.deps: not a package name" d.yaml || return 1
	done
'

test_expect_success 'an unknown handler is a warning, the run still lists it' '
	printf "metadata:\n  name: x\nrun:\n  steps: [true]\nhandler:\n  handler-name: nosuch\n" >h.yaml &&
	lava-tdload -o job h.yaml 2>err &&
	test_grep "h.yaml:6:17: nosuch: no such handler (it will be skipped)" err &&
	printf "nosuch\t{}\n" >expect &&
	test_cmp expect job/runs/*/handlers.tsv &&
	rm -r job
'

test_expect_success 'an unknown handler is an error with --strict' '
	test_status 2 lava-tdload --strict -o job h.yaml 2>err &&
	test_grep "h.yaml:6:17: nosuch: no such handler$" err &&
	test ! -e job
'

test_expect_success 'a handler found on LAVA_HANDLER_PATH passes --strict' '
	printf "metadata:\n  name: x\nrun:\n  steps: [true]\nhandler:\n  handler-name: known\n  params: {a: [1, 2], b: null}\n" >k.yaml &&
	lava-tdload --strict -o job k.yaml 2>err &&
	test ! -s err &&
	printf "known\t{\"a\":[1,2],\"b\":null}\n" >expect &&
	test_cmp expect job/runs/*/handlers.tsv &&
	rm -r job
'

test_expect_success 'a handler name with / .. or a leading - is always refused' '
	for n in ../known /bin/sh -x "a b"; do
		printf "metadata:\n  name: x\nrun:\n  steps: [true]\nhandler:\n  handler-name: \"%s\"\n" "$n" >hn.yaml &&
		fails_with 2 "hn.yaml:6:17: handler name refused" hn.yaml || return 1
	done &&
	printf "metadata:\n  name: x\nrun:\n  steps: [true]\nhandler:\n  params: {}\n" >hn.yaml &&
	fails_with 2 "hn.yaml:6:3: handler: no handler-name" hn.yaml &&
	printf "metadata:\n  name: x\nrun:\n  steps: [true]\nhandler:\n  handler-name: known\n  params: [1]\n" >hp.yaml &&
	fails_with 2 "hp.yaml:7:11: handler params: not a mapping" hp.yaml
'

# A definition whose parameter is eight levels of aliases, each nine of
# the one before: 9^8 strings when expanded, from a few hundred bytes.
bomb() {
	echo "metadata: {name: bomb}" &&
	echo "a0: &a0 \"echo lol\"" &&
	for i in 1 2 3 4 5 6 7 8; do
		j=$((i - 1)) &&
		echo "a$i: &a$i [*a$j, *a$j, *a$j, *a$j, *a$j, *a$j, *a$j, *a$j, *a$j]" || return 1
	done &&
	echo "params: {BOMB: *a8}" &&
	echo "run: {steps: [true]}"
}

test_expect_success 'aliases that expand beyond the size cap: exit 2 with a position, in little memory' '
	bomb >bomb.yaml &&
	test $(wc -c <bomb.yaml) -lt 600 &&
	test_status 2 /usr/bin/time -o rss -f %M lava-tdload -o job bomb.yaml 2>err &&
	test "$(tail -n 1 rss)" -lt 400000 &&
	test_grep "lava-tdload: bomb.yaml:[0-9]*:[0-9]*: aliases expand to more than" err &&
	test ! -e job
'

test_expect_success 'more aliases than the count cap: exit 2 with a position' '
	{
		echo "metadata: {name: many}" &&
		echo "s: &s x" &&
		printf "run: {steps: [" &&
		i=0 && while [ $i -lt 10001 ]; do printf "*s, "; i=$((i + 1)); done &&
		echo "*s]}"
	} >many.yaml &&
	rm -rf job &&
	fails_with 2 "many.yaml:3:" many.yaml &&
	test_grep "more than 10000 aliases" err
'

test_expect_success 'an alias inside the node it names is refused' '
	rm -rf job &&
	printf "metadata: {name: loop}\nrun: &r {steps: [*r]}\n" >loop.yaml &&
	fails_with 2 "loop.yaml:2:18: alias *r inside the node it names" loop.yaml
'

test_done
