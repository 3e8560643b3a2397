/* xlsx-int.h - what the workbook builder (write-xlsx.c) shares with the row streams (xlsx-rows.c) and the splice (xlsx-splice.c). */
#ifndef CR_XLSX_INT_H
#define CR_XLSX_INT_H

#include "outfile.h"
#include "xlsx.h"
#include "zip.h"

#include <xlsxwriter.h>

#define NDECIMALS 10
/* zlib level of the packed sheets' rows (and of the XML spliced around them). */
#define ROWS_LEVEL 1

enum { F_HEADER, F_BOLD, F_COUNT, F_COUNT_BOLD, F_PLAIN, F_FLOAT, F_SECONDS, F_TIME, F_TIME_UTC, F_N };

/*
 * A sheet whose rows capreport writes itself (xlsx-rows.c): libxlsxwriter
 * writes a placeholder (header row, panes, filter, widths), and commit
 * puts these rows into it: deflated, at `offset` of the body file.
 */
struct cr_xlsx_packed {
	unsigned index;		/* 1-based: xl/worksheets/sheetN.xml */
	uint64_t rows;		/* data rows, under the header */
	size_t ncols;
	uint64_t offset;	/* in x->body_fd */
	struct cr_deflate_sum sum;
};

struct cr_xlsx {
	struct cr_outfile out;	/* the workbook: libxlsxwriter writes out.tmp, commit renames it */
	bool constant_memory;
	lxw_workbook *wb;	/* created with the first sheet */
	lxw_format *fmt[F_N];
	lxw_format *decimals[NDECIMALS];	/* typed values: "#,##0.0", "#,##0.00", ... */
	GPtrArray *taken;	/* sheet names so far */
	bool styles_ok;		/* the formats got the indexes cr_xlsx_style() says */
	int body_fd;		/* deflated rows of the packed sheets (an unlinked file), -1: none yet */
	uint64_t body_len;
	GArray *packed;		/* of struct cr_xlsx_packed */
};

lxw_worksheet *cr_xlsx_new_sheet(struct cr_xlsx *x, const char *wanted, GError **err);
int cr_xlsx_write_header(struct cr_xlsx *x, lxw_worksheet *ws, const struct cr_column *cols, size_t ncols,
			 size_t *width, GError **err);
void cr_xlsx_set_widths(lxw_worksheet *ws, const size_t *width, size_t ncols);
/* A column's format, F_*, or -1 for none (text). */
int cr_xlsx_column_fmt(const struct cr_column *c);
/* The cellXfs index format F_* has in every workbook (checked when the workbook opens: styles_ok). */
int cr_xlsx_style(int f);
/* Put the packed sheets' rows into libxlsxwriter's finished file x->tmp (xlsx-splice.c). */
int cr_xlsx_merge_packed(struct cr_xlsx *x, GError **err);

#endif
