# speedup.gp — speedup vs workers for the parallel variants of one kernel.
#
# Variables (set by parbench's driver file before `load`):
#   datafile   blocks separated by two blank lines, one per variant in `names`:
#              workers self self_lo self_hi speedup lo hi eff eff_lo eff_hi "flags"
#              (self: over the same variant on 1 worker; lo-hi: its 95% interval)
#   names      the variants, e.g. 'forkpool pthreads openmp'
#   fitnames   the variants that have a fit; fs their serial fractions f,
#              flo and fhi its interval (-1: unknown), resolved 1 or 0
#   law        'amdahl' (strong scaling) or 'gustafson' (weak scaling)
#   nmeas      the largest measured worker count; xmax where the plot ends
#   plot_title, png, svg
load dir . 'common.gp'

law_s(n, f) = law eq 'gustafson' ? n - f * (n - 1) : 1.0 / (f + (1.0 - f) / n)
f_of(i) = real(word(fs, i))
lo_of(i) = real(word(flo, i))
hi_of(i) = real(word(fhi, i))
is_resolved(i) = word(resolved, i) eq '1'
interval(i) = lo_of(i) >= 0 ? sprintf(' [%.3f, %.3f]', lo_of(i), hi_of(i)) : ' [?]'
fit_title(i) = law eq 'gustafson' ? sprintf('%s: Gustafson, f = %.3f', word(fitnames, i), f_of(i)) . interval(i) : \
               is_resolved(i) ? sprintf('%s: Amdahl, f = %.3f', word(fitnames, i), f_of(i)) . interval(i) . sprintf(', ceiling %.1fx', 1.0 / f_of(i)) : \
               sprintf('%s: Amdahl, f = %.3f', word(fitnames, i), f_of(i)) . interval(i) . ', ceiling not resolved'

set title plot_title noenhanced
set xlabel 'workers (processes or threads)'
set ylabel (law eq 'gustafson' ? 'scaled speedup (problem grows with workers)' : \
            'speedup over the same variant on 1 worker')
set xrange [0.8 : xmax * 1.02]
set yrange [0 : xmax * 1.05 < *]
set key top left
if (xmax <= 16) { set xtics 1 }
set label 1 "points: medians over the rounds, bars: 95% intervals; labels: flags (see summary.md)\nfits: solid over the measured workers; dashed prediction and dotted 1/f only when f is resolved" \
    at graph 0.99, graph 0.05 right font ',9' tc rgb '#555555'

measured = "plot x with lines dt '--' lc rgb 'black' title 'ideal: S = N', " . \
  "for [i=1:words(names)] datafile index (i-1) using 1:2:3:4 with yerrorlines " . \
  "  lc rgb color(word(names, i)) pt 7 ps 1.2 lw 2 title word(names, i), " . \
  "for [i=1:words(names)] datafile index (i-1) using 1:2:11 with labels offset 0,1.2 " . \
  "  font ',8' tc rgb color(word(names, i)) notitle"
fits = ", for [i=1:words(fitnames)] (x >= 1 && x <= nmeas ? law_s(x, f_of(i)) : 1/0) with lines " . \
  "  lc rgb color(word(fitnames, i)) lw 1.5 title fit_title(i), " . \
  "for [i=1:words(fitnames)] (is_resolved(i) && x >= nmeas ? law_s(x, f_of(i)) : 1/0) with lines dt 2 " . \
  "  lc rgb color(word(fitnames, i)) lw 1.5 notitle, " . \
  "for [i=1:words(fitnames)] (law eq 'amdahl' && is_resolved(i) && 1.0 / f_of(i) < xmax ? 1.0 / f_of(i) : 1/0) with lines dt 3 " . \
  "  lc rgb color(word(fitnames, i)) notitle"
# A fit needs a worker count above 1; without one, only the measurements.
plot_command = measured . (words(fitnames) > 0 ? fits : '')
eval(render)
