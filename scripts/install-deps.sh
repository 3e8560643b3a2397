#!/bin/sh
# install-deps.sh - install the Debian packages capreport builds and tests with, only those missing.
# Idempotent; uses sudo when not root. Set CAPREPORT_NO_INSTALL=1 to only check.
set -eu

PACKAGES="build-essential pkg-config tshark gnuplot-nox libglib2.0-dev libcsv-dev libxlsxwriter-dev
libpcre2-dev zlib1g-dev libpcap-dev bats jq tcpdump python3 python3-openpyxl
bc time util-linux bsdutils groff-base man-db sqlite3"
# The workbook's second reader (tests/cli/xlsx.bats): about 55 packages, 2 minutes to install here.
PACKAGES="$PACKAGES libreoffice-calc-nogui"
# The report's browser test: Debian's chromium driven by playwright-core (npm, tests/browser/).
PACKAGES="$PACKAGES chromium nodejs"
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES npm"	# a nodejs that bundles npm needs no package
# make check: one full report under valgrind (tests/cli/valgrind.bats).
PACKAGES="$PACKAGES valgrind"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: every package is installed"
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
