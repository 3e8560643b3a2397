# talkers.gp - top talkers: horizontal bars of bytes sent and received per address.
# capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
# (do not set the terminal or the output here). Placeholders:
#   @TITLE@ @XLABEL@  quoted text   @DATA@  data: row, "address", bytes sent, bytes received
#   @ROWS@  number of rows
set title @TITLE@ noenhanced
set xlabel @XLABEL@ noenhanced
set style fill solid 0.85 noborder
set border 3
set tics nomirror
set grid xtics lc rgb '#e0e0e0'
set yrange [@ROWS@ + 0.5 : 0.5]
set ytics noenhanced scale 0 font ',9'
set xrange [0:*]
set format x '%.1s%cB'
set key above noenhanced
plot @DATA@ using (0.5 * $3):($1 - 0.2):(0.5 * $3):(0.19):ytic(2) with boxxyerror lc rgb @C1@ title 'sent', \
     @DATA@ using (0.5 * $4):($1 + 0.2):(0.5 * $4):(0.19) with boxxyerror lc rgb @C2@ title 'received'
