/* test-report.c - the report's pieces: HTML escaping and templates, size bins, the sample, throughput bins, the graph. */
#include "analyze-report.h"
#include "analyze.h"
#include "graph.h"
#include "html.h"

#include <string.h>

static struct cr_pkt pkt(int64_t ts_ns, const char *src, const char *dst, uint32_t len)
{
	struct cr_pkt p;

	memset(&p, 0, sizeof(p));
	p.ts_ns = ts_ns;
	p.len = len;
	p.protocols = "eth:ethertype:ip:udp";
	p.proto = 17;
	p.sport = 1000;
	p.dport = 53;
	if (src)
		cr_addr_parse(&p.src, src);
	if (dst)
		cr_addr_parse(&p.dst, dst);
	return p;
}

static void test_escape(void)
{
	GString *s = g_string_new(NULL);

	cr_html_escape(s, "<script>alert(1)</script> & \"q\" 'a'");
	g_assert_cmpstr(s->str, ==, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;");
	g_string_truncate(s, 0);
	cr_html_escape(s, "bell\x07 del\x7f");
	g_assert_cmpstr(s->str, ==, "bell\\x07 del\\x7f");
	g_string_truncate(s, 0);
	cr_html_escape(s, "bad \xff utf-8");	/* repaired, never passed on */
	g_assert_true(g_utf8_validate(s->str, -1, NULL));
	g_assert_null(strchr(s->str, '\xff'));
	g_string_free(s, TRUE);
}

static void test_fill(void)
{
	GHashTable *text = g_hash_table_new(g_str_hash, g_str_equal), *html = g_hash_table_new(g_str_hash, g_str_equal);
	GError *err = NULL;
	char *out;

	g_hash_table_insert(text, "title", "<b>a & b</b>");
	g_hash_table_insert(html, "body", "<p>ours</p>");
	out = cr_html_fill("<h1>{{title}}</h1>{{{body}}}{{ title }}", "t", text, html, &err);
	g_assert_no_error(err);
	g_assert_cmpstr(out, ==, "<h1>&lt;b&gt;a &amp; b&lt;/b&gt;</h1><p>ours</p>&lt;b&gt;a &amp; b&lt;/b&gt;");
	g_free(out);
	/* Text never goes in raw, HTML never escaped twice: the wrong braces are an error, as an unknown name. */
	g_assert_null(cr_html_fill("{{{title}}}", "t", text, html, &err));
	g_assert_error(err, CR_ERROR, CR_EXIT_OUTPUT);
	g_assert_nonnull(strstr(err->message, "use {{ }}"));
	g_clear_error(&err);
	g_assert_null(cr_html_fill("{{nothing}}", "t", text, html, &err));
	g_assert_nonnull(strstr(err->message, "{{nothing}}"));
	g_clear_error(&err);
	g_assert_null(cr_html_fill("{{title", "t", text, html, &err));
	g_clear_error(&err);
	g_hash_table_destroy(text);
	g_hash_table_destroy(html);
}

static void test_html_table(void)
{
	struct cr_table *t = cr_table_new("x", "<i>title</i>");
	GString *s = g_string_new(NULL);
	struct cr_cell *row;

	cr_table_add_column(t, "name", CR_COL_TEXT);
	cr_table_add_column(t, "bytes", CR_COL_BYTES);
	for (int i = 0; i < 3; i++) {
		row = cr_table_add_row(t);
		cr_cell_text(&row[0], i == 0 ? "<img src=x onerror=alert(1)>" : "b");
		cr_cell_int(&row[1], 1500 * (i + 1));
	}
	cr_html_table(s, t, "t-x", "tables/x.csv", 2);
	g_assert_null(strstr(s->str, "<img"));
	g_assert_null(strstr(s->str, "<i>"));
	g_assert_nonnull(strstr(s->str, "&lt;img src=x onerror=alert(1)&gt;"));
	/* Numbers sort by their exact value, shown in human units. */
	g_assert_nonnull(strstr(s->str, "data-v=\"1500\""));
	g_assert_nonnull(strstr(s->str, "1.5 kB"));
	g_assert_nonnull(strstr(s->str, "data-type=\"num\""));
	g_assert_nonnull(strstr(s->str, "The first 2 of 3 rows"));
	g_assert_null(strstr(s->str, "data-v=\"4500\""));
	g_string_free(s, TRUE);
	cr_table_free(t);
}

/* A long table is folded; a row's cell links to its page, the href escaped, the sort key kept. */
static void test_html_table_full(void)
{
	struct cr_table *t = cr_table_new("x", "x");
	const char *hrefs[] = { "a.html", NULL, "b\"c.html" };
	struct cr_html_table_opts o = { .id = "t-x", .max_rows = 10, .open_rows = 2, .link_col = 0,
					.hrefs = hrefs, .nhrefs = 3 };
	GString *s = g_string_new(NULL);

	cr_table_add_column(t, "id", CR_COL_INT);
	for (int i = 0; i < 3; i++)
		cr_cell_int(&cr_table_add_row(t)[0], i);
	cr_html_table_full(s, t, &o);
	g_assert_nonnull(strstr(s->str, "<details class=\"rows\"><summary>Show the 3 rows</summary>"));
	g_assert_nonnull(strstr(s->str, "<td class=\"n\" data-v=\"0\"><a href=\"a.html\">0</a></td>"));
	g_assert_nonnull(strstr(s->str, "<td class=\"n\" data-v=\"1\">1</td>"));
	g_assert_nonnull(strstr(s->str, "<a href=\"b&quot;c.html\">2</a>"));
	g_string_truncate(s, 0);
	o.open_rows = 3;
	cr_html_table_full(s, t, &o);
	g_assert_null(strstr(s->str, "<details"));
	g_string_free(s, TRUE);
	cr_table_free(t);
}

/* Every boundary of tshark's plen buckets is a boundary of ours. */
static void test_sizes(void)
{
	static const uint32_t lens[] = { 0, 19, 20, 39, 40, 79, 80, 1599, 1600, 2559, 2560, 5119, 5120, 65535 };
	struct cr_sizes *s = cr_sizes_new();
	struct cr_table *t;
	int64_t packets = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(lens); i++) {
		struct cr_pkt p = pkt(0, NULL, NULL, lens[i]);
		cr_sizes_packet(s, &p);
	}
	t = cr_sizes_table(s);
	g_assert_cmpuint(cr_table_nrows(t), ==, 80 + 3);
	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		packets += row[2].v.i;
		for (size_t i = 0; i < G_N_ELEMENTS(lens); i++)
			if (lens[i] >= row[0].v.i && (row[1].null || lens[i] <= row[1].v.i))
				g_assert_cmpint(row[2].v.i, >=, 1);
		if (r > 0)	/* contiguous bins */
			g_assert_cmpint(row[0].v.i, ==, cr_table_row(t, r - 1)[1].v.i + 1);
	}
	g_assert_cmpint(packets, ==, G_N_ELEMENTS(lens));
	g_assert_true(cr_table_row(t, cr_table_nrows(t) - 1)[1].null);	/* 5120 or more */
	g_assert_cmpint(cr_table_row(t, cr_table_nrows(t) - 1)[2].v.i, ==, 2);
	cr_table_free(t);
	cr_sizes_free(s);
}

