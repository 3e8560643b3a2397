#!/usr/bin/env bats
# everyday.bats - cache list/clean, the generated man page and completion, make install, text manners, the README tour.
load helpers
export CAPREPORT_ENGINE=tshark

setup_file() {
	copy_samples
	export XDG_CACHE_HOME="$WORK/xdg"
	# Real caches from real tshark runs, made once: mixed (ip), mptcp (tcp), small with a display filter (ip).
	"$CAPREPORT" -q conversations "$WORK/mixed.pcapng" >/dev/null
	"$CAPREPORT" -q tcp list "$WORK/mptcp.pcapng" >/dev/null
	"$CAPREPORT" -q info -Y udp "$WORK/small.pcap.gz" >/dev/null
	KEEP="$BATS_FILE_TMPDIR/keep"
	mkdir -p "$KEEP"
	cp -p "$WORK"/mixed.pcapng.ip.csv "$WORK"/mixed.pcapng.ip.manifest "$KEEP/"
	export KEEP
}

# Size of a file in bytes.
fsize() {
	stat -c %s "$1"
}

# Rows of the CSV cache list: cache,capture,profile,rows,size,state,why (no header).
cache_rows() {
	"$CAPREPORT" -q cache list -f csv --no-header "$@"
}

@test "cache list: every cache with its capture, profile, rows as tshark counts them, size on disk, valid" {
	run cache_rows "$WORK"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	for c in mixed.pcapng:ip mptcp.pcapng:tcp small.pcap.gz:ip; do
		cap=${c%%:*} prof=${c##*:}
		csv="$WORK/$cap.$prof.csv"
		# rows of a display filter (-Y) have a cache of their own, named after the filter
		[ "$cap" = small.pcap.gz ] && csv=$(echo "$WORK/$cap.$prof".filter-*.csv)
		row=$(printf '%s\n' "${lines[@]}" | grep "^$csv,")
		# Wireshark's own count of the packets (with the filter: tshark's).
		frames=$(capinfos -c -M "$WORK/$cap" | awk '/^Number of packets/ { print $NF }')
		[ "$cap" = small.pcap.gz ] && frames=$(tshark -n -r "$WORK/$cap" -Y udp -T fields -e frame.number 2>/dev/null | wc -l)
		bytes=$(($(fsize "$csv") + $(fsize "${csv%.csv}.manifest")))
		[ "$row" = "$csv,$WORK/$cap,$prof,$frames,$bytes,valid," ]
		# The rows column is the CSV's own count too.
		[ "$(csv_body "$csv" | wc -l)" -eq "$frames" ]
	done
}

@test "cache list: a changed capture is stale with the reason; a foreign manifest and a bare CSV are not caches" {
	d="$BATS_TEST_TMPDIR/d"
	mkdir -p "$d/sub/deeper"
	cp -p "$WORK/mixed.pcapng" "$WORK/mixed.pcapng.ip.csv" "$WORK/mixed.pcapng.ip.manifest" "$d/sub/deeper/"
	sed -i "s|^capture=.*|capture=$d/sub/deeper/mixed.pcapng|" "$d/sub/deeper/mixed.pcapng.ip.manifest"
	run cache_rows "$d"
	[ "$status" -eq 0 ]
	[[ "$output" == *",valid," ]]
	touch "$d/sub/deeper/mixed.pcapng"
	printf '[other]\nformat=1\n' >"$d/notours.manifest"
	echo "a,b" >"$d/notours.csv"
	echo "a,b" >"$d/lonely.pcap.ip.csv"
	run cache_rows "$d"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "$d/sub/deeper/mixed.pcapng.ip.csv,"*",stale,the capture changed since it was written" ]]
	# A run agrees: it regenerates that cache and says why.
	run "$CAPREPORT" conversations "$d/sub/deeper/mixed.pcapng"
	[[ "$output" == *"regenerating the cache '$d/sub/deeper/mixed.pcapng.ip.csv': the capture changed since it was written"* ]]
	run cache_rows "$d"
	[[ "${lines[0]}" == *",valid," ]]
	# Text output names the state too, and sums up.
	run "$CAPREPORT" -q cache list "$d"
	[[ "${lines[0]}" == cache*capture*profile*rows*size*state*why ]]
	[[ "$output" == *"1 cache, "*" kB"* ]]
}

