#!/bin/sh
# lava-tdload: definitions over HTTP (curl), in git and bzr repositories; no option injection.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/lib.sh"

data=$LAVA_SRC/t/data/tdload
mkdir dev &&
printf '#!/bin/sh\necho runner\n' >dev/lava-test-runner || exit 1
LAVA_DEVICEDIR=$TRASH/dev
export data LAVA_DEVICEDIR

gitc() {
	git -c user.name=t -c user.email=t@t "$@"
}

# A local HTTP server on a port the kernel picks, serving $TRASH/www.
# shellcheck source=t/data/tdload/http.sh
. "$LAVA_SRC/t/data/tdload/http.sh"
cp "$data/smoke.yaml" www/ || exit 1

test_expect_success 'a definition over http' '
	lava-tdload -o job "http://127.0.0.1:$port/smoke.yaml" &&
	test_cmp "$data/smoke.yaml" job/tree/tests/0_smoke/testdef.yaml &&
	test_cmp "$data/smoke.yaml" job/runs/*/testdef.yaml &&
	dash -n job/tree/tests/0_smoke/run.sh &&
	test_grep "GET /smoke.yaml" http.log
'

test_expect_success 'a URL that is not found: curl exit status reported, exit 1' '
	test_status 1 lava-tdload -o job2 "http://127.0.0.1:$port/nothere.yaml" 2>err &&
	test_grep "lava-tdload: http://127.0.0.1:$port/nothere.yaml: curl failed with exit status 22" err &&
	test ! -e job2
'

test_expect_success 'an unreachable URL: exit 1' '
	test_status 1 lava-tdload -o job2 "http://127.0.0.1:1/smoke.yaml" 2>err &&
	test_grep "curl failed with exit status 7" err &&
	test ! -e job2
'

test_expect_success 'set up a git repository with two commits and a tag' '
	git init -q repo &&
	mkdir -p repo/defs repo/lib &&
	printf "metadata:\n  name: gitdef\nrun:\n  steps:\n    - ./lib/helper.sh\n" >repo/lavatest.yaml &&
	printf "#!/bin/sh\necho one\n" >repo/lib/helper.sh &&
	chmod +x repo/lib/helper.sh &&
	printf "metadata:\n  name: deep\nrun:\n  steps: [true]\n" >repo/defs/deep.yaml &&
	ln -s "$TRASH" repo/up &&
	(cd repo && git add . && gitc commit -q -m one && git tag v1) &&
	printf "#!/bin/sh\necho two\n" >repo/lib/helper.sh &&
	(cd repo && gitc commit -q -a -m two) &&
	git -C repo rev-parse HEAD >head &&
	git -C repo rev-parse v1 >v1
'

test_expect_success 'a git repository: definition, every file beside it, source recorded' '
	lava-tdload -o g1 --git "$TRASH/repo" &&
	d=g1/tree/tests/0_gitdef &&
	test_cmp repo/lavatest.yaml "$d/testdef.yaml" &&
	test_cmp repo/lib/helper.sh "$d/lib/helper.sh" &&
	test -x "$d/lib/helper.sh" &&
	test_cmp repo/defs/deep.yaml "$d/defs/deep.yaml" &&
	test -L "$d/up" &&
	test ! -e "$d/.git" &&
	printf "repo\tgit\t%s\t%s\n" "$(cat head)" "$TRASH/repo" >expect &&
	test_cmp expect g1/runs/*/sources.tsv
'

