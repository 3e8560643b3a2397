/*
 * analyze-rate.c - throughput over time (an I/O graph): bytes per time bin,
 * in total and per unordered address pair. Bins start at 1 ms and double,
 * merging neighbours, whenever the capture would need more than max_bins.
 * Each pair keeps its own sparse series while the pairs fit in a quarter of max_keys;
 * past that (a scan) the series are dropped, the pairs are ranked in
 * bounded memory (topn.h) and one last pass sums the top pairs' bins.
 */
#include "analyze-report.h"
#include "topn.h"

#include <string.h>

#define BASE_BIN_NS 1000000LL	/* 1 ms */

struct cell {
	uint32_t bin;
	uint64_t bytes;
};

struct pair {
	struct cr_addr lo, hi;
	uint64_t bytes;
	GArray *cells;		/* of struct cell, bins ascending (mostly): sparse series */
	uint64_t order;
};

struct cr_rate {
	int max_bins;
	size_t top, max_keys;
	size_t series_keys;	/* pairs whose series are kept (each costs several times a ranked key) */
	struct cr_topn *rank;	/* pairs by bytes, once the series are dropped */
	bool dropped;		/* the pairs did not fit: no series in `all` */
	bool frozen;		/* the totals are complete: later passes rank pairs or fill `series` */
	bool series_pass;	/* the last pass: bins of the top pairs */
	bool done;
	uint64_t index;		/* packet index in this pass */
	GHashTable *topset;	/* struct cr_topn_key * → position + 1 (series pass) */
	uint64_t **series;	/* dense bytes per bin of each top pair (series pass) */
	int64_t bin_ns;
	bool started;
	int64_t t0;		/* first packet's time: bin 0 starts here */
	uint32_t nbins;		/* bins in use */
	uint64_t *bytes, *packets;	/* max_bins each */
	uint64_t early;		/* packets before t0, counted in bin 0 */
	uint64_t untimed;	/* packets without a time: in no bin (first pass) */
	GHashTable *pairs;	/* struct pair (lo, hi first) → struct pair *, owned by `all` */
	GPtrArray *all;
	struct pair *last;
};

static guint pair_hash(gconstpointer k)
{
	const struct pair *p = k;
	return cr_addr_hash(&p->lo) * 31u + cr_addr_hash(&p->hi);
}

static gboolean pair_equal(gconstpointer x, gconstpointer y)
{
	const struct pair *a = x, *b = y;
	return cr_addr_equal(&a->lo, &b->lo) && cr_addr_equal(&a->hi, &b->hi);
}

static void pair_free(gpointer p)
{
	struct pair *v = p;
	g_array_free(v->cells, TRUE);
	g_free(v);
}

static int by_bytes_item(const struct cr_topn_item *x, const struct cr_topn_item *y)
{
	int c = cr_topn_cmp_desc(x->v[0], y->v[0]);
	return c ? c : cr_topn_cmp_order(x, y);
}

struct cr_rate *cr_rate_new(int max_bins, int top, size_t max_keys)
{
	struct cr_rate *r = g_new0(struct cr_rate, 1);

	r->max_bins = max_bins < 2 ? 2 : max_bins;
	r->top = top > 0 ? (size_t)top : CR_TOPN_ALL;
	r->max_keys = top > 0 ? max_keys : 0;
	r->series_keys = r->max_keys ? MAX(r->max_keys / 4, 16) : 0;
	r->bin_ns = BASE_BIN_NS;
	r->bytes = g_new0(uint64_t, (gsize)r->max_bins);
	r->packets = g_new0(uint64_t, (gsize)r->max_bins);
	r->pairs = g_hash_table_new(pair_hash, pair_equal);
	r->all = g_ptr_array_new_with_free_func(pair_free);
	return r;
}

