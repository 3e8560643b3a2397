# mixed-protocols.gp - made by capreport from the template protocols.gp
# Render again with: gnuplot mixed-protocols.gp   (SVG and PNG; gnuplot -e "fmt='png'" mixed-protocols.gp for one)
if (!exists("out")) out = 'mixed-protocols'
if (!exists("fmt")) fmt = 'svg png'
do for [cr_format in fmt] {
    if (cr_format eq 'svg') {
        set terminal svg size 1200,300 dynamic enhanced background rgb 'white' font 'sans,11'
    } else {
        set terminal pngcairo size 1200,300 enhanced background rgb 'white' font 'sans,10'
    }
    set output out.'.'.cr_format
    # protocols.gp - the protocol mix: packets and bytes per highest protocol layer, as two bar charts.
    # capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
    # (do not set the terminal or the output here). Placeholders:
    #   @TITLE@  quoted text   @DATA@  data: row, "protocol", packets, bytes   @ROWS@  number of rows
    set multiplot layout 1, 2 title 'Protocol mix (highest layer of each packet)' noenhanced
    set style fill solid 0.85 noborder
    set border 3
    set tics nomirror
    set grid xtics lc rgb '#e0e0e0'
    set yrange [7 + 0.5 : 0.5]
    set ytics noenhanced scale 0 font ',9'
    set xrange [0:*]
    set xtics scale 0.5
    set title 'packets' noenhanced
    plot 'mixed-protocols.dat' using (0.5 * $3):1:(0.5 * $3):(0.38):ytic(2) with boxxyerror lc rgb '#2f5f98' notitle
    set title 'bytes (frame lengths)' noenhanced
    set ytics format ''
    set format x '%.1s%c'
    plot 'mixed-protocols.dat' using (0.5 * $4):1:(0.5 * $4):(0.38) with boxxyerror lc rgb '#7fb069' notitle
    unset multiplot
    unset output
}
