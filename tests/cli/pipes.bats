#!/usr/bin/env bats
# pipes.bats - inputs that can be read only once ('-', a pipe, a FIFO, <(...)): every kind of input
# through every engine gives the counts of the same file and of tshark, every command that reads an
# input several times (the bounded rankings, report, workbook) works from one, the copy is removed and
# no cache is written; the -Y caches; tshark's progress on a terminal.
# `cat FILE | capreport ... -` is the subject: a pipe, where `<FILE` gives a regular file.
# shellcheck disable=SC2002
load helpers

setup_file() {
	copy_samples
	logging_tshark "$WORK"
	# scan.pcap: more addresses than --max-keys 16 holds, so a bounded ranking reads it again
	make_scan "$WORK/scan.pcap" 400
	# long.pcapng: big enough that each pass of a two-pass export lasts several progress ticks
	for i in $(seq 1 14); do editcap -t $((i * 100)) "$WORK/mptcp.pcapng" "$WORK/part$i.pcapng"; done
	mergecap -a -w "$WORK/long.pcapng" "$WORK/mptcp.pcapng" "$WORK"/part*.pcapng
	rm "$WORK"/part*.pcapng
	# a CSV that capreport wrote: the rows of mixed.pcapng
	"$CAPREPORT" -q export --engine tshark --no-cache -o "$WORK/mixed-rows.csv" "$WORK/mixed.pcapng"
}

setup() {
	# The copies of piped inputs go here, and caches under XDG here: both must stay empty.
	export TMPDIR="$BATS_TEST_TMPDIR/tmp" XDG_CACHE_HOME="$BATS_TEST_TMPDIR/xdg"
	mkdir -p "$TMPDIR" "$XDG_CACHE_HOME"
	rm -f "$WORK/tshark.log"
}

cr() {
	PATH="$WORK/bin:$PATH" "$CAPREPORT" "$@"
}

exports() {
	[ -f "$WORK/tshark.log" ] && grep -c -- "$1" "$WORK/tshark.log" || echo 0
}

# Fails when a run left its copy in TMPDIR, or a cache anywhere.
nothing_left() {
	local left
	left=$(find "$TMPDIR" -mindepth 1)
	[ -z "$left" ] || { echo "left in TMPDIR: $left" >&2; return 1; }
	left=$(find "$WORK" "$XDG_CACHE_HOME" \( -name '*.manifest' -o -name '*.csv' \) ! -name mixed-rows.csv)
	[ -z "$left" ] || { echo "caches written: $left" >&2; return 1; }
}

# Sum of the packets column (by its header name) of a CSV table.
packets_total() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "packets") c = i; next } { s += $c } END { print s + 0 }' "$1"
}

# ---- 1. every input kind through every engine ------------------------------------------------

# bats test_tags=sanitize
@test "timeline of tcpdump text from a pipe: the packets of the file, not an empty timeline with exit 0" {
	f="$WORK/midnight-gap.txt"
	"$CAPREPORT" -q timeline -f csv "$f" >"$BATS_TEST_TMPDIR/file.csv"
	want=$(packets_total "$BATS_TEST_TMPDIR/file.csv")
	[ "$want" -gt 0 ]
	for name in /dev/stdin -; do
		run "$CAPREPORT" -q timeline -f csv "$name" <<<"$(cat "$f")"
		[ "$status" -eq 0 ]
		printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/pipe.csv"
		[ "$(packets_total "$BATS_TEST_TMPDIR/pipe.csv")" -eq "$want" ]
		diff -u "$BATS_TEST_TMPDIR/file.csv" "$BATS_TEST_TMPDIR/pipe.csv"
	done
	nothing_left
}

# bats test_tags=sanitize
@test "pcap, pcapng, gzip, tcpdump text and a capreport CSV through a pipe and <(...): every engine gives the file's conversations" {
	for f in midnight-gap.pcap mixed.pcapng small.pcap.gz midnight-gap.txt mixed-rows.csv; do
		for engine in native tshark auto; do
			cr -q conversations --no-cache --engine "$engine" -f csv "$WORK/$f" >"$BATS_TEST_TMPDIR/file.csv"
			[ -s "$BATS_TEST_TMPDIR/file.csv" ]
			cat "$WORK/$f" | cr -q conversations --engine "$engine" -f csv - >"$BATS_TEST_TMPDIR/pipe.csv"
			diff -u "$BATS_TEST_TMPDIR/file.csv" "$BATS_TEST_TMPDIR/pipe.csv"
			cr -q conversations --engine "$engine" -f csv <(cat "$WORK/$f") >"$BATS_TEST_TMPDIR/fd.csv"
			diff -u "$BATS_TEST_TMPDIR/file.csv" "$BATS_TEST_TMPDIR/fd.csv"
		done
	done
	nothing_left
}

