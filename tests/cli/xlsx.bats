#!/usr/bin/env bats
# xlsx.bats - workbooks read back with openpyxl: sheets, formats, totals against the CSV and tshark, safety, failures.
load helpers
# These tests are about the tshark path and its cache; native.bats covers the native reader.
export CAPREPORT_ENGINE=tshark

# Debian's python3 with python3-openpyxl, not whatever python3 is first on PATH.
xread() {
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" "$@"
}

# The value of a metric in a dumped Summary sheet.
summary() {
	jq -c --arg k "$2" '[.sheet.Summary.rows[] | select(.[0] == $k) | .[1]]' "$1"
}

setup_file() {
	copy_samples
	M=$WORK/mixed.pcapng
	# tshark runs once here; every later command reads the cached CSV.
	"$CAPREPORT" -q workbook -o "$WORK/mixed.xlsx" "$M"
	xread dump "$WORK/mixed.xlsx" >"$WORK/mixed.json"
	"$CAPREPORT" -q conversations -f csv "$M" >"$WORK/conv.csv"
	"$CAPREPORT" -q endpoints -f csv "$M" >"$WORK/ep.csv"
	"$CAPREPORT" -q export -o "$WORK/rows.csv" "$M"
	capinfos -M -c -d -a "$M" >"$WORK/capinfos.txt"
}

@test "workbook: the sheets in order, each with a bold header, frozen panes, an autofilter and fitted widths" {
	J=$WORK/mixed.json
	jq -e '.sheets == ["Summary", "Conversations", "Endpoints", "Matrix", "Top talkers", "Protocols", "TCP streams", "Packets"]' "$J"
	for s in Summary Conversations Endpoints "Top talkers" Protocols Packets; do
		jq -e --arg s "$s" '.sheet[$s] | (.bold | all) and .freeze == "A2" and (.filter | startswith("A1:"))' "$J"
	done
	# The Matrix keeps its source column in view too.
	jq -e '.sheet.Matrix | (.bold | all) and .freeze == "B2"' "$J"
	# Widths fitted to the content, capped: the protocols column is wider than the port columns.
	jq -e '.sheet.Packets.widths | .D > .L and ([.[]] | all(. >= 7 and . <= 62))' "$J"
}

@test "workbook: Conversations and Endpoints equal the CSV of the same commands; totals equal the CSV's sums" {
	run xread compare "$WORK/mixed.xlsx" Conversations "$WORK/conv.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"totals: 6 columns"* ]]
	run xread compare "$WORK/mixed.xlsx" Endpoints "$WORK/ep.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"totals: 6 columns"* ]]
	[[ "$output" == *" d="* ]]	# first and last are date-times
	# The CSV itself equals tshark (crosscheck.bats); one direct check here too.
	[ "$(jq '.sheet.Conversations.rows[1:] | map(select(.[0] != null and .[0] != "total")) | length' "$WORK/mixed.json")" \
		-eq "$(tshark_conv "$WORK/mixed.pcapng" ip | wc -l)" ]
}

