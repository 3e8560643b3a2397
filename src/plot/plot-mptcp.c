/* plot-mptcp.c - the MPTCP plots (dsn, interarrival, tput, reinject-delay) as plots of the shared engine (plot.h). */
#include "mptcpplot.h"
#include "plot.h"

#include <math.h>
#include <string.h>

/* CDFs with more points than this are sampled at evenly spaced ranks. */
#define CDF_POINTS 2000
/* Histogram bins per decade of inter-arrival time. */
#define BINS_PER_DECADE 10

static const struct cr_plot_kind mptcp_kinds[] = {
	{ "dsn", "DSN over time, one colour per subflow, the data ACK line, reinjections marked" },
	{ "interarrival", "DSN inter-arrival times: histogram and CDF, per subflow and across subflows" },
	{ "tput", "per-subflow throughput, stacked (--window)" },
	{ "reinject-delay", "CDF of the delay between a segment and its reinjection" },
	{ NULL, NULL },
};

const struct cr_plot_kind *cr_mptcp_plot_kinds(void)
{
	return mptcp_kinds;
}

/* The direction that carried more data: what the plots show. */
static int data_dir(const struct cr_mptcp_conn *c)
{
	uint64_t a = c->dir[0].have_range ? c->dir[0].hi - c->dir[0].lo : 0;
	uint64_t b = c->dir[1].have_range ? c->dir[1].hi - c->dir[1].lo : 0;

	return b > a ? 1 : 0;
}

static double rel_s(const struct cr_mptcp_conn *c, int64_t ns)
{
	return (double)(ns - c->first_ns) / 1e9;
}

static const struct cr_mptcp_subflow *subflow(const struct cr_mptcp_conn *c, guint k)
{
	return g_ptr_array_index(c->subflows, k);
}

static char *subflow_label(const struct cr_mptcp_conn *c, guint k, int d)
{
	const struct cr_mptcp_subflow *s = subflow(c, k);
	int from = cr_mp_side(s, d);
	char *a = cr_tcp_endpoint(&s->addr[from], s->port[from]);
	char *b = cr_tcp_endpoint(&s->addr[1 - from], s->port[1 - from]);
	char *l = g_strdup_printf("tcp.stream %" G_GINT64_FORMAT ": %s -> %s", s->tcp_stream, a, b);

	g_free(a);
	g_free(b);
	return l;
}

static const char *const colours[] = {
	"#1f5fbf", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", NULL,
};

static const char *colour(guint k)
{
	return colours[k % (G_N_ELEMENTS(colours) - 1)];
}

static int cmp_float(gconstpointer a, gconstpointer b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return x < y ? -1 : x > y;
}

/* An empirical CDF of `v` (sorted here), sampled when long. */
static struct cr_table *cdf_table(GArray *v, double scale)
{
	struct cr_table *t = cr_table_new("cdf", "cdf");
	size_t n = v->len, step = n > CDF_POINTS ? n / CDF_POINTS : 1;

	cr_table_add_column(t, "value", CR_COL_FLOAT);
	cr_table_add_column(t, "fraction", CR_COL_FLOAT);
	g_array_sort(v, cmp_float);
	for (size_t i = 0; i < n; i += step) {
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_float(&row[0], g_array_index(v, float, i) * scale);
		cr_cell_float(&row[1], (double)(i + 1) / (double)n);
	}
	if (n && (n - 1) % step) {
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_float(&row[0], g_array_index(v, float, n - 1) * scale);
		cr_cell_float(&row[1], 1.0);
	}
	return t;
}

