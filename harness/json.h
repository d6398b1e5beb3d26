/*
 * json.h — a small streaming JSON writer (RFC 8259), indented for people.
 *
 * Members are written in order; `key` is the member name inside an object
 * and must be NULL inside an array (and for the top-level value). Strings
 * are escaped; numbers that are not finite are written as null, since JSON
 * has no NaN or infinity.
 */
#ifndef PARBENCH_JSON_H
#define PARBENCH_JSON_H

#include <stdbool.h>
#include <stdio.h>

enum { JSON_MAX_DEPTH = 16 };

struct json_writer {
    FILE *out;
    int depth;
    bool has_members[JSON_MAX_DEPTH]; /* a comma is due before the next member */
};

void json_init(struct json_writer *w, FILE *out);
void json_object_begin(struct json_writer *w, const char *key);
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w, const char *key);
void json_array_end(struct json_writer *w);
void json_string(struct json_writer *w, const char *key, const char *value); /* NULL -> null */
void json_number(struct json_writer *w, const char *key, double value);
void json_int(struct json_writer *w, const char *key, long long value);
void json_bool(struct json_writer *w, const char *key, bool value);
void json_null(struct json_writer *w, const char *key);

/* Writes `text` as a JSON string literal, quotes included. */
void json_write_escaped(FILE *out, const char *text);

#endif
