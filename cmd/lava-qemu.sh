#!/bin/sh
# lava-qemu [-c CPUS] [-k KERNEL] [-m MEGABYTES] [-T TARGET] TREE - boot a Linux kernel
# under QEMU with TREE at TARGET; its serial console is this program's
# stdin and stdout, and the end of stdin powers it off.
#
# The initramfs holds busybox, TREE and an /init that starts an interactive
# shell on the console; that shell starts TARGET/bin/lava-test-runner in the
# background, so it reads its console before the runner can ask for an ACK.

USAGE='usage: lava-qemu [-c cpus] [-k kernel] [-m megabytes] [-n netdev] [-T target] tree
       lava-qemu -R ramdisk [-T target] [tree]
       lava-qemu -F'

prog=lava-qemu
# warn, die, usage, quote; -h, --help, --version (lib/prologue.sh, put here by make)
# shellcheck source=lib/prologue.sh
. lib/prologue.sh

cache=${LAVA_CACHE:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/lava}
kernel=${LAVA_QEMU_KERNEL:-}
busybox=${LAVA_QEMU_BUSYBOX:-/bin/busybox}
mem=${LAVA_QEMU_MEMORY:-}
cpus=${LAVA_QEMU_CPUS:-1}
target=/lava
fetch=0
ramdisk=
netdev=

while getopts c:Fk:m:n:R:T: opt; do
	case $opt in
	c) cpus=$OPTARG ;;
	F) fetch=1 ;;
	n) netdev=$OPTARG ;;
	R) ramdisk=$OPTARG ;;
	k) kernel=$OPTARG ;;
	m) mem=$OPTARG ;;
	T) target=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))

