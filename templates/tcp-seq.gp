# tcp-seq.gp - time-sequence graph in the tcptrace style: segments as vertical bars
# (sequence vs time), the ACK line, the receive-window line, retransmissions in red.
# Data: @SEG@ and @RTX@ hold "time seq len", @ACK@ holds "time ack ack+window".
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
set xlabel 'time since the stream''s first packet (s)'
set ylabel 'relative sequence number (bytes)'
set format y '%.0f'
set key top left box opaque
set grid
plot @ACK@ using 1:3 with steps lc rgb @C4@ dt 2 title 'receive window', \
     @ACK@ using 1:2 with steps lc rgb @C2@ title 'ACK', \
     @SEG@ using 1:2:(0):3 with vectors nohead lw 2 lc rgb @C1@ title 'segments', \
     @RTX@ using 1:2:(0):3 with vectors nohead lw 3 lc rgb @C3@ title 'retransmissions'
