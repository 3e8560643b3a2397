#!/usr/bin/env bats
# faults.bats - injected faults: a full disk under each kind of output, SIGINT/SIGTERM in the middle
# of report and export, a gnuplot that hangs in a report, and runs at the same time on one capture.
# After each: a clear message naming the file, the documented exit code, and nothing half-written
# under a final name. (bad-input.bats: full disk under export -o; cache.bats: full disk under the
# cache, SIGINT during export, tshark killed, two table runs at once; timeline.bats: gnuplot hang
# in timeline; cli.bats: | head -1 on a short output.)
# Each test runs in a process of its own: an export in one is meant to stay there.
# shellcheck disable=SC2030,SC2031
load helpers

setup_file() {
	copy_samples
	mkdir -p "$WORK/bin"
	# A gnuplot that says it started, then hangs: to interrupt a report while it draws.
	cat >"$WORK/bin/gnuplot-hang" <<SH
#!/bin/sh
echo \$\$ >>"$WORK/hung"
exec sleep 60
SH
	# The real gnuplot for every plot but the heatmaps, which hang.
	cat >"$WORK/bin/gnuplot-heatmap-hangs" <<SH
#!/bin/sh
for a; do gp=\$a; done
case "\$gp" in *-heatmap.gp) echo \$\$ >>"$WORK/hung-heatmap"; exec sleep 60 ;; esac
exec /usr/bin/gnuplot "\$@"
SH
	chmod +x "$WORK/bin/gnuplot-hang" "$WORK/bin/gnuplot-heatmap-hangs"
	# A capture big enough that an export is still running 0.3 s after it starts.
	for i in 1 2 3 4 5 6; do editcap -t $((i * 100)) "$WORK/mptcp.pcapng" "$WORK/part$i.pcapng"; done
	mergecap -a -w "$WORK/long.pcapng" "$WORK/mptcp.pcapng" "$WORK"/part?.pcapng
	rm -f "$WORK"/part?.pcapng
}

teardown() {
	# a failed test must not leave a mount behind
	if [ -n "${FULL:-}" ] && mountpoint -q "$FULL"; then umount "$FULL"; fi
	return 0
}

# A tmpfs of SIZE at $FULL, with FILL KiB of it already taken.
small_disk() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs"
	FULL=$BATS_TEST_TMPDIR/full
	mkdir -p "$FULL"
	mount -t tmpfs -o "size=$1" tmpfs "$FULL"
	if [ "${2:-0}" -gt 0 ]; then
		dd if=/dev/zero of="$FULL/filler" bs=1k count="$2" 2>/dev/null || true
	fi
}

