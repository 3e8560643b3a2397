#!/usr/bin/env bats
# tcpdump.bats - tcpdump text as an input of every command, checked against the capture it came from.
# bats file_tags=sanitize
load helpers

setup_file() {
	copy_samples
	c="$WORK/mixed.pcapng"
	tcpdump -tttt -n -r "$c" >"$WORK/mixed-tttt.txt" 2>/dev/null
	tcpdump -tt -n -e -v -r "$c" >"$WORK/mixed-ev.txt" 2>/dev/null
	{ echo "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode"; cat "$WORK/mixed-tttt.txt"; } >"$WORK/mixed-header.txt"
}

# per address: packets, tx packets, rx packets (bytes differ: text has tcpdump's lengths)
endpoint_packets() {
	"$CAPREPORT" -q endpoints -f csv "$1" | csv_body /dev/stdin | cut -d, -f1,2,4,6 | sort
}

@test "endpoints from tcpdump text equal tshark's endpoints of the capture, packet for packet" {
	tshark_endpoints "$WORK/mixed.pcapng" | cut -d, -f1,2,4,6 >"$BATS_TEST_TMPDIR/theirs"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -ge 8 ]
	for t in mixed-tttt.txt mixed-ev.txt mixed-header.txt; do
		endpoint_packets "$WORK/$t" >"$BATS_TEST_TMPDIR/ours"
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
}

@test "TCP and UDP conversations from text: packets per direction equal tshark -z conv" {
	for by in tcp udp; do
		"$CAPREPORT" -q conversations --by $by -f csv "$WORK/mixed-tttt.txt" | csv_body /dev/stdin |
			awk -F, '{ print $1":"$2","$3":"$4","$5","$7 }' | sort >"$BATS_TEST_TMPDIR/ours"
		tshark_conv "$WORK/mixed.pcapng" $by >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
}

@test "info on text: packets, first and last time equal capinfos; with -e bytes are frame lengths" {
	capinfos -M -c -d -a -e "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/cap"
	cap() { sed -n "s/^$1: *//p" "$BATS_TEST_TMPDIR/cap"; }
	"$CAPREPORT" -q info -f csv "$WORK/mixed-ev.txt" >"$BATS_TEST_TMPDIR/info.csv"
	get() { awk -F, -v k="$1" '$1 == k { print $2; exit }' "$BATS_TEST_TMPDIR/info.csv"; }
	[ "$(get format)" = "tcpdump text" ]
	[ "$(get packets)" = "$(cap 'Number of packets')" ]
	[ "$(get bytes) bytes" = "$(cap 'Data size')" ]
	[ "$(get first_packet | tr T ' ' | tr -d Z)" = "$(cap 'First packet time')" ]
	[ "$(get last_packet | tr T ' ' | tr -d Z)" = "$(cap 'Last packet time')" ]
}

@test "filters work on text as on the capture" {
	for f in "--proto icmpv6" "--port 53" "--host 10.0.2.14" "--from +1s"; do
		# shellcheck disable=SC2086
		a=$("$CAPREPORT" -q info $f -f csv "$WORK/mixed.pcapng" | awk -F, '$1 == "packets" { print $2 }')
		# shellcheck disable=SC2086
		b=$("$CAPREPORT" -q info $f -f csv "$WORK/mixed-tttt.txt" | awk -F, '$1 == "packets" { print $2 }')
		[ "$a" -gt 0 ]
		[ "$a" = "$b" ]
	done
}

@test "text input: export refuses it, bad --date and --utc-offset are usage errors" {
	run "$CAPREPORT" export -o - "$WORK/mixed-tttt.txt"
	[ "$status" -eq 3 ]
	[[ "$output" == *"is tcpdump text"* ]]
	run "$CAPREPORT" info --utc-offset 25:00 "$WORK/mixed-tttt.txt"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" info --date 2024-13-01 "$WORK/mixed-tttt.txt"
	[ "$status" -eq 2 ]
	# the text is not a capture for tshark, and the sample that only pretends is refused
	run "$CAPREPORT" info "$WORK/bad/not-a-capture.pcap"
	[ "$status" -eq 3 ]
}
