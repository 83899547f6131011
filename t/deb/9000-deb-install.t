#!/bin/sh
# The Debian package (make deb): installed by dpkg into a throwaway root,
# its programs and the demo job run from the installed paths alone, in a
# bubblewrap sandbox whose /usr is that root's, with the host's other
# programs beside them; and it unpacks next to Debian's lava-dispatcher
# with no file in common.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/../lib.sh"
# Nothing of the build tree: only what the package installed.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
unset LAVA_DEVICEDIR LAVA_HANDLER_PATH LAVA_BUILD
export PATH

if [ ! -f "${LAVA_DEB:-}" ]; then
	test_skip "the Debian package" "no package: run make deb first"
	test_done
fi

test_expect_success 'dpkg installs the package into an empty root' '
	mkdir -p root/var/lib/dpkg/info root/var/lib/dpkg/updates &&
	: >root/var/lib/dpkg/status &&
	dpkg --root="$TRASH/root" --log=/dev/null --force-depends --force-script-chrootless \
		-i "$LAVA_DEB" >out 2>&1 || { cat out; false; }
	dpkg --root="$TRASH/root" -s lava-tools >status &&
	test_grep "^Status: install ok installed" status
'
test_expect_success 'the old name lava-run is only in the compat directory' '
	test -x root/usr/bin/lava-runjob &&
	test ! -e root/usr/bin/lava-run &&
	test ! -e root/usr/share/man/man1/lava-run.1.gz &&
	test "$(readlink -f root/usr/libexec/lava/compat/lava-run)" = "$TRASH/root/usr/bin/lava-runjob"
'

# The sandbox: the installed root as /, the host's /usr/lib for the shared
# libraries, and a link in the root for each host program the package does
# not have, pointing into the host's /usr, seen at /host.
test_expect_success 'a root to run in: the package, and the host'"'"'s programs beside it' '
	for d in bin sbin share libexec; do
		mkdir -p "root/usr/$d" &&
		for f in /usr/$d/*; do
			[ -e "root/usr/$d/${f##*/}" ] || [ -L "root/usr/$d/${f##*/}" ] ||
				ln -s "/host$f" "root/usr/$d/${f##*/}" || return 1
		done
	done &&
	mkdir -p root/usr/lib root/host root/etc root/tmp root/dev root/proc &&
	for l in bin sbin lib; do ln -s "usr/$l" "root/$l" || return 1; done &&
	if [ -e /usr/lib64 ]; then mkdir root/usr/lib64 && ln -s usr/lib64 root/lib64; fi
'
# in_root CMD...: run CMD in the root, with a clean environment.
in_root() {
	set -- env -i PATH=/usr/bin:/bin HOME=/tmp TMPDIR=/tmp "$@"
	if [ -e /usr/lib64 ]; then set -- --ro-bind /usr/lib64 /usr/lib64 "$@"; fi
	bwrap --bind "$TRASH/root" / --ro-bind / /host --ro-bind /usr/lib /usr/lib \
		--ro-bind /etc /etc --dev /dev --proc /proc --tmpfs /tmp --chdir /tmp "$@"
}
test_expect_success 'the installed programs answer --version' '
	for p in lava-runjob lava-tdload lava-sigscan lava-sigroute lava-bundle \
		lava-lab lava-submit; do
		in_root "$p" --version >out &&
		test_grep "^$p [0-9][0-9.]*$" out || return 1
	done &&
	in_root sh -c "PATH=/usr/libexec/lava/compat:\$PATH lava-run --version" >out &&
	test_grep "^lava-runjob [0-9][0-9.]*$" out &&
	in_root sh -c "command -v lava-runjob" >out &&
	echo /usr/bin/lava-runjob >expect &&
	test_cmp expect out
'
test_expect_success 'the demo job runs from the installed paths' '
	in_root sh -c "lava-runjob -o /tmp/job /usr/share/doc/lava-tools/examples/demo-job.yaml &&
		cat /tmp/job/records.tsv >&2" >summary 2>records &&
	test_grep "^7 cases: 5 pass, 1 fail, 1 skip, 0 unknown$" summary &&
	test_grep "^timing  *sleep-0.3  *pass  *[0-9.]*s$" summary &&
	test_grep "^parse  *write-speed  *pass  *812.5 MB/s" summary &&
	test_grep "	EXIT$" records
'
test_expect_success 'the man pages are installed and render' '
	for p in lava-runjob.1 lava-submit.1 lava-lab.1 lava-lab.5 lava-lab.7 lava.7; do
		zcat "root/usr/share/man/man${p##*.}/$p.gz" | mandoc -Tlint -Wwarning >lint 2>&1 &&
		test ! -s lint || { cat lint; return 1; }
	done
'

# Debian's LAVA: lava-dispatcher (with its /usr/bin/lava-run), and the
# packages it needs of LAVA's own, unpacked in one root with this one.
test_expect_success 'it unpacks next to Debian'"'"'s lava-dispatcher, with no file in common' '
	mkdir lava && (cd lava && apt-get download lava-dispatcher lava-dispatcher-host lava-common) >dl 2>&1 ||
		{ echo "# apt-get download failed:"; cat dl; false; } &&
	mkdir -p both/var/lib/dpkg/info both/var/lib/dpkg/updates &&
	: >both/var/lib/dpkg/status &&
	dpkg --root="$TRASH/both" --log=/dev/null --force-depends --unpack lava/*.deb "$LAVA_DEB" >out 2>&1 ||
		{ cat out; false; }
	test -f both/usr/bin/lava-run &&
	test -f both/usr/bin/lava-runjob &&
	for d in lava/*.deb "$LAVA_DEB"; do
		dpkg-deb -c "$d" | awk "\$1 !~ /^[dl]/ { print \$6 }" || return 1
	done | sort | uniq -d >common &&
	test_cmp /dev/null common
'
test_done
