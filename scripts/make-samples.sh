#!/usr/bin/env bash
# make-samples.sh -- regenerate the sample captures under samples/.
#
# Usage:  sudo scripts/make-samples.sh
#
# Builds throw-away network namespaces (veth pairs / Linux bridges, names
# prefixed "capr-"), generates traffic ONLY between those namespaces, captures
# it with tcpdump and post-processes it with editcap/mergecap/python3.
# Everything is torn down on exit.  Idempotent: existing outputs are replaced.
#
# Needs: root, iproute2 (with MPTCP support), tcpdump, wireshark-common
# (editcap, mergecap, capinfos), tshark, ethtool, iputils-ping, python3, gzip.
set -euo pipefail
export TZ=UTC LC_ALL=C

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$REPO/samples
PFX=capr
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'make-samples: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, tcpdump)"
for t in ip tc ping tcpdump editcap mergecap capinfos tshark ethtool gzip "$PY"; do
    command -v "$t" >/dev/null || die "missing tool: $t"
done

WORK=$(mktemp -d /tmp/capreport-samples.XXXXXX)
chmod 755 "$WORK"
CAP_PIDS=()
BG_PIDS=()

cleanup() {
    local rc=$? p ns
    set +e
    for p in "${CAP_PIDS[@]}" "${BG_PIDS[@]}"; do
        kill "$p" 2>/dev/null
    done
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PFX-"); do
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
        ip netns delete "$ns" 2>/dev/null
    done
    if [ "${KEEP_WORK:-0}" = 1 ]; then
        log "work dir kept: $WORK"
    else
        rm -rf "$WORK"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- helpers ---
nsx() { local ns=$1; shift; ip netns exec "$PFX-$ns" "$@"; }

mkns() {   # mkns NAME -- fresh namespace with lo up and quiet IPv6 defaults
    local ns=$1
    ip netns delete "$PFX-$ns" 2>/dev/null || true
    ip netns add "$PFX-$ns"
    nsx "$ns" ip link set lo up
    nsx "$ns" sysctl -q -w net.ipv6.conf.default.accept_dad=0 \
        net.ipv6.conf.all.accept_dad=0 \
        net.ipv6.conf.default.router_solicitations=0 \
        net.ipv6.conf.default.accept_ra=0 \
        net.ipv4.ping_group_range="0 2147483647"
}

veth() {   # veth NS1 DEV1 NS2 DEV2
    ip link add "$2" netns "$PFX-$1" type veth peer name "$4" netns "$PFX-$3"
}

noffload() {   # noffload NS DEV -- no TSO/GSO/GRO so packets stay <= MTU
    nsx "$1" ethtool -K "$2" tso off gso off gro off 2>/dev/null ||
        nsx "$1" ethtool -K "$2" tso off gso off 2>/dev/null || true
}

up() {   # up NS DEV [ADDR...]
    local ns=$1 dev=$2 a; shift 2
    for a in "$@"; do
        case $a in
            *:*) nsx "$ns" ip addr add "$a" dev "$dev" nodad ;;
            *)   nsx "$ns" ip addr add "$a" dev "$dev" ;;
        esac
    done
    noffload "$ns" "$dev"
    nsx "$ns" ip link set "$dev" up
}

start_cap() {   # start_cap NS DEV FILE [tcpdump args...]
    local ns=$1 dev=$2 file=$3; shift 3
    log "capture on $PFX-$ns/$dev -> $(basename "$file") $*"
    ip netns exec "$PFX-$ns" tcpdump -Z root --immediate-mode -U -n -i "$dev" \
        -w "$file" "$@" 2>>"$WORK/tcpdump.log" &
    CAP_PIDS+=($!)
}

stop_caps() {
    local p
    sleep 1.2
    for p in "${CAP_PIDS[@]}"; do kill -INT "$p" 2>/dev/null || true; done
    for p in "${CAP_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    CAP_PIDS=()
}

spawn() {   # spawn NS CMD... -- background helper process inside a namespace
    local ns=$1; shift
    ip netns exec "$PFX-$ns" "$@" >>"$WORK/bg.log" 2>&1 &
    BG_PIDS+=($!)
}

stop_bg() {
    local p
    for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    BG_PIDS=()
}

merge_named() {   # merge_named OUT.pcapng PCAP:IFNAME:DESCR... -- one IDB per input
    local out=$1 spec in name descr; shift
    local parts=()
    for spec in "$@"; do
        IFS=: read -r in name descr <<<"$spec"
        "$PY" "$WORK/pcapng_ifname.py" "$in" "$in.pcapng" "$name" "$descr"
        parts+=("$in.pcapng")
    done
    # -I none: never merge IDBs, keep each input interface as its own IDB
    mergecap -I none -F pcapng -w "$out" "${parts[@]}"
}

teardown() { local n; for n in "$@"; do ip netns delete "$PFX-$n"; done; }