@test "workbook: numbers are numbers with separators, times are date-times in UTC, durations in seconds" {
	J=$WORK/mixed.json
	jq -e '.sheet.Conversations.rows[0] | index("rel_start (s)") and index("duration (s)") and index("bps_ab (bit/s)")' "$J"
	jq -e '.sheet.Endpoints.rows[0] | .[7] == "first (UTC)" and .[8] == "last (UTC)"' "$J"
	# Every data row of Endpoints: address text, six numbers, two date-times.
	jq -e '.sheet.Endpoints.types[1:] | .[0:index("---------")] | length > 10 and (map(. == "snnnnnndd") | all)' "$J"
	jq -e '.sheet.Endpoints.formats[1][2] == "#,##0" and (.sheet.Endpoints.formats[1][7] | startswith("yyyy-mm-dd hh:mm:ss"))' "$J"
	# Summary: counts as numbers equal to capinfos, first packet as a date-time in UTC.
	pk=$(sed -n 's/^Number of packets: *//p' "$WORK/capinfos.txt")
	[ "$(summary "$J" packets)" = "[$pk]" ]
	first=$(sed -n 's/^First packet time: *//p' "$WORK/capinfos.txt")
	ours=$(summary "$J" first_packet | jq -r '.[0]')
	/usr/bin/python3 -c 'import sys, datetime as d
a, b = (d.datetime.fromisoformat(x) for x in sys.argv[1:])
sys.exit(abs((a - b).total_seconds()) > 0.001)' "$ours" "$first"
	jq -e '.sheet.Summary | [.rows, .formats] | transpose | map(select(.[0][0] == "first_packet"))[0][1][1] | endswith("\"UTC\"")' "$J"
	# How it was made: the tshark that made the cache, capreport's version, a generation date-time.
	[ "$(summary "$J" tshark | jq -r '.[0]')" = "$(tshark --version 2>/dev/null | head -n 1)" ]
	[ "$(summary "$J" "made by" | jq -r '.[0]')" = "capreport $("$CAPREPORT" --version | awk 'NR == 1 { print $2 }') (capreport workbook)" ]
	jq -e '.sheet.Summary | [.rows, .types] | transpose | map(select(.[0][0] == "generated"))[0][1] == "sd"' "$J"
	# Packets: frame number, time, length are number, date-time, number on every row.
	jq -e '[.sheet.Packets.types[1:][] | .[0:3]] | unique == ["ndn"]' "$J"
	jq -e '[.sheet.Packets.types[] | test("s")] | length > 1' "$J"
}

@test "workbook: the Matrix equals tshark's frame.len sums per source and destination, with totals and a colour scale" {
	J=$WORK/mixed.json
	tshark -n -r "$WORK/mixed.pcapng" -T fields -E occurrence=f -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e frame.len 2>/dev/null |
		awk -F'\t' '{ s = $1 != "" ? $1 : $3; d = $1 != "" ? $2 : $4; if (s != "") b[s","d] += $5 }
			    END { for (k in b) print k","b[k] }' | sort >"$BATS_TEST_TMPDIR/theirs"
	# Our cells between named hosts, "src|dst,bytes", against tshark's pairs among those hosts.
	jq -r '.sheet.Matrix.rows as $r | $r[0] as $h | $r[1:][] | select(.[0] != "total" and .[0] != "other") as $row
	       | range(1; $h | length) | select($h[.] != "other" and $h[.] != "total" and $row[.] != null)
	       | "\($row[0])|\($h[.]),\($row[.])"' "$J" | sort >"$BATS_TEST_TMPDIR/ours"
	jq -r '.sheet.Matrix.rows[1:][] | .[0]' "$J" >"$BATS_TEST_TMPDIR/sources"
	jq -r '.sheet.Matrix.rows[0][1:][]' "$J" >"$BATS_TEST_TMPDIR/destinations"
	awk -F, 'FILENAME ~ /sources$/ { s[$1] = 1; next } FILENAME ~ /destinations$/ { d[$1] = 1; next }
		 ($1 in s) && ($2 in d) { print $1"|"$2","$3 }' "$BATS_TEST_TMPDIR/sources" "$BATS_TEST_TMPDIR/destinations" \
		"$BATS_TEST_TMPDIR/theirs" | sort >"$BATS_TEST_TMPDIR/theirs-named"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/ours")" -gt 10 ]
	diff -u "$BATS_TEST_TMPDIR/theirs-named" "$BATS_TEST_TMPDIR/ours"
	# The corner is every IP byte; each row's total is its sum.
	all=$(awk -F, '{ s += $3 } END { print s }' "$BATS_TEST_TMPDIR/theirs")
	jq -e --argjson all "$all" '.sheet.Matrix.rows[-1] | .[0] == "total" and .[-1] == $all' "$J"
	jq -e '.sheet.Matrix.rows[1:-1] | map((.[1:-1] | map(. // 0) | add) == .[-1]) | all' "$J"
	jq -e '.sheet.Matrix.rows as $r | [range(1; $r[0] | length - 1)] | map(. as $c | ($r[1:-1] | map(.[$c] // 0) | add) == $r[-1][$c]) | all' "$J"
	# A green-yellow-red scale over the block, the totals outside it.
	cols=$(jq '.sheet.Matrix.rows[0] | length' "$J")
	rows=$(jq '.sheet.Matrix.rows | length' "$J")
	last=$(printf '%b' "\\x$(printf %x $((64 + cols - 1)))")
	jq -e --arg r "B2:$last$((rows - 1))" '.sheet.Matrix.color_scales == [{"range": $r, "cfvo": ["min", "percentile", "max"],
		"colors": ["FF63BE7B", "FFFFEB84", "FFF8696B"]}]' "$J"
}

