/* process.c — see process.h. */
#include "process.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "../kernel.h"

pid_t process_wait(pid_t pid, int *status)
{
    pid_t got;
    do
        got = waitpid(pid, status, 0);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        *status = SIGKILL; /* WIFSIGNALED: never mistaken for a clean exit */
    return got;
}

const char *process_signal_name(int signal_number, char *buf, size_t size)
{
    /* The resource-limit signals say which limit: a student (or an MPI
     * rank writing its shared-memory files under `ulimit -f`) meets them
     * rarely enough not to know. */
    static const struct {
        int number;
        const char *name;
    } names[] = {
        {SIGSEGV, "SIGSEGV"}, {SIGABRT, "SIGABRT"}, {SIGKILL, "SIGKILL"},
        {SIGTERM, "SIGTERM"}, {SIGINT, "SIGINT"},   {SIGBUS, "SIGBUS"},
        {SIGFPE, "SIGFPE"},   {SIGILL, "SIGILL"},   {SIGHUP, "SIGHUP"},
        {SIGQUIT, "SIGQUIT"}, {SIGPIPE, "SIGPIPE"},
        {SIGXCPU, "SIGXCPU (past the CPU-time limit, ulimit -t)"},
        {SIGXFSZ, "SIGXFSZ (past the file-size limit, ulimit -f)"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (names[i].number == signal_number)
            return names[i].name;
    snprintf(buf, size, "signal %d", signal_number);
    return buf;
}

int process_describe_end(int status, char *buf, size_t size)
{
    char name[16];
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        snprintf(buf, size, "exited normally");
        return 0;
    }
    if (WIFSIGNALED(status))
        snprintf(buf, size, "was killed by %s",
                 process_signal_name(WTERMSIG(status), name, sizeof name));
    else
        snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
    return -1;
}

void process_die_with_parent(pid_t parent)
{
#ifdef __linux__
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        return; /* old kernel: the end-of-file checks remain */
#endif
    /* The parent may have died between fork() and prctl(): then no signal
     * will ever come, and we have been adopted by someone else. */
    if (getppid() != parent)
        _exit(1);
}
