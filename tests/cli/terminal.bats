#!/usr/bin/env bats
# terminal.bats - text on a terminal either fits its width or is printed whole: never shortened and still too wide.
load helpers

setup_file() {
	copy_samples
	"$CAPREPORT" -q conversations "$WORK/mixed.pcapng" >/dev/null
}

# The table as a terminal of COLUMNS=$1 shows it, escape sequences and carriage returns removed.
on_tty() {
	local cols=$1
	shift
	# shellcheck disable=SC2001 # a regular expression, which ${var//} does not have
	COLUMNS=$cols script -qec "$*" /dev/null | tr -d '\r' | sed 's/\x1b\[[0-9;]*m//g'
}

# bats test_tags=sanitize
@test "a table too wide for the terminal leaves out its last columns, says which, and never overflows" {
	c="$WORK/mixed.pcapng"
	"$CAPREPORT" -q conversations --top 5 -f csv "$c" >"$BATS_TEST_TMPDIR/all.csv"
	for cols in 100 60 40; do
		out=$(on_tty "$cols" "'$CAPREPORT' -q conversations --top 5 '$c'")
		table=$(grep -v '^not shown' <<<"$out")
		# every line of the table fits
		[ "$(wc -L <<<"$table")" -le "$cols" ]
		# no address was shortened to get there
		no_match '…' <<<"$table"
		# the columns shown are the CSV's first ones, in order, and the note names the rest
		shown=$(head -1 <<<"$table" | wc -w)
		[ "$shown" -ge 1 ]
		want=$(head -1 "$BATS_TEST_TMPDIR/all.csv" | cut -d, -f"$((shown + 1))"- | sed 's/,/, /g')
		grep -qxF "not shown to fit the terminal's width: $want (-f csv, or a file or a pipe, gets every column)" <<<"$out"
		[ "$(head -1 <<<"$table" | tr -s ' ' ',')" = "$(head -1 "$BATS_TEST_TMPDIR/all.csv" | cut -d, -f1-"$shown")" ]
		# the cells shown are the CSV's (addresses, and packets a to b when shown), row by row
		# shellcheck disable=SC2016 # an awk program
		pick='NR > 1 { s = $1 "," $3; if (n >= 5) s = s "," $5; print s }'
		[ "$(awk -v n="$shown" "$pick" <<<"$table")" = "$(awk -F, -v n="$shown" "$pick" "$BATS_TEST_TMPDIR/all.csv")" ]
	done
}

@test "a terminal too narrow for even the first column gets the whole table, as a pipe does" {
	d="$BATS_TEST_TMPDIR/a-rather-long-folder-name-for-captures/and-another-level"
	mkdir -p "$d"
	cp "$WORK/mixed.pcapng" "$d/"
	"$CAPREPORT" -q conversations --engine tshark "$d/mixed.pcapng" >/dev/null
	whole=$("$CAPREPORT" -q cache list "$d")
	[ "$(on_tty 5 "'$CAPREPORT' -q cache list '$d'")" = "$whole" ]
	whole=$("$CAPREPORT" -q conversations --top 5 "$WORK/mixed.pcapng")
	[ "$(on_tty 5 "'$CAPREPORT' -q conversations --top 5 '$WORK/mixed.pcapng'")" = "$whole" ]
}

@test "a table that fits once text cells are shortened keeps every column" {
	d="$BATS_TEST_TMPDIR/a-rather-long-folder-name-for-captures/and-another-level"
	mkdir -p "$d"
	cp "$WORK/mixed.pcapng" "$d/"
	"$CAPREPORT" -q conversations --engine tshark "$d/mixed.pcapng" >/dev/null
	[ "$("$CAPREPORT" -q cache list "$d" | wc -L)" -gt 100 ]
	out=$(on_tty 100 "'$CAPREPORT' -q cache list '$d'")
	no_match '^not shown' <<<"$out"
	grep -q '…' <<<"$out"
	[ "$(wc -L <<<"$out")" -le 100 ]
	[ "$(head -1 <<<"$out" | wc -w)" -eq "$("$CAPREPORT" -q cache list -f csv "$d" | head -1 | tr ',' '\n' | wc -l)" ]
}

@test "drawing a report's plots shows progress on a terminal, and not with -q or on a file" {
	cp "$WORK/mixed.pcapng" "$BATS_TEST_TMPDIR/"
	cd "$BATS_TEST_TMPDIR"
	script -qec "'$CAPREPORT' report -o rep mixed.pcapng" /dev/null >tty.out
	# each batch of plots (the capture's, then each stream's folder) counts from 0 to its size
	tr '\r' '\n' <tty.out | grep -aqE "drawing plots  0 of [0-9]+  0%"
	tr '\r' '\n' <tty.out | grep -aqE "drawing plots  [1-9][0-9]* of [0-9]+  [0-9]+%  ETA [0-9]+:[0-9][0-9]"
	script -qec "'$CAPREPORT' -q report -o rep2 mixed.pcapng" /dev/null >tty-q.out
	no_match -a "drawing plots" tty-q.out
	"$CAPREPORT" report -o rep3 mixed.pcapng 2>file.out
	no_match "drawing plots" file.out
}
