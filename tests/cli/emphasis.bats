#!/usr/bin/env bats
# emphasis.bats - which TCP streams and MPTCP connections the report plots: anomalies first, then bytes,
# never one too small to show anything; each card says why, with tshark's numbers.
load helpers
export CAPREPORT_ENGINE=tshark

setup_file() {
	WORK=$(mktemp -d "$BATS_FILE_TMPDIR/work.XXXXXX")
	export WORK
	python3 "$ROOT/tests/data/make-emphasis.py" many "$WORK/many.pcap"
	python3 "$ROOT/tests/data/make-emphasis.py" few "$WORK/few.pcap"
	mergecap -w "$WORK/mp.pcapng" "$ROOT/tests/data/mptcp-reinject.pcapng" "$SAMPLES/mptcp.pcapng"
	for c in many few mp; do
		f=$(ls "$WORK/$c".pcap*)
		"$CAPREPORT" -q report -o "$WORK/$c" "$f" >/dev/null
		echo $? >"$WORK/$c.status"
	done
}

# tshark's tcp.analysis.retransmission frames per tcp.stream: "STREAM COUNT" lines.
tshark_retrans() {
	tshark -n -r "$1" -Y tcp.analysis.retransmission -T fields -e tcp.stream 2>/dev/null | sort -n | uniq -c |
		awk '{ print $2, $1 }'
}

# The notes of a page's cards (one line each).
notes() {
	grep -o '<p class="note">[^<]*' "$1" | sed 's/^<p class="note">//'
}

# bats test_tags=sanitize
@test "TCP: the stream with retransmissions is plotted before bigger clean ones, its cards say how many (tshark's count)" {
	[ "$(cat "$WORK/many.status")" -eq 0 ]
	# the capture as made: stream 4 alone has retransmissions, and three streams are bigger
	[ "$(tshark_retrans "$WORK/many.pcap")" = "4 3" ]
	n=$(tshark_retrans "$WORK/many.pcap" | awk '{ print $2 }')
	for k in seq rtt tput inflight; do
		[ -s "$WORK/many/plots/many-tcp/many-tcp-4-$k.png" ]
	done
	[ "$(notes "$WORK/many/many-tcp.html" | grep -c "^chosen: $n retransmissions")" -eq 4 ]
	grep -q "Stream 4: .*Chosen: $n retransmissions\." "$WORK/many/many-tcp.html"
}