void cr_rate_free(struct cr_rate *r)
{
	if (!r)
		return;
	g_hash_table_destroy(r->pairs);
	g_ptr_array_free(r->all, TRUE);
	cr_topn_free(r->rank);
	if (r->topset)
		g_hash_table_destroy(r->topset);
	for (size_t k = 0; r->series && r->series[k]; k++)
		g_free(r->series[k]);
	g_free(r->series);
	g_free(r->bytes);
	g_free(r->packets);
	g_free(r);
}

/* Double the bin width: bin i becomes i / 2, in the totals and in every pair. */
static void widen(struct cr_rate *r)
{
	/* Bin i's target i / 2 was emptied before (i / 2 < i), so it only gathers. */
	for (uint32_t i = 0; i < r->nbins; i++) {
		uint64_t by = r->bytes[i], pk = r->packets[i];
		r->bytes[i] = r->packets[i] = 0;
		r->bytes[i / 2] += by;
		r->packets[i / 2] += pk;
	}
	r->nbins = (r->nbins + 1) / 2;
	r->bin_ns *= 2;
	for (guint k = 0; k < r->all->len; k++) {
		struct pair *v = g_ptr_array_index(r->all, k);
		guint out = 0;
		for (guint i = 0; i < v->cells->len; i++) {
			struct cell c = g_array_index(v->cells, struct cell, i);
			c.bin /= 2;
			if (out > 0 && g_array_index(v->cells, struct cell, out - 1).bin == c.bin)
				g_array_index(v->cells, struct cell, out - 1).bytes += c.bytes;
			else
				g_array_index(v->cells, struct cell, out++) = c;
		}
		g_array_set_size(v->cells, out);
	}
}

static struct pair *pair_get(struct cr_rate *r, const struct cr_pkt *p)
{
	struct pair k, *v = r->last;
	bool swap;

	if (v && ((cr_addr_equal(&p->src, &v->lo) && cr_addr_equal(&p->dst, &v->hi)) ||
		  (cr_addr_equal(&p->src, &v->hi) && cr_addr_equal(&p->dst, &v->lo))))
		return v;
	swap = cr_addr_cmp(&p->src, &p->dst) > 0;
	k.lo = swap ? p->dst : p->src;
	k.hi = swap ? p->src : p->dst;
	v = g_hash_table_lookup(r->pairs, &k);
	if (!v) {
		v = g_new0(struct pair, 1);
		v->lo = k.lo;
		v->hi = k.hi;
		v->cells = g_array_new(FALSE, FALSE, sizeof(struct cell));
		v->order = r->index;
		g_ptr_array_add(r->all, v);
		g_hash_table_insert(r->pairs, v, v);
	}
	return r->last = v;
}

static struct cr_topn_key pair_key(const struct cr_pkt *p)
{
	bool swap = cr_addr_cmp(&p->src, &p->dst) > 0;
	struct cr_topn_key k = { .a = swap ? p->dst : p->src, .b = swap ? p->src : p->dst };
	return k;
}

/* Too many pairs for their series: rank them from now on, in bounded memory, and drop the series. */
static void drop_series(struct cr_rate *r)
{
	r->dropped = true;
	r->rank = cr_topn_new(r->top, r->max_keys, by_bytes_item);
	for (guint k = 0; k < r->all->len; k++) {
		const struct pair *v = g_ptr_array_index(r->all, k);
		struct cr_topn_key key = { .a = v->lo, .b = v->hi };
		uint64_t val[CR_TOPN_VALUES] = { v->bytes };
		cr_topn_add(r->rank, &key, val, v->order);
	}
	g_hash_table_remove_all(r->pairs);
	g_ptr_array_set_size(r->all, 0);
	r->last = NULL;
}

