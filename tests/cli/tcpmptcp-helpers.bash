# tcpmptcp-helpers.bash - tshark oracles and plot checks shared by tcp.bats and mptcp.bats.

# The preferences of the mptcp profile (DESIGN.md), so tshark's own analysis is comparable.
MPTCP_PREFS=(-o tcp.analyze_sequence_numbers:TRUE -o tcp.relative_sequence_numbers:TRUE
	-o mptcp.analyze_mptcp:TRUE -o mptcp.relative_sequence_numbers:TRUE
	-o mptcp.analyze_mappings:TRUE -o mptcp.intersubflows_retransmission:TRUE)

# The fields every oracle below reads, one tab-separated line per frame, in this order.
ORACLE_FIELDS=(frame.number tcp.stream mptcp.stream ip.src ipv6.src tcp.srcport tcp.dstport
	frame.len tcp.len tcp.seq tcp.flags tcp.options.mptcp.subtype tcp.options.mptcp.version
	tcp.options.mptcp.ipv4 tcp.options.mptcp.ipv6 tcp.options.mptcp.rawdataseqno
	tcp.options.mptcp.subflowseqno tcp.options.mptcp.datafin.flag mptcp.reinjection_of
	tcp.analysis.retransmission tcp.analysis.ack_rtt tcp.analysis.initial_rtt
	tcp.analysis.bytes_in_flight icmp.type icmpv6.type)

# oracle CAPTURE OUT: tshark's own two-pass dissection of every TCP frame (run once per file).
oracle() {
	local e=() f
	for f in "${ORACLE_FIELDS[@]}"; do e+=(-e "$f"); done
	WIRESHARK_CONFIG_DIR=$(mktemp -d) tshark -n -2 -r "$1" "${MPTCP_PREFS[@]}" -Y tcp -T fields \
		-E occurrence=a -E aggregator=';' "${e[@]}" 2>/dev/null >"$2"
	[ -s "$2" ]
}

# col NAME: the awk column number of an oracle field.
col() {
	local i=1 f
	for f in "${ORACLE_FIELDS[@]}"; do
		[ "$f" = "$1" ] && { echo "$i"; return; }
		i=$((i + 1))
	done
	return 1
}

# png_pixels PNG RRGGBB: how many pixels near that colour, in one pixel of
# four (every 2:2), read back by gnuplot (libgd): a blank or unreadable image gives 0.
png_pixels() {
	local table=$BATS_TEST_TMPDIR/px.$$.txt r=$((16#${2:0:2})) g=$((16#${2:2:2})) b=$((16#${2:4:2}))
	gnuplot -e "set table '$table'; plot '$1' binary filetype=png every 2:2 with rgbimage" 2>/dev/null || { echo 0; return; }
	awk -v r="$r" -v g="$g" -v b="$b" 'NF >= 5 && $1 !~ /^#/ {
		d = ($3 > r ? $3 - r : r - $3) + ($4 > g ? $4 - g : g - $4) + ($5 > b ? $5 - b : b - $5)
		if (d <= 60) n++ } END { print n + 0 }' "$table"
	rm -f "$table"
}

# A csv column by header name: csv_col FILE NAME prints that column without the header.
csv_col() {
	awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' "$1"
}
