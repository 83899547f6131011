#!/bin/sh
# lava-tdload: every real definition of the corpus loads; every script it writes parses.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

corpus=$LAVA_SRC/../shared/corpus
export corpus

if ! test -d "$corpus"; then
	test_skip 'the corpus of real test definitions' 'no corpus beside the source tree'
	test_done
	exit
fi

test_expect_success 'every definition of the corpus loads, each as its own job' '
	find "$corpus" -name "*.yaml" | sort >defs &&
	test -s defs &&
	n=0 &&
	while read -r def; do
		n=$((n + 1)) &&
		lava-tdload -o "job$n" "$def" 2>err || { cat err; echo "$def"; return 1; }
		grep -v "no lava-test-runner" err >warnings
		if test -s warnings; then cat warnings; echo "$def"; return 1; fi
	done <defs &&
	test "$n" -ge 1 &&
	ls -d job* | wc -l >count &&
	echo "$n" >expect &&
	test_cmp expect count
'

test_expect_success 'all of them load in one job, numbered in order' '
	tr "\n" "\0" <defs | xargs -0 lava-tdload -o all &&
	wc -l <defs >expect &&
	wc -l <all/tree/lava-test-runner.conf >actual &&
	test_cmp expect actual &&
	ls all/runs | wc -l >actual &&
	test_cmp expect actual
'

test_expect_success 'every run.sh and install.sh written parses under dash -n' '
	find all/tree/tests -name "*.sh" -path "*/tests/*/*" | sort >scripts &&
	test -s scripts &&
	while read -r sh; do
		dash -n "$sh" || { echo "$sh"; return 1; }
	done <scripts &&
	test "$(grep -c "/run\\.sh\$" scripts)" = "$(wc -l <defs)"
'

# The steps are the authors' and are left out; a param whose value holds
# "$" is single-quoted on purpose, so SC2016 does not apply.
test_expect_success 'the lines lava-tdload adds to them are shellcheck-clean' '
	for d in all/tree/tests/*; do
		awk "/^\\(\$/ { print; print \":\"; s = 1; next }
			/^\\) <\\/dev\\/null\$/ { s = 0 } !s" "$d/run.sh" >"$d.run" &&
		shellcheck -s sh -e SC2016 "$d.run" || { echo "$d"; return 1; }
	done
'

test_done
