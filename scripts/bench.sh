#!/bin/bash
# bench.sh - speed and memory against tshark, side by side in one run. Prints a Markdown table.
# Usage: scripts/bench.sh [PACKETS]   (default 1000000; the capture is built once under bench-data/)
#   BENCH_DATA=DIR: keep captures, caches and results there instead of bench-data/
#   BENCH_ONLY="tcpmptcp ...": run only those bench_* parts (the summary skips what did not run)
# Times are wall-clock seconds of one run each; RSS is the peak resident set (GNU time %M).
# Compare ratios, not absolute figures: this machine's timings are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${CAPREPORT:-$ROOT/build/capreport}
WANT=${1:-1000000}
DATA=${BENCH_DATA:-$ROOT/bench-data}
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

# run NAME CMD... : one timed run; appends "NAME|seconds|tree MiB|own MiB" to $RESULTS.
# "tree" is GNU time's peak, which counts the largest child (tshark) too;
# "own" is capreport's own VmHWM, printed by -v (empty for other programs).
run() {
	local name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$DATA/time.txt" "$@" >/dev/null 2>"$DATA/stderr.txt" || {
		echo "bench: '$name' failed:" >&2
		cat "$DATA/stderr.txt" >&2
		return 1
	}
	read -r secs kib <"$DATA/time.txt"
	own=$(sed -n 's/.*peak RSS \([0-9]*\) KiB (capreport alone).*/\1/p' "$DATA/stderr.txt")
	[ -n "$own" ] && own=$(echo "scale=1; $own / 1024" | bc)
	echo "$name|$secs|$((kib / 1024))|$own" >>"$RESULTS"
	echo "bench: $name: ${secs}s, tree $((kib / 1024)) MiB, own ${own:--} MiB" >&2
}

# secs NAME: the seconds of a result already run
secs() { awk -F'|' -v n="$1" '$1 == n { print $2 }' "$RESULTS"; }
# best NAME: a result "NAME" from the fastest of the runs "NAME #i"
best() {
	sort -t'|' -k2,2g "$RESULTS" | awk -F'|' -v n="$1" 'index($1, n " #") == 1 { sub(/ #[0-9]+$/, "", $1); print $1"|"$2"|"$3"|"$4; exit }' >>"$RESULTS.best"
	cat "$RESULTS.best" >>"$RESULTS"
	: >"$RESULTS.best"
}
# per_million NAME: seconds scaled to 1,000,000 packets
per_million() { echo "scale=3; $(secs "$1") * 1000000 / $PACKETS" | bc; }
ratio() { if [ "$(echo "$2 == 0" | bc)" = 1 ]; then echo n/a; else echo "scale=3; $1 / $2" | bc; fi; }

RESULTS=$DATA/results.txt
# ran AREA: is bench_AREA part of this run (BENCH_ONLY)?
ran() { case " ${BENCH_ONLY:-all} " in *" all "* | *" $1 "*) return 0 ;; esac; return 1; }
: >"$RESULTS"
CAP=$(big_capture)
PACKETS=$(capinfos -M -c "$CAP" | sed -n 's/^Number of packets: *//p')
SIZE=$(stat -c %s "$CAP")

# ---- foundation: export, cache, conversations ----
bench_foundation() {
	local fields=()
	# The same argv capreport uses, so tshark alone is the fair baseline.
	while IFS= read -r a; do fields+=("$a"); done < <("$BIN" export --print-tshark-argv "$CAP" | tail -n +2)
	# Alternate the two cold runs REPEAT times and keep the fastest of each:
	# the ratio is what matters and a busy machine only ever adds time.
	local i
	for i in $(seq "${REPEAT:-3}"); do
		run "tshark field export (ip profile) #$i" env WIRESHARK_CONFIG_DIR="$(mktemp -d)" tshark "${fields[@]}"
		rm -f "$CAP".ip.csv "$CAP".ip.manifest
		run "capreport export, cold #$i" "$BIN" -v export "$CAP"
	done
	best "tshark field export (ip profile)"
	best "capreport export, cold"
	# The warm-cache runs measure the CSV cache, so they stay on tshark's rows.
	run "capreport conversations, warm cache" "$BIN" -v conversations --engine tshark "$CAP"
	run "capreport endpoints, warm cache" "$BIN" -v endpoints --engine tshark "$CAP"
	run "capreport info, warm cache" "$BIN" -v info --engine tshark "$CAP"
}

