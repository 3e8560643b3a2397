# tcp-inflight.gp - bytes in flight (unacknowledged data) of one direction, as tshark computes them.
# Data: @INFLIGHT@ holds "time bytes".
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
set xlabel 'time since the stream''s first packet (s)'
set ylabel 'bytes in flight'
set format y '%.0f'
set key above width 2
set grid
plot @INFLIGHT@ using 1:2 with steps lw 1 lc rgb @C1@ title 'bytes in flight'
