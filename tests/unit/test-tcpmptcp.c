/* test-tcpmptcp.c - field parsing, thinned series, gnuplot label quoting and the MPTCP analyzer on hand-made rows. */
#include "binding.h"
#include "fields.h"
#include "mptcp.h"
#include "plot.h"
#include "ranges.h"
#include "series.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static void test_fields(void)
{
	uint64_t u;
	int64_t i;
	double d;
	unsigned h;

	g_assert_true(cr_field_u64("18446744073709551615", &u));
	g_assert_cmpuint(u, ==, G_MAXUINT64);
	g_assert_false(cr_field_u64("18446744073709551616", &u));	/* overflow */
	g_assert_true(cr_field_u64("2;0", &u));
	g_assert_cmpuint(u, ==, 2);
	g_assert_false(cr_field_u64("", &u));
	g_assert_false(cr_field_u64("12x", &u));
	g_assert_true(cr_field_nth_u64("2;0;3", 2, &u));
	g_assert_cmpuint(u, ==, 3);
	g_assert_false(cr_field_nth_u64("2;0", 2, &u));
	g_assert_true(cr_field_i64("-5", &i));
	g_assert_cmpint(i, ==, -5);
	g_assert_true(cr_field_double("0.000160000", &d));
	g_assert_cmpfloat(d, ==, 0.00016);
	g_assert_true(cr_field_hex("0x0012", &h));
	g_assert_cmpuint(h, ==, 0x12);
}

struct pt {
	int n;
	int lane;
	int64_t ts;
	double y;
};

static double pt_y(const void *elem, size_t lane)
{
	const struct pt *p = elem;

	return (size_t)p->lane == lane ? p->y : NAN;
}

static struct pt make_pt(int n)
{
	/* Two alternating lines (data and ACKs, say), 10 us apart, a 1 s pause at n = 50,000. */
	struct pt p = { n, n % 2, (int64_t)n * 10000 + (n >= 50000 ? 1000000000 : 0), (double)((n * 7919) % 1000) };

	return p;
}

/*
 * M4: at the final bucket width, every bucket that holds points of a lane
 * still holds that lane's first, last, lowest and highest point; marked
 * points survive, the order is kept, the cap holds.
 */
static void test_series_thinning(void)
{
	enum { N = 100000, CAP = 4000 };
	struct cr_series *s = cr_series_new(sizeof(struct pt), CAP, 2, pt_y);
	GHashTable *kept = g_hash_table_new(g_direct_hash, g_direct_equal);
	int64_t w, last_b = -1;
	size_t marked = 0;
	char *note;

	for (int n = 0; n < N; n++) {
		struct pt p = make_pt(n);
		cr_series_add(s, &p, p.ts, n % 10007 == 0);	/* a few marked points */
		g_assert_cmpuint(s->a->len, <=, CAP);
	}
	g_assert_true(s->thinned);
	g_assert_cmpuint(cr_series_len(s), <=, CAP);
	g_assert_cmpuint(cr_series_len(s), >, CAP / 8);
	for (size_t i = 0; i < cr_series_len(s); i++) {
		const struct pt *p = cr_series_at(s, i);
		if (i)
			g_assert_cmpint(p->n, >, ((const struct pt *)cr_series_at(s, i - 1))->n);
		marked += p->n % 10007 == 0;
		g_hash_table_add(kept, GINT_TO_POINTER(p->n));
	}
	g_assert_cmpuint(marked, ==, 10);
	/* Brute force: the four points of every bucket of every lane. */
	w = s->width;
	for (int lane = 0; lane < 2; lane++) {
		int first = -1, last = -1, lo = -1, hi = -1;
		for (int n = lane; n <= N; n += 2) {
			struct pt p = n < N ? make_pt(n) : (struct pt){ 0 };
			int64_t b = n < N ? p.ts / w : -2;
			if (b != last_b && first >= 0) {
				g_assert_true(g_hash_table_contains(kept, GINT_TO_POINTER(first)));
				g_assert_true(g_hash_table_contains(kept, GINT_TO_POINTER(last)));
				g_assert_true(g_hash_table_contains(kept, GINT_TO_POINTER(lo)));
				g_assert_true(g_hash_table_contains(kept, GINT_TO_POINTER(hi)));
				first = -1;
			}
			if (n == N)
				break;
			if (first < 0)
				first = lo = hi = n;
			last = n;
			if (p.y < make_pt(lo).y)
				lo = n;
			if (p.y > make_pt(hi).y)
				hi = n;
			last_b = b;
		}
		last_b = -1;
	}
	/* The pause is a pause: nothing kept inside it. */
	for (size_t i = 1; i < cr_series_len(s); i++) {
		const struct pt *a = cr_series_at(s, i - 1), *b = cr_series_at(s, i);
		g_assert_cmpint(b->ts - a->ts, <, b->n == 50000 ? 1000000000 + 20000 : 2 * w);
	}
	note = cr_series_note(s, NULL);
	g_assert_nonnull(strstr(note, "100,000 points shown as "));
	g_free(note);
	g_hash_table_destroy(kept);
	cr_series_free(s);
}

