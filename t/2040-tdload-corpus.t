#!/bin/sh
# lava-tdload: every real definition of the corpus loads; every script it writes parses.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

corpus=$LAVA_SRC/../shared/corpus
accept=$LAVA_SRC/t/data/lavajob/accept
export corpus accept

# Jobs shaped like real LAVA jobs (kernel CI templates, LKFT plans, the
# seed's JSON), written for these tests: each loads into the runs LAVA
# makes of it, in its order, and each run's scripts parse.
test_expect_success 'LAVA job files of real shapes load into the runs LAVA makes' '
	cp -R "$accept" lavajobs &&
	mkdir -p suite/automated/linux/ltp suite/automated/utils &&
	cat >suite/automated/linux/ltp/ltp.yaml <<-\EOF &&
	metadata:
	  format: Lava-Test Test Definition 1.0
	  name: ltp
	  description: "Run a Linux Test Project suite"
	  os: [debian, ubuntu, fedora]
	  scope: [functional]
	params:
	  TST_CMDFILES: ""
	  SKIP_INSTALL: "false"
	  TIMEOUT_MULTIPLIER: 1
	install:
	  deps: [xz-utils, flex, bison]
	run:
	  steps:
	  - cd ./automated/linux/ltp/
	  - ./ltp.sh -T "${TST_CMDFILES}" -s "${SKIP_INSTALL}"
	  - ../../utils/send-to-lava.sh ./output/result.txt
	EOF
	printf "#!/bin/sh\necho ltp\n" >suite/automated/linux/ltp/ltp.sh &&
	printf "#!/bin/sh\necho send\n" >suite/automated/utils/send-to-lava.sh &&
	chmod +x suite/automated/linux/ltp/ltp.sh suite/automated/utils/send-to-lava.sh &&
	tar -C suite -cJf lavajobs/suite.tar.xz automated &&
	grep -v "^#" "$accept/runs.tsv" >table &&
	test "$(wc -l <table)" -ge 4 &&
	while IFS="	" read -r file ids; do
		lava-tdload -o "lj-$file" "lavajobs/$file" 2>err &&
		test_cmp /dev/null err &&
		sed "s|.*/||" "lj-$file/tree/lava-test-runner.conf" >actual &&
		printf "%s\n" $ids >expect &&
		test_cmp expect actual &&
		for sh in "lj-$file"/tree/tests/*/*.sh; do
			dash -n "$sh" || return 1
		done || { echo "$file"; return 1; }
	done <table
'

test_expect_success 'their params, skip_install and tarball files are the ones LAVA gives' '
	t=lj-lkft-tarball.yaml/tree/tests &&
	test -x $t/0_ltp-syscalls/automated/utils/send-to-lava.sh &&
	grep -x "export TST_CMDFILES='"'"'syscalls'"'"'" $t/0_ltp-syscalls/run.sh &&
	grep -x "export SKIP_INSTALL='"'"'True'"'"'" $t/0_ltp-syscalls/run.sh &&
	grep -x "export SKIP_INSTALL='"'"'true'"'"'" $t/1_ltp-math/run.sh &&
	grep -x "export TIMEOUT_MULTIPLIER='"'"'3'"'"'" $t/0_ltp-syscalls/run.sh &&
	grep -x "export TIMEOUT_MULTIPLIER='"'"'1'"'"'" $t/1_ltp-math/run.sh &&
	grep -qx "set -- .xz-utils. .flex. .bison." $t/1_ltp-math/install.sh &&
	grep -qx ".SUDO apt-get install -y -q \"\$@\"" $t/1_ltp-math/install.sh &&
	test ! -e $t/2_prep-tmp/automated &&
	grep -qx "mkdir -p /tmp/ltp" $t/2_prep-tmp/install.sh &&
	k=lj-kernelci-qemu.yaml/tree/tests/1_kselftest-cpufreq &&
	test_must_fail grep -q "apt-get" $k/install.sh &&
	a=lj-two-actions-roles.yaml/tree/tests/0_first &&
	test_must_fail grep -q "apt-get\|^false\$" $a/install.sh &&
	echo 2700 >expect &&
	test_cmp expect lj-kernelci-qemu.yaml/timeout &&
	echo 1200 >expect &&
	test_cmp expect lj-two-actions-roles.yaml/timeout &&
	echo 7200 >expect &&
	test_cmp expect lj-lkft-tarball.yaml/timeout &&
	test ! -e lj-seed-json.json/timeout &&
	for j in kernelci-qemu two-actions-roles lkft-tarball; do
		for r in lj-$j.yaml/runs/*; do
			printf "%s " "$(cat "$r/id")" && cat "$r/limit"
		done | sort
	done >limits &&
	cat >expect <<-\EOF &&
	0_baseline 2 600.000
	1_kselftest-cpufreq 2 600.000
	0_first 0 240.000
	1_second 0 240.000
	2_first 1 180.000
	0_ltp-syscalls 0 3000.000
	1_ltp-math 0 3000.000
	2_prep-tmp 0 3000.000
	EOF
	test_cmp expect limits &&
	test ! -e lj-seed-json.json/runs/*/limit
'

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
