/* cellproto.c — the cell's command line and messages (see cellproto.h). */
#include "cellproto.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../kernels/common/check.h"
#include "../kernels/registry.h"
#include "params.h"

const char *cell_status_name(enum cell_status status)
{
    static const char *const names[] = {"OK",          "FAILED",     "TIMEOUT", "NOT_IMPLEMENTED",
                                        "INTERRUPTED", "UNAVAILABLE"};
    PB_CHECK((size_t)status < ARRAY_SIZE(names));
    return names[status];
}

/* Positions after CELL_INTERNAL_FLAG, in this order, then KEY=VALUE for
 * every parameter of the kernel. */
enum {
    ARG_CHANNEL = 2, /* "fd:N" or "unix:PATH" */
    ARG_KERNEL, ARG_VARIANT, ARG_WORKERS, ARG_THREADS, ARG_WARMUP, ARG_CALLS, ARG_MIN_SAMPLE,
    ARG_IMAGE, /* the image path, or "-" for none */
    ARG_BIND,  /* CPUs for the workers, "0,2,4", or "-" for no binding */
    ARG_PARAMS
};

#define CHANNEL_FD "fd:"
#define CHANNEL_UNIX "unix:"

/* Appends one argument to args, its text to `text`. */
struct arg_writer {
    char *text;
    size_t size, used;
    char **args;
    int count;
};

