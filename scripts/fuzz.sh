#!/bin/sh
# fuzz.sh - run every libFuzzer target (built by `make fuzz`) for SECONDS each, at low priority.
# Targets: decode and capfile (the native reader), csv (the CSV reader), tcpdump (the tcpdump
# text parser), template (the HTML and gnuplot template renderers).
# Corpora grow under build-fuzz/corpus/, seeded from tests/data, the samples, the templates and
# tests/fuzz/corpus/; crashes land in build-fuzz/artifacts/. A crash found becomes a file in
# tests/fuzz/regressions/TARGET/ (decode, capfile: replayed by tests/unit/test-native.c) or in
# tests/fuzz/corpus/TARGET/ (csv, tcpdump, template: replayed by tests/cli/fuzz-replay.bats).
# The last lines say how many inputs each target ran.
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
B=build-fuzz
TARGETS=${FUZZ_TARGETS:-decode capfile csv tcpdump template}
mkdir -p "$B/seeds/decode" "$B/seeds/capfile" "$B/artifacts" "$B/logs"
for t in $TARGETS; do mkdir -p "$B/corpus/$t"; done

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
for t in $TARGETS; do
	case "$t" in
	decode) max=4096 seeds="$B/seeds/decode tests/fuzz/regressions/decode" ;;
	capfile) max=65536 seeds="$B/seeds/capfile tests/fuzz/regressions/capfile" ;;
	csv) max=65536 seeds=tests/fuzz/corpus/csv ;;
	tcpdump) max=20000 seeds=tests/fuzz/corpus/tcpdump ;;
	template) max=8192 seeds=tests/fuzz/corpus/template ;;
	*) echo "fuzz.sh: unknown target '$t'" >&2; exit 2 ;;
	esac
	echo "fuzz.sh: $t for ${SECONDS_EACH}s"
	# shellcheck disable=SC2086
	nice -n 10 "$B/fuzz-$t" -max_total_time="$SECONDS_EACH" -max_len="$max" -artifact_prefix="$B/artifacts/$t-" \
		-print_final_stats=1 "$B/corpus/$t" $seeds 2>"$B/logs/$t.log" || status=$?
	tail -n 12 "$B/logs/$t.log"
done
for t in $TARGETS; do
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/logs/$t.log" | tail -1)
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$B/logs/$t.log" | tail -1)
	echo "fuzz.sh: $t: ${runs:-?} inputs in ${secs:-?} s, corpus $(find "$B/corpus/$t" -mindepth 1 -maxdepth 1 -name '[!.]*' | wc -l) files"
done
find "$B/artifacts" -mindepth 1 -maxdepth 1 -name '[!.]*' -printf 'fuzz.sh: artifact: %f\n' | sort
exit "$status"
