#!/usr/bin/env bats
# mptcp.bats - `capreport mptcp`: grouping, versions, events and reinjections checked against tshark's own dissection.
load helpers
load tcpmptcp-helpers

setup_file() {
	copy_samples
	cp "$ROOT/tests/data/mptcp-reinject.pcapng" "$WORK/"
	# MPTCP v0 cannot be made with today's kernels: the capture is written by hand.
	python3 "$ROOT/tests/data/make-mptcp-v0.py" "$WORK/mptcp-v0.pcap"
	# A capture that starts mid-connection: the first 19 frames (both handshakes) cut.
	editcap "$WORK/mptcp.pcapng" "$WORK/mid.pcapng" 1-19
	MP_CAPTURES="mptcp.pcapng mptcp-v6-addaddr.pcapng mptcp-v0.pcap mptcp-reinject.pcapng"
	for c in $MP_CAPTURES; do
		oracle "$WORK/$c" "$WORK/$c.oracle"
		"$CAPREPORT" -q mptcp subflows all -f json "$WORK/$c" >"$WORK/$c.subflows.json"
		"$CAPREPORT" -q mptcp events all -f json "$WORK/$c" >"$WORK/$c.events.json"
		"$CAPREPORT" -q mptcp list -f json "$WORK/$c" >"$WORK/$c.list.json"
	done
	export MP_CAPTURES
}

@test "subflow grouping equals tshark's mptcp.stream on every MPTCP capture" {
	ts=$(col tcp.stream) ms=$(col mptcp.stream)
	for c in $MP_CAPTURES; do
		jq -r '.[] | "\(.tcp_stream),\(.conn)"' "$WORK/$c.subflows.json" | sort >"$BATS_TEST_TMPDIR/ours"
		awk -F'\t' -v ts="$ts" -v ms="$ms" '$ms != "" { print $ts "," $ms }' "$WORK/$c.oracle" | sort -u >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
	# a capture without MPTCP has no connection, and says so
	run "$CAPREPORT" -q mptcp list "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[[ "$output" == *"no MPTCP option"* ]]
}

@test "subflows per connection: 2 in both samples; the v0 capture has 3 with one refused join, and a second connection" {
	[ "$(jq '.[0].subflows' "$WORK/mptcp.pcapng.list.json")" -eq 2 ]
	[ "$(jq '.[0].subflows' "$WORK/mptcp-v6-addaddr.pcapng.list.json")" -eq 2 ]
	jq -e 'length == 2 and .[0].subflows == 3 and .[0].failed_joins == 1 and .[1].subflows == 1' "$WORK/mptcp-v0.pcap.list.json"
	jq -e '[.[] | select(.conn == 0) | .join] == ["established", "established", "refused"]' "$WORK/mptcp-v0.pcap.subflows.json"
	# the join's address ids and backup flag as sent in MP_JOIN (local 2, remote 5) and MP_PRIO (backup 1)
	jq -e '.[1].role == "join" and .[1].local_id == 2 and .[1].remote_id == 5 and .[1].backup == 1' "$WORK/mptcp-v0.pcap.subflows.json"
	# the v6 join goes to the announced address, not the initial one
	jq -e '.[1].server_addr == "fd01:2::2" and .[0].server_addr == "fd01:1::2"' "$WORK/mptcp-v6-addaddr.pcapng.subflows.json"
}

@test "versions: v1 for the kernel's captures, 0 for the hand-written one, as tshark reads the MP_CAPABLE SYN" {
	fl=$(col tcp.flags) st=$(col tcp.options.mptcp.subtype) ve=$(col tcp.options.mptcp.version) ms=$(col mptcp.stream)
	for c in $MP_CAPTURES; do
		jq -r '.[] | "\(.conn),\(.version)"' "$WORK/$c.list.json" | sort >"$BATS_TEST_TMPDIR/ours"
		awk -F'\t' -v fl="$fl" -v st="$st" -v ve="$ve" -v ms="$ms" '$fl == "0x0002" && $st == "0" { print $ms "," $ve }' \
			"$WORK/$c.oracle" | sort >"$BATS_TEST_TMPDIR/theirs"
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
		[ "$c" != mptcp-v0.pcap ] || [ "$(cat "$BATS_TEST_TMPDIR/theirs")" = "$(printf '0,0\n1,0')" ]
		[ "$c" = mptcp-v0.pcap ] || [ "$(cat "$BATS_TEST_TMPDIR/theirs")" = "0,1" ]
	done
}