# ---- XLSX: the Packets sheets (two, past 1,048,575 rows) and the whole workbook ----
# Each workbook is compared with the same rows written as CSV by the same
# reader: both from the warm cache (tshark's rows), and both read natively.
# The four alternate REPEAT times and the fastest of each is kept, as above.
bench_xlsx() {
	local i
	for i in $(seq "${REPEAT:-3}"); do
		run "capreport export -o rows.csv, warm cache #$i" "$BIN" -v export -o "$DATA/rows.csv" "$CAP"
		run "capreport workbook --engine tshark, every sheet, warm cache #$i" "$BIN" -v workbook --engine tshark -o "$DATA/full.xlsx" "$CAP"
		run "capreport export --engine native -o rows.csv #$i" "$BIN" -v export --engine native -o "$DATA/native.csv" "$CAP"
		run "capreport workbook (native reader), every sheet #$i" "$BIN" -v workbook -o "$DATA/native.xlsx" "$CAP"
	done
	best "capreport export -o rows.csv, warm cache"
	best "capreport workbook --engine tshark, every sheet, warm cache"
	best "capreport export --engine native -o rows.csv"
	best "capreport workbook (native reader), every sheet"
	run "capreport workbook --packets 0 (tables only), warm cache" "$BIN" -v workbook --engine tshark --packets 0 -o "$DATA/tables.xlsx" "$CAP"
	run "capreport workbook, every sheet, from the cached CSV" "$BIN" -v workbook -o "$DATA/full.xlsx" "$CAP.ip.csv"
	unzip -tq "$DATA/full.xlsx" >/dev/null
	unzip -tq "$DATA/native.xlsx" >/dev/null
	XLSX_SHEETS=$(unzip -l "$DATA/full.xlsx" | grep -c 'xl/worksheets/sheet[0-9]*.xml')
	XLSX_SIZE=$(stat -c %s "$DATA/full.xlsx")
	XLSX_XML=$(unzip -l "$DATA/full.xlsx" | awk '$4 ~ /worksheets\/sheet/ { s += $1 } END { print s }')
	CSV_SIZE=$(stat -c %s "$DATA/rows.csv")
	rm -f "$DATA/rows.csv" "$DATA/native.csv" "$DATA/tables.xlsx" "$DATA/full.xlsx" "$DATA/native.xlsx"
}

xlsx_summary() {
	local w x
	w=$(secs "capreport workbook --engine tshark, every sheet, warm cache")
	x=$(secs "capreport export -o rows.csv, warm cache")
	echo "Workbook with every sheet / the same rows as CSV, both from the warm cache: $(ratio "$w" "$x") (target <= 2)" \
		"($XLSX_SHEETS sheets, $((XLSX_SIZE / 1024 / 1024)) MiB, $((XLSX_XML / 1024 / 1024)) MiB of sheet XML; CSV $((CSV_SIZE / 1024 / 1024)) MiB)"
	echo "Workbook / the same rows as CSV, both read natively: $(ratio "$(secs "capreport workbook (native reader), every sheet")" \
		"$(secs "capreport export --engine native -o rows.csv")")"
	echo "capreport's own peak RSS writing the workbook: $(awk -F'|' '$1 ~ /from the cached CSV/ { print $4 }' "$RESULTS") MiB (target <= 64)"
}

# XLSX_ONLY=1: only the workbook runs.
if [ "${XLSX_ONLY:-}" = 1 ]; then
	bench_xlsx
	{
		echo "Capture: $PACKETS packets, $((SIZE / 1024 / 1024)) MiB ($(basename "$CAP")), $(nproc) cores."
		echo
		echo "| run | seconds | peak RSS, process tree (MiB) | peak RSS, capreport alone (MiB) |"
		echo "|---|---:|---:|---:|"
		while IFS='|' read -r n s m o; do echo "| $n | $s | $m | ${o:--} |"; done <"$RESULTS"
		echo
		xlsx_summary
	} | tee "$DATA/bench-xlsx.md"
	exit 0
fi

# ---- report: every table and plot, cold (no cache: tshark runs) and warm (cache present) ----
bench_report() {
	local i
	for i in $(seq "${REPEAT:-3}"); do
		rm -f "$CAP".ip.csv "$CAP".ip.manifest
		run "capreport report, cold #$i" "$BIN" -v report -o "$DATA/report" "$CAP"
	done
	best "capreport report, cold"
	run "capreport report, warm cache" "$BIN" -v report -o "$DATA/report" "$CAP"
}

