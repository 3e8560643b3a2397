/* analyze-matrix.c - source × destination bytes from conversations, top hosts plus "other", with totals. */
#include "analyze.h"

#include <string.h>

struct host {
	char *name;
	uint64_t sent, received;
	guint order;		/* first seen: stable ties */
	int row, col;		/* index in the table being built; -1: "other" */
};

struct pair {
	struct host *src, *dst;
	uint64_t bytes;
};

struct cr_matrix {
	GHashTable *hosts;	/* name → struct host * (owned) */
	GHashTable *pairs;	/* "src\ndst" → struct pair * (owned) */
};

static void host_free(gpointer p)
{
	struct host *h = p;
	g_free(h->name);
	g_free(h);
}

struct cr_matrix *cr_matrix_new(void)
{
	struct cr_matrix *m = g_new0(struct cr_matrix, 1);

	m->hosts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, host_free);
	m->pairs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return m;
}

void cr_matrix_free(struct cr_matrix *m)
{
	if (!m)
		return;
	g_hash_table_destroy(m->pairs);
	g_hash_table_destroy(m->hosts);
	g_free(m);
}

static struct host *host(struct cr_matrix *m, const char *name)
{
	struct host *h = g_hash_table_lookup(m->hosts, name);

	if (!h) {
		h = g_new0(struct host, 1);
		h->name = g_strdup(name);
		h->order = g_hash_table_size(m->hosts);
		g_hash_table_insert(m->hosts, h->name, h);
	}
	return h;
}

void cr_matrix_add(struct cr_matrix *m, const char *src, const char *dst, uint64_t bytes)
{
	char *key = g_strconcat(src, "\n", dst, NULL);
	struct pair *p = g_hash_table_lookup(m->pairs, key);

	if (!p) {
		p = g_new0(struct pair, 1);
		p->src = host(m, src);
		p->dst = host(m, dst);
		g_hash_table_insert(m->pairs, key, p);
	} else {
		g_free(key);
	}
	p->bytes += bytes;
	p->src->sent += bytes;
	p->dst->received += bytes;
}

int cr_matrix_add_conversations(struct cr_matrix *m, const struct cr_table *conv, GError **err)
{
	int a = cr_table_col(conv, "addr_a"), b = cr_table_col(conv, "addr_b");
	int ab = cr_table_col(conv, "bytes_ab"), ba = cr_table_col(conv, "bytes_ba");

	if (a < 0 || b < 0 || ab < 0 || ba < 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_ERROR, "table '%s' has no addr_a, addr_b, bytes_ab and bytes_ba",
			    conv->name);
		return -1;
	}
	for (size_t r = 0; r < cr_table_nrows(conv); r++) {
		const struct cr_cell *row = cr_table_row(conv, r);
		if (row[a].null || row[b].null)
			continue;
		if (!row[ab].null && row[ab].v.i > 0)
			cr_matrix_add(m, row[a].v.s, row[b].v.s, (uint64_t)row[ab].v.i);
		if (!row[ba].null && row[ba].v.i > 0)
			cr_matrix_add(m, row[b].v.s, row[a].v.s, (uint64_t)row[ba].v.i);
	}
	return 0;
}

static int by_sent(gconstpointer x, gconstpointer y)
{
	const struct host *a = *(const struct host *const *)x, *b = *(const struct host *const *)y;

	if (a->sent != b->sent)
		return a->sent > b->sent ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int by_received(gconstpointer x, gconstpointer y)
{
	const struct host *a = *(const struct host *const *)x, *b = *(const struct host *const *)y;

	if (a->received != b->received)
		return a->received > b->received ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

struct cr_table *cr_matrix_table(const struct cr_matrix *m, int top, bool totals)
{
	struct cr_table *t = cr_table_new("matrix", "Bytes from source (rows) to destination (columns)");
	GPtrArray *src = g_ptr_array_new(), *dst = g_ptr_array_new();
	guint nsrc, ndst, nrow, ncol;
	bool other_row, other_col;
	uint64_t *cell, grand = 0;
	GHashTableIter it;
	gpointer v;

	g_hash_table_iter_init(&it, m->hosts);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		struct host *h = v;
		h->row = h->col = -1;
		if (h->sent)
			g_ptr_array_add(src, h);
		if (h->received)
			g_ptr_array_add(dst, h);
	}
	g_ptr_array_sort(src, by_sent);
	g_ptr_array_sort(dst, by_received);
	nsrc = top > 0 && src->len > (guint)top ? (guint)top : src->len;
	ndst = top > 0 && dst->len > (guint)top ? (guint)top : dst->len;
	other_row = nsrc < src->len;
	other_col = ndst < dst->len;
	nrow = nsrc + other_row;
	ncol = ndst + other_col;
	for (guint i = 0; i < nsrc; i++)
		((struct host *)g_ptr_array_index(src, i))->row = (int)i;
	for (guint i = 0; i < ndst; i++)
		((struct host *)g_ptr_array_index(dst, i))->col = (int)i;

	/* The block, "other" in its last row and column. */
	cell = g_new0(uint64_t, (gsize)MAX(nrow * ncol, 1));
	g_hash_table_iter_init(&it, m->pairs);
	while (g_hash_table_iter_next(&it, NULL, &v)) {
		const struct pair *p = v;
		guint r = p->src->row >= 0 ? (guint)p->src->row : nsrc;
		guint c = p->dst->col >= 0 ? (guint)p->dst->col : ndst;
		cell[r * ncol + c] += p->bytes;
		grand += p->bytes;
	}

	cr_table_add_column(t, "source", CR_COL_TEXT);
	for (guint c = 0; c < ndst; c++)
		cr_table_add_column(t, ((struct host *)g_ptr_array_index(dst, c))->name, CR_COL_BYTES);
	if (other_col)
		cr_table_add_column(t, "other", CR_COL_BYTES);
	if (totals)
		cr_table_add_column(t, "total", CR_COL_BYTES);
	for (guint r = 0; r < nrow; r++) {
		struct cr_cell *row = cr_table_add_row(t);
		uint64_t sum = 0;
		cr_cell_text(&row[0], r < nsrc ? ((struct host *)g_ptr_array_index(src, r))->name : "other");
		for (guint c = 0; c < ncol; c++) {
			uint64_t b = cell[r * ncol + c];
			if (b)
				cr_cell_int(&row[c + 1], (int64_t)b);
			sum += b;
		}
		if (totals)
			cr_cell_int(&row[ncol + 1], (int64_t)sum);
	}
	if (totals && nrow) {
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_text(&row[0], "total");
		for (guint c = 0; c < ncol; c++) {
			uint64_t sum = 0;
			for (guint r = 0; r < nrow; r++)
				sum += cell[r * ncol + c];
			cr_cell_int(&row[c + 1], (int64_t)sum);
		}
		cr_cell_int(&row[ncol + 1], (int64_t)grand);
	}
	cr_table_add_note(t, "%u sources, %u destinations; bytes are frame lengths", src->len, dst->len);
	if (other_row || other_col)
		cr_table_add_note(t, "the top %d of each are shown, the rest summed in 'other'", top);
	g_free(cell);
	g_ptr_array_free(src, TRUE);
	g_ptr_array_free(dst, TRUE);
	return t;
}
