#!/usr/bin/env bats
# cli.bats - the command line: help, examples, prefixes, usage errors, output formats, pipes.
load helpers
# These tests are about the tshark path and its cache; native.bats covers the native reader.
export CAPREPORT_ENGINE=tshark

setup_file() {
	copy_samples
}

commands() {
	"$CAPREPORT" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }' | grep -v '^help$'
}

@test "--help lists every command with real examples" {
	run "$CAPREPORT" --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"usage: capreport"* ]]
	[ "$(commands | wc -l)" -ge 4 ]
	for c in info conversations endpoints export; do
		commands | grep -qx "$c"
	done
}

@test "every command's help shows two examples, and each example runs on the samples" {
	for c in $(commands); do
		run "$CAPREPORT" help "$c"
		[ "$status" -eq 0 ]
		[[ "$output" == *"usage: capreport $c"* ]]
		"$CAPREPORT" "$c" --help | grep -q '^examples:'
		n=0
		while IFS= read -r line; do
			cmd=${line%%#*}
			cmd=${cmd//samples\//$WORK/}
			cmd=${cmd//capreport /$CAPREPORT -q }
			(cd "$BATS_TEST_TMPDIR" && eval "$cmd") >/dev/null
			n=$((n + 1))
		done < <("$CAPREPORT" help "$c" | sed -n '/^examples:/,$p' | grep '^  capreport ')
		[ "$n" -ge 2 ]
	done
}

@test "--version prints capreport's and tshark's versions" {
	run "$CAPREPORT" --version
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "capreport "* ]]
	[ "${lines[1]}" = "$(tshark --version 2>/dev/null | head -1)" ]
}

@test "unique prefixes are accepted, ambiguous ones listed, unknown ones refused" {
	run "$CAPREPORT" -q conv -f csv "$WORK/small.pcap.gz"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "addr_a,port_a,addr_b"* ]]
	run "$CAPREPORT" e "$WORK/small.pcap.gz"
	[ "$status" -eq 2 ]
	[[ "$output" == *"ambiguous command 'e'"*"endpoints"*"export"* ]]
	run "$CAPREPORT" frobnicate
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown command 'frobnicate'"* ]]
}

@test "usage errors exit 2 and point at the command's help" {
	run "$CAPREPORT" conversations --bogus "$WORK/small.pcap.gz"
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown option '--bogus'; see 'capreport help conversations'"* ]]
	run "$CAPREPORT" conversations --by smtp "$WORK/small.pcap.gz"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" endpoints --top zero "$WORK/small.pcap.gz"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" endpoints --from yesterday "$WORK/small.pcap.gz"
	[ "$status" -eq 2 ]
	[[ "$output" == *"cannot read the time 'yesterday'"* ]]
	run "$CAPREPORT" info
	[ "$status" -eq 2 ]
	[[ "$output" == *"no input given"* ]]
	run "$CAPREPORT"
	[ "$status" -eq 2 ]
}

# bats test_tags=sanitize
@test "CSV has exactly the documented columns; JSON is valid and has the same rows" {
	c="$WORK/mixed.pcapng"
	"$CAPREPORT" -q conversations -f csv "$c" >"$BATS_TEST_TMPDIR/c.csv"
	[ "$(head -1 "$BATS_TEST_TMPDIR/c.csv")" = "addr_a,port_a,addr_b,port_b,packets_ab,bytes_ab,packets_ba,bytes_ba,packets,bytes,rel_start,duration,bps_ab,bps_ba" ]
	"$CAPREPORT" -q endpoints -f csv "$c" | head -1 | grep -qx 'addr,packets,bytes,tx_packets,tx_bytes,rx_packets,rx_bytes,first,last'
	"$CAPREPORT" -q conversations -f json "$c" >"$BATS_TEST_TMPDIR/c.json"
	jq -e 'type == "array"' "$BATS_TEST_TMPDIR/c.json"
	[ "$(jq length "$BATS_TEST_TMPDIR/c.json")" -eq "$(($(wc -l <"$BATS_TEST_TMPDIR/c.csv") - 1))" ]
	[ "$(jq '[.[].packets] | add' "$BATS_TEST_TMPDIR/c.json")" -eq "$(awk -F, 'NR > 1 { s += $9 } END { print s }' "$BATS_TEST_TMPDIR/c.csv")" ]
	# ports are null for IP conversations, numbers for TCP ones
	jq -e 'all(.[]; .port_a == null)' "$BATS_TEST_TMPDIR/c.json"
	"$CAPREPORT" -q conversations --by tcp -f json "$c" | jq -e 'all(.[]; (.port_a | type) == "number")'
	"$CAPREPORT" -q info -f json "$c" | jq -e '.summary and .protocols and .interfaces'
}