# ------------------------------------------------------- python helpers ---
# dual-stack DNS-like responder (answers every A/AAAA query with fixed data)
cat >"$WORK/dnsd.py" <<'EOF'
import socket, struct, sys
port, a4, a6 = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(('::', port))
while True:
    d, peer = s.recvfrom(2048)
    if len(d) < 17:
        continue
    i = 12
    while i < len(d) and d[i]:
        i += d[i] + 1
    q = d[12:i + 5]
    qtype = struct.unpack('!H', d[i + 1:i + 3])[0]
    if qtype == 28:
        rd = socket.inet_pton(socket.AF_INET6, a6)
    else:
        qtype, rd = 1, socket.inet_aton(a4)
    r = d[:2] + struct.pack('!HHHHH', 0x8580, 1, 1, 0, 0) + q
    r += b'\xc0\x0c' + struct.pack('!HHIH', qtype, 1, 300, len(rd)) + rd
    s.sendto(r, peer)
EOF

# DNS-like client: dnsq.py SERVER NAME [A|AAAA]
cat >"$WORK/dnsq.py" <<'EOF'
import socket, struct, sys, zlib
srv, name = sys.argv[1], sys.argv[2]
qtype = 28 if len(sys.argv) > 3 and sys.argv[3] == 'AAAA' else 1
fam = socket.AF_INET6 if ':' in srv else socket.AF_INET
qid = zlib.crc32(name.encode()) & 0xffff
q = struct.pack('!HHHHHH', qid, 0x0100, 1, 0, 0, 0)
q += b''.join(bytes([len(l)]) + l.encode() for l in name.split('.')) + b'\0'
q += struct.pack('!HH', qtype, 1)
s = socket.socket(fam, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(q, (srv, 53))
try:
    s.recvfrom(2048)
except socket.timeout:
    print('dnsq: no answer from', srv, file=sys.stderr)
EOF

# one UDP datagram to a (closed) port: udpsend.py ADDR PORT TEXT
cat >"$WORK/udpsend.py" <<'EOF'
import socket, sys, time
fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
s.sendto(sys.argv[3].encode(), (sys.argv[1], int(sys.argv[2])))
time.sleep(0.2)
EOF

# HTTP GET client (no proxies): httpget.py URL...
cat >"$WORK/httpget.py" <<'EOF'
import sys, urllib.request
op = urllib.request.build_opener(urllib.request.ProxyHandler({}))
for u in sys.argv[1:]:
    with op.open(u, timeout=5) as r:
        r.read()
EOF

# ======================================================================
# 1. mixed.pcapng
# ======================================================================
make_mixed() {
    log "[mixed] building topology: router capr-rt with bridges br0, br1 and p2p link rt3"
    local n
    mkns rt
    nsx rt sysctl -q -w net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
    for n in 1 2 3 4 5 6 7; do mkns "h$n"; done
    nsx rt ip link add br0 type bridge stp_state 0 forward_delay 0
    nsx rt ip link add br1 type bridge stp_state 0 forward_delay 0
    up rt br0 10.0.1.1/24 fd00:1::1/64
    up rt br1 10.0.2.1/24 fd00:2::1/64
    for n in 1 2 3; do
        veth "h$n" eth0 rt "p$n"
        nsx rt ip link set "p$n" master br0
        up rt "p$n"
        up "h$n" eth0 "10.0.1.1$n/24" "fd00:1::1$n/64"
        nsx "h$n" ip route add default via 10.0.1.1
        nsx "h$n" ip -6 route add default via fd00:1::1
    done
    for n in 4 5 6; do
        veth "h$n" eth0 rt "p$n"
        nsx rt ip link set "p$n" master br1
        up rt "p$n"
        up "h$n" eth0 "10.0.2.1$n/24" "fd00:2::1$n/64"
        nsx "h$n" ip route add default via 10.0.2.1
        nsx "h$n" ip -6 route add default via fd00:2::1
    done
    veth h7 eth0 rt rt3
    up rt rt3 10.0.3.1/24 fd00:3::1/64
    up h7 eth0 10.0.3.17/24 fd00:3::17/64
    nsx h7 ip route add default via 10.0.3.1
    nsx h7 ip -6 route add default via fd00:3::1

    log "[mixed] starting servers: HTTP on h4 and h1 (:8080, dual stack), DNS-like on h5 (:53)"
    mkdir -p "$WORK/www"
    printf '<html><body>capreport sample index</body></html>\n' >"$WORK/www/index.html"
    "$PY" -c 'import sys; sys.stdout.write("".join("line %05d of a small text file\n" % i for i in range(600)))' \
        >"$WORK/www/file20k.txt"
    spawn h4 "$PY" -m http.server --bind :: --directory "$WORK/www" 8080
    spawn h1 "$PY" -m http.server --bind :: --directory "$WORK/www" 8080
    spawn h5 "$PY" "$WORK/dnsd.py" 53 10.0.2.15 fd00:2::15
    sleep 1.5   # let servers bind and MLD/ND settle before capturing

    start_cap rt br0 "$WORK/mixed-br0.pcap"
    start_cap rt br1 "$WORK/mixed-br1.pcap"
    start_cap rt rt3 "$WORK/mixed-rt3.pcap"
    sleep 1

    log "[mixed] ICMP/ICMPv6 echo"
    nsx h1 ping -n -q -c 2 -i 0.2 -W 1 10.0.2.14 >/dev/null
    nsx h2 ping -n -q -c 2 -i 0.2 -W 1 fd00:2::15 >/dev/null
    nsx h3 ping -n -q -c 2 -i 0.2 -W 1 10.0.3.17 >/dev/null
    nsx h7 ping -n -q -c 2 -i 0.2 -W 1 fd00:1::11 >/dev/null
    nsx h6 ping -n -q -c 1 -W 1 10.0.2.1 >/dev/null
    nsx h2 ping -n -q -c 1 -W 1 10.0.1.13 >/dev/null

    log "[mixed] TCP: HTTP GETs over IPv4 and IPv6"
    nsx h1 "$PY" "$WORK/httpget.py" http://10.0.2.14:8080/ http://10.0.2.14:8080/file20k.txt
    nsx h2 "$PY" "$WORK/httpget.py" "http://[fd00:2::14]:8080/file20k.txt"
    nsx h3 "$PY" "$WORK/httpget.py" http://10.0.1.11:8080/index.html
    nsx h7 "$PY" "$WORK/httpget.py" http://10.0.2.14:8080/index.html "http://[fd00:1::11]:8080/file20k.txt"
    nsx h6 "$PY" "$WORK/httpget.py" "http://[fd00:2::14]:8080/"
    nsx h5 "$PY" "$WORK/httpget.py" http://10.0.1.11:8080/file20k.txt

    log "[mixed] UDP: DNS-like queries, datagrams to closed ports (ICMP errors)"
    nsx h1 "$PY" "$WORK/dnsq.py" 10.0.2.15 www.example.com A
    nsx h3 "$PY" "$WORK/dnsq.py" 10.0.2.15 mail.example.org A
    nsx h2 "$PY" "$WORK/dnsq.py" fd00:2::15 www.example.com AAAA
    nsx h7 "$PY" "$WORK/dnsq.py" fd00:2::15 ntp.example.net AAAA
    nsx h7 "$PY" "$WORK/dnsq.py" 10.0.2.15 ntp.example.net A
    nsx h1 "$PY" "$WORK/udpsend.py" 10.0.2.16 9999 "hello closed port v4"
    nsx h2 "$PY" "$WORK/udpsend.py" fd00:2::16 9999 "hello closed port v6"
    nsx h3 "$PY" "$WORK/udpsend.py" 10.0.9.9 5000 "no route beyond router"
    sleep 0.5
    stop_caps
    stop_bg

    log "[mixed] merging 3 captures (one IDB per interface) -> samples/mixed.pcapng"
    merge_named "$OUT/mixed.pcapng" "$WORK/mixed-br0.pcap:br0:capr-rt bridge br0 (10.0.1.0/24, fd00:1::/64)" \
        "$WORK/mixed-br1.pcap:br1:capr-rt bridge br1 (10.0.2.0/24, fd00:2::/64)" \
        "$WORK/mixed-rt3.pcap:rt3:capr-rt veth rt3 to h7 (10.0.3.0/24, fd00:3::/64)"
    teardown rt h1 h2 h3 h4 h5 h6 h7
}

# ======================================================================
# 2./3. MPTCP
# ======================================================================
cat >"$WORK/mptcp_srv.py" <<'EOF'
import socket, sys
fam = socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET
ls = socket.socket(fam, socket.SOCK_STREAM, socket.IPPROTO_MPTCP)
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
print('mptcp server: got', n, 'bytes from', peer, flush=True)
EOF

cat >"$WORK/mptcp_cli.py" <<'EOF'
import socket, sys, time
addr, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fam = socket.AF_INET6 if ':' in addr else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM, socket.IPPROTO_MPTCP)
s.connect((addr, port))
s.sendall(b'hello\n')
time.sleep(0.7)          # give the path manager time to add the 2nd subflow
chunk = bytes(range(256)) * 256
left = size
while left > 0:
    left -= s.send(chunk[:min(left, len(chunk))])