@test "workbook: Top talkers are the endpoints with most bytes, with a stacked bar chart" {
	"$CAPREPORT" -q endpoints --sort bytes --top 10 -f csv "$WORK/mixed.pcapng" |
		awk -F, 'NR > 1 { print $1","$5","$7","$3","$2 }' >"$BATS_TEST_TMPDIR/theirs"
	jq -r '.sheet["Top talkers"].rows[1:][] | map(tostring) | join(",")' "$WORK/mixed.json" >"$BATS_TEST_TMPDIR/ours"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/ours")" -eq 10 ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	jq -e '.sheet["Top talkers"].charts == [{"kind": "bar", "grouping": "stacked", "series": 2}]' "$WORK/mixed.json"
	jq -e '[.sheets[] as $s | .sheet[$s].charts | length] | add == 1' "$WORK/mixed.json"
}

@test "workbook: Packets has one row per packet as capinfos counts them, lengths summing to its data size" {
	J=$WORK/mixed.json
	pk=$(sed -n 's/^Number of packets: *//p' "$WORK/capinfos.txt")
	size=$(sed -n 's/^Data size: *\([0-9]*\) bytes/\1/p' "$WORK/capinfos.txt")
	jq -e --argjson n "$pk" '.sheet.Packets.max_row == $n + 1' "$J"
	jq -e --argjson s "$size" '[.sheet.Packets.rows[1:][] | .[2]] | add == $s' "$J"
	jq -e '.sheet.Packets.rows[0][0:4] == ["frame.number", "frame.time (UTC)", "frame.len", "frame.protocols"]' "$J"
	# Frame numbers as tshark gives them, in order.
	jq -e '[.sheet.Packets.rows[1:][] | .[0]] == [range(1; .sheet.Packets.max_row)]' "$J"
	[ "$(summary "$J" "packet rows")" = "[$pk]" ]
}

# bats test_tags=sanitize
@test "workbook: every cell of the Packets sheets equals the CSV export of the same rows; the zip is sound" {
	# The rows tshark exported (one per packet, as capinfos counts them), against the sheet, cell by cell.
	pk=$(sed -n 's/^Number of packets: *//p' "$WORK/capinfos.txt")
	[ "$(($(wc -l <"$WORK/rows.csv") - 1))" -eq "$pk" ]
	run xread rows "$WORK/mixed.xlsx" Packets "$WORK/rows.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	# every entry of the zip was checked (the count grows with the sheets the capture has)
	entries=$(unzip -Z1 "$WORK/mixed.xlsx" | wc -l)
	[[ "$output" == "equal: $pk rows of 17 cells in 1 sheets; zip: $entries entries sound" ]]
	unzip -tq "$WORK/mixed.xlsx"
	# Split across sheets: the same rows, in order, each sheet with its header.
	"$CAPREPORT" -q workbook --sheet-rows 150 -o "$BATS_TEST_TMPDIR/split.xlsx" "$WORK/mixed.pcapng"
	run xread rows "$BATS_TEST_TMPDIR/split.xlsx" Packets "$WORK/rows.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "equal: $pk rows of 17 cells in 4 sheets;"* ]]
	unzip -tq "$BATS_TEST_TMPDIR/split.xlsx"
	# The native reader's workbook equals the native reader's export.
	CAPREPORT_ENGINE=native "$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/native.xlsx" "$WORK/mixed.pcapng"
	CAPREPORT_ENGINE=native "$CAPREPORT" -q export -o "$BATS_TEST_TMPDIR/native.csv" "$WORK/mixed.pcapng"
	run xread rows "$BATS_TEST_TMPDIR/native.xlsx" Packets "$BATS_TEST_TMPDIR/native.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "equal: $pk rows of 17 cells in 1 sheets;"* ]]
	# A mismatch is seen: the tshark CSV with one length changed differs.
	awk -F, -v OFS=, 'NR == 3 { $3 = "\"43\"" } { print }' "$WORK/rows.csv" >"$BATS_TEST_TMPDIR/wrong.csv"
	run xread rows "$WORK/mixed.xlsx" Packets "$BATS_TEST_TMPDIR/wrong.csv"
	[ "$status" -eq 1 ]
	[[ "$output" == "differs: row 2 frame.len is 42, the CSV has the number 43" ]]
}

