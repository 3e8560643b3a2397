# mixed-talkers.gp - made by capreport from the template talkers.gp
# Render again with: gnuplot mixed-talkers.gp   (SVG and PNG; gnuplot -e "fmt='png'" mixed-talkers.gp for one)
if (!exists("out")) out = 'mixed-talkers'
if (!exists("fmt")) fmt = 'svg png'
do for [cr_format in fmt] {
    if (cr_format eq 'svg') {
        set terminal svg size 1200,570 dynamic enhanced background rgb 'white' font 'sans,11'
    } else {
        set terminal pngcairo size 1200,570 enhanced background rgb 'white' font 'sans,10'
    }
    set output out.'.'.cr_format
    # talkers.gp - top talkers: horizontal bars of bytes sent and received per address.
    # capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
    # (do not set the terminal or the output here). Placeholders:
    #   @TITLE@ @XLABEL@  quoted text   @DATA@  data: row, "address", bytes sent, bytes received
    #   @ROWS@  number of rows
    set title 'Top talkers' noenhanced
    set xlabel 'bytes (frame lengths)' noenhanced
    set style fill solid 0.85 noborder
    set border 3
    set tics nomirror
    set grid xtics lc rgb '#e0e0e0'
    set yrange [15 + 0.5 : 0.5]
    set ytics noenhanced scale 0 font ',9'
    set xrange [0:*]
    set format x '%.1s%cB'
    set key above noenhanced
    plot 'mixed-talkers.dat' using (0.5 * $3):($1 - 0.2):(0.5 * $3):(0.19):ytic(2) with boxxyerror lc rgb '#2f5f98' title 'sent', \
         'mixed-talkers.dat' using (0.5 * $4):($1 + 0.2):(0.5 * $4):(0.19) with boxxyerror lc rgb '#7fb069' title 'received'
    unset output
}
