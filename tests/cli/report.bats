#!/usr/bin/env bats
# report.bats - capreport report: the folder, every plot drawn by the real gnuplot, numbers against tshark.
load helpers
# These tests are about the tshark path and its cache; native.bats covers the native reader.
export CAPREPORT_ENGINE=tshark

setup_file() {
	copy_samples
	# One report of one capture and one of several, made once; the tests read them.
	"$CAPREPORT" -q report -o "$WORK/one" "$WORK/mixed.pcapng" >"$WORK/one.out"
	echo $? >"$WORK/one.status"
	set +e
	"$CAPREPORT" -q report -o "$WORK/multi" "$WORK/mixed.pcapng" "$WORK/midnight-gap.pcap" \
		"$WORK/bad/html-comment.pcapng" "$WORK/bad/not-a-capture.pcap" >"$WORK/multi.out" 2>"$WORK/multi.err"
	echo $? >"$WORK/multi.status"
}

# A column of a CSV by name.
col() {
	awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' "$1"
}

# tshark's own sums per directed address pair: "src,dst,packets,bytes" (outer IP header, as capreport).
tshark_directed() {
	tshark -n -r "$1" -T fields -E occurrence=f -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e frame.len 2>/dev/null |
		awk -F'\t' '{ s = $1 != "" ? $1 : $3; d = $1 != "" ? $2 : $4; if (s == "") next;
			     p[s","d]++; b[s","d] += $5 } END { for (k in p) print k","p[k]","b[k] }' | sort
}

# bats test_tags=sanitize
@test "report writes the gallery, pages, tables, plots, workbook and assets, and prints index.html" {
	[ "$(cat "$WORK/one.status")" -eq 0 ]
	[ "$(cat "$WORK/one.out")" = "$WORK/one/index.html" ]
	for f in index.html assets/style.css assets/table.js mixed.xlsx .capreport-report \
		mixed-summary.html mixed-heatmap.html mixed-graph.html mixed-conversations.html mixed-timeline.html \
		tables/mixed-conversations.csv tables/mixed-matrix.csv tables/mixed-sizes.csv plots/mixed-graph.dot; do
		[ -s "$WORK/one/$f" ] || { echo "missing: $f"; false; }
	done
	for p in protocols talkers heatmap sizes ports parallel throughput; do
		for ext in svg png gp dat; do
			[ -s "$WORK/one/plots/mixed-$p.$ext" ] || { echo "missing: mixed-$p.$ext"; false; }
		done
	done
	[ -s "$WORK/one/plots/mixed-timeline/timeline-overview.png" ]
	# Nothing half-made is left beside it.
	[ -z "$(find "$WORK" -maxdepth 1 -name '.one.tmp-*')" ]
	# The workbook is a real XLSX with a sheet per table.
	/usr/bin/python3 -c "import openpyxl,sys; wb = openpyxl.load_workbook(sys.argv[1]); print(wb.sheetnames)" "$WORK/one/mixed.xlsx" |
		grep -q "Conversations"
}

@test "every plot renders with gnuplot: a PNG of the size the .gp asks for, not blank; an SVG" {
	n=0
	for gp in "$WORK"/one/plots/*.gp "$WORK"/one/plots/*/*.gp; do
		png=${gp%.gp}.png
		read -r want_w want_h < <(sed -n "s/.*pngcairo size \([0-9]*\),\([0-9]*\).*/\1 \2/p" "$gp")
		read -r w h colours < <(python3 "$BATS_TEST_DIRNAME/pngcheck.py" "$png")
		[ "$w" -eq "$want_w" ] && [ "$h" -eq "$want_h" ] || { echo "$png: ${w}x$h, want ${want_w}x$want_h"; false; }
		[ "$colours" -gt 2 ] || { echo "$png: $colours colours"; false; }
		grep -q '<svg' "${gp%.gp}.svg"
		n=$((n + 1))
	done
	[ "$n" -ge 8 ]
}

