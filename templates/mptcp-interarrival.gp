# mptcp-interarrival.gp - inter-arrival times of data segments (DSNs), per subflow and
# across subflows: histogram (log bins) on the left, CDF on the right.
# Data: @HIST@ holds "bin_ms count_all count_subflow..."; the CDF files hold "ms fraction".
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set multiplot layout 1,2 title @TITLE@
set logscale x
set grid
set key above width 2
set xlabel 'inter-arrival time (ms)'
set ylabel 'segments'
set style data histeps
plot @HISTPLOTS@
set ylabel 'fraction of segments'
set yrange [0:1]
set key above width 2
plot @CDFPLOTS@
unset multiplot