@test "a capture from a pipe: packets and bytes equal capinfos', with either engine, and tshark reads it once" {
	for f in mixed.pcapng small.pcap.gz midnight-gap.pcap; do
		packets=$(capinfos -M -c "$WORK/$f" | sed -n 's/^Number of packets: *\([0-9]*\)$/\1/p')
		bytes=$(capinfos -M -d "$WORK/$f" | sed -n 's/^Data size: *\([0-9]*\) bytes/\1/p')
		[ "$packets" -gt 0 ]
		for engine in native tshark; do
			out=$(cat "$WORK/$f" | cr -q info --engine "$engine" -f csv -)
			[ "$(grep -c "^packets,$packets,-\$" <<<"$out")" -eq 1 ]
			[ "$(grep -c "^bytes,$bytes,-\$" <<<"$out")" -eq 1 ]
		done
	done
	[ "$(exports -r)" -eq 3 ]
	nothing_left
}

# bats test_tags=sanitize
@test "info on a FIFO reads it once: no hang, the file's packets" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	packets=$(capinfos -M -c "$WORK/mixed.pcapng" | sed -n 's/^Number of packets: *\([0-9]*\)$/\1/p')
	for engine in native tshark auto; do
		cat "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/fifo" &
		run timeout 60 "$CAPREPORT" -q info --engine "$engine" -f csv "$BATS_TEST_TMPDIR/fifo"
		wait
		[ "$status" -eq 0 ]
		[ "$(grep -c "^packets,$packets,$BATS_TEST_TMPDIR/fifo\$" <<<"$output")" -eq 1 ]
		[ "$(grep -c "^interfaces,3,$BATS_TEST_TMPDIR/fifo\$" <<<"$output")" -eq 1 ]
	done
	nothing_left
}

@test "tshark on <(...): no 'tshark failed', no cache beside /dev/fd, the file's endpoints as tshark counts them" {
	run cr endpoints --engine tshark -f csv <(cat "$WORK/mixed.pcapng")
	[ "$status" -eq 0 ]
	no_match -e "tshark failed" -e "/dev/fd/.*csv" -e "cache" <<<"$output"
	grep -v '^capreport:' <<<"$output" | tail -n +2 | awk -F, '{ print $1","$2","$3 }' | sort >"$BATS_TEST_TMPDIR/ours"
	tshark_endpoints "$WORK/mixed.pcapng" | cut -d, -f1-3 >"$BATS_TEST_TMPDIR/theirs"
	[ -s "$BATS_TEST_TMPDIR/theirs" ]
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	nothing_left
}

@test "the bounded rankings read a pipe again from its copy: the same table as the file, under --max-keys 16 and none" {
	for c in heatmap talkers graph throughput; do
		fmt=csv
		[ $c = graph ] && fmt=json
		"$CAPREPORT" -q $c --engine native --top 10 -f $fmt --max-keys 0 "$WORK/scan.pcap" >"$BATS_TEST_TMPDIR/all"
		for engine in native tshark; do
			run "$CAPREPORT" -v $c --engine "$engine" --no-cache --top 10 -f $fmt --max-keys 16 \
				-o "$BATS_TEST_TMPDIR/$c.$fmt" - <"$WORK/scan.pcap"
			[ "$status" -eq 0 ]
			# 400 sources in partitions of at most 16: many passes, over the copy
			[ "$(grep -c "reading the inputs again" <<<"$output")" -ge 20 ]
			diff -u "$BATS_TEST_TMPDIR/all" "$BATS_TEST_TMPDIR/$c.$fmt"
			cat "$WORK/scan.pcap" | "$CAPREPORT" -q $c --engine "$engine" --top 10 -f $fmt --max-keys 16 - \
				>"$BATS_TEST_TMPDIR/pipe"
			diff -u "$BATS_TEST_TMPDIR/all" "$BATS_TEST_TMPDIR/pipe"
		done
	done
	nothing_left
}

@test "report from a pipe: the TCP and MPTCP sections of the file, tshark run once" {
	"$CAPREPORT" -q report --no-cache --no-plots -o "$BATS_TEST_TMPDIR/file" "$WORK/mptcp.pcapng"
	cat "$WORK/mptcp.pcapng" | cr -q report --no-plots -o "$BATS_TEST_TMPDIR/pipe" -
	# the tables are named after the capture: mptcp-NAME.csv from the file, stdin-NAME.csv from '-'
	find "$BATS_TEST_TMPDIR/file/tables" -type f -printf '%f\n' | sort >"$BATS_TEST_TMPDIR/file.list"
	find "$BATS_TEST_TMPDIR/pipe/tables" -type f -printf '%f\n' | sed 's/^stdin-/mptcp-/' | sort >"$BATS_TEST_TMPDIR/pipe.list"
	grep -q mptcp_subflows "$BATS_TEST_TMPDIR/file.list"
	grep -q tcp_streams "$BATS_TEST_TMPDIR/file.list"
	diff -u "$BATS_TEST_TMPDIR/file.list" "$BATS_TEST_TMPDIR/pipe.list"
	while read -r t; do
		# the summary's file row names the input as given
		diff -u <(grep -v '^file,' "$BATS_TEST_TMPDIR/file/tables/$t") \
			<(grep -v '^file,' "$BATS_TEST_TMPDIR/pipe/tables/stdin${t#mptcp}")
	done <"$BATS_TEST_TMPDIR/file.list"
	[ "$(exports -r)" -eq 1 ]
	nothing_left
}