@test "a plot re-renders from its .gp and .dat alone, in the plots folder" {
	cp -R "$WORK/one/plots" "$BATS_TEST_TMPDIR/plots"
	rm "$BATS_TEST_TMPDIR"/plots/mixed-heatmap.{svg,png}
	(cd "$BATS_TEST_TMPDIR/plots" && gnuplot mixed-heatmap.gp)
	[ -s "$BATS_TEST_TMPDIR/plots/mixed-heatmap.svg" ]
	[ -s "$BATS_TEST_TMPDIR/plots/mixed-heatmap.png" ]
}

@test "golden: the .gp and .dat of every plot of mixed.pcapng are as reviewed (scripts/golden-report.sh)" {
	run "$ROOT/scripts/golden-report.sh" --check "$WORK/one"
	echo "$output" | head -40
	[ "$status" -eq 0 ]
}

@test "heatmap cells equal tshark's bytes and packets per directed address pair, and the conversation table" {
	tshark_directed "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/tshark"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/tshark")" -gt 10 ]
	for metric in bytes packets; do
		"$CAPREPORT" -q heatmap --metric $metric --top 1000 -f csv "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/m.csv"
		# The matrix as "src,dst,value" for the cells with traffic, totals left out.
		awk -F, 'NR == 1 { for (i = 2; i <= NF; i++) h[i] = $i; next }
			 $1 != "total" { for (i = 2; i <= NF; i++) if ($i != "" && h[i] != "total") print $1","h[i]","$i }' \
			"$BATS_TEST_TMPDIR/m.csv" | sort >"$BATS_TEST_TMPDIR/ours"
		if [ $metric = bytes ]; then f=4; else f=3; fi
		cut -d, -f1,2,$f "$BATS_TEST_TMPDIR/tshark" | sort >"$BATS_TEST_TMPDIR/theirs"
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
	# The report's matrix is the same numbers (its top 30 holds every host of this capture).
	awk -F, 'NR == 1 { for (i = 2; i <= NF; i++) h[i] = $i; next }
		 $1 != "total" { for (i = 2; i <= NF; i++) if ($i != "" && h[i] != "total") print $1","h[i]","$i }' \
		"$WORK/one/tables/mixed-matrix.csv" | sort >"$BATS_TEST_TMPDIR/report"
	cut -d, -f1,2,4 "$BATS_TEST_TMPDIR/tshark" | sort | diff -u - "$BATS_TEST_TMPDIR/report"
	# And the conversation table, both directions of each row.
	awk -F, 'NR > 1 { if ($6 > 0) print $1","$3","$6; if ($8 > 0) print $3","$1","$8 }' \
		"$WORK/one/tables/mixed-conversations.csv" | sort | diff -u - "$BATS_TEST_TMPDIR/report"
}

@test "heatmap --top keeps the busiest hosts, sums the rest in 'other', and its totals add up" {
	"$CAPREPORT" -q heatmap --top 5 -f csv "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/m.csv"
	head -1 "$BATS_TEST_TMPDIR/m.csv" | grep -q ',other,total$'
	[ "$(wc -l <"$BATS_TEST_TMPDIR/m.csv")" -eq 8 ]	# header, 5 sources, other, total
	# Row sums equal the total column; the grand total is every IP byte tshark counts.
	awk -F, 'NR > 1 && $1 != "total" { s = 0; for (i = 2; i < NF; i++) s += $i; if (s != $NF) { print "row " $1; bad = 1 } }
		 END { exit bad }' "$BATS_TEST_TMPDIR/m.csv"
	grand=$(awk -F, '$1 == "total" { print $NF }' "$BATS_TEST_TMPDIR/m.csv")
	[ "$grand" -eq "$(tshark_directed "$WORK/mixed.pcapng" | awk -F, '{ s += $4 } END { print s }')" ]
}

