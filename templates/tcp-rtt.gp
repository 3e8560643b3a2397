# tcp-rtt.gp - ACK round-trip times over time, per data direction.
# Data: @RTT@ holds "time rtt_ms direction" (0: A->B data, 1: B->A data).
# @YAXIS@: the y label, and a log scale when the RTTs span more than two decades.
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
set xlabel 'time since the stream''s first packet (s)'
@YAXIS@
set key above width 2
set grid
plot @RTT@ using 1:($3 == 0 ? $2 : NaN) with points pt 7 ps 0.5 lc rgb @C1@ title @LABEL_AB@, \
     @RTT@ using 1:($3 == 1 ? $2 : NaN) with points pt 7 ps 0.5 lc rgb @C2@ title @LABEL_BA@