# bats test_tags=sanitize
@test "workbook: markup, forbidden characters and long text in rows stay exact strings in well-formed XML" {
	csv=$BATS_TEST_TMPDIR/odd.csv
	/usr/bin/python3 - "$WORK/rows.csv" "$csv" "$BATS_TEST_TMPDIR/want.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))[:9]
odd = ['a<b>&c"d\'e</t></is></c><c><f>1+1</f>', "ctl\x01\x1b[0m\x7f\x0bend", " lead and trail ",
       "x_x0041_y", "\u00e9\u4e2d\U0001f600", "L" * 5000, "=1+1", "-3"]
want = ['a<b>&c"d\'e</t></is></c><c><f>1+1</f>', "ctl\\x01\\x1b[0m\\x7f\\x0bend", " lead and trail ",
        "x_x005F_x0041_y", "\u00e9\u4e2d\U0001f600", "L" * 5000, "=1+1", "-3"]
out, exp = [rows[0]], [rows[0]]
for i, (o, w) in enumerate(zip(odd, want)):
    r = rows[1 + i]
    out.append(r[:3] + [o] + r[4:])
    exp.append(r[:3] + [w] + r[4:])
# Quoted as capreport quotes (an unquoted field loses its edge spaces), the header as it writes it.
with open(sys.argv[2], "w", newline="") as f:
    f.write(",".join(out[0]) + "\n")
    csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(out[1:])
csv.writer(open(sys.argv[3], "w", newline=""), lineterminator="\n").writerows(exp)
PY
	"$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/odd.xlsx" "$csv"
	# "-3" in a text column stays text: only integer columns hold numbers.
	run xread rows "$BATS_TEST_TMPDIR/odd.xlsx" Packets "$BATS_TEST_TMPDIR/want.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	xread dump "$BATS_TEST_TMPDIR/odd.xlsx" | jq -e '.formulas == 0 and .xml_formulas == 0'
	# The sheet's XML parses, and holds no byte XML 1.0 forbids.
	unzip -p "$BATS_TEST_TMPDIR/odd.xlsx" xl/worksheets/sheet7.xml >"$BATS_TEST_TMPDIR/sheet.xml"
	/usr/bin/python3 -c 'import sys, re, xml.dom.minidom as m
b = open(sys.argv[1], "rb").read()
m.parseString(b)
sys.exit(1 if re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", b) else 0)' "$BATS_TEST_TMPDIR/sheet.xml"
}

# bats test_tags=sanitize
@test "workbook: when the rows cannot be written, the reason is given and no file is left" {
	run env TMPDIR="$BATS_TEST_TMPDIR/no-such-dir" "$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/x.xlsx" "$WORK/rows.csv"
	echo "$output"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot fill the Packets sheet: cannot write '$BATS_TEST_TMPDIR/x.xlsx': no temporary file in '$BATS_TEST_TMPDIR/no-such-dir': No such file or directory"* ]]
	[ -z "$(find "$BATS_TEST_TMPDIR" -mindepth 1 -maxdepth 1 -name '*x.xlsx*')" ]
	# Without the Packets sheets the same workbook needs no such file.
	TMPDIR="$BATS_TEST_TMPDIR/no-such-dir" "$CAPREPORT" -q workbook --packets 0 -o "$BATS_TEST_TMPDIR/x.xlsx" "$WORK/rows.csv"
	[ -s "$BATS_TEST_TMPDIR/x.xlsx" ]
}

# bats test_tags=sanitize
@test "workbook: strings from captures and CSVs stay text, never formulas" {
	cap=$BATS_TEST_TMPDIR/inject.pcapng
	editcap -F pcapng --capture-comment '=HYPERLINK("http://x","y")' --capture-comment "+cmd|' /C calc'!A0" \
		"$WORK/small.pcap.gz" "$cap"
	"$CAPREPORT" -q export -o "$BATS_TEST_TMPDIR/plain.csv" "$WORK/small.pcap.gz"
	# A CSV input whose protocols column carries formulas and a DDE payload.
	/usr/bin/python3 - "$BATS_TEST_TMPDIR/plain.csv" "$BATS_TEST_TMPDIR/inject.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
evil = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]
for i, e in enumerate(evil):
    rows[1 + i][3] = e
csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n").writerows(rows)
EOF
	"$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/inject.xlsx" "$cap" "$BATS_TEST_TMPDIR/inject.csv"
	xread dump "$BATS_TEST_TMPDIR/inject.xlsx" >"$BATS_TEST_TMPDIR/inject.json"
	J=$BATS_TEST_TMPDIR/inject.json
	jq -e '.formulas == 0 and .xml_formulas == 0' "$J"
	# The comments, exactly, as string cells.
	jq -e '.sheet.Summary | [.rows, .types] | transpose | map(select(.[0][0] == "comment") | [.[0][1], .[1]])
		== [["=HYPERLINK(\"http://x\",\"y\")", "ss"], ["+cmd|'"'"' /C calc'"'"'!A0", "ss"]]' "$J"
	# The protocols, exactly, as string cells in Protocols and Packets.
	for e in "+cmd|' /C calc'!A0" "@SUM(1+1)" "-2+3"; do
		jq -e --arg e "$e" '.sheet.Protocols | [.rows, .types] | transpose | map(select(.[0][0] == $e)) | length == 1 and .[0][1][0:1] == "s"' "$J"
	done
	jq -e '.sheet.Packets | [.rows, .types] | transpose | map(select(.[0][4] == "=HYPERLINK(\"http://x\",\"y\")")) | length == 1 and .[0][1][4:5] == "s"' "$J"
	# Two inputs: a capture column says which row is whose.
	jq -e '.sheet.Packets.rows[0][0] == "capture" and .sheet.Packets.max_row == 201' "$J"
	# The same through -f xlsx.
	"$CAPREPORT" -q info -f xlsx -o "$BATS_TEST_TMPDIR/info.xlsx" "$BATS_TEST_TMPDIR/inject.csv"
	xread dump "$BATS_TEST_TMPDIR/info.xlsx" | jq -e '.formulas == 0 and .xml_formulas == 0 and
		(.sheet.Protocols.rows | map(.[0]) | index("@SUM(1+1)") != null)'
}

