/*
 * test_cos_series.c — the cos_series kernel's own checks: the reference
 * itself, every variant and every step of the lesson on awkward sizes,
 * verify's power to say no, and the classic mistakes of the first parallel
 * programs, each named every time it happens (deliberately broken variants,
 * compiled only into this test, prove that each detector detects).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/order.h"
#include "support/testing.h"

#include "version.h" /* PB_BUILD_SRC: which sources this test was built from */

/* " SRC=exercises" in the commands the messages suggest, when it applies. */
#define SRC_SETTING (strcmp(PB_BUILD_SRC, "exercises") == 0 ? " SRC=exercises" : "")

#include "common/exercise.h"
#include "common/outcome.h"
#include "cos_series/cos_series.h"

/* The values quoted in the issue, computed elsewhere to high precision. */
static void test_reference_matches_published_values(void **state)
{
    (void)state;
    assert_close((double)cos_series_reference(1000000), 0.042019653871009649, 1e-16);
    assert_close((double)cos_series_reference(100000000), 0.042019512535212555, 1e-16);
    assert_close((double)cos_series_reference(1000000000), 0.042019506743892418, 1e-16);
    assert_close((double)-logl(2.0L * sinl(0.5L)), 0.042019505825368962, 1e-16);
}

/* Two independent methods, direct compensated summation and the asymptotic
 * tail, agree far below the 1e-12 the checks need. */
static void test_reference_methods_agree(void **state)
{
    (void)state;
    const int64_t ns[] = {1000, 4321, 10000, 100000, 1000000};
    for (size_t i = 0; i < ARRAY_SIZE(ns); i++) {
        long double direct = cos_series_reference_direct(ns[i]);
        long double tail = cos_series_reference_tail(ns[i]);
        if (fabsl(direct - tail) > 1e-17L)
            fail_msg("n=%lld: direct %.20Lg vs tail %.20Lg", (long long)ns[i], direct, tail);
    }
    assert_close((double)cos_series_reference(1), cos(1.0), 1e-15);
    assert_close((double)cos_series_reference(2), cos(1.0) + cos(2.0) / 2, 1e-15);
}

static const char *const variants[] = {"naive", "optimized", "forkpool", "pthreads", "openmp"};

/* Tiny n, n not a multiple of anything, chunks of 1, chunks longer than n,
 * n smaller than the number of workers, ragged ends of table blocks. */
static void test_variants_on_awkward_sizes(void **state)
{
    (void)state;
    static const char *const sizes[][3] = {
        {"n=1", "chunk=1", NULL},          {"n=2", "chunk=4096", NULL},
        {"n=3", "chunk=2", NULL},          {"n=17", "chunk=5", NULL},
        {"n=2047", "chunk=1000", NULL},    {"n=2049", "chunk=2048", NULL},
        {"n=4099", "chunk=4099", NULL},    {"n=100003", "chunk=333", NULL},
    };
    for (size_t s = 0; s < ARRAY_SIZE(sizes); s++) {
        struct kernel_fixture fixture;
        fixture_open(&fixture, &cos_series_kernel, PB_SIZE_TEST, sizes[s]);
        for (size_t v = 0; v < ARRAY_SIZE(variants); v++) {
            if (!testing_selected_variant(variants[v]))
                continue;
            for (int workers = 1; workers <= 7; workers += 6) {
                struct pb_verdict verdict;
                fixture_run_ok(&fixture, variants[v], workers, &verdict);
                if (!verdict.ok)
                    fail_msg("%s %s x%d: %s", sizes[s][0], variants[v], workers, verdict.message);
            }
        }
        fixture_close(&fixture);
    }
}

/* Every step of the lesson (`--set step=N`) computes the right sum. */
static void test_lesson_steps(void **state)
{
    (void)state;
    testing_require_variant("optimized");
    const char *const sizes[][TESTING_STEP_SETTINGS] = {
        {"n=1", "chunk=1", NULL}, {"n=2049", "chunk=2048", NULL}, {"n=100003", "chunk=333", NULL},
        {NULL}};
    testing_lesson_steps(&cos_series_kernel, COS_SERIES_STEPS, sizes, ARRAY_SIZE(sizes));
}