/* Nothing but marked points (a stream of retransmissions): still bounded, the marks past their cap counted. */
static void test_series_all_marked(void)
{
	struct cr_series *s = cr_series_new(sizeof(struct pt), 1000, 2, pt_y);
	char *note;

	for (int n = 0; n < 100000; n++) {
		struct pt p = make_pt(n);
		cr_series_add(s, &p, p.ts, true);
		g_assert_cmpuint(s->a->len, <=, 1000);
	}
	g_assert_true(s->thinned);
	g_assert_cmpuint(s->marks, ==, 250);
	g_assert_cmpuint(s->marks_over, ==, 100000 - 250);
	for (size_t i = 1; i < cr_series_len(s); i++)
		g_assert_cmpint(((const struct pt *)cr_series_at(s, i))->n, >,
				((const struct pt *)cr_series_at(s, i - 1))->n);
	note = cr_series_note(s, "retransmission");
	g_assert_nonnull(strstr(note, "every retransmission up to 250: 99,750 more thinned like the rest"));
	g_free(note);
	cr_series_free(s);
}

/* A short series is not thinned: every point, no note. */
static void test_series_short(void)
{
	struct cr_series *s = cr_series_new(sizeof(struct pt), 1000, 2, pt_y);

	for (int n = 0; n < 999; n++) {
		struct pt p = make_pt(n);
		cr_series_add(s, &p, p.ts, false);
	}
	g_assert_false(s->thinned);
	g_assert_cmpuint(cr_series_len(s), ==, 999);
	g_assert_null(cr_series_note(s, "x"));
	cr_series_free(s);
}

/* Bins hold every value, merged pairwise as they double. */
static void test_bins(void)
{
	struct cr_bins *b = cr_bins_new(64);
	uint64_t total = 0, sum = 0;

	for (int n = 0; n < 100000; n++) {
		cr_bins_add(b, 5000 + (int64_t)n * 3000, (size_t)(n % 3), (uint64_t)n);
		total += (uint64_t)n;
	}
	g_assert_cmpuint(b->nbins, <=, 64);
	g_assert_cmpint(b->t0, ==, 5000);
	for (size_t c = 0; c < 3; c++)
		for (size_t i = 0; i < b->nbins; i++)
			sum += cr_bins_at(b, c, i);
	g_assert_cmpuint(sum, ==, total);
	/* bin i holds the times (t0 + i w, t0 + (i + 1) w], bin 0 t0 too, by brute force */
	for (size_t c = 0; c < 3; c++)
		for (size_t i = 0; i < b->nbins; i++) {
			uint64_t want = 0;
			for (int n = (int)c; n < 100000; n += 3)
				want += (size_t)(n ? ((int64_t)n * 3000 - 1) / b->width : 0) == i ? (uint64_t)n : 0;
			g_assert_cmpuint(cr_bins_at(b, c, i), ==, want);
		}
	g_assert_cmpuint(cr_bins_at(b, 3, 0), ==, 0);
	cr_bins_free(b);
}

static void test_gp_quote(void)
{
	char *q = cr_gnuplot_quote("it's <b>\n\"x\"", CR_PLOT_TEXT_MAX);
	/* one literal: the quote doubled, the control byte gone */
	g_assert_cmpstr(q, ==, "'it''s <b>?\"x\"'");
	g_free(q);
	q = cr_gnuplot_quote("\xff\xfe", CR_PLOT_TEXT_MAX);	/* invalid UTF-8 is made valid, never passed through */
	g_assert_true(g_utf8_validate(q, -1, NULL));
	g_free(q);
}

