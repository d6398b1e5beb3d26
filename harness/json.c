/* json.c — see json.h. */
#include "json.h"

#include <math.h>

#include "../kernels/common/check.h"

void json_init(struct json_writer *w, FILE *out)
{
    w->out = out;
    w->depth = 0;
    w->has_members[0] = false;
}

void json_write_escaped(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* Comma, newline, indentation and "key": before a member. */
static void begin_member(struct json_writer *w, const char *key)
{
    if (w->has_members[w->depth])
        fputc(',', w->out);
    if (w->depth > 0) {
        fputc('\n', w->out);
        fprintf(w->out, "%*s", 2 * w->depth, "");
    }
    w->has_members[w->depth] = true;
    if (key) {
        json_write_escaped(w->out, key);
        fputs(": ", w->out);
    }
}

static void open_container(struct json_writer *w, const char *key, char bracket)
{
    begin_member(w, key);
    fputc(bracket, w->out);
    PB_CHECK(w->depth + 1 < JSON_MAX_DEPTH);
    w->depth++;
    w->has_members[w->depth] = false;
}

static void close_container(struct json_writer *w, char bracket)
{
    PB_CHECK(w->depth > 0);
    bool had_members = w->has_members[w->depth];
    w->depth--;
    if (had_members) {
        fputc('\n', w->out);
        fprintf(w->out, "%*s", 2 * w->depth, "");
    }
    fputc(bracket, w->out);
    if (w->depth == 0)
        fputc('\n', w->out);
}

void json_object_begin(struct json_writer *w, const char *key) { open_container(w, key, '{'); }
void json_object_end(struct json_writer *w) { close_container(w, '}'); }
void json_array_begin(struct json_writer *w, const char *key) { open_container(w, key, '['); }
void json_array_end(struct json_writer *w) { close_container(w, ']'); }

void json_string(struct json_writer *w, const char *key, const char *value)
{
    begin_member(w, key);
    if (value)
        json_write_escaped(w->out, value);
    else
        fputs("null", w->out);
}

void json_number(struct json_writer *w, const char *key, double value)
{
    begin_member(w, key);
    if (isfinite(value))
        fprintf(w->out, "%.17g", value);
    else
        fputs("null", w->out);
}

void json_int(struct json_writer *w, const char *key, long long value)
{
    begin_member(w, key);
    fprintf(w->out, "%lld", value);
}

void json_bool(struct json_writer *w, const char *key, bool value)
{
    begin_member(w, key);
    fputs(value ? "true" : "false", w->out);
}

void json_null(struct json_writer *w, const char *key)
{
    begin_member(w, key);
    fputs("null", w->out);
}
