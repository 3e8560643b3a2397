# helpers.bash - shared setup for the CLI tests: a scratch copy of the samples, tshark oracles.
export TZ=UTC LC_ALL=C
# `run ! CMD`: a test that expects CMD to fail says so with run, or with no_match for grep (a
# bare `! CMD` fails nothing in bats unless it is the test's last line; `make lint` refuses it).
bats_require_minimum_version 1.5.0
# The user's configuration file never changes what a test sees (config.bats sets its own).
export CAPREPORT_CONFIG=/dev/null
ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
CAPREPORT=${CAPREPORT:-$ROOT/build/capreport}
SAMPLES=$ROOT/samples

# The captures every cross-check runs on.
# shellcheck disable=SC2034 # used by the test files that load this one
GOOD_CAPTURES="mixed.pcapng mptcp.pcapng mptcp-v6-addaddr.pcapng midnight-gap.pcap small.pcap.gz"

# A private copy of the samples per test file, so caches never land in samples/.
copy_samples() {
	WORK=$(mktemp -d "${BATS_FILE_TMPDIR:-/tmp}/work.XXXXXX")
	cp -R "$SAMPLES"/. "$WORK"/
	# Only the samples themselves: caches from earlier runs would hide a test's subject.
	find "$WORK" \( -name '*.csv' -o -name '*.manifest' -o -name '.*.tmp-*' \) -delete
	export WORK
}

# tshark's endpoints as "addr,packets,bytes,txp,txb,rxp,rxb", sorted.
tshark_endpoints() {
	tshark -n -q -r "$1" -z endpoints,ip -z endpoints,ipv6 2>/dev/null |
		awk 'NF == 7 && $2 ~ /^[0-9]+$/ && ($1 ~ /\./ || $1 ~ /:/) { print $1","$2","$3","$4","$5","$6","$7 }' | sort
}

# tshark's IP conversations as "A,B,frames_ab,frames_ba" (A as tshark names it), sorted.
# Row: A <-> B  frames(<-) bytes unit  frames(->) bytes unit  total bytes unit  start dur
# "ip" means both families, as capreport's --by ip: tshark splits conv,ip and conv,ipv6.
tshark_conv() {
	local z="-z conv,$2"
	[ "$2" = ip ] && z="-z conv,ip -z conv,ipv6"
	# shellcheck disable=SC2086
	tshark -n -q -r "$1" $z 2>/dev/null |
		awk '$2 == "<->" && NF >= 14 { print $1","$3","$7","$4 }' | sort
}

# Sum of frame.len per unordered address pair, from tshark's own fields.
tshark_pair_bytes() {
	tshark -n -r "$1" -T fields -E occurrence=f -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e frame.len 2>/dev/null |
		awk -F'\t' '{ s = $1 != "" ? $1 : $3; d = $1 != "" ? $2 : $4; if (s == "") next;
			     k = s < d ? s","d : d","s; b[k] += $5 } END { for (k in b) print k","b[k] }' | sort
}

# The rows of a capreport CSV without its header.
csv_body() {
	tail -n +2 "$1"
}

# Fails, naming them, when a folder (or several) holds a temporary file ("tmp-" in its name)
# that an interrupted or failed write left behind. A folder that does not exist holds none.
no_tmp_files() {
	local d left=""
	for d in "$@"; do
		[ -d "$d" ] || continue
		left="$left$(find "$d" -mindepth 1 -maxdepth 1 -name '*tmp-*')"
	done
	[ -z "$left" ] || { echo "temporary files left behind: $left" >&2; return 1; }
}

# no_match GREP-ARGS...: fails unless grep reads every file and matches nothing (its status 1),
# showing what it found. (`run ! grep` would also pass on a file that does not exist.)
no_match() {
	local out st=0
	out=$(grep "$@" 2>&1) || st=$?
	[ "$st" -eq 1 ] || { echo "grep $*: status $st, want 1 (no match)${out:+:}" >&2; printf '%s\n' "$out" >&2; return 1; }
}

# make_scan FILE N: a pcap of N UDP packets, each from its own source (10.0.0.1 ...), to 4
# destinations; every 7th packet goes from one of 3 busy hosts instead, so the top is not only ties.
make_scan() {
	python3 - "$1" "$2" <<'PY'
import struct, sys
n = int(sys.argv[2])
out = bytearray(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
eth = b'\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00'
for i in range(n):
    pad = b'x' * (i % 13) if i % 7 == 0 else b''
    udp = struct.pack('>HHHH', 40000, 53, 12 + len(pad), 0) + b'scan' + pad
    src = 0xac100001 + i % 3 if i % 7 == 0 else 0x0a000001 + i
    ip = struct.pack('>BBHHHBBHII', 0x45, 0, 20 + len(udp), i & 0xffff, 0, 64, 17, 0,
                     src, 0xc0a80001 + (i & 3))
    frame = eth + ip + udp
    out += struct.pack('<IIII', 1700000000 + i // 1000, (i % 1000) * 1000, len(frame), len(frame)) + frame
open(sys.argv[1], 'wb').write(out)
PY
}

# logging_tshark DIR: DIR/bin/tshark is tshark itself (the real program does the work) that logs
# each field export it runs to DIR/tshark.log.
logging_tshark() {
	mkdir -p "$1/bin"
	cat >"$1/bin/tshark" <<SH
#!/bin/sh
case " \$* " in *" -T fields "*) echo "\$*" >>"$1/tshark.log" ;; esac
exec /usr/bin/tshark "\$@"
SH
	chmod +x "$1/bin/tshark"
}
