# mptcp-dsn.gp - MPTCP data sequence numbers over time: one colour per subflow,
# the data-level ACK line, reinjected segments marked.
# Data: @SEG@ and @RTX@ hold "time dsn len subflow"; @ACK@ holds "time data_ack".
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
set xlabel 'time since the connection''s first packet (s)'
set ylabel 'relative data sequence number (bytes)'
set format y '%.0f'
set key top left box opaque
set grid
plot @ACK@ using 1:2 with steps lw 1 lc rgb @C2@ title 'data ACK', \
@SUBFLOWS@     @RTX@ using 1:2 with points pt 6 ps 1.2 lc rgb @C3@ title 'reinjections'
