/* analyze-rank.c - the graph's busiest edges and the top talkers, fed per packet in bounded memory. */
#include "analyze.h"
#include "graph.h"
#include "topn.h"

struct cr_rank {
	enum cr_rank_kind kind;
	struct cr_topn *t;
	uint64_t index;		/* packet index in this pass: the order of first sight */
};

/* Edges: v[0] packets, v[1] bytes. By bytes, then packets, then first seen. */
static int edge_cmp(const struct cr_topn_item *x, const struct cr_topn_item *y)
{
	int c = cr_topn_cmp_desc(x->v[1], y->v[1]);
	if (!c)
		c = cr_topn_cmp_desc(x->v[0], y->v[0]);
	return c ? c : cr_topn_cmp_order(x, y);
}

/* Talkers: v[0] bytes sent, v[1] received, v[2] packets. By bytes, then first seen (as the endpoints table). */
static int talker_cmp(const struct cr_topn_item *x, const struct cr_topn_item *y)
{
	int c = cr_topn_cmp_desc(x->v[0] + x->v[1], y->v[0] + y->v[1]);
	return c ? c : cr_topn_cmp_order(x, y);
}

struct cr_rank *cr_rank_new(enum cr_rank_kind kind, int top, size_t max_keys)
{
	struct cr_rank *r = g_new0(struct cr_rank, 1);

	r->kind = kind;
	r->t = cr_topn_new(top > 0 ? (size_t)top : CR_TOPN_ALL, top > 0 ? max_keys : 0,
			   kind == CR_RANK_EDGES ? edge_cmp : talker_cmp);
	return r;
}

void cr_rank_free(struct cr_rank *r)
{
	if (!r)
		return;
	cr_topn_free(r->t);
	g_free(r);
}

int cr_rank_packet(void *user, const struct cr_pkt *p)
{
	struct cr_rank *r = user;
	struct cr_topn_key k = { .a = p->src };

	if (p->src.family == 0)
		return 0;
	if (r->kind == CR_RANK_EDGES) {
		uint64_t v[CR_TOPN_VALUES] = { 1, p->len };
		k.b = p->dst;
		cr_topn_add(r->t, &k, v, r->index);
	} else {
		/* The source before the destination: the endpoints table's order of first sight. */
		uint64_t tx[CR_TOPN_VALUES] = { p->len, 0, 1 }, rx[CR_TOPN_VALUES] = { 0, p->len, 1 };
		cr_topn_add(r->t, &k, tx, 2 * r->index);
		k.a = p->dst;
		cr_topn_add(r->t, &k, rx, 2 * r->index + 1);
	}
	r->index++;
	return 0;
}

bool cr_rank_pass_done(void *user)
{
	struct cr_rank *r = user;

	r->index = 0;
	return cr_topn_end_pass(r->t);
}

static void edge_free(gpointer p)
{
	struct cr_graph_edge *e = p;
	g_free(e->src);
	g_free(e->dst);
	g_free(e);
}

struct cr_graph *cr_rank_graph(const struct cr_rank *r)
{
	struct cr_graph *g = g_new0(struct cr_graph, 1);
	const struct cr_topn_item *it;
	size_t n;
	char buf[64];

	g_return_val_if_fail(r->kind == CR_RANK_EDGES && cr_topn_done(r->t), g);
	it = cr_topn_items(r->t, &n);
	g->edges = g_ptr_array_new_with_free_func(edge_free);
	for (size_t i = 0; i < n; i++) {
		struct cr_graph_edge *e = g_new0(struct cr_graph_edge, 1);
		cr_addr_format(&it[i].key.a, buf, sizeof(buf));
		e->src = g_strdup(buf);
		cr_addr_format(&it[i].key.b, buf, sizeof(buf));
		e->dst = g_strdup(buf);
		e->packets = it[i].v[0];
		e->bytes = it[i].v[1];
		g_ptr_array_add(g->edges, e);
	}
	g->total_edges = cr_topn_keys(r->t);
	return g;
}

struct cr_table *cr_rank_talkers(const struct cr_rank *r)
{
	struct cr_table *t = cr_table_new("top_talkers", "Top talkers (bytes sent and received)");
	const struct cr_topn_item *it;
	size_t n;
	char buf[64];

	g_return_val_if_fail(r->kind == CR_RANK_TALKERS && cr_topn_done(r->t), t);
	it = cr_topn_items(r->t, &n);
	cr_table_add_column(t, "addr", CR_COL_ADDR);
	cr_table_add_column(t, "tx_bytes", CR_COL_BYTES);
	cr_table_add_column(t, "rx_bytes", CR_COL_BYTES);
	cr_table_add_column(t, "bytes", CR_COL_BYTES);
	cr_table_add_column(t, "packets", CR_COL_INT);
	for (size_t i = 0; i < n; i++) {
		struct cr_cell *row = cr_table_add_row(t);
		cr_addr_format(&it[i].key.a, buf, sizeof(buf));
		cr_cell_text(&row[0], buf);
		cr_cell_int(&row[1], (int64_t)it[i].v[0]);
		cr_cell_int(&row[2], (int64_t)it[i].v[1]);
		cr_cell_int(&row[3], (int64_t)(it[i].v[0] + it[i].v[1]));
		cr_cell_int(&row[4], (int64_t)it[i].v[2]);
	}
	if (n < cr_topn_keys(r->t))
		cr_table_add_note(t, "the %zu addresses with the most bytes of %" G_GUINT64_FORMAT, n, cr_topn_keys(r->t));
	return t;
}