@test "cache clean --stale removes only stale caches and prints the bytes freed; clean removes the rest, nothing else" {
	d="$BATS_TEST_TMPDIR/d"
	mkdir -p "$d"
	cp -p "$WORK/mixed.pcapng" "$WORK/mptcp.pcapng" "$d/"
	for f in mixed.pcapng.ip mptcp.pcapng.tcp; do
		cp -p "$WORK/$f.csv" "$WORK/$f.manifest" "$d/"
		sed -i "s|^capture=.*|capture=$d/${f%.*}|" "$d/$f.manifest"
	done
	printf '[other]\nformat=1\nprofile=ip\n' >"$d/notours.manifest"
	echo "a,b" >"$d/notours.csv"
	touch "$d/mptcp.pcapng"
	stale_bytes=$(($(fsize "$d/mptcp.pcapng.tcp.csv") + $(fsize "$d/mptcp.pcapng.tcp.manifest")))
	run "$CAPREPORT" -q cache clean --stale "$d"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "removed '$d/mptcp.pcapng.tcp.csv' ($stale_bytes bytes): the capture changed since it was written" ]
	[[ "${lines[1]}" == "removed 1 cache, freed $stale_bytes bytes ("*")" ]]
	[ ! -e "$d/mptcp.pcapng.tcp.csv" ]
	[ ! -e "$d/mptcp.pcapng.tcp.manifest" ]
	[ -f "$d/mixed.pcapng.ip.csv" ]
	[ -f "$d/mixed.pcapng.ip.manifest" ]
	valid_bytes=$(($(fsize "$d/mixed.pcapng.ip.csv") + $(fsize "$d/mixed.pcapng.ip.manifest")))
	run "$CAPREPORT" -q cache clean "$d"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "removed 1 cache, freed $valid_bytes bytes ($(awk -v b="$valid_bytes" 'BEGIN { printf "%.1f kB", b / 1000 }'))" ]
	# What remains is exactly what is not a capreport cache, and the captures.
	[ "$(cd "$d" && printf '%s ' *)" = "mixed.pcapng mptcp.pcapng notours.csv notours.manifest " ]
	run "$CAPREPORT" -q cache clean "$d"
	[ "${lines[0]}" = "removed 0 caches, freed 0 bytes (0 B)" ]
}

@test "cache list and clean: a cache under XDG (read-only capture folder) is found for the capture's folder only" {
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
	"$CAPREPORT" -q info "$ro/small.pcap.gz" >/dev/null
	run cache_rows "$ro"
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "$XDG_CACHE_HOME/capreport/"*"-small.pcap.gz.ip.csv,$ro/small.pcap.gz,ip,"*",valid," ]]
	run cache_rows "$KEEP"
	[[ "$output" != *"$XDG_CACHE_HOME"* ]]
	# The capture goes away: its XDG cache is stale, and clean --stale removes it.
	if [ "$(id -u)" -eq 0 ]; then umount "$ro"; fi
	[ "$(id -u)" -eq 0 ] || { chmod 755 "$ro"; rm "$ro/small.pcap.gz"; }
	run cache_rows "$ro"
	[[ "${lines[0]}" == *",stale,its capture '$ro/small.pcap.gz' is gone" ]]
	run "$CAPREPORT" -q cache clean --stale "$ro"
	[ "$status" -eq 0 ]
	[ -z "$(find "$XDG_CACHE_HOME/capreport/" -mindepth 1 -maxdepth 1 -name '[!.]*small*' 2>/dev/null)" ]
}

@test "cache: usage errors, a missing folder, and --stale without tshark" {
	run "$CAPREPORT" cache
	[ "$status" -eq 2 ]
	[[ "$output" == *"takes an action: list or clean"* ]]
	run "$CAPREPORT" cache purge
	[ "$status" -eq 2 ]
	run "$CAPREPORT" cache list --stale
	[ "$status" -eq 2 ]
	run "$CAPREPORT" cache list "$BATS_TEST_TMPDIR/nowhere"
	[ "$status" -eq 3 ]
	[ "$output" = "capreport cache: cannot read the folder '$BATS_TEST_TMPDIR/nowhere': No such file or directory" ]
	run "$CAPREPORT" --tshark "$BATS_TEST_TMPDIR/no-tshark" cache clean --stale "$KEEP"
	[ "$status" -eq 5 ]
	[ -f "$KEEP/mixed.pcapng.ip.csv" ]
	# Without tshark, list still lists, and says it cannot tell.
	run "$CAPREPORT" -q --tshark "$BATS_TEST_TMPDIR/no-tshark" cache list -f csv "$KEEP"
	[ "$status" -eq 0 ]
	[[ "$output" == *",unknown,tshark is not available to tell"* ]]
}