/* verify must reject answers that are wrong by one part in 1e11, a lost
 * chunk, or a chunk counted twice. */
static void test_verify_rejects_wrong_answers(void **state)
{
    (void)state;
    testing_require_variant("optimized");
    struct kernel_fixture fixture;
    fixture_open(&fixture, &cos_series_kernel, PB_SIZE_TEST, NULL);
    struct cos_series *cs = fixture.state;
    struct pb_verdict verdict;
    fixture_run_ok(&fixture, "optimized", 1, &verdict);
    assert_true(verdict.ok);
    const double right = cs->sum;
    const double lost_chunk = right - cs->partials[3].value;
    const double wrong[] = {right * (1 + 1e-11), lost_chunk, right + cs->partials[7].value,
                            -right, NAN, INFINITY};
    for (size_t i = 0; i < ARRAY_SIZE(wrong); i++) {
        cs->sum = wrong[i];
        memset(&verdict, 0, sizeof verdict);
        cos_series_kernel.verify(cs, &verdict);
        if (verdict.ok)
            fail_msg("verify accepted %.17g (right: %.17g)", wrong[i], right);
    }
    fixture_close(&fixture);
}

/* The optimized building block against the reference on its own. */
static void test_chunk_sum_accuracy(void **state)
{
    (void)state;
    testing_require_variant("optimized");
    struct cos_table table;
    exercise_reset();
    cos_table_init(&table);
    cos_series_chunk_sum(&table, 1, 100);
    testing_check_implemented();
    const int64_t ends[] = {1, 9, 2048, 2049, 65536, 1000000};
    for (size_t i = 0; i < ARRAY_SIZE(ends); i++) {
        double sum = cos_series_chunk_sum(&table, 1, ends[i] + 1);
        /* One long chunk is the worst case: the lane sums hold the big early
         * terms (up to 0.5) while rounding ~n/16 times; 3e-13 at n = 1e6. */
        assert_close(sum, (double)cos_series_reference(ends[i]), cos_series_tolerance(ends[i]));
    }
    /* Chunks starting anywhere: [begin, end) = S(end - 1) - S(begin - 1). */
    double piece = cos_series_chunk_sum(&table, 123457, 987655);
    long double expected = cos_series_reference(987654) - cos_series_reference(123456);
    assert_true(fabsl((long double)piece - expected) < 1e-16L);
}

/* ---- The classic mistakes, named every time ------------------------------- */

/*
 * What the ledger and the partials say about the run just made with
 * `workers` workers (common/ledger.h): NULL when every chunk was computed
 * exactly once and, for the variants whose threads write cs->partials, the
 * answer is exactly those partials added in chunk order. Otherwise the
 * mistake, named, in message.
 */
static const char *judge(const struct cos_series *cs, const char *variant, int workers,
                         bool writes_partials, char *message, size_t size)
{
    const int64_t count = cs->chunks.count;
    if (writes_partials && ledger_poisoned(cs->partials, count) == count) {
        snprintf(message, size, LEDGER_SHARED_SUM ": no chunk's partial was written, so the "
                 "answer came from somewhere else; `make test%s SAN=thread KERNEL=cos_series "
                 "VARIANT=%s` names a race's line, and finds none for a reduction",
                 SRC_SETTING, variant);
        return message;
    }
    if (!ledger_check(cs->ledger, count, 1, workers, message, size))
        return message;
    if (!writes_partials)
        return NULL;
    double ordered = partials_sum(cs->partials, count);
    if (memcmp(&ordered, &cs->sum, sizeof ordered) != 0) {
        snprintf(message, size, LEDGER_SHARED_SUM ": the answer %.17g is not the partials "
                 "added in chunk order (%.17g); `make test%s SAN=thread KERNEL=cos_series "
                 "VARIANT=%s` names a race's line, and finds none for a reduction", cs->sum,
                 ordered, SRC_SETTING, variant);
        return message;
    }
    return NULL;
}

