#!/bin/sh
# fuzz.sh - run the native reader's libFuzzer targets (built by `make fuzz`) for SECONDS each.
# Corpora live under build-fuzz/corpus/, seeded from tests/data and the samples; crashes
# land in build-fuzz/artifacts/. A crash found becomes a file in tests/fuzz/regressions/TARGET/,
# which `make check` replays (tests/unit/test-native.c).
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
B=build-fuzz
mkdir -p "$B/corpus/decode" "$B/corpus/capfile" "$B/seeds/decode" "$B/seeds/capfile" "$B/artifacts"

# Whole files for the capfile target.
cp tests/data/*.pcap* samples/small.pcap.gz samples/bad/*.pcap* samples/bad/*.pcapng "$B/seeds/capfile/"
# Single packets for the decode target: [link type selector][0][bytes], as harness.c reads them.
python3 - "$B/seeds/decode" tests/data/*.pcap <<'PY'
import os, struct, sys
sel = {1: 0, 0: 1, 101: 2, 108: 3, 113: 4, 228: 5, 229: 6, 276: 7}
out = sys.argv[1]
for path in sys.argv[2:]:
    b = open(path, "rb").read()
    e = "<" if b[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    lt = struct.unpack(e + "I", b[20:24])[0]
    if lt not in sel:
        continue
    off, n = 24, 0
    while off + 16 <= len(b):
        cap = struct.unpack(e + "I", b[off + 8:off + 12])[0]
        pkt = b[off + 16:off + 16 + cap]
        open(os.path.join(out, "%s-%d" % (os.path.basename(path), n)), "wb").write(bytes([sel[lt], 0]) + pkt)
        off += 16 + cap
        n += 1
PY

status=0
for t in decode capfile; do
	max=4096
	[ "$t" = capfile ] && max=65536
	echo "fuzz.sh: $t for ${SECONDS_EACH}s"
	"$B/fuzz-$t" -max_total_time="$SECONDS_EACH" -max_len="$max" -artifact_prefix="$B/artifacts/$t-" \
		-print_final_stats=1 "$B/corpus/$t" "$B/seeds/$t" "tests/fuzz/regressions/$t" || status=$?
done
ls "$B/artifacts" | sed 's/^/fuzz.sh: artifact: /'
exit "$status"
