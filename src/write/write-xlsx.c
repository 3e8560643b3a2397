/* write-xlsx.c - tables as XLSX sheets with libxlsxwriter (ECMA-376): formats, charts, colour scales, row streams. */
#include "util.h"
#include "xlsx-int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

/* Sheet defaults, in the workbook's sheet order; ends in a sentinel. */
static const struct cr_xlsx_sheet_opts defaults[] = {
	{ .table = "summary", .sheet = "Summary", .typed_values = true },
	{ .table = "conversations", .sheet = "Conversations", .totals_row = true },
	{ .table = "endpoints", .sheet = "Endpoints", .totals_row = true },
	{ .table = "timeline", .sheet = "Timeline", .chart = CR_XLSX_CHART_COLUMN,
	  .chart_y = { "packets", NULL }, .chart_title = "Packets per bin" },
	{ .table = "gaps", .sheet = "Gaps" },
	{ .table = "matrix", .sheet = "Matrix", .color_scale = true, .block_has_totals = true },
	{ .table = "top_talkers", .sheet = "Top talkers", .chart = CR_XLSX_CHART_BAR, .chart_x = "addr",
	  .chart_y = { "tx_bytes", "rx_bytes", NULL }, .chart_title = "Bytes sent and received" },
	{ .table = "protocols", .sheet = "Protocols", .totals_row = true },
	{ .table = "interfaces", .sheet = "Interfaces" },
	{ .table = "tcp_streams", .sheet = "TCP streams" },
	{ .table = "mptcp_connections", .sheet = "MPTCP connections" },
	{ .table = "mptcp_subflows", .sheet = "MPTCP subflows" },
	{ .table = "packets", .sheet = "Packets" },
	{ .table = NULL },
};

/* The defaults of a table name; NULL when unknown. The table above is in the workbook's sheet order. */
static const struct cr_xlsx_sheet_opts *cr_xlsx_defaults(const char *table_name)
{
	for (const struct cr_xlsx_sheet_opts *d = defaults; d->table; d++)
		if (strcmp(d->table, table_name) == 0)
			return d;
	return NULL;
}

/* ---- the workbook ------------------------------------------------------ */

static int lxw_fail(const struct cr_xlsx *x, lxw_error e, GError **err)
{
	g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': libxlsxwriter: %s", x->out.path, lxw_strerror(e));
	return -1;
}

struct cr_xlsx *cr_xlsx_new(const char *path, GError **err)
{
	struct cr_xlsx *x = g_new0(struct cr_xlsx, 1);

	if (cr_outfile_open_full(&x->out, path, CR_OUTFILE_DEVICE, err) != 0) {
		g_free(x);
		return NULL;
	}
	x->taken = g_ptr_array_new_with_free_func(g_free);
	x->body_fd = -1;
	x->packed = g_array_new(FALSE, TRUE, sizeof(struct cr_xlsx_packed));
	return x;
}

void cr_xlsx_set_constant_memory(struct cr_xlsx *x, bool on)
{
	if (!x->wb)
		x->constant_memory = on;
}

static lxw_format *num_format(lxw_workbook *wb, const char *f, bool bold)
{
	lxw_format *fmt = workbook_add_format(wb);
	if (f)
		format_set_num_format(fmt, f);
	if (bold)
		format_set_bold(fmt);
	return fmt;
}

static int open_workbook(struct cr_xlsx *x, GError **err)
{
	lxw_workbook_options o = { .constant_memory = x->constant_memory, .tmpdir = (char *)g_get_tmp_dir() };

	if (x->wb)
		return 0;
	x->wb = workbook_new_opt(x->out.tmp, &o);
	if (!x->wb) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': libxlsxwriter could not start a workbook",
			    x->out.path);
		return -1;
	}
	x->fmt[F_HEADER] = num_format(x->wb, NULL, true);
	format_set_bottom(x->fmt[F_HEADER], LXW_BORDER_THIN);
	x->fmt[F_BOLD] = num_format(x->wb, NULL, true);
	x->fmt[F_COUNT] = num_format(x->wb, "#,##0", false);
	x->fmt[F_COUNT_BOLD] = num_format(x->wb, "#,##0", true);
	x->fmt[F_PLAIN] = num_format(x->wb, "0", false);
	x->fmt[F_FLOAT] = num_format(x->wb, "#,##0.00", false);
	x->fmt[F_SECONDS] = num_format(x->wb, "0.000000", false);
	x->fmt[F_TIME] = num_format(x->wb, "yyyy-mm-dd hh:mm:ss.000", false);
	x->fmt[F_TIME_UTC] = num_format(x->wb, "yyyy-mm-dd hh:mm:ss.000 \"UTC\"", false);
	/* Registered now, in order, so rows written before the workbook existed can name them (cr_xlsx_style). */
	x->styles_ok = true;
	for (int i = 0; i < F_N; i++)
		x->styles_ok &= lxw_format_get_xf_index(x->fmt[i]) == cr_xlsx_style(i);
	return 0;
}

