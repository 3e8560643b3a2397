#!/usr/bin/env bats
# untimed.bats - packets without a time (pcapng simple packet blocks) are counted by both engines, as
# capinfos and tshark count them, and the tables over time say how many they leave out.
load helpers

PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

# tests/data/make-captures.py: SPBs only; SPBs and EPBs over three sections, the last big-endian;
# a big-endian capture; the two-section capture with one SPB.
UNTIMED="spb-only.pcapng spb-mixed.pcapng spb-big-endian.pcapng two-sections.pcapng"

setup_file() {
	WORK=$(mktemp -d "${BATS_FILE_TMPDIR:-/tmp}/work.XXXXXX")
	export WORK
	for c in $UNTIMED; do
		mkdir -p "$WORK/native" "$WORK/tshark"
		cp "$ROOT/tests/data/$c" "$WORK/native/"
		cp "$ROOT/tests/data/$c" "$WORK/tshark/"
	done
}

# untimed CAPTURE: how many packets tshark gives no frame.time_epoch.
untimed() {
	tshark -n -r "$1" -T fields -e frame.time_epoch 2>/dev/null | grep -c '^$'
}

# bats test_tags=sanitize
@test "info: packets, bytes and packets without a time equal capinfos and tshark, with both engines" {
	for c in $UNTIMED; do
		capinfos -M -c -d "$ROOT/tests/data/$c" >"$BATS_TEST_TMPDIR/cap"
		cap() { sed -n "s/^$1: *//p" "$BATS_TEST_TMPDIR/cap"; }
		n=$(untimed "$ROOT/tests/data/$c")
		[ "$n" -ge 1 ]
		for e in native tshark; do
			"$CAPREPORT" -q info --engine $e -f csv "$WORK/$e/$c" >"$BATS_TEST_TMPDIR/info.csv"
			get() { awk -F, -v k="$1" '$1 == k { print $2; exit }' "$BATS_TEST_TMPDIR/info.csv"; }
			echo "$c $e: $(cat "$BATS_TEST_TMPDIR/info.csv")"
			[ "$(get packets)" = "$(cap 'Number of packets')" ]
			[ "$(get bytes) bytes" = "$(cap 'Data size')" ]
			[ "$(get packets_without_time)" = "$n" ]
			[ "$(get ipv4_packets)" -ge 1 ]
		done
	done
}

# bats test_tags=sanitize
@test "info: first and last packet are those of the packets with a time; none when no packet has one" {
	for e in native tshark; do
		"$CAPREPORT" -q info --engine $e -f csv "$WORK/$e/spb-mixed.pcapng" >"$BATS_TEST_TMPDIR/info.csv"
		get() { awk -F, -v k="$1" '$1 == k { print $2; exit }' "$BATS_TEST_TMPDIR/info.csv"; }
		first=$(tshark -n -r "$ROOT/tests/data/spb-mixed.pcapng" -T fields -e frame.time_epoch 2>/dev/null | grep . | sort -n | head -1)
		last=$(tshark -n -r "$ROOT/tests/data/spb-mixed.pcapng" -T fields -e frame.time_epoch 2>/dev/null | grep . | sort -n | tail -1)
		[ "$(get first_packet)" = "$(date -u -d "@$first" +%Y-%m-%dT%H:%M:%S.000000Z)" ]
		[ "$(get last_packet)" = "$(date -u -d "@$last" +%Y-%m-%dT%H:%M:%S.000000Z)" ]
		[ "$(get duration_s)" = "4.000000" ]
		# 5 packets with a time in 4 s; the 4 without one are in the packets, not in the rate.
		[ "$(get mean_packets_per_s)" = "1.250" ]

		"$CAPREPORT" -q info --engine $e -f csv "$WORK/$e/spb-only.pcapng" >"$BATS_TEST_TMPDIR/info.csv"
		[ "$(get packets)" = 5 ]
		[ "$(get first_packet)" = "" ]
		[ "$(get mean_packets_per_s)" = "" ]
	done
}

