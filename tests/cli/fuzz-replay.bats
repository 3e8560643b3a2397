#!/usr/bin/env bats
# fuzz-replay.bats - every saved fuzz input (seeds and past crashes) still goes through its parser cleanly.
# bats file_tags=sanitize
load helpers

@test "every fuzz corpus replays through its harness without a crash" {
	bin=$(dirname "$CAPREPORT")/fuzz
	n=0
	for dir in "$ROOT"/tests/fuzz/corpus/*/; do
		name=$(basename "$dir")
		[ -x "$bin/replay-$name" ]
		run "$bin/replay-$name" "$dir"
		[ "$status" -eq 0 ]
		[[ "$output" == "replayed "[1-9]*" inputs" ]]
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
}
