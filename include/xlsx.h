/* xlsx.h - XLSX workbooks (libxlsxwriter): tables as sheets, native charts, colour scales, row streams. */
#ifndef CR_XLSX_H
#define CR_XLSX_H

#include "table.h"

/* Excel's limits: rows per sheet (less the header row), characters per cell. */
#define CR_XLSX_MAX_ROWS 1048575
#define CR_XLSX_MAX_CELL 32767
/* More rows than this in a workbook: libxlsxwriter's constant-memory mode. */
#define CR_XLSX_BIG_ROWS 65536

enum cr_xlsx_chart {
	CR_XLSX_CHART_NONE,
	CR_XLSX_CHART_COLUMN,	/* vertical bars, one per row: a timeline */
	CR_XLSX_CHART_BAR,	/* horizontal bars, stacked: a ranking */
};

/*
 * How a table becomes a sheet. Every sheet has a bold header row, frozen
 * panes below it, an autofilter over the table and fitted column widths.
 * Column names (chart_x, chart_y) that the table lacks are skipped.
 */
struct cr_xlsx_sheet_opts {
	const char *table;		/* the table name these defaults are for */
	const char *sheet;		/* sheet name wanted (made legal and unique); NULL: the table's title */
	enum cr_xlsx_chart chart;
	const char *chart_x;		/* category column; NULL: the first column */
	const char *chart_y[4];		/* value columns, NULL-ended */
	const char *chart_title;
	bool color_scale;		/* green-yellow-red scale over the numeric block */
	bool block_has_totals;		/* the last row and last column are totals: outside the scale */
	bool totals_row;		/* a "total" row of the count columns' sums under the table */
	bool typed_values;		/* metric/value tables: numbers and ISO times in text become numbers and dates */
};

/*
 * A workbook being written. cr_xlsx_new() creates a temporary file beside
 * `path` at once (so an unwritable folder fails before any work);
 * cr_xlsx_commit() writes it and renames it to `path`; cr_xlsx_abort()
 * leaves no file. Both free the builder.
 */
struct cr_xlsx;
struct cr_xlsx *cr_xlsx_new(const char *path, GError **err);
/* Constant-memory mode (rows go to temporary files as written); before the first sheet. */
void cr_xlsx_set_constant_memory(struct cr_xlsx *x, bool on);
/*
 * Add `t` as the next sheet; o NULL: the defaults for t's name ("conversations"
 * gets a totals row, "matrix" a colour scale, "top_talkers" a bar chart,
 * "timeline" a column chart of "packets"). The table can be freed after.
 */
int cr_xlsx_add_table(struct cr_xlsx *x, const struct cr_table *t, const struct cr_xlsx_sheet_opts *o, GError **err);
/* The name the last sheet got, after sanitising (owned by x). */
const char *cr_xlsx_last_sheet(const struct cr_xlsx *x);
int cr_xlsx_commit(struct cr_xlsx *x, GError **err);
void cr_xlsx_abort(struct cr_xlsx *x);

/*
 * Rows streamed into sheets "NAME", "NAME 2", ... of at most `per_sheet`
 * rows each (at most CR_XLSX_MAX_ROWS). Fields arrive as text and are
 * written by column type: integers and times as numbers and dates when
 * they parse entirely, otherwise as strings (xlsx-rows.c). Rows can come
 * before any sheet exists: cr_xlsx_rows_finish() adds their sheets after
 * the sheets added so far. cr_xlsx_rows_rewind() forgets every row added
 * since cr_xlsx_rows_mark(). Only one stream per workbook.
 */
struct cr_xlsx_rows;
struct cr_xlsx_rows *cr_xlsx_rows_new(struct cr_xlsx *x, const char *name, const struct cr_column *cols,
				      size_t ncols, uint64_t per_sheet);
int cr_xlsx_rows_add(struct cr_xlsx_rows *r, const char *const *fields, GError **err);
uint64_t cr_xlsx_rows_count(const struct cr_xlsx_rows *r);
int cr_xlsx_rows_mark(struct cr_xlsx_rows *r, GError **err);
int cr_xlsx_rows_rewind(struct cr_xlsx_rows *r, GError **err);
/* Add the sheets to the workbook; *sheets (g_free; may be NULL) names them: "Packets, Packets 2". Frees r. */
int cr_xlsx_rows_finish(struct cr_xlsx_rows *r, char **sheets, GError **err);
/* Without sheets: nothing is added. */
void cr_xlsx_rows_free(struct cr_xlsx_rows *r);

/* Tables to one workbook at `path`, one sheet each (the -f xlsx writer); -1 with err. */
int cr_xlsx_write_tables(const char *path, struct cr_table *const *t, size_t n, GError **err);

/*
 * Cells of a sheet's XML, one row at a time, appended to a GString
 * (xlsx-cells.c): what the Packets sheets are written with. A cell gets a
 * reference (r="J5") only when it does not follow the previous cell of its
 * row. `style` is a cellXfs index from libxlsxwriter (0: none). Strings
 * are inline (t="inlineStr": never a formula), cleaned by
 * cr_xlsx_clean_string and XML-escaped. Numbers are written only when
 * finite; the functions say false and write nothing otherwise.
 */
struct cr_xml_row {
	GString *out;
	uint64_t row;		/* 1-based, as in the sheet */
	uint32_t next;		/* the column a cell without a reference takes */
};
void cr_xml_row_begin(struct cr_xml_row *w, GString *out, uint64_t row);
void cr_xml_row_end(struct cr_xml_row *w);
/* A whole decimal number of at most 15 digits ("-12", "007"), as a number; else false. */
bool cr_xml_int_text(struct cr_xml_row *w, uint32_t col, int style, const char *s);
bool cr_xml_number(struct cr_xml_row *w, uint32_t col, int style, double v);
/* Epoch ns as an Excel serial date-time (UTC), to 12 decimals of a day; false before 1899-12-30. */
bool cr_xml_time(struct cr_xml_row *w, uint32_t col, int style, int64_t ns);
/* Text as a string cell; *width grows to its length in characters. */
void cr_xml_text(struct cr_xml_row *w, uint32_t col, int style, const char *s, size_t *width);
/* "A", "Z", "AA", ... for a 0-based column (g_free). */
char *cr_xml_col_name(uint32_t col);

/* Helpers, exposed for tests. */
char *cr_xlsx_sheet_name(const char *wanted, GPtrArray *taken);	/* legal, unique; added to taken */
char *cr_xlsx_clean_string(const char *s);	/* valid UTF-8, no control bytes, capped */
double cr_xlsx_excel_time(int64_t ns);		/* epoch ns → Excel serial date (UTC) */

#endif
