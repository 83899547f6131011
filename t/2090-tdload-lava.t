#!/bin/sh
# lava-tdload: the fields of LAVA's job files: honoured, or refused where they are.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016,SC1003
. "$(dirname "$0")/lib.sh"

# shellcheck source=t/data/tdload/lib.sh
. "$LAVA_SRC/t/data/tdload/lib.sh"
jobs=$LAVA_SRC/t/data/lavajob
export jobs

# A local HTTP server on a port the kernel picks, serving $TRASH/www.
# shellcheck source=t/data/tdload/http.sh
. "$LAVA_SRC/t/data/tdload/http.sh"

gitc() {
	git -c user.name=t -c user.email=t@t "$@"
}

# job NAME: a LAVA job file of one test action with the definitions on stdin.
job() {
	{
		printf 'job_name: %s\ndevice_type: qemu\nvisibility: public\n' "$1"
		printf 'timeouts:\n  job: {minutes: 10}\nactions:\n- test:\n'
		printf '    definitions:\n'
		cat
	} >"$1.yaml"
}

test_expect_success 'each field lava-tdload cannot honour is refused at its line and column' '
	grep -v "^#" "$jobs/refused.tsv" >table &&
	test "$(wc -l <table)" -ge 10 &&
	while IFS="	" read -r file at msg; do
		test_status 2 lava-tdload -o "out-$file" "$jobs/$file" 2>err &&
		test_grep -F "lava-tdload: $jobs/$file:$at: $msg" err &&
		test ! -e "out-$file" || { echo "$file"; return 1; }
	done <table
'

test_expect_success 'a job whose test actions make no runs is an error, not 0 cases' '
	cat >empty.yaml <<-\EOF &&
	job_name: boots and tests nothing
	device_type: qemu
	visibility: public
	timeouts: {job: {minutes: 3}}
	actions:
	- deploy: {to: tmpfs, images: {kernel: {url: "http://example.org/k"}}}
	- boot: {method: qemu, failure_retry: 2}
	- test:
	    timeout: {minutes: 1}
	    definitions: []
	EOF
	test_status 2 lava-tdload -o e empty.yaml 2>err &&
	test_grep "lava-tdload: empty.yaml:6:1: no test action of the job" err &&
	test ! -e e
'

test_expect_success 'set up a repository with branches and tags, as test repositories have' '
	git init -q -b main repo &&
	printf "metadata:\n  name: which\nrun:\n  steps: [\"echo on-main\"]\n" >repo/which.yaml &&
	(cd repo && git add . && gitc commit -q -m main && gitc tag -a -m rel v1.0) &&
	(cd repo && git checkout -q -b stable &&
		sed -i s/on-main/on-stable/ which.yaml && gitc commit -q -am stable &&
		git checkout -q main) &&
	(cd repo && sed -i s/on-main/on-main-2/ which.yaml && gitc commit -q -am two) &&
	git -C repo rev-parse stable >stable.sha &&
	git -C repo rev-parse "v1.0^{commit}" >v1.sha
'

test_expect_success 'revision: a branch, a tag or a sha; branch: alone; a branch and a revision' '
	job git <<-EOF &&
	    - {from: git, repository: $TRASH/repo, path: which.yaml, name: by-branch, revision: stable}
	    - {from: git, repository: $TRASH/repo, path: which.yaml, name: by-tag, revision: v1.0}
	    - {from: git, repository: $TRASH/repo, path: which.yaml, name: by-sha, revision: $(cat v1.sha)}
	    - {from: git, repository: $TRASH/repo, path: which.yaml, name: branch-only, branch: stable}
	    - {from: git, repository: $TRASH/repo, path: which.yaml, name: both, branch: stable, revision: v1.0}
	    - {from: git, repository: $TRASH/repo, path: which.yaml, name: default}
	EOF
	lava-tdload -o g git.yaml &&
	for t in 0_by-branch:on-stable 1_by-tag:on-main 2_by-sha:on-main \
	    3_branch-only:on-stable 4_both:on-main 5_default:on-main-2; do
		grep -qx "echo ${t#*:}" "g/tree/tests/${t%%:*}/run.sh" ||
			{ echo "$t"; return 1; }
	done &&
	cut -f 3 g/runs/*/sources.tsv | sort | uniq -c | awk "{ print \$1 }" | sort >counts &&
	printf "1\n2\n3\n" >expect &&
	test_cmp expect counts &&
	grep -q "	$(cat stable.sha)	" g/runs/*/sources.tsv
'

test_expect_success 'a revision that is neither branch, tag nor commit fails with its name' '
	job nogit <<-EOF &&
	    - {from: git, repository: $TRASH/repo, path: which.yaml, name: x, revision: no-such}
	EOF
	test_status 1 lava-tdload -o n nogit.yaml 2>err &&
	test_grep "revision no-such not found" err
'

