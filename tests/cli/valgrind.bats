#!/usr/bin/env bats
# valgrind.bats - one full `capreport report` under valgrind's memcheck, of three inputs that
# between them reach every section (pcapng with IPv4/IPv6, MPTCP, tcpdump text):
# no invalid read or write, no use of uninitialised memory, no leak (definite or possible).
load helpers

@test "a full report (pcapng, MPTCP, tcpdump text) under valgrind: no memory error, no leak" {
	[ -z "${CAPREPORT_SANITIZED:-}" ] || skip "valgrind cannot run a binary built with AddressSanitizer"
	copy_samples
	log=$BATS_TEST_TMPDIR/valgrind.log
	# gnuplot and tshark run as children, outside valgrind: only capreport is checked
	run valgrind --leak-check=full --error-exitcode=1 --num-callers=30 --suppressions="$ROOT/tests/valgrind.supp" \
		--log-file="$log" "$CAPREPORT" -q report -o "$WORK/rep" \
		"$WORK/mixed.pcapng" "$WORK/mptcp.pcapng" "$WORK/midnight-gap-A.txt"
	tail -n 15 "$log"	# shown when the test fails
	[ "$status" -eq 0 ]
	grep -q 'ERROR SUMMARY: 0 errors from 0 contexts' "$log"
	grep -q 'definitely lost: 0 bytes in 0 blocks' "$log" || grep -q 'All heap blocks were freed' "$log"
	# it really was a full report: a page and a workbook per capture, every plot drawn
	[ "$(find "$WORK/rep" -maxdepth 1 -name '[!.]*.xlsx' | wc -l)" -eq 3 ]
	# the TCP and MPTCP sections ran too, with a page for the MPTCP connection
	[ -s "$WORK/rep/mixed-tcp.html" ]
	[ -s "$WORK/rep/mptcp-mptcp-0.html" ]
	for x in "$WORK/rep"/*.xlsx; do
		[ -s "${x%.xlsx}.html" ]
	done
	[ "$(find "$WORK/rep/plots" -name '*.png' | wc -l)" -ge 30 ]
	[ -z "$(find "$WORK/rep/plots" -name '*.gp' -exec sh -c '[ -s "${1%.gp}.png" ] || echo "$1"' _ {} \;)" ]
}
