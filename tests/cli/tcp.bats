#!/usr/bin/env bats
# tcp.bats - `capreport tcp`: every count checked against tshark's own conversation table and analysis flags.
load helpers
load tcpmptcp-helpers

setup_file() {
	copy_samples
	cp "$ROOT/tests/data/mptcp-reinject.pcapng" "$WORK/"
	# A capture that starts mid-connection: the first 19 frames (both handshakes) cut.
	editcap "$WORK/mptcp.pcapng" "$WORK/mid.pcapng" 1-19
	TCP_CAPTURES="mixed.pcapng midnight-gap.pcap mptcp.pcapng mptcp-reinject.pcapng mid.pcapng"
	for c in $TCP_CAPTURES; do
		"$CAPREPORT" -q tcp list -f csv "$WORK/$c" >"$WORK/$c.list.csv"
		oracle "$WORK/$c" "$WORK/$c.oracle"
	done
	export TCP_CAPTURES
}

@test "tcp list: frames each way and who is A equal tshark -z conv,tcp, on every capture" {
	for c in $TCP_CAPTURES; do
		csv_body "$WORK/$c.list.csv" | awk -F, '{ print $2":"$3","$4":"$5","$6","$8 }' | sort >"$BATS_TEST_TMPDIR/ours"
		tshark_conv "$WORK/$c" tcp >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
}

@test "tcp list: bytes (frame.len) and payload (tcp.len) each way equal sums of tshark's fields" {
	fs=$(col tcp.stream) src=$(col ip.src) src6=$(col ipv6.src) sp=$(col tcp.srcport) fl=$(col frame.len)
	tl=$(col tcp.len) it=$(col icmp.type) i6=$(col icmpv6.type)
	for c in $TCP_CAPTURES; do
		csv_body "$WORK/$c.list.csv" | cut -d, -f1,7,9,10,11 | sort >"$BATS_TEST_TMPDIR/ours"
		# A of a stream is the source of its first frame, as in tshark -z conv
		awk -F'\t' -v fs="$fs" -v src="$src" -v src6="$src6" -v sp="$sp" -v fl="$fl" -v tl="$tl" -v it="$it" -v i6="$i6" '
			$it != "" || $i6 != "" { next }
			{ s = $fs; a = ($src != "" ? $src : $src6) ":" $sp; sub(/;.*/, "", a)
			  if (!(s in first)) first[s] = a
			  d = (a == first[s]) ? "ab" : "ba"; b[s, d] += $fl; p[s, d] += $tl }
			END { for (s in first) print s "," b[s, "ab"] + 0 "," b[s, "ba"] + 0 "," p[s, "ab"] + 0 "," p[s, "ba"] + 0 }' \
			"$WORK/$c.oracle" | sort >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
}

@test "tcp list: retransmissions per stream equal the frames tshark flags tcp.analysis.retransmission" {
	fs=$(col tcp.stream) rt=$(col tcp.analysis.retransmission)
	total=0
	for c in $TCP_CAPTURES; do
		csv_body "$WORK/$c.list.csv" | awk -F, '$14 > 0 { print $1 "," $14 }' | sort >"$BATS_TEST_TMPDIR/ours"
		awk -F'\t' -v fs="$fs" -v rt="$rt" '$rt != "" { n[$fs]++ } END { for (s in n) print s "," n[s] }' \
			"$WORK/$c.oracle" | sort >"$BATS_TEST_TMPDIR/theirs"
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
		total=$((total + $(wc -l <"$BATS_TEST_TMPDIR/theirs")))
	done
	# mixed (routed twice) and the reinjection capture do have some: the comparison was not of empty lists
	[ "$total" -ge 4 ]
}

@test "tcp list: states; a capture cut mid-connection still lists its streams and says the handshake is missing" {
	run awk -F, 'NR > 1 { print $NF }' "$WORK/mixed.pcapng.list.csv"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | sort -u)" = "closed" ]
	[ "$(csv_body "$WORK/mid.pcapng.list.csv" | wc -l)" -eq 2 ]
	[ "$(grep -c 'no handshake' "$WORK/mid.pcapng.list.csv")" -eq 2 ]
	# the reinjection capture's second subflow never got its last ACK in: half-closed, from the capture
	grep -q 'half-closed' "$WORK/mptcp-reinject.pcapng.list.csv"
	# start is relative to the capture's first packet: the first stream starts at 0
	[ "$(awk -F, 'NR == 2 { print $12 }' "$WORK/mptcp.pcapng.list.csv")" = "0.000000000" ]
}

