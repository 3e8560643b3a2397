/* plot-timeline.c - the timeline's charts: one bar chart per UTC day, one overview, gaps shaded. */
#include "timelineplot.h"
#include "plot.h"
#include "util.h"

#include <string.h>

#define SEC 1000000000LL
#define DAY (86400 * SEC)
#define PLOT_COLS (CR_PLOT_WIDTH - 140)	/* about the pixels of the plot area */
#define BAR_PX 2	/* the narrowest bar drawn: thinner ones vanish under the gap shading */

static double value(const struct cr_bin *b, bool by_bytes)
{
	return (double)(by_bytes ? b->bytes : b->packets);
}

/* Rows "x min max" of a series, thinned to the plot's columns; the largest max; whether a bin is empty. */
static double write_series(GString *out, const double *x, const double *y, size_t n, double x0, double x1,
			   double *width, bool *empty)
{
	GArray *th = cr_series_thin(x, y, n, x0, x1, PLOT_COLS / BAR_PX);
	double ymax = 0;
	char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];

	if (th->len < n)
		*width = (x1 - x0) / (PLOT_COLS / BAR_PX);	/* a bar per column of BAR_PX pixels */
	for (guint i = 0; i < th->len; i++) {
		const struct cr_thin *p = &g_array_index(th, struct cr_thin, i);
		g_string_append_printf(out, "%s %s %s\n", g_ascii_formatd(a, sizeof(a), "%.6f", p->x),
				       g_ascii_formatd(b, sizeof(b), "%.0f", p->min),
				       g_ascii_formatd(c, sizeof(c), "%.0f", p->max));
		ymax = MAX(ymax, p->max);
		*empty = *empty || p->min == 0;
	}
	g_array_unref(th);
	return ymax;
}

/* Tick labels that differ from each other over a span: fractions of seconds, seconds, minutes, dates. */
static const char *time_format(int64_t span_ns)
{
	if (span_ns <= 2 * SEC)
		return "'%H:%M:%.3S'";
	if (span_ns <= 20 * SEC)
		return "'%H:%M:%.1S'";
	if (span_ns <= 1800 * SEC)
		return "'%H:%M:%S'";
	if (span_ns <= DAY)
		return "'%H:%M'";
	return span_ns <= 14 * DAY ? "\"%m-%d\\n%H:%M\"" : "'%Y-%m-%d'";
}

static int64_t floor_day(int64_t ns)
{
	return ns >= 0 ? ns / DAY : -((-ns + DAY - 1) / DAY);
}

static char *day_name(int64_t day)
{
	char *iso = cr_fmt_time_iso(day * DAY), *d = g_strndup(iso, 10);

	g_free(iso);
	return d;
}

static void common(struct cr_plot *p, const char *ylabel, double ymax, double boxwidth, bool have_gaps,
		   const char *gap_title, bool have_empty)
{
	cr_plot_set_text(p, "YLABEL", ylabel);
	cr_plot_set_text(p, "BARTITLE", ylabel);
	cr_plot_set_text(p, "GAPTITLE", gap_title);
	ymax = ymax > 0 ? ymax * 1.08 : 1;
	cr_plot_set_number(p, "YMAX", ymax);
	cr_plot_set_number(p, "YMIN", -ymax * 0.04);	/* a strip under 0 marks the empty bins */
	cr_plot_set_number(p, "BOXWIDTH", boxwidth);
	cr_plot_set_code(p, "HAVE_GAPS", have_gaps ? "1" : "0");
	cr_plot_set_code(p, "EMPTYKEY", have_empty ? "title 'empty bins (0)'" : "notitle");
}

/*
 * The part of a day shown: the active bins, widened to whole hours (or 10
 * minutes, minutes, 10 s, seconds: the widest for which a bin is at least
 * BAR_PX pixels wide, unless the bins are thinned to columns anyway).
 */
