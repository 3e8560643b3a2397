/* test-topn.c - rankings in bounded memory: the same answer with any key bound as with none, by brute force. */
#include "analyze-report.h"
#include "analyze.h"
#include "graph.h"
#include "topn.h"

#include <string.h>

static struct cr_addr v4(uint32_t n)
{
	struct cr_addr a = { .family = 4 };
	a.a[0] = 10;
	a.a[1] = (uint8_t)(n >> 16);
	a.a[2] = (uint8_t)(n >> 8);
	a.a[3] = (uint8_t)n;
	return a;
}

static int by_v0(const struct cr_topn_item *x, const struct cr_topn_item *y)
{
	int c = cr_topn_cmp_desc(x->v[0], y->v[0]);
	return c ? c : cr_topn_cmp_order(x, y);
}

/* A skewed stream: a few heavy keys, many light ones, many ties. Deterministic. */
static uint32_t key_of(uint32_t i, uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	if ((*state >> 16) % 4 == 0)
		return (*state >> 8) % 20;		/* heavy: 20 keys take a quarter */
	return 100 + (*state >> 8) % 3000 + i % 7;	/* light: about 3000 keys */
}

struct brute {
	uint64_t sum, order;
	bool seen;
};

static void run_topn(size_t top, size_t max_keys, unsigned *passes, GArray *out, uint64_t *keys)
{
	struct cr_topn *t = cr_topn_new(top, max_keys, by_v0);
	const struct cr_topn_item *it;
	size_t n;

	*passes = 0;
	do {
		uint32_t state = 7;
		for (uint32_t i = 0; i < 20000; i++) {
			struct cr_topn_key k = { .a = v4(key_of(i, &state)) };
			uint64_t v[CR_TOPN_VALUES] = { 1 + i % 3 };
			cr_topn_add(t, &k, v, i);
		}
		(*passes)++;
		g_assert_cmpuint(*passes, <, 1000);
	} while (!cr_topn_end_pass(t));
	it = cr_topn_items(t, &n);
	g_array_append_vals(out, it, (guint)n);
	*keys = cr_topn_keys(t);
	g_assert_cmpint(cr_topn_split(t), ==, max_keys != 0 && *keys > max_keys);
	cr_topn_free(t);
}

static void test_topn_bounded_equals_brute_force(void)
{
	struct brute *b = g_new0(struct brute, 4000);
	uint32_t state = 7, nkeys = 0;
	GArray *want = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	static const size_t bounds[] = { 0, 100000, 2000, 500, 64, 16 };

	for (uint32_t i = 0; i < 20000; i++) {
		uint32_t k = key_of(i, &state);
		if (!b[k].seen) {
			b[k].seen = true;
			b[k].order = i;
			nkeys++;
		}
		b[k].sum += 1 + i % 3;
	}
	/* The brute-force top 50: by sum, then first seen. */
	for (int r = 0; r < 50; r++) {
		int best = -1;
		for (uint32_t k = 0; k < 4000; k++) {
			if (!b[k].seen)
				continue;
			if (best < 0 || b[k].sum > b[best].sum || (b[k].sum == b[best].sum && b[k].order < b[best].order))
				best = (int)k;
		}
		g_array_append_val(want, best);
		b[best].seen = false;
	}
	for (size_t bi = 0; bi < G_N_ELEMENTS(bounds); bi++) {
		GArray *got = g_array_new(FALSE, FALSE, sizeof(struct cr_topn_item));
		unsigned passes;
		uint64_t keys;

		run_topn(50, bounds[bi], &passes, got, &keys);
		g_assert_cmpuint(keys, ==, nkeys);
		g_assert_cmpuint(got->len, ==, 50);
		for (guint r = 0; r < 50; r++) {
			struct cr_addr a = v4(g_array_index(want, uint32_t, r));
			g_assert_true(cr_addr_equal(&g_array_index(got, struct cr_topn_item, r).key.a, &a));
		}
		/* One pass when the keys fit; about keys / bound passes when not. */
		if (bounds[bi] == 0 || bounds[bi] >= nkeys)
			g_assert_cmpuint(passes, ==, 1);
		else
			g_assert_cmpuint(passes, >=, nkeys / bounds[bi]);
		g_array_free(got, TRUE);
	}
	g_array_free(want, TRUE);
	g_free(b);
}

