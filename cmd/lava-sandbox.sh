#!/bin/sh
# lava-sandbox [-n] [-w dir]... command [arg ...] - run a command in a
# throw-away view of this host made by bubblewrap: the host's files read
# only, private /tmp, /var/tmp, /run and homes, no capabilities, its own
# processes, and no network but its own loopback unless -n; only each -w
# directory is written through to the host. The local device of
# lava-runjob(1).

USAGE='usage: lava-sandbox [-n] [-w dir] command [arg ...]'

prog=lava-sandbox
# warn, die, usage, quote; -h, --help, --version (lib/prologue.sh, put here by make)
# shellcheck source=lib/prologue.sh
. lib/prologue.sh

net=--unshare-net
n=0
while getopts nw: opt; do
	case $opt in
	n) net= ;;
	w)
		# Each writable directory becomes two options of bwrap, kept
		# as positional parameters after the command's own.
		[ -d "$OPTARG" ] || { warn "$OPTARG: not a directory"; exit 2; }
		case $OPTARG in
		-*) OPTARG=./$OPTARG ;;
		esac
		OPTARG=$(cd -P "$OPTARG" && pwd) || exit 2
		n=$((n + 1))
		eval "w$n=\$OPTARG"
		;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || usage
command -v bwrap >/dev/null || die "bwrap: not found on PATH (Debian: bubblewrap)"

# The command's words stay "$@"; the options go before them, last first.
set -- -- "$@"
i=$n
while [ "$i" -gt 0 ]; do
	eval "d=\$w$i"
	set -- --bind "$d" "$d" "$@"
	i=$((i - 1))
done
# It starts in the first writable directory, or at /.
[ "$n" -eq 0 ] || { eval "d=\$w1"; set -- --chdir "$d" "$@"; }
# A home of its own: the host's homes are hidden.
case ${HOME-} in
/root/?*|/home/?*) set -- --dir "$HOME" "$@" ;;
esac
# With the host's network, its name servers: on systemd hosts the file
# lives under /run, which is hidden.
if [ -z "$net" ] && [ -L /etc/resolv.conf ]; then
	r=$(readlink -f /etc/resolv.conf)
	case $r in
	/run/*) [ ! -f "$r" ] || set -- --ro-bind "$r" "$r" "$@" ;;
	esac
fi
# Hidden: what the host keeps for its users and its running services;
# a socket there (a service manager's, a container engine's, a session
# bus) would answer a caller of the same uid, read only or not.
for d in /tmp /var/tmp /run /root /home; do
	[ -d "$d" ] && [ ! -L "$d" ] && set -- --tmpfs "$d" "$@"
done
set -- --ro-bind / / --dev /dev --proc /proc "$@"
# No capabilities, even for root; new namespaces for processes (so that
# nothing it starts outlives it), IPC, host name, cgroups and the network
# (unless -n); a session of its own, so it cannot type into a terminal of
# the host. A user namespace only where bwrap needs one (not for root):
# one would forbid its own /proc where the caller's /proc has parts
# covered, as in another bwrap or a container.
# shellcheck disable=SC2086 # $net is one option or none
exec bwrap --die-with-parent --new-session --unshare-ipc --unshare-pid \
	--unshare-uts --unshare-cgroup-try $net --cap-drop ALL --unsetenv TMPDIR --unsetenv XDG_RUNTIME_DIR \
	--unsetenv DBUS_SESSION_BUS_ADDRESS --unsetenv SSH_AUTH_SOCK "$@"
