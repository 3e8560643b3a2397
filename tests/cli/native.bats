#!/usr/bin/env bats
# native.bats - the native capture reader against tshark: row by row, table by table, failure by failure.
# bats file_tags=sanitize
load helpers

# Debian's python3 (install-deps.sh) starts fastest; any python3 will do.
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

# Crafted captures (tests/data/make-captures.py): every column must equal tshark's.
CRAFTED="vlan.pcap sll.pcap sll2.pcap raw.pcap raw4.pcap raw6.pcap null.pcap loop.pcap ipv6-ext.pcap
frag.pcap tunnel.pcap icmp-tcp.pcap multi-link.pcapng multi-link.pcapng.gz two-sections.pcapng"

setup_file() {
	copy_samples
	cp "$ROOT"/tests/data/*.pcap* "$WORK"/
	mkdir -p "$WORK/out" "$WORK/conf"
	# One tshark run per capture, with the very argv and clean settings capreport uses,
	# and one native export. The gzip copy of multi-link.pcapng has the same rows.
	for c in $GOOD_CAPTURES $CRAFTED malformed.pcap wifi.pcap; do
		if [ "$c" != multi-link.pcapng.gz ]; then
			mapfile -t argv < <("$CAPREPORT" export --print-tshark-argv "$WORK/$c")
			WIRESHARK_CONFIG_DIR="$WORK/conf" LC_ALL=C "${argv[@]}" >"$WORK/out/$c.tshark.csv" 2>/dev/null
		fi
		"$CAPREPORT" -q export --engine native -o "$WORK/out/$c.native.csv" "$WORK/$c" 2>/dev/null
	done
	cp "$WORK/out/multi-link.pcapng.tshark.csv" "$WORK/out/multi-link.pcapng.gz.tshark.csv"
}

# The tshark engine's tables come from reading tshark's CSV as an input: the code path of a
# cache hit, without starting tshark for each comparison.

@test "every column the native engine writes equals tshark's, row by row, on every sample and crafted capture" {
	for c in $GOOD_CAPTURES $CRAFTED; do
		# two-sections.pcapng's simple packet block has no time: both write an empty frame.time_epoch.
		theirs="$WORK/out/$c.tshark.csv"
		run "$PYTHON" "$BATS_TEST_DIRNAME/compare-rows.py" "$theirs" "$WORK/out/$c.native.csv"
		echo "$c: $output"
		[ "$status" -eq 0 ]
		[ "$(wc -l <"$theirs")" -gt 2 ]
	done
}

@test "the crafted captures hold what they are named for, in tshark's own words" {
	has() { grep -q -- "$2" "$WORK/out/$1.tshark.csv" || { echo "$1 lacks $2"; return 1; }; }
	has vlan.pcap '"eth:ethertype:vlan:ethertype:ip:tcp"'
	has vlan.pcap 'ieee8021ad:ethertype:vlan:ethertype:ipv6'
	has sll.pcap '"sll:ethertype:ipv6:udp'
	has sll2.pcap '"sll:ethertype:ip:tcp"'
	has raw.pcap '"raw:ipv6:icmpv6'
	has raw4.pcap '"ip:tcp"'
	has raw6.pcap '"ipv6:ip:tcp"'
	has null.pcap '"null:ipv6:tcp"'
	has loop.pcap '"null:ip:udp'
	has ipv6-ext.pcap 'ipv6:ipv6.hopopts:icmpv6'
	has ipv6-ext.pcap 'ipv6.routing:tcp'
	has ipv6-ext.pcap 'ipv6:ah:udp'
	has ipv6-ext.pcap 'ipv6.dstopts:ipv6.fraghdr:udp'
	has tunnel.pcap '"eth:ethertype:ip:gre:ipv6:udp'
	has tunnel.pcap '"192.0.2.1;10.10.0.1"'
	has icmp-tcp.pcap 'ip:icmp:ip:tcp'
	has icmp-tcp.pcap 'ipv6:icmpv6:ipv6:udp'
	has icmp-tcp.pcap 'tcp:mptcp:mptcp'
	has multi-link.pcapng '"sll:ethertype:ip:tcp","1"'
	has multi-link.pcapng '"raw:ip:tcp","2"'
	has multi-link.pcapng '1700000000.123456789'
	# Fragments: the frame that completes a datagram carries its ports (reassembly), the others none.
	[ "$(awk -F, '$4 == "\"raw:ip:udp:data\""' "$WORK/out/frag.pcap.tshark.csv" | wc -l)" -ge 4 ]
	[ "$(awk -F, '$4 == "\"raw:ip:data\""' "$WORK/out/frag.pcap.tshark.csv" | wc -l)" -ge 8 ]
	# TCP: a SYN with a new sequence number on the same ports starts a new stream.
	[ "$(grep -c '"44000","80",,,"2"' "$WORK/out/icmp-tcp.pcap.tshark.csv")" -ge 5 ]
	[ "$(grep -c '"44000","80",,,"3"' "$WORK/out/icmp-tcp.pcap.tshark.csv")" -ge 5 ]
}

@test "conversations (ip, tcp, udp) and endpoints are identical with both engines" {
	for c in $GOOD_CAPTURES $CRAFTED; do
		for cmd in "conversations" "conversations --by tcp" "conversations --by udp" "endpoints"; do
			# shellcheck disable=SC2086
			"$CAPREPORT" -q $cmd -f csv "$WORK/out/$c.tshark.csv" >"$BATS_TEST_TMPDIR/tshark" 2>/dev/null
			# shellcheck disable=SC2086
			"$CAPREPORT" -q $cmd -f csv --engine native "$WORK/$c" >"$BATS_TEST_TMPDIR/native" 2>/dev/null
			diff -u "$BATS_TEST_TMPDIR/tshark" "$BATS_TEST_TMPDIR/native" || { echo "$c: $cmd"; return 1; }
		done
	done
	# Not a comparison of empty tables.
	[ "$(wc -l <"$BATS_TEST_TMPDIR/tshark")" -gt 1 ]
	# The tshark engine proper gives what its CSV gives.
	"$CAPREPORT" -q conversations -f csv --engine tshark "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/tshark"
	"$CAPREPORT" -q conversations -f csv --engine native "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/native"
	diff -u "$BATS_TEST_TMPDIR/tshark" "$BATS_TEST_TMPDIR/native"
}

@test "info: the same summary and interface counts with both engines; protocols up to the transport as tshark names them" {
	# One jq per run: summary rows (S), engine (E), packets per interface (I), protocols (P).
	flat='(.summary[] | select(.metric | test("^(file|format|engine|interfaces|comment)$") | not) | "S,\(.metric),\(.value)"),
	      (.summary[] | select(.metric == "engine") | "E,\(.value)"),
	      (.interfaces[] | select(.packets > 0) | "I,\(.id),\(.packets)"),
	      (.protocols[] | "P,\(.protocol),\(.packets),\(.bytes)")'
	for c in $GOOD_CAPTURES $CRAFTED; do
		"$CAPREPORT" -q info -f json "$WORK/out/$c.tshark.csv" 2>/dev/null | jq -r "$flat" >"$BATS_TEST_TMPDIR/t"
		"$CAPREPORT" -q info -f json --engine native "$WORK/$c" 2>/dev/null | jq -r "$flat" >"$BATS_TEST_TMPDIR/n"
		diff -u <(grep ^S "$BATS_TEST_TMPDIR/t") <(grep ^S "$BATS_TEST_TMPDIR/n") || { echo "$c"; return 1; }
		grep -qx E,native "$BATS_TEST_TMPDIR/n"
		# Not a comparison of empty summaries: its 11 rows (packets to other_packets) are there,
		# and packets_without_time where a packet had none.
		[ "$(grep -c ^S "$BATS_TEST_TMPDIR/n")" -eq $((11 + $(grep -c '^S,packets_without_time,' "$BATS_TEST_TMPDIR/n"))) ]
		grep -q ^P "$BATS_TEST_TMPDIR/n"
		grep -q ^I "$BATS_TEST_TMPDIR/n"
		# Packets per interface: tshark's frame.interface_id (empty for pcap: interface 0).
		awk -F, 'NR > 1 { gsub(/"/, "", $5); n[$5 == "" ? 0 : $5]++ } END { for (i in n) print "I,"i","n[i] }' \
			"$WORK/out/$c.tshark.csv" | sort >"$BATS_TEST_TMPDIR/theirs"
		diff -u "$BATS_TEST_TMPDIR/theirs" <(grep ^I "$BATS_TEST_TMPDIR/n" | sort) || { echo "$c interfaces"; return 1; }
		# The native protocol table: tshark's frame.protocols cut at the layers it names, counted by highest layer.
		"$PYTHON" "$BATS_TEST_DIRNAME/compare-rows.py" --protocols "$WORK/out/$c.tshark.csv" | sed 's/^/P,/' | sort >"$BATS_TEST_TMPDIR/theirs"
		diff -u "$BATS_TEST_TMPDIR/theirs" <(grep ^P "$BATS_TEST_TMPDIR/n" | sort) || { echo "$c protocols"; return 1; }
	done
	# The interfaces table itself is the same file reading for both engines.
	"$CAPREPORT" -q info -f json --engine tshark "$WORK/mixed.pcapng" | jq -c .interfaces >"$BATS_TEST_TMPDIR/t.if"
	"$CAPREPORT" -q info -f json --engine native "$WORK/mixed.pcapng" | jq -c .interfaces >"$BATS_TEST_TMPDIR/n.if"
	diff -u "$BATS_TEST_TMPDIR/t.if" "$BATS_TEST_TMPDIR/n.if"
	[ "$(jq length "$BATS_TEST_TMPDIR/n.if")" -eq 3 ]
}

@test "filters give the same packets with both engines (--proto, --port, --host, --from)" {
	for c in mixed.pcapng mptcp.pcapng icmp-tcp.pcap tunnel.pcap frag.pcap ipv6-ext.pcap; do
		for f in "--proto icmpv6" "--proto udp" "--proto mptcp" "--proto 17" "--proto ipv6.fraghdr" "--port 53" \
			"--host 10.0.1.0/24" "--host 2001:db8::1" "--from +1s"; do
			# shellcheck disable=SC2086
			"$CAPREPORT" -q endpoints $f -f csv "$WORK/out/$c.tshark.csv" >"$BATS_TEST_TMPDIR/tshark"
			# shellcheck disable=SC2086
			"$CAPREPORT" -q endpoints $f -f csv --engine native "$WORK/$c" >"$BATS_TEST_TMPDIR/native"
			diff -u "$BATS_TEST_TMPDIR/tshark" "$BATS_TEST_TMPDIR/native" || { echo "$c $f"; return 1; }
		done
	done
}

@test "--engine auto reads with the native engine when it can, and says so with -v" {
	run "$CAPREPORT" -v conversations "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[[ "$output" == *"'$WORK/mixed.pcapng': reading with the native engine"* ]]
	[[ "$output" != *"running:"* ]]
	# The native engine needs neither tshark nor a cache.
	rm -f "$WORK"/small.pcap.gz.ip.*
	run "$CAPREPORT" --tshark /nonexistent/tshark -q endpoints "$WORK/small.pcap.gz"
	[ "$status" -eq 0 ]
	[ -n "$output" ]
	[ ! -e "$WORK/small.pcap.gz.ip.csv" ]
	run "$CAPREPORT" -q info -f csv --proto udp "$WORK/mixed.pcapng"
	[[ "$output" == *"engine,native"* ]]
}

@test "--engine auto hands a capture to tshark when the native engine cannot read it as tshark does" {
	for c in malformed.pcap wifi.pcap; do
		"$CAPREPORT" -v endpoints -f csv "$WORK/$c" >"$BATS_TEST_TMPDIR/auto" 2>"$BATS_TEST_TMPDIR/err"
		cat "$BATS_TEST_TMPDIR/err"
		grep -q "reading with tshark, not the native engine: frame " "$BATS_TEST_TMPDIR/err"
		grep -q "running: .*tshark" "$BATS_TEST_TMPDIR/err"
		"$CAPREPORT" -q endpoints -f csv "$WORK/out/$c.tshark.csv" >"$BATS_TEST_TMPDIR/tshark"
		diff -u "$BATS_TEST_TMPDIR/tshark" "$BATS_TEST_TMPDIR/auto"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/auto")" -gt 1 ]
	done
	grep -q "frame 1: a link type the decoder does not read" "$BATS_TEST_TMPDIR/err"
	# What only tshark dissects: display filters and upper-layer --proto names.
	run "$CAPREPORT" -v endpoints -Y udp "$WORK/mixed.pcapng"
	[[ "$output" == *"display filters (-Y) need tshark"* ]]
	run "$CAPREPORT" -v info -f csv --proto dns "$WORK/mixed.pcapng"
	[[ "$output" == *"it does not dissect 'dns'"* ]]
	[[ "$output" == *"engine,tshark"* ]]
	# And without tshark, such a capture fails as any tshark run does.
	run "$CAPREPORT" --tshark /nonexistent/tshark -q endpoints --no-cache "$WORK/wifi.pcap"
	[ "$status" -eq 5 ]
}

@test "--engine native reports what it cannot decode, and refuses what it cannot serve" {
	run "$CAPREPORT" endpoints --engine native -f csv "$WORK/malformed.pcap"
	[ "$status" -eq 0 ]
	# Frames 2 to 9 are each damaged in one header field; 3 (TCP cut by the snap length) is read as tshark does.
	[[ "$output" == *"7 packets read by the native engine may differ from tshark's, the first at frame 2: IPv4 header cut short"* ]]
	run "$CAPREPORT" endpoints --engine native --proto dns "$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
	[[ "$output" == *"the native engine cannot read"*"it does not dissect 'dns'"* ]]
	run "$CAPREPORT" endpoints --engine native -Y tcp "$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" export --engine native "$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
	[[ "$output" == *"keeps no cache"* ]]
	run "$CAPREPORT" export --engine native --profile tcp -o - "$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
	[[ "$output" == *"not the tcp profile's"* ]]
	run "$CAPREPORT" conversations --engine bogus "$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
	# export without --engine is tshark's CSV, upper layers included.
	"$CAPREPORT" -q export -o "$BATS_TEST_TMPDIR/auto.csv" "$WORK/mixed.pcapng"
	grep -q ':udp:dns"' "$BATS_TEST_TMPDIR/auto.csv"
}

@test "damaged captures: the same results, last good frame and exit code as with tshark" {
	head -c 1500 "$WORK/small.pcap.gz" >"$WORK/cut.pcap.gz"
	"$PYTHON" - "$WORK/mixed.pcapng" "$WORK/badlen.pcapng" <<-'EOF'
		import struct, sys
		d = bytearray(open(sys.argv[1], "rb").read())
		off = n = 0
		while off < len(d):
		    t, l = struct.unpack_from("<II", d, off)
		    if t == 6:
		        n += 1
		        if n == 10:
		            struct.pack_into("<I", d, off + 4, 0x7ffffff0)
		            break
		    off += l
		open(sys.argv[2], "wb").write(d)
	EOF
	for c in bad/truncated.pcap bad/truncated.pcapng cut.pcap.gz badlen.pcapng; do
		for e in tshark native; do
			run "$CAPREPORT" endpoints -f csv --engine $e "$WORK/$c"
			echo "$c $e: $output"
			[ "$status" -eq 4 ]
			echo "$output" | grep -E '^(addr,|[0-9a-f.:]+,[0-9])' >"$BATS_TEST_TMPDIR/$e.csv"
			echo "$output" | sed -n 's/.*results cover the packets up to frame \([0-9]*\),.*/\1/p' >"$BATS_TEST_TMPDIR/$e.last"
		done
		[ -s "$BATS_TEST_TMPDIR/native.last" ]
		diff -u "$BATS_TEST_TMPDIR/tshark.last" "$BATS_TEST_TMPDIR/native.last"
		diff -u "$BATS_TEST_TMPDIR/tshark.csv" "$BATS_TEST_TMPDIR/native.csv"
	done
	run "$CAPREPORT" info --engine native "$WORK/bad/truncated.pcapng"
	[[ "$output" == *"is damaged: the file was cut short in the middle of a packet, after frame 36"* ]]
}