# The cells of a workbook's sheets (their XML, shared strings resolved by order), sheet by sheet.
sheet_cells() {
	python3 - "$1" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in sorted(z.namelist()):
    if n.startswith('xl/worksheets/sheet') or n == 'xl/sharedStrings.xml' or n == 'xl/workbook.xml':
        print(n)
        print(re.sub(r'>\s*<', '>\n<', z.read(n).decode()))
PY
}

@test "workbook from a pipe: the sheets of the file, TCP and MPTCP ones too" {
	"$CAPREPORT" -q workbook --no-cache -o "$BATS_TEST_TMPDIR/file.xlsx" "$WORK/mptcp.pcapng"
	cat "$WORK/mptcp.pcapng" | "$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/pipe.xlsx" -
	# the time each was written (an Excel date of today) differs; the file's name is the input's
	today=$(( $(date +%s) / 86400 + 25569 ))
	sheet_cells "$BATS_TEST_TMPDIR/file.xlsx" | grep -v "^<v>$today\\." | sed 's#'"$WORK"'/mptcp.pcapng#-#g' \
		>"$BATS_TEST_TMPDIR/file.txt"
	sheet_cells "$BATS_TEST_TMPDIR/pipe.xlsx" | grep -v "^<v>$today\\." >"$BATS_TEST_TMPDIR/pipe.txt"
	grep -q 'MPTCP' "$BATS_TEST_TMPDIR/file.txt"
	diff -u "$BATS_TEST_TMPDIR/file.txt" "$BATS_TEST_TMPDIR/pipe.txt"
	nothing_left
}

# bats test_tags=sanitize
@test "export of a pipe: rows with -o, the file's; without -o it says there is no cache (exit 2)" {
	cr -q export --engine tshark --no-cache -o - "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/file.csv"
	cat "$WORK/mixed.pcapng" | cr -q export --engine tshark -o - - >"$BATS_TEST_TMPDIR/pipe.csv"
	diff -u "$BATS_TEST_TMPDIR/file.csv" "$BATS_TEST_TMPDIR/pipe.csv"
	run "$CAPREPORT" export - <"$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
	[[ "$output" == *"'-' is read once and has no cache"* ]]
	nothing_left
}

# bats test_tags=sanitize
@test "messages name a piped input as given, never its copy" {
	run "$CAPREPORT" info - <<<"not a capture at all"
	[ "$status" -eq 3 ]
	[[ "$output" == *"'-' is not a capture"* ]]
	no_match -F "$TMPDIR" <<<"$output"
	run "$CAPREPORT" info - </dev/null
	[ "$status" -eq 3 ]
	[[ "$output" == *"'-' is empty"* ]]
	# a damaged capture, cut short, with tshark: its words name '-'
	head -c 20000 "$WORK/mixed.pcapng" >"$BATS_TEST_TMPDIR/cut.pcapng"
	run cr conversations --engine tshark - <"$BATS_TEST_TMPDIR/cut.pcapng"
	[ "$status" -eq 4 ]
	[[ "$output" == *"'-' is damaged"* ]]
	no_match -F "$TMPDIR" <<<"$output"
	nothing_left
}

@test "interrupted while a pipe is read: exit 130, the copy removed" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	sleep 30 >"$BATS_TEST_TMPDIR/fifo" &
	writer=$!
	"$CAPREPORT" info "$BATS_TEST_TMPDIR/fifo" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	sleep 0.5
	kill -TERM "$pid"
	st=0
	wait "$pid" || st=$?
	kill "$writer"
	[ "$st" -eq 130 ]
	grep -q "interrupted while reading '$BATS_TEST_TMPDIR/fifo'" "$BATS_TEST_TMPDIR/err"
	nothing_left
}

# ---- 2. the caches of display filters -----------------------------------------------------------

