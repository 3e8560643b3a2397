#!/bin/bash
# make-mptcp-captures.sh - real MPTCP v1 captures between throw-away network namespaces.
#
#   sudo scripts/make-mptcp-captures.sh reinject OUT.pcapng
#       one connection, two subflows; a third of a second into the transfer the
#       server's second link stops taking full-sized segments (its MTU drops), so
#       the client reinjects the data stuck on subflow 2 onto subflow 1.
#       tests/data/mptcp-reinject.pcapng was made this way.
#   sudo scripts/make-mptcp-captures.sh bench PACKETS OUT.pcapng [STREAMS]
#       `mptcpize run iperf3 -P STREAMS` (default 4): STREAMS MPTCP connections
#       of two subflows each, captured until at least PACKETS packets (snap
#       length 128). STREAMS 1 makes one long transfer.
#
# Only addresses inside the namespaces are used (10.61.x.x); the namespaces
# (crtm-*) are deleted on exit, whatever happens.
set -euo pipefail
export TZ=UTC LC_ALL=C
PFX=crtm
PY=python3
die() { echo "make-mptcp-captures: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, tcpdump)"
for t in ip tc tcpdump mergecap editcap capinfos ethtool "$PY"; do
	command -v "$t" >/dev/null || die "missing tool: $t"
done

WORK=$(mktemp -d /tmp/capreport-mptcp.XXXXXX)
PIDS=()
cleanup() {
	local rc=$? p ns
	set +e
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for ns in mc ms; do
		for p in $(ip netns pids "$PFX-$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
		ip netns delete "$PFX-$ns" 2>/dev/null
	done
	rm -rf "$WORK"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nsx() { local ns=$1; shift; ip netns exec "$PFX-$ns" "$@"; }

# client crtm-mc (c1 10.61.1.1, c2 10.61.2.1) <-> server crtm-ms (s1 10.61.1.2, s2 10.61.2.2)
topology() {
	local rate=$1 ns x
	for ns in mc ms; do
		ip netns delete "$PFX-$ns" 2>/dev/null || true
		ip netns add "$PFX-$ns"
		nsx "$ns" ip link set lo up
		nsx "$ns" sysctl -q -w net.mptcp.enabled=1
		nsx "$ns" ip mptcp limits set subflow 2 add_addr_accepted 2
	done
	ip link add c1 netns "$PFX-mc" type veth peer name s1 netns "$PFX-ms"
	ip link add c2 netns "$PFX-mc" type veth peer name s2 netns "$PFX-ms"
	for x in "mc c1 10.61.1.1/24" "mc c2 10.61.2.1/24" "ms s1 10.61.1.2/24" "ms s2 10.61.2.2/24"; do
		read -r ns dev addr <<<"$x"
		nsx "$ns" ip addr add "$addr" dev "$dev"
		nsx "$ns" ethtool -K "$dev" tso off gso off gro off >/dev/null 2>&1 || true
		nsx "$ns" ip link set "$dev" up
	done
	# the second subflow leaves from c2 towards the server's first address
	nsx mc ip rule add from 10.61.2.1 table 102
	nsx mc ip route add 10.61.1.2/32 dev c2 src 10.61.2.1 table 102
	nsx mc ip mptcp endpoint add 10.61.2.1 dev c2 subflow
	for x in c1 c2; do
		nsx mc tc qdisc add dev "$x" root tbf rate "$rate" burst 32kb latency 50ms
	done
}

capture() {	# capture OUTBASE SNAPLEN: tcpdump on c1 and c2 of the client
	local dev
	for dev in c1 c2; do
		ip netns exec "$PFX-mc" tcpdump -Z root --immediate-mode -U -B 65536 -n -i "$dev" -s "$2" \
			-w "$1-$dev.pcap" tcp 2>>"$WORK/tcpdump.log" &
		PIDS+=($!)
	done
	sleep 1
}

stop_capture() {
	local p
	sleep 1
	for p in "${PIDS[@]}"; do kill -INT "$p" 2>/dev/null || true; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	PIDS=()
}

reinject() {
	local out=$1
	cat >"$WORK/srv.py" <<'EOF'
import socket, sys
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_MPTCP)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((sys.argv[1], int(sys.argv[2])))
ls.listen(1)
c, peer = ls.accept()
n = 0
while True:
    d = c.recv(65536)
    if not d:
        break
    n += len(d)
c.sendall(b'received %d bytes\n' % n)
c.close()
EOF
	cat >"$WORK/cli.py" <<'EOF'
import socket, sys, threading, time
addr, port, size, flag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_MPTCP)
s.connect((addr, port))
s.sendall(b'hello\n')
time.sleep(0.5)          # the path manager adds the second subflow
threading.Timer(0.15, lambda: open(flag, 'w').close()).start()
chunk = bytes(range(256)) * 64
left = size
while left > 0:
    left -= s.send(chunk[:min(left, len(chunk))])
s.shutdown(socket.SHUT_WR)
print('client:', s.recv(100).decode().strip(), flush=True)
s.close()
EOF
	topology 20mbit
	ip netns exec "$PFX-ms" "$PY" "$WORK/srv.py" 10.61.1.2 5201 &
	PIDS+=($!)
	sleep 0.5
	capture "$WORK/rj" 128
	(	# the block: full-sized segments no longer fit the server's second link
		while [ ! -e "$WORK/block" ]; do sleep 0.01; done
		nsx ms ip link set s2 mtu 1000
	) &
	PIDS+=($!)
	nsx mc "$PY" "$WORK/cli.py" 10.61.1.2 5201 1500000 "$WORK/block"
	stop_capture
	mergecap -F pcapng -w "$out" "$WORK/rj-c1.pcap" "$WORK/rj-c2.pcap"
	capinfos -c "$out"
}

bench() {
	local want=$1 out=$2 streams=${3:-4} n secs
	[[ $streams =~ ^[1-9][0-9]*$ ]] || die "STREAMS must be a positive number: $streams"
	command -v iperf3 >/dev/null || die "missing tool: iperf3"
	command -v mptcpize >/dev/null || die "missing tool: mptcpize (package mptcpize)"
	topology 300mbit
	ip netns exec "$PFX-ms" mptcpize run iperf3 -s -B 10.61.1.2 -p 5201 >"$WORK/iperf-s.log" 2>&1 &
	PIDS+=($!)
	sleep 1
	capture "$WORK/bench" 128
	# ~50k packets/s over both links at 300 Mbit/s each: enough seconds, and a margin
	secs=$((want / 45000 + 2))
	nsx mc mptcpize run iperf3 -c 10.61.1.2 -p 5201 -P "$streams" -t "$secs" -M 1400 >"$WORK/iperf-c.log" 2>&1 ||
		{ cat "$WORK/iperf-c.log" >&2; die "iperf3 failed"; }
	stop_capture
	mergecap -F pcapng -w "$out" "$WORK/bench-c1.pcap" "$WORK/bench-c2.pcap"
	n=$(capinfos -M -c "$out" | sed -n 's/^Number of packets: *//p')
	echo "make-mptcp-captures: $out: $n packets, $secs s of iperf3 -P $streams" >&2
	[ "$n" -ge "$want" ] || die "only $n packets captured (wanted $want)"
}

case "${1:-}" in
reinject) [ $# -eq 2 ] || die "usage: $0 reinject OUT.pcapng"; reinject "$2" ;;
bench) [ $# -eq 3 ] || [ $# -eq 4 ] || die "usage: $0 bench PACKETS OUT.pcapng [STREAMS]"; bench "$2" "$3" "${4:-}" ;;
*) die "usage: $0 reinject OUT.pcapng | bench PACKETS OUT.pcapng [STREAMS]" ;;
esac
