#!/bin/sh
# lava-tdload: job files, in the seed's JSON form and later LAVA's definitions: form.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC1003
. "$(dirname "$0")/lib.sh"

# shellcheck source=t/data/tdload/lib.sh
. "$LAVA_SRC/t/data/tdload/lib.sh"

gitc() {
	git -c user.name=t -c user.email=t@t "$@"
}

test_expect_success 'set up a git repository and definitions beside the jobs' '
	git init -q repo &&
	mkdir repo/defs jobs &&
	printf "metadata:\n  name: deep\nparams:\n  MODE: default\n  KEEP: kept\nrun:\n  steps: [\"echo \$MODE\"]\n" >repo/defs/deep.yaml &&
	(cd repo && git add . && gitc commit -q -m one && git tag v1) &&
	echo changed >repo/changed &&
	(cd repo && git add . && gitc commit -q -m two) &&
	git -C repo rev-parse v1 >v1 &&
	cp "$data/plain.yaml" "$data/smoke.yaml" jobs/
'

test_expect_success 'the seed JSON form: testdef_urls and testdef_repos' '
	cat >jobs/seed.json <<-\EOF &&
	{"timeout": 900,
	 "testdef_urls": ["plain.yaml", "file://TRASH/jobs/smoke.yaml"],
	 "testdef_repos": [{"git-repo": "../repo", "revision": "v1",
			    "testdef": "defs/deep.yaml"}]}
	EOF
	sed -i "s|TRASH|$TRASH|" jobs/seed.json &&
	lava-tdload -o j1 jobs/seed.json &&
	printf "/lava/tests/0_plain\n/lava/tests/1_smoke\n/lava/tests/2_deep\n" >expect &&
	test_cmp expect j1/tree/lava-test-runner.conf &&
	test ! -e j1/tree/tests/2_deep/changed &&
	printf "repo\tgit\t%s\tjobs/../repo\n" "$(cat v1)" >expect &&
	cat j1/runs/*/sources.tsv >actual &&
	test_cmp expect actual
'

test_expect_success 'the seed form inside actions: lava_test_shell parameters' '
	cat >jobs/actions.json <<-\EOF &&
	{"job_name": "x", "actions": [
	  {"command": "deploy_linaro_image", "parameters": {"image": "x"}},
	  {"command": "lava_test_shell",
	   "parameters": {"testdef_urls": ["plain.yaml"]}}]}
	EOF
	lava-tdload -o j2 jobs/actions.json &&
	echo /lava/tests/0_plain >expect &&
	test_cmp expect j2/tree/lava-test-runner.conf
'

test_expect_success 'definitions: from git, url and inline; params override; name' '
	cat >jobs/new.yaml <<-EOF &&
	job_name: new form
	actions:
	- deploy: {to: tmpfs}
	- test:
	    timeout: {minutes: 5}
	    definitions:
	    - from: git
	      repository: ../repo
	      path: defs/deep.yaml
	      name: deep-one
	      params:
	        MODE: "from the job"
	        EXTRA: "it'"'"'s new"
	    - from: url
	      repository: smoke.yaml
	      name: smoke
	    - from: inline
	      path: inline/x.yaml
	      name: inl
	      repository:
	        metadata:
	          format: Lava-Test Test Definition 1.0
	          name: inline-def
	        run:
	          steps:
	          - echo inline
	          - lava-test-case inline-ok --result pass
	EOF
	lava-tdload -o j3 jobs/new.yaml &&
	printf "/lava/tests/0_deep-one\n/lava/tests/1_smoke\n/lava/tests/2_inl\n" >expect &&
	test_cmp expect j3/tree/lava-test-runner.conf &&
	sed -n "s/^export \\(MODE\\|KEEP\\|EXTRA\\)=/\\1=/p" j3/tree/tests/0_deep-one/run.sh >actual &&
	cat >expect <<-\EOF &&
	MODE='"'"'from the job'"'"'
	KEEP='"'"'kept'"'"'
	EXTRA='"'"'it'"'"'\'"'"''"'"'s new'"'"'
	EOF
	test_cmp expect actual &&
	test_grep "^test -e changed\$\\|^echo \$MODE\$" j3/tree/tests/0_deep-one/run.sh &&
	test -e j3/tree/tests/0_deep-one/changed &&
	grep -x "echo inline" j3/tree/tests/2_inl/run.sh &&
	dash -n j3/tree/tests/2_inl/run.sh &&
	grep -h . j3/runs/*/id | sort >ids &&
	printf "0_deep-one\n1_smoke\n2_inl\n" >expect &&
	test_cmp expect ids