@test "-f xlsx on every table command, one sheet per table; without -o FILE it is a usage error" {
	M=$WORK/mixed.pcapng
	"$CAPREPORT" -q conversations --by tcp --top 5 -f xlsx -o "$BATS_TEST_TMPDIR/c.xlsx" "$M"
	"$CAPREPORT" -q conversations --by tcp --top 5 -f csv "$M" >"$BATS_TEST_TMPDIR/c.csv"
	run xread compare "$BATS_TEST_TMPDIR/c.xlsx" Conversations "$BATS_TEST_TMPDIR/c.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "equal: 5 rows"* ]]
	"$CAPREPORT" -q endpoints -f xlsx -o "$BATS_TEST_TMPDIR/e.xlsx" "$M"
	run xread compare "$BATS_TEST_TMPDIR/e.xlsx" Endpoints "$WORK/ep.csv"
	[ "$status" -eq 0 ]
	"$CAPREPORT" -q info -f xlsx -o "$BATS_TEST_TMPDIR/i.xlsx" "$M"
	xread dump "$BATS_TEST_TMPDIR/i.xlsx" >"$BATS_TEST_TMPDIR/i.json"
	jq -e '.sheets == ["Summary", "Protocols", "Interfaces"]' "$BATS_TEST_TMPDIR/i.json"
	n=$(capinfos -M -I "$M" | sed -n 's/^Number of interfaces in file: //p')
	jq -e --argjson n "$n" '.sheet.Interfaces.max_row == $n + 1' "$BATS_TEST_TMPDIR/i.json"
	# A workbook does not go to standard output.
	run "$CAPREPORT" -q endpoints -f xlsx "$M"
	[ "$status" -eq 2 ]
	[[ "$output" == *"-f xlsx needs -o FILE.xlsx"* ]]
	run "$CAPREPORT" -q endpoints -f xlsx -o - "$M"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" -q workbook "$M"
	[ "$status" -eq 2 ]
	# One workbook per info run: several inputs would overwrite each other.
	run "$CAPREPORT" -q info -f xlsx -o "$BATS_TEST_TMPDIR/two.xlsx" "$M" "$M"
	[ "$status" -eq 2 ]
	[ ! -e "$BATS_TEST_TMPDIR/two.xlsx" ]
}

