# mixed-ports.gp - made by capreport from the template ports.gp
# Render again with: gnuplot mixed-ports.gp   (SVG and PNG; gnuplot -e "fmt='png'" mixed-ports.gp for one)
if (!exists("out")) out = 'mixed-ports'
if (!exists("fmt")) fmt = 'svg png'
do for [cr_format in fmt] {
    if (cr_format eq 'svg') {
        set terminal svg size 1200,420 dynamic enhanced background rgb 'white' font 'sans,11'
    } else {
        set terminal pngcairo size 1200,420 enhanced background rgb 'white' font 'sans,10'
    }
    set output out.'.'.cr_format
    # ports.gp - port scatter: time against destination port, one point per sampled packet, coloured by protocol.
    # capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
    # (do not set the terminal or the output here). Placeholders:
    #   @TITLE@ @XLABEL@ @YLABEL@  quoted text
    #   @DATA@  data: seconds from the first packet, destination port, colour (1 tcp, 2 udp)
    set title 'Destination ports over time (TCP and UDP)' noenhanced
    set xlabel 'seconds from the first packet' noenhanced
    set ylabel 'destination port (log scale)' noenhanced
    set border 3
    set tics nomirror
    set grid lc rgb '#e0e0e0'
    set logscale y
    set yrange [0.8:70000]
    set ytics (1, 10, 53, 80, 443, 1024, 8080, 65535)
    set linetype 1 lc rgb '#2f5f98'
    set linetype 2 lc rgb '#7fb069'
    set key outside right top noenhanced
    plot 'mixed-ports.dat' using 1:($2 > 0 ? $2 : 0.9):3 with points lc variable pt 7 ps 0.5 notitle, \
         keyentry with points lt 1 pt 7 title 'tcp', \
         keyentry with points lt 2 pt 7 title 'udp'
    unset output
}
