#!/usr/bin/env bats
# formats.bats - outputs other programs read: every -f csv is one table, every -f json passes jq with numbers as numbers.
load helpers

setup_file() {
	copy_samples
	mkdir -p "$WORK/empty"
}

# Every table invocation on the samples: "COMMAND [SUBCOMMAND] ARGS", the inputs under $WORK.
# Each command and subcommand of `capreport --help` that writes tables is here, with the options
# that change which tables it gives; the plot subcommands write images, not tables.
invocations() {
	local m="$WORK/mixed.pcapng" p="$WORK/mptcp.pcapng" t="$WORK/midnight-gap.txt"
	cat <<-EOF
	info $m
	info $m $p
	info $t
	conversations $m
	conversations --by tcp $m
	endpoints $m
	timeline $t
	timeline --gaps-only $t
	timeline --bins-only $t
	tcp list $m
	tcp summary all $p
	tcp summary 0 $p
	mptcp list $p
	mptcp subflows all $p
	mptcp summary all $p
	mptcp summary 0 $p
	mptcp reinjections all $p
	mptcp events all $p
	export $m
	heatmap $m
	graph $m
	talkers $m
	protocols $m
	sizes $m
	ports $m
	parallel $m
	throughput $m
	config
	cache list $WORK
	cache clean $WORK/empty
	EOF
}

# The commands of `capreport --help` and, from each one's usage line, its subcommands: "tcp list", ...
commands_of_help() {
	local c
	for c in $("$CAPREPORT" --help | awk '/^commands:/ { f = 1; next } f && /^  [a-z]/ { print $1 } f && /^$/ { exit }'); do
		[ "$c" = help ] && continue
		"$CAPREPORT" help "$c" | sed -n '1s/^usage: capreport [a-z]* \[options\] *//p' | tr '|' '\n' |
			awk -v c="$c" '$1 ~ /^[a-z]+$/ && $1 != "all" { print c " " $1; n++ } END { if (!n) print c }'
	done | sort -u
}

# Python's csv module: one header row, every row as wide as the header, at least the header.
one_table() {
	python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows, "no header row"
bad = [i + 1 for i, r in enumerate(rows) if len(r) != len(rows[0])]
assert not bad, "rows %s are not %d wide: %s" % (bad[:5], len(rows[0]), [rows[i - 1] for i in bad[:3]])
heads = [i + 1 for i, r in enumerate(rows[1:], 1) if r == rows[0]]
assert not heads, "the header repeated at rows %s" % heads[:5]
' "$1"
}

@test "every command and subcommand of --help that writes tables is run here (plots and workbooks aside)" {
	invocations | awk '{ print $1; if ($2 ~ /^[a-z]+$/) print $1 " " $2 }' | sort -u >"$BATS_TEST_TMPDIR/covered"
	commands_of_help >"$BATS_TEST_TMPDIR/help"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/help")" -gt 20 ]
	grep -vE '^(tcp plot|mptcp plot|workbook|report)$' "$BATS_TEST_TMPDIR/help" |
		while read -r line; do
			grep -qxF "$line" "$BATS_TEST_TMPDIR/covered" || { echo "not covered: $line"; exit 1; }
		done
}

# bats test_tags=sanitize
@test "every command x -f csv is one table that Python's csv module reads: one header, every row its width" {
	while read -r line; do
		echo "# $line"
		# shellcheck disable=SC2086 # the invocation is words
		"$CAPREPORT" -q $line -f csv >"$BATS_TEST_TMPDIR/out.csv"
		one_table "$BATS_TEST_TMPDIR/out.csv"
	done < <(invocations | grep -vE '^(graph|export) ')
	# export writes the capture's fields as CSV, with no -f
	"$CAPREPORT" -q export -o "$BATS_TEST_TMPDIR/x.csv" "$WORK/mixed.pcapng"
	one_table "$BATS_TEST_TMPDIR/x.csv"
}