test_expect_success 'a definition with no run: (install steps alone) loads and its run.sh parses' '
	job install <<-\EOF &&
	    - from: inline
	      name: setup
	      path: setup.yaml
	      repository:
	        metadata: {name: setup, format: Lava-Test Test Definition 1.0}
	        install:
	          steps: ["echo installing > installed"]
	EOF
	lava-tdload -o i install.yaml &&
	grep -qx "echo installing > installed" i/tree/tests/0_setup/install.sh &&
	dash -n i/tree/tests/0_setup/run.sh &&
	sed -n "/^(\$/,/^) <\/dev\/null\$/p" i/tree/tests/0_setup/run.sh >body &&
	printf "(\nset -e\n:\n) </dev/null\n" >expect &&
	test_cmp expect body
'

test_expect_success 'params read as LAVA reads them (PyYAML, YAML 1.1), then str(), as its dispatcher writes them' '
	python3 -c "
import sys, yaml
for k, v in yaml.safe_load(open(sys.argv[1]))[\"params\"].items():
    print(\"%s=%s\" % (k, v if v else \"\"))
" "$jobs/params.yaml" >expect &&
	test "$(wc -l <expect)" -ge 30 &&
	lava-tdload -o p "$jobs/params.yaml" &&
	sed -n "s/^export \([A-Z0-9]*\)=/\1 /p" p/tree/tests/0_params/run.sh |
	grep -v "^TESTRUN_ID \|^LAVA_SYNC " >assigns &&
	while read -r name value; do
		eval "v=$value" && printf "%s=%s\n" "$name" "$v"
	done <assigns >actual &&
	test_cmp expect actual
'

test_expect_success 'job params override in the same form: True, 8 for 010, a list' '
	job jparams <<-EOF &&
	    - from: url
	      repository: $jobs/params.yaml
	      name: over
	      params: {T: false, O: 0755, L: [x, 1], Q: 010, NEW: on}
	EOF
	lava-tdload -o jp jparams.yaml &&
	grep "^export \(T\|O\|L\|Q\|NEW\)=" jp/tree/tests/0_over/run.sh >actual &&
	cat >expect <<-\EOF &&
	export T='"''"'
	export O='"'"'493'"'"'
	export Q='"'"'8'"'"'
	export L='"'"'['"'"'\'"'"''"'"'x'"'"'\'"'"''"'"', 1]'"'"'
	export NEW='"'"'True'"'"'
	EOF
	test_cmp expect actual
'

test_expect_success 'from: url of a tarball: compression:, path inside it, its files beside the definition' '
	mkdir -p suite/automated/linux/hello &&
	printf "metadata:\n  name: hello\nrun:\n  steps: [\"./hello.sh\"]\n" \
		>suite/automated/linux/hello/hello.yaml &&
	printf "#!/bin/sh\necho hello\n" >suite/automated/linux/hello/hello.sh &&
	chmod +x suite/automated/linux/hello/hello.sh &&
	tar -C suite -czf www/suite.tar.gz . &&
	tar -C suite -cJf www/suite.tar.xz automated &&
	tar -C suite -cjf www/suite.tar.bz2 automated &&
	tar -C suite -cf www/suite.tar automated &&
	job tarballs <<-EOF &&
	    - {from: url, repository: $url/suite.tar.gz, compression: gz, name: gz, path: automated/linux/hello/hello.yaml}
	    - {from: url, repository: $url/suite.tar.xz, compression: xz, name: xz, path: automated/linux/hello/hello.yaml}
	    - {from: url, repository: $url/suite.tar.bz2, compression: bz2, name: bz2, path: automated/linux/hello/hello.yaml}
	    - {from: url, repository: $url/suite.tar, name: plain, path: automated/linux/hello/hello.yaml}
	    - {from: url, repository: $url/suite.tar.xz, name: found, path: automated/linux/hello/hello.yaml}
	    - {from: url, repository: www/suite.tar.gz, compression: gz, name: local, path: automated/linux/hello/hello.yaml}
	EOF
	lava-tdload -o tb tarballs.yaml 2>err &&
	test_cmp /dev/null err &&
	for t in 0_gz 1_xz 2_bz2 3_plain 4_found 5_local; do
		test -x "tb/tree/tests/$t/automated/linux/hello/hello.sh" &&
		grep -qx "./hello.sh" "tb/tree/tests/$t/run.sh" || { echo "$t"; return 1; }
	done &&
	sha256sum www/suite.tar.gz | cut -d " " -f 1 >sum &&
	grep -h "$url/suite.tar.gz" tb/runs/*/sources.tsv >actual &&
	printf "suite.tar.gz\turl\t%s\t%s/suite.tar.gz\n" "$(cat sum)" "$url" >expect &&
	test_cmp expect actual
'

test_expect_success 'a tarball that is not one, or not of its compression: exit 2 at its entry' '
	echo "not a tarball" >www/junk.tar.gz &&
	job junk <<-EOF &&
	    - {from: url, repository: $url/junk.tar.gz, compression: gz, name: j, path: x.yaml}
	EOF
	test_status 2 lava-tdload -o j junk.yaml 2>err &&
	test_grep "junk.yaml:9:7: $url/junk.tar.gz: tar failed" err &&
	job wrongzip <<-EOF &&
	    - {from: url, repository: $url/suite.tar.xz, compression: gz, name: w, path: x.yaml}
	EOF
	test_status 2 lava-tdload -o w wrongzip.yaml 2>err &&
	test_grep "suite.tar.xz: tar failed" err &&
	job missing <<-EOF &&
	    - {from: url, repository: $url/no-such.tar.gz, name: m, path: x.yaml}
	EOF
	test_status 1 lava-tdload -o m missing.yaml 2>err &&
	test_grep "no-such.tar.gz: curl failed with exit status 22" err &&
	test ! -e j && test ! -e w && test ! -e m
'

test_expect_success 'names in a tarball never leave its directory: .., absolute, a link out' '
	python3 -c "
import io, sys, tarfile
def member(t, name, data=b\"x\", kind=tarfile.REGTYPE, link=\"\"):
    i = tarfile.TarInfo(name)
    i.type, i.linkname, i.size = kind, link, len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
d = b\"metadata: {name: d}\\nrun: {steps: [true]}\\n\"
with tarfile.open(\"www/dots.tar\", \"w\") as t:
    member(t, \"d.yaml\", d); member(t, \"../../escaped\")
with tarfile.open(\"www/link.tar\", \"w\") as t:
    member(t, \"out\", kind=tarfile.SYMTYPE, link=sys.argv[1])
    member(t, \"out/planted\"); member(t, \"d.yaml\", d)
with tarfile.open(\"www/defout.tar\", \"w\") as t:
    member(t, \"d.yaml\", kind=tarfile.SYMTYPE, link=sys.argv[1] + \"/host.yaml\")
with tarfile.open(\"www/abs.tar\", \"w\") as t:
    member(t, \"/d.yaml\", d)
" "$TRASH/outside" &&
	mkdir outside &&
	printf "metadata: {name: host}\nrun: {steps: [true]}\n" >outside/host.yaml &&
	for a in dots link defout; do
		job "bad-$a" <<-EOF &&
		    - {from: url, repository: $url/$a.tar, name: t, path: d.yaml}
		EOF
		test_status 2 lava-tdload -o "o-$a" "bad-$a.yaml" 2>"err-$a" &&
		test ! -e "o-$a" || { echo "$a"; return 1; }
	done &&
	test_grep "tar failed" err-dots &&
	test_grep "tar failed" err-link &&
	test_grep "d.yaml leads outside the archive" err-defout &&
	ls outside >left &&
	echo host.yaml >expect &&
	test_cmp expect left &&
	test ! -e "$TRASH/escaped" && test ! -e escaped &&
	job abs <<-EOF &&
	    - {from: url, repository: $url/abs.tar, name: t, path: d.yaml}
	EOF
	lava-tdload -o abs abs.yaml 2>err &&
	test -f abs/tree/tests/0_t/d.yaml
'

test_expect_success 'from: url with a path, of a plain definition, loads that definition' '
	printf "metadata: {name: plain}\nrun: {steps: [echo plain]}\n" >www/plain.yaml &&
	job plainurl <<-EOF &&
	    - {from: url, repository: $url/plain.yaml, name: p, path: automated/x.yaml}
	EOF
	lava-tdload -o pu plainurl.yaml &&
	grep -qx "echo plain" pu/tree/tests/0_p/run.sh &&
	test_cmp /dev/null pu/runs/*/sources.tsv
'

test_expect_success 'install: keys and sources (lava-add-keys) are refused, unless skip_install leaves them out' '
	cat >keys.yaml <<-\EOF &&
	metadata: {name: keys}
	install:
	  keys: [ABCDEF01]
	  sources: ["deb http://example.org/debian bookworm main"]
	  steps: [true]
	run: {steps: [true]}
	EOF
	test_status 2 lava-tdload -o k keys.yaml 2>err &&
	test_grep "lava-tdload: keys.yaml:3:9: install.keys: not supported" err &&
	test ! -e k &&
	job skipkeys <<-EOF &&
	    - {from: url, repository: $TRASH/keys.yaml, name: k, skip_install: [keys, sources]}
	EOF
	lava-tdload -o k skipkeys.yaml &&
	grep -qx true k/tree/tests/0_k/install.sh
'

test_expect_success 'install: deps-DISTRO joins deps on a system of that distribution, as in LAVA' '
	cat >distro.yaml <<-\EOF &&
	metadata: {name: distro}
	install:
	  deps: [curl]
	  deps-debian: [libc-bin]
	  deps-fedora: [glibc-common]
	run: {steps: [true]}
	EOF
	lava-tdload -o dd distro.yaml &&
	grep -x "set -- .curl. .libc-bin." dd/tree/tests/0_distro/install.sh &&
	lava-tdload -o df --profile fedora distro.yaml &&
	grep -x "set -- .curl. .glibc-common." df/tree/tests/0_distro/install.sh &&
	printf "metadata: {name: d}\ninstall: {deps-debian: [\"-rf\"]}\nrun: {steps: [true]}\n" >baddep.yaml &&
	test_status 2 lava-tdload -o bd baddep.yaml 2>err &&
	test_grep "baddep.yaml:2:25: install.deps: not a package name" err
'

test_done