s.shutdown(socket.SHUT_WR)
print('mptcp client:', s.recv(100).decode().strip(), flush=True)
s.close()
time.sleep(0.5)
EOF

mptcp_topo() {   # mptcp_topo -- client capr-mc (c1,c2) <-> server capr-ms (s1,s2)
    mkns mc
    mkns ms
    veth mc c1 ms s1
    veth mc c2 ms s2
    local ns
    for ns in mc ms; do
        nsx "$ns" sysctl -q -w net.mptcp.enabled=1
        nsx "$ns" ip mptcp limits set subflow 2 add_addr_accepted 2
    done
}

ratelimit() {   # both client egress links ~20 Mbit/s so both subflows carry data
    local dev
    for dev in c1 c2; do
        nsx mc tc qdisc add dev "$dev" root tbf rate 20mbit burst 16kb latency 50ms
    done
}

make_mptcp_v4() {
    log "[mptcp] IPv4 topology: capr-mc c1 10.1.1.1 <-> capr-ms s1 10.1.1.2, c2 10.1.2.1 <-> s2 10.1.2.2"
    mptcp_topo
    up mc c1 10.1.1.1/24
    up mc c2 10.1.2.1/24
    up ms s1 10.1.1.2/24
    up ms s2 10.1.2.2/24
    # 2nd subflow: 10.1.2.1 (via c2) -> server's initial address 10.1.1.2
    nsx mc ip rule add from 10.1.2.1 table 102
    nsx mc ip route add 10.1.1.2/32 dev c2 src 10.1.2.1 table 102
    nsx mc ip mptcp endpoint add 10.1.2.1 dev c2 subflow
    ratelimit
    spawn ms "$PY" "$WORK/mptcp_srv.py" 10.1.1.2 5201
    sleep 1
    start_cap mc c1 "$WORK/mptcp-c1.pcap" -s 128 tcp
    start_cap mc c2 "$WORK/mptcp-c2.pcap" -s 128 tcp
    sleep 1
    log "[mptcp] transferring 2 MB over one MPTCP connection"
    nsx mc "$PY" "$WORK/mptcp_cli.py" 10.1.1.2 5201 2000000
    stop_caps
    stop_bg
    merge_named "$OUT/mptcp.pcapng" "$WORK/mptcp-c1.pcap:c1:client path 1 (10.1.1.0/24)" \
        "$WORK/mptcp-c2.pcap:c2:client path 2 (10.1.2.0/24)"
    teardown mc ms
}

