# throughput.gp - throughput over time (an I/O graph): bits per second per bin, in total and for
# the busiest address pairs.
# capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
# (do not set the terminal or the output here). Placeholders:
#   @TITLE@ @XLABEL@ @YLABEL@  quoted text
#   @DATA@  data: a header row of series names, then seconds, total, one column per pair
#   @SERIES@  number of columns after the seconds (the total included)   @XMIN@ @XMAX@  the x range (seconds)
set title @TITLE@ noenhanced
set xlabel @XLABEL@ noenhanced
set ylabel @YLABEL@ noenhanced
set border 3
set tics nomirror
set grid lc rgb '#e0e0e0'
set xrange [@XMIN@:@XMAX@]
set yrange [0:*]
set format y '%.1s%c'
set key outside right top noenhanced
set style data steps
set linetype 1 lc rgb '#222222' lw 2
plot for [c=2:@SERIES@ + 1] @DATA@ using 1:c title columnheader(c) lw (c == 2 ? 2 : 1.2)