# bats test_tags=sanitize
@test "every command x -f json passes jq, and no number is written as a string" {
	while read -r line; do
		echo "# $line"
		# shellcheck disable=SC2086
		"$CAPREPORT" -q $line -f json >"$BATS_TEST_TMPDIR/out.json"
		jq -e . "$BATS_TEST_TMPDIR/out.json" >/dev/null
		# a string that is all digits is a number in quotes, except a setting's text value
		jq -c '[paths(strings) as $p | select(getpath($p) | test("^-?[0-9]+(\\.[0-9]+)?$"))
			| select($p[0] != "settings") | $p]' "$BATS_TEST_TMPDIR/out.json" >"$BATS_TEST_TMPDIR/quoted"
		cat "$BATS_TEST_TMPDIR/quoted"
		[ "$(cat "$BATS_TEST_TMPDIR/quoted")" = "[]" ]
	done < <(invocations | grep -v '^export ')
}

@test "info -f json: the summary's numeric values are numbers and equal capinfos" {
	c="$WORK/mixed.pcapng"
	"$CAPREPORT" -q info -f json "$c" >"$BATS_TEST_TMPDIR/i.json"
	capinfos -M -c -d -u "$c" >"$BATS_TEST_TMPDIR/cap"
	cap() { sed -n "s/^$1: *//p" "$BATS_TEST_TMPDIR/cap"; }
	val() { jq -r --arg m "$1" '.summary[] | select(.metric == $m) | .value' "$BATS_TEST_TMPDIR/i.json"; }
	for m in packets bytes duration_s mean_packet_size ipv4_packets interfaces; do
		jq -e --arg m "$m" '.summary[] | select(.metric == $m) | .value | type == "number"' "$BATS_TEST_TMPDIR/i.json"
	done
	jq -e '.summary[] | select(.metric == "first_packet") | .value | type == "string"' "$BATS_TEST_TMPDIR/i.json"
	[ "$(val packets)" = "$(cap 'Number of packets')" ]
	[ "$(val bytes) bytes" = "$(cap 'Data size')" ]
	[ "$(val duration_s) seconds" = "$(cap 'Capture duration')" ]
	# timeline's summary too
	"$CAPREPORT" -q timeline --gaps-only -f json "$WORK/midnight-gap.txt" |
		jq -e '[.summary[] | select(.metric == "packets" or .metric == "gaps" or .metric == "span_s") | .value | type] == ["number", "number", "number"]'
}

@test "JSON has one shape per command whatever the options: an object of tables, or one array" {
	m="$WORK/mixed.pcapng" p="$WORK/mptcp.pcapng" t="$WORK/midnight-gap.txt"
	shape() { "$CAPREPORT" -q "$@" -f json | jq -r 'if type == "object" then "object:" + (keys | join(",")) else type end'; }
	[ "$(shape info "$m")" = "object:interfaces,protocols,summary" ]
	[ "$(shape info "$m" "$p")" = "object:interfaces,protocols,summary" ]
	[ "$(shape timeline "$t")" = "object:gaps,summary,timeline" ]
	[ "$(shape timeline --bins-only "$t")" = "object:timeline" ]
	[ "$(shape timeline --gaps-only "$t")" = "object:gaps,summary" ]
	[ "$(shape tcp summary all "$p")" = array ]
	[ "$(shape tcp summary 0 "$p")" = array ]
	[ "$(shape mptcp summary all "$p")" = "object:mptcp_contributions,mptcp_summary" ]
	[ "$(shape mptcp summary 0 "$p")" = "object:mptcp_contributions,mptcp_summary" ]
	[ "$(shape info --table protocols "$m")" = "object:protocols" ]
	# several inputs: every row names its input, and each input's packets equal capinfos'
	"$CAPREPORT" -q info -f json "$m" "$p" >"$BATS_TEST_TMPDIR/i.json"
	for c in "$m" "$p"; do
		n=$(capinfos -Mc "$c" | awk -F': *' '/Number of packets/ { print $2 }')
		[ "$(jq --arg f "$c" '.summary[] | select(.file == $f and .metric == "packets") | .value' "$BATS_TEST_TMPDIR/i.json")" -eq "$n" ]
		[ "$(jq --arg f "$c" '[.interfaces[] | select(.file == $f) | .packets] | add' "$BATS_TEST_TMPDIR/i.json")" -eq "$n" ]
	done
}