/* The student's variants (or the solutions): every chunk once, every
 * answer from the partials, with 2, 3 and 7 workers; pthreads' threads run
 * last-first (support/order.h), so that an answer that depends on the order
 * of the threads cannot come out right by luck. */
static void test_each_chunk_once(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool writes_partials, ordered;
    } checked[] = {{"pthreads", true, true}, {"openmp", true, false}, {"forkpool", false, false}};
    static const int workers[] = {2, 3, 7};
    for (size_t v = 0; v < ARRAY_SIZE(checked); v++) {
        if (!testing_selected_variant(checked[v].name))
            continue;
        for (size_t w = 0; w < ARRAY_SIZE(workers); w++) {
            struct kernel_fixture fixture;
            fixture_open(&fixture, &cos_series_kernel, PB_SIZE_TEST, NULL);
            struct pb_run run = {.workers = workers[w]};
            if (checked[v].ordered)
                order_reverse(&run);
            struct pb_verdict verdict;
            enum pb_status status = fixture_run_with(&fixture, checked[v].name, &run, &verdict);
            if (status == PB_NOT_IMPLEMENTED)
                fail_msg("cos_series %s: not implemented yet", checked[v].name);
            if (status != PB_OK)
                fail_msg("cos_series %s x%d failed: %s", checked[v].name, workers[w], run.message);
            char message[512];
            if (checked[v].ordered && !order_reverse_done(message, sizeof message))
                fail_msg("cos_series %s x%d: %s", checked[v].name, workers[w], message);
            if (judge(fixture.state, checked[v].name, workers[w], checked[v].writes_partials,
                      message, sizeof message))
                fail_msg("cos_series %s x%d: %s", checked[v].name, workers[w], message);
            if (!verdict.ok)
                fail_msg("cos_series %s x%d: %s", checked[v].name, workers[w], verdict.message);
            fixture_close(&fixture);
        }
    }
}

/* -- Deliberately broken variants: tests only. -- */

/* One thread of a broken pthreads variant. */
struct broken_thread {
    pthread_t thread;
    struct cos_series *cs;
    const struct cos_table *table;
    const struct pb_run *run;
    int index, count;
};

static void own_share(const struct broken_thread *self, int64_t *first, int64_t *last)
{
    run_bind_worker(self->run, self->index);
    chunks_of_worker(self->cs->chunks.count, self->index, self->count, first, last);
}

/* The race of the issue: every thread adds its chunks into cs->sum. */
static void *shared_sum(void *arg)
{
    struct broken_thread *self = arg;
    int64_t first, last;
    own_share(self, &first, &last);
    for (int64_t c = first; c < last; c++)
        self->cs->sum += cos_series_chunk(self->cs, self->table, c);
    return NULL;
}

/* The same race, with the partials written too. */
static void *partials_and_shared_sum(void *arg)
{
    struct broken_thread *self = arg;
    int64_t first, last;
    own_share(self, &first, &last);
    for (int64_t c = first; c < last; c++) {
        cos_series_sum_chunk(self->cs, self->table, c);
        self->cs->sum += self->cs->partials[c].value;
    }
    return NULL;
}

/* `omp parallel` without `omp for`: every thread runs the whole loop. */
static void *whole_loop(void *arg)
{
    struct broken_thread *self = arg;
    int64_t first, last;
    own_share(self, &first, &last);
    for (int64_t c = 0; c < self->cs->chunks.count; c++)
        cos_series_sum_chunk(self->cs, self->table, c);
    return NULL;
}

/* Shares one chunk too long: neighbours compute a chunk twice. */
static void *overlapping_share(void *arg)
{
    struct broken_thread *self = arg;
    int64_t first, last;
    own_share(self, &first, &last);
    for (int64_t c = first; c < last + 1 && c < self->cs->chunks.count; c++)
        cos_series_sum_chunk(self->cs, self->table, c);
    return NULL;
}

