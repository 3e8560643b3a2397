#!/usr/bin/env bats
# config.bats - the configuration file: precedence, errors with file:line, custom profiles, --group-by, cache policy.
load helpers

setup_file() {
	copy_samples
	# A private configuration and cache folder: nothing from the machine's user leaks in.
	export XDG_CONFIG_HOME="$WORK/xdg-config" XDG_CACHE_HOME="$WORK/xdg-cache"
	mkdir -p "$XDG_CONFIG_HOME/capreport" "$XDG_CACHE_HOME" "$WORK/bin"
	# tshark itself, with a log of each export it runs (the real program does the work).
	cat >"$WORK/bin/tshark" <<SH
#!/bin/sh
case " \$* " in *" -T fields "*) echo "\$*" >>"$WORK/tshark.log" ;; esac
exec /usr/bin/tshark "\$@"
SH
	chmod +x "$WORK/bin/tshark"
	# tshark's own view of the fields the custom profile adds, read once.
	tshark -n -r "$WORK/mixed.pcapng" -T fields -E aggregator=';' -e frame.len -e dns.qry.name -e http.host \
		-e ip.proto -e udp.stream 2>/dev/null >"$WORK/oracle.tsv"
}

setup() {
	unset CAPREPORT_CONFIG CAPREPORT_GNUPLOT CAPREPORT_TEMPLATES CAPREPORT_PLOT_SIZE CAPREPORT_ENGINE
}

cr() {
	PATH="$WORK/bin:$PATH" "$CAPREPORT" "$@"
}

exports() {
	[ -f "$WORK/tshark.log" ] && grep -c -- "$1" "$WORK/tshark.log" || echo 0
}

# The value and origin of one setting from `capreport config -f json`: "VALUE|ORIGIN".
setting() {
	jq -r --arg s "$1" '.settings[] | select(.setting == $s) | "\(.value)|\(.origin)"'
}

write_config() {
	printf '%s\n' "$@" >"$BATS_TEST_TMPDIR/config"
	echo "$BATS_TEST_TMPDIR/config"
}

@test "precedence: default < file < command line, each origin named, with the file's line" {
	run cr config -f json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | setting top)" = "null|default" ]
	[ "$(echo "$output" | setting tshark)" = "tshark|default" ]
	[ "$(echo "$output" | setting cache)" = "beside|default" ]

	f=$(write_config '# defaults for this machine' '[output]' 'top = 7' '' '[tools]' 'tshark = /usr/bin/tshark' \
		'[cache]' 'policy = xdg' '[timeline]' 'bin = 5m')
	run cr config --config "$f" -f json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | setting top)" = "7|file" ]
	[ "$(echo "$output" | setting tshark)" = "/usr/bin/tshark|file" ]
	[ "$(echo "$output" | setting cache)" = "xdg|file" ]
	[ "$(echo "$output" | setting bin)" = "5m|file" ]
	[ "$(echo "$output" | jq -r '.settings[] | select(.setting == "top") | .where')" = "$f:3 [output] top" ]
	[ "$(echo "$output" | jq -r '.settings[] | select(.setting == "config") | .value')" = "$f" ]

	run cr --config "$f" config --top 3 --tshark /bin/false --no-cache -f json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | setting top)" = "3|command line" ]
	[ "$(echo "$output" | setting tshark)" = "/bin/false|command line" ]
	[ "$(echo "$output" | setting cache)" = "off|command line" ]
	[ "$(echo "$output" | setting bin)" = "5m|file" ]
}