int cr_xlsx_style(int f)
{
	return f + 1;	/* 0 is libxlsxwriter's default format */
}

static void xlsx_free(struct cr_xlsx *x)
{
	g_ptr_array_free(x->taken, TRUE);
	g_array_free(x->packed, TRUE);
	if (x->body_fd >= 0)
		close(x->body_fd);
	cr_outfile_abort(&x->out);	/* nothing left once renamed */
	g_free(x);
}

int cr_xlsx_commit(struct cr_xlsx *x, GError **err)
{
	lxw_error e;
	int rc = -1;

	if (open_workbook(x, err) != 0)
		goto out;
	if (x->taken->len == 0)
		workbook_add_worksheet(x->wb, "Sheet");
	e = workbook_close(x->wb);	/* frees it */
	x->wb = NULL;
	if (e != LXW_NO_ERROR) {
		lxw_fail(x, e, err);
		goto out;
	}
	if (!cr_interrupted && x->packed->len > 0 && cr_xlsx_merge_packed(x, err) != 0)
		goto out;
	if (cr_interrupted) {	/* during the long zip: keep nothing, as for any interruption */
		g_set_error(err, CR_ERROR, CR_EXIT_INTERRUPTED, "interrupted: '%s' not written", x->out.path);
		goto out;
	}
	rc = cr_outfile_commit(&x->out, err);
out:
	if (x->wb)
		lxw_workbook_free(x->wb);
	xlsx_free(x);
	return rc;
}

void cr_xlsx_abort(struct cr_xlsx *x)
{
	if (!x)
		return;
	if (x->wb)
		lxw_workbook_free(x->wb);
	xlsx_free(x);
}

const char *cr_xlsx_last_sheet(const struct cr_xlsx *x)
{
	return x->taken->len ? g_ptr_array_index(x->taken, x->taken->len - 1) : NULL;
}

lxw_worksheet *cr_xlsx_new_sheet(struct cr_xlsx *x, const char *wanted, GError **err)
{
	char *name;
	lxw_worksheet *ws;

	if (open_workbook(x, err) != 0)
		return NULL;
	name = cr_xlsx_sheet_name(wanted, x->taken);
	ws = workbook_add_worksheet(x->wb, name);
	if (!ws)
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': libxlsxwriter refused the sheet name '%s'",
			    x->out.path, name);
	g_free(name);
	return ws;
}

/* ---- columns ----------------------------------------------------------- */

/* Integer columns that name things (ports, ids, frame numbers): no thousands separator, no total. */
static bool is_identifier(const char *name)
{
	static const char *const words[] = { "port", "stream", "id", "number", "proto", "nxt", "frame", NULL };

	for (int i = 0; words[i]; i++)
		if (strstr(name, words[i]))
			return true;
	return false;
}

static bool is_count(const struct cr_column *c)
{
	return (c->type == CR_COL_INT || c->type == CR_COL_BYTES) && !is_identifier(c->name);
}

int cr_xlsx_column_fmt(const struct cr_column *c)
{
	switch (c->type) {
	case CR_COL_INT:
	case CR_COL_BYTES:
		return is_identifier(c->name) ? F_PLAIN : F_COUNT;
	case CR_COL_RATE:
		return F_COUNT;
	case CR_COL_FLOAT:
		return F_FLOAT;
	case CR_COL_SECONDS:
		return F_SECONDS;
	case CR_COL_TIME:
		return F_TIME;
	default:
		return -1;
	}
}

static lxw_format *column_format(const struct cr_xlsx *x, const struct cr_column *c)
{
	int f = cr_xlsx_column_fmt(c);

	return f < 0 ? NULL : x->fmt[f];
}