@test "events: each control option in the frames tshark shows it, ADD_ADDR with the announced address" {
	fr=$(col frame.number) st=$(col tcp.options.mptcp.subtype) df=$(col tcp.options.mptcp.datafin.flag)
	a4=$(col tcp.options.mptcp.ipv4) a6=$(col tcp.options.mptcp.ipv6)
	for c in mptcp-v0.pcap mptcp-v6-addaddr.pcapng; do
		for ev in MP_CAPABLE:0 MP_JOIN:1 ADD_ADDR:3 REMOVE_ADDR:4 MP_PRIO:5 MP_FASTCLOSE:7; do
			jq -r --arg e "${ev%:*}" '.[] | select(.event == $e) | .frame' "$WORK/$c.events.json" >"$BATS_TEST_TMPDIR/ours"
			awk -F'\t' -v fr="$fr" -v st="$st" -v k="${ev#*:}" '{ n = split($st, s, ";"); for (i = 1; i <= n; i++) if (s[i] == k) { print $fr; break } }' \
				"$WORK/$c.oracle" >"$BATS_TEST_TMPDIR/theirs"
			diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
		done
		# ADD_ADDR names the address tshark decodes, once announced and once echoed
		awk -F'\t' -v st="$st" -v a4="$a4" -v a6="$a6" '$st ~ /(^|;)3(;|$)/ { print $a4 $a6 }' "$WORK/$c.oracle" | sort -u >"$BATS_TEST_TMPDIR/addr"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/addr")" -eq 1 ]
		jq -e --arg a "$(cat "$BATS_TEST_TMPDIR/addr")" '[.[] | select(.event == "ADD_ADDR") | .detail | contains($a)] | all and length >= 1' \
			"$WORK/$c.events.json"
	done
	jq -e '[.[] | select(.event == "ADD_ADDR")] | .[0].detail == "id 1 fd01:2::2" and .[1].detail == "id 1 fd01:2::2 (echo)"' \
		"$WORK/mptcp-v6-addaddr.pcapng.events.json"
	# DATA_FIN: the v0 capture's one DATA_FIN frame
	jq -r '.[] | select(.event == "DATA_FIN") | .frame' "$WORK/mptcp-v0.pcap.events.json" >"$BATS_TEST_TMPDIR/ours"
	awk -F'\t' -v fr="$fr" -v df="$df" '$df == "1" { print $fr }' "$WORK/mptcp-v0.pcap.oracle" >"$BATS_TEST_TMPDIR/theirs"
	[ -s "$BATS_TEST_TMPDIR/theirs" ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
}

@test "reinjections: the frames tshark marks mptcp.reinjection_of (v0), with the frame each one repeats" {
	c=$WORK/mptcp-v0.pcap
	fr=$(col frame.number) ro=$(col mptcp.reinjection_of)
	"$CAPREPORT" -q mptcp reinjections all -f json "$c" >"$BATS_TEST_TMPDIR/r.json"
	jq -r '.[] | "\(.frame),\(.reinjects_frame)"' "$BATS_TEST_TMPDIR/r.json" >"$BATS_TEST_TMPDIR/ours"
	awk -F'\t' -v fr="$fr" -v ro="$ro" '$ro != "" { split($ro, o, ";"); print $fr "," o[1] }' "$c.oracle" >"$BATS_TEST_TMPDIR/theirs"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -eq 2 ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	# and none in the samples, as tshark says too
	for s in mptcp.pcapng mptcp-v6-addaddr.pcapng; do
		[ "$(awk -F'\t' -v ro="$ro" '$ro != ""' "$WORK/$s.oracle" | wc -l)" -eq 0 ]
		[ "$(jq '.[0].reinjected_bytes' "$WORK/$s.list.json")" -eq 0 ]
	done
}