@test "the file is found under XDG_CONFIG_HOME, CAPREPORT_CONFIG replaces it, --config replaces both; the environment beats the file" {
	printf '[output]\ntop = 4\n[tools]\ngnuplot = /usr/bin/gnuplot\n' >"$XDG_CONFIG_HOME/capreport/config"
	run cr config -f json
	[ "$(echo "$output" | setting top)" = "4|file" ]
	[ "$(echo "$output" | setting gnuplot)" = "/usr/bin/gnuplot|file" ]
	run env CAPREPORT_GNUPLOT=/opt/gp "$CAPREPORT" config -f json
	[ "$(echo "$output" | setting gnuplot)" = "/opt/gp|environment" ]
	f=$(write_config '[output]' 'top = 5')
	run env CAPREPORT_CONFIG="$f" "$CAPREPORT" config -f json
	[ "$(echo "$output" | setting top)" = "5|file" ]
	[ "$(echo "$output" | jq -r '.settings[] | select(.setting == "config") | .origin')" = environment ]
	g=$(mktemp "$BATS_TEST_TMPDIR/other.XXXX")
	printf '[output]\ntop = 6\n' >"$g"
	run env CAPREPORT_CONFIG="$f" "$CAPREPORT" --config "$g" config -f json
	[ "$(echo "$output" | setting top)" = "6|file" ]
	rm "$XDG_CONFIG_HOME/capreport/config"
}

@test "a default file out of sight counts as none; a named file that cannot be read is an error" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as another user"
	d="$BATS_TEST_TMPDIR/private"
	mkdir -p "$d/capreport"
	printf '[output]\ntop = 1\n' >"$d/capreport/config"
	chmod 700 "$d"
	chmod 755 "$BATS_TEST_TMPDIR"
	as_nobody() {
		setpriv --reuid=65534 --regid=65534 --clear-groups env XDG_CONFIG_HOME="$d" "$CAPREPORT" "$@"
	}
	run as_nobody config -f json
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | setting top)" = "null|default" ]
	run as_nobody config --config "$d/capreport/config"
	[ "$status" -eq 2 ]
	[[ "$output" == *"cannot read the configuration '$d/capreport/config': Permission denied"* ]]
}

@test "the file's settings act: --top of lists, timeline's bin; the command line still wins" {
	c="$WORK/mixed.pcapng"
	f=$(write_config '[output]' 'top = 2' '[timeline]' 'bin = 1m')
	[ "$(cr -q endpoints --config "$f" -f csv "$c" | csv_body /dev/stdin | wc -l)" -eq 2 ]
	[ "$(cr -q endpoints --config "$f" --top 3 -f csv "$c" | csv_body /dev/stdin | wc -l)" -eq 3 ]
	all=$(cr -q endpoints -f csv "$c" | csv_body /dev/stdin | wc -l)
	[ "$all" -gt 3 ]
	# timeline lists every bin: the file's top does not refuse it, its bin is the file's.
	cr -q timeline --config "$f" --bins-only -f csv "$c" >"$BATS_TEST_TMPDIR/file.csv"
	cr -q timeline --bin 1m --bins-only -f csv "$c" >"$BATS_TEST_TMPDIR/cli.csv"
	cr -q timeline --bin 1s --bins-only -f csv "$c" >"$BATS_TEST_TMPDIR/1s.csv"
	cmp "$BATS_TEST_TMPDIR/file.csv" "$BATS_TEST_TMPDIR/cli.csv"
	run ! cmp -s "$BATS_TEST_TMPDIR/file.csv" "$BATS_TEST_TMPDIR/1s.csv"
	cr -q timeline --config "$f" --bin 1s --bins-only -f csv "$c" | cmp - "$BATS_TEST_TMPDIR/1s.csv"
	run cr timeline --config "$f" --top 2 "$c"
	[ "$status" -eq 2 ]
}

# bats test_tags=sanitize
@test "an unknown key, group or line is an error naming the file, the line and the key (exit 2)" {
	f=$(write_config '[tools]' 'tshark = tshark' '# comment' 'tshak = /usr/bin/tshark')
	run cr conversations --config "$f" "$WORK/mixed.pcapng"
	[ "$status" -eq 2 ]
	[[ "$output" == "capreport: '$f' line 4: unknown key 'tshak' in [tools]"* ]]
	f=$(write_config '[output]' 'top = 1' '[colours]' 'x = 1')
	run cr config --config "$f"
	[ "$status" -eq 2 ]
	[[ "$output" == *"'$f' line 3: unknown group [colours]"* ]]
	f=$(write_config '[output]' 'just some words')
	run cr config --config "$f"
	[ "$status" -eq 2 ]
	[[ "$output" == *"'$f' line 2: 'just some words' is not a key=value pair"* ]]
	f=$(write_config '[profile web]' 'fields = dns.qry.name' 'colour = red')
	run cr config --config "$f"
	[ "$status" -eq 2 ]
	[[ "$output" == *"'$f' line 3: unknown key 'colour' in [profile web]"* ]]
	# A file named on the command line must exist; the default one need not.
	run cr config --config "$BATS_TEST_TMPDIR/missing"
	[ "$status" -eq 2 ]
	[[ "$output" == *"cannot read the configuration '$BATS_TEST_TMPDIR/missing': No such file or directory"* ]]
}

