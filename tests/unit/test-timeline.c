/* test-timeline.c - bins, zero fill, automatic bin sizes, gaps, refusals. */
#include "analyze.h"
#include "util.h"

#define SEC 1000000000LL
#define MINUTE (60 * SEC)
#define DAY (86400 * SEC)
#define T0 1710021480000000000LL	/* 2024-03-09T21:58:00Z */

static void add(struct cr_timeline *t, int64_t ts, uint32_t len)
{
	struct cr_pkt p = { .ts_ns = ts, .len = len };

	cr_timeline_packet(t, &p);
}

static void test_bins_and_zero_fill(void)
{
	struct cr_timeline *t = cr_timeline_new(MINUTE);
	const struct cr_bin *b;
	struct cr_table *tab;

	add(t, T0 + 5 * SEC, 100);
	add(t, T0 + 3 * MINUTE + 59 * SEC, 10);
	add(t, T0 + 59 * SEC, 1);	/* out of order */
	add(t, T0 - 1, 7);		/* the bin before, before the first */
	g_assert_cmpint(cr_timeline_finish(t, NULL, NULL, NULL), ==, 0);
	g_assert_cmpuint(cr_timeline_nbins(t), ==, 5);
	g_assert_cmpint(cr_timeline_start_ns(t), ==, T0 - MINUTE);
	b = cr_timeline_bins(t);
	g_assert_cmpuint(b[0].packets, ==, 1);
	g_assert_cmpuint(b[1].packets, ==, 2);
	g_assert_cmpuint(b[1].bytes, ==, 101);
	g_assert_cmpuint(b[2].packets, ==, 0);
	g_assert_cmpuint(b[3].packets, ==, 0);
	g_assert_cmpuint(b[4].bytes, ==, 10);
	tab = cr_timeline_table(t);
	g_assert_cmpuint(cr_table_nrows(tab), ==, 5);
	g_assert_cmpint(cr_table_row(tab, 2)[0].v.i, ==, T0 + MINUTE);
	cr_table_free(tab);
	cr_timeline_free(t);
}

static void test_range(void)
{
	struct cr_timeline *t = cr_timeline_new(MINUTE);
	int64_t from = T0 - 10 * MINUTE, to = T0 + 10 * MINUTE;
	GError *err = NULL;

	add(t, T0, 1);
	g_assert_cmpint(cr_timeline_finish(t, &from, &to, NULL), ==, 0);
	g_assert_cmpuint(cr_timeline_nbins(t), ==, 20);
	g_assert_cmpuint(cr_timeline_bins(t)[10].packets, ==, 1);
	cr_timeline_free(t);

	/* an empty range is a usage error; so is one that needs too many bins */
	t = cr_timeline_new(MINUTE);
	g_assert_cmpint(cr_timeline_finish(t, &to, &from, &err), ==, -1);
	g_assert_error(err, CR_ERROR, CR_EXIT_USAGE);
	g_clear_error(&err);
	cr_timeline_free(t);

	t = cr_timeline_new(1000000);	/* 1ms */
	add(t, T0, 1);
	add(t, T0 + 4 * 3600 * SEC, 1);	/* 14.4 million ms */
	g_assert_cmpint(cr_timeline_finish(t, NULL, NULL, &err), ==, -1);
	g_assert_error(err, CR_ERROR, CR_EXIT_USAGE);
	g_assert_nonnull(strstr(err->message, "use --bin 10s"));
	g_clear_error(&err);
	cr_timeline_free(t);
}

/* The automatic bin gives at most CR_TIMELINE_AUTO_BINS bins and the same counts as that bin chosen by hand. */
static void test_auto(void)
{
	static const int64_t spans[] = { 2 * SEC, 90 * SEC, 3 * 3600 * SEC, 40 * DAY, 0 };

	for (int k = 0; spans[k]; k++) {
		struct cr_timeline *a = cr_timeline_new(0), *f;
		int64_t bin;
		guint32 seed = 7;

		for (int i = 0; i < 5000; i++) {
			seed = seed * 1103515245u + 12345u;
			add(a, T0 + (int64_t)((double)(seed >> 8) / (double)(1u << 24) * (double)spans[k]), seed % 1500);
		}
		add(a, T0, 1);
		add(a, T0 + spans[k], 1);
		g_assert_cmpint(cr_timeline_finish(a, NULL, NULL, NULL), ==, 0);
		bin = cr_timeline_bin_ns(a);
		g_assert_cmpint(bin, ==, cr_bin_suggest(spans[k]));
		g_assert_cmpuint(cr_timeline_nbins(a), <=, CR_TIMELINE_AUTO_BINS);
		g_assert_cmpuint(cr_timeline_nbins(a), >=, 2);

		f = cr_timeline_new(bin);
		seed = 7;
		for (int i = 0; i < 5000; i++) {
			seed = seed * 1103515245u + 12345u;
			add(f, T0 + (int64_t)((double)(seed >> 8) / (double)(1u << 24) * (double)spans[k]), seed % 1500);
		}
		add(f, T0, 1);
		add(f, T0 + spans[k], 1);
		g_assert_cmpint(cr_timeline_finish(f, NULL, NULL, NULL), ==, 0);
		g_assert_cmpuint(cr_timeline_nbins(f), ==, cr_timeline_nbins(a));
		g_assert_cmpint(cr_timeline_start_ns(f), ==, cr_timeline_start_ns(a));
		g_assert_cmpmem(cr_timeline_bins(f), cr_timeline_nbins(f) * sizeof(struct cr_bin), cr_timeline_bins(a),
				cr_timeline_nbins(a) * sizeof(struct cr_bin));
		cr_timeline_free(a);
		cr_timeline_free(f);
	}
	g_assert_cmpint(cr_bin_suggest(3 * 3600 * SEC), ==, 10 * SEC);
	g_assert_cmpint(cr_bin_suggest(3 * DAY), ==, 300 * SEC);
}