static void day_window(int64_t first, int64_t last, int64_t bin, size_t n, int64_t *from, int64_t *to)
{
	static const int64_t units[] = { 3600 * SEC, 600 * SEC, 60 * SEC, 10 * SEC, SEC };

	for (size_t u = 0; u < G_N_ELEMENTS(units); u++) {
		*from = first / units[u] * units[u];
		*to = MIN(DAY, (last + units[u] - 1) / units[u] * units[u]);
		if (n > PLOT_COLS / BAR_PX || (double)bin / (double)(*to - *from) * PLOT_COLS >= BAR_PX)
			return;
	}
}

/* One calendar day: x in seconds since 00:00 on a time axis, the active part of the day. */
static struct cr_plot *day_plot(const struct cr_timeline *t, const GArray *gaps, int64_t day, const char *name,
				const char *ylabel, const char *gap_title, bool by_bytes)
{
	int64_t bin = cr_timeline_bin_ns(t), start = cr_timeline_start_ns(t);
	int64_t n = (int64_t)cr_timeline_nbins(t), d0 = day * DAY, d1 = d0 + DAY;
	int64_t i0 = MAX(0, (d0 - start) / bin), i1 = MIN(n, (d1 - start) / bin), w0, w1;
	const struct cr_bin *bins = cr_timeline_bins(t);
	char *date = day_name(day), *stem = g_strconcat("timeline-", date, NULL);
	char *title = g_strdup_printf("%s — %s — %s (UTC)", name, ylabel, date);
	struct cr_plot *p = cr_plot_new(stem, "timeline-day.gp");
	GString *dat = cr_plot_data(p, "BINS", "-bins"), *gdat = cr_plot_data(p, "GAPS", "-gaps");
	size_t m = (size_t)MAX(0, i1 - i0);
	double *x = g_new(double, m ? m : 1), *y = g_new(double, m ? m : 1), width = (double)bin / 1e9, ymax;
	char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
	guint ngaps = 0;
	bool empty = false;

	for (int64_t i = i0; i < i1; i++) {
		x[i - i0] = (double)(start + i * bin + bin / 2 - d0) / 1e9;
		y[i - i0] = value(&bins[i], by_bytes);
	}
	day_window(MAX(0, start + i0 * bin - d0), MIN(DAY, start + i1 * bin - d0), bin, m, &w0, &w1);
	g_string_append(dat, "# seconds since 00:00 UTC (bin centre), min, max per bin (or per column when thinned)\n");
	ymax = write_series(dat, x, y, m, (double)w0 / 1e9, (double)w1 / 1e9, &width, &empty);
	g_string_append(gdat, "# from to (seconds since 00:00 UTC): runs of empty bins\n");
	for (guint k = 0; k < gaps->len; k++) {
		const struct cr_gap *g = &g_array_index(gaps, struct cr_gap, k);
		int64_t s = MAX(g->start_ns, d0 + w0), e = MIN(g->end_ns, d0 + w1);
		if (s >= e)
			continue;
		g_string_append_printf(gdat, "%s %s\n", g_ascii_formatd(a, sizeof(a), "%.3f", (double)(s - d0) / 1e9),
				       g_ascii_formatd(b, sizeof(b), "%.3f", (double)(e - d0) / 1e9));
		ngaps++;
	}
	cr_plot_set_text(p, "TITLE", title);
	cr_plot_set_text(p, "XLABEL", "time of day (UTC)");
	cr_plot_set_number(p, "XMIN", (double)w0 / 1e9);
	cr_plot_set_number(p, "XMAX", (double)w1 / 1e9);
	cr_plot_set_code(p, "XFORMAT", time_format(w1 - w0));
	common(p, ylabel, ymax, width, ngaps > 0, gap_title, empty);
	g_free(x);
	g_free(y);
	g_free(date);
	g_free(stem);
	g_free(title);
	return p;
}

