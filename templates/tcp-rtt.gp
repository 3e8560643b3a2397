# tcp-rtt.gp - ACK round-trip times over time, per data direction.
# Data: @RTT@ holds "time rtt_ms direction" (0: A->B data, 1: B->A data).
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
set xlabel 'time since the stream''s first packet (s)'
set ylabel 'ACK RTT (ms)'
set key top right box opaque
set grid
plot @RTT@ using 1:($3 == 0 ? $2 : NaN) with points pt 7 ps 0.5 lc rgb '#1f5fbf' title @LABEL_AB@, \
     @RTT@ using 1:($3 == 1 ? $2 : NaN) with points pt 7 ps 0.5 lc rgb '#ff7f0e' title @LABEL_BA@
