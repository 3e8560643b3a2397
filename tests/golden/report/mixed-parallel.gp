# mixed-parallel.gp - made by capreport from the template parallel.gp
# Render again with: gnuplot mixed-parallel.gp   (SVG and PNG; gnuplot -e "fmt='png'" mixed-parallel.gp for one)
if (!exists("out")) out = 'mixed-parallel'
if (!exists("fmt")) fmt = 'svg png'
do for [cr_format in fmt] {
    if (cr_format eq 'svg') {
        set terminal svg size 1200,420 dynamic enhanced background rgb 'white' font 'sans,11'
    } else {
        set terminal pngcairo size 1200,420 enhanced background rgb 'white' font 'sans,10'
    }
    set output out.'.'.cr_format
    # parallel.gp - parallel coordinates (Picviz's view): time, source, destination, source port,
    # destination port; one line per sampled packet, coloured by protocol.
    # capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
    # (do not set the terminal or the output here). Placeholders:
    #   @TITLE@  quoted text
    #   @DATA@  data: seconds, source rank, destination rank, source port, destination port, colour (1 tcp, 2 udp, 3 other)
    #   @SRCTICS@ @DSTTICS@  tic lists of addresses (built by capreport, quoted), or empty for plain ranks
    #   @MAXRANK@  the highest address rank: both address axes share the scale 0..MAXRANK
    set title 'Parallel coordinates: time, source, destination, ports' noenhanced
    set border 0
    unset ytics
    set xtics ('time (s)' 1, 'source' 2, 'destination' 3, 'source port' 4, 'destination port' 5) scale 0 noenhanced
    set for [i=1:5] paxis i tics font ',8'
    set paxis 2 tics  noenhanced
    set paxis 3 tics  noenhanced
    set paxis 2 range [0:25]
    set paxis 3 range [0:25]
    set paxis 4 range [0:65535]
    set paxis 5 range [0:65535]
    set style parallelaxis lw 1.5 lc rgb '#333333'
    set linetype 1 lc rgb '#2f5f98'
    set linetype 2 lc rgb '#7fb069'
    set linetype 3 lc rgb '#7a7a7a'
    set key outside right top noenhanced
    plot for [c=1:5] 'mixed-parallel.dat' using c:6 with parallelaxes lc variable lw 0.6 notitle, \
         keyentry with lines lt 1 title 'tcp', \
         keyentry with lines lt 2 title 'udp', \
         keyentry with lines lt 3 title 'other'
    unset output
}
