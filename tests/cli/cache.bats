#!/usr/bin/env bats
# cache.bats - the CSV cache beside the capture: hits, staleness, damage, XDG fallback, interruption, races.
load helpers
# These tests are about the tshark path and its cache; native.bats covers the native reader.
export CAPREPORT_ENGINE=tshark

setup_file() {
	copy_samples
	logging_tshark "$WORK"
	# A capture big enough that an export is still running 0.3 s after it starts.
	for i in 1 2 3 4 5 6; do editcap -t $((i * 100)) "$WORK/mptcp.pcapng" "$WORK/part$i.pcapng"; done
	mergecap -a -w "$WORK/long.pcapng" "$WORK/mptcp.pcapng" "$WORK"/part?.pcapng
}

exports() {
	[ -f "$WORK/tshark.log" ] && grep -c -- "$1" "$WORK/tshark.log" || echo 0
}

cr() {
	PATH="$WORK/bin:$PATH" "$CAPREPORT" "$@"
}

@test "the first run writes the cache beside the capture; the second reads it without running tshark" {
	c="$WORK/mixed.pcapng"
	rm -f "$c".*.csv "$c".*.manifest
	cr -q conversations -f csv "$c" >"$BATS_TEST_TMPDIR/first"
	[ -f "$c.ip.csv" ]
	[ -f "$c.ip.manifest" ]
	n=$(exports mixed.pcapng)
	cr -q conversations -f csv "$c" >"$BATS_TEST_TMPDIR/second"
	[ "$(exports mixed.pcapng)" -eq "$n" ]
	cmp "$BATS_TEST_TMPDIR/first" "$BATS_TEST_TMPDIR/second"
	# The cache is a plain CSV: header of field names, one row per packet.
	head -1 "$c.ip.csv" | grep -q '^frame.number,frame.time_epoch,frame.len,'
	[ "$(($(wc -l <"$c.ip.csv") - 1))" -eq "$(capinfos -M -c "$c" | sed -n 's/^Number of packets: *//p')" ]
	no_tmp_files "$WORK"
}

@test "touching the capture makes the cache stale: regenerated with a notice" {
	c="$WORK/small.pcap.gz"
	cr -q info "$c" >/dev/null
	n=$(exports small.pcap.gz)
	touch -d '2001-01-01' "$c"
	run cr info "$c"
	[ "$status" -eq 0 ]
	[[ "$output" == *"regenerating the cache"*"the capture changed"* ]]
	[ "$(exports small.pcap.gz)" -eq $((n + 1)) ]
	cr -q info "$c" >/dev/null
	[ "$(exports small.pcap.gz)" -eq $((n + 1)) ]
}

@test "a cache written by another tshark version is regenerated" {
	c="$WORK/small.pcap.gz"
	cr -q info "$c" >/dev/null
	n=$(exports small.pcap.gz)
	sed -i 's/^tshark_version=.*/tshark_version=TShark (Wireshark) 3.6.2/' "$c.ip.manifest"
	run cr info "$c"
	[ "$status" -eq 0 ]
	[[ "$output" == *"another tshark (TShark (Wireshark) 3.6.2)"* ]]
	[ "$(exports small.pcap.gz)" -eq $((n + 1)) ]
}

@test "a cache made with another field list or display filter is regenerated" {
	c="$WORK/small.pcap.gz"
	cr -q info "$c" >/dev/null
	n=$(exports small.pcap.gz)
	sed -i 's/^fields=frame.number,/fields=frame.number,dns.qry.name,/' "$c.ip.manifest"
	run cr info "$c"
	[[ "$output" == *"its field list differs"* ]]
	[ "$(exports small.pcap.gz)" -eq $((n + 1)) ]
	cr -q info -Y tcp "$c" >/dev/null
	[ "$(exports small.pcap.gz)" -eq $((n + 2)) ]
	# -Y rows have a cache of their own (pipes.bats): here a manifest says another filter
	sed -i 's/^display_filter=$/display_filter=tcp/' "$c.ip.manifest"
	run cr info -f csv "$c"
	[[ "$output" == *"another display filter ('tcp')"* ]]
	[ "$(exports small.pcap.gz)" -eq $((n + 3)) ]
}

# bats test_tags=sanitize
@test "a damaged cache file is regenerated and the results stay right" {
	c="$WORK/midnight-gap.pcap"
	cr -q endpoints -f csv "$c" >"$BATS_TEST_TMPDIR/good"
	n=$(exports midnight-gap.pcap)
	echo '"999999","bogus' >>"$c.ip.csv"
	run cr endpoints -f csv "$c"
	[ "$status" -eq 0 ]
	[[ "$output" == *"damaged"* ]]
	[ "$(exports midnight-gap.pcap)" -eq $((n + 1)) ]
	cr -q endpoints -f csv "$c" >"$BATS_TEST_TMPDIR/again"
	cmp "$BATS_TEST_TMPDIR/good" "$BATS_TEST_TMPDIR/again"
	# A cache cut short is damaged too.
	truncate -s -100 "$c.ip.csv"
	run cr endpoints -f csv "$c"
	[[ "$output" == *"damaged"* ]]
}

