# common.gp — shared look of every parbench plot. Loaded by the others.
# Each plot is written twice: PNG (pngcairo) for viewing, SVG for documents.

# One colour per variant, the same in every plot.
color(name) = name eq 'forkpool' ? '#1b9e77' : \
              name eq 'pthreads' ? '#d95f02' : \
              name eq 'openmp'   ? '#7570b3' : \
              name eq 'optimized' ? '#e7298a' : \
              name eq 'naive'    ? '#666666' : '#a6761d'

set encoding utf8
set grid lc rgb '#dddddd'
set border lc rgb '#444444'
set key box opaque samplen 3 spacing 1.1
set datafile missing 'NaN'
set samples 400

# Renders the current plot (set up by the caller in `plot_command`) twice.
render = "set terminal pngcairo size 1000,650 enhanced font 'DejaVu Sans,11'; set output png; " . \
         "eval(plot_command); " . \
         "set terminal svg size 1000,650 enhanced font 'DejaVu Sans,11' background '#ffffff'; " . \
         "set output svg; eval(plot_command); set output"