@test "info with several inputs and -o FILE keeps every input's tables in the one file" {
	a="$WORK/mixed.pcapng" b="$WORK/mptcp.pcapng"
	"$CAPREPORT" -q info -f json -o "$BATS_TEST_TMPDIR/i.json" "$a" "$b"
	for c in "$a" "$b"; do
		n=$(capinfos -Mc "$c" | awk -F': *' '/Number of packets/ { print $2 }')
		got=$(jq -r --arg f "$c" '.summary[] | select(.file == $f and .metric == "packets") | .value' "$BATS_TEST_TMPDIR/i.json")
		[ "$got" -eq "$n" ]
	done
	[ "$(jq 'keys | length' "$BATS_TEST_TMPDIR/i.json")" -eq 3 ]
	"$CAPREPORT" -q info -o "$BATS_TEST_TMPDIR/i.txt" "$a" "$b"
	grep -qF "$a: Capture summary" "$BATS_TEST_TMPDIR/i.txt"
	grep -qF "$b: Capture summary" "$BATS_TEST_TMPDIR/i.txt"
}

@test "--top, --sort and --no-header shape the table" {
	c="$WORK/mixed.pcapng"
	[ "$("$CAPREPORT" -q conversations --top 3 -f csv "$c" | wc -l)" -eq 4 ]
	[ "$("$CAPREPORT" -q conversations --top 3 --no-header -f csv "$c" | wc -l)" -eq 3 ]
	"$CAPREPORT" -q conversations --sort bytes -f csv --no-header "$c" | cut -d, -f10 >"$BATS_TEST_TMPDIR/bytes"
	sort -rn "$BATS_TEST_TMPDIR/bytes" | cmp - "$BATS_TEST_TMPDIR/bytes"
	"$CAPREPORT" -q conversations -f csv --no-header "$c" | cut -d, -f9 >"$BATS_TEST_TMPDIR/packets"
	sort -rn "$BATS_TEST_TMPDIR/packets" | cmp - "$BATS_TEST_TMPDIR/packets"
}

@test "text output uses human units; --raw prints exact integers" {
	c="$WORK/mptcp.pcapng"
	run "$CAPREPORT" -q endpoints "$c"
	[[ "$output" == *" MB"* || "$output" == *" kB"* ]]
	bytes=$("$CAPREPORT" -q endpoints -f csv --no-header "$c" | head -1 | cut -d, -f3)
	"$CAPREPORT" -q endpoints --raw "$c" | grep -q " $bytes "
}

@test "a reader that goes away early (| head -1) is not an error" {
	"$CAPREPORT" -q export -o - "$WORK/mptcp.pcapng" >/dev/null
	set -o pipefail
	"$CAPREPORT" -q export -o - "$WORK/mptcp.pcapng" 2>"$BATS_TEST_TMPDIR/err" | head -1 >/dev/null
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
	"$CAPREPORT" -q conversations --by tcp --raw "$WORK/mixed.pcapng" 2>"$BATS_TEST_TMPDIR/err" | head -1 >/dev/null
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
}

# bats test_tags=sanitize
@test "a CSV written by export is an input like the capture" {
	c="$WORK/mixed.pcapng"
	"$CAPREPORT" -q export -o "$BATS_TEST_TMPDIR/rows.csv" "$c"
	"$CAPREPORT" -q conversations -f csv "$c" >"$BATS_TEST_TMPDIR/from-capture"
	"$CAPREPORT" -q conversations -f csv "$BATS_TEST_TMPDIR/rows.csv" >"$BATS_TEST_TMPDIR/from-csv"
	cmp "$BATS_TEST_TMPDIR/from-capture" "$BATS_TEST_TMPDIR/from-csv"
	# and export from the cache equals the cache file itself
	cmp "$BATS_TEST_TMPDIR/rows.csv" "$c.ip.csv"
}
