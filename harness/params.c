/* params.c — parsing and resolving kernel parameters (see params.h). */
#include "params.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernels/common/check.h"

static const char *const size_names[PB_SIZE_COUNT] = {"test", "small", "default", "large"};

const char *params_size_name(enum pb_size size)
{
    PB_CHECK(size >= 0 && size < PB_SIZE_COUNT);
    return size_names[size];
}

int params_size_parse(const char *text, enum pb_size *size)
{
    for (int s = 0; s < PB_SIZE_COUNT; s++)
        if (strcmp(text, size_names[s]) == 0) {
            *size = (enum pb_size)s;
            return 0;
        }
    return -1;
}

int params_find(const struct pb_kernel *kernel, const char *name)
{
    for (size_t i = 0; i < kernel->nparams; i++)
        if (strcmp(kernel->params[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int fail(char *message, const struct pb_param *param, const char *text, const char *why)
{
    snprintf(message, PB_MESSAGE_MAX, "%s=%s: %s", param->name, text, why);
    return -1;
}

static bool has_space(const char *text)
{
    for (const char *p = text; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            return true;
    return false;
}

/* Only decimal digits after an optional sign: read it as an exact integer. */
static bool plain_integer(const char *text)
{
    const char *p = text + (*text == '-' || *text == '+');
    if (!*p)
        return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

static int check_range(const struct pb_param *param, const char *text, double value,
                       char *message)
{
    if (value >= param->min && value <= param->max)
        return 0;
    char why[160];
    snprintf(why, sizeof why, "must be between %.17g and %.17g", param->min, param->max);
    return fail(message, param, text, why);
}

static int parse_int(const struct pb_param *param, const char *text, union pb_value *value,
                     char *message)
{
    char *end;
    errno = 0;
    if (plain_integer(text)) {
        long long parsed = strtoll(text, &end, 10);
        if (errno == ERANGE)
            return fail(message, param, text, "too large for a 64-bit integer");
        /* Compare as integers: a double cannot tell 2^53 + 1 from 2^53. */
        PB_CHECK(param->max < 9.2e18 && param->min > -9.2e18);
        if (parsed < (long long)param->min || parsed > (long long)param->max)
            return check_range(param, text, INFINITY, message);
        value->i = parsed;
        return 0;
    }
    /* Scientific notation, as people write sizes: "1e8", "2.5e6". */
    double parsed = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(parsed) || parsed != floor(parsed))
        return fail(message, param, text, "not a whole number");
    if (check_range(param, text, parsed, message) != 0)
        return -1;
    value->i = (int64_t)parsed; /* exact: the range check keeps it below 2^63 */
    return 0;
}

static int parse_real(const struct pb_param *param, const char *text, union pb_value *value,
                      char *message)
{
    char *end;
    errno = 0;
    double parsed = strtod(text, &end);
    if (end == text || *end != '\0')
        return fail(message, param, text, "not a number");
    if (!isfinite(parsed))
        return fail(message, param, text, "must be a finite number");
    if (check_range(param, text, parsed, message) != 0)
        return -1;
    value->r = parsed;
    return 0;
}

static int parse_choice(const struct pb_param *param, const char *text, union pb_value *value,
                        char *message)
{
    char why[200] = "must be one of:";
    for (int c = 0; param->choices[c]; c++) {
        if (strcmp(text, param->choices[c]) == 0) {
            value->i = c;
            return 0;
        }
        size_t used = strlen(why);
        snprintf(why + used, sizeof why - used, " %s", param->choices[c]);
    }
    return fail(message, param, text, why);
}

int params_parse(const struct pb_param *param, const char *text, union pb_value *value,
                 char *message)
{
    if (text[0] == '\0')
        return fail(message, param, text, "empty value");
    if (has_space(text))
        return fail(message, param, text, "white space in the value");
    switch (param->type) {
    case PB_PARAM_INT: return parse_int(param, text, value, message);
    case PB_PARAM_REAL: return parse_real(param, text, value, message);
    case PB_PARAM_CHOICE: return parse_choice(param, text, value, message);
    }
    PB_CHECK(!"unknown parameter type");
    return -1;
}

void params_format(const struct pb_param *param, union pb_value value, char *buf, size_t size)
{
    switch (param->type) {
    case PB_PARAM_INT: snprintf(buf, size, "%lld", (long long)value.i); break;
    case PB_PARAM_REAL: snprintf(buf, size, "%.17g", value.r); break;
    case PB_PARAM_CHOICE: snprintf(buf, size, "%s", param->choices[value.i]); break;
    }
}

int params_split_setting(const char *text, struct param_setting *setting, char *message)
{
    memset(setting, 0, sizeof *setting);
    const char *equals = strchr(text, '=');
    if (!equals || equals == text) {
        snprintf(message, PB_MESSAGE_MAX, "--set %s: expected KEY=VALUE", text);
        return -1;
    }
    size_t key_len = (size_t)(equals - text);
    const char *dot = memchr(text, '.', key_len);
    const char *key = dot ? dot + 1 : text;
    size_t kernel_len = dot ? (size_t)(dot - text) : 0;
    size_t name_len = key_len - (dot ? kernel_len + 1 : 0);
    if (kernel_len >= sizeof setting->kernel || name_len >= sizeof setting->key ||
        strlen(equals + 1) >= sizeof setting->value || name_len == 0 || (dot && !kernel_len)) {
        snprintf(message, PB_MESSAGE_MAX, "--set %.80s: malformed or too long", text);
        return -1;
    }
    memcpy(setting->kernel, text, kernel_len);
    memcpy(setting->key, key, name_len);
    snprintf(setting->value, sizeof setting->value, "%s", equals + 1);
    return 0;
}

int params_resolve(const struct pb_kernel *kernel, enum pb_size size,
                   struct param_setting *settings, size_t nsettings, struct pb_values *values,
                   char *message)
{
    PB_CHECK(kernel->nparams <= PB_MAX_PARAMS);
    memset(values, 0, sizeof *values);
    for (size_t i = 0; i < kernel->nparams; i++) {
        const struct pb_param *param = &kernel->params[i];
        /* A default that does not parse is the kernel author's bug. */
        PB_CHECK(params_parse(param, param->defaults[size], &values->v[i], message) == 0);
    }
    for (size_t s = 0; s < nsettings; s++) {
        struct param_setting *setting = &settings[s];
        if (setting->kernel[0] && strcmp(setting->kernel, kernel->name) != 0)
            continue;
        int index = params_find(kernel, setting->key);
        if (index < 0)
            continue;
        char why[PB_MESSAGE_MAX];
        if (params_parse(&kernel->params[index], setting->value, &values->v[index], why) != 0) {
            snprintf(message, PB_MESSAGE_MAX, "%s: %.200s", kernel->name, why);
            return -1;
        }
        setting->used++;
    }
    return 0;
}