/* The header cell: the unit stated where the type has one. */
static char *header_text(const struct cr_column *c)
{
	const char *unit = NULL;

	if (c->type == CR_COL_TIME)
		unit = "UTC";
	else if (c->type == CR_COL_SECONDS && !g_str_has_suffix(c->name, "_s"))
		unit = "s";
	else if (c->type == CR_COL_RATE)
		unit = "bit/s";
	return unit ? g_strdup_printf("%s (%s)", c->name, unit) : cr_xlsx_clean_string(c->name);
}

/* Display width of a number with thousands separators. */
static size_t number_width(double v, bool grouped)
{
	char buf[64];
	size_t n = (size_t)g_snprintf(buf, sizeof(buf), "%.0f", fabs(v)) + (v < 0);
	return grouped ? n + (n - 1) / 3 : n;
}

static void fit(size_t *width, size_t n)
{
	if (n > *width)
		*width = n;
}

/*
 * A string cell. Plain printable ASCII without Excel's "_x" escapes goes
 * as it is; anything else through cr_xlsx_clean_string. Never a formula.
 */
static lxw_error write_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, size_t *width)
{
	const unsigned char *p = (const unsigned char *)s;
	lxw_error e;
	char *clean;

	for (; *p >= 0x20 && *p < 0x7f && !(p[0] == '_' && p[1] == 'x'); p++)
		;
	if (*p == '\0' && p - (const unsigned char *)s < 4096) {
		fit(width, (size_t)(p - (const unsigned char *)s));
		return worksheet_write_string(ws, r, c, s, NULL);
	}
	clean = cr_xlsx_clean_string(s);
	fit(width, (size_t)g_utf8_strlen(clean, -1));
	e = worksheet_write_string(ws, r, c, clean, NULL);
	g_free(clean);
	return e;
}

int cr_xlsx_write_header(struct cr_xlsx *x, lxw_worksheet *ws, const struct cr_column *cols, size_t ncols,
			 size_t *width, GError **err)
{
	for (size_t c = 0; c < ncols; c++) {
		char *h = header_text(&cols[c]);
		lxw_error e = worksheet_write_string(ws, 0, (lxw_col_t)c, h, x->fmt[F_HEADER]);
		width[c] = (size_t)g_utf8_strlen(h, -1) + 3;	/* room for the filter button */
		g_free(h);
		if (e != LXW_NO_ERROR)
			return lxw_fail(x, e, err);
	}
	return 0;
}

void cr_xlsx_set_widths(lxw_worksheet *ws, const size_t *width, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)MIN(MAX(width[c], 6), 60) + 1, NULL);
}

/* ---- table sheets ------------------------------------------------------ */

/* "123", "-4", "1.25": a number written by capreport itself. */
static bool parse_number(const char *s, double *v, int *decimals)
{
	const char *p = s, *dot = NULL;
	char *end;

	if (*p == '-')
		p++;
	if (!g_ascii_isdigit(*p) || strlen(s) > 18)
		return false;
	for (; *p; p++) {
		if (*p == '.' && !dot)
			dot = p;
		else if (!g_ascii_isdigit(*p))
			return false;
	}
	if (dot && !dot[1])
		return false;
	*v = g_ascii_strtod(s, &end);
	*decimals = dot ? (int)MIN(strlen(dot + 1), NDECIMALS - 1) : 0;
	return *end == '\0';
}

/* "2024-03-09T21:58:05.002340Z", as cr_fmt_time_iso writes it. */
static bool parse_iso_utc(const char *s, int64_t *ns)
{
	size_t n = strlen(s);

	return n >= 20 && n <= 30 && s[4] == '-' && s[10] == 'T' && s[n - 1] == 'Z' && cr_parse_time(s, ns, NULL);
}

static lxw_format *decimals_format(struct cr_xlsx *x, int d)
{
	if (d == 0)
		return x->fmt[F_COUNT];
	if (!x->decimals[d]) {
		char *f = g_strdup_printf("#,##0.%.*s", d, "000000000");
		x->decimals[d] = num_format(x->wb, f, false);
		g_free(f);
	}
	return x->decimals[d];
}

