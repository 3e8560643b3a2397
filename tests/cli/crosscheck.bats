#!/usr/bin/env bats
# crosscheck.bats - every number checked against what tshark and capinfos say for the same capture.
load helpers

setup_file() {
	copy_samples
}

@test "endpoints equal tshark -z endpoints,ip and endpoints,ipv6 exactly, on every sample" {
	for c in $GOOD_CAPTURES; do
		"$CAPREPORT" -q endpoints -f csv "$WORK/$c" >"$BATS_TEST_TMPDIR/ep.csv"
		csv_body "$BATS_TEST_TMPDIR/ep.csv" | cut -d, -f1-7 | sort >"$BATS_TEST_TMPDIR/ours"
		tshark_endpoints "$WORK/$c" >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
}

@test "IP conversations: frames per direction and A/B equal tshark -z conv,ip; bytes equal sums of frame.len" {
	for c in $GOOD_CAPTURES; do
		"$CAPREPORT" -q conversations --by ip -f csv "$WORK/$c" >"$BATS_TEST_TMPDIR/conv.csv"
		csv_body "$BATS_TEST_TMPDIR/conv.csv" | awk -F, '{ print $1","$3","$5","$7 }' | sort >"$BATS_TEST_TMPDIR/ours"
		tshark_conv "$WORK/$c" ip >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"

		csv_body "$BATS_TEST_TMPDIR/conv.csv" |
			awk -F, '{ k = $1 < $3 ? $1","$3 : $3","$1; print k","$10 }' | sort >"$BATS_TEST_TMPDIR/ours-bytes"
		tshark_pair_bytes "$WORK/$c" >"$BATS_TEST_TMPDIR/theirs-bytes"
		diff -u "$BATS_TEST_TMPDIR/theirs-bytes" "$BATS_TEST_TMPDIR/ours-bytes"
	done
}

@test "TCP and UDP conversations: frames per direction equal tshark -z conv,tcp and conv,udp" {
	for c in $GOOD_CAPTURES; do
		for by in tcp udp; do
			"$CAPREPORT" -q conversations --by $by -f csv "$WORK/$c" >"$BATS_TEST_TMPDIR/conv.csv"
			csv_body "$BATS_TEST_TMPDIR/conv.csv" |
				awk -F, '{ a = $1 ~ /:/ ? $1 : $1; print a":"$2","$3":"$4","$5","$7 }' | sort >"$BATS_TEST_TMPDIR/ours"
			tshark_conv "$WORK/$c" $by >"$BATS_TEST_TMPDIR/theirs"
			diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
		done
	done
	# The mixed sample has both kinds: the comparison above was not of empty lists.
	[ "$(tshark_conv "$WORK/mixed.pcapng" tcp | wc -l)" -gt 2 ]
	[ "$(tshark_conv "$WORK/mixed.pcapng" udp | wc -l)" -gt 2 ]
}

@test "relative start and duration agree with tshark -z conv,ip and conv,ipv6" {
	c="$WORK/mixed.pcapng"
	"$CAPREPORT" -q conversations -f csv "$c" | csv_body /dev/stdin |
		awk -F, '{ print $1","$3","$11","$12 }' | sort >"$BATS_TEST_TMPDIR/ours"
	tshark -n -q -r "$c" -z conv,ip -z conv,ipv6 2>/dev/null |
		awk '$2 == "<->" && NF >= 14 { print $1","$3","$(NF-1)","$NF }' | sort >"$BATS_TEST_TMPDIR/theirs"
	paste -d, "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/theirs" | awk -F, '
		$1 != $5 || $2 != $6 { print "pair differs: " $0; bad = 1 }
		($3 - $7) > 1e-6 || ($7 - $3) > 1e-6 { print "start differs: " $0; bad = 1 }
		($4 - $8) > 1e-4 || ($8 - $4) > 1e-4 { print "duration differs: " $0; bad = 1 }
		END { exit bad }'
}

@test "info agrees with capinfos: packets, data size, first and last packet, duration" {
	for c in mixed.pcapng mptcp.pcapng midnight-gap.pcap small.pcap.gz; do
		"$CAPREPORT" -q info -f csv "$WORK/$c" >"$BATS_TEST_TMPDIR/info.csv"
		get() { awk -F, -v k="$1" '$1 == k { print $2; exit }' "$BATS_TEST_TMPDIR/info.csv"; }
		capinfos -M -c -d -a -e -u "$WORK/$c" >"$BATS_TEST_TMPDIR/cap"
		cap() { sed -n "s/^$1: *//p" "$BATS_TEST_TMPDIR/cap"; }
		[ "$(get packets)" = "$(cap 'Number of packets')" ]
		[ "$(get bytes) bytes" = "$(cap 'Data size')" ]
		# capinfos prints local time (TZ=UTC here) with a space; ours is ISO 8601 UTC.
		[ "$(get first_packet | tr T ' ' | tr -d Z)" = "$(cap 'First packet time')" ]
		[ "$(get last_packet | tr T ' ' | tr -d Z)" = "$(cap 'Last packet time')" ]
		[ "$(get duration_s) seconds" = "$(cap 'Capture duration')" ]
	done
}

