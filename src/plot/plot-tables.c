/*
 * plot-tables.c - plots drawn from a table, for the report's sections and the
 * plot commands: a template from templates/, its text variables, and .dat
 * files built from the table.
 * Text from captures goes only into .dat files (as quoted strings) or
 * through cr_plot_set_text / cr_gnuplot_quote, never raw into a script.
 */
#include "tableplot.h"
#include "util.h"

#include <math.h>
#include <string.h>

#define LABEL_MAX 48

/* A quoted string for a .dat file: no double quotes, tabs or line breaks inside, capped, valid UTF-8. */
static void dat_string(GString *s, const char *v)
{
	char *valid = g_utf8_make_valid(v ? v : "", -1);
	glong n = 0;

	g_string_append_c(s, '"');
	for (const char *p = valid; *p && n < LABEL_MAX; p = g_utf8_next_char(p), n++) {
		gunichar ch = g_utf8_get_char(p);
		if (ch == '"')
			g_string_append_c(s, '\'');
		else if (ch < 0x20 || ch == 0x7f)
			g_string_append_c(s, '?');
		else
			g_string_append_len(s, p, g_utf8_next_char(p) - p);
	}
	g_string_append_c(s, '"');
	g_free(valid);
}

static void dat_number(GString *s, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	if (!isfinite(v))
		g_string_append(s, "NaN");
	else
		g_string_append(s, g_ascii_formatd(buf, sizeof(buf), "%.10g", v));
}

static double num(const struct cr_table *t, const struct cr_cell *row, int c)
{
	enum cr_coltype ty;

	if (c < 0 || row[c].null)
		return NAN;
	ty = g_array_index(t->columns, struct cr_column, c).type;
	if (ty == CR_COL_FLOAT || ty == CR_COL_RATE || ty == CR_COL_SECONDS)
		return row[c].v.f;
	if (ty == CR_COL_TEXT || ty == CR_COL_ADDR)
		return NAN;
	return (double)row[c].v.i;
}

static const char *text(const struct cr_cell *row, int c)
{
	return c < 0 || row[c].null ? "" : row[c].v.s;
}

/* The first n rows of t for a bar chart: "ROW LABEL V1 V2", the label from column `label`, numbers from v1 and v2. */
static void bar_rows(GString *d, const struct cr_table *t, size_t n, int label, int v1, int v2)
{
	for (size_t r = 0; r < n; r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		g_string_append_printf(d, "%zu ", r + 1);
		dat_string(d, text(row, label));
		g_string_append_c(d, ' ');
		dat_number(d, num(t, row, v1));
		g_string_append_c(d, ' ');
		dat_number(d, num(t, row, v2));
		g_string_append_c(d, '\n');
	}
}

/* ---- protocol mix ------------------------------------------------------ */

struct cr_plot *cr_report_plot_protocols(const char *stem, const struct cr_table *t, int top)
{
	struct cr_plot *p = cr_plot_new(stem, "protocols.gp");
	GString *d = cr_plot_data(p, "DATA", "");
	int name = cr_table_col(t, "protocol"), pk = cr_table_col(t, "packets"), by = cr_table_col(t, "bytes");
	size_t n = MIN(cr_table_nrows(t), (size_t)top);

	g_string_append(d, "# row protocol packets bytes\n");
	bar_rows(d, t, n, name, pk, by);
	cr_plot_set_text(p, "TITLE", n < cr_table_nrows(t) ? "Protocol mix (the most frequent highest layers)"
							   : "Protocol mix (highest layer of each packet)");
	cr_plot_set_number(p, "ROWS", (double)n);
	cr_plot_set_size(p, CR_PLOT_WIDTH, MAX(300, 120 + 22 * (int)n));
	return p;
}

/* ---- top talkers --------------------------------------------------------- */

struct cr_plot *cr_report_plot_talkers(const char *stem, const struct cr_table *t)
{
	struct cr_plot *p = cr_plot_new(stem, "talkers.gp");
	GString *d = cr_plot_data(p, "DATA", "");
	int a = cr_table_col(t, "addr"), tx = cr_table_col(t, "tx_bytes"), rx = cr_table_col(t, "rx_bytes");
	size_t n = cr_table_nrows(t);

