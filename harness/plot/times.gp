# times.gp — median time of every variant on 1 worker and on the most workers.
# Variables: datafile (lines: kernel/variant  seconds_1  seconds_N), nmax,
# plot_title, png, svg.
load dir . 'common.gp'

set title plot_title noenhanced
set ylabel 'median time per run (s, log scale)'
set logscale y
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border rgb '#444444'
set boxwidth 0.9
set xtics rotate by -40 scale 0 noenhanced
set key top right
set bmargin 9
set rmargin 10

plot_command = "plot datafile using 2:xtic(1) lc rgb '#8da0cb' title 'on 1 worker', " . \
  "'' using 3 lc rgb '#fc8d62' title sprintf('on %d workers', nmax)"
eval(render)
