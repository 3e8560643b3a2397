#!/usr/bin/env bats
# timeline.bats - bins, gaps and plots: crafted texts with known answers, capture against its
# tcpdump text, totals against tshark's io,stat, and real gnuplot renders.
load helpers

DATA=$ROOT/tests/data

setup_file() {
	copy_samples
	# One tshark run per capture for the whole file; the rest reads the cache.
	"$CAPREPORT" -q timeline --bin 1m -f csv --bins-only "$WORK/midnight-gap.pcap" >"$WORK/cap-1m.csv"
}

# bins CSV without the bytes column (text bytes are tcpdump's lengths, not frame lengths)
packets_per_bin() {
	cut -d, -f1,2 "$1"
}

# bats test_tags=sanitize
@test "crafted: empty minutes are zero, and a gap across midnight is one gap" {
	run "$CAPREPORT" timeline --bin 1m -f csv --bins-only "$DATA/midnight.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "bin_start,packets,bytes
2024-03-09T23:57:00.000000Z,2,0
2024-03-09T23:58:00.000000Z,1,100
2024-03-09T23:59:00.000000Z,0,0
2024-03-10T00:00:00.000000Z,0,0
2024-03-10T00:01:00.000000Z,0,0
2024-03-10T00:02:00.000000Z,0,0
2024-03-10T00:03:00.000000Z,0,0
2024-03-10T00:04:00.000000Z,0,0
2024-03-10T00:05:00.000000Z,2,114" ]
	run "$CAPREPORT" timeline --bin 1m -f json --gaps-only "$DATA/midnight.txt"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -r '.gaps | length')" -eq 1 ]
	[ "$(echo "$output" | jq -r '.gaps[0] | "\(.start) \(.end) \(.duration) \(.bins)"')" = "2024-03-09T23:59:00.000000Z 2024-03-10T00:05:00.000000Z 360 6" ]
	[ "$(echo "$output" | jq -r '.summary[] | select(.metric == "active_bins") | .value')" = 3 ]
	echo "$output" | jq -e '.summary[] | select(.metric == "longest_gap_s") | .value == 360'
	[ "$(echo "$output" | jq -r '.summary[] | select(.metric == "busiest_bin_start") | .value')" = 2024-03-09T23:57:00.000000Z ]
}

# bats test_tags=sanitize
@test "crafted: the year turns in the default time format with --date; without it a warning" {
	run "$CAPREPORT" timeline --bin 1s --date 2023-12-31 -f csv --bins-only "$DATA/year-end.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "bin_start,packets,bytes
2023-12-31T23:59:58.000000Z,1,64
2023-12-31T23:59:59.000000Z,1,64
2024-01-01T00:00:00.000000Z,1,64
2024-01-01T00:00:01.000000Z,1,64" ]
	run "$CAPREPORT" timeline --bin 1s -f csv --bins-only "$DATA/year-end.txt"
	[ "$status" -eq 0 ]
	[[ "$output" == *"has times without a date"*"give --date YYYY-MM-DD"* ]]
	run "$CAPREPORT" timeline --date 2023-02-29 "$DATA/year-end.txt"
	[ "$status" -eq 2 ]
}