@test "heatmap --plot draws SVG and PNG with .gp and .dat beside them; a bad --plot name is refused" {
	"$CAPREPORT" -q heatmap --plot "$BATS_TEST_TMPDIR/h/heat.svg" -o "$BATS_TEST_TMPDIR/h.csv" -f csv "$WORK/mixed.pcapng"
	for ext in svg png gp dat; do [ -s "$BATS_TEST_TMPDIR/h/heat.$ext" ]; done
	run "$CAPREPORT" heatmap --plot "$BATS_TEST_TMPDIR/heat.pdf" "$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--plot takes a file name ending in .svg or .png"* ]]
	run "$CAPREPORT" heatmap --metric frames "$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
}

@test "graph edges equal tshark's packets and bytes per directed pair; DOT and Circos agree" {
	"$CAPREPORT" -q graph -f json "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/g.json"
	jq -r '.links[] | "\(.source),\(.target),\(.packets),\(.bytes)"' "$BATS_TEST_TMPDIR/g.json" | sort >"$BATS_TEST_TMPDIR/ours"
	tshark_directed "$WORK/mixed.pcapng" | diff -u - "$BATS_TEST_TMPDIR/ours"
	# DOT: one edge line per link; --top keeps the heaviest.
	"$CAPREPORT" -q graph "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/g.dot"
	head -1 "$BATS_TEST_TMPDIR/g.dot" | grep -q '^digraph ip {$'
	[ "$(grep -c -- ' -> ' "$BATS_TEST_TMPDIR/g.dot")" -eq "$(wc -l <"$BATS_TEST_TMPDIR/ours")" ]
	"$CAPREPORT" -q graph --top 3 -f json "$WORK/mixed.pcapng" | jq -r '.links[].bytes' >"$BATS_TEST_TMPDIR/top"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/top")" -eq 3 ]
	[ "$(sort -n "$BATS_TEST_TMPDIR/top" | head -1)" -ge "$(cut -d, -f4 "$BATS_TEST_TMPDIR/ours" | sort -n | tail -4 | head -1)" ]
	# Circos: IP-Link's matrix: "ip" first, "-" on the diagonal, packets of tshark's count elsewhere.
	"$CAPREPORT" -q graph -f circos -o "$BATS_TEST_TMPDIR/ip.circos" "$WORK/mixed.pcapng"
	awk -F'\t' 'NR == 1 { if ($1 != "ip") exit 1; for (i = 2; i <= NF; i++) h[i] = $i; n = NF; next }
		    { if (NF != n || $NR != "-") exit 1; for (i = 2; i <= NF; i++) if (i != NR && $i > 0) print $1","h[i]","$i }' \
		"$BATS_TEST_TMPDIR/ip.circos" | sort >"$BATS_TEST_TMPDIR/circos"
	[ -s "$BATS_TEST_TMPDIR/circos" ]
	join -t, -o 1.1,1.2,1.3 <(awk -F, '{ print $1"|"$2","$3 }' "$BATS_TEST_TMPDIR/ours" | sort) \
		<(awk -F, '{ print $1"|"$2","$3 }' "$BATS_TEST_TMPDIR/circos" | sort) >"$BATS_TEST_TMPDIR/both"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/both")" -eq "$(wc -l <"$BATS_TEST_TMPDIR/circos")" ]
}

@test "graph without Graphviz: the DOT is written, the SVG is not, and it says so" {
	# A PATH with tshark and gnuplot but no dot, whether Graphviz is installed here or not.
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -s "$(command -v tshark)" "$(command -v gnuplot)" "$BATS_TEST_TMPDIR/bin/"
	PATH="$BATS_TEST_TMPDIR/bin" run "$CAPREPORT" -q graph --plot "$BATS_TEST_TMPDIR/g.svg" -o "$BATS_TEST_TMPDIR/out.dot" "$WORK/mixed.pcapng"
	[ "$status" -eq 7 ]
	[[ "$output" == *"Graphviz 'dot' is not installed"*"apt-get install graphviz"* ]]
	[ -s "$BATS_TEST_TMPDIR/g.dot" ]
	[ ! -e "$BATS_TEST_TMPDIR/g.svg" ]
	PATH="$BATS_TEST_TMPDIR/bin" run "$CAPREPORT" -q report -o "$BATS_TEST_TMPDIR/r" "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	grep -q "Graphviz is not installed" "$BATS_TEST_TMPDIR/r/index.html"
}

