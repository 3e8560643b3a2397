#!/usr/bin/env python3
"""make-thinning.py - write a big TCP capture of known structure, for the thinning tests.

One TCP stream, 10.0.0.1:40000 -> 10.0.0.2:5201: the handshake, then
DATA segments of 1000 bytes, each answered by an ACK 15 us later, a packet
every 15 us; a 1-second pause (nothing either way) before segment DATA/3;
at segment 2*DATA/3 a burst: 100 segments whose ACKs are missing, the 100
sent again (retransmissions), then one ACK for all; then the FINs. Only the
headers are captured (snaplen 54): the file stays small, tshark still reads
the lengths. Run: python3 make-thinning.py OUT.pcap [DATA] (default 220,000:
over 440,000 packets, past the 400,000 points a plot keeps unthinned).
Deterministic: the same bytes on every run.
"""
import struct
import sys

OUT = sys.argv[1]
DATA = int(sys.argv[2]) if len(sys.argv) > 2 else 220000
T0 = 1700000000 * 1000000  # microseconds
LEN = 1000
STEP = 30  # us between segments; the ACK at half of it
STALL_AT, STALL_US = DATA // 3, 1000000
BURST_AT, BURST = 2 * DATA // 3, 100
A, B = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
PA, PB = 40000, 5201
MAC_A, MAC_B = bytes.fromhex("020000000001"), bytes.fromhex("020000000002")
ISN_A, ISN_B = 1000, 5000
SYN, ACK, FIN = 0x02, 0x10, 0x01


def frame(t_us, src_is_a, seq, ack, flags, plen):
    src, dst = (A, B) if src_is_a else (B, A)
    sp, dp = (PA, PB) if src_is_a else (PB, PA)
    tcp = struct.pack("!HHIIBBHHH", sp, dp, seq & 0xFFFFFFFF, ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + 20 + plen, 1, 0x4000, 64, 6, 0, src, dst)
    eth = (MAC_B + MAC_A if src_is_a else MAC_A + MAC_B) + b"\x08\x00"
    pkt = eth + ip + tcp
    return struct.pack("<IIII", t_us // 1000000, t_us % 1000000, len(pkt), len(pkt) + plen) + pkt


def main():
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 54, 1)]
    t = T0
    out.append(frame(t, True, ISN_A, 0, SYN, 0))
    out.append(frame(t + 100, False, ISN_B, ISN_A + 1, SYN | ACK, 0))
    out.append(frame(t + 200, True, ISN_A + 1, ISN_B + 1, ACK, 0))
    t += 300
    seq0 = ISN_A + 1
    i = 0
    while i < DATA:
        if i == STALL_AT:
            t += STALL_US
        if i == BURST_AT:
            for rnd in range(2):  # the burst, then the same segments again
                for k in range(BURST):
                    out.append(frame(t, True, seq0 + (i + k) * LEN, ISN_B + 1, ACK, LEN))
                    t += STEP
            out.append(frame(t, False, ISN_B + 1, seq0 + (i + BURST) * LEN, ACK, 0))
            t += STEP
            i += BURST
            continue
        out.append(frame(t, True, seq0 + i * LEN, ISN_B + 1, ACK, LEN))
        out.append(frame(t + STEP // 2, False, ISN_B + 1, seq0 + (i + 1) * LEN, ACK, 0))
        t += STEP
        i += 1
    end = seq0 + DATA * LEN
    out.append(frame(t, True, end, ISN_B + 1, FIN | ACK, 0))
    out.append(frame(t + 100, False, ISN_B + 1, end + 1, FIN | ACK, 0))
    out.append(frame(t + 200, True, end + 1, ISN_B + 2, ACK, 0))
    with open(OUT, "wb") as f:
        f.write(b"".join(out))


main()
