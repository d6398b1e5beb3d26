/*
 * csvread.h — reading back a CSV file parbench wrote (RFC 4180: fields in
 * double quotes may hold commas and doubled quotes).
 */
#ifndef PARBENCH_CSVREAD_H
#define PARBENCH_CSVREAD_H

#include <stddef.h>

struct csv_table {
    size_t ncolumns, nrows;
    char **header;  /* ncolumns names */
    char ***rows;   /* nrows x ncolumns fields */
};

/* Reads path; 0, or -1 with a one-line reason in message[256]. Rows with a
 * different number of fields than the header are an error. */
int csv_read(const char *path, struct csv_table *table, char *message);
void csv_free(struct csv_table *table);

/* The index of column `name`, or -1. */
int csv_column(const struct csv_table *table, const char *name);

/* The field, or "" when the column does not exist. */
const char *csv_text(const struct csv_table *table, size_t row, const char *name);

/* The field as a number: NAN when empty or not a number ("inf" reads as infinity). */
double csv_number(const struct csv_table *table, size_t row, const char *name);

#endif
