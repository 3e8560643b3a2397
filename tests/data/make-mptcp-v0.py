#!/usr/bin/env python3
"""make-mptcp-v0.py OUT.pcap [--tcprst] - write a small MPTCP v0 (RFC 6824) capture by hand.

Linux since 5.6 speaks MPTCP v1 only, so the v0 test capture is written
packet by packet. Deterministic: the same bytes on every run.

Connection A (client 10.2.1.1:40000 -> server 10.2.1.2:8000), version 0:
  - MP_CAPABLE handshake, keys in the SYN, SYN/ACK and third ACK (v0 style);
  - the server announces 10.2.2.2 (ADD_ADDR, address id 5);
  - the client joins from 10.2.2.1:40001 (MP_JOIN with the server's token);
  - 8 data segments of 1000 bytes on the two subflows, DSS with 8-byte DSNs;
  - segment 4 (sent on subflow 2) is reinjected on subflow 1, segment 6
    (sent on subflow 1) is reinjected on subflow 2: two reinjections;
  - MP_PRIO (backup) on subflow 2, REMOVE_ADDR of address 5, DATA_FIN,
    data-level ACKs, FINs.
  - A third join from 10.2.3.1:40002 is refused (RST): a failed join.
Connection B (client 10.2.1.1:40010 -> server 10.2.1.2:8000), version 0:
  - handshake, one data segment, then MP_FASTCLOSE and RST.
With --tcprst, two more connections, each reset by its client with an
MP_TCPRST (RFC 8684 subtype 8): reason 0 (unspecified error) from
10.2.1.1:40020, reason 2 (lack of resources) from 10.2.1.1:40030.
"""
import hashlib
import struct
import sys

T0 = 1700000000.0
frames = []


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def packet(t, src, sport, dst, dport, seq, ack, flags, options=b"", payload=b""):
    while len(options) % 4:
        options += b"\x01"  # NOP padding
    off = (20 + len(options)) // 4
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, off << 4, flags, 65535, 0, 0)
    tcp += options + payload
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 6, len(tcp))
    c = csum(pseudo + tcp)
    tcp = tcp[:16] + struct.pack("!H", c) + tcp[18:]
    iph = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), len(frames) + 1, 0x4000, 64, 6, 0, ip4(src), ip4(dst))
    iph = iph[:10] + struct.pack("!H", csum(iph)) + iph[12:]
    eth = b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    frames.append((T0 + t, eth + iph + tcp))


SYN, ACK, FIN, RST, PSH = 0x02, 0x10, 0x01, 0x04, 0x08


def mp(subtype_byte, body):
    return struct.pack("!BBB", 30, 3 + len(body), subtype_byte) + body


def capable(key_a, key_b=None):
    # subtype 0, version 0; flags: H (HMAC-SHA1), no checksum
    body = b"\x01" + struct.pack("!Q", key_a)
    if key_b is not None:
        body += struct.pack("!Q", key_b)
    return mp(0x00, body)


def dss(ack=None, dsn=None, ssn=0, length=0, fin=False):
    flags = 0
    body = b""
    if ack is not None:
        flags |= 0x01 | 0x02  # data ACK present, 8 octets
        body += struct.pack("!Q", ack)
    if dsn is not None:
        flags |= 0x04 | 0x08  # mapping present, DSN 8 octets
        body += struct.pack("!QIH", dsn, ssn, length)
    if fin:
        flags |= 0x10
    return mp(0x20, bytes([flags]) + body)


def join_syn(token, addr_id, backup=0):
    return mp(0x10 | backup, bytes([addr_id]) + struct.pack("!II", token, 0x11223344))


def join_synack(addr_id):
    return mp(0x10, bytes([addr_id]) + struct.pack("!QI", 0x0102030405060708, 0x55667788))


def join_ack():
    return mp(0x10, b"\x00" + bytes(range(20)))


def add_addr(addr_id, addr):
    return mp(0x34, bytes([addr_id]) + ip4(addr))  # subtype 3, IPVer 4


def remove_addr(addr_id):
    return mp(0x40, bytes([addr_id]))


def prio(backup):
    return mp(0x50 | backup, b"")


def fastclose(key):
    return mp(0x70, b"\x00" + struct.pack("!Q", key))


def keyhash(key):
    h = hashlib.sha1(struct.pack("!Q", key)).digest()
    return struct.unpack("!I", h[:4])[0], struct.unpack("!Q", h[-8:])[0]


def data(n):
    return bytes((n * 7 + i) % 256 for i in range(1000))


C, S = "10.2.1.1", "10.2.1.2"
C2, S2, C3 = "10.2.2.1", "10.2.2.2", "10.2.3.1"
KC, KS = 0x1111222233334444, 0x5555666677778888
tok_s, idsn_s = keyhash(KS)
tok_c, idsn_c = keyhash(KC)
ISN_C1, ISN_S1, ISN_C2, ISN_S2 = 1000, 5000, 20000, 90000

# --- connection A, subflow 1 ---
packet(0.000, C, 40000, S, 8000, ISN_C1, 0, SYN, capable(KC))
packet(0.001, S, 8000, C, 40000, ISN_S1, ISN_C1 + 1, SYN | ACK, capable(KS))
packet(0.002, C, 40000, S, 8000, ISN_C1 + 1, ISN_S1 + 1, ACK, capable(KC, KS))
packet(0.003, S, 8000, C, 40000, ISN_S1 + 1, ISN_C1 + 1, ACK, dss(ack=idsn_c + 1) + add_addr(5, S2))
# --- subflow 2 joins the server's announced address ---
packet(0.010, C2, 40001, S2, 8000, ISN_C2, 0, SYN, join_syn(tok_s, 2))
packet(0.011, S2, 8000, C2, 40001, ISN_S2, ISN_C2 + 1, SYN | ACK, join_synack(5))
packet(0.012, C2, 40001, S2, 8000, ISN_C2 + 1, ISN_S2 + 1, ACK, join_ack())
packet(0.013, S2, 8000, C2, 40001, ISN_S2 + 1, ISN_C2 + 1, ACK, dss(ack=idsn_c + 1))
# --- a third join is refused ---
packet(0.014, C3, 40002, S, 8000, 30000, 0, SYN, join_syn(tok_s, 3))
packet(0.015, S, 8000, C3, 40002, 0, 30001, RST | ACK)