# ---- timeline: tcpdump -tttt text of the capture (1,000,000 lines at most) ----
bench_timeline() {
	local text=$DATA/big-$WANT.tttt.txt
	if [ ! -s "$text" ]; then
		echo "bench: writing tcpdump -tttt -n text of the capture to $text" >&2
		# libpcap refuses a pcapng whose interfaces differ in snap length: give it pcap
		editcap -F pcap "$CAP" "$DATA/text-source.pcap"
		tcpdump -tttt -n -c 1000000 -r "$DATA/text-source.pcap" >"$text.tmp" 2>/dev/null
		rm -f "$DATA/text-source.pcap"
		mv "$text.tmp" "$text"
	fi
	TEXT_LINES=$(wc -l <"$text")
	TEXT_MIB=$(($(stat -c %s "$text") / 1024 / 1024))
	run "capreport timeline --bin 1m, tcpdump text" "$BIN" -q timeline --bin 1m --gaps-only "$text"
	run "capreport timeline --bin 1m, capture, warm cache" "$BIN" -q timeline --bin 1m --gaps-only "$CAP"
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
		# warm: the fastest of REPEAT runs (a busy machine only ever adds time)
		for i in $(seq "${REPEAT:-3}"); do
			# shellcheck disable=SC2086
			run "capreport $c, warm #$i" "$BIN" -q $c "$cap"
		done
		best "capreport $c, warm"
		# shellcheck disable=SC2086
		echo "$c|$(own_rss "$BIN" -q $c "$cap")" >>"$DATA/own-rss.txt"
	done
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
	: >"$DATA/own-rss.txt"
	ran foundation && bench_foundation
	ran native && bench_native
	ran xlsx && bench_xlsx
	ran timeline && bench_timeline
	ran report && bench_report
	ran tcpmptcp && bench_tcpmptcp
fi

{
	echo "Capture: $PACKETS packets, $((SIZE / 1024 / 1024)) MiB ($(basename "$CAP")), $(nproc) cores."
	echo
	echo "| run | seconds | peak RSS, process tree (MiB) | peak RSS, capreport alone (MiB) |"
	echo "|---|---:|---:|---:|"
	while IFS='|' read -r n s m o; do echo "| $n | $s | $m | ${o:--} |"; done <"$RESULTS"
	if [ -z "${BENCH_ONLY:-}" ]; then
		echo
		t=$(secs "tshark field export (ip profile)")
		c=$(secs "capreport export, cold")
		echo "Cold export / tshark alone: $(ratio "$c" "$t") (target <= 1.05)"
		echo "Warm conversations per 1,000,000 rows: $(per_million "capreport conversations, warm cache") s (target <= 0.5)"
		xlsx_summary
		echo "Cold report / tshark alone: $(ratio "$(secs "capreport report, cold")" "$t") (target <= 1.10)"
		echo "Warm report, all plots: $(secs "capreport report, warm cache") s (target <= 5)"
		tl=$(secs "capreport timeline --bin 1m, tcpdump text")
		tm=$(awk -F'|' '$1 == "capreport timeline --bin 1m, tcpdump text" { print $3 }' "$RESULTS")
		echo "Timeline of $TEXT_LINES lines of tcpdump -tttt text ($TEXT_MIB MiB): ${tl} s, ${tm} MiB peak" \
			"(targets for 1,000,000 lines: 1.5 s, 32 MiB)"
		echo "Timeline, text / warm cache of the capture: $(ratio "$tl" "$(secs "capreport timeline --bin 1m, capture, warm cache")")"
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
		echo "Cold export / tshark alone: $(ratio "$c" "$t")"
	fi
	ran tcpmptcp || exit 0
	echo
	echo "TCP/MPTCP capture: $MPTCP_PACKETS packets ($MPTCP_HOW)."
	t=$(secs "tshark field export (mptcp profile)")
	for c in "mptcp list" "mptcp summary all"; do
		echo "capreport $c cold / tshark mptcp export: $(ratio "$(secs "capreport $c, cold")" "$t")"
	done
	echo "capreport tcp list cold / tshark tcp export: $(ratio "$(secs "capreport tcp list, cold")" \
		"$(secs "tshark field export (tcp profile)")")"
	for c in "mptcp list" "mptcp summary all" "tcp list"; do
		echo "capreport $c, warm (fastest of ${REPEAT:-3}): $(secs "capreport $c, warm") s (target <= 1 for the lists)"
	done
	while IFS='|' read -r n m; do echo "capreport $n: own peak RSS $m MiB (VmHWM, without tshark)"; done <"$DATA/own-rss.txt"
} | tee "$DATA/bench.md"
