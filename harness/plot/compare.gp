# compare.gp — what run A predicted, and what run B did, for one kernel.
#
# A's fitted law (Amdahl, or Gustafson under weak scaling) for each parallel
# variant, drawn out to B's largest worker count: solid over the workers A
# measured, dashed beyond (the prediction), with a shaded band between the
# curves of f's 95% interval (what A's measurements allow; wide when f is
# not resolved). Over it A's measured points (circles) and B's (diamonds),
# all speedups over the same variant on 1 worker, with their intervals.
#
# Variables (set by compare.c before `load`):
#   file_a, file_b  speedup data as for speedup.gp: blocks of
#                   workers self self_lo self_hi ..., one per variant in
#                   names_a / names_b
#   fitnames        A's variants that have a fit; fs their f, flo and fhi
#                   its interval (-1: unknown), resolved 1 or 0, law
#   nmeas_a         A's largest worker count; xmax B's (or A's, if larger)
#   label_a, label_b, plot_title, png, svg
load dir . 'common.gp'

law_s(n, f) = law eq 'gustafson' ? n - f * (n - 1) : 1.0 / (f + (1.0 - f) / n)
f_of(i) = real(word(fs, i))
lo_of(i) = real(word(flo, i))
hi_of(i) = real(word(fhi, i))
has_band(i) = lo_of(i) >= 0 && hi_of(i) >= 0
fit_title(i) = sprintf('A %s: %s, f = %.3f', word(fitnames, i), \
                       law eq 'gustafson' ? 'Gustafson' : 'Amdahl', f_of(i)) . \
               (has_band(i) ? sprintf(' [%.3f, %.3f]', lo_of(i), hi_of(i)) : ' [?]') . \
               (word(resolved, i) eq '1' ? '' : ', not resolved')

set title plot_title noenhanced
set xlabel 'workers (processes or threads)'
set ylabel (law eq 'gustafson' ? 'scaled speedup over the same variant on 1 worker' : \
            'speedup over the same variant on 1 worker')
set xrange [0.8 : xmax * 1.02]
set yrange [0 : xmax * 1.05 < *]
set key top left noenhanced font ',9'
if (xmax <= 16) { set xtics 1 }
set style fill transparent solid 0.15 noborder
set label 1 "circles: A measured, diamonds: B measured (medians, bars: 95% intervals)\nA's fit: solid where A measured, dashed beyond (the prediction); band: f's 95% interval" \
    at graph 0.99, graph 0.05 right font ',9' tc rgb '#555555'

measured = "plot x with lines dt '--' lc rgb 'black' title 'ideal: S = N', " . \
  "for [i=1:words(names_a)] file_a index (i-1) using 1:2:3:4 with yerrorbars " . \
  "  lc rgb color(word(names_a, i)) pt 7 ps 1.1 title label_a.': '.word(names_a, i), " . \
  "for [i=1:words(names_b)] file_b index (i-1) using 1:2:3:4 with yerrorbars " . \
  "  lc rgb color(word(names_b, i)) pt 13 ps 1.5 title label_b.': '.word(names_b, i)"
fits = ", for [i=1:words(fitnames)] '+' using 1:(has_band(i) && $1 >= 1 ? law_s($1, hi_of(i)) : 1/0):" . \
  "(law_s($1, lo_of(i))) with filledcurves lc rgb color(word(fitnames, i)) notitle, " . \
  "for [i=1:words(fitnames)] (x >= 1 && x <= nmeas_a ? law_s(x, f_of(i)) : 1/0) with lines " . \
  "  lc rgb color(word(fitnames, i)) lw 1.5 title fit_title(i), " . \
  "for [i=1:words(fitnames)] (x >= nmeas_a ? law_s(x, f_of(i)) : 1/0) with lines dt 2 " . \
  "  lc rgb color(word(fitnames, i)) lw 1.5 notitle"
plot_command = measured . (words(fitnames) > 0 ? fits : '')
eval(render)
