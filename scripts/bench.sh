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
ratio() { echo "scale=3; $1 / $2" | bc; }

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
	run "capreport conversations, warm cache" "$BIN" -q conversations "$CAP"
	run "capreport endpoints, warm cache" "$BIN" -q endpoints "$CAP"
	run "capreport info, warm cache" "$BIN" -q info "$CAP"
}

# ---- TCP and MPTCP: lists and summaries on a real MPTCP capture ----
# own_rss CMD...: the peak resident set of the command's own process (VmHWM,
# sampled every 20 ms), without the children it waits for (tshark --version).
own_rss() {
	local pid hwm=0 v
	"$@" >/dev/null 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		v=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null) && [ -n "$v" ] && hwm=$v
		sleep 0.02
	done
	wait "$pid"
	echo $((hwm / 1024))
}

mptcp_capture() {
	local out=$DATA/mptcp-$WANT.pcapng cur n span
	if [ ! -s "$out" ]; then
		echo "bench: building an MPTCP capture of at least $WANT packets in $out" >&2
		if [ "$(id -u)" -eq 0 ] && scripts/make-mptcp-captures.sh bench "$WANT" "$out" >&2; then
			:
		else
			# no namespaces here: samples/mptcp.pcapng replicated by time-shifting
			cur=$DATA/mstep.pcapng
			cp samples/mptcp.pcapng "$cur"
			n=$(capinfos -M -c "$cur" | sed -n 's/^Number of packets: *//p')
			while [ "$n" -lt "$WANT" ]; do
				span=$(capinfos -M -u "$cur" | sed -n 's/^Capture duration: *\([0-9.]*\).*/\1/p')
				editcap -t "$(echo "$span + 1" | bc)" "$cur" "$DATA/mshift.pcapng"
				mergecap -a -w "$DATA/mnext.pcapng" "$cur" "$DATA/mshift.pcapng"
				mv "$DATA/mnext.pcapng" "$cur"
				n=$((n * 2))
			done
			rm -f "$DATA/mshift.pcapng"
			mv "$cur" "$out"
			echo "replicated" >"$out.how"
		fi
	fi
	echo "$out"
}

bench_tcpmptcp() {
	local cap fields=() tfields=() c
	cap=$(mptcp_capture)
	MPTCP_PACKETS=$(capinfos -M -c "$cap" | sed -n 's/^Number of packets: *//p')
	MPTCP_HOW="mptcpize run iperf3 -P 4 between network namespaces"
	[ -e "$cap.how" ] && MPTCP_HOW="samples/mptcp.pcapng replicated by time-shifting"
	while IFS= read -r a; do fields+=("$a"); done < <("$BIN" export --profile mptcp --print-tshark-argv "$cap" | tail -n +2)
	while IFS= read -r a; do tfields+=("$a"); done < <("$BIN" export --profile tcp --print-tshark-argv "$cap" | tail -n +2)
	run "tshark field export (mptcp profile)" env WIRESHARK_CONFIG_DIR="$(mktemp -d)" tshark "${fields[@]}"
	run "tshark field export (tcp profile)" env WIRESHARK_CONFIG_DIR="$(mktemp -d)" tshark "${tfields[@]}"
	for c in "mptcp list" "mptcp summary all" "tcp list"; do
		rm -f "$cap".*.csv "$cap".*.manifest
		# shellcheck disable=SC2086
		run "capreport $c, cold" "$BIN" -q $c "$cap"
		# shellcheck disable=SC2086
		run "capreport $c, warm" "$BIN" -q $c "$cap"
		# shellcheck disable=SC2086
		echo "$c|$(own_rss "$BIN" -q $c "$cap")" >>"$DATA/own-rss.txt"
	done
}

: >"$DATA/own-rss.txt"
bench_foundation
bench_tcpmptcp

{
	echo "Capture: $PACKETS packets, $((SIZE / 1024 / 1024)) MiB ($(basename "$CAP")), $(nproc) cores."
	echo
	echo "| run | seconds | peak RSS MiB |"
	echo "|---|---:|---:|"
	while IFS='|' read -r n s m; do echo "| $n | $s | $m |"; done <"$RESULTS"
	echo
	t=$(secs "tshark field export (ip profile)")
	c=$(secs "capreport export, cold")
	echo "Cold export / tshark alone: $(ratio "$c" "$t")"
	echo
	echo "TCP/MPTCP capture: $MPTCP_PACKETS packets ($MPTCP_HOW)."
	t=$(secs "tshark field export (mptcp profile)")
	for c in "mptcp list" "mptcp summary all"; do
		echo "capreport $c cold / tshark mptcp export: $(ratio "$(secs "capreport $c, cold")" "$t")"
	done
	echo "capreport tcp list cold / tshark tcp export: $(ratio "$(secs "capreport tcp list, cold")" \
		"$(secs "tshark field export (tcp profile)")")"
	while IFS='|' read -r n m; do echo "capreport $n: own peak RSS $m MiB (VmHWM, without tshark)"; done <"$DATA/own-rss.txt"
} | tee "$DATA/bench.md"