# bats test_tags=sanitize
@test "a bad value is an error naming the file, the line and the key (exit 2)" {
	check() {	# LINE KEY-TEXT, then the file's lines
		local line=$1 text=$2
		shift 2
		f=$(write_config "$@")
		run cr config --config "$f"
		[ "$status" -eq 2 ]
		[[ "$output" == *"'$f' line $line: "*"$text"* ]] || { echo "$output"; return 1; }
	}
	check 3 "[output] top takes a positive number, not 'many'" '[output]' '' 'top = many'
	check 2 "[output] top takes a positive number, not '0'" '[output]' 'top = 0'
	check 2 "[cache] policy takes beside, xdg or off, not 'sometimes'" '[cache]' 'policy = sometimes'
	check 2 "[timeline] bin takes a bin size" '[timeline]' 'bin = 7m'
	check 2 "[plot] templates: cannot read the folder '/nonexistent'" '[plot]' 'templates = /nonexistent'
	check 3 "[profile web] base takes ip, tcp or mptcp, not 'udp'" '[profile web]' 'fields = dns.qry.name' 'base = udp'
	check 2 "[profile web] fields: 'dns qry' is not a tshark field name" '[profile web]' 'fields = dns qry'
	check 3 "[profile web] prefs: 'nocolon' is not name:value" '[profile web]' 'fields = ip.ttl' 'prefs = nocolon'
	check 1 "profile 'tcp' is built in" '[profile tcp]' 'fields = ip.ttl'
	check 2 "[plot] size takes WIDTHxHEIGHT in pixels" '[plot]' 'size = 800 by 300'
	check 2 "[plot] size takes WIDTHxHEIGHT in pixels" '[plot]' 'size = 20x20'
}

@test "a custom profile: export writes its extra columns, equal to tshark -T fields; auto reads it with tshark" {
	f=$(write_config '[profile web]' 'base = ip' 'fields = dns.qry.name; http.host')
	c="$WORK/mixed.pcapng"
	cr -q export --config "$f" --profile web -o "$BATS_TEST_TMPDIR/web.csv" "$c"
	head -1 "$BATS_TEST_TMPDIR/web.csv" | grep -q ',udp.stream,dns.qry.name,http.host$'
	# The two extra columns, row for row, against tshark's own export.
	python3 -c 'import csv,sys
for r in csv.reader(open(sys.argv[1])): print(r[-2] + "\t" + r[-1])' "$BATS_TEST_TMPDIR/web.csv" |
		tail -n +2 >"$BATS_TEST_TMPDIR/ours"
	cut -f2,3 "$WORK/oracle.tsv" >"$BATS_TEST_TMPDIR/theirs"
	grep -q 'www.example.com' "$BATS_TEST_TMPDIR/theirs"
	grep -q '8080' "$BATS_TEST_TMPDIR/theirs"
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	# The ip profile's columns come first, unchanged: frame.len as tshark says.
	python3 -c 'import csv,sys
for r in csv.reader(open(sys.argv[1])): print(r[2])' "$BATS_TEST_TMPDIR/web.csv" | tail -n +2 | cmp - <(cut -f1 "$WORK/oracle.tsv")
	# --engine auto (the default) cannot read custom fields natively: it says so and runs tshark.
	rm -f "$c".*.csv "$c".*.manifest
	run cr -v endpoints --config "$f" --group-by http.host "$c"
	[ "$status" -eq 0 ]
	[ -f "$c.web.csv" ]
	[[ "$output" == *"reads the profile 'web'"* ]]
	[[ "$output" == *"reading with tshark, not the native engine: it reads the ip profile's fields, not the web profile's"* ]]
	# The profile is listed by capreport config.
	run cr config --config "$f" -f json
	[ "$(echo "$output" | jq -r '.profiles[] | select(.profile == "web") | "\(.base) \(.extra_fields) \(.where)"')" = "ip dns.qry.name;http.host $f:1" ]
}