/* The whole span: x in epoch seconds on a time axis. */
static struct cr_plot *overview_plot(const struct cr_timeline *t, const GArray *gaps, const char *name,
				     const char *ylabel, const char *gap_title, bool by_bytes)
{
	int64_t bin = cr_timeline_bin_ns(t), start = cr_timeline_start_ns(t);
	size_t n = cr_timeline_nbins(t);
	int64_t end = start + (int64_t)n * bin, span = end - start;
	const struct cr_bin *bins = cr_timeline_bins(t);
	struct cr_plot *p = cr_plot_new("timeline-overview", "timeline-overview.gp");
	GString *dat = cr_plot_data(p, "BINS", "-bins"), *gdat = cr_plot_data(p, "GAPS", "-gaps");
	double *x = g_new(double, n ? n : 1), *y = g_new(double, n ? n : 1), width = (double)bin / 1e9, ymax;
	char *a = cr_fmt_time_iso(start), *b = cr_fmt_time_iso(end), *title;
	char fa[G_ASCII_DTOSTR_BUF_SIZE], fb[G_ASCII_DTOSTR_BUF_SIZE];
	bool empty = false;

	/* "2024-03-09T21:58:07.000000Z" → "2024-03-09 21:58:07": a short capture's ends differ */
	a[10] = b[10] = ' ';
	a[19] = b[19] = '\0';
	title = g_strdup_printf("%s — %s — %s to %s UTC", name, ylabel, a, b);
	for (size_t i = 0; i < n; i++) {
		x[i] = (double)(start + (int64_t)i * bin + bin / 2) / 1e9;
		y[i] = value(&bins[i], by_bytes);
	}
	g_string_append(dat, "# epoch seconds (bin centre), min, max per bin (or per pixel column when thinned)\n");
	ymax = write_series(dat, x, y, n, (double)start / 1e9, (double)end / 1e9, &width, &empty);
	g_string_append(gdat, "# from to (epoch seconds): runs of empty bins\n");
	for (guint k = 0; k < gaps->len; k++) {
		const struct cr_gap *g = &g_array_index(gaps, struct cr_gap, k);
		g_string_append_printf(gdat, "%s %s\n", g_ascii_formatd(fa, sizeof(fa), "%.3f", (double)g->start_ns / 1e9),
				       g_ascii_formatd(fb, sizeof(fb), "%.3f", (double)g->end_ns / 1e9));
	}
	cr_plot_set_text(p, "TITLE", title);
	cr_plot_set_text(p, "XLABEL", "time (UTC)");
	cr_plot_set_number(p, "XMIN", (double)start / 1e9);
	cr_plot_set_number(p, "XMAX", (double)end / 1e9);
	/* Labels that fit the span: time of day, date and time, or dates. */
	cr_plot_set_code(p, "XFORMAT", time_format(span));
	common(p, ylabel, ymax, width, gaps->len > 0, gap_title, empty);
	g_free(x);
	g_free(y);
	g_free(a);
	g_free(b);
	g_free(title);
	return p;
}

GPtrArray *cr_timeline_plots(const struct cr_timeline *t, const GArray *gaps, int64_t gap_ns, const char *name,
			     bool by_bytes, guint max_days, guint *left_out)
{
	GPtrArray *plots = g_ptr_array_new_with_free_func((GDestroyNotify)cr_plot_free);
	int64_t bin = cr_timeline_bin_ns(t), start = cr_timeline_start_ns(t);
	size_t n = cr_timeline_nbins(t);
	char *b = cr_bin_format(bin), *ylabel = g_strdup_printf("%s per %s", by_bytes ? "bytes" : "packets", b);
	char *gap_title = NULL, *g;

	*left_out = 0;
	if (n == 0)
		goto out;
	g = cr_bin_format(gap_ns > 0 ? gap_ns : 5 * bin);
	gap_title = g_strdup_printf("no packets for %s or more", g);
	g_free(g);
	if (bin < DAY) {
		int64_t end = start + (int64_t)n * bin;
		int64_t d0 = floor_day(start), d1 = floor_day(end - 1);
		for (int64_t d = d0; d <= d1; d++) {
			if (plots->len >= max_days) {
				*left_out = (guint)(d1 - d + 1);
				break;
			}
			g_ptr_array_add(plots, day_plot(t, gaps, d, name, ylabel, gap_title, by_bytes));
		}
	}
	g_ptr_array_add(plots, overview_plot(t, gaps, name, ylabel, gap_title, by_bytes));
out:
	g_free(b);
	g_free(ylabel);
	g_free(gap_title);
	return plots;
}
