#!/usr/bin/env python3
"""make-guess-capture.py - write heuristic-guess.pcap: payload that tshark's heuristic dissectors misname.

Two TCP connections to port 5201 (iperf3's) whose data are not the protocols
tshark guesses from their first bytes: one starts "JXTAHELLO " (taken for
JXTA), the other looks like a Thrift binary call (taken for Thrift). The
report must say these names are guesses.
Run: python3 tests/data/make-guess-capture.py [OUTDIR]  (default: this folder).
The output is deterministic: the same bytes on every run.
"""
import os
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
T0 = 1700000000  # 2023-11-14T22:13:20Z
SYN, ACK, PSH = 0x02, 0x10, 0x08


def ip4(src, dst, payload):
    # checksum 0: tshark does not check it unless asked
    return struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000, 64, 6, 0,
                       bytes(int(x) for x in src.split(".")), bytes(int(x) for x in dst.split("."))) + payload


def tcp(sport, dport, seq, ack, flags, payload=b""):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload


def eth(payload):
    return bytes.fromhex("020000000002020000000001") + b"\x08\x00" + payload


def talk(src, dst, sport, data):
    isn, risn = 1000, 5000
    return [ip4(src, dst, tcp(sport, 5201, isn, 0, SYN)),
            ip4(dst, src, tcp(5201, sport, risn, isn + 1, SYN | ACK)),
            ip4(src, dst, tcp(sport, 5201, isn + 1, risn + 1, ACK)),
            ip4(src, dst, tcp(sport, 5201, isn + 1, risn + 1, PSH | ACK, data)),
            ip4(dst, src, tcp(5201, sport, risn + 1, isn + 1 + len(data), ACK))]


def main():
    thrift = struct.pack("!I", 0x80010001) + struct.pack("!I", 4) + b"ping" + struct.pack("!I", 1) + b"\x00"
    pkts = talk("10.9.0.1", "10.9.0.2", 40001, b"JXTAHELLO tcp://10.9.0.2:9701 tcp://10.9.0.1:9701 urn:jxta:uuid-59616261646162614A787461503250330000000000000000000000000000000003 peer 1.1\r\n") + \
        talk("10.9.0.1", "10.9.0.2", 40002, thrift)
    b = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    for i, p in enumerate(pkts):
        p = eth(p)
        b += struct.pack("<IIII", T0 + i // 5, (i * 1000 + 7), len(p), len(p)) + p
    with open(os.path.join(OUT, "heuristic-guess.pcap"), "wb") as f:
        f.write(b)


main()
