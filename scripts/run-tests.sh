#!/bin/sh
# run-tests.sh - every test under one prove run: GTest unit tests and bats CLI tests.
# BUILD=build-san runs them against the sanitizer build (make SANITIZE=address,undefined):
# any ASan or UBSan report stops the program with a stack trace, so its test fails.
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
for t in tests/cli/*.bats; do
	# The browser test checks the pages' HTML and script in chromium; the sanitizer pass already
	# builds the same reports in report.bats, so it leaves chromium's minute to the normal pass.
	if [ "$BUILD" = build-san ] && [ "$t" = tests/cli/report-browser.bats ]; then
		echo "run-tests: $t runs in the normal pass only (it tests the pages in chromium, not capreport's memory)"
		continue
	fi
	tests="$tests $t"
done
# shellcheck disable=SC2086
exec prove -j"$JOBS" --timer --exec tests/run-one $tests