@test "a cached mptcp export serves an ip request without running tshark" {
	c="$WORK/mptcp-v6-addaddr.pcapng"
	cr -q conversations -f csv --no-cache "$c" >"$BATS_TEST_TMPDIR/direct"
	[ ! -e "$c.ip.csv" ]
	cr -q export --profile mptcp "$c" >/dev/null
	[ -f "$c.mptcp.csv" ]
	n=$(exports mptcp-v6-addaddr.pcapng)
	cr -q conversations -f csv "$c" >"$BATS_TEST_TMPDIR/from-mptcp"
	[ "$(exports mptcp-v6-addaddr.pcapng)" -eq "$n" ]
	[ ! -e "$c.ip.csv" ]
	cmp "$BATS_TEST_TMPDIR/direct" "$BATS_TEST_TMPDIR/from-mptcp"
	# The export of the smaller profile from it has exactly the ip columns.
	cr -q export --profile ip -o "$BATS_TEST_TMPDIR/ip.csv" "$c"
	[ "$(head -1 "$BATS_TEST_TMPDIR/ip.csv")" = "$(cr export --print-tshark-argv "$c" | awk 'p { printf "%s%s", s, $0; s = "," } $0 == "-e" { p = 1; next } { p = 0 }')" ]
}

@test "--refresh regenerates a valid cache; --no-cache neither reads nor writes" {
	c="$WORK/small.pcap.gz"
	cr -q info "$c" >/dev/null
	n=$(exports small.pcap.gz)
	cr -q info --refresh "$c" >/dev/null
	[ "$(exports small.pcap.gz)" -eq $((n + 1)) ]
	rm -f "$c".*.csv "$c".*.manifest
	cr -q info --no-cache "$c" >/dev/null
	[ "$(exports small.pcap.gz)" -eq $((n + 2)) ]
	[ ! -e "$c.ip.csv" ]
	[ ! -e "$c.ip.manifest" ]
}

@test "a capture in a read-only folder is cached under XDG_CACHE_HOME" {
	ro="$BATS_TEST_TMPDIR/ro"
	mkdir -p "$ro"
	if [ "$(id -u)" -eq 0 ]; then
		mount -t tmpfs -o size=8m tmpfs "$ro"
		cp "$WORK/small.pcap.gz" "$ro/"
		mount -o remount,ro "$ro"
	else
		cp "$WORK/small.pcap.gz" "$ro/"
		chmod 555 "$ro"
	fi
	export XDG_CACHE_HOME="$BATS_TEST_TMPDIR/xdg"
	run cr -q info -f csv "$ro/small.pcap.gz"
	if [ "$(id -u)" -eq 0 ]; then umount "$ro"; fi
	[ "$status" -eq 0 ]
	ls "$XDG_CACHE_HOME"/capreport/*-small.pcap.gz.ip.csv
	ls "$XDG_CACHE_HOME"/capreport/*-small.pcap.gz.ip.manifest
}

@test "SIGINT during an export leaves no cache and no temporary file" {
	c="$WORK/long.pcapng"
	PATH="$WORK/bin:$PATH" "$CAPREPORT" -q export --profile mptcp "$c" &
	pid=$!
	sleep 0.5
	kill -INT "$pid"
	st=0
	wait "$pid" || st=$?
	[ "$st" -eq 130 ]
	[ ! -e "$c.mptcp.csv" ]
	[ ! -e "$c.mptcp.manifest" ]
	no_tmp_files "$WORK"
	run ! pgrep -f "tshark.*long.pcapng"
}

@test "tshark killed mid-export: a clear error, exit 5, no cache" {
	c="$WORK/long.pcapng"
	PATH="$WORK/bin:$PATH" "$CAPREPORT" -q export --profile mptcp "$c" 2>"$BATS_TEST_TMPDIR/err" &
	pid=$!
	# up to 10 s for tshark to start: a loaded machine is slow to spawn it
	for _ in $(seq 200); do
		t=$(pgrep -f "/usr/bin/tshark -n -2 -r $c" || true)
		[ -n "$t" ] && break
		sleep 0.05
	done
	[ -n "$t" ]
	sleep 0.2
	# shellcheck disable=SC2086 # $t: every pid pgrep found
	kill -9 $t
	st=0
	wait "$pid" || st=$?
	[ "$st" -eq 5 ]
	grep -q "tshark failed on '$c'" "$BATS_TEST_TMPDIR/err"
	[ ! -e "$c.mptcp.csv" ]
	no_tmp_files "$WORK"
}

@test "two runs at once on one capture both succeed and leave one valid cache" {
	c="$WORK/mptcp.pcapng"
	rm -f "$c".*.csv "$c".*.manifest
	cr -q endpoints -f csv "$c" >"$BATS_TEST_TMPDIR/a" &
	a=$!
	cr -q endpoints -f csv "$c" >"$BATS_TEST_TMPDIR/b" &
	b=$!
	wait $a
	wait $b
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	[ -f "$WORK/mptcp.pcapng.ip.csv" ]
	no_tmp_files "$WORK"
	n=$(exports " $c ")
	cr -q endpoints -f csv "$c" >"$BATS_TEST_TMPDIR/c"
	[ "$(exports " $c ")" -eq "$n" ]
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/c"
}

@test "progress is shown on a terminal and not otherwise, nor with -q" {
	c="$WORK/long.pcapng"
	script -qec "$CAPREPORT export --no-cache --profile mptcp -o /dev/null $c" /dev/null >"$BATS_TEST_TMPDIR/tty"
	grep -q "reading $c" "$BATS_TEST_TMPDIR/tty"
	grep -q "packets/s" "$BATS_TEST_TMPDIR/tty"
	script -qec "$CAPREPORT -q export --no-cache --profile mptcp -o /dev/null $c" /dev/null >"$BATS_TEST_TMPDIR/tty-q"
	no_match -q "reading" "$BATS_TEST_TMPDIR/tty-q"
	"$CAPREPORT" export --no-cache --profile mptcp -o /dev/null "$c" 2>"$BATS_TEST_TMPDIR/pipe"
	no_match -q "reading" "$BATS_TEST_TMPDIR/pipe"
}
