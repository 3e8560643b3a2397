#!/usr/bin/env bats
# tunnels.bats - tunnelled packets (IP in IP, 6in4, GRE with IP and Ethernet, L2TP and PPPoE carrying IPv6,
# ICMP errors quoting a header) counted as tshark's -z conv and -z endpoints count them, with both engines.
load helpers

# tests/data/make-captures.py: tunnel.pcap (IP in IP, 6in4, 4in6, 6in6, GRE with IPv4 and IPv6),
# tunnel-l2.pcap (GRE with Ethernet, L2TP and PPPoE with PPP and IPv6), icmp-tcp.pcap (ICMP errors).
TUNNELS="tunnel.pcap tunnel-l2.pcap icmp-tcp.pcap"

setup_file() {
	copy_samples
	cp "$ROOT"/tests/data/tunnel.pcap "$ROOT"/tests/data/tunnel-l2.pcap "$ROOT"/tests/data/icmp-tcp.pcap "$WORK"/
}

# tshark's conversations of one kind (ip, ipv6, tcp, udp) as "A,B,frames_ab,bytes_ab,frames_ba,bytes_ba",
# sorted. Row: A <-> B  frames(<-) bytes unit  frames(->) bytes unit  total  start  duration.
tshark_conv_bytes() {
	tshark -n -q -r "$1" -z "conv,$2" 2>/dev/null |
		awk '$2 == "<->" && NF >= 14 { print $1","$3","$7","$8","$4","$5 }' | sort
}

# capreport's conversations in the same form; --by ip is split by family as tshark splits it.
ours_conv_bytes() {
	local by=$2 fam=""
	case $by in ip) fam=4 ;; ipv6) fam=6; by=ip ;; esac
	"$CAPREPORT" -q conversations --by "$by" -f csv --engine "$3" "$1" | tail -n +2 |
		awk -F, -v fam="$fam" '
			fam == 4 && $1 ~ /:/ { next }
			fam == 6 && $1 !~ /:/ { next }
			{ a = $1; b = $3; if ($2 != "") { a = a":"$2; b = b":"$4 }
			  print a","b","$5","$6","$7","$8 }' | sort
}

# bats test_tags=sanitize
@test "conversations --by tcp and --by udp: ports pair with the IP layer right before them (L2TP, PPPoE, GRE, IP in IP), as tshark -z conv,tcp and conv,udp, frames and bytes each way, both engines" {
	for c in $TUNNELS; do
		for by in tcp udp; do
			# Port 5201 of icmp-tcp.pcap: TCP options that tshark finds malformed or cut by the snap
			# length, which keep those frames out of its -z conv,tcp (no field of the ip profile says so).
			tshark_conv_bytes "$WORK/$c" $by | grep -v ':5201,' >"$BATS_TEST_TMPDIR/theirs"
			[ -s "$BATS_TEST_TMPDIR/theirs" ]
			for engine in native tshark; do
				ours_conv_bytes "$WORK/$c" $by $engine | grep -v ':5201,' >"$BATS_TEST_TMPDIR/ours"
				diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours" || { echo "$c --by $by --engine $engine"; return 1; }
			done
		done
	done
	# The case the rule is for: L2TP carrying IPv6 TCP. The TCP connection is the inner IPv6 pair,
	# and the L2TP pair has all 11 of its frames (not only those without TCP inside).
	ours_conv_bytes "$WORK/tunnel-l2.pcap" tcp native >"$BATS_TEST_TMPDIR/tcp"
	grep -qx 'fd00:1::1:40000,fd00:2::2:443,5,565,3,342' "$BATS_TEST_TMPDIR/tcp"
	no_match -F '192.0.2.1:40000' "$BATS_TEST_TMPDIR/tcp"
	ours_conv_bytes "$WORK/tunnel-l2.pcap" udp tshark >"$BATS_TEST_TMPDIR/udp"
	grep -qx '192.0.2.1:1701,203.0.113.3:1701,6,627,5,456' "$BATS_TEST_TMPDIR/udp"
}

# bats test_tags=sanitize
@test "conversations --by ip: every IP layer counts, outer and inner, not an ICMP error's quote, as tshark -z conv,ip and conv,ipv6, both engines" {
	for c in $TUNNELS; do
		for fam in ip ipv6; do
			tshark_conv_bytes "$WORK/$c" $fam >"$BATS_TEST_TMPDIR/theirs"
			[ -s "$BATS_TEST_TMPDIR/theirs" ]
			for engine in native tshark; do
				ours_conv_bytes "$WORK/$c" $fam $engine >"$BATS_TEST_TMPDIR/ours"
				diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours" || { echo "$c $fam --engine $engine"; return 1; }
			done
		done
	done
	# Inner hosts of IP in IP, GRE with Ethernet and 6in4 are there.
	ours_conv_bytes "$WORK/tunnel.pcap" ip native | grep -q '^10\.10\.0\.1,10\.10\.0\.2,'
	ours_conv_bytes "$WORK/tunnel-l2.pcap" ip native | grep -q '^10\.20\.0\.1,10\.20\.0\.2,3,281,1,92$'
	ours_conv_bytes "$WORK/tunnel.pcap" ipv6 tshark | grep -q '^fd00::1,fd00::2,'
}