@test "empty, header-only and non-capture inputs behave as with tshark" {
	for c in bad/empty.pcap bad/header-only.pcap bad/not-a-capture.pcap; do
		run "$CAPREPORT" endpoints -f csv --engine tshark "$WORK/$c"
		t_status=$status t_output=$output
		run "$CAPREPORT" endpoints -f csv --engine native "$WORK/$c"
		[ "$status" -eq "$t_status" ]
		[ "$output" = "$t_output" ]
	done
	run "$CAPREPORT" -q info -f csv --engine native "$WORK/bad/header-only.pcap"
	[ "$status" -eq 0 ]
	[[ "$output" == *"packets,0"* ]]
}

@test "--proto 58 finds ICMPv6 behind IPv6 extension headers, with both engines, as tshark's icmpv6 filter does" {
	c="$WORK/ipv6-ext.pcap"
	want=$(tshark -r "$c" -Y 'icmpv6 && !icmp' 2>/dev/null | wc -l)
	[ "$want" -gt 0 ]
	# the crafted capture really has ICMPv6 whose fixed header names an extension header
	[ "$(tshark -r "$c" -Y 'icmpv6 && ipv6.nxt != 58' 2>/dev/null | wc -l)" -gt 0 ]
	for src in "--engine native $c" "$WORK/out/ipv6-ext.pcap.tshark.csv"; do
		# shellcheck disable=SC2086
		got=$("$CAPREPORT" -q conversations --proto 58 -f csv $src | awk -F, 'NR > 1 { s += $9 } END { print s + 0 }')
		[ "$got" -eq "$want" ]
	done
}
