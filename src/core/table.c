/* table.c - the table model every result is built in. */
#include "table.h"

#include <stdarg.h>
#include <string.h>

struct cr_table *cr_table_new(const char *name, const char *title)
{
	struct cr_table *t = g_new0(struct cr_table, 1);

	t->name = g_strdup(name);
	t->title = g_strdup(title ? title : name);
	t->columns = g_array_new(FALSE, TRUE, sizeof(struct cr_column));
	t->rows = g_ptr_array_new();
	t->notes = g_ptr_array_new_with_free_func(g_free);
	return t;
}

static bool owns_text(enum cr_coltype ty)
{
	return ty == CR_COL_TEXT || ty == CR_COL_ADDR;
}

/* Free row r's cells and the row itself. */
static void row_free(struct cr_table *t, guint r)
{
	struct cr_cell *row = g_ptr_array_index(t->rows, r);

	for (guint c = 0; c < t->columns->len; c++) {
		enum cr_coltype ty = g_array_index(t->columns, struct cr_column, c).type;
		if (owns_text(ty) && !row[c].null)
			g_free(row[c].v.s);
	}
	g_free(row);
}

void cr_table_free(struct cr_table *t)
{
	guint nc;

	if (!t)
		return;
	nc = t->columns->len;
	for (guint r = 0; r < t->rows->len; r++)
		row_free(t, r);
	for (guint c = 0; c < nc; c++)
		g_free(g_array_index(t->columns, struct cr_column, c).name);
	g_array_free(t->columns, TRUE);
	g_ptr_array_free(t->rows, TRUE);
	g_ptr_array_free(t->notes, TRUE);
	g_free(t->name);
	g_free(t->title);
	g_free(t);
}

void cr_table_add_column(struct cr_table *t, const char *name, enum cr_coltype type)
{
	struct cr_column c = { g_strdup(name), type };

	g_assert(t->rows->len == 0);
	g_array_append_val(t->columns, c);
}

void cr_table_add_columns(struct cr_table *t, const struct cr_column_def *cols)
{
	for (; cols->name; cols++)
		cr_table_add_column(t, cols->name, cols->type);
}

size_t cr_table_ncols(const struct cr_table *t)
{
	return t->columns->len;
}

size_t cr_table_nrows(const struct cr_table *t)
{
	return t->rows->len;
}

void cr_table_add_note(struct cr_table *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(t->notes, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

void cr_table_note_untimed(struct cr_table *t, uint64_t n)
{
	if (n)
		cr_table_add_note(t, "%" G_GUINT64_FORMAT " packets without a time (pcapng simple packet blocks) "
				  "are not in this table", n);
}

struct cr_cell *cr_table_add_row(struct cr_table *t)
{
	struct cr_cell *row = g_new0(struct cr_cell, t->columns->len ? t->columns->len : 1);

	for (guint c = 0; c < t->columns->len; c++)
		row[c].null = true;
	g_ptr_array_add(t->rows, row);
	return row;
}

struct cr_cell *cr_table_row(const struct cr_table *t, size_t i)
{
	return g_ptr_array_index(t->rows, i);
}

int cr_table_col(const struct cr_table *t, const char *name)
{
	for (guint c = 0; c < t->columns->len; c++)
		if (strcmp(g_array_index(t->columns, struct cr_column, c).name, name) == 0)
			return (int)c;
	return -1;
}

void cr_cell_int(struct cr_cell *c, int64_t v)
{
	c->null = false;
	c->v.i = v;
}

void cr_cell_float(struct cr_cell *c, double v)
{
	c->null = false;
	c->v.f = v;
}

void cr_cell_text(struct cr_cell *c, const char *s)
{
	c->null = s == NULL;
	c->v.s = g_strdup(s);
}

void cr_cell_take(struct cr_cell *c, char *s)
{
	c->null = s == NULL;
	c->v.s = s;
}

void cr_table_add_metric(struct cr_table *t, const char *metric, char *value, bool number)
{
	struct cr_cell *row = cr_table_add_row(t);

	cr_cell_text(&row[0], metric);
	cr_cell_take(&row[1], value);
	row[1].number = number && value;
}

void cr_table_insert_column(struct cr_table *t, size_t pos, const char *name, enum cr_coltype type,
			    const struct cr_cell *fill)
{
	struct cr_column c = { g_strdup(name), type };
	guint nc = t->columns->len;

	g_assert(pos <= nc);
	for (guint r = 0; r < t->rows->len; r++) {
		struct cr_cell *old = g_ptr_array_index(t->rows, r), *row = g_new0(struct cr_cell, nc + 1);
		memcpy(row, old, pos * sizeof(*row));
		memcpy(row + pos + 1, old + pos, (nc - pos) * sizeof(*row));
		row[pos] = *fill;
		if (owns_text(type) && !fill->null)
			row[pos].v.s = g_strdup(fill->v.s);
		g_free(old);
		t->rows->pdata[r] = row;
	}
	g_array_insert_val(t->columns, pos, c);
}

void cr_table_append_rows(struct cr_table *dst, struct cr_table *src)
{
	g_assert(dst->columns->len == src->columns->len);
	for (guint r = 0; r < src->rows->len; r++)
		g_ptr_array_add(dst->rows, g_ptr_array_index(src->rows, r));
	g_ptr_array_set_size(src->rows, 0);
	for (guint n = 0; n < src->notes->len; n++)
		g_ptr_array_add(dst->notes, g_strdup(g_ptr_array_index(src->notes, n)));
}

struct sort_data {
	GCompareDataFunc cmp;
	gpointer data;
};

static gint sort_rows(gconstpointer a, gconstpointer b, gpointer user)
{
	const struct sort_data *sd = user;
	return sd->cmp(*(struct cr_cell *const *)a, *(struct cr_cell *const *)b, sd->data);
}

void cr_table_sort(struct cr_table *t, GCompareDataFunc cmp, gpointer data)
{
	struct sort_data sd = { cmp, data };
	/* g_ptr_array_sort_with_data is a stable merge sort. */
	g_ptr_array_sort_with_data(t->rows, sort_rows, &sd);
}

void cr_table_truncate(struct cr_table *t, int n)
{
	if (n <= 0 || (guint)n >= t->rows->len)
		return;
	for (guint r = (guint)n; r < t->rows->len; r++)
		row_free(t, r);
	g_ptr_array_set_size(t->rows, n);
}