@test "info lists the interfaces of a pcapng with their packet counts" {
	"$CAPREPORT" -q info -f json "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/info.json"
	n=$(capinfos -M -I "$WORK/mixed.pcapng" | sed -n 's/^Number of interfaces in file: //p')
	[ "$(jq '.interfaces | length' "$BATS_TEST_TMPDIR/info.json")" -eq "$n" ]
	[ "$n" -ge 2 ]
	total=$(jq '[.interfaces[].packets] | add' "$BATS_TEST_TMPDIR/info.json")
	[ "$total" -eq "$(jq -r '.summary[] | select(.metric == "packets") | .value' "$BATS_TEST_TMPDIR/info.json")" ]
}

@test "filters agree with the same tshark display filter" {
	c="$WORK/mixed.pcapng"
	# --port N is tcp.port or udp.port N
	port=$(tshark -n -r "$c" -T fields -e udp.dstport -Y udp 2>/dev/null | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
	[ -n "$port" ]
	"$CAPREPORT" -q endpoints --port "$port" -f csv "$c" | csv_body /dev/stdin | cut -d, -f1-7 | sort >"$BATS_TEST_TMPDIR/ours"
	tshark -n -q -r "$c" -z "endpoints,ip,tcp.port==$port || udp.port==$port" -z "endpoints,ipv6,tcp.port==$port || udp.port==$port" 2>/dev/null |
		awk 'NF == 7 && $2 ~ /^[0-9]+$/ && ($1 ~ /\./ || $1 ~ /:/) { print $1","$2","$3","$4","$5","$6","$7 }' | sort >"$BATS_TEST_TMPDIR/theirs"
	[ -s "$BATS_TEST_TMPDIR/theirs" ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"

	# --proto icmpv6
	"$CAPREPORT" -q endpoints --proto icmpv6 -f csv "$c" | csv_body /dev/stdin | cut -d, -f1-7 | sort >"$BATS_TEST_TMPDIR/ours"
	tshark -n -q -r "$c" -z "endpoints,ipv6,icmpv6" 2>/dev/null |
		awk 'NF == 7 && $2 ~ /^[0-9]+$/ { print $1","$2","$3","$4","$5","$6","$7 }' | sort >"$BATS_TEST_TMPDIR/theirs"
	[ -s "$BATS_TEST_TMPDIR/theirs" ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
}

@test "--host keeps the packets from or to an address" {
	c="$WORK/mixed.pcapng"
	host=$("$CAPREPORT" -q endpoints -f csv "$c" | awk -F, 'NR == 2 { print $1 }')
	want=$("$CAPREPORT" -q endpoints -f csv "$c" | awk -F, -v h="$host" '$1 == h { print $2 }')
	got=$("$CAPREPORT" -q info --host "$host" -f csv "$c" | awk -F, '$1 == "packets" { print $2 }')
	# A packet host→host would count twice in endpoints; the sample has none.
	[ "$got" -eq "$want" ]
}

@test "--from and --to select a time window, absolute or relative" {
	c="$WORK/midnight-gap.pcap"
	all=$("$CAPREPORT" -q info -f csv "$c" | awk -F, '$1 == "packets" { print $2 }')
	before=$("$CAPREPORT" -q info --to 2024-03-10T00:00:00Z -f csv "$c" | awk -F, '$1 == "packets" { print $2 }')
	after=$("$CAPREPORT" -q info --from 2024-03-10 -f csv "$c" | awk -F, '$1 == "packets" { print $2 }')
	[ "$before" -gt 0 ]
	[ "$after" -gt 0 ]
	[ $((before + after)) -eq "$all" ]
	first=$(tshark -n -r "$c" -c 1 -T fields -e frame.time_epoch 2>/dev/null)
	want=$(tshark -n -r "$c" -Y "frame.time_relative < 60" 2>/dev/null | wc -l)
	got=$("$CAPREPORT" -q info --to +60s -f csv "$c" | awk -F, '$1 == "packets" { print $2 }')
	[ "$got" -eq "$want" ]
	[ -n "$first" ]
}
