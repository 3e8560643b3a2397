#!/usr/bin/env python3
"""make-scan-capture.py OUT BUSY SCAN - a pcap of one busy TCP flow and a port scan.

BUSY packets from 10.0.0.1:5001 to 10.0.0.2:40000, evenly over 20 s; then SCAN
SYNs of one packet each from 10.0.0.9:33333 to 10.0.0.2, ports 1..SCAN, 0.1 ms
apart from 10 s on. Ethernet, microsecond timestamps, in time order.
"""
import struct
import sys


def ip(a):
    return bytes(int(x) for x in a.split('.'))


def record(ts_us, src, dst, sport, dport, flags):
    tcp = struct.pack('!HHIIBBHHH', sport, dport, 1, 0, 5 << 4, flags, 65535, 0, 0)
    iph = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 0, 0, 64, 6, 0, ip(src), ip(dst))
    frame = b'\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x01\x08\x00' + iph + tcp
    return struct.pack('<IIII', ts_us // 1000000, ts_us % 1000000, len(frame), len(frame)) + frame


def main():
    out, busy, scan = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    t0 = 1700000000 * 1000000
    events = [(t0 + i * 20000000 // busy, '10.0.0.1', '10.0.0.2', 5001, 40000, 0x10) for i in range(busy)]
    events += [(t0 + 10000000 + p * 100 + 30, '10.0.0.9', '10.0.0.2', 33333, p, 0x02)
               for p in range(1, scan + 1)]
    events.sort()
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        f.write(b''.join(record(*e) for e in events))


main()