	g_string_append(d, "# row address sent received\n");
	bar_rows(d, t, n, a, tx, rx);
	cr_plot_set_text(p, "TITLE", "Top talkers");
	cr_plot_set_text(p, "XLABEL", "bytes (frame lengths)");
	cr_plot_set_number(p, "ROWS", (double)n);
	cr_plot_set_size(p, CR_PLOT_WIDTH, MAX(300, 120 + 30 * (int)n));
	return p;
}

/* ---- heatmap ------------------------------------------------------------- */

static char *with_total(const char *name, double total, const char *unit)
{
	char *h = cr_fmt_human(total, unit), *s = g_strdup_printf("%s (%s)", name, h);
	g_free(h);
	return s;
}

/*
 * From the matrix table (source, one column per destination, "total"
 * column, "total" row): the block without totals, whose totals go into
 * the axis labels.
 */
struct cr_plot *cr_report_plot_heatmap(const char *stem, const struct cr_table *m, const char *unit)
{
	struct cr_plot *p = cr_plot_new(stem, "heatmap.gp");
	GString *cells = cr_plot_data(p, "CELLS", ""), *rows = cr_plot_data(p, "ROWS", "-rows");
	GString *cols = cr_plot_data(p, "COLS", "-cols");
	int tcol = cr_table_col(m, "total"), ncols = (int)cr_table_ncols(m) - 1 - (tcol >= 0);
	size_t nrows = cr_table_nrows(m);
	const struct cr_cell *totals = NULL;
	const char *hunit = strcmp(unit, "bytes") == 0 ? "B" : "pkts";
	char *corner = NULL;

	if (nrows) {
		const struct cr_cell *last = cr_table_row(m, nrows - 1);
		if (!last[0].null && strcmp(last[0].v.s, "total") == 0 && tcol >= 0) {
			totals = last;
			nrows--;
		}
	}
	g_string_append(cells, "# column row value \"value\"\n");
	g_string_append(rows, "# row \"source (total)\"\n");
	g_string_append(cols, "# column \"destination (total)\"\n");
	for (int c = 0; c < ncols; c++) {
		const char *name = g_array_index(m->columns, struct cr_column, c + 1).name;
		char *label = totals ? with_total(name, num(m, totals, c + 1), hunit) : g_strdup(name);
		g_string_append_printf(cols, "%d ", c);
		dat_string(cols, label);
		g_string_append_c(cols, '\n');
		g_free(label);
	}
	for (size_t r = 0; r < nrows; r++) {
		const struct cr_cell *row = cr_table_row(m, r);
		char *label = tcol >= 0 ? with_total(text(row, 0), num(m, row, tcol), hunit) : g_strdup(text(row, 0));
		g_string_append_printf(rows, "%zu ", r);
		dat_string(rows, label);
		g_string_append_c(rows, '\n');
		g_free(label);
		for (int c = 0; c < ncols; c++) {
			double v = num(m, row, c + 1);
			char *h;
			if (!isfinite(v) || v <= 0)
				continue;
			h = cr_fmt_human(v, "");
			g_strstrip(h);
			g_string_append_printf(cells, "%d %zu ", c, r);
			dat_number(cells, v);
			g_string_append_c(cells, ' ');
			dat_string(cells, h);
			g_string_append_c(cells, '\n');
			g_free(h);
		}
	}
	/* The matrix table's first note says how many distinct sources and destinations there are. */
	if (m->notes->len)
		corner = g_strdup(g_ptr_array_index(m->notes, 0));
	cr_plot_set_text(p, "TITLE", strcmp(unit, "bytes") == 0 ? "Conversation heatmap: bytes from source to destination"
								  : "Conversation heatmap: packets from source to destination");
	cr_plot_set_text(p, "XLABEL", "destination");
	cr_plot_set_text(p, "YLABEL", "source");
	cr_plot_set_text(p, "CBLABEL", strcmp(unit, "bytes") == 0 ? "bytes (log scale)" : "packets (log scale)");
	cr_plot_set_text(p, "CORNER", corner ? corner : "");
	cr_plot_set_number(p, "NROWS", (double)MAX(nrows, 1));
	cr_plot_set_number(p, "NCOLS", (double)MAX(ncols, 1));
	cr_plot_set_number(p, "SHOWVALUES", nrows <= 12 && ncols <= 12);
	cr_plot_set_size(p, MAX(700, 360 + 34 * ncols), MAX(520, 300 + 26 * (int)nrows));
	g_free(corner);
	return p;
}

