/*
 * check.h — invariants that are never compiled out.
 *
 * assert() disappears under -DNDEBUG, so a broken invariant in a release
 * build would go on to compute garbage. PB_CHECK stays in every build: if
 * the condition is false, it names the file, line and condition on stderr
 * and aborts. Use it for the program's own bugs, never for user input.
 */
#ifndef PARBENCH_CHECK_H
#define PARBENCH_CHECK_H

_Noreturn void pb_check_failed(const char *file, int line, const char *condition);

#define PB_CHECK(condition) \
    ((condition) ? (void)0 : pb_check_failed(__FILE__, __LINE__, #condition))

#endif
