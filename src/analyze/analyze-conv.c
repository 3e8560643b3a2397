/* analyze-conv.c - conversations: per address pair (as tshark -z conv,ip) or per TCP/UDP stream. */
#include "analyze.h"

#include <string.h>

struct conv {
	struct cr_addr a, b;	/* a: source of the first packet */
	int port_a, port_b;
	uint64_t pk_ab, by_ab, pk_ba, by_ba;
	int64_t first, last;
	bool timed;		/* first and last hold a time */
	uint64_t order;		/* first-seen order, for stable ties */
};

/* Key of an address pair: the two addresses in a fixed order. */
struct pair_key {
	struct cr_addr lo, hi;
};

struct cr_conv {
	enum cr_conv_by by;
	struct conv *last;	/* packets come in runs of one conversation */
	GHashTable *map;	/* key → struct conv * */
	GPtrArray *all;		/* owns the convs */
};

static guint pair_hash(gconstpointer k)
{
	const struct pair_key *p = k;
	return cr_addr_hash(&p->lo) * 31u + cr_addr_hash(&p->hi);
}

static gboolean pair_equal(gconstpointer x, gconstpointer y)
{
	const struct pair_key *a = x, *b = y;
	return cr_addr_equal(&a->lo, &b->lo) && cr_addr_equal(&a->hi, &b->hi);
}

bool cr_conv_by_parse(const char *s, enum cr_conv_by *by)
{
	static const struct {
		const char *name;
		enum cr_conv_by by;
	} names[] = { { "ip", CR_CONV_IP }, { "tcp", CR_CONV_TCP }, { "udp", CR_CONV_UDP }, { NULL, 0 } };

	for (int i = 0; names[i].name; i++)
		if (strcmp(names[i].name, s) == 0) {
			*by = names[i].by;
			return true;
		}
	return false;
}

struct cr_conv *cr_conv_new(enum cr_conv_by by)
{
	struct cr_conv *c = g_new0(struct cr_conv, 1);

	c->by = by;
	if (by == CR_CONV_IP)
		c->map = g_hash_table_new_full(pair_hash, pair_equal, g_free, NULL);
	else
		c->map = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	c->all = g_ptr_array_new_with_free_func(g_free);
	return c;
}

void cr_conv_free(struct cr_conv *c)
{
	if (!c)
		return;
	g_hash_table_destroy(c->map);
	g_ptr_array_free(c->all, TRUE);
	g_free(c);
}

static struct conv *lookup(struct cr_conv *c, const struct cr_pkt *p)
{
	struct conv *v = c->last;

	if (v && c->by == CR_CONV_IP &&
	    ((cr_addr_equal(&p->src, &v->a) && cr_addr_equal(&p->dst, &v->b)) ||
	     (cr_addr_equal(&p->src, &v->b) && cr_addr_equal(&p->dst, &v->a))))
		return v;
	if (c->by == CR_CONV_IP) {
		struct pair_key k;
		bool swap = cr_addr_cmp(&p->src, &p->dst) > 0;
		k.lo = swap ? p->dst : p->src;
		k.hi = swap ? p->src : p->dst;
		if ((v = g_hash_table_lookup(c->map, &k)))
			return v;
		g_hash_table_insert(c->map, g_memdup2(&k, sizeof(k)), v = g_new0(struct conv, 1));
	} else {
		int64_t k = c->by == CR_CONV_TCP ? p->tcp_stream : p->udp_stream;
		if ((v = g_hash_table_lookup(c->map, &k)))
			return v;
		g_hash_table_insert(c->map, g_memdup2(&k, sizeof(k)), v = g_new0(struct conv, 1));
	}
	v->a = p->src;
	v->b = p->dst;
	v->port_a = c->by == CR_CONV_IP ? -1 : p->sport;
	v->port_b = c->by == CR_CONV_IP ? -1 : p->dport;
	v->order = c->all->len;
	g_ptr_array_add(c->all, v);
	return v;
}

static void conv_add(struct cr_conv *c, const struct cr_pkt *p)
{
	struct conv *v;
	bool ab;

	if (p->src.family == 0)
		return;
	if ((c->by == CR_CONV_TCP && (p->tcp_stream < 0 || p->proto != 6)) ||
	    (c->by == CR_CONV_UDP && (p->udp_stream < 0 || p->proto != 17)))
		return;
	v = c->last = lookup(c, p);
	ab = cr_addr_equal(&p->src, &v->a) && (c->by == CR_CONV_IP || p->sport == v->port_a);
	if (c->by == CR_CONV_IP && cr_addr_equal(&v->a, &v->b))
		ab = true;
	if (ab) {
		v->pk_ab++;
		v->by_ab += p->len;
	} else {
		v->pk_ba++;
		v->by_ba += p->len;
	}
	cr_pkt_span(p, &v->first, &v->last, &v->timed);
}