/* A correct thread body, for the run that joins each thread too early. */
static void *right_share(void *arg)
{
    struct broken_thread *self = arg;
    int64_t first, last;
    own_share(self, &first, &last);
    for (int64_t c = first; c < last; c++)
        cos_series_sum_chunk(self->cs, self->table, c);
    return NULL;
}

enum { BROKEN_MAX_WORKERS = 8 };

/* Runs `body` on run->workers threads, in reverse order (support/order.h,
 * which also keeps ThreadSanitizer quiet: the threads never overlap), then
 * adds the partials unless the body left its own answer in cs->sum. */
static void run_broken_threads(struct kernel_fixture *fixture, struct pb_run *run,
                               void *(*body)(void *), bool join_each, bool reduce)
{
    struct cos_series *cs = fixture->state;
    struct cos_table table;
    cos_table_init(&table);
    struct broken_thread threads[BROKEN_MAX_WORKERS];
    assert_true(run->workers <= BROKEN_MAX_WORKERS);
    order_reverse(run);
    cos_series_kernel.prepare(cs);
    cs->sum = 0.0;
    for (int t = 0; t < run->workers; t++) {
        threads[t] = (struct broken_thread){.cs = cs, .table = &table, .run = run, .index = t,
                                            .count = run->workers};
        assert_int_equal(pthread_create(&threads[t].thread, NULL, body, &threads[t]), 0);
        if (join_each)
            assert_int_equal(pthread_join(threads[t].thread, NULL), 0);
    }
    for (int t = 0; t < run->workers && !join_each; t++)
        assert_int_equal(pthread_join(threads[t].thread, NULL), 0);
    if (reduce)
        cs->sum = partials_sum(cs->partials, cs->chunks.count);
}

/* The parent's view after forked workers wrote into MAP_PRIVATE slots (or
 * into cs->partials, ordinary memory): what the forkpool lesson forbids. */
static enum pb_status forked_into_private(struct cos_series *cs, struct pb_run *run,
                                          bool into_partials)
{
    struct cos_table table;
    cos_table_init(&table);
    const int64_t count = cs->chunks.count;
    const size_t bytes = (size_t)count * sizeof(struct partial);
    struct partial *slots = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(slots != MAP_FAILED);
    partials_poison(slots, count);
    struct partial *target = into_partials ? cs->partials : slots;
    pid_t pids[BROKEN_MAX_WORKERS];
    fflush(NULL);
    for (int t = 0; t < run->workers; t++) {
        pids[t] = fork();
        if (pids[t] == 0) {
            int64_t first, last;
            chunks_of_worker(count, t, run->workers, &first, &last);
            for (int64_t c = first; c < last; c++)
                target[c].value = cos_series_chunk(cs, &table, c);
            _exit(0);
        }
        assert_true(pids[t] > 0);
    }
    for (int t = 0; t < run->workers; t++) {
        int how;
        assert_int_equal(waitpid(pids[t], &how, 0), pids[t]);
        assert_true(WIFEXITED(how) && WEXITSTATUS(how) == 0);
    }
    bool arrived = ledger_check_arrived(cs->ledger, slots, count, run->message,
                                        sizeof run->message);
    assert_int_equal(munmap(slots, bytes), 0);
    return arrived ? PB_OK : PB_FAILED;
}

static void expect_named(const char *what, const char *said, const char *words)
{
    if (!said || !strstr(said, words))
        fail_msg("%s: expected \"%s\", the detector said: %s", what, words,
                 said ? said : "nothing");
}

/* Each classic mistake, made on purpose, is named: by the test's judge,
 * by verify where it can see it, by the fork variant's own check. */