@test "a custom profile's extra columns reach the workbook's Packets sheet, cell for cell" {
	f=$(write_config '[profile web]' 'base = ip' 'fields = dns.qry.name; http.host')
	c="$WORK/mixed.pcapng"
	cr -q workbook --config "$f" --profile web -o "$BATS_TEST_TMPDIR/web.xlsx" "$c"
	cr -q export --config "$f" --profile web -o "$BATS_TEST_TMPDIR/web.csv" "$c"
	# every cell, the two extra columns included, equals the export (itself checked against tshark above)
	run /usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" rows "$BATS_TEST_TMPDIR/web.xlsx" Packets "$BATS_TEST_TMPDIR/web.csv"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "equal: "*" rows of 19 cells in 1 sheets;"* ]]
	/usr/bin/python3 "$BATS_TEST_DIRNAME/xlsx-read.py" dump "$BATS_TEST_TMPDIR/web.xlsx" >"$BATS_TEST_TMPDIR/web.json"
	jq -e '.sheet.Packets.rows[0][-2:] == ["dns.qry.name", "http.host"]' "$BATS_TEST_TMPDIR/web.json"
	# as many named DNS packets as tshark finds
	want=$(cut -f2 "$WORK/oracle.tsv" | grep -c .)
	[ "$want" -gt 0 ]
	[ "$(jq '[.sheet.Packets.rows[1:][] | .[-2] | select(. != null and . != "")] | length' "$BATS_TEST_TMPDIR/web.json")" -eq "$want" ]
	jq -e '[.sheet.Summary.rows[] | select(.[0] == "profile") | .[1]] == ["web"]' "$BATS_TEST_TMPDIR/web.json"
	run cr workbook --config "$f" --profile nope -o "$BATS_TEST_TMPDIR/x.xlsx" "$c"
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown profile 'nope'"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/x.xlsx" ]
}

@test "the cache key holds the profile's fields and prefs: changing either regenerates the cache" {
	c="$WORK/mixed.pcapng"
	rm -f "$c".*.csv "$c".*.manifest
	f=$(write_config '[profile web]' 'fields = dns.qry.name')
	n=$(exports mixed.pcapng)
	run cr export --config "$f" --profile web "$c"
	[ "$status" -eq 0 ]
	printf '%s\n' "${lines[@]}" | grep -qFx "$c.web.csv"
	grep -q '^fields=.*,dns.qry.name$' "$c.web.manifest"
	[ "$(exports mixed.pcapng)" -eq $((n + 1)) ]
	run cr export --config "$f" --profile web "$c"
	[[ "$output" == *"read from the cache"* ]]
	[ "$(exports mixed.pcapng)" -eq $((n + 1)) ]

	f=$(write_config '[profile web]' 'fields = dns.qry.name; ip.ttl')
	run cr export --config "$f" --profile web "$c"
	[ "$status" -eq 0 ]
	[[ "$output" == *"regenerating the cache '$c.web.csv': its field list differs from the profile's"* ]]
	[ "$(exports mixed.pcapng)" -eq $((n + 2)) ]
	head -1 "$c.web.csv" | grep -q ',dns.qry.name,ip.ttl$'

	f=$(write_config '[profile web]' 'fields = dns.qry.name; ip.ttl' 'prefs = tcp.analyze_sequence_numbers:FALSE')
	run cr export --config "$f" --profile web "$c"
	[[ "$output" == *"its tshark preferences differ from the profile's"* ]]
	[ "$(exports mixed.pcapng)" -eq $((n + 3)) ]
	grep -q '^prefs=tcp.analyze_sequence_numbers:FALSE$' "$c.web.manifest"
	grep -q -- '-o tcp.analyze_sequence_numbers:FALSE' "$WORK/tshark.log"
}

