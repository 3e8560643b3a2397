#!/bin/sh
# run-tests.sh - every test under one prove run: GTest unit tests and bats CLI tests.
# BUILD=build-san runs them against the sanitizer build.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export CAPREPORT="$PWD/$BUILD/capreport"
export TZ=UTC LC_ALL=C
JOBS=${JOBS:-2}

tests=""
for t in "$BUILD"/tests/*; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] && tests="$tests $t"
done
for t in tests/cli/*.bats; do
	tests="$tests $t"
done
# shellcheck disable=SC2086
exec prove -j"$JOBS" --timer --exec tests/run-one $tests