@test "-Y rows get a cache of their own, named after the filter; the unfiltered cache is never replaced" {
	d="$BATS_TEST_TMPDIR/y"
	mkdir -p "$d"
	cp "$WORK/mixed.pcapng" "$d/"
	c="$d/mixed.pcapng"
	cr -q conversations --engine tshark -f csv "$c" >"$BATS_TEST_TMPDIR/all.csv"
	cp -p "$c.ip.csv" "$BATS_TEST_TMPDIR/ip.csv"
	for f in tcp udp tcp; do
		run cr conversations --engine tshark -Y "$f" -f csv "$c"
		[ "$status" -eq 0 ]
		no_match -q "regenerating" <<<"$output"
		# the packets tshark itself passes through the same filter
		printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/$f.csv"
		[ "$(packets_total "$BATS_TEST_TMPDIR/$f.csv")" -eq "$(tshark -n -r "$c" -Y "$f" 2>/dev/null | wc -l)" ]
	done
	# one export per filter, the second tcp run read its cache; the unfiltered cache as it was
	[ "$(exports "-Y tcp")" -eq 1 ]
	[ "$(exports "-Y udp")" -eq 1 ]
	cmp "$c.ip.csv" "$BATS_TEST_TMPDIR/ip.csv"
	[ "$(find "$d" -name 'mixed.pcapng.ip.filter-*.csv' | wc -l)" -eq 2 ]
	run cr -v conversations --engine tshark -f csv "$c"
	[[ "$output" == *"using cached '$c.ip.csv'"* ]]
	[ "$(exports "-r $c")" -eq 3 ]
	grep -v '^capreport:' <<<"$output" | diff -u "$BATS_TEST_TMPDIR/all.csv" -
	# cache list shows all three valid, with the filter's rows as tshark counts them
	run "$CAPREPORT" -q cache list -f csv --no-header "$d"
	[ "${#lines[@]}" -eq 3 ]
	[ "$(grep -c ',valid,' <<<"$output")" -eq 3 ]
	[ "$(grep -c ",$(tshark -n -r "$c" -Y udp 2>/dev/null | wc -l),[0-9]*,valid," <<<"$output")" -eq 1 ]
}

@test "a valid larger-profile cache serves a smaller request without running tshark, with -Y too" {
	d="$BATS_TEST_TMPDIR/p"
	mkdir -p "$d"
	cp "$WORK/mptcp.pcapng" "$d/"
	c="$d/mptcp.pcapng"
	cr -q export --profile mptcp "$c" >/dev/null
	cr -q export --profile mptcp -Y 'tcp.port == 80 or mptcp' "$c" >/dev/null
	[ "$(exports "-r $c")" -eq 2 ]
	run cr -v conversations --engine tshark -f csv "$c"
	[ "$status" -eq 0 ]
	[[ "$output" == *"using cached '$c.mptcp.csv'"* ]]
	run cr -v endpoints --engine tshark -Y 'tcp.port == 80 or mptcp' -f csv "$c"
	[ "$status" -eq 0 ]
	[[ "$output" == *"using cached '$c.mptcp.filter-"* ]]
	[ "$(exports "-r $c")" -eq 2 ]
	[ ! -e "$c.ip.csv" ]
}

# ---- 3. progress --------------------------------------------------------------------------------

@test "progress on a terminal: percent and time left in both passes of a two-pass export; a pipe named as given" {
	c="$WORK/long.pcapng"
	script -qec "$CAPREPORT export --no-cache --profile mptcp -o /dev/null $c" /dev/null | tr '\r' '\n' \
		>"$BATS_TEST_TMPDIR/tty"
	grep -q "reading $c: pass 1 of 2 *[0-9]*%  ETA [0-9]*:[0-9][0-9]" "$BATS_TEST_TMPDIR/tty"
	grep -q "reading $c: pass 2 of 2 *[0-9]*%  [0-9]* packets  [0-9]* packets/s  ETA [0-9]*:[0-9][0-9]" \
		"$BATS_TEST_TMPDIR/tty"
	# the first pass writes no rows: it counts none
	no_match -q "pass 1 of 2.*packets" "$BATS_TEST_TMPDIR/tty"
	# one pass: percent and time left, no pass number
	script -qec "$CAPREPORT export --no-cache --profile tcp -o /dev/null $c" /dev/null | tr '\r' '\n' \
		>"$BATS_TEST_TMPDIR/tty1"
	grep -q "reading $c: *[0-9]*%  [0-9]* packets  [0-9]* packets/s  ETA" "$BATS_TEST_TMPDIR/tty1"
	no_match -q "pass" "$BATS_TEST_TMPDIR/tty1"
	# from a pipe: the input's name, never its copy's
	script -qec "sh -c 'cat $c | $CAPREPORT export --profile mptcp -o /dev/null -'" /dev/null | tr '\r' '\n' \
		>"$BATS_TEST_TMPDIR/tty2"
	grep -q "reading -: pass 2 of 2 *[0-9]*%" "$BATS_TEST_TMPDIR/tty2"
	no_match -F "$TMPDIR" "$BATS_TEST_TMPDIR/tty2"
	nothing_left
}
