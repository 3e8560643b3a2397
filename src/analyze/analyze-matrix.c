/* analyze-matrix.c - source × destination bytes or packets, top hosts plus "other", in bounded memory. */
#include "analyze.h"
#include "topn.h"

#include <string.h>

/*
 * Three rankings fed per packet: sources by what they sent, destinations
 * by what they received, and every directed pair. When the pairs fit in
 * max_keys (every capture but a scan) one pass gives everything. Else the
 * pairs are dropped, the source and destination rankings take the passes
 * they need, and one last pass sums the cells of the top hosts, "other"
 * for the rest.
 */
struct cr_matrix {
	bool packets;		/* cells count packets, not bytes */
	size_t top;
	struct cr_topn *src, *dst, *pairs;
	uint64_t index;		/* packet index in this pass: the order of first sight */
	bool cells_pass;	/* the last pass: cells of the ranked hosts */
	bool done;
	GHashTable *row, *col;	/* struct cr_addr * → row / column + 1, of the ranked hosts */
	guint nsrc, ndst;	/* ranked hosts; "other" is index nsrc / ndst */
	uint64_t *cell, grand;
};

static int by_value(const struct cr_topn_item *x, const struct cr_topn_item *y)
{
	int c = cr_topn_cmp_desc(x->v[0], y->v[0]);
	return c ? c : cr_topn_cmp_order(x, y);
}

static guint addr_hash(gconstpointer k)
{
	return cr_addr_hash(k);
}

static gboolean addr_equal(gconstpointer a, gconstpointer b)
{
	return cr_addr_equal(a, b);
}

struct cr_matrix *cr_matrix_new(bool packets, int top, size_t max_keys)
{
	struct cr_matrix *m = g_new0(struct cr_matrix, 1);

	m->packets = packets;
	m->top = top > 0 ? (size_t)top : CR_TOPN_ALL;
	if (top <= 0)
		max_keys = 0;	/* every host: no bound possible */
	m->src = cr_topn_new(m->top, max_keys, by_value);
	m->dst = cr_topn_new(m->top, max_keys, by_value);
	m->pairs = cr_topn_new(CR_TOPN_ALL, max_keys, by_value);
	m->row = g_hash_table_new(addr_hash, addr_equal);
	m->col = g_hash_table_new(addr_hash, addr_equal);
	return m;
}

void cr_matrix_free(struct cr_matrix *m)
{
	if (!m)
		return;
	cr_topn_free(m->src);
	cr_topn_free(m->dst);
	cr_topn_free(m->pairs);
	g_hash_table_destroy(m->row);
	g_hash_table_destroy(m->col);
	g_free(m->cell);
	g_free(m);
}

static guint lookup(GHashTable *h, const struct cr_addr *a, guint other)
{
	gpointer v = g_hash_table_lookup(h, a);
	return v ? GPOINTER_TO_UINT(v) - 1 : other;
}

static void add_cell(struct cr_matrix *m, const struct cr_addr *src, const struct cr_addr *dst, uint64_t v)
{
	guint r = lookup(m->row, src, m->nsrc), c = lookup(m->col, dst, m->ndst);

	m->cell[(size_t)r * (m->ndst + 1) + c] += v;
	m->grand += v;
}

int cr_matrix_packet(void *user, const struct cr_pkt *p)
{
	struct cr_matrix *m = user;
	uint64_t v[CR_TOPN_VALUES] = { m->packets ? 1 : p->len };
	struct cr_topn_key k = { 0 };

	if (p->src.family == 0 || m->done)
		return 0;
	if (m->cells_pass) {
		add_cell(m, &p->src, &p->dst, v[0]);
		return 0;
	}
	k.a = p->src;
	cr_topn_add(m->src, &k, v, m->index);
	k.a = p->dst;
	cr_topn_add(m->dst, &k, v, m->index);
	if (m->pairs) {
		k.a = p->src;
		k.b = p->dst;
		cr_topn_add(m->pairs, &k, v, m->index);
	}
	m->index++;
	return 0;
}

/* The ranked hosts become rows and columns; the cells are zero. */
static void place_hosts(struct cr_matrix *m)
{
	const struct cr_topn_item *it;
	size_t n;

	it = cr_topn_items(m->src, &n);
	for (size_t i = 0; i < n; i++)
		g_hash_table_insert(m->row, (gpointer)&it[i].key.a, GUINT_TO_POINTER(i + 1));
	m->nsrc = (guint)n;
	it = cr_topn_items(m->dst, &n);
	for (size_t i = 0; i < n; i++)
		g_hash_table_insert(m->col, (gpointer)&it[i].key.a, GUINT_TO_POINTER(i + 1));
	m->ndst = (guint)n;
	m->cell = g_new0(uint64_t, (size_t)(m->nsrc + 1) * (m->ndst + 1));
}

