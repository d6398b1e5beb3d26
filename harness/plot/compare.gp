# compare.gp — the speedups of two runs of one kernel, overlaid.
# Variables: file_a, file_b (as for speedup.gp), names_a, names_b, label_a,
# label_b, xmax, plot_title, png, svg.
load dir . 'common.gp'

set title plot_title noenhanced
set xlabel 'workers (processes or threads)'
set ylabel 'speedup over the same variant on 1 worker'
set xrange [0.8 : xmax * 1.02]
set yrange [0 : xmax * 1.05 < *]
set key top left
if (xmax <= 16) { set xtics 1 }

plot_command = "plot x with lines dt '--' lc rgb 'black' title 'ideal: S = N', " . \
  "for [i=1:words(names_a)] file_a index (i-1) using 1:2:3:4 with yerrorlines " . \
  "  lc rgb color(word(names_a, i)) pt 7 ps 1.2 lw 2 title label_a.': '.word(names_a, i), " . \
  "for [i=1:words(names_b)] file_b index (i-1) using 1:2:3:4 with yerrorlines dt 2 " . \
  "  lc rgb color(word(names_b, i)) pt 9 ps 1.3 lw 2 title label_b.': '.word(names_b, i)"
eval(render)
