# mixed-sizes.gp - made by capreport from the template sizes.gp
# Render again with: gnuplot mixed-sizes.gp   (SVG and PNG; gnuplot -e "fmt='png'" mixed-sizes.gp for one)
if (!exists("out")) out = 'mixed-sizes'
if (!exists("fmt")) fmt = 'svg png'
do for [cr_format in fmt] {
    if (cr_format eq 'svg') {
        set terminal svg size 1200,420 dynamic enhanced background rgb 'white' font 'sans,11'
    } else {
        set terminal pngcairo size 1200,420 enhanced background rgb 'white' font 'sans,10'
    }
    set output out.'.'.cr_format
    # sizes.gp - packet size distribution: a histogram of frame lengths.
    # capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
    # (do not set the terminal or the output here). Placeholders:
    #   @TITLE@ @XLABEL@  quoted text
    #   @YAXIS@  the y label, and a log scale when the counts span more than two decades
    #   @YMIN@  the y axis' bottom: 0, or 0.5 on a log scale
    #   @DATA@  data: bin, from, to, packets, "tic label" (empty for most bins)   @BINS@  number of bins
    set title 'Packet sizes' noenhanced
    set xlabel 'frame length (bytes)' noenhanced
    set style fill solid 0.85 noborder
    set boxwidth 0.9 relative
    set border 3
    set tics nomirror
    set grid ytics lc rgb '#e0e0e0'
    set xrange [-0.5 : 80 - 0.5]
    set yrange [0:*]
    set ylabel 'packets' noenhanced
    set xtics scale 0 rotate by 40 right font ',9' noenhanced
    unset key
    plot 'mixed-sizes.dat' using 1:4:xtic(5) with boxes lc rgb '#2f5f98' notitle
    unset output
}