# Data: segment n covers DSN 1 + 1000 n .. relative; subflow sequence numbers count per subflow.
sent = {1: 1, 2: 1}  # next relative subflow sequence number


def send(t, sf, n):
    src, sport, isn = (C, 40000, ISN_C1) if sf == 1 else (C2, 40001, ISN_C2)
    dst = S if sf == 1 else S2
    ssn = sent[sf]
    sent[sf] += 1000
    rel_dsn = 1 + 1000 * n
    packet(t, src, sport, dst, 8000, isn + ssn, (ISN_S1 if sf == 1 else ISN_S2) + 1, ACK | PSH,
           dss(ack=idsn_s + 1, dsn=idsn_c + rel_dsn, ssn=ssn, length=1000), data(n))


def ack(t, sf, upto_dsn_rel):
    src, dport, isn_s, isn_c = (S, 40000, ISN_S1, ISN_C1) if sf == 1 else (S2, 40001, ISN_S2, ISN_C2)
    dst = C if sf == 1 else C2
    packet(t, src, 8000, dst, dport, isn_s + 1, isn_c + sent[sf], ACK, dss(ack=idsn_c + upto_dsn_rel))


send(0.020, 1, 0)
send(0.021, 2, 1)
send(0.022, 1, 2)
send(0.023, 2, 3)
ack(0.030, 1, 1001)
ack(0.031, 2, 2001)
ack(0.032, 1, 3001)
send(0.040, 2, 4)          # lost on the way: never acknowledged at data level
send(0.041, 1, 5)
send(0.042, 1, 6)
send(0.060, 1, 4)          # reinjection of segment 4 on subflow 1
send(0.061, 2, 6)          # reinjection of segment 6 on subflow 2
send(0.062, 1, 7)
ack(0.070, 1, 8001)
packet(0.071, C2, 40001, S2, 8000, ISN_C2 + sent[2], ISN_S2 + 1, ACK, prio(1))
packet(0.072, C, 40000, S, 8000, ISN_C1 + sent[1], ISN_S1 + 1, ACK, remove_addr(5))
# DATA_FIN (no data): ssn 0, length 1, at DSN 8001
packet(0.080, C, 40000, S, 8000, ISN_C1 + sent[1], ISN_S1 + 1, ACK,
       dss(ack=idsn_s + 1, dsn=idsn_c + 8001, ssn=0, length=1, fin=True))
packet(0.081, S, 8000, C, 40000, ISN_S1 + 1, ISN_C1 + sent[1], ACK, dss(ack=idsn_c + 8002))
for sf in (1, 2):  # one subflow after the other, in time order
    src, sport, dst, isn_c, isn_s = (C, 40000, S, ISN_C1, ISN_S1) if sf == 1 else (C2, 40001, S2, ISN_C2, ISN_S2)
    t = 0.080 + sf * 0.010
    packet(t + 0.001, src, sport, dst, 8000, isn_c + sent[sf], isn_s + 1, FIN | ACK)
    packet(t + 0.002, dst, 8000, src, sport, isn_s + 1, isn_c + sent[sf] + 1, FIN | ACK)
    packet(t + 0.003, src, sport, dst, 8000, isn_c + sent[sf] + 1, isn_s + 2, ACK)

# --- connection B: fast close ---
KC2, KS2 = 0x0123456789ABCDEF, 0x0FEDCBA987654321
tok_s2, idsn_s2 = keyhash(KS2)
tok_c2, idsn_c2 = keyhash(KC2)
packet(0.200, C, 40010, S, 8000, 7000, 0, SYN, capable(KC2))
packet(0.201, S, 8000, C, 40010, 8000, 7001, SYN | ACK, capable(KS2))
packet(0.202, C, 40010, S, 8000, 7001, 8001, ACK, capable(KC2, KS2))
packet(0.203, C, 40010, S, 8000, 7001, 8001, ACK | PSH,
       dss(ack=idsn_s2 + 1, dsn=idsn_c2 + 1, ssn=1, length=1000), data(99))
packet(0.204, S, 8000, C, 40010, 8001, 8001, ACK, fastclose(KC2))
packet(0.205, C, 40010, S, 8000, 8001, 0, RST)

# --- with --tcprst: connections reset with MP_TCPRST, reasons 0 and 2 ---
if "--tcprst" in sys.argv[2:]:
    for i, reason in enumerate((0, 2)):
        kc, ks, port, t = 0x2222000000000001 + i, 0x3333000000000001 + i, 40020 + 10 * i, 0.300 + 0.01 * i
        packet(t, C, port, S, 8000, 9000, 0, SYN, capable(kc))
        packet(t + 0.001, S, 8000, C, port, 9500, 9001, SYN | ACK, capable(ks))
        packet(t + 0.002, C, port, S, 8000, 9001, 9501, ACK, capable(kc, ks))
        packet(t + 0.003, C, port, S, 8000, 9001, 9501, RST | ACK, mp(0x80, bytes([reason])))

with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for t, b in frames:
        sec = int(t)
        usec = int(round((t - sec) * 1e6))
        f.write(struct.pack("<IIII", sec, usec, len(b), len(b)))
        f.write(b)
