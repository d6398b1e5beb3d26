/*
 * jsonread.h — a small JSON parser (RFC 8259), for reading run.json back.
 */
#ifndef PARBENCH_JSONREAD_H
#define PARBENCH_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_value {
    enum json_type type;
    bool boolean;
    double number;
    char *string;              /* JSON_STRING, UTF-8 */
    size_t count;              /* JSON_ARRAY and JSON_OBJECT */
    struct json_value *items;  /* count values */
    char **keys;               /* JSON_OBJECT: count member names */
};

/* Parses a whole document; NULL with a one-line reason in message[256]. */
struct json_value *json_parse(const char *text, char *message);
struct json_value *json_parse_file(const char *path, char *message);
void json_value_free(struct json_value *value);

/* The value at a dotted path of member names ("machine.cpu_model"), or NULL. */
const struct json_value *json_path(const struct json_value *root, const char *path);

/* Conveniences: the string (or fallback), the number (or NAN) at a path. */
const char *json_path_string(const struct json_value *root, const char *path,
                             const char *fallback);
double json_path_number(const struct json_value *root, const char *path);
bool json_path_bool(const struct json_value *root, const char *path, bool fallback);

#endif
