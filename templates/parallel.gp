# parallel.gp - parallel coordinates (Picviz's view): time, source, destination, source port,
# destination port; one line per sampled packet, coloured by protocol.
# capreport fills the @NAME@ placeholders and renders this inside a loop over SVG and PNG
# (do not set the terminal or the output here). Placeholders:
#   @TITLE@  quoted text
#   @DATA@  data: seconds, source rank, destination rank, source port, destination port, colour (1 tcp, 2 udp, 3 other)
#   @SRCTICS@ @DSTTICS@  tic lists of addresses (built by capreport, quoted), or empty for plain ranks
#   @MAXRANK@  the highest address rank: both address axes share the scale 0..MAXRANK
set title @TITLE@ noenhanced
set border 0
unset ytics
set xtics ('time (s)' 1, 'source' 2, 'destination' 3, 'source port' 4, 'destination port' 5) scale 0 noenhanced
set for [i=1:5] paxis i tics font ',8'
set paxis 2 tics @SRCTICS@ noenhanced
set paxis 3 tics @DSTTICS@ noenhanced
set paxis 2 range [0:@MAXRANK@]
set paxis 3 range [0:@MAXRANK@]
set paxis 4 range [0:65535]
set paxis 5 range [0:65535]
set style parallelaxis lw 1.5 lc rgb '#333333'
set linetype 1 lc rgb @C1@
set linetype 2 lc rgb @C2@
set linetype 3 lc rgb '#7a7a7a'
set key outside right top noenhanced
plot for [c=1:5] @DATA@ using c:6 with parallelaxes lc variable lw 0.6 notitle, \
     keyentry with lines lt 1 title 'tcp', \
     keyentry with lines lt 2 title 'udp', \
     keyentry with lines lt 3 title 'other'
