#!/usr/bin/env bats
# limits.bats - inputs past capreport's caps: a tcpdump line over CR_TCPDUMP_LINE_MAX, a CSV field
# over the reader's 64 KiB, a capture name over the plot-title cap; and a scan-like capture with
# 50,000 distinct source addresses: matrix and graph cut by --top, memory within a stated bound,
# | head -1 on its long table.
load helpers

setup_file() {
	copy_samples
	# scan.pcap: 50,000 UDP packets, each from its own source (10.0.0.1 ...), to 4 destinations.
	python3 - "$WORK/scan.pcap" 50000 <<'PY'
import struct, sys
n = int(sys.argv[2])
out = bytearray(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
eth = b'\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00'
for i in range(n):
    udp = struct.pack('>HHHH', 40000, 53, 12, 0) + b'scan'
    ip = struct.pack('>BBHHHBBHII', 0x45, 0, 20 + len(udp), i & 0xffff, 0, 64, 17, 0,
                     0x0a000001 + i, 0xc0a80001 + (i & 3))
    frame = eth + ip + udp
    out += struct.pack('<IIII', 1700000000 + i // 1000, (i % 1000) * 1000, len(frame), len(frame)) + frame
open(sys.argv[1], 'wb').write(out)
PY
}

# Peak resident set (VmHWM, KiB) of a command run alone, its output discarded.
peak_kib() {
	python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
sys.exit(r.returncode) if r.returncode else print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

# ---- caps on untrusted text ----------------------------------------------------

@test "a tcpdump line longer than 8192 bytes is read that far, with a notice; the packets still count" {
	awk 'NR == 3 { printf "    "; for (i = 0; i < 9000; i++) printf "x"; print "" } { print }' \
		"$WORK/midnight-gap.txt" >"$WORK/long-line.txt"
	run "$CAPREPORT" info -f csv "$WORK/long-line.txt"
	[ "$status" -eq 0 ]
	[[ "$output" == *"'$WORK/long-line.txt': 1 lines longer than 8192 bytes were read only that far, first at line 3"* ]]
	# the same packets as tshark counts in the capture the text was printed from
	want=$(capinfos -M -c "$WORK/midnight-gap.pcap" | sed -n 's/^Number of packets: *//p')
	[ "$(echo "$output" | sed -n 's/^packets,//p')" -eq "$want" ]
}

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

@test "scan capture: peak memory of heatmap and graph stays under 2 KiB per distinct address" {
	[ -z "${CAPREPORT_SANITIZED:-}" ] || skip "AddressSanitizer's shadow memory and quarantine make RSS meaningless"
	# 50,000 sources: bound 100 MiB (measured about 57 MiB for heatmap, 37 MiB for graph)
	hm=$(peak_kib "$CAPREPORT" -q heatmap --engine native --top 30 -f csv "$WORK/scan.pcap")
	gr=$(peak_kib "$CAPREPORT" -q graph --engine native --top 30 "$WORK/scan.pcap")
	echo "heatmap $hm KiB, graph $gr KiB" >&3
	[ "$hm" -lt 102400 ]
	[ "$gr" -lt 102400 ]
	# the graph keeps its --top edges only
	[ "$("$CAPREPORT" -q graph --engine native --top 30 -f json "$WORK/scan.pcap" | grep -o '"source"' | wc -l)" -eq 30 ]
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