# Nothing but these names under DIR (temporaries start with a dot).
only_in() {
	local dir=$1 want=""
	shift
	[ $# -eq 0 ] || want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	[ "$(find "$dir" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')" = "$want" ]
}

# The cache of CAPTURE for PROFILE (default ip) is whole: its manifest's rows and size match
# the CSV, and the rows are tshark's own packet count; one header line.
cache_valid() {
	local c=$1 m=$1.${2:-ip}.manifest csv=$1.${2:-ip}.csv
	[ -f "$m" ]
	[ -f "$csv" ]
	[ "$(sed -n 's/^rows=//p' "$m")" -eq "$(($(wc -l <"$csv") - 1))" ]
	[ "$(sed -n 's/^csv_size=//p' "$m")" -eq "$(stat -c %s "$csv")" ]
	[ "$(sed -n 's/^rows=//p' "$m")" -eq "$(capinfos -M -c "$c" | sed -n 's/^Number of packets: *//p')" ]
	[ "$(grep -c '^frame.number,' "$csv")" -eq 1 ]
}

# Fails when process PID still runs.
not_running() {
	if kill -0 "$1" 2>/dev/null; then
		echo "process $1 still runs: $(ps -o args= -p "$1")" >&2
		return 1
	fi
}

# Wait until FILE exists (up to 60 s: the machine may be busy).
wait_for() {
	for _ in $(seq 600); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# ---- full disk ---------------------------------------------------------------

# bats test_tags=sanitize
@test "disk full under a table's CSV (-o): exit 6, the file is named, nothing left" {
	small_disk 16k 16
	run "$CAPREPORT" -q endpoints -f csv -o "$FULL/hosts.csv" "$WORK/mixed.pcapng"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot write '$FULL/hosts.csv'"*"No space left on device"* ]]
	only_in "$FULL" filler
	# the same command with room writes more than the 4 KiB that were free
	"$CAPREPORT" -q endpoints -f csv -o "$BATS_TEST_TMPDIR/hosts.csv" "$WORK/mixed.pcapng"
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/hosts.csv")" -gt 0 ]
}

# bats test_tags=sanitize
@test "disk full under the workbook: exit 6, the file is named, no .xlsx left" {
	small_disk 16k
	run "$CAPREPORT" -q workbook -o "$FULL/review.xlsx" "$WORK/mixed.pcapng"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot write '$FULL/review.xlsx'"* ]]
	only_in "$FULL"
	# it fits elsewhere: the disk, not the data, was the problem
	"$CAPREPORT" -q workbook -o "$BATS_TEST_TMPDIR/review.xlsx" "$WORK/mixed.pcapng"
	[ "$(stat -c %s "$BATS_TEST_TMPDIR/review.xlsx")" -gt 16384 ]
}

# bats test_tags=sanitize
@test "disk full under the report: exit 6, the file is named, no folder under the final name" {
	small_disk 64k
	run "$CAPREPORT" -q report --no-plots -o "$FULL/rep" "$WORK/mixed.pcapng"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot write '$FULL/.rep.tmp-"*"No space left on device"* ]]
	only_in "$FULL"
}

@test "disk full while replacing a report: the earlier report stays whole" {
	small_disk 1m
	"$CAPREPORT" -q report --no-plots --no-workbook -o "$FULL/rep" "$WORK/small.pcap.gz" >/dev/null
	(cd "$FULL/rep" && find . -type f | sort | xargs md5sum) >"$BATS_TEST_TMPDIR/before"
	dd if=/dev/zero of="$FULL/filler" bs=1k count=1024 2>/dev/null || true
	run "$CAPREPORT" -q report --no-plots -o "$FULL/rep" "$WORK/mixed.pcapng"
	[ "$status" -eq 6 ]
	[[ "$output" == *"No space left on device"* ]]
	(cd "$FULL/rep" && find . -type f | sort | xargs md5sum) >"$BATS_TEST_TMPDIR/after"
	cmp "$BATS_TEST_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
	only_in "$FULL" filler rep
}

# ---- signals -----------------------------------------------------------------

# Start a report whose gnuplots hang, wait until one runs, send SIG, expect exit 130 and no trace.
interrupt_report() {
	local sig=$1 out=$BATS_TEST_TMPDIR/out/rep
	mkdir -p "$BATS_TEST_TMPDIR/out"
	rm -f "$WORK/hung"
	CAPREPORT_GNUPLOT=$WORK/bin/gnuplot-hang "$CAPREPORT" report -o "$out" "$WORK/mixed.pcapng" \
		>"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	wait_for "$WORK/hung"
	# the tables and pages are written by now, in the temporary folder
	[ -n "$(find "$BATS_TEST_TMPDIR/out" -mindepth 1 -maxdepth 1 -name '.rep.tmp-*')" ]
	kill "-$sig" "$pid"
	st=0
	wait "$pid" || st=$?
	[ "$st" -eq 130 ]
	grep -q 'interrupted' "$BATS_TEST_TMPDIR/err"
	[ ! -s "$BATS_TEST_TMPDIR/stdout" ]	# no index path printed
	only_in "$BATS_TEST_TMPDIR/out"
	# the hanging gnuplots were stopped too
	while read -r g; do not_running "$g"; done <"$WORK/hung"
}

@test "SIGINT in the middle of a report: exit 130, no folder, no temporary, gnuplot stopped" {
	interrupt_report INT
}

@test "SIGTERM in the middle of a report: exit 130, no folder, no temporary, gnuplot stopped" {
	interrupt_report TERM
}

@test "SIGTERM during an export leaves no cache and no temporary file" {
	export CAPREPORT_ENGINE=tshark
	c="$WORK/long.pcapng"
	rm -f "$c".*.csv "$c".*.manifest
	"$CAPREPORT" -q export "$c" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	for _ in $(seq 600); do
		t=$(pgrep -f "tshark -n -r $c" || true)
		[ -n "$t" ] && break
		sleep 0.05
	done
	[ -n "$t" ]
	kill -TERM "$pid"
	st=0
	wait "$pid" || st=$?
	[ "$st" -eq 130 ]
	grep -q "interrupted" "$BATS_TEST_TMPDIR/err"
	[ ! -e "$c.ip.csv" ]
	[ ! -e "$c.ip.manifest" ]
	no_tmp_files "$WORK"
	run ! pgrep -f "tshark.*$c"
}

# ---- gnuplot hangs -------------------------------------------------------------

@test "a gnuplot that hangs in a report is stopped after --plot-timeout; the other plots are drawn" {
	out=$BATS_TEST_TMPDIR/hang
	CAPREPORT_GNUPLOT=$WORK/bin/gnuplot-heatmap-hangs run "$CAPREPORT" report --plot-timeout 3 -o "$out" "$WORK/mixed.pcapng"
	[ "$status" -eq 7 ]
	[[ "$output" == *"gnuplot did not finish '$out/plots/mixed-heatmap.gp' within 3 s"* ]]
	[ ! -e "$out/plots/mixed-heatmap.png" ]
	# the others came from the real gnuplot: PNG files of the size the .gp asks for
	n=0
	for gp in "$out"/plots/*.gp; do
		case "$gp" in *-heatmap.gp) continue ;; esac
		png=${gp%.gp}.png
		[ -s "$png" ]
		size=$(sed -n 's/.*pngcairo size \([0-9]*\),\([0-9]*\).*/\1x\2/p' "$gp")
		[ "$(python3 -c 'import struct,sys; b=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", b[16:24]))' "$png")" = "$size" ]
		n=$((n + 1))
	done
	[ "$n" -ge 4 ]
	# the heatmap's card says why it is missing; the folder is complete otherwise
	grep -q "did not finish &#39;$out/plots/mixed-heatmap.gp&#39; within 3 s" "$out/mixed-heatmap.html"
	no_match -q '\.tmp-' "$out"/*.html
	[ -s "$out/index.html" ]
	# the hung one was stopped, not left behind
	[ -s "$WORK/hung-heatmap" ]
	while read -r g; do not_running "$g"; done <"$WORK/hung-heatmap"
}

# ---- at the same time --------------------------------------------------------------

@test "two reports at once on one capture, into two folders: both succeed, same tables, cache valid" {
	export CAPREPORT_ENGINE=tshark
	c="$WORK/mptcp.pcapng"
	rm -f "$c".*.csv "$c".*.manifest
	"$CAPREPORT" -q report --no-plots -o "$BATS_TEST_TMPDIR/a" "$c" >/dev/null 2>"$BATS_TEST_TMPDIR/ea" &
	a=$!
	"$CAPREPORT" -q report --no-plots -o "$BATS_TEST_TMPDIR/b" "$c" >/dev/null 2>"$BATS_TEST_TMPDIR/eb" &
	b=$!
	wait $a
	wait $b
	diff -r "$BATS_TEST_TMPDIR/a/tables" "$BATS_TEST_TMPDIR/b/tables"
	cache_valid "$c" mptcp	# the report reads the largest profile its sections need
	no_tmp_files "$WORK"
	# and the tables are tshark's: packets per conversation row add up to its count
	total=$(capinfos -M -c "$c" | sed -n 's/^Number of packets: *//p')
	[ "$(csv_body "$BATS_TEST_TMPDIR/a/tables/mptcp-endpoints.csv" | awk -F, '{ s += $4 } END { print s }')" -eq "$total" ]
}

