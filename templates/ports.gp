# ports.gp - port scatter: time against destination port, one point per sampled packet, coloured by protocol.
# capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
# (do not set the terminal or the output here). Placeholders:
#   @TITLE@ @XLABEL@ @YLABEL@  quoted text
#   @DATA@  data: seconds from the first packet, destination port, colour (1 tcp, 2 udp)
set title @TITLE@ noenhanced
set xlabel @XLABEL@ noenhanced
set ylabel @YLABEL@ noenhanced
set border 3
set tics nomirror
set grid lc rgb '#e0e0e0'
set logscale y
set yrange [0.8:70000]
set ytics (1, 10, 53, 80, 443, 1024, 8080, 65535)
set linetype 1 lc rgb @C1@
set linetype 2 lc rgb @C2@
set key outside right top noenhanced
plot @DATA@ using 1:($2 > 0 ? $2 : 0.9):3 with points lc variable pt 7 ps 0.5 notitle, \
     keyentry with points lt 1 pt 7 title 'tcp', \
     keyentry with points lt 2 pt 7 title 'udp'
