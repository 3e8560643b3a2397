#!/usr/bin/env bats
# thinning.bats - plots of streams too long to draw point by point: thinned by time buckets (M4), never
# inventing or hiding events, rates from every packet; checked against tshark on captures of known structure.
load helpers

# tshark's view of every TCP frame, the fields thinning-check.py reads.
tshark_fields() {
	WIRESHARK_CONFIG_DIR=$(mktemp -d) tshark -n -r "$1" -Y tcp -T fields -e frame.time_relative -e tcp.srcport \
		-e tcp.len -e tcp.seq -e tcp.ack -e tcp.flags.ack -e tcp.analysis.retransmission 2>/dev/null >"$2"
	[ -s "$2" ]
}

setup_file() {
	WORK=$(mktemp -d "$BATS_FILE_TMPDIR/work.XXXXXX")
	export WORK
	# 440,000 packets: past the 400,000 points a plot keeps whole; alternating data and ACKs,
	# a 1-second pause, 94 retransmissions (as tshark flags them)
	python3 "$ROOT/tests/data/make-thinning.py" "$WORK/big.pcap"
	tshark_fields "$WORK/big.pcap" "$WORK/big.tsv"
	for k in seq tput; do
		"$CAPREPORT" -q tcp plot 0 "$k" --plot-dir "$WORK/plots" "$WORK/big.pcap"
	done
}

check() {
	python3 "$ROOT/tests/cli/thinning-check.py" "$@"
}

@test "tcp plot seq, 440,000 packets: every time bucket with segments or ACKs is drawn, with its lowest and highest value" {
	run check buckets "$WORK/big.tsv" "$WORK/plots/tcp-0-seq" 40000
	echo "$output"
	[ "$status" -eq 0 ]
	# thinned indeed, and the title says by how much
	grep -q "thinned: 440,007 points shown as [0-9,]*)" "$WORK/plots/tcp-0-seq.gp"
	[ "$(wc -l <"$WORK/plots/tcp-0-seq.seg.dat")" -lt 200000 ]
}

@test "tcp plot seq, 440,000 packets: the 1-second pause is drawn, and no other" {
	run check stalls "$WORK/big.tsv" "$WORK/plots/tcp-0-seq" 40000
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "gaps [(2.20026, 1.00003)]" ]]
}

@test "tcp plot seq, 440,000 packets: every retransmission tshark flags is drawn as one" {
	run check rtx "$WORK/big.tsv" "$WORK/plots/tcp-0-seq" 40000
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "94 retransmissions, all drawn" ]]
}

@test "tcp plot tput, 440,000 packets: throughput and goodput equal the rates of every packet, never above the link's" {
	run check tput "$WORK/big.tsv" "$WORK/plots/tcp-0-tput" 40000
	echo "$output"
	[ "$status" -eq 0 ]
	# 1000 bytes every 30 us: 266.7 Mbit/s at most
	[[ "$output" == *"the highest 266.7 Mbit/s" ]]
}

# bats test_tags=sanitize
@test "report: a thinned stream's plots hold every bucket and the rates of every packet; the card says how it was thinned" {
	# 40,000 packets: past the report's 20,000 points per stream
	python3 "$ROOT/tests/data/make-thinning.py" "$BATS_TEST_TMPDIR/mid.pcap" 20000
	tshark_fields "$BATS_TEST_TMPDIR/mid.pcap" "$BATS_TEST_TMPDIR/mid.tsv"
	run "$CAPREPORT" -q report -o "$BATS_TEST_TMPDIR/r" "$BATS_TEST_TMPDIR/mid.pcap"
	[ "$status" -eq 0 ]
	seq=$(find "$BATS_TEST_TMPDIR/r" -name '*tcp-0-seq.gp')
	[ -n "$seq" ]
	for k in buckets stalls rtx; do
		run check "$k" "$BATS_TEST_TMPDIR/mid.tsv" "${seq%.gp}" 40000
		echo "$output"
		[ "$status" -eq 0 ]
	done
	run check tput "$BATS_TEST_TMPDIR/mid.tsv" "${seq%-seq.gp}-tput" 40000
	echo "$output"
	[ "$status" -eq 0 ]
	grep -rq "thinned: 40,007 points shown as [0-9,]* (per [0-9.]* ms the first, last, lowest and highest of each line, and every retransmission, SYN, FIN and RST); rates from every packet" "$BATS_TEST_TMPDIR/r"
}

@test "small captures are not thinned: no note, the points as before" {
	python3 "$ROOT/tests/data/make-thinning.py" "$BATS_TEST_TMPDIR/small.pcap" 2000
	run "$CAPREPORT" -q tcp plot 0 seq --plot-dir "$BATS_TEST_TMPDIR/p" "$BATS_TEST_TMPDIR/small.pcap"
	[ "$status" -eq 0 ]
	no_match thinned "$BATS_TEST_TMPDIR/p/tcp-0-seq.gp"
	# every data segment: 2,000 and the 100 sent again
	[ "$(cat "$BATS_TEST_TMPDIR"/p/tcp-0-seq.{seg,rtx}.dat | grep -vc '^#')" -eq 2100 ]
}