make_mptcp_v6() {
    log "[mptcp-v6] topology: capr-mc c1 fd01:1::1 <-> capr-ms s1 fd01:1::2, c2 fd01:2::1 <-> s2 fd01:2::2"
    mptcp_topo
    up mc c1 fd01:1::1/64
    up mc c2 fd01:2::1/64
    up ms s1 fd01:1::2/64
    up ms s2 fd01:2::2/64
    # server announces its 2nd address (ADD_ADDR); client joins it from c2
    nsx ms ip mptcp endpoint add fd01:2::2 dev s2 signal
    ratelimit
    spawn ms "$PY" "$WORK/mptcp_srv.py" :: 5201
    sleep 1
    start_cap mc c1 "$WORK/mptcp6-c1.pcap" -s 128 tcp
    start_cap mc c2 "$WORK/mptcp6-c2.pcap" -s 128 tcp
    sleep 1
    log "[mptcp-v6] transferring 1 MB over one MPTCP connection"
    nsx mc "$PY" "$WORK/mptcp_cli.py" fd01:1::2 5201 1000000
    stop_caps
    stop_bg
    merge_named "$OUT/mptcp-v6-addaddr.pcapng" "$WORK/mptcp6-c1.pcap:c1:client path 1 (fd01:1::/64)" \
        "$WORK/mptcp6-c2.pcap:c2:client path 2 (fd01:2::/64)"
    teardown mc ms
}

# ======================================================================
# 4./5. midnight-gap
# ======================================================================
cat >"$WORK/mn_srv.py" <<'EOF'
# line-oriented TCP server on :80 whose reply body looks like tcpdump output
import socket
ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
ls.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(('::', 80))
ls.listen(8)
body = (b"\n2024-03-10 01:15:00.000000 IP6 2001:db8::1.443 > 2001:db8::2.5555: Flags [P.], length 10\n"
        b"22:00:00.000000 IP 198.51.100.7.53 > 198.51.100.8.4444: UDP, length 42\n")
body += b''.join(b'log line %03d: GET /static/img%03d.png -> 200, 1234 bytes\n' % (i, i)
                 for i in range(120))
while True:
    c, _ = ls.accept()
    while c.recv(4096):      # read the whole request (client half-closes)
        pass
    c.sendall(b'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n' + body)
    c.close()
EOF

cat >"$WORK/mn_driver.py" <<'EOF'
# runs the event list, logging each event's start time (one per line)
import socket, subprocess, sys, time
py, work, evfile = sys.argv[1], sys.argv[2], sys.argv[3]
SRV4, SRV6 = '10.9.0.2', 'fd09::2'
payload = (b"POST /log HTTP/1.0\r\nHost: 10.9.0.2\r\nContent-Type: text/plain\r\n\r\n"
           b"\n2024-03-09 22:00:00.000000 IP 10.9.9.9.80 > 10.8.8.8.1234: Flags [S], seq 1, win 64240, length 0\n"
           b"IP 192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 1, length 64\n"
           b"\r\n\r\n")
def tcp(addr):
    s = socket.create_connection((addr, 80), timeout=3)
    s.sendall(payload)
    s.shutdown(socket.SHUT_WR)
    while s.recv(4096):
        pass
    s.close()
def ping(addr, n=3):
    subprocess.run(['ping', '-n', '-q', '-c', str(n), '-i', '0.2', '-W', '1', addr],
                   stdout=subprocess.DEVNULL, check=False)
def dns(addr, name, t):
    subprocess.run([py, work + '/dnsq.py', addr, name, t], check=False)