/* ---- packet sizes -------------------------------------------------------- */

struct cr_plot *cr_report_plot_sizes(const char *stem, const struct cr_table *t, const char *title)
{
	struct cr_plot *p = cr_plot_new(stem, "sizes.gp");
	GString *d = cr_plot_data(p, "DATA", "");
	int from = cr_table_col(t, "from"), to = cr_table_col(t, "to"), pk = cr_table_col(t, "packets");
	size_t n = cr_table_nrows(t);
	double cmin = INFINITY, cmax = 0;

	g_string_append(d, "# bin from to packets \"label\"\n");
	for (size_t r = 0; r < n; r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		double lo = num(t, row, from), hi = num(t, row, to);
		char *label;

		if (!isfinite(hi))
			label = g_strdup_printf("%.0f+", lo);
		else if (hi - lo > 20)
			label = g_strdup_printf("%.0f-%.0f", lo, hi);
		else
			label = (int64_t)lo % 200 == 0 ? g_strdup_printf("%.0f", lo) : g_strdup("");
		g_string_append_printf(d, "%zu ", r);
		dat_number(d, lo);
		g_string_append_c(d, ' ');
		dat_number(d, isfinite(hi) ? hi : NAN);
		g_string_append_c(d, ' ');
		dat_number(d, num(t, row, pk));
		if (num(t, row, pk) > 0) {	/* empty bins draw nothing on either scale */
			cmin = MIN(cmin, num(t, row, pk));
			cmax = MAX(cmax, num(t, row, pk));
		}
		g_string_append_c(d, ' ');
		dat_string(d, label);
		g_string_append_c(d, '\n');
		g_free(label);
	}
	cr_plot_set_text(p, "TITLE", title);
	cr_plot_set_text(p, "XLABEL", "frame length (bytes)");
	/* A log axis starts below one packet, so that a bin of one still shows. */
	cr_plot_set_number(p, "YMIN", cr_plot_set_axis(p, "YAXIS", 'y', "packets", cmin, cmax) ? 0.5 : 0);
	cr_plot_set_number(p, "BINS", (double)MAX(n, 1));
	return p;
}

/* ---- port scatter and parallel coordinates ------------------------------ */

static int proto_colour(const char *proto)
{
	return strcmp(proto, "tcp") == 0 ? 1 : strcmp(proto, "udp") == 0 ? 2 : 3;
}

struct cr_plot *cr_report_plot_ports(const char *stem, const struct cr_table *t)
{
	struct cr_plot *p = cr_plot_new(stem, "ports.gp");
	GString *d = cr_plot_data(p, "DATA", "");
	int rel = cr_table_col(t, "rel_time"), dp = cr_table_col(t, "dport"), pr = cr_table_col(t, "proto");

	g_string_append(d, "# seconds dport colour\n");
	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		int colour = proto_colour(text(row, pr));
		if (row[dp].null || colour > 2)
			continue;
		dat_number(d, num(t, row, rel));
		g_string_append_printf(d, " %" G_GINT64_FORMAT " %d\n", row[dp].v.i, colour);
	}
	cr_plot_set_text(p, "TITLE", "Destination ports over time (TCP and UDP)");
	cr_plot_set_text(p, "XLABEL", "seconds from the first packet");
	cr_plot_set_text(p, "YLABEL", "destination port (log scale)");
	return p;
}

/* Tic labels for an address axis: the addresses at their ranks, when few enough to read. */
static char *address_tics(const struct cr_table *t, int addr_col, int rank_col)
{
	GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
	GArray *ranks = g_array_new(FALSE, FALSE, sizeof(size_t));
	GString *s = g_string_new("(");
	char *out;

	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		if (!g_hash_table_contains(seen, &row[rank_col].v.i)) {
			g_hash_table_add(seen, (gpointer)&row[rank_col].v.i);
			g_array_append_val(ranks, r);
		}
	}
	if (ranks->len == 0 || ranks->len > 12) {
		g_string_assign(s, "");	/* plain numbers: too many to label */
	} else {
		for (guint i = 0; i < ranks->len; i++) {
			const struct cr_cell *row = cr_table_row(t, g_array_index(ranks, size_t, i));
			char *q = cr_gnuplot_quote(text(row, addr_col), LABEL_MAX);
			g_string_append_printf(s, "%s%s %" G_GINT64_FORMAT, i ? ", " : "", q, row[rank_col].v.i);
			g_free(q);
		}
		g_string_append_c(s, ')');
	}
	out = g_string_free(s, FALSE);
	g_array_free(ranks, TRUE);
	g_hash_table_destroy(seen);
	return out;
}

