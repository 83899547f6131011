# http.sh - a local HTTP server on a port the kernel picks, serving
# $TRASH/www (made here), stopped when the test script exits; sourced
# after t/lib.sh. Sets port and url.
# shellcheck shell=sh
mkdir -p www || exit 1
(cd www && exec python3 -c '
import http.server, os
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
    http.server.SimpleHTTPRequestHandler)
with open("../port.tmp", "w") as f:
    f.write(str(s.server_address[1]))
os.rename("../port.tmp", "../port")
s.serve_forever()
') >http.log 2>&1 &
server=$!
trap 'kill "$server"; test_cleanup' EXIT
while [ ! -s port ] && kill -0 "$server"; do
	sleep 0.1
done
port=$(cat port)
url=http://127.0.0.1:$port
export port url