EV = [
    lambda: tcp(SRV4), lambda: ping(SRV4), lambda: dns(SRV4, 'a.example.com', 'A'),
    lambda: tcp(SRV6), lambda: ping(SRV6), lambda: dns(SRV6, 'b.example.com', 'AAAA'),
]
N = int(sys.argv[4])
with open(evfile, 'w') as f:
    for i in range(N):
        f.write('%.6f\n' % time.time())
        f.flush()
        EV[i % len(EV)]()
        time.sleep(0.8)
EOF

cat >"$WORK/retime.py" <<'EOF'
# retime.py IN.pcap EVENTS OUT1.pcap OUT2.pcap
# Every packet belongs to the latest event started before it; event i is moved
# to SCHEDULE[i] (keeping intra-event spacing).  Events 0..len(B1)-1 go to OUT1.
import calendar, struct, sys, time
inp, evf, out1, out2 = sys.argv[1:5]
def t(s):
    return calendar.timegm(time.strptime(s, '%Y-%m-%d %H:%M:%S'))
B1 = ['2024-03-09 21:58:05', '2024-03-09 21:58:21', '2024-03-09 21:58:52',
      '2024-03-09 21:59:14', '2024-03-09 21:59:43',        # 22:00 empty
      '2024-03-09 22:01:10', '2024-03-09 22:01:36', '2024-03-09 22:02:07',
      '2024-03-09 22:02:49',                               # 22:03 empty
      '2024-03-09 22:04:11', '2024-03-09 22:04:30', '2024-03-09 22:04:58',
      '2024-03-09 22:05:20']
B2 = ['2024-03-10 01:10:02', '2024-03-10 01:10:31', '2024-03-10 01:11:16',
      '2024-03-10 01:12:05',                               # 01:13 empty
      '2024-03-10 01:14:09', '2024-03-10 01:14:40', '2024-03-10 01:15:33',
                                                           # 01:16, 01:17 empty
      '2024-03-10 01:18:04', '2024-03-10 01:18:50', '2024-03-10 01:19:21',
      '2024-03-10 01:19:55']
SCHED = [t(s) for s in B1 + B2]
ev = [float(l) for l in open(evf) if l.strip()]
assert len(ev) == len(SCHED), (len(ev), len(SCHED))
data = open(inp, 'rb').read()
magic = struct.unpack('<I', data[:4])[0]
assert magic == 0xa1b2c3d4, hex(magic)   # tcpdump writes LE microsecond pcap
hdr, off = data[:24], 24
outs = [open(out1, 'wb'), open(out2, 'wb')]
for o in outs:
    o.write(hdr)
kept = [0, 0]
while off + 16 <= len(data):
    sec, usec, incl, orig = struct.unpack('<IIII', data[off:off + 16])
    pkt = data[off + 16:off + 16 + incl]
    off += 16 + incl
    ts = sec * 1000000 + usec
    idx = None
    for i, e in enumerate(ev):
        if ts >= int(round(e * 1e6)) - 1000:
            idx = i
    if idx is None:
        continue                       # stray packet before the first event
    nts = SCHED[idx] * 1000000 + (ts - int(round(ev[idx] * 1e6)))
    b = 0 if idx < len(B1) else 1
    outs[b].write(struct.pack('<IIII', nts // 1000000, nts % 1000000, incl, orig) + pkt)
    kept[b] += 1
for o in outs:
    o.close()
print('retime: burst1 %d packets, burst2 %d packets' % tuple(kept))
EOF

make_midnight() {
    log "[midnight] topology: capr-ma 10.9.0.1/fd09::1 <-> capr-mb 10.9.0.2/fd09::2"
    mkns ma
    mkns mb
    veth ma eth0 mb eth0
    up ma eth0 10.9.0.1/24 fd09::1/64
    up mb eth0 10.9.0.2/24 fd09::2/64
    spawn mb "$PY" "$WORK/mn_srv.py"
    spawn mb "$PY" "$WORK/dnsd.py" 53 10.9.0.53 fd09::53
    sleep 1.5
    start_cap ma eth0 "$WORK/midnight-raw.pcap"
    sleep 1
    log "[midnight] running 24 small events (TCP with tcpdump-like payload, ping, DNS-like)"
    nsx ma "$PY" "$WORK/mn_driver.py" "$PY" "$WORK" "$WORK/midnight-events.txt" 24
    stop_caps
    stop_bg
    teardown ma mb
    log "[midnight] moving events to 2024-03-09 21:58-22:05 and 2024-03-10 01:10-01:20 UTC"
    "$PY" "$WORK/retime.py" "$WORK/midnight-raw.pcap" "$WORK/midnight-events.txt" \
        "$WORK/midnight-b1.pcap" "$WORK/midnight-b2.pcap"
    mergecap -F pcap -w "$OUT/midnight-gap.pcap" "$WORK/midnight-b1.pcap" "$WORK/midnight-b2.pcap"
    log "[midnight] writing tcpdump text renderings"
    TZ=UTC tcpdump -tttt -n -r "$OUT/midnight-gap.pcap" >"$OUT/midnight-gap.txt" 2>/dev/null
    TZ=UTC tcpdump -tttt -n -A -r "$OUT/midnight-gap.pcap" >"$OUT/midnight-gap-A.txt" 2>/dev/null
}

# ======================================================================
# 6. bad inputs and small.pcap.gz
# ======================================================================
cat >"$WORK/cut.py" <<'EOF'
# cut.py pcap|pcapng IN OUT N -- copy IN up to the middle of record/block N (0-based)
import struct, sys
kind, inp, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
d = open(inp, 'rb').read()
if kind == 'pcap':
    off = 24
    for _ in range(n):
        off += 16 + struct.unpack('<I', d[off + 8:off + 12])[0]
    ln = 16 + struct.unpack('<I', d[off + 8:off + 12])[0]
else:
    off = 0
    for _ in range(n):
        off += struct.unpack('<I', d[off + 4:off + 8])[0]
    ln = struct.unpack('<I', d[off + 4:off + 8])[0]
cut = off + ln // 2
open(out, 'wb').write(d[:cut])
print('cut %s at byte %d (inside record/block %d: bytes %d..%d)' % (inp, cut, n, off, off + ln))
EOF

cat >"$WORK/pcapng_ifname.py" <<'EOF'
# pcapng_ifname.py IN.pcap OUT.pcapng IFNAME [IFDESCR] -- pcap -> pcapng written
# by hand (SHB, one IDB with if_name/if_description/if_tsresol, EPBs)
import struct, sys
inp, out, ifname = sys.argv[1], sys.argv[2], sys.argv[3].encode()
descr = sys.argv[4].encode() if len(sys.argv) > 4 else b''
d = open(inp, 'rb').read()
assert struct.unpack('<I', d[:4])[0] == 0xa1b2c3d4
snap, linktype = struct.unpack('<II', d[16:24])
def opt(code, val):
    pad = (-len(val)) % 4
    return struct.pack('<HH', code, len(val)) + val + b'\0' * pad
def block(btype, body):
    ln = 12 + len(body)
    return struct.pack('<II', btype, ln) + body + struct.pack('<I', ln)
o = block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1) +
          opt(4, b'capreport scripts/make-samples.sh') + opt(0, b''))
