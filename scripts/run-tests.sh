#!/bin/sh
# run-tests.sh - the tests under one prove run: GLib unit tests and bats CLI tests.
# BUILD=build-san runs the unit tests and the CLI tests tagged `sanitize` against the sanitizer
# build (make SANITIZE=address,undefined): any ASan or UBSan report stops the program with a
# stack trace, so its test fails.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export CAPREPORT="$PWD/$BUILD/capreport"
export TZ=UTC LC_ALL=C
JOBS=${JOBS:-2}

if [ "$BUILD" = build-san ]; then
	# Tests that measure memory or rely on the normal build's speed skip themselves on this.
	export CAPREPORT_SANITIZED=1
	export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:print_stacktrace=1:detect_leaks=1:exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
	export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi

tests=""
for t in "$BUILD"/tests/*; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] && tests="$tests $t"
done
# The sanitizer pass runs the unit tests, the fuzz replays and the CLI tests tagged `sanitize`
# (bats --filter-tags, through tests/run-one): those that drive the parsers and writers (bad
# input, native decoding, tcpdump text, CSV and configuration reading, XLSX, report and table
# writing, limits, full disks). The rest check numbers against tshark and run the same code
# paths; the normal pass runs them all.
if [ "$BUILD" = build-san ]; then
	export CAPREPORT_BATS_TAGS=sanitize
fi
for t in tests/cli/*.bats; do
	if [ -n "${CAPREPORT_BATS_TAGS:-}" ] &&
		! grep -Eq "^# bats (file|test)_tags=(.*,)?$CAPREPORT_BATS_TAGS(,|\$)" "$t"; then
		continue
	fi
	tests="$tests $t"
done
if [ -n "${CAPREPORT_BATS_TAGS:-}" ]; then
	echo "run-tests: $BUILD: unit tests, and the CLI tests tagged '$CAPREPORT_BATS_TAGS' in:$(printf '%s' "$tests" | tr ' ' '\n' | grep '\.bats$' | sed 's|^tests/cli/| |' | tr -d '\n')"
fi
# shellcheck disable=SC2086 # one word per test file; the names have no spaces
# --failures --comments: a failing test is named with its diagnostics, not only counted
exec prove -j"$JOBS" --timer --failures --comments --exec tests/run-one $tests