@test "an invalid field name is reported in tshark's own words (exit 5), and no cache is left" {
	c="$WORK/small.pcap.gz"
	f=$(write_config '[profile broken]' 'fields = dns.qry.name; no.such.field')
	run cr export --config "$f" --profile broken "$c"
	[ "$status" -eq 5 ]
	[[ "$output" == *"tshark failed on '$c'"*"Some fields aren't valid"*"no.such.field"* ]]
	[ ! -e "$c.broken.csv" ]
	no_tmp_files "$WORK"
	# An unknown profile is a usage error.
	run cr export --config "$f" --profile nope "$c"
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown profile 'nope'"* ]]
}

@test "--group-by: packets and bytes per value equal tshark's sums of frame.len per value" {
	f=$(write_config '[profile web]' 'fields = dns.qry.name; http.host')
	c="$WORK/mixed.pcapng"
	# tshark's side: a packet with several values counts once under each distinct one.
	oracle() {	# COLUMN of oracle.tsv
		awk -F'\t' -v col="$1" '$col != "" { n = split($col, v, ";"); split("", seen)
			for (i = 1; i <= n; i++) if (v[i] != "" && !(v[i] in seen)) { seen[v[i]] = 1; p[v[i]]++; b[v[i]] += $1 } }
			END { for (k in p) print k","p[k]","b[k] }' "$WORK/oracle.tsv" | sort
	}
	for field in dns.qry.name:2 http.host:3 ip.proto:4; do
		name=${field%:*} col=${field#*:}
		for cmd in endpoints conversations; do
			cr -q $cmd --config "$f" --group-by "$name" -f csv "$c" >"$BATS_TEST_TMPDIR/g.csv"
			head -1 "$BATS_TEST_TMPDIR/g.csv" | grep -q "^$name,"
			csv_body "$BATS_TEST_TMPDIR/g.csv" | cut -d, -f1,3,4 | sort >"$BATS_TEST_TMPDIR/ours"
			oracle "$col" >"$BATS_TEST_TMPDIR/theirs"
			[ -s "$BATS_TEST_TMPDIR/theirs" ]
			diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
		done
	done
	# ip.proto has ICMP errors quoting UDP: those packets count under 1 and under 17.
	grep -q $'\t1;17\t\|\t1;17$' "$WORK/oracle.tsv"
	# Conversations by UDP stream behind each DNS name: tshark's distinct udp.stream per name.
	cr -q conversations --config "$f" --by udp --group-by dns.qry.name -f csv "$c" | csv_body /dev/stdin |
		cut -d, -f1,2 | sort >"$BATS_TEST_TMPDIR/ours"
	awk -F'\t' '$2 != "" && $5 != "" { k = $2 SUBSEP $5; if (!(k in s)) { s[k] = 1; n[$2]++ } }
		END { for (d in n) print d","n[d] }' "$WORK/oracle.tsv" | sort >"$BATS_TEST_TMPDIR/theirs"
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
}

@test "--group-by errors: a field no profile has, the native engine, an input without the column" {
	c="$WORK/mixed.pcapng"
	run cr endpoints --group-by dns.qry.name "$c"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--group-by 'dns.qry.name': no profile has this field"* ]]
	run cr endpoints --engine native --group-by ip.proto "$c"
	[ "$status" -eq 2 ]
	f=$(write_config '[profile web]' 'fields = dns.qry.name')
	run cr endpoints --config "$f" --group-by dns.qry.name "$WORK/midnight-gap.txt"
	[ "$status" -eq 3 ]
	[[ "$output" == *"an input has no such column"* ]]
}