@test "tcp summary -f json: per-direction numbers agree with the list and with tshark's RTT and in-flight fields" {
	c=$WORK/mptcp-reinject.pcapng
	"$CAPREPORT" -q tcp summary 1 -f json "$c" >"$BATS_TEST_TMPDIR/s.json"
	jq -e 'length == 2 and .[0].direction == "A->B"' "$BATS_TEST_TMPDIR/s.json"
	# packets and retransmissions agree with the list
	[ "$(jq '.[0].packets' "$BATS_TEST_TMPDIR/s.json")" -eq "$(awk -F, '$1 == 1 { print $6 }' "$c.list.csv")" ]
	[ "$(jq '[.[].retransmissions] | add' "$BATS_TEST_TMPDIR/s.json")" -eq "$(awk -F, '$1 == 1 { print $14 }' "$c.list.csv")" ]
	# goodput bytes = payload less the retransmitted payload
	[ "$(jq '.[0].payload - .[0].goodput_bytes' "$BATS_TEST_TMPDIR/s.json")" -gt 0 ]
	# tshark's fields: initial RTT, ACK RTT samples of A's data (carried by B's ACKs), their max, max bytes in flight
	fs=$(col tcp.stream) sp=$(col tcp.srcport) ar=$(col tcp.analysis.ack_rtt) ir=$(col tcp.analysis.initial_rtt)
	bif=$(col tcp.analysis.bytes_in_flight)
	port_a=$(awk -F, '$1 == 1 { print $3 }' "$c.list.csv")
	read -r irtt n maxrtt maxbif < <(awk -F'\t' -v fs="$fs" -v sp="$sp" -v ar="$ar" -v ir="$ir" -v bif="$bif" -v pa="$port_a" '
		$fs != 1 { next }
		$ir != "" && irtt == "" { irtt = $ir }
		$sp != pa && $ar != "" { n++; if ($ar > m) m = $ar }
		$sp == pa && $bif != "" && $bif + 0 > b { b = $bif + 0 }
		END { printf "%s %d %.6f %d\n", irtt * 1000, n, m * 1000, b }' "$c.oracle")
	[ "$(jq '.[0].rtt_samples' "$BATS_TEST_TMPDIR/s.json")" -eq "$n" ]
	jq -e --argjson want "$irtt" '(.[0].handshake_rtt_ms - $want) | fabs < 1e-6' "$BATS_TEST_TMPDIR/s.json"
	jq -e --argjson want "$maxrtt" '(.[0].rtt_max_ms - $want) | fabs < 1e-3' "$BATS_TEST_TMPDIR/s.json"
	[ "$(jq '.[0].max_in_flight' "$BATS_TEST_TMPDIR/s.json")" -eq "$maxbif" ]
	jq -e '.[0].rtt_min_ms <= .[0].rtt_p50_ms and .[0].rtt_p50_ms <= .[0].rtt_p95_ms and .[0].rtt_p95_ms <= .[0].rtt_max_ms' \
		"$BATS_TEST_TMPDIR/s.json"
}

@test "tcp summary: text is metric rows; a missing stream or bad usage is exit 2" {
	run "$CAPREPORT" -q tcp summary 0 "$WORK/mptcp.pcapng"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == metric*A-\>B*B-\>A ]]
	echo "$output" | grep -q '^handshake_rtt_ms'
	run "$CAPREPORT" -q tcp summary 99 "$WORK/mptcp.pcapng"
	[ "$status" -eq 2 ]
	[[ "$output" == *"no TCP stream 99"* ]]
	run "$CAPREPORT" -q tcp summary x "$WORK/mptcp.pcapng"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" -q tcp frobnicate "$WORK/mptcp.pcapng"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" -q tcp plot 0 bogus "$WORK/mptcp.pcapng"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" -q tcp list "$WORK/no-such.pcap"
	[ "$status" -eq 3 ]
}

