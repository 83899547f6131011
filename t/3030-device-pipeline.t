#!/bin/sh
# The device side against the real host side, under every shell: the
# runner's console goes through lava-sigscan and lava-sigroute, whose ACK
# lines a shell of the shell under test runs, as the console shell would;
# the pulled results dir and the records then bundle with lava-bundle.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"
# shellcheck source=t/data/device/lib.sh
. "$LAVA_SRC/t/data/device/lib.sh"

D=$LAVA_SRC/t/data/device
export D

for p in lava-tdload lava-sigscan lava-sigroute lava-bundle jq; do
	if ! test_have "$p"; then
		test_skip "the device side through the host pipeline" "no $p"
		test_done
		exit
	fi
done

for sh in $SHELLS; do
	shell_ready "the pipeline" || continue
	T=$TRASH/$sh/lava
	export T

	test_expect_success "$sh: a run with a handler waits for every ACK and ends" '
		mkdir -p "$sh" && cd "$sh" &&
		mkdef smoke "$D/smoke.install" "$D/smoke.run" >smoke.yaml &&
		printf "handler:\n  handler-name: add-duration\n" >>smoke.yaml &&
		lava-tdload -o job --target-dir "$T" smoke.yaml 2>load.err &&
		mv job/tree "$T" &&
		test_grep "^export LAVA_SYNC=.1.\$" "$T"/tests/0_smoke/run.sh &&
		setbin "$T" "$interp" &&
		LAVA_ACK_TIMEOUT=60 && export LAVA_ACK_TIMEOUT &&
		{
			"$T/bin/lava-test-runner" 2>runner.err
			echo $? >rc
		} | lava-sigscan -l job/console.log | tee job/records.tsv |
		    lava-sigroute job 2>route.err | $interp &&
		echo 0 >expect && test_cmp expect rc &&
		test_cmp /dev/null runner.err &&
		test_cmp /dev/null route.err
	'

	test_expect_success "$sh: every signal of the run carried a token, and the run ended" '
		cd "$sh" &&
		cut -f 3,4 job/records.tsv >fields &&
		grep -v "^-	EXIT\$" fields >signals &&
		! grep "^-" signals &&
		test "$(wc -l <signals)" -eq 13 &&
		tail -n 1 fields >last &&
		printf -- "-\tEXIT\n" >expect &&
		test_cmp expect last
	'

	test_expect_success "$sh: results and handler output bundle together" '
		cd "$sh" &&
		cp -R "$T/results" job/results &&
		lava-bundle job >bundle.json 2>bundle.err &&
		test_cmp /dev/null bundle.err &&
		jq -r ".test_runs[] | .test_results[] |
		    [.test_case_id, .result, (.duration != null)] | @tsv" \
		    bundle.json | LC_ALL=C sort >actual &&
		printf "%s\t%s\t%s\n" fail-case fail true in-set skip false \
		    measure pass false pass-case pass true ref1 fail false >expect &&
		test_cmp expect actual
	'
done

test_done
