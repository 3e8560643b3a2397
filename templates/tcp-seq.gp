# tcp-seq.gp - time-sequence graph in the tcptrace style: a point per segment (sequence vs time),
# the ACK line, the receive-window line, retransmissions as large marks on top.
# Points, not vectors of the segment's length: on an axis of hundreds of MB a segment is far
# less than a pixel tall. Only series with data are drawn and listed.
# Data: @SEG@ and @RTX@ hold "time seq len", @ACK@ holds "time ack ack+window".
# @PLOTS@ is the plot command's clauses, written by capreport.
reset   # each format (SVG, then PNG) starts from gnuplot's defaults
set title @TITLE@
set xlabel 'time since the stream''s first packet (s)'
set ylabel 'relative sequence number'
set format y '%.1s %cB'
set key above width 2
set grid
plot @PLOTS@
