/* analyze-endpoints.c - endpoints: per address, as tshark -z endpoints,ip and endpoints,ipv6. */
#include "analyze.h"

#include <string.h>

struct endpoint {
	struct cr_addr addr;
	uint64_t tx_pk, tx_by, rx_pk, rx_by;
	int64_t first, last;
	bool timed;		/* first and last hold a time */
	uint64_t order;
};

struct cr_endpoints {
	struct endpoint *last[2];	/* the last two addresses seen: a memo */
	GHashTable *map;	/* struct cr_addr → struct endpoint * */
	GPtrArray *all;
};

static guint addr_hash(gconstpointer k)
{
	return cr_addr_hash(k);
}

static gboolean addr_equal(gconstpointer a, gconstpointer b)
{
	return cr_addr_equal(a, b);
}

struct cr_endpoints *cr_endpoints_new(void)
{
	struct cr_endpoints *e = g_new0(struct cr_endpoints, 1);

	/* Keys point into the endpoints, which `all` owns. */
	e->map = g_hash_table_new(addr_hash, addr_equal);
	e->all = g_ptr_array_new_with_free_func(g_free);
	return e;
}

void cr_endpoints_free(struct cr_endpoints *e)
{
	if (!e)
		return;
	g_hash_table_destroy(e->map);
	g_ptr_array_free(e->all, TRUE);
	g_free(e);
}

static struct endpoint *get(struct cr_endpoints *e, const struct cr_addr *a, const struct cr_pkt *p)
{
	struct endpoint *v = e->last[0] && cr_addr_equal(&e->last[0]->addr, a) ? e->last[0]
			     : e->last[1] && cr_addr_equal(&e->last[1]->addr, a) ? e->last[1]
										: g_hash_table_lookup(e->map, a);

	if (!v) {
		v = g_new0(struct endpoint, 1);
		v->addr = *a;
		v->order = e->all->len;
		g_ptr_array_add(e->all, v);
		g_hash_table_insert(e->map, &v->addr, v);
	}
	cr_pkt_span(p, &v->first, &v->last, &v->timed);
	if (v != e->last[0]) {
		e->last[1] = e->last[0];
		e->last[0] = v;
	}
	return v;
}

static void count(struct cr_endpoints *e, const struct cr_addr *src, const struct cr_addr *dst, const struct cr_pkt *p)
{
	struct endpoint *v;

	v = get(e, src, p);
	v->tx_pk++;
	v->tx_by += p->len;
	v = get(e, dst, p);
	v->rx_pk++;
	v->rx_by += p->len;
}

/* Every IP layer of a packet counts, as in tshark's tables: a tunnel's inner hosts too. */
int cr_endpoints_packet(void *user, const struct cr_pkt *p)
{
	struct cr_endpoints *e = user;

	if (p->src.family == 0)
		return 0;
	count(e, &p->src, &p->dst, p);
	for (unsigned i = 0; i < p->ninner; i++)
		count(e, &p->inner[i].src, &p->inner[i].dst, p);
	return 0;
}

static int cmp_ep(gconstpointer x, gconstpointer y, gpointer data)
{
	const struct endpoint *a = *(const struct endpoint *const *)x, *b = *(const struct endpoint *const *)y;
	bool bytes = data && strcmp(data, "bytes") == 0;
	uint64_t ka = bytes ? a->tx_by + a->rx_by : a->tx_pk + a->rx_pk;
	uint64_t kb = bytes ? b->tx_by + b->rx_by : b->tx_pk + b->rx_pk;

	if (ka != kb)
		return ka > kb ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static const struct cr_column_def endpoint_columns[] = {
	{ "addr", CR_COL_ADDR }, { "packets", CR_COL_INT }, { "bytes", CR_COL_BYTES },
	{ "tx_packets", CR_COL_INT }, { "tx_bytes", CR_COL_BYTES }, { "rx_packets", CR_COL_INT },
	{ "rx_bytes", CR_COL_BYTES }, { "first", CR_COL_TIME }, { "last", CR_COL_TIME }, { NULL, 0 },
};

struct cr_table *cr_endpoints_table(const struct cr_endpoints *e, const char *sort)
{
	struct cr_table *t = cr_table_new("endpoints", "IP endpoints");
	GPtrArray *order = g_ptr_array_sized_new(e->all->len);
	char buf[64];

	cr_table_add_columns(t, endpoint_columns);

	for (guint i = 0; i < e->all->len; i++)
		g_ptr_array_add(order, g_ptr_array_index(e->all, i));
	g_ptr_array_sort_with_data(order, cmp_ep, (gpointer)sort);
	for (guint i = 0; i < order->len; i++) {
		const struct endpoint *v = g_ptr_array_index(order, i);
		struct cr_cell *row = cr_table_add_row(t);

		cr_addr_format(&v->addr, buf, sizeof(buf));
		cr_cell_text(&row[0], buf);
		cr_cell_int(&row[1], (int64_t)(v->tx_pk + v->rx_pk));
		cr_cell_int(&row[2], (int64_t)(v->tx_by + v->rx_by));
		cr_cell_int(&row[3], (int64_t)v->tx_pk);
		cr_cell_int(&row[4], (int64_t)v->tx_by);
		cr_cell_int(&row[5], (int64_t)v->rx_pk);
		cr_cell_int(&row[6], (int64_t)v->rx_by);
		if (v->timed) {
			cr_cell_int(&row[7], v->first);
			cr_cell_int(&row[8], v->last);
		}
	}
	g_ptr_array_free(order, TRUE);
	return t;
}