# bats test_tags=sanitize
@test "crafted: a leap day, with dates and in the default format" {
	"$CAPREPORT" timeline --bin 1h -f csv --bins-only "$DATA/leap-day.txt" >"$BATS_TEST_TMPDIR/dates.csv"
	[ "$(csv_body "$BATS_TEST_TMPDIR/dates.csv" | wc -l)" -eq 26 ]
	[ "$(csv_body "$BATS_TEST_TMPDIR/dates.csv" | awk -F, '$2 > 0 { print $1 }' | tr '\n' ' ')" = "2024-02-28T23:00:00.000000Z 2024-02-29T12:00:00.000000Z 2024-03-01T00:00:00.000000Z " ]
	run "$CAPREPORT" timeline --bin 1h -f csv --table gaps "$DATA/leap-day.txt"
	[ "$(echo "$output" | sed -n 2,3p)" = "2024-02-29T00:00:00.000000Z,2024-02-29T12:00:00.000000Z,43200.000000000,12
2024-02-29T13:00:00.000000Z,2024-03-01T00:00:00.000000Z,39600.000000000,11" ]
	"$CAPREPORT" -q timeline --bin 1h --date 2024-02-28 -f csv --bins-only "$DATA/leap-day-time.txt" >"$BATS_TEST_TMPDIR/times.csv"
	diff -u "$BATS_TEST_TMPDIR/dates.csv" "$BATS_TEST_TMPDIR/times.csv"
	run "$CAPREPORT" timeline --bin 1d -f csv --bins-only "$DATA/leap-day.txt"
	[ "$output" = "bin_start,packets,bytes
2024-02-28T00:00:00.000000Z,1,29
2024-02-29T00:00:00.000000Z,1,57
2024-03-01T00:00:00.000000Z,1,28" ]
}

# bats test_tags=sanitize
@test "crafted: a run of exactly --gap is a gap, one bin less is not" {
	run "$CAPREPORT" timeline --bin 1m -f csv --gaps-only "$DATA/threshold.txt"
	[ "$(echo "$output" | sed -n '1,/^$/p' | grep -c Z)" -eq 1 ]
	[[ "$output" == *"2024-06-01T10:01:00.000000Z,2024-06-01T10:06:00.000000Z,300.000000000,5"* ]]
	run "$CAPREPORT" timeline --bin 1m --gap 4m -f csv --gaps-only "$DATA/threshold.txt"
	[[ "$output" == *"2024-06-01T10:07:00.000000Z,2024-06-01T10:11:00.000000Z,240.000000000,4"* ]]
	run "$CAPREPORT" timeline --bin 1m --gap 4m -f csv --table summary "$DATA/threshold.txt"
	[[ "$output" == *"gaps,2"* ]]
	run "$CAPREPORT" timeline --bin 1m --gap 6m -f csv --table summary "$DATA/threshold.txt"
	[[ "$output" == *"gaps,0"* ]]
}

# bats test_tags=sanitize
@test "crafted: a single packet; all packets in one bin" {
	run "$CAPREPORT" timeline -f csv --table summary "$DATA/single.txt"
	[ "$status" -eq 0 ]
	[[ "$output" == *"active_bins,1"* ]]
	[[ "$output" == *"gaps,0"* ]]
	run "$CAPREPORT" timeline --bin 1m -f csv --bins-only "$DATA/one-bin.txt"
	[ "$output" = "bin_start,packets,bytes
2024-06-01T10:00:00.000000Z,5,15" ]
}

# bats test_tags=sanitize
@test "crafted: -A payload lines that look like packets, with or without a time, are payload" {
	run "$CAPREPORT" timeline --bin 1m -f csv --bins-only "$DATA/ascii-noise.txt"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | grep -v '^capreport')" = "bin_start,packets,bytes
2024-03-09T21:58:00.000000Z,3,1298" ]
	[[ "$output" == *"3 lines inside -A payload start with a time and were skipped as payload, first at line 8"* ]]
}

# bats test_tags=sanitize
@test "crafted: CRLF, no final newline, garbage and very long lines" {
	"$CAPREPORT" -q timeline --bin 1m -f csv "$DATA/midnight.txt" >"$BATS_TEST_TMPDIR/want"
	sed 's/$/\r/' "$DATA/midnight.txt" >"$BATS_TEST_TMPDIR/crlf.txt"
	head -c -1 "$DATA/midnight.txt" >"$BATS_TEST_TMPDIR/nonl.txt"
	{
		sed -n 1p "$DATA/midnight.txt"
		printf 'garbage \001\377\376 no time\n'
		sed -n 2p "$DATA/midnight.txt"
		printf '2024-03-09 23:58:00.000000 \002\377 binary after a time\n'
		sed -n 3,4p "$DATA/midnight.txt"
		head -c 20000 /dev/zero | tr '\0' 'x'
		printf '\n'
		sed -n 5p "$DATA/midnight.txt"
	} >"$BATS_TEST_TMPDIR/garbage.txt"
	for f in crlf nonl garbage; do
		run "$CAPREPORT" timeline --bin 1m -f csv "$BATS_TEST_TMPDIR/$f.txt"
		[ "$status" -eq 0 ]
		diff -u "$BATS_TEST_TMPDIR/want" <(echo "$output" | grep -v '^capreport:')
	done
	[[ "$output" == *"1 lines not understood, first at line 4"* ]]
	[[ "$output" == *"1 lines longer than 8192 bytes"*"first at line 7"* ]]
}

# bats test_tags=sanitize
@test "an empty file and binary garbage are refused cleanly" {
	: >"$BATS_TEST_TMPDIR/empty.txt"
	run "$CAPREPORT" timeline "$BATS_TEST_TMPDIR/empty.txt"
	[ "$status" -eq 3 ]
	[[ "$output" == *"'$BATS_TEST_TMPDIR/empty.txt' is empty"* ]]
	head -c 4096 /dev/urandom | tr -d '\n0-9' >"$BATS_TEST_TMPDIR/noise.txt"
	run "$CAPREPORT" timeline "$BATS_TEST_TMPDIR/noise.txt"
	[ "$status" -eq 3 ]
	[[ "$output" == *"is not a capture"* ]]
}

@test "capture and its tcpdump -tttt text (with and without -A) give the same packets per bin" {
	[ "$(csv_body "$WORK/cap-1m.csv" | wc -l)" -eq 202 ]
	for t in midnight-gap.txt midnight-gap-A.txt; do
		"$CAPREPORT" -q timeline --bin 1m -f csv --bins-only "$WORK/$t" >"$BATS_TEST_TMPDIR/text.csv"
		diff -u <(packets_per_bin "$WORK/cap-1m.csv") <(packets_per_bin "$BATS_TEST_TMPDIR/text.csv")
	done
	# The payload's fake lines name 22:00, a minute without packets: it stays empty.
	grep -q '^2024-03-09T22:00:00.000000Z,0,0$' "$BATS_TEST_TMPDIR/text.csv"
	"$CAPREPORT" -q timeline --bin 10s -f csv --bins-only "$WORK/midnight-gap.pcap" >"$BATS_TEST_TMPDIR/cap.csv"
	"$CAPREPORT" -q timeline --bin 10s -f csv --bins-only "$WORK/midnight-gap-A.txt" >"$BATS_TEST_TMPDIR/text.csv"
	diff -u <(packets_per_bin "$BATS_TEST_TMPDIR/cap.csv") <(packets_per_bin "$BATS_TEST_TMPDIR/text.csv")
}

# bats test_tags=sanitize
@test "the same for tcpdump's other formats: -tt, default with --date, -e -v, -X, -A -e, nanoseconds, local time" {
	c="$WORK/midnight-gap.pcap"
	check() {	# check TEXT [capreport options]: same packets per minute as the capture
		local text=$1
		shift
		"$CAPREPORT" -q timeline --bin 1m -f csv --bins-only "$@" "$text" >"$BATS_TEST_TMPDIR/text.csv"
		diff -u <(packets_per_bin "$WORK/cap-1m.csv") <(packets_per_bin "$BATS_TEST_TMPDIR/text.csv")
	}
	tcpdump -tt -n -r "$c" >"$WORK/tt.txt" 2>/dev/null
	check "$WORK/tt.txt"
	tcpdump -n -e -v -r "$c" >"$WORK/default.txt" 2>/dev/null
	check "$WORK/default.txt" --date 2024-03-09
	tcpdump -tttt -n -X -r "$c" >"$WORK/hex.txt" 2>/dev/null
	check "$WORK/hex.txt"
	tcpdump -tttt -A -e -r "$c" >"$WORK/ae.txt" 2>/dev/null
	check "$WORK/ae.txt"
	tcpdump -tttt -n --time-stamp-precision=nano -r "$c" >"$WORK/nano.txt" 2>/dev/null
	check "$WORK/nano.txt"
	# a wall clock one hour east of UTC (POSIX TZ: no zone files needed)
	TZ=CET-1 tcpdump -tttt -n -r "$c" >"$WORK/cet.txt" 2>/dev/null
	[ "$(head -c 19 "$WORK/cet.txt")" = "2024-03-09 22:58:05" ]
	check "$WORK/cet.txt" --utc-offset +01:00
}

@test "capture against text on the MPTCP and mixed samples, -A with a 128-byte snap length" {
	for c in mptcp.pcapng mixed.pcapng; do
		"$CAPREPORT" -q timeline --bin 100ms -f csv --bins-only "$WORK/$c" >"$BATS_TEST_TMPDIR/cap.csv"
		tcpdump -tttt -n -A -r "$WORK/$c" >"$WORK/$c.txt" 2>/dev/null
		"$CAPREPORT" -q timeline --bin 100ms -f csv --bins-only "$WORK/$c.txt" >"$BATS_TEST_TMPDIR/text.csv"
		[ "$(csv_body "$BATS_TEST_TMPDIR/cap.csv" | wc -l)" -gt 5 ]
		diff -u <(packets_per_bin "$BATS_TEST_TMPDIR/cap.csv") <(packets_per_bin "$BATS_TEST_TMPDIR/text.csv")
	done
}

@test "timeline totals equal tshark -z io,stat,0 (frames and bytes) on every sample" {
	for c in $GOOD_CAPTURES; do
		"$CAPREPORT" -q timeline -f csv --bins-only "$WORK/$c" >"$BATS_TEST_TMPDIR/bins.csv"
		ours=$(csv_body "$BATS_TEST_TMPDIR/bins.csv" | awk -F, '{ p += $2; b += $3 } END { print p + 0, b + 0 }')
		theirs=$(tshark -n -q -r "$WORK/$c" -z io,stat,0 2>/dev/null | awk -F'|' '/<>/ { gsub(/ /, ""); print $3, $4 }')
		[ -n "$theirs" ]
		[ "$ours" = "$theirs" ]
	done
}

@test "plots render with gnuplot: a chart per day and an overview, PNG of the right size and not blank" {
	run "$CAPREPORT" timeline --bin 1m --gaps-only --plot "$WORK/plots" "$WORK/midnight-gap.pcap"
	[ "$status" -eq 0 ]
	[[ "$output" == *"3 of 3 plots rendered"* ]]
	for s in timeline-2024-03-09 timeline-2024-03-10 timeline-overview; do
		for ext in gp svg png; do [ -s "$WORK/plots/$s.$ext" ]; done
		[ -s "$WORK/plots/$s-bins.dat" ]
		[ -s "$WORK/plots/$s-gaps.dat" ]
		python3 -c 'import sys, xml.etree.ElementTree as E; assert E.parse(sys.argv[1]).getroot().tag.endswith("svg")' "$WORK/plots/$s.svg"
		# data only in .dat: no line of the script starts with a number
		no_match -qE '^[[:space:]]*[0-9]' "$WORK/plots/$s.gp"
	done
	# every bin is in the data: 122 minutes on the first day, 80 on the second, 202 in all
	[ "$(grep -vc '^#' "$WORK/plots/timeline-2024-03-09-bins.dat")" -eq 122 ]
	[ "$(grep -vc '^#' "$WORK/plots/timeline-2024-03-10-bins.dat")" -eq 80 ]
	[ "$(grep -vc '^#' "$WORK/plots/timeline-overview-bins.dat")" -eq 202 ]
	for s in timeline-2024-03-09 timeline-2024-03-10; do
		[ "$(python3 "$BATS_TEST_DIRNAME/pngcheck.py" --size "$WORK/plots/$s.png")" = "1200 420" ]
	done
	# decoding is slow in pure python: one image is read pixel by pixel
	read -r w h colours < <(python3 "$BATS_TEST_DIRNAME/pngcheck.py" "$WORK/plots/timeline-overview.png")
	[ "$w" -eq 1200 ]
	[ "$h" -eq 420 ]
	[ "$colours" -gt 4 ]
	# the .gp renders again on its own, from its folder
	cp -R "$WORK/plots" "$WORK/again"
	rm "$WORK/again"/*.svg "$WORK/again"/*.png
	(cd "$WORK/again" && gnuplot timeline-overview.gp)
	[ -s "$WORK/again/timeline-overview.png" ]
	[ -s "$WORK/again/timeline-overview.svg" ]
	# no temporary files left behind
	[ -z "$(find "$WORK/plots" -name '.*')" ]
}

@test "without gnuplot: .gp and .dat are written, a warning says how to install it, exit 7" {
	run env PATH=/nonexistent "$CAPREPORT" timeline --bin 1m --gaps-only --plot "$WORK/nognuplot" "$WORK/midnight-gap.txt"
	[ "$status" -eq 7 ]
	[[ "$output" == *"gnuplot is not installed: 3 plots were not rendered"*"apt-get install gnuplot-nox"* ]]
	[ -s "$WORK/nognuplot/timeline-overview.gp" ]
	[ -s "$WORK/nognuplot/timeline-overview-bins.dat" ]
	[ -z "$(find "$WORK/nognuplot" -name '*.png' -o -name '*.svg')" ]
	# the tables were still printed
	[[ "$output" == *"start,end,duration,bins"* ]] || [[ "$output" == *"Gaps (runs of empty bins)"* ]]
}

@test "a gnuplot that hangs is stopped after --plot-timeout and reported; the other plots are drawn" {
	# 4 s: long enough for a healthy gnuplot on a busy machine, short for the test
	mkdir -p "$WORK/slow"
	{ echo 'pause 30'; cat "$ROOT/templates/timeline-overview.gp"; } >"$WORK/slow/timeline-overview.gp"
	start=$(date +%s)
	run "$CAPREPORT" timeline --bin 1m --gaps-only --templates "$WORK/slow" --plot-timeout 4 --plot "$WORK/hang" "$WORK/midnight-gap.txt"
	[ "$status" -eq 7 ]
	[ $(($(date +%s) - start)) -lt 20 ]
	[[ "$output" == *"gnuplot did not finish '$WORK/hang/timeline-overview.gp' within 4 s"* ]]
	[[ "$output" == *"2 of 3 plots rendered"* ]]
	[ -s "$WORK/hang/timeline-2024-03-09.png" ]
	[ ! -e "$WORK/hang/timeline-overview.png" ]
	[ -z "$(find "$WORK/hang" -name '.*')" ]
	# a broken template: gnuplot's own words are quoted
	{ cat "$ROOT/templates/timeline-overview.gp"; echo 'plot nosuchfunction(x)'; } >"$WORK/slow/timeline-overview.gp"
	run "$CAPREPORT" timeline --bin 1m --gaps-only --templates "$WORK/slow" --plot "$WORK/broken" "$WORK/midnight-gap.txt"
	[ "$status" -eq 7 ]
	[[ "$output" == *"gnuplot failed on '$WORK/broken/timeline-overview.gp' (exit 1):"*"undefined function"* ]]
}

# bats test_tags=sanitize
@test "a file name with quotes, backquotes and @ is only text in the plot titles" {
	name="it's \`touch pwned\` @TITLE@ \$(x).txt"
	cp "$DATA/midnight.txt" "$WORK/$name"
	cd "$WORK"
	run "$CAPREPORT" timeline --bin 1m --plot "$WORK/odd" "$WORK/$name"
	[ "$status" -eq 0 ]
	[ ! -e "$WORK/pwned" ]
	[ ! -e "$WORK/odd/pwned" ]
	grep -qF "set title 'it''s \`touch pwned\` @TITLE@ \$(x).txt" "$WORK/odd/timeline-overview.gp"
	[ -s "$WORK/odd/timeline-overview.png" ]
}

# bats test_tags=sanitize
@test "a span needing more than 10 million bins is refused with a bin size to use" {
	run "$CAPREPORT" timeline --bin 1ms "$WORK/midnight-gap.txt"
	[ "$status" -eq 2 ]
	[[ "$output" == *"needs more than 10000000 bins of 1ms: use --bin 10s"* ]]
	run "$CAPREPORT" timeline --bin 1s --from 2020-01-01 --to 2024-01-01 "$WORK/midnight-gap.txt"
	[ "$status" -eq 2 ]
	[[ "$output" == *"use --bin 1d"* ]]
	run "$CAPREPORT" timeline --bin 7m "$WORK/midnight-gap.txt"
	[ "$status" -eq 2 ]
}

@test "--from/--to zero-fill the window; --metric bytes; filters apply" {
	run "$CAPREPORT" timeline --bin 1m --from 2024-03-09T23:50:00Z --to 2024-03-10T00:10:00Z -f csv "$DATA/midnight.txt"
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | sed -n '2,/^$/p' | grep -c Z)" -eq 20 ]
	run "$CAPREPORT" timeline --bin 1m --from 2024-03-09T23:50:00Z --to 2024-03-10T00:10:00Z -f csv --table gaps "$DATA/midnight.txt"
	[[ "$output" == *"2024-03-09T23:50:00.000000Z,2024-03-09T23:57:00.000000Z,420.000000000,7"* ]]
	run "$CAPREPORT" timeline --bin 1m --from 2024-03-09T23:50:00Z --to 2024-03-10T00:10:00Z -f csv --table summary "$DATA/midnight.txt"
	[[ "$output" == *"gaps,2"* ]]
	run "$CAPREPORT" timeline --bin 1m --metric bytes -f csv --table summary "$DATA/midnight.txt"
	[[ "$output" == *"busiest_bin_start,2024-03-10T00:05:00.000000Z"* ]]
	[[ "$output" == *"busiest_bin_bytes,114"* ]]
	run "$CAPREPORT" timeline --bin 1m --proto icmp -f csv --bins-only "$DATA/midnight.txt"
	[ "$output" = "bin_start,packets,bytes
2024-03-10T00:05:00.000000Z,1,64" ]
	run "$CAPREPORT" timeline --bin 1m --port 443 --host 10.0.0.2 -f csv --table summary "$DATA/midnight.txt"
	[[ "$output" == *"packets,4"* ]]
}
