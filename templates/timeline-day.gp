# timeline-day.gp - one UTC day of a timeline: a bar per bin over the active part of the day
# (whole hours, or finer when the bins would be thinner than 2 pixels), gaps shaded.
# capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
# (do not set the terminal or the output here). Placeholders:
#   @TITLE@ @XLABEL@ @YLABEL@ @BARTITLE@ @GAPTITLE@  quoted text
#   @BINS@  data: seconds since 00:00 (bin centre), min, max   @GAPS@  data: from, to (seconds since 00:00)
#   @EMPTYKEY@ the empty bins' key entry, or notitle when there are none
#   @HAVE_GAPS@ 1 or 0   @BOXWIDTH@ bar width in seconds   @YMIN@ @YMAX@ the y axis (below 0: empty bins)
#   @XMIN@ @XMAX@ the part of the day shown (seconds since 00:00)   @XFORMAT@ the time labels' format
set title @TITLE@ noenhanced
set xlabel @XLABEL@ noenhanced
set ylabel @YLABEL@ noenhanced
set xdata time
set timefmt '%s'
set format x @XFORMAT@ timedate
set xrange [@XMIN@:@XMAX@]
set yrange [@YMIN@:@YMAX@]
set y2range [0:1]
unset y2tics
set grid ytics lc rgb '#e0e0e0'
set border 3
set tics nomirror
set style fill solid 1.0 noborder
set boxwidth @BOXWIDTH@ absolute
set key above noenhanced
if (@HAVE_GAPS@) {
    plot @GAPS@ using (($1 + $2) / 2):(1):($2 - $1) axes x1y2 with boxes lc rgb '#f6d5cf' title @GAPTITLE@, \
         @BINS@ using 1:3 with boxes lc rgb '#9db8d9' notitle, \
         @BINS@ using 1:2 with boxes lc rgb @C1@ title @BARTITLE@, \
         @BINS@ using 1:($2 == 0 ? @YMIN@ / 2 : NaN) with points pt 7 ps 0.5 lc rgb @C3@ @EMPTYKEY@
} else {
    plot @BINS@ using 1:3 with boxes lc rgb '#9db8d9' notitle, \
         @BINS@ using 1:2 with boxes lc rgb @C1@ title @BARTITLE@, \
         @BINS@ using 1:($2 == 0 ? @YMIN@ / 2 : NaN) with points pt 7 ps 0.5 lc rgb @C3@ @EMPTYKEY@
}
