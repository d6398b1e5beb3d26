# bandwidth.gp — achieved memory bandwidth vs workers, with the measured references.
# Variables: datafile (blocks per variant in `names`: workers  GB/s),
# referencefile (workers  triad-GB/s  six-stream-GB/s, each the better of
# ordinary and streaming stores), xmax, plot_title, png, svg.
load dir . 'common.gp'

set title plot_title noenhanced
set xlabel 'workers (processes or threads)'
set ylabel 'memory bandwidth (GB/s, 1e9 bytes per second)'
set xrange [0.8 : xmax * 1.02]
set yrange [0 : *]
if (xmax <= 16) { set xtics 1 }
set key outside right top vertical

plot_command = "plot referencefile using 1:2 with linespoints dt '-.' lc rgb '#555555' pt 6 lw 2 " . \
  "  title 'measured: triad (3 streams)', " . \
  "referencefile using 1:3 with linespoints dt '--' lc rgb 'black' pt 4 lw 2 " . \
  "  title 'measured: six streams (the reference)', " . \
  "for [i=1:words(names)] datafile index (i-1) using 1:2 with linespoints " . \
  "  lc rgb color(word(names, i)) pt 7 ps 1.2 lw 2 title word(names, i)"
eval(render)
