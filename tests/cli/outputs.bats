#!/usr/bin/env bats
# outputs.bats - what capreport writes, and what it refuses: -o FILE that is a device, a FIFO, a
# symbolic link (to a file, dangling, to a folder, looping) for every kind of writer (tables,
# workbooks, the graph's DOT/JSON/SVG, the report's folder); CSV inputs that are not capreport's;
# the exit code of each kind of failure in its documented class (a damaged compressed capture, a
# stream that does not exist, a bad CAPREPORT_* setting).
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
		for args in "conversations -f csv" "workbook" "graph"; do
			# shellcheck disable=SC2086
			run "$CAPREPORT" $args -o "$out" "$WORK/mixed.pcapng"
			echo "$args -o $out: $output"
			[ "$status" -eq 6 ]
			[[ "$output" == *"cannot write '$out'"* ]]
		done
	done
	[ -L dirlink ]
	[ -L loop1 ]
	[ -z "$(ls -A dir)" ]
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