@test "TCP: a stream whose ACK RTT spikes comes next, its cards say by how much (tshark's ack_rtt)" {
	# stream 6: tshark flags nothing, one ACK RTT far above the others
	[ -z "$(tshark -n -r "$WORK/many.pcap" -Y 'tcp.stream == 6 && tcp.analysis.flags' -T fields -e frame.number 2>/dev/null)" ]
	max=$(tshark -n -r "$WORK/many.pcap" -Y 'tcp.stream == 6 && tcp.analysis.ack_rtt' -T fields -e tcp.analysis.ack_rtt 2>/dev/null |
		sort -g | tail -1 | awk '{ printf "%.0f", $1 * 1000 }')
	[ "$max" -gt 100 ]
	[ -s "$WORK/many/plots/many-tcp/many-tcp-6-seq.png" ]
	[ "$(notes "$WORK/many/many-tcp.html" | grep -c "^chosen: 1 RTT spike of $max ms (mean ")" -eq 4 ]
}

@test "TCP: then the busiest by bytes, said so with its size; at most three streams plotted" {
	for k in seq rtt tput inflight; do
		[ -s "$WORK/many/plots/many-tcp/many-tcp-0-$k.png" ]
	done
	notes "$WORK/many/many-tcp.html" | grep -q "^chosen: the busiest, [0-9.]* kB"
	grep -q "Stream 0: .*Chosen: the busiest" "$WORK/many/many-tcp.html"
	# streams 1, 2 and 3 are clean and smaller than 0: beyond the three plotted
	[ "$(find "$WORK/many/plots/many-tcp" -name '*-seq.gp' | wc -l)" -eq 3 ]
	[ ! -e "$WORK/many/plots/many-tcp/many-tcp-1-seq.gp" ]
	[ ! -e "$WORK/many/plots/many-tcp/many-tcp-2-seq.gp" ]
	[ ! -e "$WORK/many/plots/many-tcp/many-tcp-3-seq.gp" ]
}

@test "TCP: a control-like stream (one 40-byte segment) gets a sentence, not plots, even when there is room" {
	[ "$(cat "$WORK/few.status")" -eq 0 ]
	# tshark: two streams, the second of 8 frames carrying 40 bytes of payload
	[ "$(tshark -n -r "$WORK/few.pcap" -Y 'tcp.stream == 1 && tcp.len > 0' -T fields -e tcp.len 2>/dev/null)" = 40 ]
	[ -s "$WORK/few/plots/few-tcp/few-tcp-0-seq.png" ]
	[ -z "$(find "$WORK/few/plots/few-tcp" -name 'few-tcp-1-*')" ]
	grep -q "Stream 1 carried too little to show in a plot" "$WORK/few/few-tcp.html"
	grep -q "Stream 5 carried too little" "$WORK/many/many-tcp.html"
	no_match "Stream 1: " "$WORK/few/few-tcp.html"
}

@test "MPTCP: the connection with reinjections has its page first, its cards say how many, with tshark's subflow retransmissions" {
	[ "$(cat "$WORK/mp.status")" -eq 0 ]
	# tshark's retransmissions on the subflows of MPTCP connection 1 (the reinjecting one)
	rt=$(tshark -n -r "$WORK/mp.pcapng" -o mptcp.analyze_mptcp:TRUE -Y 'mptcp.stream == 1 && tcp.analysis.retransmission' \
		-T fields -e frame.number 2>/dev/null | wc -l)
	[ "$rt" -gt 0 ]
	# reinjections as 'capreport mptcp reinjections' lists them (mptcp.bats checks those against the raw DSS fields)
	ri=$("$CAPREPORT" -q mptcp reinjections 1 -f csv "$WORK/mp.pcapng" | tail -n +2 | wc -l)
	[ "$ri" -gt 0 ]
	[ "$(notes "$WORK/mp/mp-mptcp-1.html" | grep -c "^chosen: $ri reinjections, $rt retransmissions on its subflows")" -eq 4 ]
	grep -q "Chosen: $ri reinjections" "$WORK/mp/mp-mptcp-1.html"
	# connection 0: its payload on the wire, as tshark sums tcp.len, in MB
	mb=$(tshark -n -r "$WORK/mp.pcapng" -o mptcp.analyze_mptcp:TRUE -Y 'mptcp.stream == 0' -T fields -e tcp.len 2>/dev/null |
		awk '{ s += $1 } END { printf "%.1f", s / 1e6 }')
	notes "$WORK/mp/mp-mptcp-0.html" | grep -q "^chosen: the busiest, $mb MB"
	# the reinjecting connection's page comes before the busier clean one's
	first=$(grep -o 'mp-mptcp-[01]\.html' "$WORK/mp/index.html" | head -1)
	[ "$first" = mp-mptcp-1.html ]
}

@test "MPTCP: a connection with a single data segment gets a sentence, not a page of plots" {
	python3 "$ROOT/tests/data/make-mptcp-v0.py" "$BATS_TEST_TMPDIR/v0.pcap"
	# tshark: connection 1 carries one data segment
	[ "$(tshark -n -r "$BATS_TEST_TMPDIR/v0.pcap" -Y 'mptcp.stream == 1 && tcp.len > 0' -T fields -e tcp.len 2>/dev/null | wc -l)" -eq 1 ]
	"$CAPREPORT" -q report -o "$BATS_TEST_TMPDIR/r" "$BATS_TEST_TMPDIR/v0.pcap" >/dev/null
	[ -s "$BATS_TEST_TMPDIR/r/v0-mptcp-0.html" ]
	[ ! -e "$BATS_TEST_TMPDIR/r/v0-mptcp-1.html" ]
	[ -z "$(find "$BATS_TEST_TMPDIR/r/plots" -name 'v0-mptcp-1-*')" ]
	grep -q "Connection 1 carried too little to show in a plot" "$BATS_TEST_TMPDIR/r/v0-mptcp.html"
	# connection 0's reinjections as tshark marks them (mptcp.reinjection_of, right for v0)
	ri=$(tshark -n -r "$BATS_TEST_TMPDIR/v0.pcap" -o mptcp.analyze_mptcp:TRUE -o mptcp.analyze_mappings:TRUE \
		-o mptcp.intersubflows_retransmission:TRUE -Y 'mptcp.stream == 0 && mptcp.reinjection_of' -T fields \
		-e frame.number 2>/dev/null | wc -l)
	[ "$ri" -eq 2 ]
	notes "$BATS_TEST_TMPDIR/r/v0-mptcp-0.html" | grep -q "^chosen: $ri reinjections"
}
