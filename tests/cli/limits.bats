#!/usr/bin/env bats
# limits.bats - inputs past capreport's caps: a tcpdump line over CR_TCPDUMP_LINE_MAX, a CSV field
# over the reader's 64 KiB, a capture name over the plot-title cap; and scan-like captures with
# 50,000 and 200,000 distinct source addresses: matrix, graph, talkers and throughput cut by --top, their
# memory bounded by --max-keys whatever the number of addresses, the same answer under any bound;
# | head -1 on a long table.
load helpers

setup_file() {
	copy_samples
	# scan.pcap: 50,000 UDP packets, each from its own source (10.0.0.1 ...), to 4 destinations;
	# every 7th packet goes from one of 3 busy hosts instead, so the top is not only ties.
	# scan-200k.pcap: the same with 200,000 packets.
	for n in 50000 200000; do
		make_scan "$WORK/scan-$n.pcap" $n
	done
	mv "$WORK/scan-50000.pcap" "$WORK/scan.pcap"
	mv "$WORK/scan-200000.pcap" "$WORK/scan-200k.pcap"
}

# Peak resident set (VmHWM, KiB) of a command run alone, its output discarded.
peak_kib() {
	python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
sys.exit(r.returncode) if r.returncode else print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

# ---- caps on untrusted text ----------------------------------------------------

# bats test_tags=sanitize
@test "a tcpdump line longer than 8192 bytes is read that far, with a notice; the packets still count" {
	awk 'NR == 3 { printf "    "; for (i = 0; i < 9000; i++) printf "x"; print "" } { print }' \
		"$WORK/midnight-gap.txt" >"$WORK/long-line.txt"
	run "$CAPREPORT" info -f csv "$WORK/long-line.txt"
	[ "$status" -eq 0 ]
	[[ "$output" == *"'$WORK/long-line.txt': 1 lines longer than 8192 bytes were read only that far, first at line 3"* ]]
	# the same packets as tshark counts in the capture the text was printed from
	want=$(capinfos -M -c "$WORK/midnight-gap.pcap" | sed -n 's/^Number of packets: *//p')
	[ "$(echo "$output" | awk -F, '$1 == "packets" { print $2 }')" -eq "$want" ]
}

# bats test_tags=sanitize
@test "a CSV field over 64 KiB is cut there, with a notice: the file still reads, every row counts" {
	export CAPREPORT_ENGINE=tshark
	"$CAPREPORT" -q export -o "$WORK/small.csv" "$WORK/small.pcap.gz"
	python3 - "$WORK/small.csv" "$WORK/huge-field.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
i = rows[0].index('frame.protocols')
rows[1][i] = 'eth:ethertype:ip:' + 'Z' * 100000
csv.writer(open(sys.argv[2], 'w'), lineterminator='\n').writerows(rows)
PY
	[ "$(stat -c %s "$WORK/huge-field.csv")" -gt 100000 ]
	"$CAPREPORT" -q protocols -f csv "$WORK/huge-field.csv" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	output=$(cat "$BATS_TEST_TMPDIR/out")
	# with a notice naming the file and how many fields were cut
	grep -qF "'$WORK/huge-field.csv': 1 fields longer than 64 KiB were cut to that length" "$BATS_TEST_TMPDIR/err"
	# every packet is in the table: the packets column adds up to tshark's count
	want=$(capinfos -M -c "$WORK/small.pcap.gz" | sed -n 's/^Number of packets: *//p')
	[ "$(echo "$output" | tail -n +2 | awk -F, '{ s += $2 } END { print s }')" -eq "$want" ]
	# and the long name is shown cut, not whole
	long=$(echo "$output" | grep '^ZZZ' | cut -d, -f1)
	[ -n "$long" ]
	[ "${#long}" -lt 65536 ]
}

# bats test_tags=sanitize
@test "a capture name longer than the plot-title cap (160 characters) is cut with '...' in the .gp" {
	name=$(printf 'n%.0s' $(seq 200))
	cp "$WORK/midnight-gap.txt" "$WORK/$name.txt"
	run "$CAPREPORT" -q timeline --bin 1m --plot "$WORK/tl" "$WORK/$name.txt"
	[ "$status" -eq 0 ] || [ "$status" -eq 7 ]
	title=$(sed -n "s/^ *set title '\\(n*\\)\\.\\.\\.' noenhanced$/\\1/p" "$WORK/tl/timeline-2024-03-09.gp")
	[ "${#title}" -eq 160 ]
}

# ---- a scan: many distinct addresses ---------------------------------------------

@test "scan capture: the heatmap keeps the --top 30 sources plus 'other', totals match tshark" {
	run "$CAPREPORT" -q heatmap --engine native --top 30 -f csv "$WORK/scan.pcap"
	[ "$status" -eq 0 ]
	# header, 30 sources, 'other', 'total'
	[ "$(echo "$output" | wc -l)" -eq 33 ]
	echo "$output" | grep -q '^other,'
	# the grand total is every frame's bytes, as capinfos counts them
	bytes=$(capinfos -M -d "$WORK/scan.pcap" | sed -n 's/^Data size: *\([0-9]*\) bytes/\1/p')
	[ "$(echo "$output" | tail -1 | awk -F, '{ print $NF }')" -eq "$bytes" ]
}

@test "scan capture: heatmap, graph, talkers and throughput hold at most --max-keys addresses: memory does not grow with a scan" {
	[ -z "${CAPREPORT_SANITIZED:-}" ] || skip "AddressSanitizer's shadow memory and quarantine make RSS meaningless"
	# Measured: the heatmap about 18 MiB at 50,000 sources and 29 MiB at 200,000 (and at
	# 1,000,000) with the default --max-keys 100000; before the bound, 57 MiB and 211 MiB
	# (1.1 GiB at 1,000,000).
	for c in heatmap graph talkers throughput; do
		big=$(peak_kib "$CAPREPORT" -q $c --engine native --top 30 -f json "$WORK/scan-200k.pcap")
		# with a smaller bound, 4 times the addresses take about the same memory
		small10k=$(peak_kib "$CAPREPORT" -q $c --engine native --top 30 -f json --max-keys 10000 "$WORK/scan.pcap")
		big10k=$(peak_kib "$CAPREPORT" -q $c --engine native --top 30 -f json --max-keys 10000 "$WORK/scan-200k.pcap")
		echo "$c: $big KiB at 200,000 sources; --max-keys 10000: $small10k KiB at 50,000, $big10k KiB at 200,000" >&3
		[ "$big" -lt 49152 ]
		[ "$big10k" -lt $((small10k * 5 / 4 + 2048)) ]
	done
	# the graph keeps its --top edges only
	[ "$("$CAPREPORT" -q graph --engine native --top 30 -f json "$WORK/scan.pcap" | grep -o '"source"' | wc -l)" -eq 30 ]
}

@test "scan capture: any --max-keys gives the same heatmap, graph, talkers and throughput, with more passes" {
	for c in heatmap talkers throughput; do
		"$CAPREPORT" -q $c --engine native --top 12 -f csv --max-keys 0 "$WORK/scan.pcap" >"$BATS_TEST_TMPDIR/all.csv"
		run "$CAPREPORT" -v $c --engine native --top 12 -f csv --max-keys 2000 -o "$BATS_TEST_TMPDIR/$c.csv" "$WORK/scan.pcap"
		[ "$status" -eq 0 ]
		# 50,000 sources in partitions of at most 2,000: at least 25 passes
		[ "$(grep -c "reading the inputs again" <<<"$output")" -ge 25 ]
		diff -u "$BATS_TEST_TMPDIR/all.csv" "$BATS_TEST_TMPDIR/$c.csv"
	done
	# the heatmap's first rows are the busy hosts, exact: tshark's bytes per source
	tshark -r "$WORK/scan.pcap" -T fields -e ip.src -e frame.len |
		awk '{ s[$1] += $2 } END { for (a in s) print s[a], a }' | sort -k1,1nr -k2,2 | head -3 |
		awk '{ print $2 "," $1 }' >"$BATS_TEST_TMPDIR/theirs"
	tail -n +2 "$BATS_TEST_TMPDIR/heatmap.csv" | head -3 | awk -F, '{ print $1 "," $NF }' >"$BATS_TEST_TMPDIR/ours"
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	"$CAPREPORT" -q graph --engine native --top 12 -f json --max-keys 0 "$WORK/scan.pcap" >"$BATS_TEST_TMPDIR/all.json"
	"$CAPREPORT" -q graph --engine native --top 12 -f json --max-keys 2000 "$WORK/scan.pcap" | diff -u "$BATS_TEST_TMPDIR/all.json" -
	run "$CAPREPORT" heatmap --max-keys 3 "$WORK/scan.pcap"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--max-keys takes 0 (no bound) or a number of keys from 16 to 100000000, not '3'"* ]]
}

@test "tshark engine: a bounded heatmap, graph, talkers and throughput read the cache again and equal the unbounded ones" {
	for c in "heatmap --top 5 -f csv" "talkers --top 5 -f csv" "graph --top 5 -f json" "throughput --top 2 -f csv"; do
		# shellcheck disable=SC2086
		CAPREPORT_ENGINE=tshark "$CAPREPORT" -q $c --max-keys 0 "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/all"
		# shellcheck disable=SC2086
		CAPREPORT_ENGINE=tshark run "$CAPREPORT" -v $c --max-keys 16 "$WORK/mixed.pcapng"
		[ "$status" -eq 0 ]
		[[ "$output" == *"reading the inputs again"* ]]
		[[ "$output" != *"running: tshark"* ]]
		# shellcheck disable=SC2086
		CAPREPORT_ENGINE=tshark "$CAPREPORT" -q $c --max-keys 16 "$WORK/mixed.pcapng" | diff -u "$BATS_TEST_TMPDIR/all" -
	done
}

@test "scan capture: conversations | head -1 stops early and quietly" {
	set -o pipefail
	st=0
	"$CAPREPORT" -q conversations --engine native --by udp -f csv "$WORK/scan.pcap" 2>"$BATS_TEST_TMPDIR/err" |
		head -1 >"$BATS_TEST_TMPDIR/first" || st=$?
	# the table is far longer than a pipe holds: the reader really went away early
	[ "$("$CAPREPORT" -q conversations --engine native --by udp -f csv "$WORK/scan.pcap" | wc -c)" -gt 1000000 ]
	[ "$st" -eq 0 ]
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
	grep -q '^addr_a,' "$BATS_TEST_TMPDIR/first"
}
