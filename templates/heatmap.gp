# heatmap.gp - the conversation heatmap: source on y, destination on x, one cell per directed pair.
# Log colour scale green → yellow → red; no traffic shows the grey background.
# capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
# (do not set the terminal or the output here). Placeholders:
#   @TITLE@ @XLABEL@ @YLABEL@ @CBLABEL@ @CORNER@  quoted text
#   @CELLS@  data: column, row, value, "value as text"   (cells with traffic only)
#   @ROWS@  data: row, "source (total)"   @COLS@  data: column, "destination (total)"
#   @NROWS@ @NCOLS@  matrix size   @SHOWVALUES@  1: print values in the cells
# The note is the title's second line: gnuplot makes room for it, so it never meets the title.
set title (@CORNER@ eq '' ? @TITLE@ : @TITLE@."\n".@CORNER@) noenhanced
set xlabel @XLABEL@ noenhanced
set ylabel @YLABEL@ noenhanced
set xrange [-0.5 : @NCOLS@ - 0.5]
set yrange [@NROWS@ - 0.5 : -0.5]
set x2range [-0.5 : @NCOLS@ - 0.5]
set tics scale 0 font ',8'
set xtics rotate by 40 right noenhanced
set ytics noenhanced
set logscale cb
set cblabel @CBLABEL@ noenhanced
set format cb '%.0s%c'
set palette defined (0 '#1a9850', 1 '#fee08b', 2 '#d73027')
set object 1 rectangle from graph 0, 0 to graph 1, 1 behind fillcolor rgb '#d9d9d9' fillstyle solid 1.0 noborder
set style fill solid 1.0 noborder
unset key
set xtics ()
set ytics ()
if (@SHOWVALUES@) {
    plot @COLS@ using 1:(1/0):xtic(2) notitle, \
         @ROWS@ using (1/0):1:ytic(2) notitle, \
         @CELLS@ using 1:2:(0.5):(0.5):3 with boxxyerror fillcolor palette notitle, \
         @CELLS@ using 1:2:4 with labels font ',8' notitle
} else {
    plot @COLS@ using 1:(1/0):xtic(2) notitle, \
         @ROWS@ using (1/0):1:ytic(2) notitle, \
         @CELLS@ using 1:2:(0.5):(0.5):3 with boxxyerror fillcolor palette notitle
}
