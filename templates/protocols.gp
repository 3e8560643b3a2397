# protocols.gp - the protocol mix: packets and bytes per highest protocol layer, as two bar charts.
# capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
# (do not set the terminal or the output here). Placeholders:
#   @TITLE@  quoted text   @DATA@  data: row, "protocol", packets, bytes   @ROWS@  number of rows
set multiplot layout 1, 2 title @TITLE@ noenhanced
set style fill solid 0.85 noborder
set border 3
set tics nomirror
set grid xtics lc rgb '#e0e0e0'
set yrange [@ROWS@ + 0.5 : 0.5]
set ytics noenhanced scale 0 font ',9'
set xrange [0:*]
set xtics scale 0.5
set title 'packets' noenhanced
plot @DATA@ using (0.5 * $3):1:(0.5 * $3):(0.38):ytic(2) with boxxyerror lc rgb @C1@ notitle
set title 'bytes (frame lengths)' noenhanced
set ytics format ''
set format x '%.1s%c'
plot @DATA@ using (0.5 * $4):1:(0.5 * $4):(0.38) with boxxyerror lc rgb @C2@ notitle
unset multiplot