/* Every IP layer of a packet counts, as in tshark's tables: a tunnel's inner hosts too. */
int cr_conv_packet(void *user, const struct cr_pkt *p)
{
	struct cr_conv *c = user;
	struct cr_pkt q;

	conv_add(c, p);
	for (unsigned i = 1; i <= p->ninner; i++) {
		cr_pkt_layer(p, i, &q);
		conv_add(c, &q);
	}
	return 0;
}

static int cmp_conv(gconstpointer x, gconstpointer y, gpointer data)
{
	const struct conv *a = *(const struct conv *const *)x, *b = *(const struct conv *const *)y;
	const char *sort = data;
	int64_t ka, kb;

	if (strcmp(sort, "bytes") == 0) {
		ka = (int64_t)(a->by_ab + a->by_ba);
		kb = (int64_t)(b->by_ab + b->by_ba);
	} else if (strcmp(sort, "start") == 0) {
		ka = a->timed ? -a->first : INT64_MIN;	/* the untimed last */
		kb = b->timed ? -b->first : INT64_MIN;
	} else if (strcmp(sort, "duration") == 0) {
		ka = a->last - a->first;
		kb = b->last - b->first;
	} else {
		ka = (int64_t)(a->pk_ab + a->pk_ba);
		kb = (int64_t)(b->pk_ab + b->pk_ba);
	}
	if (ka != kb)
		return ka > kb ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static const struct cr_column_def conv_columns[] = {
	{ "addr_a", CR_COL_ADDR }, { "port_a", CR_COL_INT }, { "addr_b", CR_COL_ADDR },
	{ "port_b", CR_COL_INT }, { "packets_ab", CR_COL_INT }, { "bytes_ab", CR_COL_BYTES },
	{ "packets_ba", CR_COL_INT }, { "bytes_ba", CR_COL_BYTES }, { "packets", CR_COL_INT },
	{ "bytes", CR_COL_BYTES }, { "rel_start", CR_COL_SECONDS }, { "duration", CR_COL_SECONDS },
	{ "bps_ab", CR_COL_RATE }, { "bps_ba", CR_COL_RATE }, { NULL, 0 },
};

struct cr_table *cr_conv_table(const struct cr_conv *c, int64_t first_ns, const char *sort)
{
	static const char *const titles[] = { "IP conversations", "TCP conversations", "UDP conversations" };
	struct cr_table *t = cr_table_new("conversations", titles[c->by]);
	GPtrArray *order = g_ptr_array_sized_new(c->all->len);
	char buf[64];

	cr_table_add_columns(t, conv_columns);

	for (guint i = 0; i < c->all->len; i++)
		g_ptr_array_add(order, g_ptr_array_index(c->all, i));
	g_ptr_array_sort_with_data(order, cmp_conv, (gpointer)(sort ? sort : "packets"));

	for (guint i = 0; i < order->len; i++) {
		const struct conv *v = g_ptr_array_index(order, i);
		struct cr_cell *row = cr_table_add_row(t);
		double dur = (double)(v->last - v->first) / 1e9;

		cr_addr_format(&v->a, buf, sizeof(buf));
		cr_cell_text(&row[0], buf);
		if (v->port_a >= 0)
			cr_cell_int(&row[1], v->port_a);
		cr_addr_format(&v->b, buf, sizeof(buf));
		cr_cell_text(&row[2], buf);
		if (v->port_b >= 0)
			cr_cell_int(&row[3], v->port_b);
		cr_cell_int(&row[4], (int64_t)v->pk_ab);
		cr_cell_int(&row[5], (int64_t)v->by_ab);
		cr_cell_int(&row[6], (int64_t)v->pk_ba);
		cr_cell_int(&row[7], (int64_t)v->by_ba);
		cr_cell_int(&row[8], (int64_t)(v->pk_ab + v->pk_ba));
		cr_cell_int(&row[9], (int64_t)(v->by_ab + v->by_ba));
		if (!v->timed)
			continue;	/* no time: no start, duration or rate */
		cr_cell_float(&row[10], (double)(v->first - first_ns) / 1e9);
		cr_cell_float(&row[11], dur);
		if (dur > 0) {
			cr_cell_float(&row[12], (double)v->by_ab * 8 / dur);
			cr_cell_float(&row[13], (double)v->by_ba * 8 / dur);
		}
	}
	g_ptr_array_free(order, TRUE);
	return t;
}