o += block(0x00000001, struct.pack('<HHI', linktype, 0, snap) +
           opt(2, ifname) + (opt(3, descr) if descr else b'') +
           opt(9, b'\x06') + opt(0, b''))
off = 24
while off + 16 <= len(d):
    sec, usec, incl, orig = struct.unpack('<IIII', d[off:off + 16])
    pkt = d[off + 16:off + 16 + incl]
    off += 16 + incl
    ts = sec * 1000000 + usec
    o += block(0x00000006, struct.pack('<IIIII', 0, ts >> 32, ts & 0xffffffff, incl, orig) +
               pkt + b'\0' * ((-incl) % 4))
open(out, 'wb').write(o)
EOF

make_bad() {
    log "[bad] writing samples/bad/* and samples/small.pcap.gz"
    mkdir -p "$OUT/bad"
    editcap -F pcap "$OUT/mixed.pcapng" "$WORK/mixed.pcap"
    "$PY" "$WORK/cut.py" pcap "$WORK/mixed.pcap" "$OUT/bad/truncated.pcap" 40
    # block 0 = SHB, 1..3 = IDBs, then EPBs: cut inside an EPB
    "$PY" "$WORK/cut.py" pcapng "$OUT/mixed.pcapng" "$OUT/bad/truncated.pcapng" 40
    : >"$OUT/bad/empty.pcap"
    # pcap global header: LE magic, v2.4, thiszone 0, sigfigs 0, snaplen 262144, DLT_EN10MB
    printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04\x00\x01\x00\x00\x00' \
        >"$OUT/bad/header-only.pcap"
    printf 'This is not a packet capture.\nJust some text pretending to be a .pcap file.\n' \
        >"$OUT/bad/not-a-capture.pcap"
    editcap -F pcap -r "$OUT/mixed.pcapng" "$WORK/first10.pcap" 1-10
    "$PY" "$WORK/pcapng_ifname.py" "$WORK/first10.pcap" "$WORK/html-ifname.pcapng" \
        '<script>alert(1)</script>' 'interface description with <b>markup</b> & "quotes"'
    editcap --capture-comment '<script>alert(1)</script>' \
        "$WORK/html-ifname.pcapng" "$OUT/bad/html-comment.pcapng"
    editcap -F pcap -r "$OUT/mixed.pcapng" "$WORK/small.pcap" 1-100
    gzip -9 -n -c "$WORK/small.pcap" >"$OUT/small.pcap.gz"
}

# ======================================================================
# README
# ======================================================================
field() {   # field NAME <CAPINFOS_OUTPUT -- value of "NAME: value"
    awk -v k="$1" 'index($0, k ":") == 1 { sub(/^[^:]*: */, ""); print; exit }'
}