static lxw_error write_cell(struct cr_xlsx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
			    const struct cr_column *col, const struct cr_cell *cell, bool typed, size_t *width)
{
	lxw_format *f = column_format(x, col);
	double v;
	int64_t ns;
	int d;

	if (cell->null)
		return LXW_NO_ERROR;
	switch (col->type) {
	case CR_COL_INT:
	case CR_COL_BYTES:
		fit(width, number_width((double)cell->v.i, f == x->fmt[F_COUNT]));
		return worksheet_write_number(ws, r, c, (double)cell->v.i, f);
	case CR_COL_FLOAT:
	case CR_COL_RATE:
	case CR_COL_SECONDS:
		if (!isfinite(cell->v.f))
			return LXW_NO_ERROR;
		fit(width, number_width(cell->v.f, true) + (col->type == CR_COL_RATE ? 0 : 7));
		return worksheet_write_number(ws, r, c, cell->v.f, f);
	case CR_COL_TIME:
		fit(width, 23);
		return worksheet_write_number(ws, r, c, cr_xlsx_excel_time(cell->v.i), f);
	default:
		break;
	}
	if (typed && parse_iso_utc(cell->v.s, &ns)) {
		fit(width, 27);
		return worksheet_write_number(ws, r, c, cr_xlsx_excel_time(ns), x->fmt[F_TIME_UTC]);
	}
	if (typed && parse_number(cell->v.s, &v, &d)) {
		fit(width, number_width(v, true) + (size_t)(d ? d + 1 : 0));
		return worksheet_write_number(ws, r, c, v, decimals_format(x, d));
	}
	return write_text(ws, r, c, cell->v.s, width);
}

static int add_chart(struct cr_xlsx *x, lxw_worksheet *ws, const struct cr_table *t,
		     const struct cr_xlsx_sheet_opts *o, const char *sheet, GError **err)
{
	size_t nr = cr_table_nrows(t), nc = cr_table_ncols(t);
	int cx = o->chart_x ? cr_table_col(t, o->chart_x) : 0;
	lxw_chart *chart;
	lxw_chart_options co = { .x_offset = 10, .y_offset = 10, .x_scale = 1.5, .y_scale = 1.0 };
	int nseries = 0;

	for (int i = 0; i < 4 && o->chart_y[i]; i++)
		nseries += cr_table_col(t, o->chart_y[i]) >= 0;
	if (nr == 0 || cx < 0 || nseries == 0)
		return 0;
	chart = workbook_add_chart(x->wb, o->chart == CR_XLSX_CHART_BAR ? LXW_CHART_BAR_STACKED : LXW_CHART_COLUMN);
	if (!chart)
		return lxw_fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, err);
	for (int i = 0; i < 4 && o->chart_y[i]; i++) {
		int cy = cr_table_col(t, o->chart_y[i]);
		lxw_chart_series *s;
		if (cy < 0)
			continue;
		s = chart_add_series(chart, NULL, NULL);
		chart_series_set_categories(s, sheet, 1, (lxw_col_t)cx, (lxw_row_t)nr, (lxw_col_t)cx);
		chart_series_set_values(s, sheet, 1, (lxw_col_t)cy, (lxw_row_t)nr, (lxw_col_t)cy);
		chart_series_set_name(s, o->chart_y[i]);
	}
	if (o->chart_title)
		chart_title_set_name(chart, o->chart_title);
	chart_legend_set_position(chart, nseries > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
	if (o->chart == CR_XLSX_CHART_BAR) {
		chart_axis_set_reverse(chart->x_axis);	/* the first row on top */
		co.y_scale = MAX(1.0, (double)nr / 12.0);
	}
	{
		lxw_error e = worksheet_insert_chart_opt(ws, 1, (lxw_col_t)(nc + 1), chart, &co);
		if (e != LXW_NO_ERROR)
			return lxw_fail(x, e, err);
	}
	return 0;
}

static int add_color_scale(lxw_worksheet *ws, const struct cr_table *t, const struct cr_xlsx_sheet_opts *o)
{
	size_t nr = cr_table_nrows(t), nc = cr_table_ncols(t);
	size_t last_r = nr - (o->block_has_totals ? 1 : 0), last_c = nc - 1 - (o->block_has_totals ? 1 : 0);
	lxw_conditional_format cf = {
		.type = LXW_CONDITIONAL_3_COLOR_SCALE,
		.min_color = 0x63BE7B, .mid_color = 0xFFEB84, .max_color = 0xF8696B,
	};

	if (nr == 0 || nc < 2 || last_r < 1 || last_c < 1)
		return 0;
	return worksheet_conditional_format_range(ws, 1, 1, (lxw_row_t)last_r, (lxw_col_t)last_c, &cf);
}