static void build_dsn(struct cr_plot *p, GPtrArray *tables, const struct cr_mptcp_conn *c, int d, size_t *rows)
{
	struct cr_table *seg = cr_table_new("seg", "seg"), *rtx = cr_table_new("rtx", "rtx");
	struct cr_table *ack = cr_table_new("ack", "ack");
	GString *clauses = g_string_new(NULL);
	struct cr_table *both[2] = { seg, rtx };

	for (int i = 0; i < 2; i++) {
		cr_table_add_column(both[i], "time", CR_COL_SECONDS);
		cr_table_add_column(both[i], "dsn", CR_COL_INT);
		cr_table_add_column(both[i], "len", CR_COL_INT);
		cr_table_add_column(both[i], "subflow", CR_COL_INT);
	}
	cr_table_add_column(ack, "time", CR_COL_SECONDS);
	cr_table_add_column(ack, "data_ack", CR_COL_INT);
	for (size_t i = 0; i < cr_series_len(c->dsn_pts); i++) {
		const struct cr_mp_point *pt = cr_series_at(c->dsn_pts, i);
		struct cr_cell *row;
		if (pt->dir != d)
			continue;
		row = cr_table_add_row(pt->reinj ? rtx : seg);
		cr_cell_float(&row[0], rel_s(c, pt->ts_ns));
		cr_cell_int(&row[1], pt->rel);
		cr_cell_int(&row[2], pt->len);
		cr_cell_int(&row[3], pt->sf);
	}
	for (size_t i = 0; i < cr_series_len(c->ack_pts); i++) {
		const struct cr_mp_point *pt = cr_series_at(c->ack_pts, i);
		if (pt->dir == d) {
			struct cr_cell *row = cr_table_add_row(ack);
			cr_cell_float(&row[0], rel_s(c, pt->ts_ns));
			cr_cell_int(&row[1], pt->rel);
		}
	}
	*rows = cr_table_nrows(seg) + cr_table_nrows(rtx);
	cr_plot_data_table(p, "SEG", ".seg", seg);
	cr_plot_data_table(p, "RTX", ".rtx", rtx);
	cr_plot_data_table(p, "ACK", ".ack", ack);
	/* Only series with data are drawn and listed; reinjections last, as large marks on top. */
	if (cr_table_nrows(ack))
		cr_plot_clause(clauses, "%s using 1:2 with steps lw 1 lc rgb %s title 'data ACK'", cr_plot_ref(p, "ACK"),
			       cr_plot_ref(p, "C2"));
	for (guint k = 0; k < c->subflows->len; k++) {
		char *label, *q;
		size_t have = 0;
		for (size_t r = 0; r < cr_table_nrows(seg) && !have; r++)
			have = cr_table_row(seg, r)[3].v.i == (int64_t)k;
		if (!have)
			continue;
		label = subflow_label(c, k, d);
		q = cr_gnuplot_quote(label, CR_PLOT_TEXT_MAX);
		cr_plot_clause(clauses, "%s using 1:($4 == %u ? $2 : NaN) with points pt 7 ps 0.4 lc rgb '%s' title %s",
			       cr_plot_ref(p, "SEG"), k, colour(k), q);
		g_free(label);
		g_free(q);
	}
	if (cr_table_nrows(rtx))
		cr_plot_clause(clauses, "%s using 1:2 with points pt 7 ps 1.6 lc rgb %s title 'reinjections (%zu)'",
			       cr_plot_ref(p, "RTX"), cr_plot_ref(p, "C3"), cr_table_nrows(rtx));
	cr_plot_set_code(p, "PLOTS", clauses->len ? clauses->str : "NaN notitle");
	g_string_free(clauses, TRUE);
	g_ptr_array_add(tables, seg);
	g_ptr_array_add(tables, rtx);
	g_ptr_array_add(tables, ack);
}

static void build_interarrival(struct cr_plot *p, GPtrArray *tables, const struct cr_mptcp_conn *c, int d,
			       size_t *rows)
{
	guint ns = c->subflows->len + 1;	/* series 0: all subflows, then one per subflow */
	GArray **v = g_new0(GArray *, ns);
	struct cr_table *hist = cr_table_new("hist", "hist");
	GString *hp = g_string_new(NULL), *cp = g_string_new(NULL);
	float lo = INFINITY, hi = 0;

	for (guint k = 0; k < ns; k++)
		v[k] = g_array_new(FALSE, FALSE, sizeof(float));
	for (guint i = 0; i < c->iat->len; i++) {
		const struct cr_mp_iat *x = &g_array_index(c->iat, struct cr_mp_iat, i);
		float ms = x->seconds * 1000.0f;
		if (x->dir != d || !(ms > 0))
			continue;	/* equal timestamps have no place on a log axis */
		g_array_append_val(v[x->sf < 0 ? 0 : (guint)x->sf + 1], ms);
		lo = MIN(lo, ms);
		hi = MAX(hi, ms);
	}
	*rows = v[0]->len;
	cr_table_add_column(hist, "bin_ms", CR_COL_FLOAT);
	for (guint k = 0; k < ns; k++) {
		char *name = k ? g_strdup_printf("subflow_%u", k - 1) : g_strdup("all");
		cr_table_add_column(hist, name, CR_COL_INT);
		g_free(name);
	}
	if (*rows) {
		double l0 = floor(log10(lo) * BINS_PER_DECADE), l1 = ceil(log10(hi) * BINS_PER_DECADE);
		size_t nb = (size_t)(l1 - l0) + 1;
		int64_t *count = g_new0(int64_t, nb * ns);
		for (guint k = 0; k < ns; k++)
			for (guint i = 0; i < v[k]->len; i++) {
				double b = floor(log10(g_array_index(v[k], float, i)) * BINS_PER_DECADE) - l0;
				count[(size_t)CLAMP(b, 0, (double)(nb - 1)) * ns + k]++;
			}
		for (size_t b = 0; b < nb; b++) {
			struct cr_cell *row = cr_table_add_row(hist);
			cr_cell_float(&row[0], pow(10, (l0 + (double)b + 0.5) / BINS_PER_DECADE));
			for (guint k = 0; k < ns; k++)
				cr_cell_int(&row[k + 1], count[b * ns + k]);
		}
		g_free(count);
	}
	cr_plot_data_table(p, "HIST", ".hist", hist);
	g_ptr_array_add(tables, hist);
	for (guint k = 0; k < ns; k++) {
		char *key = k ? g_strdup_printf("CDF%u", k - 1) : g_strdup("CDFALL");
		char *label = k ? subflow_label(c, k - 1, d) : g_strdup("all subflows");
		char *q = cr_gnuplot_quote(label, CR_PLOT_TEXT_MAX);
		const char *col = k ? colour(k - 1) : "#000000";
		struct cr_table *t = cdf_table(v[k], 1.0);
		char *lower = g_ascii_strdown(key, -1), *suffix = g_strconcat(".", lower, NULL);	/* .cdf0 */
		cr_plot_data_table(p, key, suffix, t);
		g_free(lower);
		g_free(suffix);
		g_ptr_array_add(tables, t);
		g_string_append_printf(hp, "%s%s using 1:%u lw 2 lc rgb '%s' title %s", k ? ", \\\n     " : "",
				       cr_plot_ref(p, "HIST"), k + 2, col, q);
		g_string_append_printf(cp, "%s%s using 1:2 with lines lw 2 lc rgb '%s' title %s", k ? ", \\\n     " : "",
				       cr_plot_ref(p, key), col, q);
		g_free(key);
		g_free(label);
		g_free(q);
		g_array_free(v[k], TRUE);
	}
	g_free(v);
	cr_plot_set_code(p, "HISTPLOTS", hp->str);
	cr_plot_set_code(p, "CDFPLOTS", cp->str);
	g_string_free(hp, TRUE);
	g_string_free(cp, TRUE);
}