@test "tcp plot: seq, rtt, tput and inflight render with gnuplot into non-blank PNGs, .gp and .dat beside them" {
	d=$BATS_TEST_TMPDIR/plots
	for k in seq rtt tput inflight; do
		run "$CAPREPORT" -q tcp plot 1 $k --window 0.05 --plot-dir "$d" "$WORK/mptcp-reinject.pcapng"
		[ "$status" -eq 0 ]
		[ "$output" = "$d/tcp-1-$k.svg" ]
		[ -s "$d/tcp-1-$k.svg" ]
		[ -s "$d/tcp-1-$k.gp" ]
		ls "$d"/tcp-1-$k.*.dat >/dev/null
		# the series colour is really drawn (read back by gnuplot's own PNG reader)
		[ "$(png_pixels "$d/tcp-1-$k.png" 2f5f98)" -gt 20 ]
	done
	# retransmissions are drawn in red on the sequence graph
	[ "$(png_pixels "$d/tcp-1-seq.png" c0392b)" -gt 10 ]
	# the kept script re-renders by itself in its folder
	(cd "$d" && rm tcp-1-seq.png && gnuplot tcp-1-seq.gp && [ -s tcp-1-seq.png ])
	# no temporary file is left behind
	[ -z "$(find "$d" -name '.*tmp*')" ]
}

@test "tcp plot without gnuplot: exit 7, the .gp and .dat files are still written" {
	d=$BATS_TEST_TMPDIR/nognuplot
	CAPREPORT_GNUPLOT=/nonexistent/gnuplot run "$CAPREPORT" -q tcp plot 0 seq --plot-dir "$d" "$WORK/mptcp.pcapng"
	[ "$status" -eq 7 ]
	[[ "$output" == *"gnuplot not found"* ]]
	[ -s "$d/tcp-0-seq.gp" ]
	[ -s "$d/tcp-0-seq.seg.dat" ]
	[ ! -e "$d/tcp-0-seq.png" ]
	# a template of one's own that asks for what the plot lacks fails plainly, drawing nothing
	mkdir -p "$BATS_TEST_TMPDIR/tpl" && echo 'plot @NO_SUCH@' >"$BATS_TEST_TMPDIR/tpl/tcp-seq.gp"
	CAPREPORT_TEMPLATES=$BATS_TEST_TMPDIR/tpl run "$CAPREPORT" -q tcp plot 0 seq --plot-dir "$d/2" "$WORK/mptcp.pcapng"
	[ "$status" -eq 6 ]
	[[ "$output" == *"uses @NO_SUCH@, which the plot 'tcp-0-seq' does not set"* ]]
	[ ! -e "$d/2/tcp-0-seq.svg" ]
}

@test "[plot] palette of the configuration colours the series: its first colour is drawn, the default's is not" {
	d=$BATS_TEST_TMPDIR/pal
	printf '[plot]\npalette = #00c000, #ff00ff, #000000\n' >"$BATS_TEST_TMPDIR/conf"
	run "$CAPREPORT" -q --config "$BATS_TEST_TMPDIR/conf" tcp plot 1 seq --plot-dir "$d" "$WORK/mptcp-reinject.pcapng"
	[ "$status" -eq 0 ]
	grep -q "lc rgb '#00c000' title 'segments'" "$d/tcp-1-seq.gp"
	grep -q "lc rgb '#ff00ff' title 'ACK'" "$d/tcp-1-seq.gp"
	[ "$(png_pixels "$d/tcp-1-seq.png" 00c000)" -gt 20 ]
	[ "$(png_pixels "$d/tcp-1-seq.png" 2f5f98)" -eq 0 ]
	# the fourth colour keeps its default
	grep -q "lc rgb '#9467bd' dt 2 title 'receive window'" "$d/tcp-1-seq.gp"
	# a colour that is not #rrggbb is an error naming the file, the line and the key
	printf '[plot]\npalette = #00c000, blue\n' >"$BATS_TEST_TMPDIR/bad"
	run "$CAPREPORT" -q --config "$BATS_TEST_TMPDIR/bad" tcp plot 1 seq --plot-dir "$d" "$WORK/mptcp-reinject.pcapng"
	[ "$status" -eq 2 ]
	[[ "$output" == *"'$BATS_TEST_TMPDIR/bad' line 2: [plot] palette takes one to 4 colours as #rrggbb"* ]]
}