@test "graph with Graphviz: dot draws the SVG from the DOT written beside it" {
	command -v dot >/dev/null || skip "Graphviz is not installed here (make demo installs it)"
	run "$CAPREPORT" -q graph --plot "$BATS_TEST_TMPDIR/g.svg" -o "$BATS_TEST_TMPDIR/out.dot" "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[ -s "$BATS_TEST_TMPDIR/g.dot" ]
	python3 -c 'import sys, xml.etree.ElementTree as E; assert E.parse(sys.argv[1]).getroot().tag.endswith("svg")' "$BATS_TEST_TMPDIR/g.svg"
	no_match -q "Graphviz is not installed" "$WORK/one/index.html"
}

@test "sizes: the bins add up to tshark's -z plen,tree buckets, overall and for one --host" {
	for host in "" 10.0.1.11; do
		if [ -n "$host" ]; then
			"$CAPREPORT" -q sizes -f csv --host "$host" "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/s.csv"
			z="plen,tree,ip.addr==$host"
		else
			cp "$WORK/one/tables/mixed-sizes.csv" "$BATS_TEST_TMPDIR/s.csv"
			z="plen,tree"
		fi
		tshark -n -q -r "$WORK/mixed.pcapng" -z "$z" 2>/dev/null |
			awk '$1 ~ /^[0-9]+-[0-9]+$/ { print $1","$2 } $2 == "and" { print $1"+,"$4 }' >"$BATS_TEST_TMPDIR/theirs"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -eq 10 ]
		while IFS=, read -r bucket count; do
			lo=${bucket%%[-+]*}
			hi=${bucket#*-}
			[ "$hi" = "$bucket" ] && hi=999999
			ours=$(awk -F, -v lo="$lo" -v hi="$hi" 'NR > 1 && $1 >= lo && ($2 == "" ? 999999 : $2) <= hi { s += $3 } END { print s + 0 }' \
				"$BATS_TEST_TMPDIR/s.csv")
			[ "$ours" -eq "$count" ] || { echo "bucket $bucket: ours $ours, tshark $count"; false; }
		done <"$BATS_TEST_TMPDIR/theirs"
	done
}