# bats test_tags=sanitize
@test "endpoints: every IP layer's hosts, as tshark -z endpoints,ip and endpoints,ipv6, both engines" {
	for c in $TUNNELS; do
		tshark_endpoints "$WORK/$c" >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		for engine in native tshark; do
			"$CAPREPORT" -q endpoints -f csv --engine $engine "$WORK/$c" | tail -n +2 | cut -d, -f1-7 | sort >"$BATS_TEST_TMPDIR/ours"
			diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours" || { echo "$c --engine $engine"; return 1; }
		done
	done
	# The inner hosts of PPPoE, L2TP and GRE with Ethernet are there.
	"$CAPREPORT" -q endpoints -f csv --engine native "$WORK/tunnel-l2.pcap" >"$BATS_TEST_TMPDIR/ep.csv"
	grep -q '^fd00:3::1,8,667,' "$BATS_TEST_TMPDIR/ep.csv"
	grep -q '^fd00:2::2,8,907,' "$BATS_TEST_TMPDIR/ep.csv"
	grep -q '^10\.20\.0\.2,4,373,' "$BATS_TEST_TMPDIR/ep.csv"
}

@test "tcp list: a tunnelled connection with its inner addresses, as tshark -z conv,tcp" {
	for c in tunnel.pcap tunnel-l2.pcap; do
		"$CAPREPORT" -q tcp list -f csv "$WORK/$c" | tail -n +2 | awk -F, '{ print $2":"$3","$4":"$5","$6","$8 }' | sort >"$BATS_TEST_TMPDIR/ours"
		tshark_conv "$WORK/$c" tcp >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
}

# bats test_tags=sanitize
@test "L2TP and PPPoE are read natively: every column equals tshark's export, and auto picks the native engine" {
	mkdir -p "$BATS_TEST_TMPDIR/conf"
	mapfile -t argv < <("$CAPREPORT" export --print-tshark-argv "$WORK/tunnel-l2.pcap")
	WIRESHARK_CONFIG_DIR="$BATS_TEST_TMPDIR/conf" "${argv[@]}" >"$BATS_TEST_TMPDIR/theirs.csv" 2>/dev/null
	# What the capture holds, in tshark's words.
	grep -q '"eth:ethertype:ip:udp:l2tp:ppp:ipv6:tcp"' "$BATS_TEST_TMPDIR/theirs.csv"
	grep -q '"eth:ethertype:pppoes:ppp:ipv6:tcp' "$BATS_TEST_TMPDIR/theirs.csv"
	grep -q '"eth:ethertype:ip:gre:eth:ethertype:ip:tcp"' "$BATS_TEST_TMPDIR/theirs.csv"
	grep -q '"eth:ethertype:ip:udp:l2tp:ppp:lcp"' "$BATS_TEST_TMPDIR/theirs.csv"
	"$CAPREPORT" -q export --engine native -o "$BATS_TEST_TMPDIR/ours.csv" "$WORK/tunnel-l2.pcap"
	run /usr/bin/python3 "$BATS_TEST_DIRNAME/compare-rows.py" "$BATS_TEST_TMPDIR/theirs.csv" "$BATS_TEST_TMPDIR/ours.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	run "$CAPREPORT" -v info "$WORK/tunnel-l2.pcap"
	[ "$status" -eq 0 ]
	[[ "$output" == *"reading with the native engine"* ]]
}

# bats test_tags=sanitize
@test "info and the report say when a capture holds tunnels, and only then" {
	for engine in native tshark; do
		run "$CAPREPORT" -q info --engine $engine "$WORK/tunnel-l2.pcap"
		[ "$status" -eq 0 ]
		# GRE (5 packets) and L2TP with IPv6 inside (8); PPPoE carries one IP layer.
		[[ "$output" == *"The capture holds tunnels: 13 packets carry an IP layer inside another"* ]]
		run "$CAPREPORT" -q info --engine $engine "$WORK/tunnel.pcap"
		[[ "$output" == *"The capture holds tunnels: 7 packets"* ]]
	done
	# ICMP errors quote a header: not a tunnel.
	run "$CAPREPORT" -q info "$WORK/icmp-tcp.pcap"
	[ "$status" -eq 0 ]
	[[ "$output" != *"tunnels"* ]]
	"$CAPREPORT" -q report -o "$BATS_TEST_TMPDIR/rep" "$WORK/tunnel-l2.pcap" || [ $? -eq 7 ]
	grep -rlq "The capture holds tunnels: 13 packets" "$BATS_TEST_TMPDIR/rep" --include='*.html'
}