# bats test_tags=sanitize
@test "workbook: Packets split across sheets at --sheet-rows, up to --packets; the Summary says what was left out" {
	M=$WORK/mixed.pcapng
	"$CAPREPORT" -q workbook --sheet-rows 200 -o "$BATS_TEST_TMPDIR/split.xlsx" "$M"
	xread dump "$BATS_TEST_TMPDIR/split.xlsx" >"$BATS_TEST_TMPDIR/split.json"
	J=$BATS_TEST_TMPDIR/split.json
	jq -e '.sheets[-3:] == ["Packets", "Packets 2", "Packets 3"]' "$J"
	jq -e '[.sheet["Packets"].max_row, .sheet["Packets 2"].max_row, .sheet["Packets 3"].max_row] == [201, 201, 81]' "$J"
	jq -e '.sheet["Packets 2"].rows[1][0] == 201 and .sheet["Packets 2"].filter == "A1:Q201" and .sheet["Packets 3"].freeze == "A2"' "$J"

	"$CAPREPORT" -q workbook --sheet-rows 200 --packets 300 -o "$BATS_TEST_TMPDIR/lim.xlsx" "$M"
	xread dump "$BATS_TEST_TMPDIR/lim.xlsx" >"$BATS_TEST_TMPDIR/lim.json"
	J=$BATS_TEST_TMPDIR/lim.json
	jq -e '.sheets[-2:] == ["Packets", "Packets 2"] and .sheet["Packets 2"].max_row == 101' "$J"
	[ "$(summary "$J" "packet rows left out")" = "[180]" ]
	csv=$(summary "$J" "every row is in" | jq -r '.[0]')
	[ "$(($(wc -l <"$csv") - 1))" -eq 480 ]

	"$CAPREPORT" -q workbook --packets 0 -o "$BATS_TEST_TMPDIR/none.xlsx" "$M"
	xread dump "$BATS_TEST_TMPDIR/none.xlsx" | jq -e '.sheets | index("Packets") == null and length == 7'
}

@test "workbook: filters apply to every sheet, the Packets sheet included, and the Summary states them" {
	M=$WORK/mixed.pcapng
	"$CAPREPORT" -q workbook --port 53 -o "$BATS_TEST_TMPDIR/dns.xlsx" "$M"
	xread dump "$BATS_TEST_TMPDIR/dns.xlsx" >"$BATS_TEST_TMPDIR/dns.json"
	want=$(tshark -n -r "$M" -Y "tcp.port == 53 || udp.port == 53" 2>/dev/null | wc -l)
	[ "$want" -gt 0 ]
	jq -e --argjson n "$want" '.sheet.Packets.max_row == $n + 1' "$BATS_TEST_TMPDIR/dns.json"
	[ "$(summary "$BATS_TEST_TMPDIR/dns.json" "row filters")" = '["--port 53"]' ]
	"$CAPREPORT" -q conversations --port 53 -f csv "$M" >"$BATS_TEST_TMPDIR/dns.csv"
	xread compare "$BATS_TEST_TMPDIR/dns.xlsx" Conversations "$BATS_TEST_TMPDIR/dns.csv"
}

