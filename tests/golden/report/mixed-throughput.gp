# mixed-throughput.gp - made by capreport from the template throughput.gp
# Render again with: gnuplot mixed-throughput.gp   (SVG and PNG; gnuplot -e "fmt='png'" mixed-throughput.gp for one)
if (!exists("out")) out = 'mixed-throughput'
if (!exists("fmt")) fmt = 'svg png'
do for [cr_format in fmt] {
    if (cr_format eq 'svg') {
        set terminal svg size 1200,420 dynamic enhanced background rgb 'white' font 'sans,11'
    } else {
        set terminal pngcairo size 1200,420 enhanced background rgb 'white' font 'sans,10'
    }
    set output out.'.'.cr_format
    # throughput.gp - throughput over time (an I/O graph): bits per second per bin, in total and for
    # the busiest address pairs.
    # capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
    # (do not set the terminal or the output here). Placeholders:
    #   @TITLE@ @XLABEL@ @YLABEL@  quoted text
    #   @DATA@  data: a header row of series names, then seconds, total, one column per pair
    #   @SERIES@  number of columns after the seconds (the total included)   @XMIN@ @XMAX@  the x range (seconds)
    set title 'Throughput over time' noenhanced
    set xlabel 'seconds from the first packet' noenhanced
    set ylabel 'bits per second' noenhanced
    set border 3
    set tics nomirror
    set grid lc rgb '#e0e0e0'
    set xrange [0:2.2]
    set yrange [0:*]
    set format y '%.1s%c'
    set key outside right top noenhanced
    set style data steps
    set linetype 1 lc rgb '#222222' lw 2
    plot for [c=2:6 + 1] 'mixed-throughput.dat' using 1:c title columnheader(c) lw (c == 2 ? 2 : 1.2)
    unset output
}