@test "reinjections on MPTCP v1: equal an independent count from the raw DSS fields (tshark 4.0 misses v1 joins)" {
	c=$WORK/mptcp-reinject.pcapng
	fr=$(col frame.number) ts=$(col tcp.stream) sp=$(col tcp.srcport) tl=$(col tcp.len) sq=$(col tcp.seq)
	dsn=$(col tcp.options.mptcp.rawdataseqno) ssn=$(col tcp.options.mptcp.subflowseqno)
	"$CAPREPORT" -q mptcp reinjections all -f json "$c" >"$BATS_TEST_TMPDIR/r.json"
	jq -r '.[].frame' "$BATS_TEST_TMPDIR/r.json" >"$BATS_TEST_TMPDIR/ours"
	# A client data segment whose DSN range (mapping DSN + offset in the mapping) overlaps an
	# earlier one sent on another subflow. The kernel repeats its mapping on every segment.
	# DSNs are 64-bit: offsets from the first DSN keep awk's doubles exact.
	awk -F'\t' -v fr="$fr" -v ts="$ts" -v sp="$sp" -v tl="$tl" -v sq="$sq" -v dsn="$dsn" -v ssn="$ssn" '
		function sub64(a, b,   la, lb) { la = length(a); lb = length(b)
			if (la > 12 && lb > 12 && substr(a, 1, la - 12) == substr(b, 1, lb - 12)) return substr(a, la - 11) - substr(b, lb - 11)
			return a - b }
		$sp == 5201 || $tl == 0 || $dsn == "" { next }
		{ if (base == "") base = $dsn
		  lo = sub64($dsn, base) + $sq - $ssn; hi = lo + $tl
		  for (i = 0; i < n; i++) if (S[i] != $ts && L[i] < hi && lo < H[i]) { print $fr; break }
		  L[n] = lo; H[n] = hi; S[n] = $ts; n++ }' "$c.oracle" >"$BATS_TEST_TMPDIR/theirs"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -gt 20 ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	# the list's reinjected bytes are the table's lengths
	[ "$(jq '[.[].length] | add' "$BATS_TEST_TMPDIR/r.json")" -eq "$(jq '.[0].reinjected_bytes' "$c.list.json")" ]
}

@test "MPTCP-level bytes are what the applications sent; wire bytes equal tshark's tcp.len sums per direction" {
	# make-samples.sh and make-mptcp-captures.sh send "hello\n" and N bytes; the server answers one line
	jq -e '.[0].bytes_c2s == 2000006 and .[0].bytes_s2c == 23' "$WORK/mptcp.pcapng.list.json"
	jq -e '.[0].bytes_c2s == 1000006 and .[0].bytes_s2c == 23' "$WORK/mptcp-v6-addaddr.pcapng.list.json"
	jq -e '.[0].bytes_c2s == 1500006 and .[0].bytes_s2c == 23' "$WORK/mptcp-reinject.pcapng.list.json"
	jq -e '.[0].bytes_c2s == 8000 and .[1].bytes_c2s == 1000' "$WORK/mptcp-v0.pcap.list.json"
	ms=$(col mptcp.stream) dp=$(col tcp.dstport) tl=$(col tcp.len)
	for c in $MP_CAPTURES; do
		jq -r '.[] | "\(.conn),\(.wire_c2s),\(.wire_s2c)"' "$WORK/$c.list.json" | sort >"$BATS_TEST_TMPDIR/ours"
		port=$(jq '.[0].server_port' "$WORK/$c.list.json")
		awk -F'\t' -v ms="$ms" -v dp="$dp" -v tl="$tl" -v port="$port" '$ms != "" {
			seen[$ms] = 1; if ($dp == port) c2s[$ms] += $tl; else s2c[$ms] += $tl }
			END { for (k in seen) print k "," c2s[k] + 0 "," s2c[k] + 0 }' "$WORK/$c.oracle" | sort >"$BATS_TEST_TMPDIR/theirs"
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
}

