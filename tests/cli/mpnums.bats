#!/usr/bin/env bats
# mpnums.bats - TCP and MPTCP numbers that mean what they say, each against an independent computation from tshark's raw fields.
load helpers

setup_file() {
	copy_samples
	cp "$ROOT/tests/data/mptcp-reinject.pcapng" "$WORK/"
	# Every frame twice: each second copy is a retransmission of data already seen.
	mergecap -w "$WORK/twice.pcapng" "$WORK/mptcp.pcapng" "$WORK/mptcp.pcapng"
	# Connections reset with MP_TCPRST reasons 0 and 2.
	python3 "$ROOT/tests/data/make-mptcp-v0.py" "$WORK/tcprst.pcap" --tcprst
}

# raw CAPTURE [-o PREF|-Y FILTER]... FIELD...: tshark's own fields, tab-separated, with the mptcp
# profile's sequence settings.
raw() {
	local c=$1 e=()
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		-o | -Y) e+=("$1" "$2"); shift 2 ;;
		*) e+=(-e "$1"); shift ;;
		esac
	done
	WIRESHARK_CONFIG_DIR=$(mktemp -d) tshark -n -r "$c" -o tcp.analyze_sequence_numbers:TRUE \
		-o tcp.relative_sequence_numbers:TRUE -o mptcp.analyze_mptcp:TRUE -T fields \
		-E occurrence=f "${e[@]}" 2>/dev/null
}

# union_bytes: lines "KEY<TAB>LO<TAB>HI" → "KEY<TAB>bytes covered by the union of [LO, HI)" per key.
union_bytes() {
	sort -t"$(printf '\t')" -k1,1 -k2,2n | awk -F'\t' '
		$1 != k { if (k != "") print k "\t" sum + hi - lo; k = $1; lo = $2; hi = $3; sum = 0; next }
		$2 > hi { sum += hi - lo; lo = $2; hi = $3; next }
		$3 > hi { hi = $3 }
		END { if (k != "") print k "\t" sum + hi - lo }'
}

@test "the mptcp export runs tshark without mptcp.intersubflows_retransmission and without the fields only it fills" {
	logging_tshark "$WORK"
	c="$WORK/mptcp.pcapng"
	PATH="$WORK/bin:$PATH" CAPREPORT_ENGINE=tshark "$CAPREPORT" -q export --profile mptcp "$c" >/dev/null
	[ -s "$WORK/tshark.log" ]
	run grep -c "intersubflows_retransmission\|reinjection_of\|reinjected_in" "$WORK/tshark.log"
	[ "$output" = 0 ]
	run grep -c "intersubflows_retransmission" "$c.mptcp.manifest"
	[ "$output" = 0 ]
	# A cache written with the old preference is regenerated, and says why.
	sed -i 's/^prefs=\(.*\)$/prefs=\1,mptcp.intersubflows_retransmission:TRUE/' "$c.mptcp.manifest"
	run env PATH="$WORK/bin:$PATH" CAPREPORT_ENGINE=tshark "$CAPREPORT" mptcp list "$c"
	[ "$status" -eq 0 ]
	[[ "$output" == *"regenerating the cache"*"preferences differ"* ]]
}

# bats test_tags=sanitize
@test "tcp summary goodput: the payload of each sequence number once, from tcp.seq and tcp.len" {
	for c in mptcp-reinject.pcapng mptcp.pcapng mixed.pcapng twice.pcapng; do
		raw "$WORK/$c" tcp.stream ip.src ipv6.src tcp.srcport tcp.seq tcp.len |
			awk -F'\t' '$6 > 0 { print $1 "/" $2 $3 ":" $4 "\t" $5 "\t" $5 + $6 }' | union_bytes >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		"$CAPREPORT" -q tcp summary all -f csv "$WORK/$c" | csv_body - |
			awk -F, '{ sub(/^\[/, "", $3); sub(/\]:/, ":", $3); if ($8 > 0) print $1 "/" $3 "\t" $8 }' |
			sort >"$BATS_TEST_TMPDIR/ours"
		sort "$BATS_TEST_TMPDIR/theirs" -o "$BATS_TEST_TMPDIR/theirs"
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
}

