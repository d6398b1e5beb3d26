/* jsonread.c — a recursive-descent JSON parser (see jsonread.h). */
#include "jsonread.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 64 };

struct parser {
    const char *p;
    const char *start;
    char *message;
    int depth;
};

static int fail(struct parser *ps, const char *what)
{
    snprintf(ps->message, 256, "JSON: %s at offset %ld", what, (long)(ps->p - ps->start));
    return -1;
}

static void skip_space(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
}

static int parse_value(struct parser *ps, struct json_value *out);

/* Appends the UTF-8 encoding of code point cp. */
static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

static int parse_hex4(struct parser *ps, unsigned *cp)
{
    *cp = 0;
    for (int i = 0; i < 4; i++) {
        char c = *ps->p;
        if (c == '\0')
            return fail(ps, "bad \\u escape");
        ps->p++;
        unsigned digit = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                         : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                         : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
        if (digit == 16)
            return fail(ps, "bad \\u escape");
        *cp = *cp * 16 + digit;
    }
    return 0;
}

static int parse_string(struct parser *ps, char **out)
{
    ps->p++; /* the opening quote */
    size_t capacity = strlen(ps->p) + 1;
    char *text = malloc(capacity), *w = text;
    if (!text)
        return fail(ps, "out of memory");
    for (;;) {
        unsigned char c = (unsigned char)*ps->p;
        if (c < 0x20) { /* the end of the text, or a raw control character */
            free(text);
            return fail(ps, "unterminated string or raw control character");
        }
        ps->p++;
        if (c == '"')
            break;
        if (c != '\\') {
            *w++ = (char)c;
            continue;
        }
        char e = *ps->p;
        if (e)
            ps->p++;
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            static const char decoded[] = "\"\\/\b\f\n\r\t";
            *w++ = decoded[simple - "\"\\/bfnrt"];
        } else if (e == 'u') {
            unsigned cp;
            if (parse_hex4(ps, &cp) != 0) {
                free(text);
                return -1;
            }
            w += put_utf8(w, cp); /* a \u escape never expands beyond its 6 bytes */
        } else {
            free(text);
            return fail(ps, "bad escape");
        }
    }
    *w = '\0';
    *out = text;
    return 0;
}

static int parse_container(struct parser *ps, struct json_value *out, bool object)
{
    char close = object ? '}' : ']';
    out->type = object ? JSON_OBJECT : JSON_ARRAY;
    if (++ps->depth > MAX_DEPTH)
        return fail(ps, "nested too deeply");
    ps->p++;
    skip_space(ps);
    size_t capacity = 0;
    if (*ps->p == close) {
        ps->p++;
        ps->depth--;
        return 0;
    }
    for (;;) {
        if (out->count == capacity) {
            capacity = capacity ? 2 * capacity : 8;
            struct json_value *items = realloc(out->items, capacity * sizeof *items);
            char **keys = object ? realloc(out->keys, capacity * sizeof *keys) : NULL;
            if (items)
                out->items = items;
            if (keys)
                out->keys = keys;
            if (!items || (object && !keys))
                return fail(ps, "out of memory");
        }
        skip_space(ps);
        if (object) {
            if (*ps->p != '"')
                return fail(ps, "expected a member name");
            if (parse_string(ps, &out->keys[out->count]) != 0)
                return -1;
            skip_space(ps);
            if (*ps->p != ':') {
                free(out->keys[out->count]);
                return fail(ps, "expected ':'");
            }
            ps->p++;
        }
        memset(&out->items[out->count], 0, sizeof out->items[0]);
        out->count++;
        if (parse_value(ps, &out->items[out->count - 1]) != 0)
            return -1;
        skip_space(ps);
        if (*ps->p == ',') {
            ps->p++;
            continue;
        }
        if (*ps->p != close)
            return fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
        ps->p++;
        ps->depth--;
        return 0;
    }
}

