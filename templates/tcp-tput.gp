# tcp-tput.gp - throughput and goodput of one direction over a sliding window.
# Data: @TPUT@ holds "time throughput_bps goodput_bps" (window end times).
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
set xlabel 'time since the stream''s first packet (s)'
set ylabel 'bit/s (window @WINDOW@ s)'
set format y '%.1s%c'
set key above width 2
set grid
plot @TPUT@ using 1:2 with lines lw 2 lc rgb @C1@ title 'throughput', \
     @TPUT@ using 1:3 with lines lw 2 lc rgb @C2@ title 'goodput'