static void test_mistakes_are_named(void **state)
{
    (void)state;
    testing_require_variant("pthreads");
    struct kernel_fixture fixture;
    fixture_open(&fixture, &cos_series_kernel, PB_SIZE_TEST, NULL);
    /* The broken variants below are built on optimized.c's chunk sums: an
     * unfinished optimized exercise is "not implemented yet", not a wrong
     * detector. */
    struct pb_verdict optimized_verdict;
    fixture_run_ok(&fixture, "optimized", 1, &optimized_verdict);
    struct cos_series *cs = fixture.state;
    char message[512];
    struct pb_verdict verdict;
    const int workers = 3;

    struct pb_run run = {.workers = workers};
    run_broken_threads(&fixture, &run, shared_sum, false, false);
    expect_named("a shared sum", judge(cs, "pthreads", workers, true, message, sizeof message),
                 LEDGER_SHARED_SUM);
    expect_named("a shared sum", message, "SAN=thread");

    /* The threads run last-first, so a sum that every thread adds into
     * comes out in a different order than the chunks': certainly a
     * different number, as the test first makes sure. */
    run = (struct pb_run){.workers = workers};
    run_broken_threads(&fixture, &run, right_share, false, true);
    double reversed = 0.0;
    for (int t = workers - 1; t >= 0; t--) {
        int64_t first, last;
        chunks_of_worker(cs->chunks.count, t, workers, &first, &last);
        for (int64_t c = first; c < last; c++)
            reversed += cs->partials[c].value;
    }
    assert_true(reversed != cs->sum);
    run = (struct pb_run){.workers = workers};
    run_broken_threads(&fixture, &run, partials_and_shared_sum, false, false);
    expect_named("partials and a shared sum",
                 judge(cs, "pthreads", workers, true, message, sizeof message), LEDGER_SHARED_SUM);

    run = (struct pb_run){.workers = workers};
    run_broken_threads(&fixture, &run, whole_loop, false, true);
    expect_named("the whole loop in every thread",
                 judge(cs, "openmp", workers, true, message, sizeof message), LEDGER_NOT_DIVIDED);

    run = (struct pb_run){.workers = workers};
    run_broken_threads(&fixture, &run, overlapping_share, false, true);
    expect_named("overlapping shares", judge(cs, "pthreads", workers, true, message,
                                             sizeof message), "overlap");
    memset(&verdict, 0, sizeof verdict);
    cos_series_kernel.verify(cs, &verdict); /* verify sees it too: the answer is right */
    assert_false(verdict.ok);
    expect_named("overlapping shares, verify", verdict.message, "overlap");

    run = (struct pb_run){.workers = 2};
    run_broken_threads(&fixture, &run, right_share, true, true);
    expect_named("each thread joined at once",
                 order_reverse_done(message, sizeof message) ? NULL : message,
                 "never ran at the same time");

    for (int into_partials = 0; into_partials < 2; into_partials++) {
        run = (struct pb_run){.workers = workers};
        cos_series_kernel.prepare(cs);
        assert_int_equal(forked_into_private(cs, &run, into_partials), PB_FAILED);
        expect_named("results in private memory", run.message, LEDGER_PRIVATE);
    }
    fixture_close(&fixture);
}

static void test_tolerance_grows_like_sqrt_n(void **state)
{
    (void)state;
    assert_close(cos_series_tolerance(1000), 1e-12, 1e-15);
    assert_close(cos_series_tolerance(100000000), 1e-12, 1e-15);
    assert_close(cos_series_tolerance(10000000000), 1e-11, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_matches_published_values),
        cmocka_unit_test(test_reference_methods_agree),
        cmocka_unit_test(test_variants_on_awkward_sizes),
        cmocka_unit_test(test_lesson_steps),
        cmocka_unit_test(test_verify_rejects_wrong_answers),
        cmocka_unit_test(test_chunk_sum_accuracy),
        cmocka_unit_test(test_each_chunk_once),
        cmocka_unit_test(test_mistakes_are_named),
        cmocka_unit_test(test_tolerance_grows_like_sqrt_n),
    };
    return cmocka_run_group_tests_name("cos_series", tests, NULL, NULL);
}
