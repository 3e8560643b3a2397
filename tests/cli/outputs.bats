#!/usr/bin/env bats
# outputs.bats - what capreport writes, and what it refuses: -o FILE that is a device, a FIFO, a
# symbolic link (to a file, dangling, to a folder, looping) for every kind of writer (tables,
# workbooks, the graph's DOT/JSON/SVG, the report's folder); CSV inputs that are not capreport's;
# the exit code of each kind of failure in its documented class (a damaged compressed capture, a
# stream that does not exist, a bad CAPREPORT_* setting).
# shellcheck disable=SC2154 # $stderr is set by run --separate-stderr
load helpers

setup_file() {
	copy_samples
	# The CSV the tables should be: to compare what went through a link or a FIFO with it.
	"$CAPREPORT" conversations -f csv "$WORK/mixed.pcapng" >"$WORK/conv.csv"
}

setup() {
	D=$BATS_TEST_TMPDIR/out
	mkdir -p "$D"
	cd "$D" || return 1
	# temporaries made outside the output's folder land here, where a test can see them
	TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR"
	export TMPDIR
}

# A character device like /dev/null (1,3) named NAME in the current folder.
null_device() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to make a device"
	mknod "$1" c 1 3
}

# The reader PID of the FIFO "fifo" has its end of file, or waits for no one: a FIFO replaced by a
# regular file would leave it waiting on the old one.
stop_reader() {
	[ -p fifo ] || kill "$1" 2>/dev/null || true
	wait "$1" || true
}

# bats test_tags=sanitize
@test "-o a device: every writer writes into it and the device stays" {
	null_device null
	null_device null.svg
	for args in "conversations" "conversations -f csv" "conversations -f json" "conversations -f xlsx" \
		"workbook" "graph" "graph -f json" "export"; do
		# shellcheck disable=SC2086 # the words of args are separate arguments
		run "$CAPREPORT" $args -o null "$WORK/mixed.pcapng"
		echo "$args: $output"
		[ "$status" -eq 0 ]
		[ -c null ]
	done
	command -v dot >/dev/null || skip "Graphviz 'dot' is not installed"
	run "$CAPREPORT" graph -o g.dot --plot null.svg "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[ -c null.svg ]
	no_tmp_files . "$TMPDIR"
}

@test "-o a FIFO: the table and the workbook go through it, the FIFO stays" {
	mkfifo fifo
	timeout 60 cat fifo >got.csv &
	run timeout 60 "$CAPREPORT" conversations -f csv -o fifo "$WORK/mixed.pcapng"
	stop_reader $!
	[ "$status" -eq 0 ]
	[ -p fifo ]
	cmp got.csv "$WORK/conv.csv"
	timeout 60 cat fifo >got.xlsx &
	run timeout 60 "$CAPREPORT" workbook -o fifo "$WORK/mixed.pcapng"
	stop_reader $!
	[ "$status" -eq 0 ]
	[ -p fifo ]
	# a whole workbook: the Conversations sheet reads back
	unzip -l got.xlsx | grep -q 'xl/worksheets/sheet2.xml'
	# /dev/stdout, a link through /proc that names a pipe
	"$CAPREPORT" -q conversations -f csv -o /dev/stdout "$WORK/mixed.pcapng" | cat >piped.csv
	cmp piped.csv "$WORK/conv.csv"
	"$CAPREPORT" -q workbook -o /dev/stdout "$WORK/mixed.pcapng" | cat >piped.xlsx
	unzip -l piped.xlsx | grep -q 'xl/worksheets/sheet2.xml'
	no_tmp_files . "$TMPDIR"
}

# bats test_tags=sanitize
@test "-o a symbolic link: the file it leads to is written, the link stays" {
	echo old >t.csv
	ln -s t.csv link.csv
	run "$CAPREPORT" conversations -f csv -o link.csv "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[ -L link.csv ]
	cmp t.csv "$WORK/conv.csv"
	# through a relative link in another folder, as for the workbook and the graph
	mkdir -p sub
	echo old >sub/w.xlsx
	ln -s ../sub/w.xlsx sub/link.xlsx
	ln -s sub/link.xlsx w.xlsx
	run "$CAPREPORT" workbook -o w.xlsx "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[ -L w.xlsx ]
	[ -L sub/link.xlsx ]
	unzip -l sub/w.xlsx | grep -q 'xl/worksheets/sheet2.xml'
	echo old >g.json
	ln -s g.json link.json
	run "$CAPREPORT" graph -f json -o link.json "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[ -L link.json ]
	python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["nodes"]' g.json
	no_tmp_files . sub
}

@test "-o a dangling symbolic link: the file it names is made, the link stays" {
	mkdir made
	ln -s made/conv.csv dangling
	run "$CAPREPORT" conversations -f csv -o dangling "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[ -L dangling ]
	cmp made/conv.csv "$WORK/conv.csv"
	ln -s made/w.xlsx dangling.xlsx
	run "$CAPREPORT" conversations -f xlsx -o dangling.xlsx "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[ -L dangling.xlsx ]
	[ -s made/w.xlsx ]
	no_tmp_files . made
}