static void test_gaps(void)
{
	struct cr_timeline *t = cr_timeline_new(MINUTE);
	GArray *gaps;
	const struct cr_gap *g;
	struct cr_table *s;

	/* bins: 1 0 0 0 0 1 0 0 0 0 0 1 | a run of 4 and a run of 5 empty bins */
	add(t, T0, 1);
	add(t, T0 + 5 * MINUTE, 1);
	add(t, T0 + 11 * MINUTE, 1);
	add(t, T0 + 11 * MINUTE + 1, 1);
	g_assert_cmpint(cr_timeline_finish(t, NULL, NULL, NULL), ==, 0);
	gaps = cr_timeline_gaps(t, 0);	/* default: 5 bins */
	g_assert_cmpuint(gaps->len, ==, 1);
	g = &g_array_index(gaps, struct cr_gap, 0);
	g_assert_cmpint(g->start_ns, ==, T0 + 6 * MINUTE);
	g_assert_cmpint(g->end_ns, ==, T0 + 11 * MINUTE);
	g_assert_cmpuint(g->bins, ==, 5);
	s = cr_timeline_summary(t, gaps, 0, false);
	g_assert_cmpstr(cr_table_row(s, 5)[0].v.s, ==, "active_bins");
	g_assert_cmpstr(cr_table_row(s, 5)[1].v.s, ==, "3");
	g_assert_cmpstr(cr_table_row(s, 14)[1].v.s, ==, "2");	/* busiest bin: 2 packets */
	cr_table_free(s);
	g_array_unref(gaps);
	gaps = cr_timeline_gaps(t, 4 * MINUTE);
	g_assert_cmpuint(gaps->len, ==, 2);
	g_array_unref(gaps);
	gaps = cr_timeline_gaps(t, 5 * MINUTE + 1);
	g_assert_cmpuint(gaps->len, ==, 0);
	g_array_unref(gaps);
	cr_timeline_free(t);

	/* across midnight and over days: one gap */
	t = cr_timeline_new(3600 * SEC);
	add(t, T0, 1);
	add(t, T0 + 3 * DAY, 1);
	g_assert_cmpint(cr_timeline_finish(t, NULL, NULL, NULL), ==, 0);
	gaps = cr_timeline_gaps(t, 0);
	g_assert_cmpuint(gaps->len, ==, 1);
	g_assert_cmpuint(g_array_index(gaps, struct cr_gap, 0).bins, ==, 71);
	g_array_unref(gaps);
	cr_timeline_free(t);
}

static void test_edges(void)
{
	struct cr_timeline *t = cr_timeline_new(0);
	GArray *gaps;

	/* one packet: one bin, no gap */
	add(t, T0 + 1234, 60);
	g_assert_cmpint(cr_timeline_finish(t, NULL, NULL, NULL), ==, 0);
	g_assert_cmpuint(cr_timeline_nbins(t), ==, 1);
	g_assert_cmpuint(cr_timeline_bins(t)[0].bytes, ==, 60);
	gaps = cr_timeline_gaps(t, 0);
	g_assert_cmpuint(gaps->len, ==, 0);
	g_array_unref(gaps);
	cr_timeline_free(t);

	/* no packets at all */
	t = cr_timeline_new(MINUTE);
	g_assert_cmpint(cr_timeline_finish(t, NULL, NULL, NULL), ==, 0);
	g_assert_cmpuint(cr_timeline_nbins(t), ==, 0);
	cr_timeline_free(t);

	/* before 1970, bins still align */
	t = cr_timeline_new(MINUTE);
	add(t, -1, 1);
	add(t, 0, 1);
	g_assert_cmpint(cr_timeline_finish(t, NULL, NULL, NULL), ==, 0);
	g_assert_cmpuint(cr_timeline_nbins(t), ==, 2);
	g_assert_cmpint(cr_timeline_start_ns(t), ==, -MINUTE);
	cr_timeline_free(t);
}

static void test_bin_sizes(void)
{
	int64_t ns;
	char *s;

	g_assert_true(cr_bin_parse("1m", &ns));
	g_assert_cmpint(ns, ==, MINUTE);
	g_assert_true(cr_bin_parse("15m", &ns));
	g_assert_true(cr_bin_parse("2d", &ns));
	g_assert_true(cr_bin_parse("250ms", &ns));
	g_assert_false(cr_bin_parse("7m", &ns));	/* does not divide a day */
	g_assert_false(cr_bin_parse("36h", &ns));
	g_assert_false(cr_bin_parse("0s", &ns));
	g_assert_false(cr_bin_parse("1us", &ns));
	s = cr_bin_format(900 * SEC);
	g_assert_cmpstr(s, ==, "15m");
	g_free(s);
	s = cr_bin_format(DAY);
	g_assert_cmpstr(s, ==, "1d");
	g_free(s);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/timeline/bins", test_bins_and_zero_fill);
	g_test_add_func("/timeline/range", test_range);
	g_test_add_func("/timeline/auto", test_auto);
	g_test_add_func("/timeline/gaps", test_gaps);
	g_test_add_func("/timeline/edges", test_edges);
	g_test_add_func("/timeline/bin-sizes", test_bin_sizes);
	return g_test_run();
}