# The man page rendered as plain text.
man_text() {
	# Lines long enough that nothing wraps or gets hyphenated.
	groff -man -Tascii -P-cbou -rLL=2000n "$ROOT/build/capreport.1" 2>/dev/null
}

# Long options of `capreport help CMD`, one a line.
help_options() {
	"$CAPREPORT" help "$1" | grep -oE '^ +(-[a-zA-Z], )?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

commands() {
	"$CAPREPORT" --help | sed -n '/^commands:/,/^$/p' | awk 'NF && $1 != "commands:" { print $1 }'
}

@test "the man page is generated from the command table, lints clean, and has every command and option of help" {
	[ -f "$ROOT/build/capreport.1" ]
	"$CAPREPORT" help --man | cmp - "$ROOT/build/capreport.1"
	[ -z "$(groff -ww -man -z "$ROOT/build/capreport.1" 2>&1)" ]
	[ -z "$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$ROOT/build/capreport.1" 2>&1 >/dev/null)" ]
	text=$(man_text)
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" "EXIT STATUS" ENVIRONMENT FILES; do
		[[ $'\n'"$text"$'\n' == *$'\n'"$s"$'\n'* ]]
	done
	n=0
	for c in $(commands); do
		[ "$c" = help ] && continue
		# The command's own section, up to the next command.
		section=$(awk -v c="$c" '/^   capreport / { on = ($2 == c) } on' <<<"$text")
		[ -n "$section" ]
		# Its summary (up to the first non-ASCII character, which -Tascii transliterates).
		summary=$("$CAPREPORT" help "$c" | sed -n 3p)
		[[ "$section" == *"${summary%%[^ -~]*}"* ]]
		for o in $(help_options "$c"); do
			# Own options in the command's section, shared ones in their group's section.
			# shellcheck disable=SC2140 # [$'\n'" ,"] is one bracket expression: newline, space, comma
			[[ $'\n'"$section"$'\n' == *[$'\n'" ,"]"$o"[$' \n']* ]] ||
				[[ $'\n'"$text"$'\n' == *$'\n'"       $o"[$' \n']* ]] ||
				[[ $'\n'"$text"$'\n' == *$'\n'"       -"?", $o"[$' \n']* ]] || {
				echo "missing $o of $c" >&2
				return 1
			}
			n=$((n + 1))
		done
	done
	[ "$n" -gt 100 ]
	# Exit codes: the page's table is README's table.
	page=$(awk '/^EXIT STATUS/ { on = 1; next } /^[A-Z]/ { on = 0 } on && /^       [0-9]+( |$)/ { print $1 }' <<<"$text" | tr '\n' ' ')
	readme=$(sed -n '/^## Exit codes/,/^## /p' "$ROOT/README.md" | awk -F'|' '$2 ~ /^ *[0-9]+ *$/ { gsub(/ /, "", $2); print $2 }' | tr '\n' ' ')
	[ "$page" = "$readme" ]
	[ "$page" = "0 1 2 3 4 5 6 7 130 " ]
}

# Complete the words given (the last one is the word under the cursor) in real bash.
complete_words() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _capreport; printf "%s\n" "${COMPREPLY[@]}"' \
		complete "$ROOT/build/capreport.bash" "$@"
}

