# mptcp-tput.gp - throughput of each subflow, stacked, over windows of @WINDOW@ s.
# Data: @TPUT@ holds "time s0 s0+s1 ..." (bit/s, cumulative for stacking).
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
set xlabel 'time since the connection''s first packet (s)'
set ylabel 'bit/s (window @WINDOW@ s)'
set format y '%.1s%c'
set key above width 2
set grid
set style fill solid 1.0 noborder
plot @PLOTS@
