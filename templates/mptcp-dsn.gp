# mptcp-dsn.gp - MPTCP data sequence numbers over time: a point per segment, one colour per
# subflow, the data-level ACK line, reinjected segments as large marks on top.
# Points, not vectors of the segment's length: on an axis of hundreds of MB a segment is far
# less than a pixel tall. Only series with data are drawn and listed.
# Data: @SEG@ and @RTX@ hold "time dsn len subflow"; @ACK@ holds "time data_ack".
# @PLOTS@ is the plot command's clauses, written by capreport.
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
set xlabel 'time since the connection''s first packet (s)'
set ylabel 'relative data sequence number'
set format y '%.1s %cB'
set key above width 2
set grid
plot @PLOTS@
