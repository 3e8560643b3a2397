/* table.h - one model for every result: named, typed columns and rows of cells (table.c). */
#ifndef CR_TABLE_H
#define CR_TABLE_H

#include "capreport.h"

enum cr_coltype {
	CR_COL_INT,		/* integer count */
	CR_COL_BYTES,		/* integer byte count: human units in text */
	CR_COL_FLOAT,		/* real number */
	CR_COL_RATE,		/* bits per second: human units in text */
	CR_COL_TIME,		/* absolute time, epoch ns: ISO 8601 UTC */
	CR_COL_SECONDS,		/* duration or relative time, seconds */
	CR_COL_ADDR,		/* address, as text */
	CR_COL_TEXT,		/* any text */
};

struct cr_column {
	char *name;
	enum cr_coltype type;
};

/* One cell. `null` marks an empty cell (CSV: empty; JSON: null). */
struct cr_cell {
	bool null;
	bool number;	/* text that is a number (a metric's value): JSON writes it bare */
	union {
		int64_t i;
		double f;
		char *s;	/* owned by the table */
	} v;
};

/*
 * A table owns its name, columns, rows and the strings in its cells.
 * cr_table_new() / cr_table_free().
 */
struct cr_table {
	char *name;		/* machine name: "conversations" */
	char *title;		/* human title: "IP conversations" */
	GArray *columns;	/* of struct cr_column */
	GPtrArray *rows;	/* of struct cr_cell[ncolumns] */
	GPtrArray *notes;	/* of char *: lines printed under text output */
};

struct cr_table *cr_table_new(const char *name, const char *title);
void cr_table_free(struct cr_table *t);
void cr_table_add_column(struct cr_table *t, const char *name, enum cr_coltype type);
/* A table's columns as data: {name, type} pairs ending in a NULL name. */
struct cr_column_def {
	const char *name;
	enum cr_coltype type;
};
void cr_table_add_columns(struct cr_table *t, const struct cr_column_def *cols);
size_t cr_table_ncols(const struct cr_table *t);
size_t cr_table_nrows(const struct cr_table *t);
void cr_table_add_note(struct cr_table *t, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* The note of a table over time: `n` packets had no time, so are not in it (none when n is 0). */
void cr_table_note_untimed(struct cr_table *t, uint64_t n);

/* Append an empty row (all null) and return it for filling. */
struct cr_cell *cr_table_add_row(struct cr_table *t);
struct cr_cell *cr_table_row(const struct cr_table *t, size_t i);
int cr_table_col(const struct cr_table *t, const char *name);	/* -1: none */

void cr_cell_int(struct cr_cell *c, int64_t v);
void cr_cell_float(struct cr_cell *c, double v);
void cr_cell_text(struct cr_cell *c, const char *s);	/* copied; NULL: null */
void cr_cell_take(struct cr_cell *c, char *s);		/* takes ownership */

/*
 * A row of a metric,value table: `value` is taken (NULL: null); `number`
 * says it is a number written as text ("%.3f"), so JSON gives it as one.
 */
void cr_table_add_metric(struct cr_table *t, const char *metric, char *value, bool number);
/* Insert column `name` at `pos`, every row holding a copy of `fill` (its text copied). */
void cr_table_insert_column(struct cr_table *t, size_t pos, const char *name, enum cr_coltype type,
			    const struct cr_cell *fill);
/* Move the rows and notes of `src` (the same columns) to the end of `dst`; `src` is left empty. */
void cr_table_append_rows(struct cr_table *dst, struct cr_table *src);

/* Stable sort by a comparison over rows. */
void cr_table_sort(struct cr_table *t, GCompareDataFunc cmp, gpointer data);
/* Keep only the first n rows (n <= 0: keep all). */
void cr_table_truncate(struct cr_table *t, int n);

#endif