/*
 * The rows of a thinned connection's rates, from the bins of every packet:
 * windows of whole bins (*window is set to the window used), stacked.
 */
static void tput_bins_rows(struct cr_table *t, const struct cr_mptcp_conn *c, int d, double *window)
{
	const struct cr_bins *b = c->rates;
	double w = (double)b->width / 1e9;
	size_t k = (size_t)MAX(1, lround(*window / w));

	for (size_t i = 0; i < b->nbins; i += k) {
		struct cr_cell *row = cr_table_add_row(t);
		double sum = 0;
		cr_cell_float(&row[0], (double)(b->t0 - c->first_ns + (int64_t)(i + k) * b->width) / 1e9);
		for (guint sf = 0; sf < c->subflows->len; sf++) {
			uint64_t bytes = 0;
			for (size_t j = i; j < i + k; j++)
				bytes += cr_bins_at(b, (size_t)sf * 2 + (size_t)d, j);
			sum += (double)bytes * 8 / ((double)k * w);
			cr_cell_float(&row[sf + 1], sum);
		}
	}
	*window = (double)k * w;
}

/*
 * Per-subflow rates over windows from the cumulative byte counts of every
 * point (of the bins of every packet when the points were thinned); stacked.
 */
static void build_tput(struct cr_plot *p, GPtrArray *tables, const struct cr_mptcp_conn *c, int d, double window,
		       size_t *rows)
{
	guint ns = c->subflows->len;
	uint64_t *cur = g_new0(uint64_t, ns), *edge = g_new0(uint64_t, ns);
	struct cr_table *t = cr_table_new("tput", "tput");
	GString *pl = g_string_new(NULL);
	size_t n = cr_series_len(c->dsn_pts), i = 0;
	double end = rel_s(c, c->last_ns);

	/* A window so small it would make millions of rows is widened. */
	if (end / window > 1e6)
		window = end / 1e6;
	cr_table_add_column(t, "time", CR_COL_SECONDS);
	for (guint k = 0; k < ns; k++) {
		char *name = g_strdup_printf("upto_subflow_%u", k);
		cr_table_add_column(t, name, CR_COL_RATE);
		g_free(name);
	}
	if (c->dsn_pts->thinned) {
		tput_bins_rows(t, c, d, &window);
	} else for (double edge_t = window;; edge_t += window) {
		struct cr_cell *row;
		double sum = 0;
		for (; i < n; i++) {
			const struct cr_mp_point *pt = cr_series_at(c->dsn_pts, i);
			if (pt->dir != d)
				continue;
			if (rel_s(c, pt->ts_ns) >= edge_t)
				break;
			cur[pt->sf] = pt->cum;
		}
		row = cr_table_add_row(t);
		cr_cell_float(&row[0], edge_t);
		for (guint k = 0; k < ns; k++) {
			sum += (double)(cur[k] - edge[k]) * 8 / window;
			edge[k] = cur[k];
			cr_cell_float(&row[k + 1], sum);
		}
		if (edge_t >= end)
			break;
	}
	*rows = n ? cr_table_nrows(t) : 0;
	cr_plot_data_table(p, "TPUT", ".tput", t);
	g_ptr_array_add(tables, t);
	for (guint k = 0; k < ns; k++) {
		char *label = subflow_label(c, k, d), *q = cr_gnuplot_quote(label, CR_PLOT_TEXT_MAX);
		if (k == 0)
			g_string_append_printf(pl, "%s using 1:(0):2 with filledcurves lc rgb '%s' title %s",
					       cr_plot_ref(p, "TPUT"), colour(k), q);
		else
			g_string_append_printf(pl, ", \\\n     %s using 1:%u:%u with filledcurves lc rgb '%s' title %s",
					       cr_plot_ref(p, "TPUT"), k + 1, k + 2, colour(k), q);
		g_free(label);
		g_free(q);
	}
	cr_plot_set_code(p, "PLOTS", pl->str);
	cr_plot_set_number(p, "WINDOW", window);
	g_string_free(pl, TRUE);
	g_free(cur);
	g_free(edge);
}

