/*
 * process.h — waiting for child processes and saying how they ended.
 *
 * Used by the fork pool, by cos_series' own fork variant, and by the
 * harness for its cell processes: one copy of each mechanism.
 */
#ifndef PARBENCH_PROCESS_H
#define PARBENCH_PROCESS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * waitpid(pid, status, 0), retried when a signal interrupts it. Returns the
 * pid, or -1 with errno (ECHILD: no such child). On -1, *status is set to
 * a value that reads as "killed by SIGKILL", never as a clean exit.
 */
pid_t process_wait(pid_t pid, int *status);

/* "SIGSEGV", "SIGKILL", ... for the common signals ("SIGXFSZ (past the
 * file-size limit, ulimit -f)" for the two resource limits), "signal N"
 * otherwise. Returns a pointer to a static string or into buf (size >= 16). */
const char *process_signal_name(int signal_number, char *buf, size_t size);

/*
 * How a child with wait status `status` ended, as "was killed by SIGSEGV"
 * or "exited with status 3", into buf. Returns 0 for a clean exit (status
 * 0), -1 otherwise.
 */
int process_describe_end(int status, char *buf, size_t size);

/*
 * For a child just forked: die with the parent. On Linux the child gets
 * SIGKILL as soon as the process that forked it ends, however it ends
 * (prctl PR_SET_PDEATHSIG); elsewhere this does nothing and the caller's
 * own end-of-file checks must do. `parent` is the forking process's pid,
 * taken before the fork: if it already died, the child ends at once.
 */
void process_die_with_parent(pid_t parent);

#endif