bool cr_matrix_pass_done(void *user)
{
	struct cr_matrix *m = user;
	bool src, dst;

	if (m->done)
		return true;
	m->index = 0;
	if (m->cells_pass)
		return m->done = true;
	src = cr_topn_end_pass(m->src);
	dst = cr_topn_end_pass(m->dst);
	if (m->pairs && cr_topn_end_pass(m->pairs) && !cr_topn_split(m->pairs)) {
		/* Every pair in memory: the cells without another pass. */
		const struct cr_topn_item *it;
		size_t n;
		place_hosts(m);
		it = cr_topn_items(m->pairs, &n);
		for (size_t i = 0; i < n; i++)
			add_cell(m, &it[i].key.a, &it[i].key.b, it[i].v[0]);
		cr_topn_free(m->pairs);
		m->pairs = NULL;
		return m->done = true;
	}
	if (m->pairs) {		/* too many pairs: they are not kept */
		cr_topn_free(m->pairs);
		m->pairs = NULL;
	}
	if (src && dst) {
		place_hosts(m);
		m->cells_pass = true;
	}
	return false;
}

struct cr_table *cr_matrix_table(const struct cr_matrix *m, bool totals)
{
	struct cr_table *t = cr_table_new("matrix", m->packets ? "Packets from source (rows) to destination (columns)"
							      : "Bytes from source (rows) to destination (columns)");
	enum cr_coltype type = m->packets ? CR_COL_INT : CR_COL_BYTES;
	uint64_t nsrc_all = cr_topn_keys(m->src), ndst_all = cr_topn_keys(m->dst);
	bool other_row = m->nsrc < nsrc_all, other_col = m->ndst < ndst_all;
	guint nrow = m->nsrc + other_row, ncol = m->ndst + other_col, stride = m->ndst + 1;
	const struct cr_topn_item *src, *dst;
	char buf[64];
	size_t n;

	g_return_val_if_fail(m->done, t);
	src = cr_topn_items(m->src, &n);
	dst = cr_topn_items(m->dst, &n);
	cr_table_add_column(t, "source", CR_COL_TEXT);
	for (guint c = 0; c < m->ndst; c++) {
		cr_addr_format(&dst[c].key.a, buf, sizeof(buf));
		cr_table_add_column(t, buf, type);
	}
	if (other_col)
		cr_table_add_column(t, "other", type);
	if (totals)
		cr_table_add_column(t, "total", type);
	for (guint r = 0; r < nrow; r++) {
		struct cr_cell *row = cr_table_add_row(t);
		uint64_t sum = 0;
		if (r < m->nsrc)
			cr_addr_format(&src[r].key.a, buf, sizeof(buf));
		cr_cell_text(&row[0], r < m->nsrc ? buf : "other");
		for (guint c = 0; c < ncol; c++) {
			uint64_t v = m->cell[(size_t)(r < m->nsrc ? r : m->nsrc) * stride + (c < m->ndst ? c : m->ndst)];
			if (v)
				cr_cell_int(&row[c + 1], (int64_t)v);
			sum += v;
		}
		if (totals)
			cr_cell_int(&row[ncol + 1], (int64_t)sum);
	}
	if (totals && nrow) {
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_text(&row[0], "total");
		for (guint c = 0; c < ncol; c++) {
			uint64_t sum = 0;
			for (guint r = 0; r <= m->nsrc; r++)
				sum += m->cell[(size_t)r * stride + (c < m->ndst ? c : m->ndst)];
			cr_cell_int(&row[c + 1], (int64_t)sum);
		}
		cr_cell_int(&row[ncol + 1], (int64_t)m->grand);
	}
	cr_table_add_note(t, "%" G_GUINT64_FORMAT " sources, %" G_GUINT64_FORMAT " destinations; %s", nsrc_all, ndst_all,
			  m->packets ? "cells are packets" : "bytes are frame lengths");
	if (other_row || other_col)
		cr_table_add_note(t, "the top %zu of each are shown, the rest summed in 'other'", m->top);
	return t;
}