@test "bash completion offers the commands, each command's options and their values" {
	"$CAPREPORT" help --completion | cmp - "$ROOT/build/capreport.bash"
	[ "$(complete_words capreport '' | sort | tr '\n' ' ')" = "$( (commands; echo help) | sort -u | tr '\n' ' ')" ]
	[ "$(complete_words capreport conv)" = conversations ]
	[ "$(complete_words capreport con | sort | tr '\n' ' ')" = "config conversations " ]
	# Every command's options, in one bash: "== CMD" then its completions of "--".
	# shellcheck disable=SC2046 # one argument per command name
	bash -c 'source "$1"; shift; for c; do echo "== $c"; COMP_WORDS=(capreport "$c" --); COMP_CWORD=2; _capreport
		printf "%s\n" "${COMPREPLY[@]}" | sort -u; done' complete "$ROOT/build/capreport.bash" $(commands | grep -vx help) \
		>"$BATS_TEST_TMPDIR/offered"
	for c in $(commands); do
		[ "$c" = help ] && continue
		echo "== $c" >>"$BATS_TEST_TMPDIR/expected"
		(help_options "$c"; echo --help) | sort -u >>"$BATS_TEST_TMPDIR/expected"
	done
	diff "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/offered"
	[ "$(complete_words capreport export --profile '' | tr '\n' ' ')" = "ip tcp mptcp " ]
	[ "$(complete_words capreport info -f '' | tr '\n' ' ')" = "text csv json xlsx " ]
	[ "$(complete_words capreport -q conv --engine '' | tr '\n' ' ')" = "auto native tshark " ]
	complete_words capreport timeline --bin '' | grep -qx 1m
	complete_words capreport timeline -b '' | grep -qx 1h
	[ "$(complete_words capreport cache '' | tr '\n' ' ')" = "list clean " ]
	[ "$(complete_words capreport tcp '' | tr '\n' ' ')" = "list summary plot " ]
	[ "$(complete_words capreport help tc)" = tcp ]
	# Captures are files: from the samples folder.
	[ "$(cd "$WORK" && complete_words capreport info mptcp-v)" = mptcp-v6-addaddr.pcapng ]
	# After a value-taking option without known values, nothing is offered.
	[ -z "$(complete_words capreport info --top '')" ]
}