static struct cr_pkt pkt(uint32_t src, uint32_t dst, uint32_t len)
{
	struct cr_pkt p;

	memset(&p, 0, sizeof(p));
	p.len = len;
	p.src = v4(src);
	p.dst = v4(dst);
	return p;
}

/* A scan-like stream of packets: 2402 sources to 40 destinations, a few heavy pairs. */
static void feed(int (*packet)(void *, const struct cr_pkt *), void *user)
{
	uint32_t state = 3;

	for (uint32_t i = 0; i < 12000; i++) {
		struct cr_pkt p;
		state = state * 1103515245u + 12345u;
		if (i % 5 == 0)
			p = pkt((state >> 8) % 6, 5000 + (state >> 4) % 3, 1500);
		else
			p = pkt(i % 3000, 5000 + (state >> 12) % 40, 60 + (state >> 16) % 40);
		p.ts_ns = 1700000000000000000LL + (int64_t)i * 3000000;	/* 36 s in all */
		packet(user, &p);
	}
}

static char *table_csv(const struct cr_table *t)
{
	GString *s = g_string_new(NULL);

	for (guint c = 0; c < t->columns->len; c++)
		g_string_append_printf(s, "%s,", g_array_index(t->columns, struct cr_column, c).name);
	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		g_string_append_c(s, '\n');
		for (guint c = 0; c < t->columns->len; c++) {
			if (row[c].null)
				g_string_append(s, ",");
			else if (g_array_index(t->columns, struct cr_column, c).type == CR_COL_FLOAT ||
				 g_array_index(t->columns, struct cr_column, c).type == CR_COL_RATE ||
				 g_array_index(t->columns, struct cr_column, c).type == CR_COL_SECONDS)
				g_string_append_printf(s, "%.17g,", row[c].v.f);
			else if (g_array_index(t->columns, struct cr_column, c).type == CR_COL_TEXT ||
				 g_array_index(t->columns, struct cr_column, c).type == CR_COL_ADDR)
				g_string_append_printf(s, "%s,", row[c].v.s);
			else
				g_string_append_printf(s, "%" G_GINT64_FORMAT ",", row[c].v.i);
		}
	}
	for (guint i = 0; i < t->notes->len; i++)
		g_string_append_printf(s, "\n%s", (const char *)g_ptr_array_index(t->notes, i));
	return g_string_free(s, FALSE);
}

static char *matrix_csv(bool packets, int top, size_t max_keys, unsigned *passes)
{
	struct cr_matrix *m = cr_matrix_new(packets, top, max_keys);
	struct cr_table *t;
	char *csv;

	*passes = 0;
	do {
		feed(cr_matrix_packet, m);
		(*passes)++;
	} while (!cr_matrix_pass_done(m));
	t = cr_matrix_table(m, true);
	csv = table_csv(t);
	cr_table_free(t);
	cr_matrix_free(m);
	return csv;
}

static void test_matrix_bounded(void)
{
	for (int packets = 0; packets < 2; packets++) {
		unsigned p0, p1, p2;
		char *all = matrix_csv(packets, 10, 0, &p0);
		char *fits = matrix_csv(packets, 10, 100000, &p1);
		char *small = matrix_csv(packets, 10, 100, &p2);

		g_assert_cmpuint(p0, ==, 1);
		g_assert_cmpuint(p1, ==, 1);
		/* 2402 sources in partitions of at most 100, then the cells pass. */
		g_assert_cmpuint(p2, >=, 2402 / 100 + 1);
		g_assert_cmpstr(fits, ==, all);
		g_assert_cmpstr(small, ==, all);
		/* Sources: the residues mod 3000 that are not multiples of 5, and the heavy 0 and 5. */
		g_assert_nonnull(strstr(all, "\n2402 sources, 40 destinations"));
		g_assert_nonnull(strstr(all, ",other,total,"));
		g_free(all);
		g_free(fits);
		g_free(small);
	}
}

