#!/bin/sh
# A MultiNode client/server test across two kernels: two QEMU guests joined
# by a QEMU socket network on loopback; the server runs busybox httpd and
# says its address with lava-send, the client waits for it with lava-wait
# and fetches a page from it, both meet at lava-sync. The group runs
# through lava-multinode and a private lava-coordinator.
# Test bodies are single-quoted: they expand when they run.
# shellcheck disable=SC2016
. "$(dirname "$0")/../lib.sh"
# shellcheck source=t/data/multinode/lib.sh
. "$LAVA_SRC/t/data/multinode/lib.sh"
# shellcheck source=t/data/multinode/mkjob.sh
. "$LAVA_SRC/t/data/multinode/mkjob.sh"

LAVA_CACHE=${LAVA_CACHE:-$LAVA_BUILD/cache}
export LAVA_CACHE

if ! test_have qemu-system-x86_64 || ! test -x /bin/busybox ||
    ! test_have lava-coordinator; then
	test_skip 'two QEMU guests in a MultiNode group' \
	    'no qemu-system-x86, busybox-static or lava-coordinator'
	test_done
	exit
fi

cat >server.steps <<'EOF'
ip addr add 10.0.9.1/24 dev eth0 && ip link set eth0 up
mkdir -p /srv && echo hello-from-the-server >/srv/index.html
httpd -p 8080 -h /srv
lava-send server-ready ipaddr=10.0.9.1 port=8080
lava-sync done
EOF
cat >client.steps <<'EOF'
ip addr add 10.0.9.2/24 dev eth0 && ip link set eth0 up
lava-wait server-ready
ip=$(grep ipaddr= /tmp/lava_multi_node_cache.txt | cut -d = -f 2)
port=$(grep port= /tmp/lava_multi_node_cache.txt | cut -d = -f 2)
lava-test-case fetch --shell wget -q -O /tmp/page "http://$ip:$port/index.html"
lava-test-case page --shell grep -qx hello-from-the-server /tmp/page
lava-sync done
EOF
mkjob 400 server.steps client.steps >group.yaml || exit 1

test_expect_success 'the kernel is there or can be fetched' '
	lava-qemu -F >kernel && test -s "$(cat kernel)"
'

P=$(free_port)
export P
# The client's QEMU connects once the server's listens.
hex=$(printf ':%04X ' "$P")
export hex

test_expect_success 'server and client on two kernels, the address through lava-wait' '
	lava-multinode -t 900 \
	    -d "server=lava-qemu -n socket,listen=127.0.0.1:$P -T /lava \"\$LAVA_JOB/tree\"" \
	    -d "client=until grep -q \"$hex\" /proc/net/tcp; do sleep 0.2; done; exec lava-qemu -n socket,connect=127.0.0.1:$P -T /lava \"\$LAVA_JOB/tree\"" \
	    -o g group.yaml >out 2>err &&
	jq -r ".test_runs[] | .test_id as \$r | .test_results[] | \"\(\$r) \(.test_case_id) \(.result)\"" \
	    g/bundle.json | sort >actual &&
	cat >expect <<-\EOF &&
	client fetch pass
	client multinode-sync-done pass
	client multinode-wait-server-ready pass
	client page pass
	server multinode-send-server-ready pass
	server multinode-sync-done pass
	EOF
	test_cmp expect actual &&
	test_grep "Linux version" g/server/console.log &&
	test_grep "Linux version" g/client/console.log
'

test_expect_success 'no QEMU is left running' '
	! ps -eo args | grep "^qemu-system-x86_64 .*127.0.0.1:$P"
'

test_done