/*
 * The sample keeps the first packet of each distinct (second, port) and (source, destination, port)
 * combination (here one a second: 10) and a reservoir of exactly N of the others, each once, in
 * time order, the same ones each run, spread over the whole input.
 */
static void test_sample(void)
{
	struct cr_table *t[2];

	for (int run = 0; run < 2; run++) {
		struct cr_sample *s = cr_sample_new(100);
		for (int i = 0; i < 10000; i++) {
			struct cr_pkt p = pkt((int64_t)i * 1000000, "10.0.0.1", "10.0.0.2", 60);
			cr_sample_packet(s, &p);
		}
		{
			struct cr_pkt p = pkt(0, NULL, NULL, 60);	/* not IP: not offered */
			cr_sample_packet(s, &p);
		}
		g_assert_cmpuint(cr_sample_seen(s), ==, 10000);
		t[run] = cr_sample_table(s, 0);
		cr_sample_free(s);
	}
	g_assert_cmpuint(cr_table_nrows(t[0]), ==, 110);
	{
		int late = 0, firsts = 0;
		for (size_t r = 0; r < 110; r++) {
			const struct cr_cell *a = cr_table_row(t[0], r), *b = cr_table_row(t[1], r);
			g_assert_cmpint(a[0].v.i, ==, b[0].v.i);
			if (r)
				g_assert_cmpint(a[0].v.i, >, cr_table_row(t[0], r - 1)[0].v.i);
			late += a[0].v.i >= 5000LL * 1000000;
			firsts += a[0].v.i % 1000000000 == 0;
			g_assert_cmpstr(a[6].v.s, ==, "udp");
		}
		/* A uniform sample has about half its points in the second half (and 5 firsts are there). */
		g_assert_cmpint(late, >, 30);
		g_assert_cmpint(late, <, 80);
		g_assert_cmpint(firsts, ==, 10);	/* every second's first packet */
	}
	g_assert_nonnull(strstr(g_ptr_array_index(t[0]->notes, 0), "110 of 10000 IP packets"));
	g_assert_nonnull(strstr(g_ptr_array_index(t[0]->notes, 0), "combination (10), and a uniform sample of 100 of the other 9990"));
	cr_table_free(t[0]);
	cr_table_free(t[1]);
}