# bats test_tags=sanitize
@test "tcp plot tput: each row is the payload of the window ending there over the window's length, the first ones too" {
	for c in mptcp.pcapng mptcp-reinject.pcapng; do
		rm -rf "$BATS_TEST_TMPDIR/p"
		"$CAPREPORT" -q tcp plot 0 tput --direction ab --window 0.1 --plot-dir "$BATS_TEST_TMPDIR/p" "$WORK/$c"
		raw "$WORK/$c" -o tcp.calculate_timestamps:TRUE -Y 'tcp.stream == 0 && tcp.len > 0' \
			ip.src tcp.srcport tcp.time_relative tcp.len >"$BATS_TEST_TMPDIR/pkts"
		# A is the source of the stream's first frame.
		a=$(raw "$WORK/$c" -Y 'tcp.stream == 0' ip.src tcp.srcport | head -1)
		awk -F'\t' -v a="$a" '$1 "\t" $2 == a { print $3, $4 }' "$BATS_TEST_TMPDIR/pkts" >"$BATS_TEST_TMPDIR/ab"
		[ -s "$BATS_TEST_TMPDIR/ab" ]
		# One row per data packet, in order: row k is packet k and the packets before it less than 0.1 s earlier.
		awk 'NR == FNR { t[NR] = $1; l[NR] = $2; n = NR; next }
			/^#/ || $1 == "NaN" { next }	# a NaN row breaks the line across a silence
			{ k++; if (k > n || $1 - t[k] > 1e-5 || t[k] - $1 > 1e-5) { print "row " k " at " $1 " is not packet " k; bad++; exit }
			  sum = 0
			  for (j = k; j >= 1 && t[j] > t[k] - 0.1; j--) sum += l[j]
			  want = sum * 8 / 0.1
			  if ($2 - want > 1e-6 * want + 1 || want - $2 > 1e-6 * want + 1) { print "at " $1 ": " $2 " instead of " want; bad++ } }
			END { if (k != n) print k " rows for " n " packets"; exit bad > 0 || k != n }' \
			"$BATS_TEST_TMPDIR/ab" "$BATS_TEST_TMPDIR/p/tcp-0-tput.tput.dat" | head -5 >"$BATS_TEST_TMPDIR/bad"
		cat "$BATS_TEST_TMPDIR/bad"
		[ ! -s "$BATS_TEST_TMPDIR/bad" ]
	done
}

# bats test_tags=sanitize
@test "mptcp events: each MP_TCPRST with its reason code (tcp.options.mptcp.rst_reason) and the RFC 8684 name, 0 too" {
	raw "$WORK/tcprst.pcap" -Y 'tcp.options.mptcp.subtype == 8' frame.number tcp.options.mptcp.rst_reason |
		awk -F'\t' 'BEGIN { split("unspecified,MPTCP-specific error,lack of resources,administratively prohibited," \
			"too much outstanding data,unacceptable performance,middlebox interference", n, ",") }
			{ h = tolower(substr($2, 3)); r = 0
			  for (i = 1; i <= length(h); i++) r = r * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
			  print $1 ",reason " r ": " n[r + 1] }' >"$BATS_TEST_TMPDIR/theirs"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -eq 2 ]
	"$CAPREPORT" -q mptcp events all -f csv "$WORK/tcprst.pcap" | awk -F, '$6 == "MP_TCPRST" { print $3 "," $7 }' >"$BATS_TEST_TMPDIR/ours"
	diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
}

