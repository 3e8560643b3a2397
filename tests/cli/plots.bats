#!/usr/bin/env bats
# plots.bats - plots that stay readable at any scale: every plot kind drawn for a bigger capture
# and for a one-packet one without a gnuplot warning (an empty series is one), the DSN plot's
# subflows and reinjections found in its pixels, plot and file names safe whatever the capture is called.

load helpers

PNGCHECK=$BATS_TEST_DIRNAME/pngcheck.py

setup_file() {
	copy_samples
	# bigger: the samples merged in time order; one: the first packet of mixed.pcapng
	mergecap -w "$WORK/big.pcapng" "$WORK/mixed.pcapng" "$WORK/mptcp.pcapng" "$WORK/mptcp-v6-addaddr.pcapng"
	editcap -r "$WORK/mixed.pcapng" "$WORK/one.pcapng" 1
	cp "$ROOT/tests/data/mptcp-reinject.pcapng" "$WORK/reinject.pcapng"
}

# Every plot of a capture: the plot commands, tcp and mptcp plots of every kind, the report.
# Fails when a command fails for another reason than "nothing to plot" (exit 3) or when gnuplot
# says anything (-v prints what it said, "skipping data file with no valid points" among it).
plot_everything() {
	local cap=$1 out=$2 cmd kind
	mkdir -p "$out"
	for cmd in heatmap talkers protocols sizes ports parallel throughput; do
		run -0 "$CAPREPORT" -v "$cmd" --plot "$out/$cmd.png" "$cap"
		no_match 'said:|warning' <<<"$output"
	done
	run -0 "$CAPREPORT" -v timeline --plot "$out/timeline" "$cap"
	no_match 'said:|warning' <<<"$output"
	for kind in seq rtt tput inflight; do
		run "$CAPREPORT" -v tcp plot all "$kind" --plot-dir "$out/tcp" "$cap"
		[[ $status -eq 0 || $status -eq 3 ]]
		no_match 'said:|warning' <<<"$output"
	done
	for kind in dsn interarrival tput reinject-delay; do
		run "$CAPREPORT" -v mptcp plot all "$kind" --plot-dir "$out/mptcp" "$cap"
		[[ $status -eq 0 || $status -eq 3 ]]
		no_match 'said:|warning' <<<"$output"
	done
	run -0 "$CAPREPORT" -v report -o "$out/report" "$cap"
	no_match 'said:|warning' <<<"$output"
}

@test "every plot of a bigger capture is drawn without a gnuplot warning" {
	plot_everything "$WORK/big.pcapng" "$WORK/big-plots"
	[ -s "$WORK/big-plots/mptcp/mptcp-0-dsn.png" ]
	[ -s "$WORK/big-plots/tcp/tcp-0-seq.png" ]
}

@test "every plot of a one-packet capture is drawn without a gnuplot warning" {
	plot_everything "$WORK/one.pcapng" "$WORK/one-plots"
	[ -s "$WORK/one-plots/timeline/timeline-overview.png" ]
}

@test "the reinjection CDF of a connection without reinjections is not drawn: a sentence says so" {
	run "$CAPREPORT" mptcp plot 0 reinject-delay --plot-dir "$WORK/noreinj" "$WORK/mptcp.pcapng"
	[ "$status" -eq 3 ]
	[[ $output == *"no reinjections"* ]]
	[ ! -e "$WORK/noreinj/mptcp-0-reinject-delay.png" ]
}

@test "the DSN plot shows both subflows' colours and the reinjections' in its pixels" {
	run -0 "$CAPREPORT" mptcp plot 0 dsn --plot-dir "$WORK/dsn" "$WORK/reinject.pcapng"
	# the subflows' colours (plot-mptcp.c) and the palette's third colour, the reinjections'
	run -0 python3 "$PNGCHECK" --count 1f5fbf ff7f0e c0392b "$WORK/dsn/mptcp-0-dsn.png"
	read -r _ blue <<<"${lines[0]}"
	read -r _ orange <<<"${lines[1]}"
	read -r _ red <<<"${lines[2]}"
	# far more than a key's sample: the segments themselves (a vector of one segment's
	# length on a 1.5 MB axis is less than a pixel tall and draws almost nothing)
	[ "$blue" -ge 400 ]
	[ "$orange" -ge 400 ]
	[ "$red" -ge 600 ]
	# the 125 reinjections are counted in the key, drawn after (on top of) the subflows
	grep -q "reinjections (125)" "$WORK/dsn/mptcp-0-dsn.gp"
	run -0 grep -n "with points" "$WORK/dsn/mptcp-0-dsn.gp"
	[[ ${lines[-1]} == *"reinjections"* ]]
}

@test "time labels differ from each other on a short capture" {
	run -0 "$CAPREPORT" timeline --bin 100ms --plot "$WORK/short" "$WORK/mptcp.pcapng"
	# seconds (or finer) on the axis, and in the title: never "22:56 to 22:56"
	grep -q "%H:%M:%" "$WORK/short/timeline-overview.gp"
	run -0 grep -o "[0-9:]* to [0-9-]* [0-9:]* UTC" "$WORK/short/timeline-overview.gp"
	read -r from _ _ to _ <<<"$output"
	[ "$from" != "$to" ]
}

@test "a day's bars are at least 2 px wide: the chart covers the active part of the day" {
	run -0 "$CAPREPORT" timeline --bin 10s --plot "$WORK/day" "$WORK/mptcp.pcapng"
	gp=$(ls "$WORK"/day/timeline-2*.gp)
	min=$(sed -n 's/.*set xrange \[\([0-9.]*\):.*/\1/p' "$gp")
	max=$(sed -n 's/.*set xrange \[[0-9.]*:\([0-9.]*\)\].*/\1/p' "$gp")
	width=$(sed -n 's/.*set boxwidth \([0-9.e+-]*\) absolute.*/\1/p' "$gp")
	# the plot area is about 1060 px wide
	awk -v w="$width" -v a="$min" -v b="$max" 'BEGIN { exit !(w / (b - a) * 1060 >= 2) }'
}

@test "byte axes in kB/MB/GB on the sequence and DSN plots" {
	run -0 "$CAPREPORT" tcp plot 0 seq --plot-dir "$WORK/units" "$WORK/mptcp.pcapng"
	grep -q "set format y '%.1s %cB'" "$WORK/units/tcp-0-seq.gp"
	no_match "'%.0f'" <"$WORK/units/tcp-0-seq.gp"
}

@test "captures named (x), [y] and -z keep their plots; no plot file starts with -" {
	mkdir "$WORK/names"
	for n in '(x)' '[y]' '-z'; do
		cp "$WORK/mptcp.pcapng" "$WORK/names/$n.pcapng"
	done
	cd "$WORK/names"
	run -0 "$CAPREPORT" report -o out './(x).pcapng' './[y].pcapng' ./-z.pcapng
	run -0 find out -name '-*'
	[ -z "$output" ]
	[ "$(find out/plots -name '*.png' | wc -l)" -ge 30 ]
	run -0 "$CAPREPORT" heatmap --plot ./-h.png ./-z.pcapng
	run -0 find . -maxdepth 1 -name '*h.png'
	[ -n "$output" ]
}
