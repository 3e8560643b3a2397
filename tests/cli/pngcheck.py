#!/usr/bin/env python3
"""pngcheck.py [--size | --count RRGGBB...] FILE - print "WIDTH HEIGHT COLOURS" of a PNG (--size: "WIDTH HEIGHT";
--count: the number of pixels of each colour given, one line each), standard library only."""
import struct
import sys
import zlib


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def main(path, size_only=False, count=None):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat, hdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    width, height, depth, ctype, _, _, interlace = hdr
    if size_only:
        print(width, height)
        return
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    if depth != 8 or interlace:
        sys.exit(f"{path}: only 8-bit non-interlaced images are read here")
    raw = zlib.decompress(idat)
    stride = width * channels
    prev = bytearray(stride)
    colours = set()
    wanted = {bytes.fromhex(c.lstrip("#")): 0 for c in count or []}
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 255
        for x in range(0, stride, channels):
            px = bytes(line[x:x + channels])
            colours.add(px)
            if px[:3] in wanted and (channels < 4 or px[3] == 255):
                wanted[px[:3]] += 1
        prev = line
    if count is not None:
        for c in count:
            print(c, wanted[bytes.fromhex(c.lstrip("#"))])
        return
    print(width, height, len(colours))


if __name__ == "__main__":
    if sys.argv[1] == "--size":
        main(sys.argv[2], True)
    elif sys.argv[1] == "--count":
        main(sys.argv[-1], count=sys.argv[2:-1])
    else:
        main(sys.argv[1])
