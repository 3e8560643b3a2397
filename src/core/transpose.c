/* transpose.c - a table of a few wide rows turned into metric rows, for reading in a terminal. */
#include "cellfmt.h"
#include "transpose.h"
#include "util.h"

/* Metric rows for a terminal: human units unless raw, floats to 3 decimals. */
static const struct cr_cell_style human_style = { .null = "-", .nonfinite_rate = "-", .human = true,
						  .float_digits = 3, .seconds_digits = 6 };
static const struct cr_cell_style raw_style = { .null = "-", .nonfinite_rate = "-", .float_digits = 3,
						.seconds_digits = 6 };

static char *cell_text(enum cr_coltype ty, const struct cr_cell *c, bool raw)
{
	return cr_cell_format(ty, c, raw ? &raw_style : &human_style);
}

struct cr_table *cr_table_transpose(const struct cr_table *t, size_t name_col, bool raw)
{
	struct cr_table *out = cr_table_new(t->name, t->title);
	size_t nc = cr_table_ncols(t), nr = cr_table_nrows(t);

	cr_table_add_column(out, "metric", CR_COL_TEXT);
	for (size_t r = 0; r < nr; r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		char *name = cell_text(g_array_index(t->columns, struct cr_column, name_col).type, &row[name_col], raw);
		cr_table_add_column(out, name, CR_COL_TEXT);
		g_free(name);
	}
	for (size_t c = 0; c < nc; c++) {
		const struct cr_column *col = &g_array_index(t->columns, struct cr_column, c);
		struct cr_cell *orow;
		if (c == name_col)
			continue;
		orow = cr_table_add_row(out);
		cr_cell_text(&orow[0], col->name);
		for (size_t r = 0; r < nr; r++)
			cr_cell_take(&orow[r + 1], cell_text(col->type, &cr_table_row(t, r)[c], raw));
	}
	for (guint i = 0; i < t->notes->len; i++)
		cr_table_add_note(out, "%s", (const char *)g_ptr_array_index(t->notes, i));
	return out;
}