/* A table as a plot's data file: numbers as numbers, empty cells NaN, text double-quoted; plain text asked for. */
static void test_plot_data_table(void)
{
	struct cr_table *t = cr_table_new("x", "x");
	struct cr_plot *p = cr_plot_new("tcp-0-seq", "tcp-seq.gp");
	struct cr_plot_opts o = { .gnuplot = "/nonexistent/gnuplot" };
	struct cr_plot_result res;
	GPtrArray *plots = g_ptr_array_new();
	char *dir = g_dir_make_tmp("cr-plot-XXXXXX", NULL), *gp = NULL, *dat = NULL, *path;
	struct cr_cell *row;

	cr_table_add_column(t, "time", CR_COL_SECONDS);
	cr_table_add_column(t, "seq", CR_COL_INT);
	cr_table_add_column(t, "label", CR_COL_TEXT);
	row = cr_table_add_row(t);
	cr_cell_float(&row[0], 0.25);
	cr_cell_int(&row[1], 1449);
	cr_cell_text(&row[2], "a \"b\" c");
	row = cr_table_add_row(t);
	cr_cell_float(&row[0], 0.5);
	cr_cell_text(&row[2], NULL);
	cr_plot_data_table(p, "SEG", ".seg", t);
	cr_plot_data_table(p, "RTX", ".rtx", t);
	cr_plot_data_table(p, "ACK", ".ack", t);
	cr_plot_set_text(p, "TITLE", "x_y^z");
	{	/* the clauses plot-tcp.c writes, with the data file's quoted name */
		char *clause = g_strdup_printf("%s using 1:2 with points notitle", cr_plot_ref(p, "RTX"));
		cr_plot_set_code(p, "PLOTS", clause);
		g_free(clause);
	}
	cr_plot_set_plain_text(p);
	g_assert_cmpstr(cr_plot_ref(p, "SEG"), ==, "'tcp-0-seq.seg.dat'");
	g_assert_null(cr_plot_ref(p, "NOPE"));
	g_ptr_array_add(plots, p);
	g_assert_cmpint(cr_plots_make(plots, dir, &o, &res, NULL), ==, 0);
	g_assert_true(res.no_gnuplot);
	g_assert_cmpuint(res.written, ==, 1);
	path = g_build_filename(dir, "tcp-0-seq.seg.dat", NULL);
	g_assert_true(g_file_get_contents(path, &dat, NULL, NULL));
	g_assert_cmpstr(dat, ==, "# time seq label\n0.25 1449 \"a 'b' c\"\n0.5 NaN NaN\n");
	g_free(path);
	path = g_build_filename(dir, "tcp-0-seq.gp", NULL);
	g_assert_true(g_file_get_contents(path, &gp, NULL, NULL));
	g_assert_nonnull(strstr(gp, "svg size 1200,420 dynamic noenhanced"));
	g_assert_nonnull(strstr(gp, "set title 'x_y^z'"));
	g_assert_nonnull(strstr(gp, "'tcp-0-seq.rtx.dat' using"));
	g_assert_null(strstr(gp, "1449"));	/* the data stays in the .dat */
	g_free(path);
	{	/* leave no files behind */
		GDir *d = g_dir_open(dir, 0, NULL);
		const char *name;
		while (d && (name = g_dir_read_name(d))) {
			char *f = g_build_filename(dir, name, NULL);
			g_unlink(f);
			g_free(f);
		}
		if (d)
			g_dir_close(d);
		g_rmdir(dir);
	}
	cr_plot_result_clear(&res);
	g_ptr_array_free(plots, TRUE);
	cr_plot_free(p);
	cr_table_free(t);
	g_free(gp);
	g_free(dat);
	g_free(dir);
}

/* Feed rows of the mptcp profile's columns to the analyzer. */
static const char *const names[] = {
	"frame.number", "frame.time_epoch", "frame.len", "frame.protocols", "ip.src", "ip.dst", "ip.proto",
	"tcp.srcport", "tcp.dstport", "tcp.stream", "tcp.seq", "tcp.len", "tcp.flags",
	"tcp.options.mptcp.subtype", "tcp.options.mptcp.version", "tcp.options.mptcp.sendkey",
	"tcp.options.mptcp.recvkey", "tcp.options.mptcp.recvtok", "tcp.options.mptcp.rawdataseqno",
	"tcp.options.mptcp.dseqn8.flag", "tcp.options.mptcp.subflowseqno", "tcp.options.mptcp.datalvllen",
	NULL,
};

static void feed(struct cr_mptcp *m, struct cr_binding *b, const char *const *v)
{
	struct cr_row r = { .field = (char **)v, .n = g_strv_length((char **)names) };
	struct cr_pkt p;

	g_assert_true(cr_binding_decode(b, &r, &p));
	cr_mptcp_packet(m, &p);
}

