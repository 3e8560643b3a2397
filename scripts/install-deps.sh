#!/bin/sh
# install-deps.sh - install the Debian packages capreport needs, only those missing.
#   install-deps.sh run    building and running capreport (make demo)
#   install-deps.sh test   that and the test tools (make check; the default)
# Idempotent and non-interactive; uses sudo when not root. Set CAPREPORT_NO_INSTALL=1 to only check.
set -eu

SET=${1:-test}
case "$SET" in
run | test) ;;
*)
	echo "usage: install-deps.sh [run|test]" >&2
	exit 2
	;;
esac

# Building and running: the compiler, the libraries, tshark (the default engine), gnuplot (the
# plots) and Graphviz (graph --plot and the report's graph card draw with dot).
PACKAGES="build-essential pkg-config libglib2.0-dev libxlsxwriter-dev libpcre2-dev zlib1g-dev
tshark gnuplot-nox graphviz"
if [ "$SET" = test ]; then
	# The tests: libcsv (the CSV reader's reference), the tshark and tcpdump oracles, bats, jq,
	# the workbook's reader (openpyxl), sqlite3 and awk of the README tour, script and setpriv
	# (util-linux, bsdutils), groff and man (make man-lint), ShellCheck (make lint).
	PACKAGES="$PACKAGES libcsv-dev libpcap-dev bats jq tcpdump python3 python3-openpyxl
bc time util-linux bsdutils unzip groff-base man-db sqlite3 shellcheck"
	# The workbook's second reader (tests/cli/xlsx.bats): about 55 packages, 2 minutes to install here.
	PACKAGES="$PACKAGES libreoffice-calc-nogui"
	# The report's browser test: Debian's chromium driven by playwright-core (npm, tests/browser/).
	PACKAGES="$PACKAGES chromium nodejs"
	command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"	# a nodejs that bundles npm needs no package
	# make check: one full report under valgrind (tests/cli/valgrind.bats).
	PACKAGES="$PACKAGES valgrind"
fi

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: every package of the $SET set is installed"
	exit 0
fi

echo "install-deps: will install:$missing"
if [ "${CAPREPORT_NO_INSTALL:-}" = 1 ]; then
	echo "install-deps: CAPREPORT_NO_INSTALL=1, not installing" >&2
	exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "install-deps: not root and no sudo: install as root:$missing" >&2
		exit 1
	fi
fi

# tshark asks whether non-root users may capture; answer no, without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists when they are missing or older than a day.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
	$SUDO apt-get update -q
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
echo "install-deps: done"
