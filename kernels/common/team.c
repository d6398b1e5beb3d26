/* team.c — create and join a team of threads (see team.h). */
#include "team.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "outcome.h"

/* What a new thread needs before it can start on the caller's body. */
struct member {
    pthread_t thread;
    const struct pb_run *run;
    int index;
    void *(*body)(void *);
    void *arg;
};

static void *member_main(void *arg)
{
    struct member *self = arg;
    run_bind_worker(self->run, self->index);
    return self->body(self->arg);
}

enum pb_status team_run(struct pb_run *run, void *(*body)(void *), void *args, size_t arg_size)
{
    struct member *members = calloc((size_t)run->workers, sizeof *members);
    if (!members)
        return run_fail(run, "no memory for %d thread handles", run->workers);

    int started = 0;
    int create_error = 0;
    for (; started < run->workers; started++) {
        struct member *m = &members[started];
        *m = (struct member){.run = run, .index = started, .body = body,
                             .arg = (char *)args + (size_t)started * arg_size};
        create_error = pthread_create(&m->thread, NULL, member_main, m);
        if (create_error != 0)
            break;
    }
    /* Join every thread that started, even after a failure: a thread left
     * running would go on using memory the caller is about to free. */
    int join_error = 0;
    for (int i = 0; i < started; i++) {
        int error = pthread_join(members[i].thread, NULL);
        if (error != 0 && join_error == 0)
            join_error = error;
    }
    free(members);

    run->workers_actual = started;
    if (create_error != 0)
        return run_fail(run, "pthread_create for thread %d of %d failed: %s", started,
                        run->workers, strerror(create_error));
    if (join_error != 0)
        return run_fail(run, "pthread_join: %s", strerror(join_error));
    return PB_OK;
}

static void *do_nothing(void *arg)
{
    return arg;
}

/*
 * The pthreads variants create and join their threads in every run, inside
 * the timed region. This does the same once with no work, so startup_s
 * shows what each run pays for it.
 */
enum pb_status pb_start_threads(void *state, struct pb_run *run)
{
    (void)state;
    return team_run(run, do_nothing, NULL, 0);
}
