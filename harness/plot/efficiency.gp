# efficiency.gp — efficiency (speedup over optimized serial / workers) vs workers.
# Variables: datafile (as for speedup.gp; columns 8-10: efficiency and its
# 95% interval, 11: flags), names, nmeas (the largest measured worker
# count), plot_title, png, svg.
load dir . 'common.gp'

set title plot_title noenhanced
set xlabel 'workers (processes or threads)'
set ylabel 'efficiency = (optimized serial time / time) / workers'
set xrange [0.5 : nmeas + 0.5]
set yrange [0 : 1.3 < *]
set xtics 1
set key outside right top vertical

plot_command = "plot 1 with lines dt '--' lc rgb 'black' title 'ideal', " . \
  "for [i=1:words(names)] datafile index (i-1) using 1:8:9:10 with yerrorlines " . \
  "  lc rgb color(word(names, i)) pt 7 ps 1.2 lw 2 title word(names, i), " . \
  "for [i=1:words(names)] datafile index (i-1) using 1:8:11 with labels offset 0,1.2 " . \
  "  font ',8' tc rgb color(word(names, i)) notitle"
eval(render)