static void test_mptcp_v1_keys_and_join(void)
{
	struct cr_row hdr = { .field = (char **)names, .n = g_strv_length((char **)names) };
	struct cr_binding *b = cr_binding_new(&hdr);
	struct cr_mptcp *m = cr_mptcp_new();
	struct cr_mptcp_conn *c;
	/* Keys of samples/mptcp.pcapng: client 10417406762197478767, server 15369247322945279954.
	 * The server's token is 4197876017 (SHA-256, v1); the client's IDSN 13256522472882269673. */
	const char *rows[][22] = {
		{ "1", "1.0", "78", "eth:ip:tcp", "10.0.0.1", "10.0.0.2", "6", "1000", "80", "0", "0", "0", "0x0002",
		  "0", "1", "", "", "", "", "", "", "" },
		{ "2", "1.1", "78", "eth:ip:tcp", "10.0.0.2", "10.0.0.1", "6", "80", "1000", "0", "0", "0", "0x0012",
		  "0", "1", "15369247322945279954", "", "", "", "", "", "" },
		{ "3", "1.2", "78", "eth:ip:tcp", "10.0.0.1", "10.0.0.2", "6", "1000", "80", "0", "1", "0", "0x0010",
		  "0", "1", "10417406762197478767", "15369247322945279954", "", "", "", "", "" },
		/* a join from another address with the server's token: the client joins */
		{ "4", "1.3", "78", "eth:ip:tcp", "10.0.1.1", "10.0.0.2", "6", "2000", "80", "1", "0", "0", "0x0002",
		  "1", "", "", "", "4197876017", "", "", "", "" },
		/* 100 bytes on the join at DSN IDSN+1 (8-byte DSN, subflow byte 1) */
		{ "5", "1.4", "178", "eth:ip:tcp", "10.0.1.1", "10.0.0.2", "6", "2000", "80", "1", "1", "100", "0x0018",
		  "2", "", "", "", "", "13256522472882269674", "1", "1", "100" },
		/* the same DSNs again on the initial subflow: a reinjection; 4-byte DSN widened */
		{ "6", "1.5", "178", "eth:ip:tcp", "10.0.0.1", "10.0.0.2", "6", "1000", "80", "0", "1", "100", "0x0018",
		  "2", "", "", "", "", "4179717610", "0", "1", "100" },
	};

	cr_mptcp_header(m, &hdr);
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
		feed(m, b, rows[i]);
	cr_mptcp_finish(m);
	g_assert_cmpuint(cr_mptcp_nconns(m), ==, 1);
	c = cr_mptcp_conn(m, 0);
	g_assert_cmpint(c->version, ==, 1);
	g_assert_cmpuint(c->token[1], ==, 4197876017u);
	g_assert_cmpuint(c->idsn[0], ==, G_GUINT64_CONSTANT(13256522472882269673));
	g_assert_cmpuint(c->subflows->len, ==, 2);
	g_assert_cmpint(((struct cr_mptcp_subflow *)g_ptr_array_index(c->subflows, 1))->client, ==, 0);
	g_assert_cmpuint(c->dir[0].new_bytes, ==, 100);
	g_assert_cmpuint(c->dir[0].reinj, ==, 1);
	g_assert_cmpint(cr_mp_rel(c, 0, c->dir[0].lo), ==, 1);
	cr_mptcp_free(m);
	cr_binding_free(b);
}

/*
 * One DSN range sent again and again on two subflows (a connection replayed
 * in one capture): every reinjection equals a brute-force search over all
 * earlier segments (the earliest on another subflow that overlaps), and the
 * index of each subflow holds one copy of the range, not one per replay
 * (it once grew in its middle, costing quadratic time).
 */
