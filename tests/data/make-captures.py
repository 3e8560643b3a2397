#!/usr/bin/env python3
"""make-captures.py - write the small crafted captures the native-reader tests use.

Every packet is built by hand with struct, so each file holds exactly the
case it is named for: VLAN tags (802.1Q, 802.1ad), Linux cooked v1/v2, raw
IP, BSD null/loopback, IPv6 extension headers, IPv4/IPv6 fragments, tunnels,
ICMP errors, TCP port reuse, odd file formats and damaged headers.
Run: python3 tests/data/make-captures.py [OUTDIR]  (default: this folder).
The output is deterministic: the same bytes on every run.
"""
import gzip
import os
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
T0 = 1700000000  # 2023-11-14T22:13:20Z


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def a4(s):
    return bytes(int(x) for x in s.split("."))


def a6(s):
    import ipaddress
    return ipaddress.IPv6Address(s).packed


MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")


def eth(typ, payload, dst=MAC_B, src=MAC_A):
    return dst + src + struct.pack("!H", typ) + payload


def vlan(vid, typ, payload):
    """A VLAN tag as it sits after the TPID: TCI, inner type, payload."""
    return struct.pack("!HH", vid & 0xFFF, typ) + payload


def ip4(src, dst, proto, payload, ident=1, df=True, mf=False, off=0, ttl=64, opts=b"", tot=None):
    ihl = (20 + len(opts)) // 4
    flags = (0x4000 if df else 0) | (0x2000 if mf else 0) | (off // 8)
    length = tot if tot is not None else 20 + len(opts) + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, length, ident, flags, ttl, proto, 0, a4(src), a4(dst)) + opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ip6(src, dst, nh, payload, hlim=64, plen=None):
    length = plen if plen is not None else len(payload)
    return struct.pack("!IHBB16s16s", 0x60000000, length, nh, hlim, a6(src), a6(dst)) + payload