@test "throughput: the bins hold every byte tshark counts, and each pair's series its conversation's bytes" {
	t=$WORK/one/tables/mixed-throughput.csv
	bin=$(awk -F, 'NR == 3 { print $1; exit }' "$t")
	total=$(awk -F, -v w="$bin" 'NR > 1 { s += $4 * w / 8 } END { printf "%.0f", s }' "$t")
	[ "$total" -eq "$(capinfos -M -d "$WORK/mixed.pcapng" | sed -n 's/^Data size: *\([0-9]*\) bytes/\1/p')" ]
	[ "$(col "$t" packets | paste -sd+ | bc)" -eq "$(capinfos -M -c "$WORK/mixed.pcapng" | sed -n 's/^Number of packets: *//p')" ]
	pair=$(head -1 "$t" | cut -d, -f5)
	a=${pair% <> *}
	b=${pair#* <> }
	ours=$(awk -F, -v w="$bin" 'NR > 1 { s += $5 * w / 8 } END { printf "%.0f", s }' "$t")
	theirs=$(tshark_pair_bytes "$WORK/mixed.pcapng" | awk -F, -v a="$a" -v b="$b" '($1 == a && $2 == b) || ($1 == b && $2 == a) { print $3 }')
	[ "$ours" -eq "$theirs" ]
}

@test "the packet sample: every IP packet of a small capture, each one tshark's, with its ports" {
	t=$WORK/one/tables/mixed-packet_sample.csv
	# ICMP errors quote a header whose ports are not the packet's own: compared without ICMP.
	tshark -n -r "$WORK/mixed.pcapng" -T fields -E occurrence=f -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst \
		-e tcp.srcport -e udp.srcport -e tcp.dstport -e udp.dstport -Y '(ip or ipv6) and not icmp and not icmpv6' 2>/dev/null |
		awk -F'\t' '{ print ($1 $2)","($3 $4)","($5 $6)","($7 $8) }' | sort >"$BATS_TEST_TMPDIR/theirs"
	awk -F, 'NR > 1 && $7 != "icmp" && $7 != "icmpv6" { print $3","$4","$5","$6 }' "$t" | sort >"$BATS_TEST_TMPDIR/ours"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -gt 300 ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	n=$(tshark -n -r "$WORK/mixed.pcapng" -Y 'ip or ipv6' 2>/dev/null | wc -l)
	[ "$(tail -n +2 "$t" | wc -l)" -eq "$n" ]
	grep -q "all $n IP packets" "$WORK/one/mixed-ports.html"
}

@test "several captures: an index compares them, with tshark's counts; an unreadable one is listed with its reason" {
	[ "$(cat "$WORK/multi.status")" -eq 3 ]
	grep -q "not a capture" "$WORK/multi.err"
	[ "$(cat "$WORK/multi.out")" = "$WORK/multi/index.html" ]
	for c in mixed midnight-gap html-comment; do [ -s "$WORK/multi/$c.html" ]; done
	csv=$WORK/multi/tables/captures.csv
	for c in mixed.pcapng midnight-gap.pcap html-comment.pcapng; do
		ours=$(awk -F, -v c="$c" '$1 == c { print $2 }' "$csv")
		f=$(find "$WORK" -maxdepth 2 -name "$c" | head -1)
		[ "$ours" -eq "$(capinfos -M -c "$f" | sed -n 's/^Number of packets: *//p')" ]
	done
	grep -q "not-a-capture.pcap: <span class=\"error\">" "$WORK/multi/index.html"
	# The capture crossing midnight gets a timeline plot per UTC day.
	[ -s "$WORK/multi/plots/midnight-gap-timeline/timeline-2024-03-09.png" ]
	[ -s "$WORK/multi/plots/midnight-gap-timeline/timeline-2024-03-10.png" ]
	# A capture shorter than a second still gets its timeline drawn.
	[ -s "$WORK/multi/plots/html-comment-timeline/timeline-overview.png" ]
}

# bats test_tags=sanitize
@test "capture text is escaped: a pcapng whose comment and interface name are <script> shows them as text" {
	page=$WORK/multi/html-comment.html
	grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$page"
	grep -q 'interface description with &lt;b&gt;markup&lt;/b&gt; &amp; &quot;quotes&quot;' "$page"
	no_match -q '<script>alert' "$WORK"/multi/*.html
	# Every script tag in every page is the report's own.
	[ "$(grep -ho '<script[^>]*>' "$WORK"/multi/*.html | sort -u)" = '<script src="assets/table.js" defer>' ]
}

# bats test_tags=sanitize
@test "a damaged capture: the report covers the readable part, says so, exit 4; an empty one: a summary, no plots" {
	run "$CAPREPORT" -q report -o "$BATS_TEST_TMPDIR/tr" "$WORK/bad/truncated.pcapng"
	[ "$status" -eq 4 ]
	grep -q 'class="warning">This capture is damaged: .*cut short.*Results cover the packets up to frame 36\.' "$BATS_TEST_TMPDIR/tr/index.html"
	[ "$(awk -F, '$1 == "packets" { print $2 }' "$BATS_TEST_TMPDIR/tr/tables/truncated-summary.csv")" -eq 36 ]
	run "$CAPREPORT" -q report -o "$BATS_TEST_TMPDIR/ho" "$WORK/bad/header-only.pcap"
	[ "$status" -eq 0 ]
	grep -q "No plots: the capture holds no packets" "$BATS_TEST_TMPDIR/ho/index.html"
	[ "$(awk -F, '$1 == "packets" { print $2 }' "$BATS_TEST_TMPDIR/ho/tables/header-only-summary.csv")" -eq 0 ]
}

@test "no external URL anywhere in the pages or assets; a Content-Security-Policy in every page" {
	no_match -Eo '(src|href)="[a-z]+:[^"]*"' "$WORK"/one/*.html
	no_match -Eo '(https?|ftp)://' "$WORK"/one/*.html "$WORK"/one/assets/*
	for f in "$WORK"/one/*.html; do grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$f"; done
}

@test "without gnuplot: tables and pages are written, each card says how to install it, exit 7" {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -s "$(command -v tshark)" "$BATS_TEST_TMPDIR/bin/tshark"
	run env PATH="$BATS_TEST_TMPDIR/bin" "$CAPREPORT" report -o "$BATS_TEST_TMPDIR/r" "$WORK/mixed.pcapng"
	[ "$status" -eq 7 ]
	[[ "$output" == *"gnuplot is not installed"*"apt-get install gnuplot-nox"* ]]
	[ -s "$BATS_TEST_TMPDIR/r/index.html" ]
	[ -s "$BATS_TEST_TMPDIR/r/tables/mixed-conversations.csv" ]
	[ -s "$BATS_TEST_TMPDIR/r/plots/mixed-heatmap.gp" ]
	[ -z "$(find "$BATS_TEST_TMPDIR/r" -name '*.png')" ]
	[ "$(grep -c 'could not be drawn: gnuplot is not installed' "$BATS_TEST_TMPDIR/r/index.html")" -ge 8 ]
	# The one image is the IP graph, which capreport draws itself when no program can.
	[ "$(grep -o '<img[^>]*>' "$BATS_TEST_TMPDIR/r/index.html")" = '<img src="plots/mixed-graph.svg" alt="IP graph">' ]
}

@test "an earlier report is replaced whole; a folder that is not a report is never touched" {
	"$CAPREPORT" -q report --no-plots -o "$BATS_TEST_TMPDIR/r" "$WORK/bad/html-comment.pcapng"
	touch "$BATS_TEST_TMPDIR/r/stale-file"
	"$CAPREPORT" -q report --no-plots -o "$BATS_TEST_TMPDIR/r" "$WORK/bad/html-comment.pcapng"
	[ ! -e "$BATS_TEST_TMPDIR/r/stale-file" ]
	[ -s "$BATS_TEST_TMPDIR/r/index.html" ]
	mkdir "$BATS_TEST_TMPDIR/mine"
	echo keep >"$BATS_TEST_TMPDIR/mine/notes.txt"
	run "$CAPREPORT" report -o "$BATS_TEST_TMPDIR/mine" "$WORK/bad/html-comment.pcapng"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot write the report to '$BATS_TEST_TMPDIR/mine': the folder holds files that are not a capreport report"* ]]
	[ "$(ls "$BATS_TEST_TMPDIR/mine")" = notes.txt ]
	[ -z "$(find "$BATS_TEST_TMPDIR" -maxdepth 1 -name '.*.tmp-*')" ]
}

# bats test_tags=sanitize
@test "--templates: a page layout of one's own is used, the rest comes from the built-in ones; a broken one fails cleanly" {
	mkdir -p "$BATS_TEST_TMPDIR/t/report"
	sed 's|<footer>|<footer>OUR OWN FOOTER |' "$ROOT/templates/report/page.html" >"$BATS_TEST_TMPDIR/t/report/page.html"
	"$CAPREPORT" -q report --no-plots --templates "$BATS_TEST_TMPDIR/t" -o "$BATS_TEST_TMPDIR/r" "$WORK/bad/html-comment.pcapng"
	grep -q 'OUR OWN FOOTER' "$BATS_TEST_TMPDIR/r/index.html"
	cmp "$ROOT/templates/report/style.css" "$BATS_TEST_TMPDIR/r/assets/style.css"
	# A layout without the policy is refused, and nothing is left behind.
	grep -v '{{{head}}}' "$ROOT/templates/report/page.html" >"$BATS_TEST_TMPDIR/t/report/page.html"
	run "$CAPREPORT" report --no-plots --templates "$BATS_TEST_TMPDIR/t" -o "$BATS_TEST_TMPDIR/r2" "$WORK/bad/html-comment.pcapng"
	[ "$status" -eq 6 ]
	[[ "$output" == *"has no {{{head}}}"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/r2" ]
	[ -z "$(find "$BATS_TEST_TMPDIR" -maxdepth 1 -name '.r2.tmp-*')" ]
	run "$CAPREPORT" report --templates "$BATS_TEST_TMPDIR/none" -o "$BATS_TEST_TMPDIR/r3" "$WORK/bad/html-comment.pcapng"
	[ "$status" -eq 2 ]
}

@test "usage errors: no -o, no input; the report reads the cache the first run left" {
	run "$CAPREPORT" report "$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
	[[ "$output" == *"give the folder to write with -o DIR"* ]]
	run "$CAPREPORT" report -o "$BATS_TEST_TMPDIR/x"
	[ "$status" -eq 2 ]
	run "$CAPREPORT" -v report --no-plots -o "$BATS_TEST_TMPDIR/r" "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[[ "$output" == *"using cached"* ]]
	[[ "$output" != *"running: tshark"* ]]
}

@test "the plot commands print their table and draw with --plot" {
	for c in talkers protocols sizes ports parallel throughput; do
		"$CAPREPORT" -q $c -f csv --plot "$BATS_TEST_TMPDIR/p/$c.png" "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/$c.csv"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/$c.csv")" -gt 2 ]
		for ext in svg png gp dat; do [ -s "$BATS_TEST_TMPDIR/p/$c.$ext" ] || { echo "$c.$ext"; false; }; done
	done
	# talkers is the endpoints table's busiest rows, by bytes
	"$CAPREPORT" -q endpoints --sort bytes -f csv "$WORK/mixed.pcapng" | tail -n +2 | head -15 | cut -d, -f1,5,7 >"$BATS_TEST_TMPDIR/ep"
	tail -n +2 "$BATS_TEST_TMPDIR/talkers.csv" | cut -d, -f1-3 | diff -u "$BATS_TEST_TMPDIR/ep" -
	grep -q "Packet sizes to or from 10.0.1.11" <("$CAPREPORT" -q sizes --host 10.0.1.11 --plot "$BATS_TEST_TMPDIR/h.svg" "$WORK/mixed.pcapng" >/dev/null; cat "$BATS_TEST_TMPDIR/h.gp")
}

@test "TCP section: the stream list equals 'tcp list' and its frames each way equal tshark -z conv,tcp; no MPTCP section without MPTCP" {
	t=$WORK/one/tables/mixed-tcp_streams.csv
	[ -s "$WORK/one/mixed-tcp.html" ]
	"$CAPREPORT" -q tcp list -f csv "$WORK/mixed.pcapng" | diff -u - "$t"
	csv_body "$t" | awk -F, '{ print $2":"$3","$4":"$5","$6","$8 }' | sort >"$BATS_TEST_TMPDIR/ours"
	tshark_conv "$WORK/mixed.pcapng" tcp >"$BATS_TEST_TMPDIR/theirs"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -ge 2 ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	# the busiest streams by bytes have their summaries and four plots drawn
	top=$(csv_body "$t" | awk -F, '{ print $7 + $9, $1 }' | sort -k1,1nr -k2,2n | head -1 | cut -d' ' -f2)
	[ -s "$WORK/one/tables/mixed-tcp_summary_$top.csv" ]
	for k in seq rtt tput inflight; do
		[ -s "$WORK/one/plots/mixed-tcp/mixed-tcp-$top-$k.png" ] || [ "$k" = rtt ]
	done
	grep -q "mixed-tcp-$top-seq.svg" "$WORK/one/mixed-tcp.html"
	# mixed.pcapng carries no MPTCP option: no MPTCP page, sheet or table
	[ ! -e "$WORK/one/mixed-mptcp.html" ]
	[ -z "$(find "$WORK/one/tables" -name '*mptcp*')" ]
	no_match -l 'MPTCP' "$WORK"/one/*.html
	# a capture without TCP has neither section (and is read natively: no tshark for empty sections)
	[ -e "$WORK/multi/html-comment-summary.html" ]
	[ ! -e "$WORK/multi/html-comment-tcp.html" ]
	CAPREPORT_ENGINE=auto run "$CAPREPORT" -v report --no-plots -o "$BATS_TEST_TMPDIR/r" "$WORK/bad/html-comment.pcapng"
	[[ "$output" == *"reads the ip profile (no TCP packet)"* ]]
	[[ "$output" == *"reading with the native engine"* ]]
}

@test "MPTCP section: a page per connection with its 2 subflows, equal to 'capreport mptcp'; the workbook's TCP and MPTCP sheets equal the CSVs" {
	c=$WORK/mptcp.pcapng r=$BATS_TEST_TMPDIR/mp
	"$CAPREPORT" -q report -o "$r" "$c" >/dev/null
	[ -s "$r/mptcp-mptcp.html" ]
	[ -s "$r/mptcp-mptcp-0.html" ]
	# the connection's page links every table and plot of it
	"$CAPREPORT" -q mptcp subflows 0 -f csv "$c" >"$BATS_TEST_TMPDIR/sf.csv"
	[ "$(csv_body "$BATS_TEST_TMPDIR/sf.csv" | wc -l)" -eq 2 ]
	diff -u "$BATS_TEST_TMPDIR/sf.csv" "$r/tables/mptcp-mptcp_subflows_0.csv"
	# subflow grouping: tshark's own mptcp.stream 0 holds the same two tcp.streams
	WIRESHARK_CONFIG_DIR=$(mktemp -d) tshark -n -r "$c" -o mptcp.analyze_mptcp:TRUE -Y 'mptcp.stream == 0' \
		-T fields -e tcp.stream 2>/dev/null | sort -un >"$BATS_TEST_TMPDIR/theirs"
	csv_body "$r/tables/mptcp-mptcp_subflows_0.csv" | cut -d, -f2 | sort -n | diff -u "$BATS_TEST_TMPDIR/theirs" -
	"$CAPREPORT" -q mptcp events 0 -f csv "$c" | diff -u - "$r/tables/mptcp-mptcp_events_0.csv"
	"$CAPREPORT" -q mptcp summary 0 --out-of-order -f csv "$c" | head -1 >"$BATS_TEST_TMPDIR/sum"
	head -1 "$r/tables/mptcp-mptcp_summary_0.csv" | diff -u "$BATS_TEST_TMPDIR/sum" -
	for k in dsn interarrival tput; do
		[ -s "$r/plots/mptcp-mptcp/mptcp-mptcp-0-$k.png" ]
		grep -q "mptcp-mptcp-0-$k.svg" "$r/mptcp-mptcp-0.html"
	done
	# no reinjections in this sample: a sentence, not an empty plot
	[ ! -e "$r/plots/mptcp-mptcp/mptcp-mptcp-0-reinject-delay.png" ]
	grep -q "no reinjections" "$r/mptcp-mptcp-0.html"
	# sheets: after Protocols, each table once, per-connection details left out
	"$CAPREPORT" -q tcp list -f csv "$c" >"$BATS_TEST_TMPDIR/tcp.csv"
	"$CAPREPORT" -q mptcp list -f csv "$c" >"$BATS_TEST_TMPDIR/mp.csv"
	"$CAPREPORT" -q mptcp subflows all -f csv "$c" >"$BATS_TEST_TMPDIR/sfall.csv"
	x=$r/mptcp.xlsx
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" shape "$x" |
		jq -e 'keys_unsorted | (index("Protocols") < index("TCP streams")) and
			(index("TCP streams") < index("MPTCP connections")) and
			(index("MPTCP connections") < index("MPTCP subflows")) and
			(map(select(test("^MPTCP (connection summary|control events)|^TCP stream [0-9]"))) | length == 0)'
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" compare "$x" "TCP streams" "$BATS_TEST_TMPDIR/tcp.csv"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" compare "$x" "MPTCP connections" "$BATS_TEST_TMPDIR/mp.csv"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" compare "$x" "MPTCP subflows" "$BATS_TEST_TMPDIR/sfall.csv"
}
