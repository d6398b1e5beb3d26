# startup.gp — what each parallel variant pays before its workers compute,
# against the worker count: forking the pool and mapping its pages in,
# creating the threads, OpenMP's first parallel region.
# Variables: datafile (blocks per variant in `names`: workers startup_s
# median_s), xmax, plot_title, png, svg.
load dir . 'common.gp'

set title plot_title noenhanced
set xlabel 'workers (processes or threads)'
set ylabel 'start-up (s, log scale)'
set logscale y
set xrange [0.5 : xmax + 0.5]
if (xmax <= 16) { set xtics 1 }
set key outside right top vertical
set label 1 'pthreads makes its threads in every call: its start-up is paid per call' \
    at graph 0.99, graph 0.03 right font ',9' tc rgb '#555555'

plot_command = "plot for [i=1:words(names)] datafile index (i-1) using 1:2 with linespoints " . \
  "  lc rgb color(word(names, i)) pt 7 ps 1.2 lw 2 title word(names, i)"
eval(render)