static char *rank_csv(enum cr_rank_kind kind, int top, size_t max_keys)
{
	struct cr_rank *r = cr_rank_new(kind, top, max_keys);
	struct cr_table *t;
	char *csv;

	do
		feed(cr_rank_packet, r);
	while (!cr_rank_pass_done(r));
	if (kind == CR_RANK_EDGES) {
		struct cr_graph *g = cr_rank_graph(r);
		t = cr_graph_table(g);
		cr_graph_free(g);
	} else {
		t = cr_rank_talkers(r);
	}
	csv = table_csv(t);
	cr_table_free(t);
	cr_rank_free(r);
	return csv;
}

/* Talkers equal the endpoints table's first rows, by bytes; edges and talkers the same under any bound. */
static void test_rank_bounded(void)
{
	for (int kind = 0; kind < 2; kind++) {
		char *all = rank_csv(kind, 25, 0), *small = rank_csv(kind, 25, 50);
		g_assert_cmpstr(small, ==, all);
		g_free(all);
		g_free(small);
	}
	{
		struct cr_endpoints *e = cr_endpoints_new();
		struct cr_rank *r = cr_rank_new(CR_RANK_TALKERS, 25, 40);
		struct cr_table *ep, *t;
		feed(cr_endpoints_packet, e);
		do
			feed(cr_rank_packet, r);
		while (!cr_rank_pass_done(r));
		ep = cr_endpoints_table(e, "bytes");
		t = cr_rank_talkers(r);
		g_assert_cmpuint(cr_table_nrows(t), ==, 25);
		for (size_t i = 0; i < 25; i++) {
			const struct cr_cell *a = cr_table_row(ep, i), *b = cr_table_row(t, i);
			g_assert_cmpstr(a[cr_table_col(ep, "addr")].v.s, ==, b[0].v.s);
			g_assert_cmpint(a[cr_table_col(ep, "tx_bytes")].v.i, ==, b[1].v.i);
			g_assert_cmpint(a[cr_table_col(ep, "rx_bytes")].v.i, ==, b[2].v.i);
			g_assert_cmpint(a[cr_table_col(ep, "packets")].v.i, ==, b[4].v.i);
		}
		cr_table_free(ep);
		cr_table_free(t);
		cr_rank_free(r);
		cr_endpoints_free(e);
	}
}

static char *rate_csv(size_t max_keys, unsigned *passes)
{
	struct cr_rate *r = cr_rate_new(50, 4, max_keys);
	struct cr_table *t;
	char *csv;

	*passes = 0;
	do {
		feed(cr_rate_packet, r);
		(*passes)++;
	} while (!cr_rate_pass_done(r));
	t = cr_rate_table(r);
	csv = table_csv(t);
	cr_table_free(t);
	cr_rate_free(r);
	return csv;
}

/* Throughput: past max_keys pairs the series are dropped, ranked over passes and summed again: the same table. */
static void test_rate_bounded(void)
{
	unsigned p0, p1;
	char *all = rate_csv(0, &p0), *small = rate_csv(100, &p1);

	g_assert_cmpuint(p0, ==, 1);
	g_assert_cmpuint(p1, >, 2);
	g_assert_cmpstr(small, ==, all);
	g_assert_nonnull(strstr(all, "the 4 address pairs with the most bytes of"));
	g_free(all);
	g_free(small);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/topn/bounded-equals-brute-force", test_topn_bounded_equals_brute_force);
	g_test_add_func("/topn/matrix-bounded", test_matrix_bounded);
	g_test_add_func("/topn/rank-bounded", test_rank_bounded);
	g_test_add_func("/topn/rate-bounded", test_rate_bounded);
	return g_test_run();
}