# bats test_tags=sanitize
@test "endpoints and IP conversations equal tshark -z endpoints,ip and conv,ip, with both engines" {
	for c in $UNTIMED; do
		tshark_endpoints "$ROOT/tests/data/$c" >"$BATS_TEST_TMPDIR/theirs-ep"
		tshark_conv "$ROOT/tests/data/$c" ip >"$BATS_TEST_TMPDIR/theirs-conv"
		tshark_pair_bytes "$ROOT/tests/data/$c" >"$BATS_TEST_TMPDIR/theirs-bytes"
		[ -s "$BATS_TEST_TMPDIR/theirs-ep" ]
		for e in native tshark; do
			"$CAPREPORT" -q endpoints --engine $e -f csv "$WORK/$e/$c" | csv_body /dev/stdin | cut -d, -f1-7 |
				sort >"$BATS_TEST_TMPDIR/ours-ep"
			diff -u "$BATS_TEST_TMPDIR/theirs-ep" "$BATS_TEST_TMPDIR/ours-ep"
			"$CAPREPORT" -q conversations --by ip --engine $e -f csv "$WORK/$e/$c" >"$BATS_TEST_TMPDIR/conv.csv"
			csv_body "$BATS_TEST_TMPDIR/conv.csv" | awk -F, '{ print $1","$3","$5","$7 }' | sort >"$BATS_TEST_TMPDIR/ours-conv"
			diff -u "$BATS_TEST_TMPDIR/theirs-conv" "$BATS_TEST_TMPDIR/ours-conv"
			csv_body "$BATS_TEST_TMPDIR/conv.csv" |
				awk -F, '{ k = $1 < $3 ? $1","$3 : $3","$1; print k","$10 }' | sort >"$BATS_TEST_TMPDIR/ours-bytes"
			diff -u "$BATS_TEST_TMPDIR/theirs-bytes" "$BATS_TEST_TMPDIR/ours-bytes"
		done
	done
	# A conversation of packets without a time has no start, duration or rate (tshark says 0 s from 1970).
	"$CAPREPORT" -q conversations --engine native -f csv "$WORK/native/spb-only.pcapng" >"$BATS_TEST_TMPDIR/conv.csv"
	[ "$(csv_body "$BATS_TEST_TMPDIR/conv.csv" | cut -d, -f11-14 | sort -u)" = ",,," ]
}

# bats test_tags=sanitize
@test "protocols, sizes, talkers and the heatmap count every packet, with both engines" {
	for c in $UNTIMED; do
		capinfos -M -c -d "$ROOT/tests/data/$c" >"$BATS_TEST_TMPDIR/cap"
		packets=$(sed -n 's/^Number of packets: *//p' "$BATS_TEST_TMPDIR/cap")
		bytes=$(sed -n 's/^Data size: *\([0-9]*\) bytes/\1/p' "$BATS_TEST_TMPDIR/cap")
		ipbytes=$(tshark_pair_bytes "$ROOT/tests/data/$c" | awk -F, '{ s += $3 } END { print s }')
		for e in native tshark; do
			sum() { csv_body /dev/stdin | awk -F, -v c="$1" '{ s += $c } END { print s + 0 }'; }
			[ "$("$CAPREPORT" -q protocols --engine $e -f csv "$WORK/$e/$c" | sum 2)" = "$packets" ]
			[ "$("$CAPREPORT" -q protocols --engine $e -f csv "$WORK/$e/$c" | sum 3)" = "$bytes" ]
			[ "$("$CAPREPORT" -q sizes --engine $e -f csv "$WORK/$e/$c" | sum 3)" = "$packets" ]
			[ "$("$CAPREPORT" -q sizes --engine $e -f csv "$WORK/$e/$c" | sum 4)" = "$bytes" ]
			[ "$("$CAPREPORT" -q talkers --engine $e -f csv "$WORK/$e/$c" | sum 2)" = "$ipbytes" ]
			[ "$("$CAPREPORT" -q heatmap --engine $e -f csv "$WORK/$e/$c" |
				awk -F, 'NR > 1 && $1 != "total" { s += $NF } END { print s + 0 }')" = "$ipbytes" ]
		done
	done
}

# bats test_tags=sanitize
@test "timeline and throughput: the packets with a time in the bins, the others counted in a note" {
	for c in $UNTIMED; do
		n=$(untimed "$ROOT/tests/data/$c")
		total=$(capinfos -M -c "$ROOT/tests/data/$c" | sed -n 's/^Number of packets: *//p')
		for e in native tshark; do
			"$CAPREPORT" -q timeline --engine $e -f json "$WORK/$e/$c" >"$BATS_TEST_TMPDIR/tl.json"
			[ "$(jq '[.timeline[].packets] | add // 0' "$BATS_TEST_TMPDIR/tl.json")" -eq $((total - n)) ]
			[ "$(jq -r '.summary[] | select(.metric == "packets_without_time") | .value' "$BATS_TEST_TMPDIR/tl.json")" = "$n" ]
			run "$CAPREPORT" -q timeline --engine $e "$WORK/$e/$c"
			[ "$status" -eq 0 ]
			[[ "$output" == *"$n packets without a time (pcapng simple packet blocks) are not in this table"* ]]
			run "$CAPREPORT" -q throughput --engine $e "$WORK/$e/$c"
			[ "$status" -eq 0 ]
			[[ "$output" == *"$n packets without a time (pcapng simple packet blocks) are not in this table"* ]]
			"$CAPREPORT" -q throughput --engine $e -f csv "$WORK/$e/$c" >"$BATS_TEST_TMPDIR/tp.csv"
			[ "$(csv_body "$BATS_TEST_TMPDIR/tp.csv" | awk -F, '{ s += $3 } END { print s + 0 }')" -eq $((total - n)) ]
		done
	done
}

