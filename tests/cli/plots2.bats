#!/usr/bin/env bats
# plots2.bats - plots that keep rare events: the packet sample behind the port scatter and the
# parallel coordinates keeps every distinct (second, port) and (source, destination, port)
# combination, so a port scan hidden in a busy flow is drawn, and says how it was drawn.

load helpers

setup_file() {
	copy_samples
	# 200,000 packets of one flow and a 1,000-port scan, one SYN per port
	python3 "$ROOT/tests/data/make-plot-captures.py" scan "$WORK/scan.pcap" 200000 1000
	# a 15,000-port scan: more distinct combinations than the sample remembers
	python3 "$ROOT/tests/data/make-plot-captures.py" scan "$WORK/wide.pcap" 1000 15000
	# one TCP stream: 2 s of data, 5 s of silence, 2 s more
	python3 "$ROOT/tests/data/make-plot-captures.py" gap "$WORK/gap.pcap"
}

# The scanned ports (the scanner's destination ports) in a CSV sample, sorted and distinct.
scanned_ports() {
	awk -F, '$3 == "10.0.0.9" { print $6 }' | sort -nu
}

# bats test_tags=sanitize
@test "ports: every port of a scan is in the sample of a 201,000-packet capture" {
	run -0 "$CAPREPORT" ports -f csv "$WORK/scan.pcap"
	[ "$(scanned_ports <<<"$output" | wc -l)" -eq 1000 ]
	[ "$(scanned_ports <<<"$output" | head -1)" -eq 1 ]
	[ "$(scanned_ports <<<"$output" | tail -1)" -eq 1000 ]
	# the busy flow is still sampled: at least the 4000 of the reservoir
	[ "$(grep -c '^[^,]*,[^,]*,10\.0\.0\.1,' <<<"$output")" -ge 4000 ]
}

@test "ports: the sample's note says how it was drawn" {
	run -0 "$CAPREPORT" ports "$WORK/scan.pcap"
	grep -q "of 201000 IP packets: the first of every distinct (second, destination port) and (source, destination, destination port) combination (1020), and a uniform sample of 4000 of the other 199980" <<<"$output"
}

@test "ports --plot: the scatter's data has a point for every scanned port" {
	run -0 "$CAPREPORT" ports --plot "$BATS_TEST_TMPDIR/ports.png" "$WORK/scan.pcap"
	# rows: seconds dport colour; the scan is at 10 s, the busy flow's port is 40000
	[ "$(awk '$1 >= 10 && $1 < 10.2 && $2 != 40000 { print $2 }' "$BATS_TEST_TMPDIR/ports.dat" | sort -nu | wc -l)" -eq 1000 ]
}

@test "parallel --plot: the lines' data has a line for every scanned port" {
	run -0 "$CAPREPORT" parallel --plot "$BATS_TEST_TMPDIR/par.png" "$WORK/scan.pcap"
	# rows: seconds src_rank dst_rank sport dport colour; the scanner's source port is 33333
	[ "$(awk '$4 == 33333 { print $5 }' "$BATS_TEST_TMPDIR/par.dat" | sort -nu | wc -l)" -eq 1000 ]
}

@test "report: the ports card's sample keeps the scan too" {
	run -0 "$CAPREPORT" report -o "$BATS_TEST_TMPDIR/rep" "$WORK/scan.pcap"
	csv=$(find "$BATS_TEST_TMPDIR/rep" -name '*packet_sample*.csv' | head -1)
	[ -n "$csv" ]
	[ "$(scanned_ports <"$csv" | wc -l)" -eq 1000 ]
}

# bats test_tags=sanitize
@test "ports: the distinct set is capped, and the note says so" {
	run -0 "$CAPREPORT" ports "$WORK/wide.pcap"
	grep -q "distinct combinations capped at 20000: [0-9]* packets with a new one were only sampled" <<<"$output"
	run -0 "$CAPREPORT" ports -f csv "$WORK/wide.pcap"
	# at most 20000 combinations, and the 4000 of the reservoir
	[ "$(($(wc -l <<<"$output") - 1))" -le 24000 ]
}

@test "ports: a capture smaller than the sample is all there, as before" {
	run -0 "$CAPREPORT" ports "$SAMPLES/mixed.pcapng"
	grep -q "^all [0-9]* IP packets" <<<"$output"
}

# The smallest and largest positive value of column $2 of a .dat file, as "min max".
span() {
	awk -v c="$2" '!/^#/ && $c > 0 { if (mn == "" || $c < mn) mn = $c; if ($c > mx) mx = $c } END { print mn, mx }' "$1"
}