@test "make install DESTDIR PREFIX=/usr: the installed capreport runs report with its installed templates; uninstall leaves nothing" {
	dest="$BATS_TEST_TMPDIR/stage"
	make -s -C "$ROOT" install DESTDIR="$dest" PREFIX=/usr >/dev/null
	[ -x "$dest/usr/bin/capreport" ]
	[ -f "$dest/usr/share/man/man1/capreport.1" ]
	[ -f "$dest/usr/share/bash-completion/completions/capreport" ]
	[ -f "$dest/usr/share/capreport/templates/report/style.css" ]
	# A mark in the installed stylesheet shows which templates the report used.
	echo "/* installed-templates-mark */" >>"$dest/usr/share/capreport/templates/report/style.css"
	cp "$WORK/mixed.pcapng" "$BATS_TEST_TMPDIR/"
	(cd "$BATS_TEST_TMPDIR" && env -u CAPREPORT_TEMPLATES -u CAPREPORT_ENGINE "$dest/usr/bin/capreport" -q report -o rep mixed.pcapng)
	[ -f "$BATS_TEST_TMPDIR/rep/index.html" ]
	grep -q installed-templates-mark "$BATS_TEST_TMPDIR/rep/assets/style.css"
	ls "$BATS_TEST_TMPDIR"/rep/plots/*.png >/dev/null
	LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$dest/usr/share/man/man1/capreport.1" | grep -q "capreport cache"
	make -s -C "$ROOT" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null
	[ -z "$(find "$dest" ! -type d)" ]
}

@test "text on a terminal fits COLUMNS with … and is coloured; NO_COLOR, files and pipes get plain full tables" {
	# Long paths make a wide table.
	d="$BATS_TEST_TMPDIR/a-rather-long-folder-name-for-captures/and-another-level"
	mkdir -p "$d"
	cp -p "$WORK/mixed.pcapng" "$WORK/mixed.pcapng.ip.csv" "$WORK/mixed.pcapng.ip.manifest" "$d/"
	sed -i "s|^capture=.*|capture=$d/mixed.pcapng|" "$d/mixed.pcapng.ip.manifest"
	plain=$("$CAPREPORT" -q cache list "$d")
	[ "$(head -1 <<<"$plain" | wc -L)" -gt 120 ]
	[[ "$plain" != *$'\033'* ]]
	[[ "$plain" != *…* ]]
	cmd="'$CAPREPORT' -q cache list '$d'"
	tty=$(COLUMNS=100 script -qec "$cmd" /dev/null | tr -d '\r')
	[[ "$tty" == *$'\033[1m'* ]]
	[[ "$tty" == *…* ]]
	# shellcheck disable=SC2001 # a regular expression, which ${var//} does not have
	stripped=$(sed 's/\x1b\[[0-9;]*m//g' <<<"$tty")
	[ "$(wc -L <<<"$stripped")" -le 100 ]
	# The numbers are untouched by fitting.
	rows=$(csv_body "$d/mixed.pcapng.ip.csv" | wc -l)
	grep -q " $rows " <<<"$stripped"
	nocolor=$(NO_COLOR=1 COLUMNS=100 script -qec "$cmd" /dev/null | tr -d '\r')
	[[ "$nocolor" != *$'\033'* ]]
	[ "$nocolor" = "$stripped" ]
	# -o FILE from a terminal: the full table, no colour.
	COLUMNS=100 script -qec "'$CAPREPORT' -q cache list -o '$BATS_TEST_TMPDIR/list.txt' '$d'" /dev/null >/dev/null
	[ "$(cat "$BATS_TEST_TMPDIR/list.txt")" = "$plain" ]
}

@test "human units in text, exact bytes in CSV and JSON equal tshark's endpoint bytes; --no-header drops the header" {
	c="$WORK/mixed.pcapng"
	"$CAPREPORT" -q endpoints "$c" | awk 'NR > 1' | grep -qE '^[^ ]+ +[0-9]+ +[0-9.]+ kB '
	"$CAPREPORT" -q endpoints --raw "$c" | awk 'NR > 1' | grep -qvE ' kB '
	"$CAPREPORT" -q endpoints -f csv --no-header "$c" | cut -d, -f1-7 | sort >"$BATS_TEST_TMPDIR/ours"
	tshark_endpoints "$c" >"$BATS_TEST_TMPDIR/tshark"
	[ -s "$BATS_TEST_TMPDIR/tshark" ]
	diff "$BATS_TEST_TMPDIR/tshark" "$BATS_TEST_TMPDIR/ours"
	"$CAPREPORT" -q endpoints -f json "$c" | jq -r '.[] | [.addr, .packets, .bytes, .tx_packets, .tx_bytes, .rx_packets, .rx_bytes] | join(",")' |
		sort | diff "$BATS_TEST_TMPDIR/tshark" -
	[ "$("$CAPREPORT" -q endpoints --no-header "$c" | wc -l)" -eq "$(wc -l <"$BATS_TEST_TMPDIR/tshark")" ]
	[ "$("$CAPREPORT" -q endpoints "$c" | head -1 | awk '{ print $1 }')" = addr ]
}

@test "README quick tour: every command runs on the samples; the sqlite and awk lines agree with tshark" {
	mkdir -p "$BATS_TEST_TMPDIR/tour/samples" "$BATS_TEST_TMPDIR/tour/bin"
	cp "$SAMPLES/mixed.pcapng" "$SAMPLES/mptcp.pcapng" "$SAMPLES/midnight-gap.pcap" "$BATS_TEST_TMPDIR/tour/samples/"
	cd "$BATS_TEST_TMPDIR/tour"
	ln -s "$CAPREPORT" bin/capreport
	export PATH="$PWD/bin:$PATH"
	# As a user runs them: the default engine.
	unset CAPREPORT_ENGINE
	n=0
	# shellcheck disable=SC2016 # sed addresses: $ is the end of the line
	while IFS= read -r line; do
		out=$(eval "$line")
		case $line in
		sqlite3*) sq=$out ;;
		awk*) aw=$out ;;
		esac
		n=$((n + 1))
	done < <(sed -n '/^## Quick tour/,/^## /p' "$ROOT/README.md" | sed -n '/^```sh$/,/^```$/p' | grep -E '^(capreport|sqlite3|awk) ')
	[ "$n" -ge 7 ]
	[ -f mixed.xlsx ]
	[ -f mixed-report/index.html ]
	# Bytes sent per IPv4 source and packets per IPv4 source, from tshark itself.
	want=$(tshark -n -r samples/mixed.pcapng -T fields -E occurrence=f -e ip.src -e frame.len 2>/dev/null |
		awk -F'\t' '$1 != "" { b[$1] += $2 } END { for (a in b) print a "|" b[a] }' | sort -t'|' -k2,2nr | head -3)
	[ "$sq" = "$want" ]
	want=$(tshark -n -r samples/mixed.pcapng -T fields -E occurrence=f -e ip.src 2>/dev/null |
		awk '$1 != "" { n[$1]++ } END { for (a in n) print n[a], a }' | sort -rn | head -3)
	[ "$aw" = "$want" ]
}
