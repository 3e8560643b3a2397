#!/bin/sh
# golden-report.sh - the golden .gp and .dat files of the report's plots, for samples/mixed.pcapng.
#   scripts/golden-report.sh          regenerate tests/golden/report/ (after a reviewed change to a plot)
#   scripts/golden-report.sh --check [DIR]  compare a fresh report (or the report in DIR, made from
#                                     mixed.pcapng) with them; print the diff, exit 1 if they differ
# The template's absolute path in each .gp's first line is written as templates/NAME.
set -eu
cd "$(dirname "$0")/.."
BIN=${CAPREPORT:-$PWD/build/capreport}
GOLDEN=tests/golden/report
export TZ=UTC LC_ALL=C

tmp=$(mktemp -d "${TMPDIR:-/tmp}/golden-report.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
rep=${2:-}
if [ -z "$rep" ]; then
	rep=$tmp/rep
	cp samples/mixed.pcapng "$tmp/"
	status=0
	"$BIN" -q report --no-workbook -o "$rep" "$tmp/mixed.pcapng" >/dev/null || status=$?
	# 7: gnuplot missing; the .gp and .dat files are written all the same.
	if [ "$status" -ne 0 ] && [ "$status" -ne 7 ]; then
		echo "golden-report: capreport report failed (exit $status)" >&2
		exit 1
	fi
fi
mkdir -p "$tmp/new"
for f in "$rep"/plots/mixed-*.gp "$rep"/plots/mixed-*.dat; do
	sed 's|from the template .*/templates/|from the template templates/|' "$f" >"$tmp/new/$(basename "$f")"
done

if [ "${1:-}" = --check ]; then
	diff -ru "$GOLDEN" "$tmp/new"
	exit $?
fi
rm -rf "$GOLDEN"
mkdir -p "$GOLDEN"
cp "$tmp"/new/* "$GOLDEN"/
echo "golden-report: $(find "$GOLDEN" -mindepth 1 -maxdepth 1 -name '[!.]*' | wc -l) files written to $GOLDEN"