# bats test_tags=sanitize
@test "-o a link to a folder, a folder, a looping link: exit 6 naming it, nothing written" {
	mkdir dir
	ln -s dir dirlink
	ln -s loop2 loop1
	ln -s loop1 loop2
	for out in dirlink dir loop1; do
		for args in "workbook" "graph"; do
			# shellcheck disable=SC2086
			run "$CAPREPORT" $args -o "$out" "$WORK/mixed.pcapng"
			echo "$args -o $out: $output"
			[ "$status" -eq 6 ]
			[[ "$output" == *"cannot write '$out'"* ]]
		done
	done
	run "$CAPREPORT" conversations -f csv -o loop1 "$WORK/mixed.pcapng"
	[ "$status" -eq 6 ]
	[[ "$output" == *"cannot write 'loop1'"* ]]
	[ -L dirlink ]
	[ -L loop1 ]
	[ -z "$(ls -A dir)" ]
	# A table command's -o FOLDER is one file per table (-o DIR/): through a link, into its folder.
	run "$CAPREPORT" -q conversations -f csv -o dirlink "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[ -L dirlink ]
	cmp dir/conversations.csv <("$CAPREPORT" -q conversations -f csv "$WORK/mixed.pcapng")
	no_tmp_files . "$TMPDIR"
}

@test "report -o a link to a folder: the report goes in that folder, the link stays" {
	mkdir rep
	ln -s rep replink
	run "$CAPREPORT" report -o replink "$WORK/mixed.pcapng"
	[ "$status" -eq 0 ]
	[ -L replink ]
	[ -f rep/index.html ]
	[ -f rep/.capreport-report ]
	# again: the earlier report behind the link is replaced
	run "$CAPREPORT" report -o replink "$WORK/small.pcap.gz"
	[ "$status" -eq 0 ]
	[ -L replink ]
	grep -q small rep/index.html
	# a dangling link: its folder is made
	ln -s made-rep dangling
	run "$CAPREPORT" report -o dangling "$WORK/small.pcap.gz"
	[ "$status" -eq 0 ]
	[ -L dangling ]
	[ -f made-rep/index.html ]
	no_tmp_files .
}

@test "report -o a device or a link to one: exit 6 naming it, the device stays" {
	null_device null
	ln -s null nulllink
	for out in null nulllink; do
		run "$CAPREPORT" report -o "$out" "$WORK/small.pcap.gz"
		[ "$status" -eq 6 ]
		[[ "$output" == *"/$out': it exists and is not a folder"* ]]
	done
	[ -c null ]
	[ -L nulllink ]
	no_tmp_files .
}

# ---- inputs that are not what they claim ---------------------------------------------------------

# A CSV with capreport's first column but not its other columns (frame.number,ip.src,ip.dst).
foreign_csv() {
	printf 'frame.number,ip.src,ip.dst\n1,10.0.0.1,10.0.0.2\n2,10.0.0.2,10.0.0.1\n' >"$1"
}

# bats test_tags=sanitize
@test "a CSV that is not capreport's: exit 3 naming the missing columns, no table, no file" {
	foreign_csv foreign.csv
	run "$CAPREPORT" conversations foreign.csv
	echo "$output"
	[ "$status" -eq 3 ]
	[[ "$output" == *"'foreign.csv': the CSV is not one capreport wrote: it has no column frame.time_epoch, frame.len,"* ]]
	[[ "$output" == *", tcp.stream, udp.stream" ]]
	[[ "$output" != *addr_a* ]]
	run "$CAPREPORT" export -o rows.csv foreign.csv
	[ "$status" -eq 3 ]
	[[ "$output" == *"has no column frame.time_epoch"* ]]
	[[ "$output" != *"rows of profile"* ]]
	[ ! -e rows.csv ]
	for args in "conversations -f csv" "endpoints" "timeline" "workbook" "graph"; do
		# shellcheck disable=SC2086
		run "$CAPREPORT" $args -o out foreign.csv
		echo "$args: $output"
		[ "$status" -eq 3 ]
		[ ! -e out ]
	done
	no_tmp_files .
}

@test "every input fails: nothing printed, no -o file; one of two fails: the other's table, exit 3" {
	mkdir folder
	run --separate-stderr "$CAPREPORT" conversations folder
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	[[ "$stderr" == *"cannot read 'folder': Is a directory"* ]]
	run "$CAPREPORT" conversations -o c.csv folder
	[ "$status" -eq 3 ]
	[ ! -e c.csv ]
	run "$CAPREPORT" graph -o g.dot --plot g.svg folder
	[ "$status" -eq 3 ]
	[ ! -e g.dot ]
	[ ! -e g.svg ]
	run --separate-stderr "$CAPREPORT" endpoints -f json folder
	[ "$status" -eq 3 ]
	[ -z "$output" ]
	# the results of the inputs that were read stand
	run --separate-stderr "$CAPREPORT" conversations -f csv folder "$WORK/mixed.pcapng"
	[ "$status" -eq 3 ]
	[ "$output" = "$(cat "$WORK/conv.csv")" ]
	no_tmp_files .
}

