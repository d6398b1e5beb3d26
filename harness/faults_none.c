/* faults_none.c — the production build: no faults (see faults.h). */
#include "faults.h"

void faults_before_run(const struct cell_spec *spec)
{
    (void)spec;
}

void faults_after_run(const struct cell_spec *spec, void *state)
{
    (void)spec;
    (void)state;
}
