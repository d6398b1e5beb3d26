# speedup.gp — speedup vs workers for the parallel variants of one kernel.
#
# Variables (set by parbench's driver file before `load`):
#   datafile   blocks separated by two blank lines, one per variant in `names`:
#              workers  speedup  speedup_low  speedup_high  efficiency
#   names      the variants, e.g. 'forkpool pthreads openmp'
#   fitnames   the variants that have a fit, fs their serial fractions
#   law        'amdahl' (strong scaling) or 'gustafson' (weak scaling)
#   nmeas      the largest measured worker count; xmax where the plot ends
#   plot_title, png, svg
load dir . 'common.gp'

law_s(n, f) = law eq 'gustafson' ? n - f * (n - 1) : 1.0 / (f + (1.0 - f) / n)
f_of(i) = real(word(fs, i))
max_s(i) = f_of(i) > 0 ? 1.0 / f_of(i) : 1/0
fit_title(i) = law eq 'gustafson' ? sprintf('%s: Gustafson fit, f = %.3f', word(fitnames, i), f_of(i)) : \
               f_of(i) > 0 ? sprintf('%s: Amdahl fit, f = %.3f, max %.1fx', word(fitnames, i), f_of(i), 1.0 / f_of(i)) : \
               sprintf('%s: Amdahl fit, f = 0 (no limit seen)', word(fitnames, i))

set title plot_title noenhanced
set xlabel 'workers (processes or threads)'
set ylabel (law eq 'gustafson' ? 'scaled speedup (problem grows with workers)' : \
            'speedup over the same variant on 1 worker')
set xrange [0.8 : xmax * 1.02]
set yrange [0 : xmax * 1.05 < *]
set key top left
if (xmax <= 16) { set xtics 1 }
set label 1 'fits: solid over the measured workers, dashed beyond (a prediction); dotted: 1/f' \
    at graph 0.99, graph 0.03 right font ',9' tc rgb '#555555'

measured = "plot x with lines dt '--' lc rgb 'black' title 'ideal: S = N', " . \
  "for [i=1:words(names)] datafile index (i-1) using 1:2:3:4 with yerrorlines " . \
  "  lc rgb color(word(names, i)) pt 7 ps 1.2 lw 2 title word(names, i).' (median, min-max)'"
fits = ", for [i=1:words(fitnames)] (x >= 1 && x <= nmeas ? law_s(x, f_of(i)) : 1/0) with lines " . \
  "  lc rgb color(word(fitnames, i)) lw 1.5 title fit_title(i), " . \
  "for [i=1:words(fitnames)] (x >= nmeas ? law_s(x, f_of(i)) : 1/0) with lines dt 2 " . \
  "  lc rgb color(word(fitnames, i)) lw 1.5 notitle, " . \
  "for [i=1:words(fitnames)] (law eq 'amdahl' && max_s(i) < xmax ? max_s(i) : 1/0) with lines dt 3 " . \
  "  lc rgb color(word(fitnames, i)) notitle"
# A fit needs a worker count above 1; without one, only the measurements.
plot_command = measured . (words(fitnames) > 0 ? fits : '')
eval(render)
