/* csvread.c — see csvread.h. */
#include "csvread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing array of fields for one record. */
struct record {
    char **fields;
    size_t count, capacity;
};

static int record_add(struct record *r, const char *text, size_t len)
{
    if (r->count == r->capacity) {
        size_t capacity = r->capacity ? 2 * r->capacity : 16;
        char **grown = realloc(r->fields, capacity * sizeof *grown);
        if (!grown)
            return -1;
        r->fields = grown;
        r->capacity = capacity;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, text, len);
    copy[len] = '\0';
    r->fields[r->count++] = copy;
    return 0;
}

static void record_free(struct record *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->fields[i]);
    free(r->fields);
    memset(r, 0, sizeof *r);
}

/*
 * Parses one record starting at *p (which it advances past the line end).
 * Returns 1 for a record, 0 at the end of the text, -1 on a malformed one.
 */
static int parse_record(const char **p, struct record *r, char *scratch)
{
    const char *s = *p;
    if (*s == '\0')
        return 0;
    for (;;) {
        size_t len = 0;
        if (*s == '"') {
            for (s++;; s++) {
                if (*s == '\0')
                    return -1; /* unterminated quote */
                if (*s == '"' && s[1] == '"')
                    scratch[len++] = *s++;
                else if (*s == '"')
                    break;
                else
                    scratch[len++] = *s;
            }
            s++;
        } else {
            while (*s && *s != ',' && *s != '\n' && *s != '\r')
                scratch[len++] = *s++;
        }
        if (record_add(r, scratch, len) != 0)
            return -1;
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        else if (*s != '\0')
            return -1; /* text after a closing quote */
        *p = s;
        return 1;
    }
}

static char *read_whole_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t used = 0, capacity = 0, got;
    do {
        if (capacity - used < 65536) {
            capacity = capacity ? 2 * capacity : 65536;
            char *grown = realloc(text, capacity + 1);
            if (!grown) {
                free(text);
                fclose(f);
                return NULL;
            }
            text = grown;
        }
        got = fread(text + used, 1, capacity - used, f);
        used += got;
    } while (got > 0);
    fclose(f);
    text[used] = '\0';
    *size = used;
    return text;
}

int csv_read(const char *path, struct csv_table *table, char *message)
{
    memset(table, 0, sizeof *table);
    size_t size = 0;
    char *text = read_whole_file(path, &size);
    char *scratch = malloc(size + 1);
    if (!text || !scratch) {
        snprintf(message, 256, "cannot read %s", path);
        free(text);
        free(scratch);
        return -1;
    }
    const char *p = text;
    struct record r = {0};
    int result = 0;
    size_t line = 0, capacity = 0;
    for (int got; (got = parse_record(&p, &r, scratch)) != 0; line++) {
        if (got < 0 || (line > 0 && r.count != table->ncolumns)) {
            snprintf(message, 256, "%s: line %zu is malformed", path, line + 1);
            result = -1;
            break;
        }
        if (line == 0) {
            table->header = r.fields;
            table->ncolumns = r.count;
        } else {
            if (table->nrows == capacity) {
                capacity = capacity ? 2 * capacity : 64;
                char ***grown = realloc(table->rows, capacity * sizeof *grown);
                if (!grown) {
                    result = -1;
                    break;
                }
                table->rows = grown;
            }
            table->rows[table->nrows++] = r.fields;
        }
        memset(&r, 0, sizeof r);
    }
    record_free(&r);
    free(scratch);
    free(text);
    if (result == 0 && table->ncolumns == 0) {
        snprintf(message, 256, "%s is empty", path);
        result = -1;
    }
    if (result != 0)
        csv_free(table);
    return result;
}

void csv_free(struct csv_table *table)
{
    for (size_t r = 0; r < table->nrows; r++) {
        for (size_t c = 0; c < table->ncolumns; c++)
            free(table->rows[r][c]);
        free(table->rows[r]);
    }
    for (size_t c = 0; table->header && c < table->ncolumns; c++)
        free(table->header[c]);
    free(table->header);
    free(table->rows);
    memset(table, 0, sizeof *table);
}

int csv_column(const struct csv_table *table, const char *name)
{
    for (size_t c = 0; c < table->ncolumns; c++)
        if (strcmp(table->header[c], name) == 0)
            return (int)c;
    return -1;
}

const char *csv_text(const struct csv_table *table, size_t row, const char *name)
{
    int column = csv_column(table, name);
    return column < 0 || row >= table->nrows ? "" : table->rows[row][column];
}

double csv_number(const struct csv_table *table, size_t row, const char *name)
{
    const char *text = csv_text(table, row, name);
    char *end;
    double value = strtod(text, &end);
    return end == text || *end != '\0' ? NAN : value;
}