/* A later pass: the totals and bins are known; rank the pairs, or fill the top pairs' series. */
static int later_pass(struct cr_rate *r, const struct cr_pkt *p)
{
	struct cr_topn_key k;
	int64_t off = p->ts_ns - r->t0;
	gpointer at;

	if (p->src.family == 0)
		return 0;
	k = pair_key(p);
	if (!r->series_pass) {
		uint64_t v[CR_TOPN_VALUES] = { p->len };
		cr_topn_add(r->rank, &k, v, r->index++);
	} else if ((at = g_hash_table_lookup(r->topset, &k))) {
		uint64_t bin = (uint64_t)(off < 0 ? 0 : off) / (uint64_t)r->bin_ns;
		if (bin < r->nbins)
			r->series[GPOINTER_TO_SIZE(at) - 1][bin] += p->len;
	}
	return 0;
}

int cr_rate_packet(void *user, const struct cr_pkt *p)
{
	struct cr_rate *r = user;
	int64_t off;
	uint64_t bin;
	struct pair *v = NULL;
	struct cell *last;

	if (r->done || (p->untimed && r->frozen))
		return 0;
	if (p->untimed) {
		r->untimed++;
		return 0;
	}
	if (r->frozen)
		return later_pass(r, p);
	if (!r->started) {
		r->started = true;
		r->t0 = p->ts_ns;
	}
	off = p->ts_ns - r->t0;
	if (off < 0) {
		r->early++;
		off = 0;
	}
	while ((bin = (uint64_t)(off / r->bin_ns)) >= (uint64_t)r->max_bins)
		widen(r);
	if (bin >= r->nbins)
		r->nbins = (uint32_t)bin + 1;
	r->bytes[bin] += p->len;
	r->packets[bin]++;
	if (p->src.family == 0)
		return 0;
	if (!r->dropped) {
		v = pair_get(r, p);
		if (r->series_keys && r->all->len > r->series_keys)
			drop_series(r);
	}
	if (r->dropped) {
		struct cr_topn_key k = pair_key(p);
		uint64_t val[CR_TOPN_VALUES] = { p->len };
		cr_topn_add(r->rank, &k, val, r->index++);
		return 0;
	}
	r->index++;
	v->bytes += p->len;
	last = v->cells->len ? &g_array_index(v->cells, struct cell, v->cells->len - 1) : NULL;
	if (last && last->bin == bin) {
		last->bytes += p->len;
	} else {
		struct cell c = { (uint32_t)bin, p->len };
		g_array_append_val(v->cells, c);
	}
	return 0;
}

static guint key_hash(gconstpointer k)
{
	const struct cr_topn_key *x = k;
	return cr_addr_hash(&x->a) * 31u + cr_addr_hash(&x->b);
}

static gboolean key_equal(gconstpointer x, gconstpointer y)
{
	const struct cr_topn_key *a = x, *b = y;
	return cr_addr_equal(&a->a, &b->a) && cr_addr_equal(&a->b, &b->b);
}

bool cr_rate_pass_done(void *user)
{
	struct cr_rate *r = user;
	const struct cr_topn_item *it;
	size_t n;

	r->index = 0;
	if (r->done || !r->dropped || r->series_pass)
		return r->done = true;
	r->frozen = true;
	if (!cr_topn_end_pass(r->rank))
		return false;
	/* The top pairs are known: one more pass sums their bins. */
	it = cr_topn_items(r->rank, &n);
	r->topset = g_hash_table_new(key_hash, key_equal);
	r->series = g_new0(uint64_t *, n + 1);
	for (size_t k = 0; k < n; k++) {
		g_hash_table_insert(r->topset, (gpointer)&it[k].key, GSIZE_TO_POINTER(k + 1));
		r->series[k] = g_new0(uint64_t, r->nbins ? r->nbins : 1);
	}
	r->series_pass = true;
	return false;
}