# bats test_tags=sanitize
@test "workbook: a capture without packets gives a Summary that says so; a damaged one its readable part" {
	run "$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/empty.xlsx" "$WORK/bad/header-only.pcap"
	[ "$status" -eq 0 ]
	xread dump "$BATS_TEST_TMPDIR/empty.xlsx" >"$BATS_TEST_TMPDIR/empty.json"
	jq -e '.sheets == ["Summary"]' "$BATS_TEST_TMPDIR/empty.json"
	[ "$(summary "$BATS_TEST_TMPDIR/empty.json" packets)" = "[0]" ]
	summary "$BATS_TEST_TMPDIR/empty.json" note | grep -q "no packets"

	run "$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/cut.xlsx" "$WORK/bad/truncated.pcap"
	[ "$status" -eq 4 ]
	xread dump "$BATS_TEST_TMPDIR/cut.xlsx" >"$BATS_TEST_TMPDIR/cut.json"
	good=$(tshark -n -r "$WORK/bad/truncated.pcap" 2>/dev/null | wc -l)
	[ "$(summary "$BATS_TEST_TMPDIR/cut.json" packets)" = "[$good]" ]
	summary "$BATS_TEST_TMPDIR/cut.json" damaged | grep -q "frame $good"
	summary "$BATS_TEST_TMPDIR/cut.json" "packets sheet" | grep -q "leaves this capture out"

	# Nothing readable: no workbook at all.
	run "$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/none.xlsx" "$WORK/bad/empty.pcap"
	[ "$status" -eq 3 ]
	[ ! -e "$BATS_TEST_TMPDIR/none.xlsx" ]
	[ -z "$(find "$BATS_TEST_TMPDIR" -mindepth 1 -maxdepth 1 -name '*.tmp-*')" ]
}

@test "workbook: an output folder that cannot be written fails at once with the reason, leaving nothing" {
	run "$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/missing/x.xlsx" "$WORK/mixed.pcapng"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot write '$BATS_TEST_TMPDIR/missing/x.xlsx': No such file or directory"* ]]

	# A read-only folder (root ignores modes: run as nobody then).
	dir=$(mktemp -d /tmp/capreport-ro.XXXXXX)
	chmod 755 "$dir"
	mkdir "$dir/out"
	cp "$WORK/mixed.pcapng.ip.csv" "$dir/in.csv"
	chmod 644 "$dir/in.csv"
	chmod 555 "$dir/out"
	as=()
	[ "$(id -u)" -eq 0 ] && as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	run "${as[@]}" "$CAPREPORT" -q workbook -o "$dir/out/x.xlsx" "$dir/in.csv"
	ls -A "$dir/out" >"$BATS_TEST_TMPDIR/left"
	rm -rf "$dir"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot write '$dir/out/x.xlsx': Permission denied"* ]]
	[ ! -s "$BATS_TEST_TMPDIR/left" ]
	# The same through -f xlsx.
	run "$CAPREPORT" -q endpoints -f xlsx -o "$BATS_TEST_TMPDIR/missing/e.xlsx" "$WORK/mixed.pcapng"
	[ "$status" -eq 6 ]
}

@test "workbook --no-cache: the Packets sheet still has every row, and no CSV is left anywhere" {
	dir=$BATS_TEST_TMPDIR/nocache
	mkdir -p "$dir/tmp"
	cp "$WORK/small.pcap.gz" "$dir/"
	TMPDIR=$dir/tmp "$CAPREPORT" -q workbook --no-cache -o "$dir/s.xlsx" "$dir/small.pcap.gz"
	[ ! -e "$dir/small.pcap.gz.ip.csv" ]
	[ -z "$(ls -A "$dir/tmp")" ]
	xread dump "$dir/s.xlsx" | jq -e '.sheet.Packets.max_row == 101 and (.sheet.Packets.rows[-1][0] == 100)'
}

