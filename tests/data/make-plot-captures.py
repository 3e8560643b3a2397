#!/usr/bin/env python3
"""make-plot-captures.py - pcaps for the plot tests (tests/cli/plots2.bats).

  make-plot-captures.py scan OUT BUSY SCAN
      BUSY packets from 10.0.0.1:5001 to 10.0.0.2:40000, evenly over 20 s; then SCAN
      SYNs of one packet each from 10.0.0.9:33333 to 10.0.0.2, ports 1..SCAN, 0.1 ms
      apart from 10 s on.
  make-plot-captures.py gap OUT
      one TCP stream 10.0.0.1:5001 -> 10.0.0.2:40000: a handshake, 1000-byte segments
      every 10 ms for 2 s, each ACKed, 5 s of silence, 2 s more, then FINs.
Ethernet, microsecond timestamps, in time order.
"""
import struct
import sys

A, B = ('10.0.0.1', 5001), ('10.0.0.2', 40000)


def ip(a):
    return bytes(int(x) for x in a.split('.'))


def record(ts_us, src, dst, sport, dport, flags, seq=1, ack=0, payload=0):
    tcp = struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + b'\0' * payload
    iph = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 0, 0, 64, 6, 0, ip(src), ip(dst))
    frame = b'\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x01\x08\x00' + iph + tcp
    return struct.pack('<IIII', ts_us // 1000000, ts_us % 1000000, len(frame), len(frame)) + frame


def scan(busy, ports):
    t0 = 1700000000 * 1000000
    events = [(t0 + i * 20000000 // busy, A[0], B[0], A[1], B[1], 0x10) for i in range(busy)]
    events += [(t0 + 10000000 + p * 100 + 30, '10.0.0.9', B[0], 33333, p, 0x02) for p in range(1, ports + 1)]
    events.sort()
    return [record(*e) for e in events]


def gap():
    t = 1700000000 * 1000000
    ab, ba = (A[0], B[0], A[1], B[1]), (B[0], A[0], B[1], A[1])
    out = [record(t, *ab, 0x02, seq=0), record(t + 1000, *ba, 0x12, seq=0, ack=1),
           record(t + 2000, *ab, 0x10, seq=1, ack=1)]
    seq = 1
    for start in (10000, 7010000):
        for i in range(200):
            ts = t + start + i * 10000
            out.append(record(ts, *ab, 0x18, seq=seq, ack=1, payload=1000))
            seq += 1000
            out.append(record(ts + 1000, *ba, 0x10, seq=1, ack=seq))
    end = t + 9100000
    out += [record(end, *ab, 0x11, seq=seq, ack=1), record(end + 1000, *ba, 0x11, seq=1, ack=seq + 1),
            record(end + 2000, *ab, 0x10, seq=seq + 1, ack=2)]
    return out


def main():
    kind, out = sys.argv[1], sys.argv[2]
    records = scan(int(sys.argv[3]), int(sys.argv[4])) if kind == 'scan' else gap()
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        f.write(b''.join(records))


main()