# bats test_tags=sanitize
@test "mptcp list bytes: the DSN ranges of the data segments seen, each once, from rawdataseqno/subflowseqno/tcp.seq/tcp.len" {
	# Cut captures: their last mappings announce more data than the captured segments carry.
	editcap -r "$WORK/mptcp.pcapng" "$WORK/cut.pcapng" 1-600
	editcap -r "$WORK/mptcp-reinject.pcapng" "$WORK/cutr.pcapng" 1-900
	for c in cut.pcapng cutr.pcapng mptcp.pcapng mptcp-reinject.pcapng; do
		# iperf3 to port 5201, one connection: c2s is towards 5201. A segment's DSN is the mapping's
		# plus its offset in the subflow; the data of the MP_CAPABLE third ACK (no DSN in the option)
		# takes the offset of the next mapping of its subflow and direction.
		raw "$WORK/$c" -Y 'tcp.len > 0' tcp.stream tcp.dstport tcp.seq tcp.len tcp.options.mptcp.rawdataseqno \
			tcp.options.mptcp.subflowseqno tcp.options.mptcp.dseqn8.flag | python3 -c '
import sys
rows = [l.rstrip("\n").split("\t") for l in sys.stdin]
off, segs = {}, {"c2s": [], "s2c": []}
for st, dp, seq, ln, dsn, ssn, d8 in rows:
    if dsn:
        assert d8 == "1", "a 4-byte DSN: not handled here"
        off.setdefault((st, dp), int(dsn) - int(ssn))
for st, dp, seq, ln, dsn, ssn, d8 in rows:
    o = int(dsn) - int(ssn) if dsn else off[(st, dp)]
    segs["c2s" if dp == "5201" else "s2c"].append((o + int(seq), o + int(seq) + int(ln)))
out = []
for d in ("c2s", "s2c"):
    total, hi = 0, None
    for a, b in sorted(segs[d]):
        if hi is None or a > hi:
            total, hi = total + b - a, b
        elif b > hi:
            total, hi = total + b - hi, b
    out.append(str(total))
print(",".join(out))' >"$BATS_TEST_TMPDIR/theirs"
		"$CAPREPORT" -q mptcp list -f csv "$WORK/$c" | csv_body - | cut -d, -f11,12 >"$BATS_TEST_TMPDIR/ours"
		diff -u "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
	done
}

# bats test_tags=sanitize
@test "mptcp subflows: ACK RTT per direction (min/avg/max of tcp.analysis.ack_rtt on the peer's ACKs), never pooled" {
	for c in mptcp.pcapng mptcp-v6-addaddr.pcapng mptcp-reinject.pcapng; do
		"$CAPREPORT" -q mptcp subflows all -f csv "$WORK/$c" | csv_body - >"$BATS_TEST_TMPDIR/sf"
		[ -s "$BATS_TEST_TMPDIR/sf" ]
		# An ACK sent by the server times the client's data (c2s), and the other way round.
		raw "$WORK/$c" -Y tcp.analysis.ack_rtt tcp.stream ip.src ipv6.src tcp.srcport tcp.analysis.ack_rtt |
			awk -F'\t' 'NR == FNR { split($0, f, ","); client[f[2]] = f[3] ":" f[4]; next }
				($1 in client) { d = ($2 $3 ":" $4 == client[$1]) ? "s2c" : "c2s"; k = $1 "," d; v = $5 * 1000
				  if (!(k in n) || v < lo[k]) lo[k] = v; if (!(k in n) || v > hi[k]) hi[k] = v; n[k]++; sum[k] += v }
				END { for (k in n) printf "%s,%.6f,%.6f,%.6f\n", k, lo[k], sum[k] / n[k], hi[k] }' \
				"$BATS_TEST_TMPDIR/sf" - | sort >"$BATS_TEST_TMPDIR/theirs"
		[ -s "$BATS_TEST_TMPDIR/theirs" ]
		awk -F, '{ if ($17 != "") print $2 ",c2s," $17 "," $18 "," $19
			   if ($20 != "") print $2 ",s2c," $20 "," $21 "," $22 }' "$BATS_TEST_TMPDIR/sf" |
			sort >"$BATS_TEST_TMPDIR/ours"
		# the same rows; values equal to the microsecond the CSV prints
		paste -d, "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours" | awk -F, '
			$1 != $6 || $2 != $7 { print "row " NR ": " $0; bad++; next }
			{ for (i = 3; i <= 5; i++) if ($i - $(i + 5) > 2e-6 || $(i + 5) - $i > 2e-6) { print "row " NR ": " $0; bad++; next } }
			END { exit bad > 0 }'
		[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -eq "$(wc -l <"$BATS_TEST_TMPDIR/ours")" ]
	done
}