cinfo() {   # cinfo FILE -- one markdown table row from capinfos
    local f=$1 txt rc=0 pk ifs first last
    txt=$(capinfos -M -c -a -e -I "$OUT/$f" 2>&1) || rc=$?
    pk=$(field 'Number of packets' <<<"$txt")
    ifs=$(field 'Number of interfaces in file' <<<"$txt")
    first=$(field 'First packet time' <<<"$txt")
    last=$(field 'Last packet time' <<<"$txt")
    if [ "$rc" -ne 0 ]; then
        pk="${pk:-$(grep -o 'after reading [0-9]* packets' <<<"$txt" | grep -o '[0-9]*' || true)}"
        pk="${pk:+$pk, }capinfos error"
    fi
    # shellcheck disable=SC2016 # the backquotes are Markdown's code marks, not a command
    printf '| `%s` | %s | %s | %s | %s | %s |\n' "$f" "$(stat -c %s "$OUT/$f")" \
        "${pk:--}" "${ifs:--}" "${first:--}" "${last:--}"
}

write_readme() {
    log "writing samples/README.md"
    local f
    {
    cat <<'EOF'
# Sample captures

All files in this directory are generated by `scripts/make-samples.sh`
(regenerate with `sudo scripts/make-samples.sh`; it needs root, network
namespaces, MPTCP in the kernel, tcpdump, tshark/editcap/mergecap/capinfos,
ethtool and python3).  The script builds throw-away network namespaces
(`capr-*`) connected with veth pairs and Linux bridges, sends traffic only
between those namespaces, captures it with tcpdump, post-processes it with
editcap/mergecap/python and deletes the namespaces again.  Offloads
(TSO/GSO/GRO) are disabled on every veth so no packet is larger than the MTU.
All times are UTC (`TZ=UTC`).  The captures are real, so regenerating changes
ports, sequence numbers, timestamps and (slightly) packet counts.

## mixed.pcapng

General IPv4 + IPv6 traffic, pcapng with **three interfaces**: `br0`, `br1`
and `rt3`, all captured with tcpdump in the router namespace `capr-rt` (full
snap length, Ethernet).  Each capture is converted to pcapng by a python
helper that sets the IDB `if_name` (and `if_description`), then they are
merged chronologically with `mergecap -I none` (one IDB per interface).

```
 h1 10.0.1.11 fd00:1::11 ─┐                         ┌─ h4 10.0.2.14 fd00:2::14 (HTTP :8080)
 h2 10.0.1.12 fd00:1::12 ─┼─ br0 ── router ── br1 ──┼─ h5 10.0.2.15 fd00:2::15 (DNS-like :53)
 h3 10.0.1.13 fd00:1::13 ─┘   10.0.1.1     10.0.2.1 └─ h6 10.0.2.16 fd00:2::16 (port 9999 closed)
 (h1 also HTTP :8080)         fd00:1::1    fd00:2::1
                                   │ rt3 10.0.3.1 fd00:3::1
                              h7 10.0.3.17 fd00:3::17
```

Traffic: ICMP and ICMPv6 echo (routed and bridged), 8 HTTP/1.0 GETs over
TCP (IPv4 and IPv6; small pages and a 20 kB text file; python http.server),
5 DNS-like UDP query/response pairs (A over IPv4, AAAA over IPv6), UDP
datagrams to closed port 9999 on h6 (ICMP port unreachable and ICMPv6
destination unreachable, both quoting the original IP/UDP header) and one
datagram to 10.0.9.9 which has no route at the router (ICMP net/host
unreachable from 10.0.1.1).  Plus the usual ARP and IPv6 neighbour discovery.
Routed packets appear on two interfaces (once per link), bridged ones once.

Tests: multi-interface pcapng, IPv4/IPv6/TCP/UDP/ICMP/ICMPv6 classification,
endpoint/host counting (>= 8 hosts), ICMP errors with quoted inner headers.

## mptcp.pcapng

One MPTCP v1 connection (Linux kernel implementation) over IPv4, client
`capr-mc` to server `capr-ms`, two point-to-point links:

```
 client c1 10.1.1.1 ──── s1 10.1.1.2 server (listens on 10.1.1.2:5201)
 client c2 10.1.2.1 ──── s2 10.1.2.2
```

The client has an MPTCP `subflow` endpoint 10.1.2.1 on c2, so after the
initial subflow (10.1.1.1 -> 10.1.1.2, MP_CAPABLE) it opens exactly one more
subflow 10.1.2.1 -> 10.1.1.2 (MP_JOIN) over c2.  Both client links are
rate-limited with `tc tbf` (20 Mbit/s) so both subflows carry data.  The
client (python, `IPPROTO_MPTCP`) sends 2,000,000 bytes, then shuts down
(DATA_FIN + FIN on both subflows); the server answers with a short line.
Captured on c1 and c2 (tcpdump filter `tcp`), merged like mixed.pcapng =>
2 interfaces named `c1` and `c2`.
**Snap length 128 bytes**: Ethernet + IP + TCP headers including all TCP/MPTCP
options are intact, payload is truncated (caplen < len).

Tests: MPTCP detection, grouping of 2 subflows into one MPTCP connection,
MP_CAPABLE / MP_JOIN / DSS / DATA_FIN handling, truncated packets.

## mptcp-v6-addaddr.pcapng

Same as above over IPv6 (client c1 fd01:1::1, c2 fd01:2::1; server s1
fd01:1::2, s2 fd01:2::2).  The client connects to [fd01:1::2]:5201; the
**server** has a `signal` endpoint fd01:2::2, announces it with ADD_ADDR,
and the client joins it (2nd subflow fd01:2::1 -> fd01:2::2, MP_JOIN).
1,000,000 bytes of data.  Snap length 128 bytes (all headers intact),
captured on c1 and c2, 2 interfaces.

Tests: IPv6 MPTCP, ADD_ADDR (`tcp.options.mptcp.subtype == 3`), a join to an
address that differs from the initial connection's.

## midnight-gap.pcap

Plain pcap (Ethernet, microseconds).  Small traffic between `capr-ma`
(10.9.0.1, fd09::1) and `capr-mb` (10.9.0.2, fd09::2): 24 short "events"
(TCP connection to port 80 with a ~5 kB text reply, 3 pings, DNS-like UDP
query/answer; each over IPv4 and IPv6) captured live 0.8 s apart.  An embedded python helper then moves
each event to a fixed wall-clock time (keeping the spacing inside the event)
and writes two bursts, which are merged with `mergecap -F pcap`:

* burst 1: 2024-03-09 21:58:05 - 22:05:20 UTC (13 events, 10-90 s apart;
  minutes 22:00 and 22:03 are empty)
* burst 2: 2024-03-10 01:10:02 - 01:19:55 UTC (11 events; minutes 01:13,
  01:16 and 01:17 are empty)

So the capture crosses midnight UTC and has a gap of about 3 h 05 min.
The TCP payloads contain text that looks like tcpdump output, e.g.
`2024-03-09 22:00:00.000000 IP 10.9.9.9.80 > 10.8.8.8.1234: Flags [S], ...`,
`IP 192.0.2.1 > 192.0.2.2: ICMP echo request, ...`,
`2024-03-10 01:15:00.000000 IP6 2001:db8::1.443 > 2001:db8::2.5555: ...` and
`22:00:00.000000 IP 198.51.100.7.53 > ...`.  Note that 22:00 and 01:15:00
(with other addresses) are times at which there is *no* real packet: a
parser that takes payload lines for packets will show up in those bins.

Tests: per-minute binning across midnight, empty bins, long gaps.

## midnight-gap.txt, midnight-gap-A.txt

`TZ=UTC tcpdump -tttt -n -r midnight-gap.pcap` and the same with `-A`
(payload printed as ASCII; the fake tcpdump lines from the payload appear at
the start of lines).  Tests: the tcpdump-text input path; payload lines must
be skipped.

## small.pcap.gz

The first 100 packets of mixed.pcapng converted to pcap
(`editcap -F pcap -r mixed.pcapng small.pcap 1-100`), `gzip -9 -n`.
Tests: gzip-compressed input.

## bad/

| file | content | expected |
|---|---|---|
| `truncated.pcap` | mixed.pcapng as pcap, cut in the middle of packet record #41 | error/warning "truncated", earlier packets usable |
| `truncated.pcapng` | mixed.pcapng cut in the middle of block #41 (an EPB) | same |
| `empty.pcap` | 0 bytes | clean error |
| `header-only.pcap` | 24-byte pcap global header (LE, v2.4, snaplen 262144, Ethernet), no packets | empty report, no crash |
| `not-a-capture.pcap` | two lines of text | clean "not a capture" error |
| `html-comment.pcapng` | first 10 packets of mixed; SHB comment and IDB `if_name` are `<script>alert(1)</script>` (IDB description also contains markup) | must be escaped in HTML output |

`html-comment.pcapng` is written by a python helper (SHB/IDB/EPB by hand,
IDB option 2 = if_name) and then passed through
`editcap --capture-comment '<script>alert(1)</script>'`.

## Packet counts (capinfos)

EOF
    echo '| file | bytes | packets | interfaces | first packet (UTC) | last packet (UTC) |'
    echo '|---|---|---|---|---|---|'
    for f in mixed.pcapng mptcp.pcapng mptcp-v6-addaddr.pcapng midnight-gap.pcap small.pcap.gz \
             bad/truncated.pcap bad/truncated.pcapng bad/empty.pcap bad/header-only.pcap \
             bad/not-a-capture.pcap bad/html-comment.pcapng; do
        cinfo "$f"
    done
    cat <<'EOF'

For the truncated files capinfos reads the packets before the cut and then
reports "cut short in the middle of a packet".  Note that capinfos (wiretap)
accepts the 0-byte `empty.pcap` as an empty ERF file with 0 packets.
EOF
    } >"$OUT/README.md"
}

# ======================================================================
mkdir -p "$OUT"
make_mixed
make_mptcp_v4
make_mptcp_v6
make_midnight
make_bad
write_readme

log "done; files:"
(cd "$OUT" && ls -l . bad) >&2