@test "sizes --plot: a log count axis, said on its label, only when the counts span more than two decades" {
	# mptcp.pcapng: bins of 1 packet and of over 1000
	run -0 "$CAPREPORT" sizes --plot "$BATS_TEST_TMPDIR/wide.png" "$SAMPLES/mptcp.pcapng"
	read -r mn mx < <(span "$BATS_TEST_TMPDIR/wide.dat" 4)
	[ "$(awk -v a="$mn" -v b="$mx" 'BEGIN { print (b > 100 * a) }')" -eq 1 ]
	grep -q "^ *set logscale y" "$BATS_TEST_TMPDIR/wide.gp"
	grep -q "set ylabel 'packets (log scale)'" "$BATS_TEST_TMPDIR/wide.gp"
	# mixed.pcapng: the counts span less, the axis stays linear from 0
	run -0 "$CAPREPORT" sizes --plot "$BATS_TEST_TMPDIR/narrow.png" "$SAMPLES/mixed.pcapng"
	read -r mn mx < <(span "$BATS_TEST_TMPDIR/narrow.dat" 4)
	[ "$(awk -v a="$mn" -v b="$mx" 'BEGIN { print (b > 100 * a) }')" -eq 0 ]
	run -1 grep -q "set logscale" "$BATS_TEST_TMPDIR/narrow.gp"
	grep -q "set ylabel 'packets' noenhanced" "$BATS_TEST_TMPDIR/narrow.gp"
	grep -q "set yrange \[0:\*\]" "$BATS_TEST_TMPDIR/narrow.gp"
}

@test "tcp plot rtt: a log RTT axis when the RTTs span more than two decades, linear otherwise" {
	# tshark's ack_rtt in mptcp.pcapng's stream 1 spans 1 us to over 2 ms; in mixed.pcapng's stream 0, 9 to 96 ms
	tshark -n -r "$SAMPLES/mptcp.pcapng" -Y 'tcp.stream == 1 && tcp.analysis.ack_rtt' -T fields -e tcp.analysis.ack_rtt |
		sort -g | sed -n '1p;$p' >"$BATS_TEST_TMPDIR/tshark-rtt"
	[ "$(awk 'NR == 1 { a = $1 } NR == 2 { print ($1 > 100 * a) }' "$BATS_TEST_TMPDIR/tshark-rtt")" -eq 1 ]
	run -0 "$CAPREPORT" tcp plot 1 rtt --plot-dir "$BATS_TEST_TMPDIR/mp" "$SAMPLES/mptcp.pcapng"
	grep -q "^ *set logscale y" "$BATS_TEST_TMPDIR/mp/tcp-1-rtt.gp"
	grep -q "set ylabel 'ACK RTT (ms) (log scale)'" "$BATS_TEST_TMPDIR/mp/tcp-1-rtt.gp"
	run -0 "$CAPREPORT" tcp plot 0 rtt --plot-dir "$BATS_TEST_TMPDIR/mx" "$SAMPLES/mixed.pcapng"
	run -1 grep -q "set logscale" "$BATS_TEST_TMPDIR/mx/tcp-0-rtt.gp"
	grep -q "set ylabel 'ACK RTT (ms)' noenhanced" "$BATS_TEST_TMPDIR/mx/tcp-0-rtt.gp"
}

@test "tcp plot tput: an idle gap longer than the window breaks the line" {
	# tshark sees the silence: no frame from 3 s to 7 s
	run -0 tshark -r "$WORK/gap.pcap" -q -z io,stat,1
	grep -Eq '^\|  5 <> 6  \| +0 \| +0 \|' <<<"$output"
	run -0 "$CAPREPORT" tcp plot 0 tput --window 0.1 --plot-dir "$BATS_TEST_TMPDIR/g" "$WORK/gap.pcap"
	dat=$BATS_TEST_TMPDIR/g/tcp-0-tput.tput.dat
	# exactly one break, a row of NaN, between the last row before the gap and the first after it
	[ "$(grep -c '^NaN NaN NaN$' "$dat")" -eq 1 ]
	[ "$(grep -B1 '^NaN' "$dat" | awk 'NR == 1 { print ($1 < 2.1) }')" -eq 1 ]
	[ "$(grep -A1 '^NaN' "$dat" | awk 'NR == 2 { print ($1 > 7) }')" -eq 1 ]
	# no two drawn rows in a row are further apart than the window
	[ "$(awk '!/^#/ && $1 != "NaN" { if (p != "" && $1 - p > 0.1) n++; p = $1 } /^NaN/ { p = "" } END { print n + 0 }' "$dat")" -eq 0 ]
}

@test "tcp plot tput: a silence shorter than the window does not break the line" {
	run -0 "$CAPREPORT" tcp plot 0 tput --window 6 --plot-dir "$BATS_TEST_TMPDIR/g5" "$WORK/gap.pcap"
	run -1 grep -q NaN "$BATS_TEST_TMPDIR/g5/tcp-0-tput.tput.dat"
}

@test "heatmap --plot: the note is the title's second line, never a label over it" {
	run -0 "$CAPREPORT" heatmap --plot "$BATS_TEST_TMPDIR/hm.png" "$SAMPLES/mixed.pcapng"
	grep -q "^ *set title ('20 sources, 22 destinations; bytes are frame lengths' eq '' ? 'Conversation heatmap: bytes from source to destination' : 'Conversation heatmap: bytes from source to destination'.\"\\\\n\".'20 sources, 22 destinations; bytes are frame lengths') noenhanced" "$BATS_TEST_TMPDIR/hm.gp"
	run -1 grep -q "at screen 0.01, screen 0.97" "$BATS_TEST_TMPDIR/hm.gp"
	[ -s "$BATS_TEST_TMPDIR/hm.png" ]
}
