#!/bin/sh
# demo.sh - the main job on the bundled samples: summary, conversations, endpoints, and the HTML report.
set -eu
cd "$(dirname "$0")/.."
BIN=${CAPREPORT:-build/capreport}
OUT=demo-output
mkdir -p "$OUT"
# Work on copies so the caches land in the output folder, not in samples/.
for f in samples/*.pcap samples/*.pcapng samples/*.gz; do
	[ -e "$f" ] && cp "$f" "$OUT/"
done
for f in "$OUT"/*.pcap "$OUT"/*.pcapng "$OUT"/*.gz; do
	[ -e "$f" ] || continue
	name=$(basename "$f")
	echo "== $name"
	"$BIN" -q info "$f" | sed -n '1,12p'
	"$BIN" -q conversations --top 5 "$f"
	"$BIN" -q conversations -f csv -o "$OUT/$name.conversations.csv" "$f"
	"$BIN" -q endpoints -f csv -o "$OUT/$name.endpoints.csv" "$f"
	"$BIN" -q endpoints -f json -o "$OUT/$name.endpoints.json" "$f"
	echo
done
echo "demo: tables written under $PWD/$OUT/"
# The report of every capture; exit 7 means gnuplot is missing: tables and pages are written all the same.
status=0
"$BIN" -q report -o demo-report "$OUT"/*.pcapng "$OUT"/*.pcap "$OUT"/*.gz || status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 7 ]
echo "demo: open the report above in a browser (it needs no server)"
