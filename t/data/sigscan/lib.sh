# lib.sh - the table test of lava-sigscan, for the t/10*-sigscan tests
# shellcheck shell=sh

# scan DESC INPUT EXPECT [WARNING]: printf INPUT | lava-sigscan must exit
# 0 and print the records printf EXPECT (without their TIME field);
# stderr must be empty, or match the extended regular expression WARNING.
# With SCAN_SPLIT set, the scanner's library fed the input cut at every
# byte, and a byte at a time (unit-scan split), must give them too.
scan() {
	# shellcheck disable=SC2034
	IN=$2 EXP=$3 WARN=${4-}
	test_expect_success "$1" '
		printf "$IN" >in &&
		printf "$EXP" >expect &&
		lava-sigscan <in >out 2>err &&
		cut -f 2- out >actual &&
		test_cmp expect actual &&
		if test -n "$WARN"
		then test_grep -E "$WARN" err
		else test_cmp /dev/null err
		fi &&
		if test -n "${SCAN_SPLIT-}"
		then
			unit-scan split <in >out &&
			cut -f 2- out >actual &&
			test_cmp expect actual
		fi
	'
}
