# sizes.gp - packet size distribution: a histogram of frame lengths.
# capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
# (do not set the terminal or the output here). Placeholders:
#   @TITLE@ @XLABEL@  quoted text
#   @YAXIS@  the y label, and a log scale when the counts span more than two decades
#   @YMIN@  the y axis' bottom: 0, or 0.5 on a log scale
#   @DATA@  data: bin, from, to, packets, "tic label" (empty for most bins)   @BINS@  number of bins
set title @TITLE@ noenhanced
set xlabel @XLABEL@ noenhanced
set style fill solid 0.85 noborder
set boxwidth 0.9 relative
set border 3
set tics nomirror
set grid ytics lc rgb '#e0e0e0'
set xrange [-0.5 : @BINS@ - 0.5]
set yrange [@YMIN@:*]
@YAXIS@
set xtics scale 0 rotate by 40 right font ',9' noenhanced
unset key
plot @DATA@ using 1:4:xtic(5) with boxes lc rgb @C1@ notitle