static void build_reinject_delay(struct cr_plot *p, GPtrArray *tables, const struct cr_mptcp_conn *c, size_t *rows)
{
	GArray *v = g_array_new(FALSE, FALSE, sizeof(float));
	struct cr_table *t;
	char *pl;

	for (guint i = 0; i < c->reinjections->len; i++) {
		float ms = (float)((double)g_array_index(c->reinjections, struct cr_mp_reinj, i).delay_ns / 1e6);
		g_array_append_val(v, ms);
	}
	t = cdf_table(v, 1.0);	/* sorts v */
	if (v->len)
		cr_plot_set_axis(p, "XAXIS", 'x', "reinjection delay (ms)", g_array_index(v, float, 0),
				 g_array_index(v, float, v->len - 1));
	else
		cr_plot_set_axis(p, "XAXIS", 'x', "reinjection delay (ms)", 0, 0);
	cr_plot_data_table(p, "CDF", ".cdf", t);
	g_ptr_array_add(tables, t);
	/* None: no plot, a sentence instead (cr_mptcp_plot_new) */
	*rows = v->len;
	pl = g_strdup_printf("%s using 1:2 with steps lw 2 lc rgb %s title 'reinjections (%u)'", cr_plot_ref(p, "CDF"),
			     cr_plot_ref(p, "C3"), v->len);
	cr_plot_set_code(p, "PLOTS", pl);
	g_free(pl);
	g_array_free(v, TRUE);
}

struct cr_plot *cr_mptcp_plot_new(const struct cr_mptcp_conn *c, const struct cr_mptcp_plot_opts *o, GError **err)
{
	int d = data_dir(c);
	struct cr_plot *p = cr_tcp_plot_start(o->prefix, "mptcp", c->id, o->kind);
	GPtrArray *tables = g_ptr_array_new_with_free_func((GDestroyNotify)cr_table_free);
	const char *what = "DSN over time";
	size_t rows = 1;
	char *title, *note;

	g_assert(c->followed);
	if (strcmp(o->kind, "dsn") == 0) {
		build_dsn(p, tables, c, d, &rows);
	} else if (strcmp(o->kind, "interarrival") == 0) {
		build_interarrival(p, tables, c, d, &rows);
		what = "inter-arrival times of data segments";
	} else if (strcmp(o->kind, "tput") == 0) {
		build_tput(p, tables, c, d, o->window, &rows);
		what = "throughput per subflow";
	} else {
		build_reinject_delay(p, tables, c, &rows);
		what = "reinjection delay";
	}
	note = cr_series_note(c->dsn_pts, NULL);
	title = g_strdup_printf("MPTCP connection %u, %s: %s%s%s%s", c->id, d == 0 ? "client -> server" : "server -> client",
				what, note ? " (thinned: " : "", note ? note : "", note ? ")" : "");
	g_free(note);
	g_ptr_array_free(tables, TRUE);
	return cr_tcp_plot_finish(p, title, rows, err, strcmp(o->kind, "reinject-delay") == 0 ?
				  "MPTCP connection %u has no reinjections: no '%s' plot" :
				  "MPTCP connection %u has no data segments to plot as '%s'", c->id, o->kind);
}

int cr_mptcp_plot(const struct cr_ctx *ctx, const struct cr_mptcp_conn *c, const struct cr_mptcp_plot_opts *o,
		  char **made, GError **err)
{
	return cr_tcp_plot_draw(ctx, cr_mptcp_plot_new(c, o, err), o->dir, made, err);
}