# kernel_fetch: print the path of Debian's cloud kernel in the cache,
# downloading its package (not installing it) the first time.
kernel_fetch() {
	for k in "$cache"/vmlinuz-*; do
		[ -f "$k" ] && { echo "$k"; return 0; }
	done
	command -v apt-get >/dev/null || die "no kernel: set LAVA_QEMU_KERNEL or use -k"
	pkg=$(apt-cache depends linux-image-cloud-amd64 |
		sed -n 's/^ *Depends: *\(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
	[ -n "$pkg" ] || die "apt-cache cannot resolve linux-image-cloud-amd64"
	mkdir -p "$cache" || exit 1
	dl=$(mktemp -d "$cache/fetch.XXXXXX") || exit 1
	chmod 755 "$dl"
	warn "fetching $pkg into $cache"
	if (cd "$dl" && apt-get -q download "$pkg" >&2 &&
		dpkg-deb --fsys-tarfile ./*.deb | tar -x --wildcards './boot/vmlinuz-*'); then
		for k in "$dl"/boot/vmlinuz-*; do
			mv "$k" "$cache/" && rm -rf "$dl" &&
				echo "$cache/${k##*/}" && return 0
		done
	fi
	rm -rf "$dl"
	die "cannot fetch $pkg"
}

# NETMODS: the modules of a virtio network card, in load order; Debian's
# cloud kernel has them as modules, not built in.
NETMODS='virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net'

# netmods_fetch KERNEL: the directory of NETMODS for KERNEL (vmlinuz-VERSION
# in the cache), taken from its package once.
netmods_fetch() {
	v=${1##*/vmlinuz-}
	d=$cache/modules-$v
	[ -f "$d/virtio_net.ko" ] && { echo "$d"; return 0; }
	case $1 in "$cache"/vmlinuz-*) ;; *) die "$1: no virtio_net module for it in $d" ;; esac
	dl=$(mktemp -d "$cache/fetch.XXXXXX") || exit 1
	chmod 755 "$dl"
	warn "fetching the network modules of linux-image-$v into $d"
	if (cd "$dl" && apt-get -q download "linux-image-$v" >&2 &&
		dpkg-deb --fsys-tarfile ./*.deb | tar -x --wildcards './lib/modules/*.ko') &&
	    mkdir -p "$dl/m" &&
	    for m in $NETMODS; do
		find "$dl/lib/modules" -name "$m.ko" -exec cp {} "$dl/m/" \; || exit 1
	    done && [ -f "$dl/m/virtio_net.ko" ] &&
	    # Another machine may have fetched them meanwhile.
	    { mv -T "$dl/m" "$d" 2>/dev/null || [ -f "$d/virtio_net.ko" ]; }; then
		rm -rf "$dl"
		echo "$d"
		return 0
	fi
	rm -rf "$dl"
	die "cannot fetch the network modules of linux-image-$v"
}

if [ "$fetch" -eq 1 ]; then
	[ $# -eq 0 ] || usage
	kernel_fetch
	exit
fi
if [ -n "$ramdisk" ]; then
	[ $# -le 1 ] || usage
else
	[ $# -eq 1 ] || usage
fi
tree=${1:-}
case $mem in *[!0-9]*|0*) warn "bad memory size: $mem"; usage ;; esac
case $cpus in ''|*[!0-9]*|0*) warn "bad CPU count: $cpus"; usage ;; esac
case $target in
/*[!A-Za-z0-9/._-]*|/) warn "bad target directory: $target"; usage ;;
/*) ;;
*) warn "bad target directory: $target"; usage ;;
esac
[ -z "$tree" ] || [ -d "$tree" ] || { warn "$tree: not a directory"; usage; }
[ -x "$busybox" ] || die "$busybox: no busybox (Debian: busybox-static)"
if [ -z "$kernel" ] && [ -z "$ramdisk" ]; then
	kernel=$(kernel_fetch) || exit 1
fi
[ -n "$ramdisk" ] || [ -r "$kernel" ] || die "$kernel: cannot read the kernel"
case $netdev in
''|[a-z]*[!,]) ;;
*) warn "bad netdev: $netdev"; usage ;;
esac
mods=
if [ -n "$netdev" ]; then
	[ -z "$ramdisk" ] || usage
	mods=$(netmods_fetch "$kernel") || exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lava-qemu.XXXXXX") || exit 1
qpid=
rpid=
# shellcheck disable=SC2317
cleanup() {
	trap '' HUP INT TERM
	if [ -n "$qpid" ] && [ -s "$work/pid" ]; then
		kill "$(cat "$work/pid")" 2>/dev/null
	fi
	[ -n "$rpid" ] && kill "$rpid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

root=$work/root
mkdir -p "$root/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" \
	"$root/tmp" "$root/${target%/*}" || exit 1
cp "$busybox" "$root/bin/busybox" || exit 1
if [ -n "$tree" ]; then
	# Hard links where the tree's file system allows them: cpio reads
	# the tree once, and a large one is not copied twice.
	cp -al "$tree" "$root$target" 2>/dev/null ||
		{ rm -rf "${root:?}$target" && cp -R "$tree" "$root$target"; } || exit 1
fi
if [ -z "$mem" ]; then
	# Room for the unpacked tree in the machine's root file system, a
	# tmpfs of half its memory, and for the archive beside it while it
	# is unpacked: 192 MB more than twice the initramfs, 256 at least.
	# Bytes, not blocks: a sparse or compressed file unpacks whole.
	kb=$(du -sk --apparent-size "$root" | cut -f 1) || exit 1
	mem=$(((kb * 2 / 1024 + 192 + 63) / 64 * 64))
	[ "$mem" -ge 256 ] || mem=256
fi

netinit=
if [ -n "$mods" ]; then
	mkdir -p "$root/lib/net" && cp "$mods"/*.ko "$root/lib/net/" || exit 1
	netinit="for m in $NETMODS; do insmod /lib/net/\$m.ko; done; ip link set lo up"
fi
cat >"$root/init" <<EOF
#!/bin/busybox sh
# init - busybox's applets as links, made here in one process; the
# kernel's file systems; then a shell on the console.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
$netinit
hostname lava-qemu
export HOME=/ PATH='$target/bin:/bin' ENV=/etc/lava-start
exec sh -i
EOF
# Sourced by the console shell before its first prompt: the runner's
# output goes to the console; its stdin is never the console, so the ACK
# lines typed there reach the shell.
if [ -n "$ramdisk" ]; then
	echo 'unset ENV' >"$root/etc/lava-start"
else
	cat >"$root/etc/lava-start" <<EOF
unset ENV
if [ -x '$target/bin/lava-test-runner' ]; then
	'$target/bin/lava-test-runner' </dev/null >/dev/console 2>&1 &
fi
EOF
fi
chmod 755 "$root/init"
if [ -n "$ramdisk" ]; then
	# The ramdisk alone, for a bootloader to load, compressed for its
	# way over the network. Its shell starts no runner: whoever boots
	# it types that command, as on any board.
	(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) \
		>"$work/initrd" || die "cannot write the initramfs"
	mv "$work/initrd" "$ramdisk" || die "$ramdisk: cannot write the ramdisk"
	exit 0
fi
# Not compressed: QEMU puts it in the machine's memory whole, and the
# kernel unpacks it faster than it could decompress it.
(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) \
	>"$work/initrd" || die "cannot write the initramfs"

# Software emulation only: /dev/kvm may be there and hang. QEMU gets a
# FIFO and a pipe of its own as console, never this program's descriptors
# (it makes them non-blocking, and a terminal or socket is both stdin and
# stdout); the end of this program's input powers the machine off.
# A MAC of QEMU's prefix, different for each guest on one network.
mac=52:54:00$(od -An -N3 -tx1 /dev/urandom | tr ' ' ':' | tr -d '\n')
mkfifo "$work/console" || exit 1
exec 3<&0
{
	qemu-system-x86_64 -accel tcg -m "$mem" -smp "$cpus" -display none -monitor none \
		-serial stdio -nodefaults -no-reboot -pidfile "$work/pid" \
		-kernel "$kernel" -initrd "$work/initrd" \
		-append 'console=ttyS0,115200 panic=-1' \
		${netdev:+-netdev "$netdev,id=n0" -device "virtio-net-pci,netdev=n0,mac=$mac"} \
		<"$work/console" 2>"$work/err"
	echo "$?" >"$work/rc"
} | cat &
qpid=$!
(cat <&3; [ -s "$work/pid" ] && kill "$(cat "$work/pid")" 2>/dev/null) \
	>"$work/console" &
rpid=$!
exec 0</dev/null 1>&- 3<&-
wait "$qpid"
qpid=
kill "$rpid" 2>/dev/null
rc=$(cat "$work/rc" 2>/dev/null) || rc=1
# QEMU says when it was told to stop: that is the normal end here.
grep -v 'terminating on signal' "$work/err" >&2
[ "$rc" -eq 0 ] && exit 0
if [ "$rc" -gt 128 ]; then
	warn "qemu-system-x86_64: killed by signal SIG$(kill -l "$((rc - 128))")"
else
	warn "qemu-system-x86_64: exited with status $rc"
fi
exit 1