@test "two reports at once into the same folder: both succeed, one whole report, no temporaries" {
	export CAPREPORT_ENGINE=tshark
	out=$BATS_TEST_TMPDIR/same/rep
	mkdir -p "$BATS_TEST_TMPDIR/same"
	"$CAPREPORT" -q report --no-plots -o "$out" "$WORK/mixed.pcapng" >/dev/null 2>"$BATS_TEST_TMPDIR/ea" &
	a=$!
	"$CAPREPORT" -q report --no-plots -o "$out" "$WORK/mixed.pcapng" >/dev/null 2>"$BATS_TEST_TMPDIR/eb" &
	b=$!
	wait $a
	wait $b
	only_in "$BATS_TEST_TMPDIR/same" rep
	# whole: every page the index links to is there, and the tables equal a report made alone
	"$CAPREPORT" -q report --no-plots -o "$BATS_TEST_TMPDIR/alone" "$WORK/mixed.pcapng" >/dev/null
	diff -r "$out/tables" "$BATS_TEST_TMPDIR/alone/tables"
	[ "$(find "$out" -maxdepth 1 -name '[!.]*.html' | wc -l)" -eq "$(find "$BATS_TEST_TMPDIR/alone" -maxdepth 1 -name '[!.]*.html' | wc -l)" ]
	cache_valid "$WORK/mixed.pcapng" mptcp	# the report reads the largest profile its sections need
}

@test "export --refresh while other runs read the cache: all succeed, the cache ends valid" {
	export CAPREPORT_ENGINE=tshark
	c="$WORK/long.pcapng"
	"$CAPREPORT" -q export "$c" >/dev/null
	"$CAPREPORT" -q conversations -f csv "$c" >"$BATS_TEST_TMPDIR/want"
	"$CAPREPORT" -q export --refresh "$c" >/dev/null 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	n=0
	while kill -0 "$pid" 2>/dev/null || [ "$n" -lt 2 ]; do
		"$CAPREPORT" -q conversations -f csv "$c" >"$BATS_TEST_TMPDIR/got"
		cmp "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
		n=$((n + 1))
	done
	wait "$pid"
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
	cache_valid "$c"
	no_tmp_files "$WORK"
}