@test "export of capreport's own CSV says it read the CSV, and writes the same rows" {
	"$CAPREPORT" -q export -o rows.csv "$WORK/small.pcap.gz"
	run "$CAPREPORT" export -o again.csv rows.csv
	[ "$status" -eq 0 ]
	[[ "$output" == *"rows of profile 'ip' read from the CSV"* ]]
	cmp rows.csv again.csv
	[ "$(csv_body again.csv | wc -l)" -eq "$(capinfos -Mc "$WORK/small.pcap.gz" | awk '/Number of packets/ { print $NF }')" ]
}

# ---- each failure in its documented class --------------------------------------------------------

# bats test_tags=sanitize
@test "a gzip file that holds no capture or cannot be decompressed is not a capture (3) with every engine" {
	echo "hello, not a capture" | gzip >text.pcap.gz
	printf '\037\213\010\000\000\000\000\000\000\003garbage-garbage-garbage' >corrupt.pcap.gz
	head -c 12 "$WORK/small.pcap.gz" >cut.pcap.gz
	for f in text corrupt cut; do
		for engine in auto native tshark; do
			run "$CAPREPORT" conversations --engine "$engine" "$f.pcap.gz"
			echo "$f $engine: $output"
			[ "$status" -eq 3 ]
			[[ "$output" == *"'$f.pcap.gz' is not a capture"* ]]
			[[ "$output" != *"tshark failed"* ]]
		done
	done
	# a pcapng cut inside its first block, read by tshark
	head -c 10 "$WORK/mixed.pcapng" >head.pcapng
	run "$CAPREPORT" conversations --engine tshark head.pcapng
	[ "$status" -eq 3 ]
	[[ "$output" == *"'head.pcapng' is not a capture"* ]]
	# cut after whole packets it is still damaged (4): the packets before the cut count
	head -c 300 "$WORK/small.pcap.gz" >late.pcap.gz
	run "$CAPREPORT" conversations --engine tshark late.pcap.gz
	[ "$status" -eq 4 ]
}

@test "a stream or connection number that does not exist is a usage error (2); a capture without TCP is 3" {
	for args in "tcp summary 999" "tcp plot 999 seq" "mptcp summary 999" "mptcp events 999" \
		"mptcp subflows 999" "mptcp reinjections 999" "mptcp plot 999 dsn"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$CAPREPORT" $args --plot-dir plots "$WORK/mptcp.pcapng"
		echo "$args: $stderr"
		[ "$status" -eq 2 ]
		[[ "$stderr" == *"'$WORK/mptcp.pcapng' has no "*" 999 (see 'capreport "*" list')"* ]]
		[ -z "$output" ]
	done
	[ ! -e plots ] || [ -z "$(ls -A plots)" ]
	run "$CAPREPORT" tcp summary all "$ROOT/tests/data/wifi.pcap"
	[ "$status" -eq 3 ]
	[[ "$output" == *"has no TCP stream"* ]]
}

# bats test_tags=sanitize
@test "CAPREPORT_* settings with a bad value are an error naming the variable (2), as in the file" {
	for v in CAPREPORT_ENGINE=bogus CAPREPORT_PLOT_SIZE=abc CAPREPORT_PLOT_PALETTE=red \
		CAPREPORT_TEMPLATES=/nonexistent/templates; do
		run env "$v" "$CAPREPORT" conversations "$WORK/small.pcap.gz"
		echo "$v: $output"
		[ "$status" -eq 2 ]
		[[ "$output" == "capreport: ${v%%=*}"*"'${v#*=}'"* ]]
		[[ "$output" != *addr_a* ]]
	done
	# the same values in the configuration file, for comparison
	printf '[plot]\nsize = abc\n' >conf
	run "$CAPREPORT" --config conf conversations "$WORK/small.pcap.gz"
	[ "$status" -eq 2 ]
	[[ "$output" == *"[plot] size takes WIDTHxHEIGHT"* ]]
	run env CAPREPORT_PLOT_SIZE=abc "$CAPREPORT" config
	[ "$status" -eq 2 ]
	[[ "$output" == *"CAPREPORT_PLOT_SIZE takes WIDTHxHEIGHT"* ]]
	# good values still serve, an empty one is unset
	run env CAPREPORT_ENGINE=native CAPREPORT_PLOT_SIZE=800x600 CAPREPORT_PLOT_PALETTE= "$CAPREPORT" -v conversations "$WORK/small.pcap.gz"
	[ "$status" -eq 0 ]
	[[ "$output" == *"reading with the native engine"* ]]
	run env CAPREPORT_PLOT_SIZE=800x600 "$CAPREPORT" config
	[ "$status" -eq 0 ]
	[[ "$output" == *800x600* ]]
}