@test "summary: subflow shares add up to the MPTCP bytes; --out-of-order adds reordering; text for one connection" {
	c=$WORK/mptcp-reinject.pcapng
	"$CAPREPORT" -q mptcp summary 0 --out-of-order -f json "$c" >"$BATS_TEST_TMPDIR/s.json"
	jq -e '.mptcp_summary | length == 2' "$BATS_TEST_TMPDIR/s.json"
	jq -e '([.mptcp_contributions[] | select(.direction == "client->server") | .new_bytes] | add) == .mptcp_summary[0].mptcp_bytes' \
		"$BATS_TEST_TMPDIR/s.json"
	jq -e '([.mptcp_contributions[] | select(.direction == "client->server") | .share_pct] | add - 100 | fabs) < 1e-6' \
		"$BATS_TEST_TMPDIR/s.json"
	jq -e '.mptcp_summary[0].reinjections > 0 and .mptcp_summary[0].data_acked == .mptcp_summary[0].mptcp_bytes' \
		"$BATS_TEST_TMPDIR/s.json"
	jq -e '.mptcp_summary[0] | has("late_segments") and has("hol_max_ms") and .late_segments > 0' "$BATS_TEST_TMPDIR/s.json"
	"$CAPREPORT" -q mptcp summary 0 -f json "$c" | jq -e '.mptcp_summary[0] | has("late_segments") | not'
	run "$CAPREPORT" -q mptcp summary 0 "$c"
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == metric*client-\>server*server-\>client ]]
}

@test "a capture cut mid-connection: one connection with both subflows, found by DSN, and notes on what is missing" {
	"$CAPREPORT" -q mptcp list -f json "$WORK/mid.pcapng" >"$BATS_TEST_TMPDIR/l.json"
	jq -e 'length == 1 and .[0].subflows == 2 and .[0].version == null' "$BATS_TEST_TMPDIR/l.json"
	jq -e '.[0].note | contains("handshake not captured") and contains("grouped by DSN")' "$BATS_TEST_TMPDIR/l.json"
	# tshark alone cannot tie the two subflows together without the handshake
	[ "$(tshark -n -r "$WORK/mid.pcapng" -T fields -e mptcp.stream 2>/dev/null | sort -u | grep -c .)" -eq 2 ]
	# it lost 19 frames of data at most: the DSN range is within 20 segments of the full one
	jq -e '.[0].bytes_c2s > 2000006 - 20 * 1500 and .[0].bytes_c2s <= 2000006' "$BATS_TEST_TMPDIR/l.json"
	"$CAPREPORT" -q mptcp subflows 0 -f json "$WORK/mid.pcapng" | jq -e '[.[].join] == ["no handshake", "no handshake"]'
}

@test "mptcp plot: dsn, interarrival, tput and reinject-delay render with gnuplot into non-blank PNGs" {
	d=$BATS_TEST_TMPDIR/plots
	for k in dsn interarrival tput reinject-delay; do
		run "$CAPREPORT" -q mptcp plot 0 $k --plot-dir "$d" "$WORK/mptcp-reinject.pcapng"
		[ "$status" -eq 0 ]
		[ "$output" = "$d/mptcp-0-$k.svg" ]
		[ -s "$d/mptcp-0-$k.gp" ]
		[ -s "$d/mptcp-0-$k.svg" ]
	done
	# one colour per subflow, and the reinjections in red
	[ "$(png_pixels "$d/mptcp-0-dsn.png" 1f5fbf)" -gt 20 ]
	[ "$(png_pixels "$d/mptcp-0-dsn.png" ff7f0e)" -gt 20 ]
	[ "$(png_pixels "$d/mptcp-0-dsn.png" c0392b)" -gt 20 ]
	[ "$(png_pixels "$d/mptcp-0-interarrival.png" ff7f0e)" -gt 20 ]
	[ "$(png_pixels "$d/mptcp-0-tput.png" 1f5fbf)" -gt 20 ]
	[ "$(png_pixels "$d/mptcp-0-reinject-delay.png" d62728)" -gt 20 ]
	# the data is in the .dat files, not in the script
	[ "$(wc -l <"$d/mptcp-0-dsn.seg.dat")" -gt 500 ]
	[ "$(wc -c <"$d/mptcp-0-dsn.gp")" -lt 4000 ]
}