test_expect_success 'a git revision and a path in the repository' '
	lava-tdload -o g2 --git "$TRASH/repo" --revision v1 \
		--git "$TRASH/repo" --path defs/deep.yaml &&
	grep -x "echo one" g2/tree/tests/0_gitdef/lib/helper.sh &&
	grep -x "echo two" g2/tree/tests/1_deep/lib/helper.sh &&
	test_cmp repo/defs/deep.yaml g2/tree/tests/1_deep/testdef.yaml &&
	cat g2/runs/*/sources.tsv | cut -f 3 | sort >revs &&
	cat head v1 | sort >expect &&
	test_cmp expect revs
'

test_expect_success 'one repository at one revision: fetched once, its files shared' '
	mkdir -p wrap &&
	printf "#!/bin/sh\necho \"\$*\" >>\"%s/git.log\"\nexec %s \"\$@\"\n" \
		"$TRASH" "$(command -v git)" >wrap/git &&
	chmod +x wrap/git &&
	PATH=$TRASH/wrap:$PATH lava-tdload -o g9 --git "$TRASH/repo" \
		--git "$TRASH/repo" --path defs/deep.yaml \
		--git "$TRASH/repo" --revision v1 &&
	test "$(grep -c clone git.log)" = 2 &&
	t=g9/tree/tests &&
	test "$(stat -c %i "$t/0_gitdef/lib/helper.sh")" = \
		"$(stat -c %i "$t/1_deep/lib/helper.sh")" &&
	test "$(stat -c %h "$t/0_gitdef/lib/helper.sh")" = 2 &&
	test "$(stat -c %i "$t/0_gitdef/lib/helper.sh")" != \
		"$(stat -c %i "$t/2_gitdef/lib/helper.sh")" &&
	grep -x "echo two" "$t/1_deep/lib/helper.sh" &&
	grep -x "echo one" "$t/2_gitdef/lib/helper.sh" &&
	test -x "$t/1_deep/lib/helper.sh" &&
	test_cmp repo/defs/deep.yaml "$t/1_deep/testdef.yaml" &&
	test_cmp repo/lavatest.yaml "$t/0_gitdef/testdef.yaml" &&
	test "$(cat "$t/0_gitdef/uuid")" != "$(cat "$t/1_deep/uuid")" &&
	test ! -e g9/fetch
'

test_expect_success 'a git revision that does not exist: the fetch failed, exit 1' '
	test_status 1 lava-tdload -o g3 --git "$TRASH/repo" --revision nosuch 2>err &&
	test_grep "revision nosuch not found in $TRASH/repo" err &&
	test ! -e g3
'

test_expect_success 'a repository that cannot be cloned: exit 1' '
	test_status 1 lava-tdload -o g3 --git "$TRASH/nosuchrepo" 2>err &&
	test_grep "git clone of $TRASH/nosuchrepo failed" err &&
	test ! -e g3
'

test_expect_success 'a path with .., absolute, or leading outside through a link' '
	for p in ../repo/lavatest.yaml /etc/passwd -x defs/../lavatest.yaml; do
		test_status 2 lava-tdload -o g4 --git "$TRASH/repo" --path "$p" 2>err &&
		test_grep "path .* refused" err &&
		test ! -e g4 || return 1
	done &&
	printf "metadata:\n  name: outside\nrun:\n  steps: [true]\n" >outside.yaml &&
	test_status 2 lava-tdload -o g4 --git "$TRASH/repo" --path up/outside.yaml 2>err &&
	test_grep "up/outside.yaml leads outside the repository" err &&
	test ! -e g4 &&
	test_status 2 lava-tdload -o g4 --git "$TRASH/repo" --path nothere.yaml 2>err &&
	test_grep "no nothere.yaml in the repository" err
'

test_expect_success 'a repository file named like a generated one is replaced, a dir refused' '
	git init -q clash &&
	printf "metadata:\n  name: clash\nrun:\n  steps: [true]\n" >clash/lavatest.yaml &&
	echo "repository uuid" >clash/uuid &&
	ln -s "$TRASH/victim" clash/run.sh &&
	(cd clash && git add . && gitc commit -q -m one) &&
	lava-tdload -o c1 --git "$TRASH/clash" &&
	test ! -e victim &&
	test ! -L c1/tree/tests/0_clash/run.sh &&
	dash -n c1/tree/tests/0_clash/run.sh &&
	ls c1/runs >expect &&
	test_cmp expect c1/tree/tests/0_clash/uuid &&
	git -C clash rm -q run.sh &&
	mkdir clash/run.sh &&
	echo x >clash/run.sh/x &&
	(cd clash && git add . && gitc commit -q -m two) &&
	test_status 2 lava-tdload -o c2 --git "$TRASH/clash" 2>err &&
	test_grep "run.sh: the repository has a directory of that name" err &&
	test ! -e c2
'

test_expect_success 'no URL or revision becomes an option of git' '
	test_status 2 lava-tdload -o g5 --git "--upload-pack=touch pwned" 2>err &&
	test_grep "repository refused: it starts with" err &&
	test_status 2 lava-tdload -o g5 --git "$TRASH/repo" \
		--revision "--upload-pack=touch pwned" 2>err &&
	test_grep "starts with" err &&
	test_status 1 lava-tdload -o g5 --git "ext::sh -c touch% pwned" 2>err &&
	test_grep "git clone of ext::sh -c touch% pwned failed" err &&
	test ! -e pwned &&
	test ! -e g5
'

test_expect_success 'install: git-repos are cloned into the test dir and recorded' '
	printf "metadata:\n  name: inst\ninstall:\n  git-repos:\n    - %s\n    - url: %s\n      destination: other\n      branch: v1\nrun:\n  steps: [true]\n" \
		"$TRASH/repo" "$TRASH/repo" >inst.yaml &&
	lava-tdload -o g6 inst.yaml &&
	grep -x "echo two" g6/tree/tests/0_inst/repo/lib/helper.sh &&
	grep -x "echo one" g6/tree/tests/0_inst/other/lib/helper.sh &&
	printf "repo\tgit\t%s\t%s\n" "$(cat head)" "$TRASH/repo" >expect &&
	printf "repo\tgit\t%s\t%s\n" "$(cat v1)" "$TRASH/repo" >>expect &&
	test_cmp expect g6/runs/*/sources.tsv &&
	test -f g6/tree/tests/0_inst/install.sh &&
	dash -n g6/tree/tests/0_inst/install.sh