/* Widening bins keeps every byte, in total and per pair. */
static void test_rate(void)
{
	struct cr_rate *r = cr_rate_new(10, 1, 0);
	struct cr_table *t;
	double bits = 0, pair = 0;
	int64_t packets = 0;

	for (int i = 0; i < 1000; i++) {
		struct cr_pkt p = pkt((int64_t)i * 7000000, i % 3 ? "10.0.0.1" : "10.0.0.3", "10.0.0.2", 100);
		cr_rate_packet(r, &p);
	}
	/* 7 s at 1 ms doubled until at most 10 bins: 1.024 s. */
	g_assert_true(cr_rate_pass_done(r));
	t = cr_rate_table(r);
	g_assert_cmpuint(cr_table_nrows(t), <=, 10);
	g_assert_cmpuint(cr_table_ncols(t), ==, 5);
	for (size_t i = 0; i < cr_table_nrows(t); i++) {
		const struct cr_cell *row = cr_table_row(t, i);
		packets += row[2].v.i;
		bits += row[3].v.f * 1.024;
		pair += row[4].v.f * 1.024;
	}
	g_assert_cmpint(packets, ==, 1000);
	g_assert_cmpfloat_with_epsilon(bits, 1000 * 100 * 8, 1e-3);
	g_assert_cmpfloat_with_epsilon(pair, 666 * 100 * 8, 1e-3);	/* 10.0.0.1 <> 10.0.0.2 */
	g_assert_cmpstr(g_array_index(t->columns, struct cr_column, 4).name, ==, "10.0.0.1 <> 10.0.0.2");
	cr_table_free(t);
	cr_rate_free(r);
}

static struct cr_graph *graph(int top)
{
	struct cr_rank *r = cr_rank_new(CR_RANK_EDGES, top, 0);
	struct cr_graph *g;
	struct {
		const char *a, *b;
		uint32_t len;
	} pk[] = { { "10.0.0.1", "10.0.0.2", 100 }, { "10.0.0.2", "10.0.0.1", 60 }, { "10.0.0.1", "10.0.0.2", 100 },
		   { "10.0.0.3", "10.0.0.1", 1500 }, { "10.0.0.4", "10.0.0.5", 40 }, { NULL, NULL, 0 } };

	for (int i = 0; pk[i].a; i++) {
		struct cr_pkt p = pkt(i, pk[i].a, pk[i].b, pk[i].len);
		cr_rank_packet(r, &p);
	}
	g_assert_true(cr_rank_pass_done(r));
	g = cr_rank_graph(r);
	cr_rank_free(r);
	return g;
}

static char *write_to_string(int (*fn)(const struct cr_graph *, FILE *, GError **), const struct cr_graph *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	g_assert_cmpint(fn(g, f, NULL), ==, 0);
	fclose(f);
	return buf;
}

static int circos_packets(const struct cr_graph *g, FILE *f, GError **err)
{
	return cr_graph_write_circos(g, false, f, err);
}

static void test_graph(void)
{
	struct cr_graph *g = graph(0), *top;
	char *dot, *json, *circos;

	g_assert_cmpuint(g->edges->len, ==, 4);
	g_assert_cmpstr(((struct cr_graph_edge *)g_ptr_array_index(g->edges, 0))->src, ==, "10.0.0.3");
	g_assert_cmpuint(((struct cr_graph_edge *)g_ptr_array_index(g->edges, 1))->bytes, ==, 200);
	g_assert_cmpuint(((struct cr_graph_edge *)g_ptr_array_index(g->edges, 1))->packets, ==, 2);
	dot = write_to_string(cr_graph_write_dot, g);
	g_assert_true(g_str_has_prefix(dot, "digraph ip {"));
	g_assert_nonnull(strstr(dot, "\"10.0.0.1\" -> \"10.0.0.2\" [penwidth="));
	g_assert_nonnull(strstr(dot, "label=\"2 pkts\\n200 B\""));
	json = write_to_string(cr_graph_write_json, g);
	g_assert_nonnull(strstr(json, "{\"source\": \"10.0.0.2\", \"target\": \"10.0.0.1\", \"packets\": 1, \"bytes\": 60}"));
	/* Circos: only 10.0.0.1 and 10.0.0.2 are both sources and destinations. */
	circos = write_to_string(circos_packets, g);
	g_assert_cmpstr(circos, ==, "ip\t10.0.0.1\t10.0.0.2\n10.0.0.1\t-\t2\n10.0.0.2\t1\t-\n");
	top = graph(2);
	g_assert_cmpuint(top->edges->len, ==, 2);
	g_assert_cmpuint(top->total_edges, ==, 4);
	free(dot);
	free(json);
	free(circos);
	cr_graph_free(top);
	cr_graph_free(g);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/report/escape", test_escape);
	g_test_add_func("/report/fill", test_fill);
	g_test_add_func("/report/html-table", test_html_table);
	g_test_add_func("/report/html-table-full", test_html_table_full);
	g_test_add_func("/report/sizes", test_sizes);
	g_test_add_func("/report/sample", test_sample);
	g_test_add_func("/report/rate", test_rate);
	g_test_add_func("/report/graph", test_graph);
	return g_test_run();
}