@test "mptcp failures: unknown connection, bad kind or usage exit 2, a CSV without MPTCP columns warns" {
	c=$WORK/mptcp.pcapng
	run "$CAPREPORT" -q mptcp subflows 7 "$c"
	[ "$status" -eq 2 ]
	[[ "$output" == *"no MPTCP connection 7"* ]]
	run "$CAPREPORT" -q mptcp plot 0 bogus "$c"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" -q mptcp summary "$c"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" -q mptcp events -1 "$c"
	[ "$status" -eq 2 ]
	# the cached CSV less its MPTCP columns (the tcp profile's 31 come first)
	cut -d, -f1-31 "$c.mptcp.csv" >"$BATS_TEST_TMPDIR/tcp.csv"
	run "$CAPREPORT" mptcp list "$BATS_TEST_TMPDIR/tcp.csv"
	[ "$status" -eq 0 ]
	[[ "$output" == *"lacks the columns"* ]]
}

@test "workbook: TCP streams, MPTCP connections and MPTCP subflows sheets after Protocols equal the CSVs; none without TCP" {
	c=$WORK/mptcp.pcapng x=$BATS_TEST_TMPDIR/wb.xlsx
	"$CAPREPORT" -q workbook -o "$x" "$c"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" shape "$x" |
		jq -e 'keys_unsorted | index("Protocols") + 1 == index("TCP streams") and
			index("TCP streams") + 1 == index("MPTCP connections") and
			index("MPTCP connections") + 1 == index("MPTCP subflows")'
	"$CAPREPORT" -q tcp list -f csv "$c" >"$BATS_TEST_TMPDIR/tcp.csv"
	"$CAPREPORT" -q mptcp list -f csv "$c" >"$BATS_TEST_TMPDIR/mp.csv"
	"$CAPREPORT" -q mptcp subflows all -f csv "$c" >"$BATS_TEST_TMPDIR/sf.csv"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" compare "$x" "TCP streams" "$BATS_TEST_TMPDIR/tcp.csv"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" compare "$x" "MPTCP connections" "$BATS_TEST_TMPDIR/mp.csv"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" compare "$x" "MPTCP subflows" "$BATS_TEST_TMPDIR/sf.csv"
	# mixed.pcapng has TCP and no MPTCP: a TCP sheet only
	"$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/mixed.xlsx" "$WORK/mixed.pcapng"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" shape "$BATS_TEST_TMPDIR/mixed.xlsx" |
		jq -e 'has("TCP streams") and (has("MPTCP connections") | not) and (has("MPTCP subflows") | not)'
	# the native engine reads no TCP fields: no TCP sheets, and no error for it
	"$CAPREPORT" -q workbook --engine native -o "$BATS_TEST_TMPDIR/native.xlsx" "$c"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" shape "$BATS_TEST_TMPDIR/native.xlsx" |
		jq -e 'has("Protocols") and (keys | map(select(test("TCP"))) | length == 0)'
	# a capture without TCP: no TCP sheets
	"$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/none.xlsx" "$WORK/bad/html-comment.pcapng"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" shape "$BATS_TEST_TMPDIR/none.xlsx" |
		jq -e 'has("Summary") and (keys | map(select(test("TCP"))) | length == 0)'
}