int cr_xlsx_add_table(struct cr_xlsx *x, const struct cr_table *t, const struct cr_xlsx_sheet_opts *o, GError **err)
{
	static const struct cr_xlsx_sheet_opts none = { 0 };
	size_t nr = cr_table_nrows(t), nc = cr_table_ncols(t);
	const struct cr_column *cols = (const struct cr_column *)(void *)t->columns->data;
	lxw_worksheet *ws;
	size_t *width;
	lxw_error e = LXW_NO_ERROR;
	char *sheet;
	int rc = -1;

	if (!o)
		o = cr_xlsx_defaults(t->name);
	if (!o)
		o = &none;
	if (nr + 2 > CR_XLSX_MAX_ROWS || nc > 16384) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': the table '%s' is larger than a sheet",
			    x->out.path, t->name);
		return -1;
	}
	if (!(ws = cr_xlsx_new_sheet(x, o->sheet ? o->sheet : t->title, err)))
		return -1;
	sheet = g_strdup(cr_xlsx_last_sheet(x));
	width = g_new0(size_t, nc ? nc : 1);
	if (cr_xlsx_write_header(x, ws, cols, nc, width, err) != 0)
		goto out;
	/* Ranges before the rows: in constant-memory mode rows already written are out of reach. */
	if (nc > 0)
		e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)nr, (lxw_col_t)(nc - 1));
	if (e == LXW_NO_ERROR && o->color_scale)
		e = add_color_scale(ws, t, o);
	for (size_t r = 0; r < nr && e == LXW_NO_ERROR; r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		for (size_t c = 0; c < nc && e == LXW_NO_ERROR; c++)
			e = write_cell(x, ws, (lxw_row_t)(r + 1), (lxw_col_t)c, &cols[c], &row[c],
				       o->typed_values && c == 1, &width[c]);
	}
	if (e == LXW_NO_ERROR && o->totals_row && nr > 0) {
		lxw_row_t tr = (lxw_row_t)(nr + 2);	/* a blank row apart: outside the filter's range */
		for (size_t c = 0; c < nc && e == LXW_NO_ERROR; c++) {
			double sum = 0;
			if (!is_count(&cols[c])) {
				if (c == 0)
					e = worksheet_write_string(ws, tr, 0, "total", x->fmt[F_BOLD]);
				continue;
			}
			for (size_t r = 0; r < nr; r++)
				if (!cr_table_row(t, r)[c].null)
					sum += (double)cr_table_row(t, r)[c].v.i;
			fit(&width[c], number_width(sum, true));
			e = worksheet_write_number(ws, tr, (lxw_col_t)c, sum, x->fmt[F_COUNT_BOLD]);
		}
	}
	if (e != LXW_NO_ERROR) {
		lxw_fail(x, e, err);
		goto out;
	}
	worksheet_freeze_panes(ws, 1, o->color_scale ? 1 : 0);
	cr_xlsx_set_widths(ws, width, nc);
	if (o->chart != CR_XLSX_CHART_NONE && add_chart(x, ws, t, o, sheet, err) != 0)
		goto out;
	rc = 0;
out:
	g_free(width);
	g_free(sheet);
	return rc;
}

/* ---- the -f xlsx writer ------------------------------------------------ */

int cr_xlsx_write_tables(const char *path, struct cr_table *const *t, size_t n, GError **err)
{
	struct cr_xlsx *x = cr_xlsx_new(path, err);
	size_t rows = 0;

	if (!x)
		return -1;
	for (size_t i = 0; i < n; i++)
		rows += cr_table_nrows(t[i]);
	cr_xlsx_set_constant_memory(x, rows > CR_XLSX_BIG_ROWS);
	for (size_t i = 0; i < n; i++) {
		if (cr_interrupted) {
			g_set_error(err, CR_ERROR, CR_EXIT_INTERRUPTED, "interrupted: '%s' not written", path);
			cr_xlsx_abort(x);
			return -1;
		}
		if (cr_xlsx_add_table(x, t[i], NULL, err) != 0) {
			cr_xlsx_abort(x);
			return -1;
		}
	}
	return cr_xlsx_commit(x, err);
}