# bats test_tags=sanitize
@test "the native export writes every row as tshark does, an empty frame.time_epoch included" {
	mkdir -p "$BATS_TEST_TMPDIR/conf"
	for c in $UNTIMED; do
		mapfile -t argv < <("$CAPREPORT" export --print-tshark-argv "$WORK/native/$c")
		WIRESHARK_CONFIG_DIR="$BATS_TEST_TMPDIR/conf" LC_ALL=C "${argv[@]}" >"$BATS_TEST_TMPDIR/theirs.csv" 2>/dev/null
		run "$CAPREPORT" export --engine native -o "$BATS_TEST_TMPDIR/ours.csv" "$WORK/native/$c"
		[ "$status" -eq 0 ]
		no_match -e 'left out' -e 'not understood' <<<"$output"
		run "$PYTHON" "$BATS_TEST_DIRNAME/compare-rows.py" "$BATS_TEST_TMPDIR/theirs.csv" "$BATS_TEST_TMPDIR/ours.csv"
		echo "$c: $output"
		[ "$status" -eq 0 ]
		[ "$(awk -F, 'NR > 1 && $2 == ""' "$BATS_TEST_TMPDIR/ours.csv" | wc -l)" -eq "$(untimed "$ROOT/tests/data/$c")" ]
	done
}

@test "tcp list: a stream's packets and bytes equal tshark -z conv,tcp; no RTT from times tshark takes as 1970" {
	tshark -n -q -r "$ROOT/tests/data/spb-mixed.pcapng" -z conv,tcp 2>/dev/null |
		awk '$2 == "<->" { print $4","$7 }' >"$BATS_TEST_TMPDIR/theirs"
	[ "$(cat "$BATS_TEST_TMPDIR/theirs")" = "3,5" ]
	"$CAPREPORT" -q tcp list -f csv "$WORK/tshark/spb-mixed.pcapng" >"$BATS_TEST_TMPDIR/tcp.csv"
	# A (the first packet's source) sent 5 frames of 275 bytes; tshark's A is the other end.
	[ "$(csv_body "$BATS_TEST_TMPDIR/tcp.csv" | cut -d, -f6-9)" = "5,275,3,168" ]
	[ "$(csv_body "$BATS_TEST_TMPDIR/tcp.csv" | cut -d, -f15-17)" = ",," ]
	run "$CAPREPORT" -q tcp list "$WORK/tshark/spb-mixed.pcapng"
	[[ "$output" == *"3 packets without a time"* ]]
}

# bats test_tags=sanitize
@test "a time filter passes no packet without a time" {
	for e in native tshark; do
		run "$CAPREPORT" info --engine $e --from 2023-11-14T22:13:00Z -f csv -o "$BATS_TEST_TMPDIR/info.csv" "$WORK/$e/spb-mixed.pcapng"
		[ "$status" -eq 0 ]
		no_match -e 'not understood' -e 'left out' <<<"$output"
		[ "$(awk -F, '$1 == "packets" { print $2 }' "$BATS_TEST_TMPDIR/info.csv")" = 5 ]
		no_match packets_without_time "$BATS_TEST_TMPDIR/info.csv"
	done
}

# bats test_tags=sanitize
@test "tcp list on tcpdump text: packets per stream as in the capture; no state or payload where the text has none" {
	cp "$SAMPLES/mixed.pcapng" "$BATS_TEST_TMPDIR/"
	tcpdump -tttt -n -r "$BATS_TEST_TMPDIR/mixed.pcapng" >"$BATS_TEST_TMPDIR/mixed.txt" 2>/dev/null
	"$CAPREPORT" -q tcp list -f csv "$BATS_TEST_TMPDIR/mixed.pcapng" | csv_body /dev/stdin | cut -d, -f2-6,8 >"$BATS_TEST_TMPDIR/capture"
	"$CAPREPORT" -q tcp list -f csv "$BATS_TEST_TMPDIR/mixed.txt" >"$BATS_TEST_TMPDIR/text.csv"
	csv_body "$BATS_TEST_TMPDIR/text.csv" | cut -d, -f2-6,8 >"$BATS_TEST_TMPDIR/text"
	[ -s "$BATS_TEST_TMPDIR/capture" ]
	diff -u "$BATS_TEST_TMPDIR/capture" "$BATS_TEST_TMPDIR/text"
	# Not "open (no handshake)" with 0 payload: the capture's streams have handshakes and payload.
	[ "$(csv_body "$BATS_TEST_TMPDIR/text.csv" | cut -d, -f10,11,14,18 | sort -u)" = ",,," ]
	run "$CAPREPORT" -q tcp list "$BATS_TEST_TMPDIR/mixed.txt"
	[ "$status" -eq 0 ]
	[[ "$output" == *"streams read from text without TCP flags, payload lengths or sequence analysis"* ]]
}