static void test_mptcp_replayed_dsn_range(void)
{
	enum { REPLAYS = 40, SEGS = 8, LEN = 100 };
	struct { uint64_t frame; unsigned sf; int64_t rel; } sent[REPLAYS * 2 * SEGS];
	struct cr_mptcp_subflow sf[2] = { { 0 } };
	struct cr_mptcp_conn c = { 0 };
	size_t n = 0, want_reinj = 0;

	c.subflows = g_ptr_array_new();
	for (unsigned i = 0; i < 2; i++) {
		sf[i].idx = i;
		sf[i].tcp_stream = i;
		g_ptr_array_add(c.subflows, &sf[i]);
	}
	cr_mp_cdir_init(&c.dir[0]);
	cr_mp_cdir_init(&c.dir[1]);
	c.reinjections = g_array_new(FALSE, FALSE, sizeof(struct cr_mp_reinj));
	for (unsigned r = 0; r < REPLAYS; r++)
		for (unsigned k = 0; k < 2 * SEGS; k++) {
			/* subflow 0 sends the first half, subflow 1 the second; odd replays swap them */
			unsigned which = (k < SEGS) ^ (r & 1) ? 0 : 1;
			int64_t rel = (int64_t)k * LEN;
			uint64_t frame = n + 1;
			const void *hit = NULL;

			for (size_t j = 0; j < n && !hit; j++)	/* sent[] is in frame order */
				if (sent[j].sf != which && sent[j].rel < rel + LEN && sent[j].rel + LEN > rel)
					hit = &sent[j];
			want_reinj += hit != NULL;
			cr_mp_data(&c, &sf[which], 0, 0, (uint64_t)rel, LEN, frame, (int64_t)frame * 1000);
			if (hit) {
				const struct cr_mp_reinj *got =
					&g_array_index(c.reinjections, struct cr_mp_reinj, c.reinjections->len - 1);
				g_assert_cmpuint(got->frame, ==, frame);
				g_assert_cmpuint(got->orig_frame, ==, ((const typeof(sent[0]) *)hit)->frame);
			}
			sent[n].frame = frame;
			sent[n].sf = which;
			sent[n++].rel = rel;
		}
	g_assert_cmpuint(c.reinjections->len, ==, want_reinj);
	g_assert_cmpuint(want_reinj, >, 0);
	for (unsigned i = 0; i < 2; i++)
		g_assert_cmpuint(g_array_index(c.dir[0].segs, GArray *, i)->len, ==, 2 * SEGS);
	g_array_free(c.reinjections, TRUE);
	cr_mp_cdir_clear(&c.dir[0]);
	cr_mp_cdir_clear(&c.dir[1]);
	g_ptr_array_free(c.subflows, TRUE);
}

/* Byte ranges added in any order, overlapping: each byte counted once, as a bitmap counts it. */
static void test_ranges(void)
{
	struct cr_ranges *r = cr_ranges_new();
	guint8 seen[4096] = { 0 };
	uint32_t state = 7;

	for (int i = 0; i < 5000; i++) {
		uint64_t lo, len, fresh = 0;
		state = state * 1103515245u + 12345u;
		lo = (state >> 8) % 4000;
		len = (state >> 4) % 90;
		for (uint64_t b = lo; b < lo + len; b++) {
			fresh += !seen[b];
			seen[b] = 1;
		}
		g_assert_cmpuint(cr_ranges_add(r, 1000000 + lo, 1000000 + lo + len), ==, fresh);
	}
	g_assert_cmpuint(cr_ranges_add(r, 5, 5), ==, 0);
	cr_ranges_free(r);
}

/* 32-bit sequence numbers keep counting past a wrap, and a late one before it stays before it. */
static void test_seq_unwrap(void)
{
	uint64_t hi = 0;
	bool seen = false;

	g_assert_cmpuint(cr_seq_unwrap(&hi, &seen, 0xfffff000u), ==, 0xfffff000u);
	g_assert_cmpuint(cr_seq_unwrap(&hi, &seen, 0x00000100u), ==, UINT64_C(0x100000100));
	g_assert_cmpuint(cr_seq_unwrap(&hi, &seen, 0xffffff00u), ==, 0xffffff00u);
	g_assert_cmpuint(cr_seq_unwrap(&hi, &seen, 0x80000000u), ==, UINT64_C(0x180000000));
	g_assert_cmpuint(hi, ==, UINT64_C(0x180000000));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tcpmptcp/fields", test_fields);
	g_test_add_func("/tcpmptcp/series-thinning", test_series_thinning);
	g_test_add_func("/tcpmptcp/series-all-marked", test_series_all_marked);
	g_test_add_func("/tcpmptcp/series-short", test_series_short);
	g_test_add_func("/tcpmptcp/bins", test_bins);
	g_test_add_func("/tcpmptcp/gp-quote", test_gp_quote);
	g_test_add_func("/tcpmptcp/plot-data-table", test_plot_data_table);
	g_test_add_func("/tcpmptcp/mptcp-v1-keys-and-join", test_mptcp_v1_keys_and_join);
	g_test_add_func("/tcpmptcp/mptcp-replayed-dsn-range", test_mptcp_replayed_dsn_range);
	g_test_add_func("/tcpmptcp/ranges", test_ranges);
	g_test_add_func("/tcpmptcp/seq-unwrap", test_seq_unwrap);
	return g_test_run();
}
