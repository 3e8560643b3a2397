#!/usr/bin/env bats
# bad-input.bats - every kind of bad input gets a clear message naming the file, a documented exit code, no debris.
# bats file_tags=sanitize
load helpers
# These tests are about the tshark path and its cache; native.bats covers the native reader.
export CAPREPORT_ENGINE=tshark

setup_file() {
	copy_samples
}

no_debris() {
	no_tmp_files "$1"
}

@test "a missing file: exit 3, the file and the reason named" {
	run "$CAPREPORT" info "$WORK/nope.pcap"
	[ "$status" -eq 3 ]
	[[ "$output" == *"cannot read '$WORK/nope.pcap': No such file or directory"* ]]
}

@test "a directory: exit 3" {
	run "$CAPREPORT" conversations "$WORK/bad"
	[ "$status" -eq 3 ]
	[[ "$output" == *"'$WORK/bad': Is a directory"* ]]
}

@test "an unreadable file: exit 3, Permission denied" {
	cp "$WORK/small.pcap.gz" "$BATS_TEST_TMPDIR/secret.pcap.gz"
	chmod 000 "$BATS_TEST_TMPDIR/secret.pcap.gz"
	chmod 755 "$BATS_TEST_TMPDIR"
	if [ "$(id -u)" -eq 0 ]; then
		# root reads anything: run as nobody instead
		run setpriv --reuid=65534 --regid=65534 --clear-groups "$CAPREPORT" info "$BATS_TEST_TMPDIR/secret.pcap.gz"
	else
		run "$CAPREPORT" info "$BATS_TEST_TMPDIR/secret.pcap.gz"
	fi
	[ "$status" -eq 3 ]
	[[ "$output" == *"cannot read '$BATS_TEST_TMPDIR/secret.pcap.gz': Permission denied"* ]]
}

@test "an empty file: exit 3, said to be empty" {
	run "$CAPREPORT" endpoints "$WORK/bad/empty.pcap"
	[ "$status" -eq 3 ]
	[[ "$output" == *"'$WORK/bad/empty.pcap' is empty"* ]]
}

@test "a header-only capture: exit 0, zero packets, empty tables" {
	run "$CAPREPORT" -q info -f csv "$WORK/bad/header-only.pcap"
	[ "$status" -eq 0 ]
	[[ "$output" == *"packets,0"* ]]
	run "$CAPREPORT" -q conversations -f csv "$WORK/bad/header-only.pcap"
	[ "$status" -eq 0 ]
	[ "$output" = "addr_a,port_a,addr_b,port_b,packets_ab,bytes_ab,packets_ba,bytes_ba,packets,bytes,rel_start,duration,bps_ab,bps_ba" ]
}

@test "a truncated pcap and pcapng: partial results, a warning naming the last good packet, exit 4, no cache" {
	for f in truncated.pcap truncated.pcapng; do
		c="$WORK/bad/$f"
		good=$(tshark -n -r "$c" 2>/dev/null | wc -l)
		[ "$good" -gt 0 ]
		run "$CAPREPORT" endpoints -f csv "$c"
		[ "$status" -eq 4 ]
		[[ "$output" == *"'$c' is damaged"*"cut short"* ]]
		[[ "$output" == *"up to frame $good, the last good one"* ]]
		# the readable part is still counted, exactly as tshark counts it
		total=$("$CAPREPORT" -q info -f csv "$c" 2>/dev/null | awk -F, '$1 == "packets" { print $2 }') || true
		[ "$total" -eq "$good" ]
		[ ! -e "$c.ip.csv" ]
		[ ! -e "$c.ip.manifest" ]
		no_debris "$WORK/bad"
	done
}

@test "not a capture: exit 3, says what was expected" {
	run "$CAPREPORT" info "$WORK/bad/not-a-capture.pcap"
	[ "$status" -eq 3 ]
	[[ "$output" == *"'$WORK/bad/not-a-capture.pcap' is not a capture: expected pcap, pcapng"* ]]
}

@test "tshark not on PATH: exit 5, says how to install it" {
	run env PATH=/nonexistent "$CAPREPORT" info "$WORK/small.pcap.gz"
	[ "$status" -eq 5 ]
	[[ "$output" == *"tshark not found"*"apt-get install tshark"* ]]
}

@test "tshark failing: exit 5 with tshark's own words quoted, no cache" {
	rm -f "$WORK"/small.pcap.gz.*
	run "$CAPREPORT" info -Y 'ip.src ==' "$WORK/small.pcap.gz"
	[ "$status" -eq 5 ]
	[[ "$output" == *"tshark failed on '$WORK/small.pcap.gz'"* ]]
	[[ "$output" == *"filter"* ]]
	[[ "$output" != *"Running as user"* ]]
	[ ! -e "$WORK/small.pcap.gz.ip.csv" ]
	no_debris "$WORK"
}

@test "an output that cannot be written: exit 6, nothing left behind" {
	run "$CAPREPORT" -q conversations -f csv -o "$WORK/no/such/dir/out.csv" "$WORK/small.pcap.gz"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot write '$WORK/no/such/dir/out.csv': No such file or directory"* ]]
	run "$CAPREPORT" -q export -o "$WORK/bad" "$WORK/small.pcap.gz"
	[ "$status" -eq 6 ]
	[[ "$output" == *"Is a directory"* ]]
}

@test "a full disk while writing an output: exit 6, no partial file" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to mount a small tmpfs"
	full="$BATS_TEST_TMPDIR/full"
	mkdir -p "$full"
	mount -t tmpfs -o size=16k tmpfs "$full"
	run "$CAPREPORT" -q export -o "$full/rows.csv" "$WORK/mixed.pcapng"
	ls -a "$full" >"$BATS_TEST_TMPDIR/left"
	umount "$full"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot write '$full/rows.csv': No space left on device"* ]]
	no_match -q 'rows.csv' "$BATS_TEST_TMPDIR/left"
}

@test "with several inputs, a bad one does not stop the others" {
	run "$CAPREPORT" -q endpoints -f csv "$WORK/nope.pcap" "$WORK/small.pcap.gz"
	[ "$status" -eq 3 ]
	[[ "$output" == *"nope.pcap"* ]]
	[ "$(echo "$output" | grep -c '^[0-9a-f.:]*,[0-9]*,')" -gt 0 ]
}

@test "file names with spaces, quotes, a leading dash, \$(...) and non-UTF-8 bytes are just names" {
	cd "$BATS_TEST_TMPDIR"
	want=$(capinfos -M -c "$WORK/small.pcap.gz" | sed -n 's/^Number of packets: *//p')
	# shellcheck disable=SC2016 # '$(touch pwned)' is a file name, never run
	for name in "with space.pcap.gz" "it's \"quoted\".pcap.gz" "-dash.pcap.gz" '$(touch pwned).pcap.gz' "$(printf 'caf\xe9.pcap.gz')"; do
		cp "$WORK/small.pcap.gz" "./$name"
		run "$CAPREPORT" -q info -f csv -- "$name"
		[ "$status" -eq 0 ]
		[[ "$output" == *"packets,$want"* ]]
		[ -f "./$name.ip.csv" ]
		[ -f "./$name.ip.manifest" ]
	done
	run "$CAPREPORT" -q info -f csv "./-dash.pcap.gz"
	[ "$status" -eq 0 ]
	[ ! -e pwned ]
	[ ! -e "$WORK/pwned" ]
}