@test "LibreOffice reads the same numbers and rows (only when it is installed)" {
	lo=$(command -v libreoffice || command -v soffice || true)
	[ -n "$lo" ] || skip "LibreOffice is not installed (Debian: libreoffice-calc-nogui)"
	"$CAPREPORT" -q endpoints -f xlsx -o "$BATS_TEST_TMPDIR/e.xlsx" "$WORK/mixed.pcapng"
	# Every sheet of both as CSV in one run, with a private profile; values, not as shown (the 9th token).
	timeout 300 "$lo" -env:UserInstallation="file://$BATS_TEST_TMPDIR/lo-profile" --headless \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
		--outdir "$BATS_TEST_TMPDIR/lo" "$BATS_TEST_TMPDIR/e.xlsx" "$WORK/mixed.xlsx" >/dev/null 2>&1
	cut -d, -f1-7 "$BATS_TEST_TMPDIR/lo/e-Endpoints.csv" | tr -d '"' | sed -n '2,$p' | grep -v '^,' | grep -v '^total' |
		sed 's/,$//' >"$BATS_TEST_TMPDIR/lo.txt"
	csv_body "$WORK/ep.csv" | cut -d, -f1-7 >"$BATS_TEST_TMPDIR/ours.txt"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/ours.txt")" -gt 10 ]
	diff -u "$BATS_TEST_TMPDIR/ours.txt" "$BATS_TEST_TMPDIR/lo.txt"
	# The Packets sheet, written by capreport's own sheet writer: every cell equals the export.
	run xread rows-csv "$BATS_TEST_TMPDIR/lo/mixed-Packets.csv" "$WORK/rows.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "equal: $(($(wc -l <"$WORK/rows.csv") - 1)) rows of 17 cells" ]]
}

@test "workbook: past 65536 rows libxlsxwriter's constant-memory mode, with the same tables and every row" {
	csv=$BATS_TEST_TMPDIR/big.csv
	# 70,000 UDP packets between 20 clients and 10 servers, as capreport's CSV.
	/usr/bin/python3 - "$csv" <<'PY'
import csv, sys
w = csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n")
w.writerow("frame.number,frame.time_epoch,frame.len,frame.protocols,frame.interface_id,ip.src,ip.dst,"
           "ipv6.src,ipv6.dst,ip.proto,ipv6.nxt,tcp.srcport,tcp.dstport,udp.srcport,udp.dstport,"
           "tcp.stream,udp.stream".split(","))
for i in range(1, 70001):
    a, b = "10.0.0.%d" % (1 + i % 20), "10.9.0.%d" % (1 + i % 10)
    s, d = (a, b) if i % 3 else (b, a)
    w.writerow([i, "%.6f" % (1700000000 + i / 1000), 60 + i % 1400, "eth:ethertype:ip:udp", 0,
                s, d, "", "", 17, "", "", "", 1024 + i % 50, 53, "", i % 500])
PY
	"$CAPREPORT" -q workbook --packets 70000 -o "$BATS_TEST_TMPDIR/big.xlsx" "$csv"
	# Constant-memory mode writes strings inline: no shared-string table.
	unzip -l "$BATS_TEST_TMPDIR/big.xlsx" >"$BATS_TEST_TMPDIR/big.list"
	no_match -q sharedStrings "$BATS_TEST_TMPDIR/big.list"
	[ "$(unzip -p "$BATS_TEST_TMPDIR/big.xlsx" 'xl/worksheets/*.xml' | grep -c '<f[ >]' || true)" -eq 0 ]
	xread shape "$BATS_TEST_TMPDIR/big.xlsx" | jq -e '.Packets == [70001, 17] and (keys_unsorted | length) == 7'
	"$CAPREPORT" -q conversations -f csv "$csv" >"$BATS_TEST_TMPDIR/conv.csv"
	"$CAPREPORT" -q endpoints -f csv "$csv" >"$BATS_TEST_TMPDIR/ep.csv"
	run xread compare "$BATS_TEST_TMPDIR/big.xlsx" Conversations "$BATS_TEST_TMPDIR/conv.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"totals: 6 columns"* ]]
	run xread compare "$BATS_TEST_TMPDIR/big.xlsx" Endpoints "$BATS_TEST_TMPDIR/ep.csv"
	[ "$status" -eq 0 ]
}
