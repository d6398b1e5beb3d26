/*
 * params.h — kernel parameters: size-class defaults and --set overrides.
 *
 * Every value, default or typed by a user, goes through params_parse, so a
 * default can never be something the command line would refuse.
 */
#ifndef PARBENCH_PARAMS_H
#define PARBENCH_PARAMS_H

#include <stddef.h>

#include "../kernels/kernel.h"

/* One --set: "key=value" or "kernel.key=value" (kernel NULL when absent). */
struct param_setting {
    char kernel[64];
    char key[64];
    char value[256];
    int used; /* how many selected kernels took it: 0 means unknown key */
};

const char *params_size_name(enum pb_size size);
/* 0 and *size on success, -1 for an unknown class name. */
int params_size_parse(const char *text, enum pb_size *size);

/* Index of parameter `name` in kernel->params, or -1. */
int params_find(const struct pb_kernel *kernel, const char *name);

/*
 * Parses `text` as a value of `param`. Returns 0, or -1 with a one-line
 * reason in message[PB_MESSAGE_MAX] ("n=abc: not a whole number").
 */
int params_parse(const struct pb_param *param, const char *text, union pb_value *value,
                 char *message);

/* The value as text that params_parse reads back to the same value. */
void params_format(const struct pb_param *param, union pb_value value, char *buf, size_t size);

/*
 * Fills `values` with the kernel's defaults for `size`, then applies every
 * setting meant for this kernel (counting it in setting->used). Returns 0,
 * or -1 with the reason in message.
 */
int params_resolve(const struct pb_kernel *kernel, enum pb_size size,
                   struct param_setting *settings, size_t nsettings, struct pb_values *values,
                   char *message);

/* Splits "key=value" or "kernel.key=value"; -1 with message if malformed. */
int params_split_setting(const char *text, struct param_setting *setting, char *message);

#endif