static int64_t max_rank(const struct cr_table *t, int a, int b)
{
	int64_t m = 1;

	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		m = MAX(m, MAX(row[a].v.i, row[b].v.i));
	}
	return m;
}

struct cr_plot *cr_report_plot_parallel(const char *stem, const struct cr_table *t)
{
	struct cr_plot *p = cr_plot_new(stem, "parallel.gp");
	GString *d = cr_plot_data(p, "DATA", "");
	int rel = cr_table_col(t, "rel_time"), sr = cr_table_col(t, "src_rank"), dr = cr_table_col(t, "dst_rank");
	int sp = cr_table_col(t, "sport"), dp = cr_table_col(t, "dport"), pr = cr_table_col(t, "proto");
	int sa = cr_table_col(t, "src"), da = cr_table_col(t, "dst");
	/* Both address axes share one scale: the ranks are of all the sample's addresses. */
	char *stics = address_tics(t, sa, sr), *dtics = address_tics(t, da, dr);

	g_string_append(d, "# seconds src_rank dst_rank sport dport colour (ports: -1 when none)\n");
	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		dat_number(d, num(t, row, rel));
		g_string_append_printf(d, " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
				       " %" G_GINT64_FORMAT " %d\n", row[sr].v.i, row[dr].v.i,
				       row[sp].null ? (int64_t)-1 : row[sp].v.i, row[dp].null ? (int64_t)-1 : row[dp].v.i,
				       proto_colour(text(row, pr)));
	}
	cr_plot_set_text(p, "TITLE", "Parallel coordinates: time, source, destination, ports");
	cr_plot_set_number(p, "MAXRANK", (double)max_rank(t, sr, dr));
	cr_plot_set_code(p, "SRCTICS", stics);
	cr_plot_set_code(p, "DSTTICS", dtics);
	g_free(stics);
	g_free(dtics);
	return p;
}

/* ---- throughput ---------------------------------------------------------- */

struct cr_plot *cr_report_plot_throughput(const char *stem, const struct cr_table *t)
{
	struct cr_plot *p = cr_plot_new(stem, "throughput.gp");
	GString *d = cr_plot_data(p, "DATA", "");
	int rel = cr_table_col(t, "rel_time"), total = cr_table_col(t, "bits_per_s");
	size_t nc = cr_table_ncols(t);
	int series = 1 + (int)nc - (total + 1);

	/* The header row names the series; gnuplot reads it with columnheader. */
	g_string_append(d, "seconds ");
	dat_string(d, "total");
	for (size_t c = (size_t)total + 1; c < nc; c++) {
		g_string_append_c(d, ' ');
		dat_string(d, g_array_index(t->columns, struct cr_column, c).name);
	}
	g_string_append_c(d, '\n');
	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		dat_number(d, num(t, row, rel));
		for (size_t c = (size_t)total; c < nc; c++) {
			g_string_append_c(d, ' ');
			dat_number(d, num(t, row, (int)c));
		}
		g_string_append_c(d, '\n');
	}
	/* One bin is a point, not an empty range */
	if (cr_table_nrows(t)) {
		double a = num(t, cr_table_row(t, 0), rel), b = num(t, cr_table_row(t, cr_table_nrows(t) - 1), rel);
		cr_plot_set_number(p, "XMIN", a);
		cr_plot_set_number(p, "XMAX", b > a ? b : a + 1);
	} else {
		cr_plot_set_code(p, "XMIN", "*");
		cr_plot_set_code(p, "XMAX", "*");
	}
	cr_plot_set_text(p, "TITLE", "Throughput over time");
	cr_plot_set_text(p, "XLABEL", "seconds from the first packet");
	cr_plot_set_text(p, "YLABEL", "bits per second");
	cr_plot_set_number(p, "SERIES", series);
	return p;
}
