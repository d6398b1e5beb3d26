/*
 * rounds.h — measuring one kernel's cells in rounds (Hoefler and Belli,
 * SC'15: randomize, repeat, report intervals).
 *
 * Every cell of the kernel is started once (its own process: setup, its
 * workers, calibration, warm-up) and then visited once per round, the
 * visits of a round in a fresh random order, so drift (a clock that ramps
 * up, a neighbour that wakes) lands on every cell alike instead of on
 * whichever happened to run last. Each visit gives one sample. The optimized
 * baseline is in every round, so every speedup is paired within a round.
 *
 * Rounds are added while an interval is wider than +-5% and the kernel's
 * share of the time budget lasts; a cell whose intervals are tight after
 * the minimum rounds rests, unless another cell's speedups need it as
 * their baseline. A cell that never gets there is flagged NOISY.
 *
 * When the kernel's cells would not fit in memory together (half of what is
 * available), each visit starts the cell's process anew and ends it after
 * the sample: slower, and the same figures.
 */
#ifndef PARBENCH_ROUNDS_H
#define PARBENCH_ROUNDS_H

#include <stddef.h>

#include "bench.h"

/*
 * Measures kernel number k: appends its rows to bench->rows (from
 * bench->rows_done on), derives their figures and writes them out. Returns
 * 0, or -1 when the user interrupted (the rows of finished rounds are
 * written all the same).
 */
int rounds_run_kernel(struct bench *bench, size_t k, double budget_s);

#endif
