/*
 * analyze-rate.c - throughput over time (an I/O graph): bytes per time bin,
 * in total and per unordered address pair. Bins start at 1 ms and double,
 * merging neighbours, whenever the capture would need more than max_bins.
 */
#include "analyze-report.h"

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
	int64_t bin_ns;
	bool started;
	int64_t t0;		/* first packet's time: bin 0 starts here */
	uint32_t nbins;		/* bins in use */
	uint64_t *bytes, *packets;	/* max_bins each */
	uint64_t early;		/* packets before t0, counted in bin 0 */
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

struct cr_rate *cr_rate_new(int max_bins)
{
	struct cr_rate *r = g_new0(struct cr_rate, 1);

	r->max_bins = max_bins < 2 ? 2 : max_bins;
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
	g_free(r->bytes);
	g_free(r->packets);
	g_free(r);
}

int64_t cr_rate_bin_ns(const struct cr_rate *r)
{
	return r->bin_ns;
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
		v->order = r->all->len;
		g_ptr_array_add(r->all, v);
		g_hash_table_insert(r->pairs, v, v);
	}
	return r->last = v;
}

int cr_rate_packet(void *user, const struct cr_pkt *p)
{
	struct cr_rate *r = user;
	int64_t off;
	uint64_t bin;
	struct pair *v;
	struct cell *last;

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
	v = pair_get(r, p);
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

static int by_bytes(gconstpointer x, gconstpointer y)
{
	const struct pair *a = *(const struct pair *const *)x, *b = *(const struct pair *const *)y;

	if (a->bytes != b->bytes)
		return a->bytes > b->bytes ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

struct cr_table *cr_rate_table(const struct cr_rate *r, int top)
{
	struct cr_table *t = cr_table_new("throughput", "Throughput over time");
	GPtrArray *order = g_ptr_array_new();
	double secs = (double)r->bin_ns / 1e9;
	guint ntop;
	uint64_t **series;
	char a[64], b[64];

	cr_table_add_column(t, "rel_time", CR_COL_SECONDS);
	cr_table_add_column(t, "time", CR_COL_TIME);
	cr_table_add_column(t, "packets", CR_COL_INT);
	cr_table_add_column(t, "bits_per_s", CR_COL_RATE);
	for (guint k = 0; k < r->all->len; k++)
		g_ptr_array_add(order, g_ptr_array_index(r->all, k));
	g_ptr_array_sort(order, by_bytes);
	ntop = top > 0 && order->len > (guint)top ? (guint)top : order->len;
	series = g_new0(uint64_t *, ntop + 1);
	for (guint k = 0; k < ntop; k++) {
		const struct pair *v = g_ptr_array_index(order, k);
		char *name;

		cr_addr_format(&v->lo, a, sizeof(a));
		cr_addr_format(&v->hi, b, sizeof(b));
		name = g_strdup_printf("%s <> %s", a, b);
		cr_table_add_column(t, name, CR_COL_RATE);
		g_free(name);
		/* Dense per pair: bins may have arrived out of order, so sum, not assign. */
		series[k] = g_new0(uint64_t, r->nbins ? r->nbins : 1);
		for (guint i = 0; i < v->cells->len; i++) {
			const struct cell *c = &g_array_index(v->cells, struct cell, i);
			if (c->bin < r->nbins)
				series[k][c->bin] += c->bytes;
		}
	}
	for (uint32_t i = 0; i < r->nbins; i++) {
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_float(&row[0], (double)i * secs);
		cr_cell_int(&row[1], r->t0 + (int64_t)i * r->bin_ns);
		cr_cell_int(&row[2], (int64_t)r->packets[i]);
		cr_cell_float(&row[3], (double)r->bytes[i] * 8 / secs);
		for (guint k = 0; k < ntop; k++)
			cr_cell_float(&row[4 + k], (double)series[k][i] * 8 / secs);
	}
	cr_table_add_note(t, "bins of %g s; bits per second of frame lengths", secs);
	if (ntop < order->len)
		cr_table_add_note(t, "the %u address pairs with the most bytes of %u", ntop, order->len);
	if (r->early)
		cr_table_add_note(t, "%" G_GUINT64_FORMAT " packets earlier than the first one are counted in the first bin",
				  r->early);
	for (guint k = 0; k < ntop; k++)
		g_free(series[k]);
	g_free(series);
	g_ptr_array_free(order, TRUE);
	return t;
}
