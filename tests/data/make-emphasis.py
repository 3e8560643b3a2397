#!/usr/bin/env python3
"""make-emphasis.py - TCP captures for which streams a report plots (emphasis.bats).

many: six streams from 10.0.0.1 to 10.0.0.2:80, one after another: four clean
ones of 60, 40, 30 and 20 segments of 1400 bytes (the busiest first), one of
12 segments of 500 bytes of which three are sent again 0.2 s later (tshark
flags them tcp.analysis.retransmission), and a control-like one with a
single 40-byte segment, then one of 12 segments of 500 bytes, one ACKed
0.4 s late (an ACK RTT spike, no retransmission).
few: the busiest clean stream and the control-like one.
Run: python3 tests/data/make-emphasis.py many|few OUT.pcap; the same bytes on every run.
"""
import struct
import sys

T0 = 1700000000  # 2023-11-14T22:13:20Z
SYN, ACK, FIN, PSH = 0x02, 0x10, 0x01, 0x08


def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def frame(pkts, t, src, dst, sport, dport, seq, ack, flags, payload=b""):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0,
                     bytes(map(int, src.split("."))), bytes(map(int, dst.split("."))))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    pkts.append((t, bytes.fromhex("020000000002020000000001") + b"\x08\x00" + ip + tcp))


def stream(pkts, t, port, n, size, repeat=(), late=()):
    """Handshake, n segments of size bytes each ACKed (those in repeat sent twice, those in late ACKed
    0.4 s late), FIN both ways."""
    c, s, cs, ss = "10.0.0.1", "10.0.0.2", 1000 + port, 5000
    frame(pkts, t, c, s, port, 80, cs, 0, SYN)
    frame(pkts, t + 0.01, s, c, 80, port, ss, cs + 1, SYN | ACK)
    frame(pkts, t + 0.02, c, s, port, 80, cs + 1, ss + 1, ACK)
    t += 0.03
    for i in range(n):
        frame(pkts, t, c, s, port, 80, cs + 1 + i * size, ss + 1, PSH | ACK, b"x" * size)
        t += 0.001
        if i in repeat:
            frame(pkts, t + 0.2, c, s, port, 80, cs + 1 + i * size, ss + 1, PSH | ACK, b"x" * size)
            t += 0.3
        if i in late:
            t += 0.4
        frame(pkts, t + 0.01, s, c, 80, port, ss + 1, cs + 1 + (i + 1) * size, ACK)
        t += 0.02
    end = cs + 1 + n * size
    frame(pkts, t, c, s, port, 80, end, ss + 1, FIN | ACK)
    frame(pkts, t + 0.01, s, c, 80, port, ss + 1, end + 1, FIN | ACK)
    frame(pkts, t + 0.02, c, s, port, 80, end + 1, ss + 2, ACK)
    return t + 0.1


def main():
    mode, out = sys.argv[1], sys.argv[2]
    pkts = []
    t = stream(pkts, 0.0, 40001, 60, 1400)
    if mode == "many":
        for port, n in ((40002, 40), (40003, 30), (40004, 20)):
            t = stream(pkts, t, port, n, 1400)
        t = stream(pkts, t, 40005, 12, 500, repeat=(3, 5, 8))
    t = stream(pkts, t, 40006, 1, 40)
    if mode == "many":
        stream(pkts, t, 40007, 12, 500, late=(6,))
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for t, b in pkts:
            us = int(round(t * 1e6))
            f.write(struct.pack("<IIII", T0 + us // 1000000, us % 1000000, len(b), len(b)) + b)


main()