static int parse_literal(struct parser *ps, struct json_value *out)
{
    static const struct {
        const char *word;
        enum json_type type;
        bool value;
    } literals[] = {{"true", JSON_BOOL, true}, {"false", JSON_BOOL, false}, {"null", JSON_NULL, false}};
    for (size_t i = 0; i < 3; i++)
        if (strncmp(ps->p, literals[i].word, strlen(literals[i].word)) == 0) {
            ps->p += strlen(literals[i].word);
            out->type = literals[i].type;
            out->boolean = literals[i].value;
            return 0;
        }
    return fail(ps, "unexpected character");
}

static int parse_number(struct parser *ps, struct json_value *out)
{
    const char *s = ps->p;
    if (*s == '-')
        s++;
    if (*s < '0' || *s > '9')
        return fail(ps, "bad number");
    char *end;
    errno = 0;
    out->number = strtod(ps->p, &end);
    if (errno == ERANGE && fabs(out->number) > 1.0)
        return fail(ps, "number out of range");
    out->type = JSON_NUMBER;
    ps->p = end;
    return 0;
}

static int parse_value(struct parser *ps, struct json_value *out)
{
    skip_space(ps);
    switch (*ps->p) {
    case '{': return parse_container(ps, out, true);
    case '[': return parse_container(ps, out, false);
    case '"':
        out->type = JSON_STRING;
        return parse_string(ps, &out->string);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return parse_number(ps, out);
    default: return parse_literal(ps, out);
    }
}

static void free_members(struct json_value *value)
{
    for (size_t i = 0; i < value->count; i++) {
        free_members(&value->items[i]);
        if (value->keys)
            free(value->keys[i]);
    }
    free(value->items);
    free(value->keys);
    free(value->string);
}

void json_value_free(struct json_value *value)
{
    if (!value)
        return;
    free_members(value);
    free(value);
}

struct json_value *json_parse(const char *text, char *message)
{
    struct parser ps = {text, text, message, 0};
    struct json_value *root = calloc(1, sizeof *root);
    if (!root) {
        snprintf(message, 256, "JSON: out of memory");
        return NULL;
    }
    int result = parse_value(&ps, root);
    if (result == 0) {
        skip_space(&ps);
        if (*ps.p != '\0')
            result = fail(&ps, "text after the document");
    }
    if (result != 0) {
        json_value_free(root);
        return NULL;
    }
    return root;
}

struct json_value *json_parse_file(const char *path, char *message)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(message, 256, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    size_t got = text ? fread(text, 1, (size_t)size, f) : 0;
    fclose(f);
    if (!text || got != (size_t)size) {
        free(text);
        snprintf(message, 256, "cannot read %s", path);
        return NULL;
    }
    text[got] = '\0';
    struct json_value *root = json_parse(text, message);
    free(text);
    return root;
}

const struct json_value *json_path(const struct json_value *root, const char *path)
{
    const struct json_value *v = root;
    while (v && *path) {
        size_t len = strcspn(path, ".");
        const struct json_value *next = NULL;
        for (size_t i = 0; v->type == JSON_OBJECT && i < v->count; i++)
            if (strlen(v->keys[i]) == len && strncmp(v->keys[i], path, len) == 0)
                next = &v->items[i];
        v = next;
        path += len + (path[len] == '.');
    }
    return v;
}

const char *json_path_string(const struct json_value *root, const char *path,
                             const char *fallback)
{
    const struct json_value *v = json_path(root, path);
    return v && v->type == JSON_STRING ? v->string : fallback;
}

double json_path_number(const struct json_value *root, const char *path)
{
    const struct json_value *v = json_path(root, path);
    return v && v->type == JSON_NUMBER ? v->number : NAN;
}

bool json_path_bool(const struct json_value *root, const char *path, bool fallback)
{
    const struct json_value *v = json_path(root, path);
    return v && v->type == JSON_BOOL ? v->boolean : fallback;
}