static int by_bytes(gconstpointer x, gconstpointer y)
{
	const struct pair *a = *(const struct pair *const *)x, *b = *(const struct pair *const *)y;

	if (a->bytes != b->bytes)
		return a->bytes > b->bytes ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* The top pairs' names and dense series, from the kept series or from the last pass. */
static guint top_pairs(const struct cr_rate *r, GPtrArray *names, GPtrArray *series, uint64_t *npairs)
{
	char a[64], b[64];

	if (r->dropped) {
		size_t n;
		const struct cr_topn_item *it = cr_topn_items(r->rank, &n);
		for (size_t k = 0; k < n; k++) {
			cr_addr_format(&it[k].key.a, a, sizeof(a));
			cr_addr_format(&it[k].key.b, b, sizeof(b));
			g_ptr_array_add(names, g_strdup_printf("%s <> %s", a, b));
			g_ptr_array_add(series, g_memdup2(r->series[k], sizeof(uint64_t) * (r->nbins ? r->nbins : 1)));
		}
		*npairs = cr_topn_keys(r->rank);
		return (guint)n;
	}
	{
		GPtrArray *order = g_ptr_array_new();
		guint ntop;

		for (guint k = 0; k < r->all->len; k++)
			g_ptr_array_add(order, g_ptr_array_index(r->all, k));
		g_ptr_array_sort(order, by_bytes);
		ntop = order->len > r->top ? (guint)r->top : order->len;
		for (guint k = 0; k < ntop; k++) {
			const struct pair *v = g_ptr_array_index(order, k);
			uint64_t *d = g_new0(uint64_t, r->nbins ? r->nbins : 1);
			cr_addr_format(&v->lo, a, sizeof(a));
			cr_addr_format(&v->hi, b, sizeof(b));
			g_ptr_array_add(names, g_strdup_printf("%s <> %s", a, b));
			/* Dense per pair: bins may have arrived out of order, so sum, not assign. */
			for (guint i = 0; i < v->cells->len; i++) {
				const struct cell *c = &g_array_index(v->cells, struct cell, i);
				if (c->bin < r->nbins)
					d[c->bin] += c->bytes;
			}
			g_ptr_array_add(series, d);
		}
		*npairs = order->len;
		g_ptr_array_free(order, TRUE);
		return ntop;
	}
}

struct cr_table *cr_rate_table(const struct cr_rate *r)
{
	struct cr_table *t = cr_table_new("throughput", "Throughput over time");
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free), *series = g_ptr_array_new_with_free_func(g_free);
	double secs = (double)r->bin_ns / 1e9;
	uint64_t npairs;
	guint ntop;

	cr_table_add_column(t, "rel_time", CR_COL_SECONDS);
	cr_table_add_column(t, "time", CR_COL_TIME);
	cr_table_add_column(t, "packets", CR_COL_INT);
	cr_table_add_column(t, "bits_per_s", CR_COL_RATE);
	ntop = top_pairs(r, names, series, &npairs);
	for (guint k = 0; k < ntop; k++)
		cr_table_add_column(t, g_ptr_array_index(names, k), CR_COL_RATE);
	for (uint32_t i = 0; i < r->nbins; i++) {
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_float(&row[0], (double)i * secs);
		cr_cell_int(&row[1], r->t0 + (int64_t)i * r->bin_ns);
		cr_cell_int(&row[2], (int64_t)r->packets[i]);
		cr_cell_float(&row[3], (double)r->bytes[i] * 8 / secs);
		for (guint k = 0; k < ntop; k++)
			cr_cell_float(&row[4 + k], (double)((uint64_t *)g_ptr_array_index(series, k))[i] * 8 / secs);
	}
	cr_table_add_note(t, "bins of %g s; bits per second of frame lengths", secs);
	if (ntop < npairs)
		cr_table_add_note(t, "the %u address pairs with the most bytes of %" G_GUINT64_FORMAT, ntop, npairs);
	if (r->early)
		cr_table_add_note(t, "%" G_GUINT64_FORMAT " packets earlier than the first one are counted in the first bin",
				  r->early);
	cr_table_note_untimed(t, r->untimed);
	g_ptr_array_free(names, TRUE);
	g_ptr_array_free(series, TRUE);
	return t;
}
