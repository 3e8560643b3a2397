# mptcp-reinject-delay.gp - CDF of the delay between a segment's first transmission
# and its reinjection on another subflow.
# Data: @CDF@ holds "delay_ms fraction".
# @XAXIS@: the x label, and a log scale when the delays span more than two decades.
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
@XAXIS@
set ylabel 'fraction of reinjections'
set yrange [0:1]
set key above width 2
set grid
plot @PLOTS@