@test "tcp summary all -f csv: one header, a stream column, each stream's packets equal tshark's" {
	c="$WORK/mptcp.pcapng"
	"$CAPREPORT" -q tcp summary all -f csv "$c" >"$BATS_TEST_TMPDIR/s.csv"
	one_table "$BATS_TEST_TMPDIR/s.csv"
	[ "$(head -1 "$BATS_TEST_TMPDIR/s.csv" | cut -d, -f1-2)" = "stream,direction" ]
	csv_body "$BATS_TEST_TMPDIR/s.csv" | awk -F, '{ n[$1] += $5 } END { for (s in n) print s "," n[s] }' | sort >"$BATS_TEST_TMPDIR/ours"
	tshark -n -r "$c" -T fields -e tcp.stream -Y tcp 2>/dev/null | sort | uniq -c | awk '{ print $2 "," $1 }' | sort >"$BATS_TEST_TMPDIR/theirs"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -ge 2 ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
}

@test "--table NAME picks one table; an unknown NAME is a usage error listing the names; -f csv alone names the others" {
	m="$WORK/mixed.pcapng"
	"$CAPREPORT" -q info --table protocols -f csv "$m" >"$BATS_TEST_TMPDIR/p.csv"
	one_table "$BATS_TEST_TMPDIR/p.csv"
	[ "$(head -1 "$BATS_TEST_TMPDIR/p.csv")" = "protocol,packets,bytes,percent_packets,file" ]
	# the protocols' packets add up to capinfos' count
	[ "$(csv_body "$BATS_TEST_TMPDIR/p.csv" | awk -F, '{ s += $2 } END { print s }')" -eq "$(capinfos -Mc "$m" | awk -F': *' '/Number of packets/ { print $2 }')" ]
	run "$CAPREPORT" -q timeline --table nope -f csv "$WORK/midnight-gap.txt"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--table takes timeline, gaps, summary, not 'nope'"* ]]
	run --separate-stderr "$CAPREPORT" config -f csv
	[ "$status" -eq 0 ]
	# shellcheck disable=SC2154 # run --separate-stderr sets it
	[[ "$stderr" == *"-f csv writes one table, 'settings'; the others (profiles) with --table NAME"* ]]
	[ "$(echo "$output" | head -1)" = "setting,value,origin,where,key" ]
	run "$CAPREPORT" -q tcp list --table x "$m"
	[ "$status" -eq 2 ]
	grep -q -- '--table NAME' <("$CAPREPORT" help info)
	grep -qF '\fB\-\-table\fR' <("$CAPREPORT" help --man)
}

# bats test_tags=sanitize
@test "-o DIR/ writes one CSV per table, NAME.csv, each one table, and no temporary" {
	m="$WORK/mixed.pcapng"
	"$CAPREPORT" -q info -f csv -o "$BATS_TEST_TMPDIR/info/" "$m" "$WORK/mptcp.pcapng"
	[ "$(find "$BATS_TEST_TMPDIR/info" -mindepth 1 -printf '%f\n' | sort | tr '\n' ' ')" = "interfaces.csv protocols.csv summary.csv " ]
	for f in "$BATS_TEST_TMPDIR"/info/*.csv; do one_table "$f"; done
	no_tmp_files "$BATS_TEST_TMPDIR/info"
	# an existing folder without the slash, and JSON: NAME.json
	mkdir "$BATS_TEST_TMPDIR/tl"
	"$CAPREPORT" -q timeline -f json -o "$BATS_TEST_TMPDIR/tl" "$WORK/midnight-gap.txt"
	[ "$(find "$BATS_TEST_TMPDIR/tl" -mindepth 1 -printf '%f\n' | sort | tr '\n' ' ')" = "gaps.json summary.json timeline.json " ]
	jq -e 'type == "array" and length > 0' "$BATS_TEST_TMPDIR/tl/gaps.json"
	# the same rows as --table gives
	"$CAPREPORT" -q info --table interfaces -f csv "$m" "$WORK/mptcp.pcapng" | cmp - "$BATS_TEST_TMPDIR/info/interfaces.csv"
}