static void put(struct arg_writer *w, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void put(struct arg_writer *w, const char *format, ...)
{
    char *slot = w->text + w->used;
    va_list list;
    va_start(list, format);
    int len = vsnprintf(slot, w->size - w->used, format, list);
    va_end(list);
    PB_CHECK(len >= 0 && (size_t)len < w->size - w->used);
    w->used += (size_t)len + 1;
    w->args[w->count++] = slot;
}

static void put_cpu_list(struct arg_writer *w, const int *cpus, int count)
{
    char list[CLI_MAX_WORKERS * 6] = "-";
    size_t used = 0;
    for (int i = 0; i < count && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%d", i ? "," : "", cpus[i]);
    put(w, "%s", list);
}

void cellproto_encode(const char *runner, const struct cell_spec *spec,
                      const struct cell_channel *channel, char *text, size_t size, char **args)
{
    struct arg_writer w = {text, size, 0, args, 0};
    put(&w, "%s", runner);
    put(&w, "%s", CELL_INTERNAL_FLAG);
    if (channel->unix_path)
        put(&w, "%s%s", CHANNEL_UNIX, channel->unix_path);
    else
        put(&w, "%s%d", CHANNEL_FD, channel->fd);
    put(&w, "%s", spec->kernel->name);
    put(&w, "%s", spec->variant->name);
    put(&w, "%d", spec->workers);
    put(&w, "%d", spec->threads_per_rank > 1 ? spec->threads_per_rank : 1);
    put(&w, "%d", spec->warmup);
    put(&w, "%d", spec->calls);
    put(&w, "%.17g", spec->min_sample_s);
    put(&w, "%s", spec->image_path ? spec->image_path : "-");
    put_cpu_list(&w, spec->bind_cpus, spec->nbind_cpus);
    for (size_t p = 0; p < spec->kernel->nparams; p++) {
        const struct pb_param *param = &spec->kernel->params[p];
        char value[256];
        params_format(param, spec->values.v[p], value, sizeof value);
        put(&w, "%s=%s", param->name, value);
    }
    args[w.count] = NULL;
}

/* A whole number in [0, INT_MAX] and nothing else, or -1. */
static int arg_number(const char *text)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    return end != text && *end == '\0' && errno == 0 && value >= 0 && value <= INT_MAX
               ? (int)value
               : -1;
}

/* "0,2,4" into spec->bind_cpus ("-": none). */
static int decode_cpu_list(const char *text, struct cell_spec *spec)
{
    static int cpus[CLI_MAX_WORKERS];
    spec->nbind_cpus = 0;
    spec->bind_cpus = NULL;
    if (strcmp(text, "-") == 0)
        return 0;
    for (const char *p = text; *p && spec->nbind_cpus < CLI_MAX_WORKERS;) {
        int cpu = 0;
        const char *end = p;
        while (*end >= '0' && *end <= '9' && cpu < 1000000)
            cpu = cpu * 10 + (*end++ - '0');
        if (end == p || (*end != ',' && *end != '\0'))
            return -1;
        cpus[spec->nbind_cpus++] = cpu;
        p = *end ? end + 1 : end;
    }
    spec->bind_cpus = cpus;
    return 0;
}

static int decode_params(int argc, char **argv, struct cell_spec *spec)
{
    if (argc - ARG_PARAMS != (int)spec->kernel->nparams)
        return -1;
    for (int a = ARG_PARAMS; a < argc; a++) {
        const struct pb_param *param = &spec->kernel->params[a - ARG_PARAMS];
        size_t name_len = strlen(param->name);
        char message[PB_MESSAGE_MAX];
        if (strncmp(argv[a], param->name, name_len) != 0 || argv[a][name_len] != '=' ||
            params_parse(param, argv[a] + name_len + 1, &spec->values.v[a - ARG_PARAMS],
                         message) != 0)
            return -1;
    }
    return 0;
}

/* "fd:N" or "unix:PATH" (a path that fits a socket address). */
static int decode_channel(const char *text, struct cell_channel *channel)
{
    channel->fd = -1;
    channel->unix_path = NULL;
    if (strncmp(text, CHANNEL_FD, strlen(CHANNEL_FD)) == 0)
        channel->fd = arg_number(text + strlen(CHANNEL_FD));
    else if (strncmp(text, CHANNEL_UNIX, strlen(CHANNEL_UNIX)) == 0)
        channel->unix_path = text + strlen(CHANNEL_UNIX);
    else
        return -1;
    if (channel->unix_path)
        return channel->unix_path[0] == '/' && strlen(channel->unix_path) < CELLPROTO_MAX_PATH
                   ? 0
                   : -1;
    return channel->fd >= 0 ? 0 : -1;
}

int cellproto_decode(int argc, char **argv, struct cell_spec *spec, struct cell_channel *channel)
{
    if (argc < ARG_PARAMS || strcmp(argv[1], CELL_INTERNAL_FLAG) != 0)
        return -1;
    memset(spec, 0, sizeof *spec);
    spec->kernel = registry_find(argv[ARG_KERNEL]);
    spec->variant = spec->kernel ? registry_find_variant(spec->kernel, argv[ARG_VARIANT]) : NULL;
    if (!spec->variant || decode_channel(argv[ARG_CHANNEL], channel) != 0)
        return -1;
    spec->workers = arg_number(argv[ARG_WORKERS]);
    spec->threads_per_rank = arg_number(argv[ARG_THREADS]);
    spec->warmup = arg_number(argv[ARG_WARMUP]);
    spec->calls = arg_number(argv[ARG_CALLS]);
    char *end;
    spec->min_sample_s = strtod(argv[ARG_MIN_SAMPLE], &end);
    spec->image_path = strcmp(argv[ARG_IMAGE], "-") == 0 ? NULL : argv[ARG_IMAGE];
    if (*end != '\0' || !isfinite(spec->min_sample_s) || spec->min_sample_s < 0 ||
        spec->threads_per_rank < 1 || spec->threads_per_rank > CLI_MAX_WORKERS ||
        spec->workers < 1 || spec->workers > CLI_MAX_WORKERS ||
        spec->warmup < 0 || spec->calls < 0 || decode_cpu_list(argv[ARG_BIND], spec) != 0)
        return -1;
    return decode_params(argc, argv, spec);
}

int cellproto_write(int fd, const void *buf, size_t size)
{
    const char *p = buf;
    while (size > 0) {
        ssize_t written = write(fd, p, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return -1;
        p += written;
        size -= (size_t)written;
    }
    return 0;
}

int cellproto_read(int fd, void *buf, size_t size)
{
    char *p = buf;
    while (size > 0) {
        ssize_t got = read(fd, p, size);
        if (got < 0 && errno == EINTR)
            continue;
        if (got == 0)
            errno = 0;
        if (got <= 0)
            return -1;
        p += got;
        size -= (size_t)got;
    }
    return 0;
}