'

test_expect_success 'an inline definition is kept as JSON, which reads as YAML' '
	id=$(grep -lx 2_inl j3/runs/*/id) &&
	cp "${id%/id}/testdef.yaml" inl.json &&
	jq -c . inl.json >actual &&
	echo "{\"metadata\":{\"format\":\"Lava-Test Test Definition 1.0\",\"name\":\"inline-def\"},\"run\":{\"steps\":[\"echo inline\",\"lava-test-case inline-ok --result pass\"]}}" >expect &&
	test_cmp expect actual &&
	test_cmp inl.json j3/tree/tests/2_inl/testdef.yaml &&
	lava-tdload -o j3b inl.json &&
	test -d j3b/tree/tests/0_inline-def
'

test_expect_success 'sync: true in the job makes every run wait' '
	printf "sync: true\ndefinitions:\n- {from: url, repository: plain.yaml}\n" >jobs/sync.yaml &&
	lava-tdload -o j4 jobs/sync.yaml &&
	grep -x "export LAVA_SYNC='"'"'1'"'"'" j4/tree/tests/0_plain/run.sh
'

test_expect_success 'context: memory and -smp of extra_options become JOB/qemu' '
	printf "context:\n  arch: amd64\n  memory: 1G\n  extra_options: [-nographic, -smp 2]\ndefinitions:\n- {from: url, repository: plain.yaml}\n" >jobs/ctx.yaml &&
	lava-tdload -o q1 jobs/ctx.yaml &&
	printf "memory 1024\ncpus 2\n" >expect &&
	test_cmp expect q1/qemu &&
	printf "context: {memory: 320}\ndefinitions:\n- {from: url, repository: plain.yaml}\n" >jobs/ctx.yaml &&
	lava-tdload -o q2 jobs/ctx.yaml &&
	echo "memory 320" >expect &&
	test_cmp expect q2/qemu &&
	printf "context: {extra_options: [\"-smp cpus=4,cores=2\"]}\ndefinitions:\n- {from: url, repository: plain.yaml}\n" >jobs/ctx.yaml &&
	lava-tdload -o q3 jobs/ctx.yaml &&
	echo "cpus 4" >expect &&
	test_cmp expect q3/qemu &&
	lava-tdload -o q4 jobs/sync.yaml &&
	test ! -e q4/qemu
'

test_expect_success 'a context: memory or -smp that is no number: positioned errors' '
	for m in lots 0 1T 9999999 -5 "" 12MB; do
		printf "context:\n  memory: \"%s\"\ndefinitions:\n- {from: url, repository: plain.yaml}\n" "$m" >jobs/ctx.yaml &&
		test_status 2 lava-tdload -o q5 jobs/ctx.yaml 2>err &&
		test_grep "jobs/ctx.yaml:2:11: context: memory: not megabytes from 1 to" err &&
		test ! -e q5 || return 1
	done &&
	printf "context:\n  extra_options:\n  - -smp many\ndefinitions:\n- {from: url, repository: plain.yaml}\n" >jobs/ctx.yaml &&
	test_status 2 lava-tdload -o q5 jobs/ctx.yaml 2>err &&
	test_grep "jobs/ctx.yaml:3:5: context: extra_options: -smp many: not a CPU count" err &&
	test ! -e q5
'

test_expect_success 'strict: true in the job makes an unknown handler an error' '
	cat >jobs/strict.yaml <<-\EOF &&
	strict: true
	definitions:
	- from: inline
	  name: h
	  repository:
	    metadata: {name: h}
	    run: {steps: ["true"]}
	    handler: {handler-name: nosuch}
	EOF
	test_status 2 lava-tdload -o j5 jobs/strict.yaml 2>err &&
	test_grep "jobs/strict.yaml:8:29: nosuch: no such handler$" err &&
	test ! -e j5 &&
	sed -i "s/nosuch/known/" jobs/strict.yaml &&
	lava-tdload -o j5 jobs/strict.yaml &&
	printf "known\t{}\n" >expect &&
	test_cmp expect j5/runs/*/handlers.tsv
'

test_expect_success 'a job name or path that would escape JOB/ is refused' '
	for n in ../../x a/b -x .x; do
		printf "definitions:\n- from: url\n  repository: plain.yaml\n  name: \"%s\"\n" "$n" >jobs/esc.yaml &&
		test_status 2 lava-tdload -o j6 jobs/esc.yaml 2>err &&
		test_grep "jobs/esc.yaml:4:9: name cannot be a directory name" err &&
		test ! -e j6 || return 1
	done &&
	printf "definitions:\n- from: git\n  repository: ../repo\n  path: ../../etc/passwd\n" >jobs/esc.yaml &&
	test_status 2 lava-tdload -o j6 jobs/esc.yaml 2>err &&
	test_grep "jobs/esc.yaml:2:3: path ../../etc/passwd refused" err &&
	test ! -e j6 && test ! -e x
'

test_expect_success 'no revision or repository from a job becomes an option' '
	printf "definitions:\n- from: git\n  repository: ../repo\n  revision: \"--upload-pack=touch pwned\"\n  path: defs/deep.yaml\n" >jobs/inj.yaml &&
	test_status 2 lava-tdload -o j7 jobs/inj.yaml 2>err &&
	test_grep "jobs/inj.yaml:2:3: revision refused: it starts with" err &&
	printf "{\"testdef_repos\": [{\"git-repo\": \"--upload-pack=touch pwned\"}]}\n" >jobs/inj.json &&
	test_status 2 lava-tdload -o j7 jobs/inj.json 2>err &&
	test_grep "repository refused" err &&
	printf "{\"testdef_urls\": [\"http://127.0.0.1:1/-K/x\"]}\n" >jobs/inj2.json &&
	test_status 1 lava-tdload -o j7 jobs/inj2.json 2>err &&
	test_grep "curl failed" err &&
	test ! -e pwned && test ! -e jobs/pwned && test ! -e j7
'

test_expect_success 'bad job entries: positioned errors' '
	printf "definitions:\n- from: svn\n  repository: x\n" >jobs/bad.yaml &&
	test_status 2 lava-tdload -o j8 jobs/bad.yaml 2>err &&
	test_grep "jobs/bad.yaml:2:9: from: svn: not git, bzr, url or inline" err &&
	printf "definitions:\n- from: inline\n  repository: x\n" >jobs/bad.yaml &&
	test_status 2 lava-tdload -o j8 jobs/bad.yaml 2>err &&
	test_grep "jobs/bad.yaml:2:3: definitions: inline repository is not a mapping" err &&
	printf "testdef_urls: plain.yaml\n" >jobs/bad.yaml &&
	test_status 2 lava-tdload -o j8 jobs/bad.yaml 2>err &&
	test_grep "jobs/bad.yaml:1:15: testdef_urls: not a list" err &&
	printf "sync: maybe\ntestdef_urls: []\n" >jobs/bad.yaml &&
	test_status 2 lava-tdload -o j8 jobs/bad.yaml 2>err &&
	test_grep "jobs/bad.yaml:1:7: sync: not true or false" err &&
	printf "testdef_urls: [seed.json]\n" >jobs/bad.yaml &&
	test_status 2 lava-tdload -o j8 jobs/bad.yaml 2>err &&
	test_grep "jobs/bad.yaml:1:16: jobs/seed.json: a job file, not a test definition" err &&
	test ! -e j8
'

test_expect_success 'job params must be a mapping of shell names' '
	printf "definitions:\n- from: url\n  repository: plain.yaml\n  params: {a-b: 1}\n" >jobs/par.yaml &&
	test_status 2 lava-tdload -o j9 jobs/par.yaml 2>err &&
	test_grep "jobs/par.yaml:4:12: params: a param name must match" err &&
	test ! -e j9
'

test_done