def ext6(nh, body):
    """A generic IPv6 extension header (hop-by-hop, routing, destination options): body padded to 8n-2."""
    body = body + b"\0" * ((-(len(body) + 2)) % 8)
    return struct.pack("!BB", nh, (len(body) + 2) // 8 - 1) + body


def frag6(nh, off, mf, ident, payload):
    return struct.pack("!BBHI", nh, 0, (off // 8) << 3 | (1 if mf else 0), ident) + payload


def tcp(sport, dport, seq=1000, ack=0, flags=0x18, payload=b"", opts=b"", off=None):
    doff = off if off is not None else (20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, doff << 4, flags, 65535, 0, 0) + opts + payload


SYN, ACK, FIN, RST, PSH = 0x02, 0x10, 0x01, 0x04, 0x08


def udp(sport, dport, payload=b"", length=None):
    return struct.pack("!HHHH", sport, dport, length if length is not None else 8 + len(payload), 0) + payload


def icmp(typ, code, rest=b"\0\0\0\0", payload=b""):
    h = struct.pack("!BBH", typ, code, 0) + rest + payload
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]


def icmp6(typ, code, rest=b"\0\0\0\0", payload=b""):
    return struct.pack("!BBH", typ, code, 0) + rest + payload


# ---- file writers -----------------------------------------------------


def pcap(name, linktype, pkts, nano=False, big=False, snaplen=65535, raw_tail=b""):
    e = ">" if big else "<"
    magic = 0xA1B23C4D if nano else 0xA1B2C3D4
    b = struct.pack(e + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)
    for i, p in enumerate(pkts):
        if isinstance(p, tuple):
            data, orig = p
        else:
            data, orig = p, len(p)
        frac = (i * 1000 + 7) * (1000 if nano else 1)
        b += struct.pack(e + "IIII", T0 + i, frac, len(data), orig) + data
    b += raw_tail
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(b)
    return b


def pad4(b):
    return b + b"\0" * ((-len(b)) % 4)


# The pcapng writers take the section's byte order: e "<" little-endian, ">" big-endian.
def opt(code, val, e="<"):
    return struct.pack(e + "HH", code, len(val)) + pad4(val)


def block(typ, body, e="<"):
    return struct.pack(e + "II", typ, 12 + len(body)) + body + struct.pack(e + "I", 12 + len(body))


def shb(comment=None, e="<"):
    opts = b""
    if comment:
        opts = opt(1, comment.encode(), e) + opt(0, b"", e)
    return block(0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, 1, 0, -1) + opts, e)


def idb(linktype, name=None, tsresol=None, snaplen=0, tsoffset=None, e="<"):
    opts = b""
    if name:
        opts += opt(2, name.encode(), e)
    if tsresol is not None:
        opts += opt(9, bytes([tsresol]), e)
    if tsoffset is not None:
        opts += opt(14, struct.pack(e + "q", tsoffset), e)
    if opts:
        opts += opt(0, b"", e)
    return block(1, struct.pack(e + "HHI", linktype, 0, snaplen) + opts, e)


def epb(iface, ts_units, data, orig=None, e="<"):
    return block(6, struct.pack(e + "IIIII", iface, ts_units >> 32, ts_units & 0xFFFFFFFF, len(data),
                                orig if orig is not None else len(data)) + pad4(data), e)


def spb(data, orig=None, e="<"):
    return block(3, struct.pack(e + "I", orig if orig is not None else len(data)) + pad4(data), e)


def write(name, b):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(b)


# ---- the captures -----------------------------------------------------

V4A, V4B, V4C = "192.0.2.1", "198.51.100.2", "203.0.113.3"
V6A, V6B, V6C = "2001:db8::1", "2001:db8:1::2", "2001:db8:2::3"


def tcp_talk(src, dst, sport, dport, ip=ip4, isn=1000, risn=5000):
    """A short TCP connection: handshake, one data segment each way, FIN/ACK close."""
    p = []
    p.append(ip(src, dst, 6, tcp(sport, dport, isn, 0, SYN)) if ip is ip4 else ip(src, dst, 6, tcp(sport, dport, isn, 0, SYN)))
    p.append(ip(dst, src, 6, tcp(dport, sport, risn, isn + 1, SYN | ACK)))
    p.append(ip(src, dst, 6, tcp(sport, dport, isn + 1, risn + 1, ACK)))
    p.append(ip(src, dst, 6, tcp(sport, dport, isn + 1, risn + 1, PSH | ACK, b"hello")))
    p.append(ip(dst, src, 6, tcp(dport, sport, risn + 1, isn + 6, PSH | ACK, b"world!")))
    p.append(ip(src, dst, 6, tcp(sport, dport, isn + 6, risn + 7, FIN | ACK)))
    p.append(ip(dst, src, 6, tcp(dport, sport, risn + 7, isn + 7, FIN | ACK)))
    p.append(ip(src, dst, 6, tcp(sport, dport, isn + 7, risn + 8, ACK)))
    return p


def mixed_l3():
    """IPv4 and IPv6 packets of every transport the engine names."""
    return [
        (0x0800, ip4(V4A, V4B, 6, tcp(40000, 80, 1, 0, SYN))),
        (0x0800, ip4(V4B, V4A, 17, udp(53, 40001, b"\x12\x34" + b"\0" * 10))),
        (0x0800, ip4(V4A, V4C, 1, icmp(8, 0, b"\0\1\0\1", b"ping"))),
        (0x86DD, ip6(V6A, V6B, 6, tcp(40002, 443, 7, 0, SYN))),
        (0x86DD, ip6(V6B, V6A, 17, udp(5000, 5001, b"x" * 20))),
        (0x86DD, ip6(V6A, V6C, 58, icmp6(128, 0, b"\0\1\0\1", b"ping6"))),
        (0x0800, ip4(V4A, V4B, 2, b"\x16\0\0\0\xe0\0\0\x01")),  # IGMP
        (0x0800, ip4(V4A, V4B, 132, b"\0" * 12)),  # SCTP common header
    ]


def caps():
    # Ethernet with 802.1Q and 802.1ad (QinQ) tags.
    pk = []
    for typ, l3 in mixed_l3():
        pk.append(eth(0x8100, vlan(100, typ, l3)))
    for typ, l3 in mixed_l3():
        pk.append(eth(0x88A8, vlan(200, 0x8100, vlan(300, typ, l3))))
    pk.append(eth(0x8100, vlan(5, 0x0806, bytes.fromhex("0001080006040001") + MAC_A + a4(V4A) + b"\0" * 6 + a4(V4B))))
    pcap("vlan.pcap", 1, pk)

    # Linux cooked v1 (113) and v2 (276).
    def sll(proto, l3, ptype=0):
        return struct.pack("!HHH8sH", ptype, 1, 6, MAC_A + b"\0\0", proto) + l3

    def sll2(proto, l3, ptype=0):
        return struct.pack("!HHIHBB8s", proto, 0, 2, 1, ptype, 6, MAC_A + b"\0\0") + l3

    pcap("sll.pcap", 113, [sll(t, l) for t, l in mixed_l3()])
    pcap("sll2.pcap", 276, [sll2(t, l, i % 5) for i, (t, l) in enumerate(mixed_l3())])

    # Raw IP (101, and 228/229), nanosecond pcap, big-endian.
    pcap("raw.pcap", 101, [l for t, l in mixed_l3()], nano=True)
    pcap("raw4.pcap", 228, [l for t, l in mixed_l3() if t == 0x0800], big=True)
    pcap("raw6.pcap", 229, [l for t, l in mixed_l3() if t == 0x86DD] +
         [ip6(s, d, 17, udp(1, 2, b"a")) for s, d in (("::ffff:192.0.2.1", "::192.0.2.1"), ("::2:3", "1:0:0:2::3"),
                                                     ("2001:db8:0:1:1:1:1:1", "::"), ("fe80::1:0:0:1", "::1"),
                                                     ("ff02::1:ff00:1", "2001:db8::ffff:0:1"))] +
         [ip6(V6A, V6B, 4, ip4("10.10.0.1", "10.10.0.2", 6, tcp(1111, 2222, 5, 0, SYN)))])  # IPv4 in IPv6

    # BSD null (0, host byte order AF) and OpenBSD loop (108, network order).
    def null(l3, big=False):
        af = 2 if l3[0] >> 4 == 4 else 30
        return struct.pack(">I" if big else "<I", af) + l3

    pcap("null.pcap", 0, [null(l) for t, l in mixed_l3()] + [struct.pack("<I", 24) + mixed_l3()[3][1],
                                                                 struct.pack("<I", 28) + mixed_l3()[4][1]])
    pcap("loop.pcap", 108, [null(l, True) for t, l in mixed_l3()])

    # IPv6 extension headers: hop-by-hop (MLD), routing, destination options, fragments, ESP, AH, no next header.
    hbh_ra = b"\x05\x02\0\0" + b"\x01\x00"  # router alert + padN
    mld = icmp6(143, 0, b"\0\0\0\1", b"\x04\0\0\0" + a6("ff02::1:3"))
    rt = struct.pack("!BBI", 0, 0, 0) + a6(V6C)  # type 0, segments left 0
    pk = [
        eth(0x86DD, ip6("fe80::1", "ff02::16", 0, ext6(58, hbh_ra) + mld)),
        eth(0x86DD, ip6(V6A, V6B, 43, struct.pack("!BB", 6, 2) + rt + tcp(1234, 80, 1, 0, SYN))),
        eth(0x86DD, ip6(V6A, V6B, 60, ext6(17, b"\x01\x00") + udp(999, 53, b"q" * 12))),
        eth(0x86DD, ip6(V6A, V6B, 0, ext6(60, b"") + ext6(6, b"") + tcp(1235, 22, 1, 0, SYN))),
        eth(0x86DD, ip6(V6A, V6B, 51, struct.pack("!BBHII", 17, 4, 0, 0x100, 1) + b"\0" * 12 + udp(500, 500, b"ike!"))),
        eth(0x86DD, ip6(V6A, V6B, 50, struct.pack("!II", 0x200, 1) + b"\xaa" * 24)),
        eth(0x86DD, ip6(V6A, V6B, 59, b"")),
    ]
    # IPv6 fragments of one UDP datagram (3 pieces, in order) and one that never completes.
    dgram = udp(7000, 7001, bytes(range(256)) * 2)
    pk.append(eth(0x86DD, ip6(V6A, V6C, 44, frag6(17, 0, True, 0x11, dgram[:200]))))
    pk.append(eth(0x86DD, ip6(V6A, V6C, 44, frag6(17, 200, True, 0x11, dgram[200:400]))))
    pk.append(eth(0x86DD, ip6(V6A, V6C, 44, frag6(17, 400, False, 0x11, dgram[400:]))))
    pk.append(eth(0x86DD, ip6(V6A, V6C, 44, frag6(17, 0, True, 0x12, dgram[:200]))))
    # An atomic fragment (offset 0, no more fragments).
    pk.append(eth(0x86DD, ip6(V6A, V6C, 44, frag6(6, 0, False, 0x13, tcp(4444, 5555, 9, 0, SYN)))))
    # Fragments cut by the snap length, and a fragment header after a destination options header.
    c1 = eth(0x86DD, ip6(V6B, V6C, 44, frag6(17, 0, True, 0x14, dgram[:200])))
    c2 = eth(0x86DD, ip6(V6B, V6C, 44, frag6(17, 200, False, 0x14, dgram[200:400])))
    pk.append((c1[:14 + 40 + 8 + 8], len(c1)))
    pk.append((c2[:14 + 40 + 8 + 8], len(c2)))
    pk.append(eth(0x86DD, ip6(V6B, V6C, 60, ext6(44, b"") + frag6(17, 0, True, 0x15, dgram[:200]))))
    pk.append(eth(0x86DD, ip6(V6B, V6C, 60, ext6(44, b"") + frag6(17, 200, False, 0x15, dgram[200:]))))
    pcap("ipv6-ext.pcap", 1, pk)

    # IPv4 fragments: in order, out of order (last first), overlapping duplicate, incomplete, ICMP big ping.
    d1 = udp(6000, 6001, b"A" * 1000)
    d2 = udp(6002, 6003, b"B" * 600)
    d3 = udp(6004, 6005, b"C" * 300)
    ping = icmp(8, 0, b"\0\7\0\1", b"P" * 1500)
    t1 = tcp(6100, 80, 77, 0, PSH | ACK, b"T" * 400)
    pk = []
    pk.append(ip4(V4A, V4B, 17, d1[:480], ident=0x101, df=False, mf=True, off=0))
    pk.append(ip4(V4A, V4B, 17, d1[480:960], ident=0x101, df=False, mf=True, off=480))
    pk.append(ip4(V4A, V4B, 17, d1[960:], ident=0x101, df=False, mf=False, off=960))
    pk.append(ip4(V4B, V4A, 17, d2[400:], ident=0x202, df=False, mf=False, off=400))
    pk.append(ip4(V4B, V4A, 17, d2[:400], ident=0x202, df=False, mf=True, off=0))
    pk.append(ip4(V4A, V4C, 17, d3[:200], ident=0x303, df=False, mf=True, off=0))
    pk.append(ip4(V4A, V4C, 1, ping[:800], ident=0x404, df=False, mf=True, off=0))
    pk.append(ip4(V4A, V4C, 1, ping[800:], ident=0x404, df=False, mf=False, off=800))
    pk.append(ip4(V4C, V4A, 6, t1[:200], ident=0x505, df=False, mf=True, off=0))
    pk.append(ip4(V4C, V4A, 6, t1[200:], ident=0x505, df=False, mf=False, off=200))
    pk.append(ip4(V4A, V4B, 17, d1[:480], ident=0x606, df=False, mf=True, off=0))
    pk.append(ip4(V4A, V4B, 17, d1[:480], ident=0x606, df=False, mf=True, off=0))  # duplicate
    pk.append(ip4(V4A, V4B, 17, d1[480:], ident=0x606, df=False, mf=False, off=480))
    # A SYN in two fragments, then a SYN with another ISN on the same ports: is the first one's ISN the base?
    syn = tcp(6200, 80, 500, 0, SYN, b"S" * 40)
    pk.append(ip4(V4C, V4A, 6, syn[:32], ident=0x707, df=False, mf=True, off=0))
    pk.append(ip4(V4C, V4A, 6, syn[32:], ident=0x707, df=False, mf=False, off=32))
    pk.append(ip4(V4C, V4A, 6, tcp(6200, 80, 600, 0, SYN)))
    # The same datagram ID from two VLANs would be told apart; here: the same ID, other protocol.
    pk.append(ip4(V4A, V4B, 17, d3[:200], ident=0x808, df=False, mf=True, off=0))
    pk.append(ip4(V4A, V4B, 1, ping[:200], ident=0x808, df=False, mf=True, off=0))
    pk.append(ip4(V4A, V4B, 17, d3[200:], ident=0x808, df=False, mf=False, off=200))
    # Fragments cut by the snap length are not reassembled: the first one is decoded as it is.
    f1 = ip4(V4B, V4C, 17, d3[:200], ident=0x909, df=False, mf=True, off=0)
    f2 = ip4(V4B, V4C, 17, d3[200:], ident=0x909, df=False, mf=False, off=200)
    pk.append((f1[:40], len(f1)))
    pk.append((f2[:40], len(f2)))
    # A fragment with a bad header checksum, completed by a good one.
    bad = bytearray(ip4(V4B, V4C, 17, d2[:400], ident=0xA0A, df=False, mf=True, off=0))
    bad[10] ^= 0xFF
    pk.append(bytes(bad))
    pk.append(ip4(V4B, V4C, 17, d2[400:], ident=0xA0A, df=False, mf=False, off=400))
    pcap("frag.pcap", 101, pk)

    # Tunnels: IPv4-in-IPv4, IPv6-in-IPv4 (6in4), IPv4-in-IPv6, GRE (IPv4, IPv6), and the same after VLAN.
    inner4 = ip4("10.10.0.1", "10.10.0.2", 6, tcp(1111, 2222, 5, 0, SYN))
    inner6 = ip6("fd00::1", "fd00::2", 17, udp(3333, 4444, b"six"))
    gre = lambda typ, p: struct.pack("!HH", 0, typ) + p
    pk = [
        eth(0x0800, ip4(V4A, V4B, 4, inner4)),
        eth(0x0800, ip4(V4A, V4B, 41, inner6)),
        eth(0x86DD, ip6(V6A, V6B, 4, inner4)),
        eth(0x86DD, ip6(V6A, V6B, 41, inner6)),
        eth(0x0800, ip4(V4A, V4B, 47, gre(0x0800, inner4))),
        eth(0x0800, ip4(V4A, V4B, 47, gre(0x86DD, inner6))),
        eth(0x0800, ip4(V4B, V4A, 4, ip4("10.10.0.2", "10.10.0.1", 6, tcp(2222, 1111, 9, 6, SYN | ACK)))),
    ]
    pcap("tunnel.pcap", 1, pk)

    # Tunnels carrying a link layer: GRE with Ethernet inside (IPv4 and IPv6), L2TPv2 over UDP and PPPoE
    # carrying PPP with IPv6 (a TCP connection each), L2TP control messages and a PPP LCP frame with no IP.
    def l2tp(payload, control=False):
        if control:
            return struct.pack("!HHHHHH", 0xC802, 12 + len(payload), 7, 0, 0, 0) + payload
        return struct.pack("!HHH", 0x0002, 7, 9) + b"\xff\x03" + payload

    def pppoe(proto, payload):
        return struct.pack("!BBHHH", 0x11, 0, 0x2A, 2 + len(payload), proto) + payload

    ppp6 = lambda p: struct.pack("!H", 0x0057) + p
    lcp = struct.pack("!H", 0xC021) + b"\x09\x01\x00\x08\x00\x00\x00\x01"  # echo request
    pk = [eth(0x0800, ip4(V4A, V4B, 47, gre(0x6558, eth(0x0800, p)))) for p in tcp_talk("10.20.0.1", "10.20.0.2", 1234, 80)[:4]]
    pk.append(eth(0x0800, ip4(V4B, V4A, 47, gre(0x6558, eth(0x86DD, inner6)))))
    pk.append(eth(0x0800, ip4(V4A, V4C, 17, udp(1701, 1701, l2tp(b"\0\x08\0\0\0\0\0\x06", control=True)))))
    for i, p in enumerate(tcp_talk("fd00:1::1", "fd00:2::2", 40000, 443, ip=ip6)):
        src, dst = (V4A, V4C) if (p[8:24] == a6("fd00:1::1")) else (V4C, V4A)
        pk.append(eth(0x0800, ip4(src, dst, 17, udp(1701, 1701, l2tp(ppp6(p))))))
    pk.append(eth(0x0800, ip4(V4C, V4A, 17, udp(1701, 1701, l2tp(lcp)))))
    pk.append(eth(0x0800, ip4(V4C, V4A, 17, udp(1701, 1701, l2tp(b"", control=True)))))
    for p in tcp_talk("fd00:3::1", "fd00:4::2", 40001, 22, ip=ip6):
        pk.append(eth(0x8864, pppoe(0x0057, p)))
    pk.append(eth(0x8864, pppoe(0xC021, lcp[2:])))
    pcap("tunnel-l2.pcap", 1, pk)

    # ICMP errors quoting a header (full and 8-byte quotes), ICMPv6 errors, TCP port reuse and SYN retransmission.
    pk = []
    sent = ip4(V4A, V4B, 17, udp(33000, 9, b"probe"))
    pk.append(eth(0x0800, sent))
    pk.append(eth(0x0800, ip4(V4B, V4A, 1, icmp(3, 3, b"\0\0\0\0", sent))))
    tsent = ip4(V4A, V4C, 6, tcp(33001, 8080, 42, 0, SYN))
    pk.append(eth(0x0800, ip4(V4C, V4A, 1, icmp(3, 1, b"\0\0\0\0", tsent[:28]))))  # 8 bytes of TCP
    pk.append(eth(0x0800, ip4(V4C, V4A, 1, icmp(11, 0, b"\0\0\0\0", tsent))))  # time exceeded, full header
    pk.append(eth(0x0800, ip4(V4C, V4A, 1, icmp(3, 1, b"\0\0\0\0", ip4(V4A, V4C, 1, icmp(8, 0, b"\0\1\0\2", b"x"))))))
    s6 = ip6(V6A, V6B, 17, udp(33002, 7, b"probe6"))
    pk.append(eth(0x86DD, s6))
    pk.append(eth(0x86DD, ip6(V6B, V6A, 58, icmp6(1, 4, b"\0\0\0\0", s6))))
    pk.append(eth(0x86DD, ip6(V6B, V6A, 58, icmp6(2, 0, b"\0\0\5\0", ip6(V6A, V6C, 6, tcp(33003, 443, 1, 0, SYN))))))
    pk.append(eth(0x86DD, ip6(V6B, V6A, 58, icmp6(3, 0, b"\0\0\0\0", ip6(V6A, V6C, 6, tcp(33004, 443, 1, 0, SYN))[:48]))))
    # TCP: a connection, a retransmitted SYN, then the same ports reused with a new ISN.
    conn = tcp_talk(V4A, V4B, 44000, 80, isn=1000)
    pk += [eth(0x0800, p) for p in conn[:1]]
    pk.append(eth(0x0800, conn[0]))  # SYN retransmission: same ISN, same stream
    pk += [eth(0x0800, p) for p in conn[1:]]
    pk += [eth(0x0800, p) for p in tcp_talk(V4A, V4B, 44000, 80, isn=900000, risn=7000)]
    # A conversation that starts mid-stream, then a SYN on the same ports.
    pk.append(eth(0x0800, ip4(V4B, V4C, 6, tcp(5555, 6666, 100, 50, ACK, b"mid"))))
    pk.append(eth(0x0800, ip4(V4B, V4C, 6, tcp(5555, 6666, 99, 0, SYN))))
    pk.append(eth(0x0800, ip4(V4B, V4C, 6, tcp(5555, 6666, 3000, 0, SYN))))
    pk += [eth(0x86DD, p) for p in tcp_talk(V6A, V6B, 44001, 443, ip=ip6)]
    # UDP: both directions of one flow, and a reply from another port.
    pk.append(eth(0x0800, ip4(V4A, V4B, 17, udp(5353, 5353, b"m"))))
    pk.append(eth(0x0800, ip4(V4B, V4A, 17, udp(5353, 5353, b"m"))))
    pk.append(eth(0x0800, ip4(V4A, V4C, 17, udp(40000, 69, b"\0\1file\0octet\0"))))
    pk.append(eth(0x0800, ip4(V4C, V4A, 17, udp(40001, 40000, b"\0\3\0\1data"))))
    # TCP options: MPTCP once, twice, after an end-of-list, after a malformed option; snap length inside options.
    mss = b"\x02\x04\x05\xb4"
    dss = b"\x1e\x08\x20\x01" + b"\0\0\0\x05"  # DSS, data ack
    addaddr = b"\x1e\x08\x30\x01" + a4(V4C)  # ADD_ADDR (echo) v4
    for opts in (mss + dss, dss + addaddr, b"\x01\x01\x00\x00" + dss, b"\x08\x01\x00\x00" + dss,
                 b"\x01\x01" + b"\x1e\x02" + b"\0\0" + dss):
        pk.append(eth(0x0800, ip4(V4A, V4B, 6, tcp(45000, 5201, 1, 1, ACK, b"", opts))))
    cut = eth(0x0800, ip4(V4A, V4B, 6, tcp(45000, 5201, 1, 1, ACK, b"", mss + dss)))
    pk.append((cut[:14 + 20 + 22], len(cut)))
    # Two MPTCP options cut by the snap length at every interesting byte.
    two = eth(0x0800, ip4(V4A, V4B, 6, tcp(45001, 5201, 1, 0, SYN, b"", b"\x1e\x04\0\0\x01\x01\x1e\x06" + b"\0" * 8)))
    for n in (55, 56, 57, 58, 61, 62, 63, 66):
        pk.append((two[:n], len(two)))
    pcap("icmp-tcp.pcap", 1, pk)

    # pcapng: three interfaces of different link types, nanosecond and default resolution, an SPB.
    # The fourth interface counts 2^-20 s ticks from an offset of 1,000,000,000 s (if_tsoffset).
    b = shb("crafted") + idb(1, "eth0") + idb(113, "any", tsresol=9) + idb(101, "tun0", tsresol=3) + \
        idb(1, "bin", tsresol=0x80 | 20, tsoffset=1000000000)
    l3 = mixed_l3()
    for i, (t, l) in enumerate(l3):
        b += epb(0, (T0 + i) * 1000000 + 11, eth(t, l))
        b += epb(1, (T0 + i) * 1000000000 + 123456789,
                 struct.pack("!HHH8sH", 4, 1, 6, MAC_B + b"\0\0", t) + l)
        b += epb(2, (T0 + i) * 1000 + 5, l)
        b += epb(3, ((T0 - 1000000000 + i) << 20) + 777777, eth(t, l))
    write("multi-link.pcapng", b)
    write("multi-link.pcapng.gz", gzip.compress(b, 9, mtime=0))

    # Two sections: interface numbers restart in the second one.
    s1 = shb() + idb(1, "a") + idb(1, "b") + epb(1, T0 * 1000000, eth(l3[0][0], l3[0][1]))
    s1 += epb(0, T0 * 1000000 + 5, eth(l3[1][0], l3[1][1]))
    s2 = shb() + idb(101, "c") + epb(0, T0 * 1000000 + 9, l3[2][1]) + idb(1, "d") + spb(eth(l3[3][0], l3[3][1]))
    write("two-sections.pcapng", s1 + s2)

    # Packets without a time (simple packet blocks) that every count must include.
    # Only SPBs: the start of a TCP connection and an IPv6 UDP packet.
    talk = tcp_talk(V4A, V4B, 40100, 80)
    untimed = [eth(0x0800, p) for p in talk[:4]] + [eth(0x86DD, ip6(V6A, V6B, 17, udp(5000, 5001, b"x" * 20)))]
    b = shb() + idb(1, "eth0", snaplen=65535)
    for p in untimed:
        b += spb(p)
    write("spb-only.pcapng", b)
    # SPBs mixed with EPBs over three sections, the last one big-endian: sections 1 and 3 begin
    # with an SPB, section 2 has none, and the last SPB is cut to section 3's snap length of 64.
    full = [eth(0x0800, p) for p in talk]
    s1 = shb() + idb(1, "a") + spb(full[0]) + epb(0, (T0 + 1) * 1000000, full[1]) + spb(full[2]) + \
        epb(0, (T0 + 2) * 1000000, full[3])
    s2 = shb() + idb(1, "b") + epb(0, (T0 + 3) * 1000000, full[4]) + epb(0, (T0 + 4) * 1000000, full[5])
    s3 = shb(e=">") + idb(1, "c", snaplen=64, e=">") + spb(full[6], e=">") + \
        epb(0, (T0 + 5) * 1000000, full[7], e=">") + spb(untimed[4][:64], len(untimed[4]), e=">")
    write("spb-mixed.pcapng", s1 + s2 + s3)
    # A big-endian capture, SPBs and EPBs, with a time-ordered start and end.
    b = shb("big-endian", e=">") + idb(1, "eth0", tsresol=9, e=">")
    for i, p in enumerate(full):
        b += spb(p, e=">") if i % 3 == 1 else epb(0, (T0 + i) * 1000000000 + 250000000, p, e=">")
    write("spb-big-endian.pcapng", b)

    # A link type the engine does not decode (IEEE 802.11, 105) and one packet of each malformed kind.
    pcap("wifi.pcap", 105, [b"\x08\x00\0\0" + b"\xff" * 6 + MAC_A + MAC_A + b"\0\0" + b"\xaa\xaa\x03\0\0\0\x08\x00" +
                             ip4(V4A, V4B, 17, udp(1, 2, b"w"))])
    good = eth(0x0800, ip4(V4A, V4B, 17, udp(1000, 2000, b"ok")))
    pk = [
        good,
        eth(0x0800, ip4(V4A, V4B, 6, tcp(1, 2, 3, 0, SYN)))[:14 + 16],   # IPv4 header cut by the snap length
        (eth(0x0800, ip4(V4A, V4B, 6, tcp(1, 2, 3, 0, SYN)))[:14 + 20 + 10], 14 + 40),  # TCP header cut short
        eth(0x0800, b"\x45" + ip4(V4A, V4B, 17, udp(1, 2))[1:])[:14] + b"\x43" + ip4(V4A, V4B, 17, udp(1, 2))[1:],  # IHL 3
        eth(0x0800, b"\x55" + ip4(V4A, V4B, 17, udp(1, 2))[1:]),  # version 5
        eth(0x86DD, b"\x40" + ip6(V6A, V6B, 17, udp(1, 2))[1:]),  # IPv6 ethertype, version 4
        eth(0x0800, ip4(V4A, V4B, 6, tcp(1, 2, 3, 0, SYN, off=3))),  # TCP data offset 3
        eth(0x0800, ip4(V4A, V4B, 17, udp(1, 2, b"x", length=4))),  # UDP length < 8
        eth(0x0800, ip4(V4A, V4B, 17, udp(1, 2, b"x"), tot=10)),  # IP total length < header
        good,
    ]
    pcap("malformed.pcap", 1, pk)


caps()
