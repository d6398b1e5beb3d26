/*
 * exercise.h — how an unfinished exercise says so.
 *
 * exercises/ is generated from solutions/ (`make exercises`): every part a
 * student writes is replaced by a hint and a call of exercise_missing("where").
 * The stub still compiles and runs, but the harness and the tests, which
 * call exercise_reset() before each run and exercise_missing_where() after
 * it, report the run as "not implemented: where" instead of timing a wrong
 * answer. That works for a stub deep inside a helper and in a forked worker
 * too: the note lives in a page of memory shared with every child made after
 * the first exercise_reset().
 *
 * This is the one piece of global state in kernel code, on purpose: a stub
 * has no other way to reach the harness.
 */
#ifndef PARBENCH_EXERCISE_H
#define PARBENCH_EXERCISE_H

/* Called by generated stubs: "this part is not written yet". Thread-safe;
 * the first caller's `where` is kept. */
void exercise_missing(const char *where);

/* Clears the note (and maps its shared page the first time). Call before a
 * run, in the process that will fork the workers. */
void exercise_reset(void);

/* The `where` of the first missing part since the reset, or NULL. */
const char *exercise_missing_where(void);

#endif