'

test_expect_success 'install: a git-repos destination cannot escape the test dir' '
	printf "metadata:\n  name: inst\ninstall:\n  git-repos:\n    - url: %s\n      destination: ../../../x\nrun:\n  steps: [true]\n" \
		"$TRASH/repo" >esc.yaml &&
	test_status 2 lava-tdload -o g7 esc.yaml 2>err &&
	test_grep "esc.yaml:5:7: ../../../x: cannot be a directory name" err &&
	test ! -e g7 && test ! -e x
'

if test_have brz; then
	test_expect_success 'set up a bzr repository with two revisions' '
		brz whoami "t <t@t>" &&
		brz init -q brepo &&
		printf "metadata:\n  name: bzdef\nrun:\n  steps: [true]\n" >brepo/lavatest.yaml &&
		(cd brepo && brz add -q && brz commit -q -m one) &&
		echo more >brepo/more.txt &&
		(cd brepo && brz add -q && brz commit -q -m two)
	'

	test_expect_success 'a bzr repository: last revision by default, recorded' '
		lava-tdload -o b1 --bzr "$TRASH/brepo" &&
		test_cmp brepo/more.txt b1/tree/tests/0_bzdef/more.txt &&
		test ! -e b1/tree/tests/0_bzdef/.bzr &&
		printf "brepo\tbzr\t2\t%s\n" "$TRASH/brepo" >expect &&
		test_cmp expect b1/runs/*/sources.tsv
	'

	test_expect_success 'a bzr revision' '
		lava-tdload -o b2 --bzr "$TRASH/brepo" --revision 1 &&
		test ! -e b2/tree/tests/0_bzdef/more.txt &&
		printf "brepo\tbzr\t1\t%s\n" "$TRASH/brepo" >expect &&
		test_cmp expect b2/runs/*/sources.tsv
	'

	test_expect_success 'a bzr revision that does not exist: the fetch failed, exit 1' '
		test_status 1 lava-tdload -o b3 --bzr "$TRASH/brepo" --revision 9 2>err &&
		test_grep "brz branch of $TRASH/brepo at revision 9 failed" err &&
		test ! -e b3
	'
else
	test_skip 'bzr repositories' 'no brz'
fi

test_expect_success 'a git that takes too long is stopped at LAVA_FETCH_TIME_LIMIT' '
	mkdir -p slow &&
	printf "#!/bin/sh\necho \$\$ >\"%s/slow.pid\"\nexec sleep 60\n" "$TRASH" >slow/git &&
	chmod +x slow/git &&
	test_status 1 env PATH="$TRASH/slow:$PATH" LAVA_FETCH_TIME_LIMIT=0.5 \
		lava-tdload -o slowjob --git "$TRASH/repo" 2>err &&
	test_grep "lava-tdload: git: time limit of 0.5s passed: stopped" err &&
	test_grep "git clone of $TRASH/repo failed" err &&
	test_must_fail kill -0 "$(cat slow.pid)" &&
	test ! -e slowjob &&
	test_status 2 env LAVA_FETCH_TIME_LIMIT=x lava-tdload -o slowjob \
		--git "$TRASH/repo" 2>err &&
	test_grep "LAVA_FETCH_TIME_LIMIT=x: not a number" err
'

test_expect_success 'a git killed by a signal is reported by the signal name' '
	printf "#!/bin/sh\nkill -KILL \$\$\n" >slow/git &&
	test_status 1 env PATH="$TRASH/slow:$PATH" \
		lava-tdload -o slowjob --git "$TRASH/repo" 2>err &&
	test_grep "lava-tdload: git: killed by signal SIGKILL (Killed)" err &&
	test ! -e slowjob
'

test_expect_success 'a signal while fetching stops it and leaves nothing' '
	python3 -c "
import socket, os, time
s = socket.socket()
s.bind((\"127.0.0.1\", 0))
s.listen(5)
with open(\"mute.tmp\", \"w\") as f:
    f.write(str(s.getsockname()[1]))
os.rename(\"mute.tmp\", \"mute\")
time.sleep(600)
" &
	mute=$! &&
	while [ ! -s mute ]; do sleep 0.1; done &&
	{ lava-tdload -o sig "http://127.0.0.1:$(cat mute)/x.yaml" 2>err & } &&
	pid=$! &&
	until set -- sig.tmp*/fetch && [ -d "$1" ]; do sleep 0.1; done &&
	kill -TERM "$pid" &&
	{ wait "$pid"; rc=$?; } &&
	kill "$mute" &&
	test "$rc" = 1 &&
	test_grep "stopped by signal SIGTERM" err &&
	ls -a >list &&
	! grep "^sig" list
'

test_done
