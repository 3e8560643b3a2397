#!/usr/bin/env python3
"""compare-rows.py - compare tshark's and the native engine's ip-profile exports row by row.

Usage: compare-rows.py TSHARK.csv NATIVE.csv
       compare-rows.py --protocols TSHARK.csv
Every column must be equal, byte for byte, in every row, with one
documented exception: frame.protocols. The native engine names only the
layers in LAYERS below, so its string must equal tshark's cut before the
first layer that is not one of them (tshark's "eth:ethertype:ip:udp:dns"
becomes "eth:ethertype:ip:udp"). Exit 0 when they agree; else each
difference on stdout (at most 20) and exit 1.
With --protocols: what the native `info` protocol table must say for this
capture, from tshark's rows: "layer,packets,bytes" per highest kept layer.
"""
import csv
import sys

# The layers the native engine writes (src/decode.c, cr_decode_layers).
LAYERS = {"eth", "ethertype", "vlan", "ieee8021ad", "sll", "raw", "null", "arp", "ip", "ipv6",
          "ipv6.hopopts", "ipv6.routing", "ipv6.dstopts", "ipv6.fraghdr", "ah", "esp", "gre",
          "tcp", "mptcp", "udp", "icmp", "icmpv6", "l2tp", "ppp", "pppoes"}


def cut(protocols):
    out = []
    for layer in protocols.split(":") if protocols else []:
        if layer not in LAYERS:
            break
        out.append(layer)
    return ":".join(out)


def protocols(path):
    count = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            kept = cut(row["frame.protocols"])
            top = kept.split(":")[-1] if kept else "unknown"
            p, b = count.get(top, (0, 0))
            count[top] = (p + 1, b + int(row["frame.len"]))
    for k, (p, b) in sorted(count.items()):
        print("%s,%d,%d" % (k, p, b))
    return 0


def main():
    if sys.argv[1] == "--protocols":
        return protocols(sys.argv[2])
    with open(sys.argv[1], newline="") as f:
        theirs = list(csv.reader(f))
    with open(sys.argv[2], newline="") as f:
        ours = list(csv.reader(f))
    bad = []
    if not theirs or theirs[0] != ours[0]:
        bad.append("headers differ: %r / %r" % (theirs[0] if theirs else None, ours[0] if ours else None))
    if len(theirs) != len(ours):
        bad.append("row counts differ: tshark %d, native %d" % (len(theirs) - 1, len(ours) - 1))
    names = theirs[0] if theirs else []
    for t, o in zip(theirs[1:], ours[1:]):
        if len(t) != len(o):
            bad.append("frame %s: %d fields / %d" % (t[0] if t else "?", len(t), len(o)))
            continue
        for name, a, b in zip(names, t, o):
            if name == "frame.protocols":
                a = cut(a)
                if any(x not in LAYERS for x in b.split(":") if b):
                    bad.append("frame %s: native names a layer it does not claim: %s" % (t[0], b))
            if a != b:
                bad.append("frame %s: %s: tshark %r, native %r" % (t[0], name, a, b))
    for line in bad[:20]:
        print(line)
    if len(bad) > 20:
        print("... and %d more" % (len(bad) - 20))
    rows = len(theirs) - 1
    if not bad:
        print("%d rows, %d columns: equal" % (rows, len(names)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
