#!/usr/bin/env python3
"""thinning-check.py - a thinned TCP plot's .dat files against every packet, as tshark dissects them.

tshark.tsv: frame.time_relative, tcp.srcport, tcp.len, tcp.seq, tcp.ack,
tcp.flags.ack, tcp.analysis.retransmission, one line per frame (-T fields).
  buckets TSV STEM SPORT    every time bucket (about the plot's pixel: a
                            power of two microseconds, about a 1000th of the
                            stream, from its first packet) that holds segments
                            from SPORT or ACKs to it holds a point in
                            STEM.seg/.rtx and STEM.ack, with the same lowest
                            and highest value (M4); none drawn in an empty one
  stalls TSV STEM SPORT     the gaps of over 0.2 s, segments and ACKs, equal
  tput TSV STEM SPORT       every row of STEM.dat (time throughput goodput)
                            equals the rate over (t - W, t] of every packet,
                            W read from STEM's .gp
  rtx TSV STEM SPORT        the retransmissions drawn are tshark's, time and seq
Prints what differs and exits 1; prints a one-line summary and exits 0 otherwise.
"""
import re
import sys


def read_tsv(path, sport):
    data, acks = [], []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        t, sp, ln, seq, ack, aflag, rtx = float(f[0]), int(f[1]), int(f[2] or 0), f[3], f[4], f[5], f[6]
        if sp == sport and ln > 0:
            data.append((t, int(seq), ln, rtx != ""))
        elif sp != sport and aflag in ("1", "True"):
            acks.append((t, int(ack)))
    return data, acks


def read_dat(path):
    rows = []
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        rows.append([float(x) for x in line.split()])
    return rows


def fail(msgs):
    for m in msgs[:20]:
        print(m)
    print("%d differences" % len(msgs))
    sys.exit(1)


def buckets(data, acks, stem):
    seg = read_dat(stem + ".seg.dat") + read_dat(stem + ".rtx.dat")
    ack = read_dat(stem + ".ack.dat")
    end = max(t for t, *_ in data + acks)
    width = 1  # us
    while width < end * 1e6 / 1000:
        width *= 2
    msgs = []
    for name, full, thin in (("segments", [(t, s) for t, s, _, _ in data], [(r[0], r[1]) for r in seg]),
                             ("ACKs", acks, [(r[0], r[1]) for r in ack])):
        def per_bucket(pts):
            b = {}
            for t, y in pts:
                k = round(t * 1e6) // width
                lo, hi = b.get(k, (y, y))
                b[k] = (min(lo, y), max(hi, y))
            return b
        fb, tb = per_bucket(full), per_bucket(thin)
        for k in sorted(fb):
            if k not in tb:
                msgs.append("%s: bucket %d (%.6f s) has %s in the capture, none drawn" % (name, k, k * width / 1e6, name))
            elif tb[k] != fb[k]:
                msgs.append("%s: bucket %d lowest/highest %s drawn, %s in the capture" % (name, k, tb[k], fb[k]))
        for k in sorted(set(tb) - set(fb)):
            msgs.append("%s: bucket %d drawn, empty in the capture" % (name, k))
    if msgs:
        fail(msgs)
    print("%d segments and %d ACKs: every bucket of %d us drawn with its lowest and highest value" %
          (len(data), len(acks), width))


def gaps(times):
    times = sorted(times)
    return [(round(a, 6), round(b - a, 6)) for a, b in zip(times, times[1:]) if b - a > 0.2]


def stalls(data, acks, stem):
    seg = read_dat(stem + ".seg.dat") + read_dat(stem + ".rtx.dat")
    ack = read_dat(stem + ".ack.dat")
    msgs = []
    for name, full, thin in (("segments", [d[0] for d in data], [r[0] for r in seg]),
                             ("ACKs", [a[0] for a in acks], [r[0] for r in ack])):
        if gaps(full) != gaps(thin):
            msgs.append("%s: gaps over 0.2 s drawn %s, in the capture %s" % (name, gaps(thin), gaps(full)))
    if msgs:
        fail(msgs)
    print("gaps %s" % gaps([d[0] for d in data]))


def fresh_bytes(data):
    """Each segment's payload bytes whose sequence numbers were not seen before (goodput)."""
    ivs, out = [], []
    for _, seq, ln, _ in data:
        lo, hi, new, keep = seq, seq + ln, ln, []
        for a, b in ivs:
            if b < lo or a > hi:
                keep.append((a, b))
            else:
                new -= max(0, min(b, seq + ln) - max(a, seq))
                lo, hi = min(a, lo), max(b, hi)
        ivs = sorted(keep + [(lo, hi)])
        out.append(new)
    return out


def tput(data, stem):
    gp = open(stem + ".gp").read()
    window = float(re.search(r"window ([0-9.e+-]+) s", gp).group(1))
    w_ns = round(window * 1e9)
    pkts = [(round(d[0] * 1e9), d[2], f) for d, f in zip(data, fresh_bytes(data))]
    rows = read_dat(stem + ".tput.dat")
    msgs = []
    lo = hi = 0
    tot = good = 0
    for r in rows:
        t_ns = round(r[0] * 1e9)
        # every packet in (t - W, t]: a sliding sum
        while hi < len(pkts) and pkts[hi][0] <= t_ns:
            tot += pkts[hi][1]
            good += pkts[hi][2]
            hi += 1
        while lo < hi and pkts[lo][0] <= t_ns - w_ns:
            tot -= pkts[lo][1]
            good -= pkts[lo][2]
            lo += 1
        span = w_ns / 1e9  # a window's rate is its bytes over its length, the first windows too
        for name, got, want in (("throughput", r[1], tot * 8 / span), ("goodput", r[2], good * 8 / span)):
            if abs(got - want) > 1e-6 * max(want, 1):
                msgs.append("%s at %.9f s: %.1f drawn, %.1f from every packet" % (name, r[0], got, want))
    if msgs or not rows:
        fail(msgs or ["no rows"])
    print("%d rows, window %g s, the highest %.1f Mbit/s" % (len(rows), window, max(r[1] for r in rows) / 1e6))


def rtx(data, stem):
    drawn = sorted((round(r[0], 6), int(r[1])) for r in read_dat(stem + ".rtx.dat"))
    theirs = sorted((round(t, 6), s) for t, s, _, r in data if r)
    if drawn != theirs or not theirs:
        fail(["%d retransmissions drawn, tshark flags %d" % (len(drawn), len(theirs))] +
             ["tshark only: %s" % (x,) for x in sorted(set(theirs) - set(drawn))] +
             ["drawn only: %s" % (x,) for x in sorted(set(drawn) - set(theirs))])
    print("%d retransmissions, all drawn" % len(drawn))


def main():
    what, tsv, stem, sport = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    data, acks = read_tsv(tsv, sport)
    if what == "buckets":
        buckets(data, acks, stem)
    elif what == "stalls":
        stalls(data, acks, stem)
    elif what == "tput":
        tput(data, stem)
    else:
        rtx(data, stem)


main()
