/* plot-tcp.c - the TCP plots (seq, rtt, tput, inflight) as plots of the shared engine (plot.h), and drawing one. */
#include "plot.h"
#include "tcpplot.h"

#include <math.h>
#include <string.h>

static const struct cr_plot_kind tcp_kinds[] = {
	{ "seq", "time-sequence graph: segments, ACK line, receive window, retransmissions" },
	{ "rtt", "ACK RTT over time" },
	{ "tput", "throughput and goodput over a sliding window (--window)" },
	{ "inflight", "bytes in flight" },
	{ NULL, NULL },
};

const struct cr_plot_kind *cr_tcp_plot_kinds(void)
{
	return tcp_kinds;
}

bool cr_plot_kind_valid(const struct cr_plot_kind *k, const char *name)
{
	for (; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return true;
	return false;
}

static double rel(const struct cr_tcp_stream *s, int64_t ns)
{
	return (double)(ns - s->first_ns) / 1e9;
}

/* The direction that carried more payload: what a sequence graph shows. */
static int cr_tcp_data_direction(const struct cr_tcp_stream *s)
{
	return s->dir[1].payload > s->dir[0].payload ? 1 : 0;
}

static struct cr_table *seg_table(const char *name, bool time_col_only)
{
	struct cr_table *t = cr_table_new(name, name);

	cr_table_add_column(t, "time", CR_COL_SECONDS);
	if (!time_col_only) {
		cr_table_add_column(t, "seq", CR_COL_INT);
		cr_table_add_column(t, "len", CR_COL_INT);
	}
	return t;
}

/*
 * Windowed rates from the cumulative counters of the kept points: the
 * counters make the rates right even when the points were thinned.
 */
static struct cr_table *tput_table(const struct cr_tcp_stream *s, int d, double window)
{
	struct cr_table *t = cr_table_new("tput", "throughput");
	size_t n = cr_series_len(s->points), lo = 0;
	uint64_t base_p = 0, base_g = 0;
	double last = NAN;	/* the time of the last row */

	cr_table_add_column(t, "time", CR_COL_SECONDS);
	cr_table_add_column(t, "throughput_bps", CR_COL_RATE);
	cr_table_add_column(t, "goodput_bps", CR_COL_RATE);
	for (size_t i = 0; i < n; i++) {
		const struct cr_tcp_point *pt = cr_series_at(s->points, i);
		const struct cr_tcp_point *old;
		double now = rel(s, pt->ts_ns);
		struct cr_cell *row;

		if (pt->dir != d || pt->len == 0)
			continue;
		/* Move the window's start: the last point at or before now - window. */
		while (lo < i) {
			old = cr_series_at(s->points, lo);
			if (rel(s, old->ts_ns) > now - window)
				break;
			if (old->dir == d) {
				base_p = old->cum_payload;
				base_g = old->cum_good;
			}
			lo++;
		}
		/* Idle longer than a window: a row of NaN breaks the line, never drawn straight across. */
		if (now - last > window)
			cr_table_add_row(t);
		last = now;
		row = cr_table_add_row(t);
		cr_cell_float(&row[0], now);
		/* A window's rate is its bytes over its length, also before one full window has passed. */
		cr_cell_float(&row[1], (double)(pt->cum_payload - base_p) * 8 / window);
		cr_cell_float(&row[2], (double)(pt->cum_good - base_g) * 8 / window);
	}
	return t;
}

/* The sequence graph's clauses: only series with data, retransmissions last, as large marks on top. */
static void seq_plots(struct cr_plot *p, size_t nseg, size_t nrtx, size_t nack)
{
	GString *pl = g_string_new(NULL);

	if (nack) {
		cr_plot_clause(pl, "%s using 1:3 with steps lc rgb %s dt 2 title 'receive window'", cr_plot_ref(p, "ACK"),
			       cr_plot_ref(p, "C4"));
		cr_plot_clause(pl, "%s using 1:2 with steps lc rgb %s title 'ACK'", cr_plot_ref(p, "ACK"),
			       cr_plot_ref(p, "C2"));
	}
	if (nseg)
		cr_plot_clause(pl, "%s using 1:2 with points pt 7 ps 0.4 lc rgb %s title 'segments'", cr_plot_ref(p, "SEG"),
			       cr_plot_ref(p, "C1"));
	if (nrtx)
		cr_plot_clause(pl, "%s using 1:2 with points pt 7 ps 1.6 lc rgb %s title 'retransmissions (%zu)'",
			       cr_plot_ref(p, "RTX"), cr_plot_ref(p, "C3"), nrtx);
	cr_plot_set_code(p, "PLOTS", pl->len ? pl->str : "NaN notitle");
	g_string_free(pl, TRUE);
}

/*
 * The same rates, for a thinned stream, from the bins of every packet: a
 * row at the end of each bin, over the whole bins of the window (the
 * window rounded to them: *window is set to what was used).
 */
static struct cr_table *tput_bins_table(const struct cr_tcp_stream *s, int d, double *window)
{
	const struct cr_bins *b = s->rates;
	struct cr_table *t = cr_table_new("tput", "throughput");
	double w = (double)b->width / 1e9;
	size_t k = (size_t)MAX(1, lround(*window / w));
	uint64_t sum_p = 0, sum_g = 0;

	cr_table_add_column(t, "time", CR_COL_SECONDS);
	cr_table_add_column(t, "throughput_bps", CR_COL_RATE);
	cr_table_add_column(t, "goodput_bps", CR_COL_RATE);
	for (size_t i = 0; i < b->nbins; i++) {
		struct cr_cell *row = cr_table_add_row(t);
		double span = (double)k * w;	/* the first windows too: bins before t0 hold nothing */
		sum_p += cr_bins_at(b, (size_t)d * 2, i);
		sum_g += cr_bins_at(b, (size_t)d * 2 + 1, i);
		if (i >= k) {
			sum_p -= cr_bins_at(b, (size_t)d * 2, i - k);
			sum_g -= cr_bins_at(b, (size_t)d * 2 + 1, i - k);
		}
		cr_cell_float(&row[0], (double)(b->t0 - s->first_ns + (int64_t)(i + 1) * b->width) / 1e9);
		cr_cell_float(&row[1], (double)sum_p * 8 / span);
		cr_cell_float(&row[2], (double)sum_g * 8 / span);
	}
	*window = (double)k * w;
	return t;
}

static char *title_for(const struct cr_tcp_stream *s, int d, const char *what)
{
	char *from = cr_tcp_endpoint(d == 0 ? &s->a : &s->b, d == 0 ? s->port_a : s->port_b);
	char *to = cr_tcp_endpoint(d == 0 ? &s->b : &s->a, d == 0 ? s->port_b : s->port_a);
	char *t = g_strdup_printf("TCP stream %" G_GINT64_FORMAT " %s -> %s: %s", s->id, from, to, what);

	g_free(from);
	g_free(to);
	return t;
}

char *cr_tcp_thinned_note(const struct cr_tcp_stream *s, bool full)
{
	char *note = cr_series_note(s->points, full ? "retransmission, SYN, FIN and RST" : NULL);
	char *t = note ? g_strdup_printf("thinned: %s%s", note, full ? "; rates from every packet" : "") : NULL;

	g_free(note);
	return t;
}

struct cr_plot *cr_tcp_plot_start(const char *prefix, const char *proto, int64_t id, const char *kind)
{
	char *name = g_strdup_printf("%s%s%s-%" G_GINT64_FORMAT "-%s", prefix ? prefix : "", prefix && *prefix ? "-" : "",
				     proto, id, kind);
	char *tmpl = g_strdup_printf("%s-%s.gp", proto, kind);
	struct cr_plot *p = cr_plot_new(name, tmpl);

	cr_plot_set_size(p, CR_TCP_PLOT_WIDTH, CR_TCP_PLOT_HEIGHT);
	cr_plot_set_plain_text(p);
	g_free(tmpl);
	g_free(name);
	return p;
}

struct cr_plot *cr_tcp_plot_finish(struct cr_plot *p, char *title, size_t rows, GError **err, const char *fmt, ...)
{
	cr_plot_set_text(p, "TITLE", title);
	g_free(title);
	if (rows == 0) {
		va_list ap;
		va_start(ap, fmt);
		g_propagate_error(err, g_error_new_valist(CR_ERROR, CR_EXIT_INPUT, fmt, ap));
		va_end(ap);
		cr_plot_free(p);
		p = NULL;
	}
	return p;
}

struct cr_plot *cr_tcp_plot_new(const struct cr_tcp_stream *s, const struct cr_tcp_plot_opts *o, GError **err)
{
	int d = o->direction >= 0 ? o->direction : cr_tcp_data_direction(s);
	struct cr_plot *p = cr_tcp_plot_start(o->prefix, "tcp", s->id, o->kind);
	GPtrArray *tables = g_ptr_array_new_with_free_func((GDestroyNotify)cr_table_free);
	size_t n = s->points ? cr_series_len(s->points) : 0, rows = 0;
	char *title = NULL;

	g_assert(s->points);
	if (strcmp(o->kind, "seq") == 0) {
		struct cr_table *seg = seg_table("seg", false), *rtx = seg_table("rtx", false);
		struct cr_table *ack = cr_table_new("ack", "ack");
		cr_table_add_column(ack, "time", CR_COL_SECONDS);
		cr_table_add_column(ack, "ack", CR_COL_INT);
		cr_table_add_column(ack, "window_edge", CR_COL_INT);
		for (size_t i = 0; i < n; i++) {
			const struct cr_tcp_point *pt = cr_series_at(s->points, i);
			struct cr_cell *row;
			if (pt->dir == d && pt->len > 0) {
				row = cr_table_add_row(pt->flags & CR_TCP_RETRANS ? rtx : seg);
				cr_cell_float(&row[0], rel(s, pt->ts_ns));
				cr_cell_int(&row[1], pt->seq);
				cr_cell_int(&row[2], pt->len);
			} else if (pt->dir != d && (pt->flags & CR_TCP_ACK)) {
				row = cr_table_add_row(ack);
				cr_cell_float(&row[0], rel(s, pt->ts_ns));
				cr_cell_int(&row[1], pt->ack);
				cr_cell_int(&row[2], pt->ack + pt->win);
			}
		}
		rows = cr_table_nrows(seg) + cr_table_nrows(rtx) + cr_table_nrows(ack);
		cr_plot_data_table(p, "SEG", ".seg", seg);
		cr_plot_data_table(p, "RTX", ".rtx", rtx);
		cr_plot_data_table(p, "ACK", ".ack", ack);
		seq_plots(p, cr_table_nrows(seg), cr_table_nrows(rtx), cr_table_nrows(ack));
		g_ptr_array_add(tables, seg);
		g_ptr_array_add(tables, rtx);
		g_ptr_array_add(tables, ack);
		title = title_for(s, d, "time-sequence graph");
	} else if (strcmp(o->kind, "rtt") == 0) {
		struct cr_table *rtt = cr_table_new("rtt", "rtt");
		char *ab = cr_tcp_endpoint(&s->a, s->port_a), *ba = cr_tcp_endpoint(&s->b, s->port_b);
		char *lab = g_strdup_printf("data from %s", ab), *lba = g_strdup_printf("data from %s", ba);
		double lo = INFINITY, hi = 0;
		cr_table_add_column(rtt, "time", CR_COL_SECONDS);
		cr_table_add_column(rtt, "rtt_ms", CR_COL_FLOAT);
		cr_table_add_column(rtt, "direction", CR_COL_INT);
		for (size_t i = 0; i < n; i++) {
			const struct cr_tcp_point *pt = cr_series_at(s->points, i);
			if (pt->rtt_ms >= 0) {
				struct cr_cell *row = cr_table_add_row(rtt);
				cr_cell_float(&row[0], rel(s, pt->ts_ns));
				cr_cell_float(&row[1], pt->rtt_ms);
				cr_cell_int(&row[2], 1 - pt->dir);	/* the ACK measures the peer's data */
				lo = MIN(lo, pt->rtt_ms);
				hi = MAX(hi, pt->rtt_ms);
			}
		}
		rows = cr_table_nrows(rtt);
		cr_plot_set_axis(p, "YAXIS", 'y', "ACK RTT (ms)", lo, hi);
		cr_plot_data_table(p, "RTT", ".rtt", rtt);
		cr_plot_set_text(p, "LABEL_AB", lab);
		cr_plot_set_text(p, "LABEL_BA", lba);
		g_ptr_array_add(tables, rtt);
		g_free(ab);
		g_free(ba);
		g_free(lab);
		g_free(lba);
		title = g_strdup_printf("TCP stream %" G_GINT64_FORMAT ": ACK RTT", s->id);
	} else if (strcmp(o->kind, "tput") == 0) {
		double window = o->window;
		struct cr_table *tp = s->points->thinned ? tput_bins_table(s, d, &window) : tput_table(s, d, window);
		rows = cr_table_nrows(tp);
		cr_plot_data_table(p, "TPUT", ".tput", tp);
		cr_plot_set_number(p, "WINDOW", window);
		g_ptr_array_add(tables, tp);
		title = title_for(s, d, "throughput and goodput");
	} else {
		struct cr_table *inf = cr_table_new("inflight", "inflight");
		cr_table_add_column(inf, "time", CR_COL_SECONDS);
		cr_table_add_column(inf, "bytes", CR_COL_INT);
		for (size_t i = 0; i < n; i++) {
			const struct cr_tcp_point *pt = cr_series_at(s->points, i);
			if (pt->dir == d && pt->inflight >= 0) {
				struct cr_cell *row = cr_table_add_row(inf);
				cr_cell_float(&row[0], rel(s, pt->ts_ns));
				cr_cell_int(&row[1], pt->inflight);
			}
		}
		rows = cr_table_nrows(inf);
		cr_plot_data_table(p, "INFLIGHT", ".inflight", inf);
		g_ptr_array_add(tables, inf);
		title = title_for(s, d, "bytes in flight");
	}
	if (s->points->thinned) {
		char *note = cr_tcp_thinned_note(s, false);
		char *t2 = g_strdup_printf("%s (%s)", title, note);
		g_free(note);
		g_free(title);
		title = t2;
	}
	g_ptr_array_free(tables, TRUE);
	return cr_tcp_plot_finish(p, title, rows, err, "TCP stream %" G_GINT64_FORMAT " has nothing to plot as '%s'",
				  s->id, o->kind);
}

int cr_tcp_plot_draw(const struct cr_ctx *ctx, struct cr_plot *p, const char *dir, char **made, GError **err)
{
	struct cr_plot_opts po = { .jobs = 1, .verbose = ctx && ctx->verbose > 0 };
	const char *d = dir && *dir ? dir : ".";
	struct cr_plot_result res;
	GError *e = NULL;
	int status;

	if (!p)
		return CR_EXIT_INPUT;
	status = cr_plot_draw(p, d, &po, &res, &e);
	if (e) {
		g_propagate_error(err, e);
	} else {
		if (res.no_gnuplot)
			g_set_error(err, CR_ERROR, CR_EXIT_PLOTS, "gnuplot not found: wrote '%s/%s.gp' and its data, but no "
				    "images; %s", d, cr_plot_stem(p), CR_GNUPLOT_HINT);
		else if (status != CR_EXIT_OK)
			g_set_error(err, CR_ERROR, CR_EXIT_PLOTS, "%s", res.failures->len ?
				    (const char *)g_ptr_array_index(res.failures, 0) : "gnuplot drew nothing");
		if (made)
			*made = status == CR_EXIT_OK ? g_strdup_printf("%s/%s.svg", d, cr_plot_stem(p))
						     : g_strdup(cr_plot_stem(p));
	}
	cr_plot_result_clear(&res);
	cr_plot_free(p);
	return status;
}

int cr_tcp_plot(const struct cr_ctx *ctx, const struct cr_tcp_stream *s, const struct cr_tcp_plot_opts *o,
		char **made, GError **err)
{
	return cr_tcp_plot_draw(ctx, cr_tcp_plot_new(s, o, err), o->dir, made, err);
}