@test "cache policy: xdg writes under XDG_CACHE_HOME only, off writes nothing and runs tshark each time" {
	c="$WORK/small.pcap.gz"
	rm -rf "$c".*.csv "$c".*.manifest "$XDG_CACHE_HOME/capreport"/*small.pcap.gz*
	f=$(write_config '[cache]' 'policy = xdg')
	run cr export --config "$f" "$c"
	[ "$status" -eq 0 ]
	csv=$(printf '%s\n' "${lines[@]}" | grep -v '^capreport: ')
	[[ "$csv" == "$XDG_CACHE_HOME/capreport/"*"-small.pcap.gz.ip.csv" ]]
	[ -f "$csv" ]
	[ ! -e "$c.ip.csv" ]

	rm -rf "$XDG_CACHE_HOME/capreport"/*small.pcap.gz*
	f=$(write_config '[cache]' 'policy = off')
	n=$(exports small.pcap.gz)
	cr -q --config "$f" conversations --engine tshark -f csv "$c" >"$BATS_TEST_TMPDIR/a"
	cr -q --config "$f" conversations --engine tshark -f csv "$c" >"$BATS_TEST_TMPDIR/b"
	cmp "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	[ "$(exports small.pcap.gz)" -eq $((n + 2)) ]
	[ -z "$(find "$WORK" "$XDG_CACHE_HOME/capreport" -maxdepth 1 -name 'small.pcap.gz*csv*' 2>/dev/null)" ]
}

@test "the file's gnuplot, plot size and templates reach the plot code; --help lists --config" {
	f=$(write_config '[tools]' 'gnuplot = /nonexistent/gnuplot' '[plot]' 'size = 800x300')
	run cr timeline --config "$f" --plot "$BATS_TEST_TMPDIR/plots" -o /dev/null "$WORK/midnight-gap.pcap"
	[ "$status" -eq 7 ]
	ls "$BATS_TEST_TMPDIR/plots"/*.gp
	[ -z "$(find "$BATS_TEST_TMPDIR/plots" -name '*.svg')" ]
	# The file's plot size is in every script; without it, the built-in size.
	for gp in "$BATS_TEST_TMPDIR/plots"/*.gp; do grep -q 'set terminal svg size 800,300 ' "$gp"; done
	run cr timeline --plot "$BATS_TEST_TMPDIR/plots1" -o /dev/null "$WORK/midnight-gap.pcap"
	[ "$status" -eq 0 ]
	no_match -q 'size 800,300' "$BATS_TEST_TMPDIR/plots1"/*.gp
	# Templates: a folder whose timeline template is marked shows up in the written script.
	mkdir -p "$BATS_TEST_TMPDIR/tpl"
	for t in "$ROOT"/templates/timeline-*.gp; do
		{ echo '# marked by config.bats'; cat "$t"; } >"$BATS_TEST_TMPDIR/tpl/${t##*/}"
	done
	f=$(write_config '[report]' "templates = $BATS_TEST_TMPDIR/tpl")
	cr -q timeline --config "$f" --plot "$BATS_TEST_TMPDIR/plots2" -o /dev/null "$WORK/midnight-gap.pcap" || true
	grep -q 'marked by config.bats' "$BATS_TEST_TMPDIR/plots2"/*.gp
	run cr help endpoints
	[[ "$output" == *"--config FILE"* ]]
	[[ "$output" == *"--group-by FIELD"* ]]
}

@test "cache list judges a custom profile's cache by the configuration's profile" {
	f=$(write_config '[profile web]' 'fields = dns.qry.name')
	c="$WORK/mixed.pcapng"
	cr -q export --config "$f" --profile web -o /dev/null "$c"
	run cr cache list --config "$f" -f csv "$WORK"
	[ "$status" -eq 0 ]
	echo "$output" | grep -qx "$c.web.csv,$c,web,[0-9]*,[0-9]*,valid,"
	# without that profile it cannot be judged, and says why
	run cr cache list -f csv "$WORK"
	echo "$output" | grep -qF "$c.web.csv,$c,web,"
	echo "$output" | grep -q "unknown,profile 'web' is neither built in nor a \[profile\] of the configuration"
	# changing the profile's fields makes it stale
	f=$(write_config '[profile web]' 'fields = dns.qry.name; ip.ttl')
	run cr cache list --config "$f" -f csv "$WORK"
	echo "$output" | grep -q "^$c.web.csv,$c,web,.*,stale,"
}
