/* team.c — create and join a team of threads (see team.h). */
#include "team.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "outcome.h"

enum pb_status team_run(int nworkers, void *(*body)(void *), void *args, size_t arg_size,
                        struct pb_run *run)
{
    pthread_t *threads = malloc((size_t)nworkers * sizeof *threads);
    if (!threads)
        return run_fail(run, "no memory for %d thread handles", nworkers);

    int started = 0;
    int create_error = 0;
    for (; started < nworkers; started++) {
        void *arg = (char *)args + (size_t)started * arg_size;
        create_error = pthread_create(&threads[started], NULL, body, arg);
        if (create_error != 0)
            break;
    }
    /* Join every thread that started, even after a failure: a thread left
     * running would go on using memory the caller is about to free. */
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);

    run->workers_actual = started;
    if (create_error != 0)
        return run_fail(run, "pthread_create for thread %d of %d failed: %s", started,
                        nworkers, strerror(create_error));
    return PB_OK;
}
