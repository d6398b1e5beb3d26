/*
 * faults.h — deliberate failures, for testing the harness's own defences.
 *
 * parbench itself links faults_none.c, where these do nothing. The test
 * build links tests/faults/faults.c instead (build/tests/parbench-faults),
 * which reads PARBENCH_FAULT="kernel/variant/workers:kind" and makes that
 * cell crash, hang, give a wrong answer or run slowly, so tests can check
 * that the harness reports it and cleans up. No production binary can be
 * made to misbehave by an environment variable.
 */
#ifndef PARBENCH_FAULTS_H
#define PARBENCH_FAULTS_H

#include "cell.h"

/* Inside the cell's process, just before the timed run. */
void faults_before_run(const struct cell_spec *spec);

/* Just after it, before verify: may spoil the answer. */
void faults_after_run(const struct cell_spec *spec, void *state);

#endif
