/* transpose.c - a table of a few wide rows turned into metric rows, for reading in a terminal. */
#include "transpose.h"
#include "util.h"

#include <math.h>

static char *cell_text(enum cr_coltype ty, const struct cr_cell *c, bool raw)
{
	if (c->null)
		return g_strdup("-");
	switch (ty) {
	case CR_COL_INT:
		return g_strdup_printf("%" G_GINT64_FORMAT, c->v.i);
	case CR_COL_BYTES:
		return raw ? g_strdup_printf("%" G_GINT64_FORMAT, c->v.i) : cr_fmt_human((double)c->v.i, "B");
	case CR_COL_RATE:
		if (!isfinite(c->v.f))
			return g_strdup("-");
		return raw ? g_strdup_printf("%.0f", c->v.f) : cr_fmt_human(c->v.f, "bit/s");
	case CR_COL_FLOAT:
		return g_strdup_printf("%.3f", c->v.f);
	case CR_COL_SECONDS:
		return g_strdup_printf("%.6f", c->v.f);
	case CR_COL_TIME:
		return cr_fmt_time_iso(c->v.i);
	case CR_COL_ADDR:
	case CR_COL_TEXT:
		return g_strdup(c->v.s);
	}
	return g_strdup("-");
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
