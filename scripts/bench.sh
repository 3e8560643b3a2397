#!/bin/bash
# bench.sh - speed and memory against tshark, side by side in one run. Prints a Markdown table.
# Usage: scripts/bench.sh [PACKETS]   (default 1000000; the capture is built once under bench-data/)
# Times are wall-clock seconds of one run each; RSS is the peak resident set (GNU time %M).
# Compare ratios, not absolute figures: this machine's timings are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${CAPREPORT:-$ROOT/build/capreport}
WANT=${1:-1000000}
DATA=$ROOT/bench-data
mkdir -p "$DATA"
export TZ=UTC LC_ALL=C

# ---- the capture: the samples replicated by doubling, shifted in time ----
big_capture() {
	local out=$DATA/big-$WANT.pcapng
	if [ ! -s "$out" ]; then
		echo "bench: building a capture of at least $WANT packets in $out" >&2
		local cur=$DATA/step.pcapng next n span
		mergecap -a -w "$cur" samples/mixed.pcapng samples/mptcp.pcapng 2>/dev/null
		n=$(capinfos -M -c "$cur" | sed -n 's/^Number of packets: *//p')
		while [ "$n" -lt "$WANT" ]; do
			span=$(capinfos -M -u "$cur" | sed -n 's/^Capture duration: *\([0-9.]*\).*/\1/p')
			editcap -t "$(echo "$span + 1" | bc)" "$cur" "$DATA/shifted.pcapng"
			next=$DATA/next.pcapng
			mergecap -a -w "$next" "$cur" "$DATA/shifted.pcapng"
			mv "$next" "$cur"
			n=$((n * 2))
		done
		rm -f "$DATA/shifted.pcapng"
		mv "$cur" "$out"
	fi
	echo "$out"
}

# run NAME CMD... : one timed run; appends "NAME|seconds|MiB" to $RESULTS
run() {
	local name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$DATA/time.txt" "$@" >/dev/null 2>"$DATA/stderr.txt" || {
		echo "bench: '$name' failed:" >&2
		cat "$DATA/stderr.txt" >&2
		return 1
	}
	read -r secs kib <"$DATA/time.txt"
	echo "$name|$secs|$((kib / 1024))" >>"$RESULTS"
	echo "bench: $name: ${secs}s, $((kib / 1024)) MiB" >&2
}

# secs NAME: the seconds of a result already run
secs() { awk -F'|' -v n="$1" '$1 == n { print $2 }' "$RESULTS"; }
ratio() { if [ "$(echo "$2 == 0" | bc)" = 1 ]; then echo n/a; else echo "scale=3; $1 / $2" | bc; fi; }

RESULTS=$DATA/results.txt
: >"$RESULTS"
CAP=$(big_capture)
PACKETS=$(capinfos -M -c "$CAP" | sed -n 's/^Number of packets: *//p')
SIZE=$(stat -c %s "$CAP")

# ---- foundation: export, cache, conversations ----
bench_foundation() {
	local fields=()
	# The same argv capreport uses, so tshark alone is the fair baseline.
	while IFS= read -r a; do fields+=("$a"); done < <("$BIN" export --print-tshark-argv "$CAP" | tail -n +2)
	run "tshark field export (ip profile)" env WIRESHARK_CONFIG_DIR="$(mktemp -d)" tshark "${fields[@]}"
	rm -f "$CAP".ip.csv "$CAP".ip.manifest
	run "capreport export, cold" "$BIN" -q export "$CAP"
	run "capreport conversations, warm cache" "$BIN" -q conversations --engine tshark "$CAP"
	run "capreport endpoints, warm cache" "$BIN" -q endpoints --engine tshark "$CAP"
	run "capreport info, warm cache" "$BIN" -q info --engine tshark "$CAP"
}

# ---- the native reader: side by side with capinfos and tshark ----
bench_native() {
	local nat=$BIN
	run "capinfos -c" capinfos -c "$CAP"
	run "tshark -q -z conv,ip" env WIRESHARK_CONFIG_DIR="$(mktemp -d)" tshark -n -q -r "$CAP" -z conv,ip
	rm -f "$CAP".ip.csv "$CAP".ip.manifest
	run "capreport conversations --engine tshark, cold" "$nat" -q conversations --engine tshark "$CAP"
	run "capreport conversations --engine native" "$nat" -q conversations --engine native "$CAP"
	run "capreport conversations --engine auto" "$nat" -q conversations "$CAP"
	run "capreport endpoints --engine native" "$nat" -q endpoints --engine native "$CAP"
	run "capreport info --engine native" "$nat" -q info --engine native "$CAP"
	run "capreport conversations --by tcp --engine native" "$nat" -q conversations --by tcp --engine native "$CAP"
	gzip -1 -c "$CAP" >"$CAP.gz"
	run "capreport conversations --engine native, gzip" "$nat" -q conversations --engine native "$CAP.gz"
	rm -f "$CAP.gz"
}

# NATIVE_ONLY=1: only the native runs (for the memory check on a 5M-packet capture).
if [ "${NATIVE_ONLY:-}" = 1 ]; then
	run "capinfos -c" capinfos -c "$CAP"
	run "capreport conversations --engine native" "$BIN" -q conversations --engine native "$CAP"
	run "capreport endpoints --engine native" "$BIN" -q endpoints --engine native "$CAP"
	run "capreport info --engine native" "$BIN" -q info --engine native "$CAP"
else
	bench_foundation
	bench_native
fi

{
	echo "Capture: $PACKETS packets, $((SIZE / 1024 / 1024)) MiB ($(basename "$CAP")), $(nproc) cores."
	echo
	echo "| run | seconds | peak RSS MiB |"
	echo "|---|---:|---:|"
	while IFS='|' read -r n s m; do echo "| $n | $s | $m |"; done <"$RESULTS"
	echo
	if [ "${NATIVE_ONLY:-}" != 1 ]; then
		t=$(secs "tshark field export (ip profile)")
		c=$(secs "capreport export, cold")
		echo "Cold export / tshark alone: $(ratio "$c" "$t")"
		n=$(secs "capreport conversations --engine native")
		echo "Native conversations / capinfos -c: $(ratio "$n" "$(secs "capinfos -c")") (target <= 3)"
		echo "tshark field export / native conversations: $(ratio "$t" "$n") (target >= 50)"
		echo "tshark -z conv,ip / native conversations: $(ratio "$(secs "tshark -q -z conv,ip")" "$n") (target >= 20)"
		echo "conversations --engine tshark (cold) / native: $(ratio "$(secs "capreport conversations --engine tshark, cold")" "$n")"
	else
		n=$(secs "capreport conversations --engine native")
		echo "Native conversations / capinfos -c: $(ratio "$n" "$(secs "capinfos -c")") (target <= 3)"
	fi
} | tee "$DATA/bench.md"
