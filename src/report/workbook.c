/* workbook.c - the one workbook builder: tables as sheets; the `workbook` command's workbook, Packets sheets too. */
#include "analyze.h"
#include "config.h"
#include "mptcp.h"
#include "tshark.h"
#include "util.h"
#include "workbook.h"
#include "xlsx.h"

#include <string.h>

int cr_workbook_add_tables(struct cr_xlsx *x, struct cr_table *const *t, size_t n, bool skip_empty, GError **err)
{
	GPtrArray *seen = g_ptr_array_new();
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		bool skip = skip_empty && i > 0 && cr_table_nrows(t[i]) == 0;
		for (guint k = 0; k < seen->len && !skip; k++)
			skip = strcmp(g_ptr_array_index(seen, k), t[i]->name) == 0;	/* a second sheet of the same data */
		if (skip)
			continue;
		g_ptr_array_add(seen, t[i]->name);
		rc = cr_xlsx_add_table(x, t[i], NULL, err);
	}
	g_ptr_array_free(seen, TRUE);
	return rc;
}

/* The Packets sheet's columns: the ip profile's fields, typed; sentinel-ended. */
static const struct {
	const char *field, *header;
	enum cr_coltype type;
} packet_columns[] = {
	{ "frame.number", "frame.number", CR_COL_INT },
	{ "frame.time_epoch", "frame.time", CR_COL_TIME },
	{ "frame.len", "frame.len", CR_COL_INT },
	{ "frame.protocols", "frame.protocols", CR_COL_TEXT },
	{ "frame.interface_id", "frame.interface_id", CR_COL_INT },
	{ "ip.src", "ip.src", CR_COL_ADDR },
	{ "ip.dst", "ip.dst", CR_COL_ADDR },
	{ "ipv6.src", "ipv6.src", CR_COL_ADDR },
	{ "ipv6.dst", "ipv6.dst", CR_COL_ADDR },
	{ "ip.proto", "ip.proto", CR_COL_INT },
	{ "ipv6.nxt", "ipv6.nxt", CR_COL_INT },
	{ "tcp.srcport", "tcp.srcport", CR_COL_INT },
	{ "tcp.dstport", "tcp.dstport", CR_COL_INT },
	{ "udp.srcport", "udp.srcport", CR_COL_INT },
	{ "udp.dstport", "udp.dstport", CR_COL_INT },
	{ "tcp.stream", "tcp.stream", CR_COL_INT },
	{ "udp.stream", "udp.stream", CR_COL_INT },
	{ NULL, NULL, 0 },
};
#define NPACKET_COLUMNS (G_N_ELEMENTS(packet_columns) - 1)

/* What one input gave. */
struct input {
	const char *path;
	enum cr_input_kind kind;
	int status;
	char *error;		/* why it was not read, or NULL */
	struct cr_run_info run;
	struct cr_info *info;	/* this capture alone: its Summary rows */
	bool rows_kept;		/* its rows are in the Packets sheets (up to the limit) */
};

/* ---- the pass: every analyzer, and the Packets sheets' rows as they come ---- */

struct pass {
	struct cr_info *info, *all;
	struct cr_conv *conv;
	struct cr_endpoints *ep;
	struct cr_matrix *matrix;	/* every address: the workbook holds the conversations anyway */
	struct cr_rank *talkers;
	struct cr_xlsx_rows *rows;	/* NULL: no Packets sheets */
	const char *capture;	/* first column when several inputs, else NULL */
	uint64_t left;		/* rows the limit still allows */
	bool rowless;		/* a packet came without its fields (tcpdump text) */
	GError *err;		/* writing the rows failed */
	const struct cr_profile *profile;	/* whose rows the pass reads */
	GPtrArray *extra;	/* the profile's fields past packet_columns (not owned) */
	int *idx;		/* packet column, then extra column → row column, -1: absent */
};

static size_t ncolumns(const struct pass *p)
{
	return NPACKET_COLUMNS + p->extra->len;
}

static const char *column_field(const struct pass *p, size_t i)
{
	return i < NPACKET_COLUMNS ? packet_columns[i].field : g_ptr_array_index(p->extra, i - NPACKET_COLUMNS);
}

/* The profile's fields that the fixed Packets columns do not hold, in its order. */
static GPtrArray *extra_fields(const struct cr_profile *prof)
{
	GPtrArray *extra = g_ptr_array_new();

	for (const char *const *f = prof->fields; *f; f++) {
		bool fixed = false;
		for (size_t i = 0; i < NPACKET_COLUMNS && !fixed; i++)
			fixed = strcmp(*f, packet_columns[i].field) == 0;
		if (!fixed)
			g_ptr_array_add(extra, (gpointer)*f);
	}
	return extra;
}

static void map_columns(struct pass *p, const struct cr_row *names)
{
	for (size_t i = 0; i < ncolumns(p); i++) {
		p->idx[i] = -1;
		for (size_t j = 0; j < names->n; j++)
			if (strcmp(names->field[j], column_field(p, i)) == 0)
				p->idx[i] = (int)j;
	}
}

static int pass_header(void *user, const struct cr_row *names)
{
	struct pass *p = user;

	map_columns(p, names);
	return 0;
}

static void packet_row(struct pass *p, const struct cr_pkt *pk)
{
	const char **fields = g_newa(const char *, ncolumns(p) + 1);
	size_t n = 0;

	if (!pk->row) {
		p->rowless = true;
		return;
	}
	if (p->capture)
		fields[n++] = p->capture;
	for (size_t i = 0; i < ncolumns(p); i++)
		fields[n++] = p->idx[i] >= 0 && (size_t)p->idx[i] < pk->row->n ? pk->row->field[p->idx[i]] : "";
	if (cr_xlsx_rows_add(p->rows, fields, &p->err) == 0)
		p->left--;
}

static int pass_packet(void *user, const struct cr_pkt *pk)
{
	struct pass *p = user;

	const struct {
		int (*packet)(void *a, const struct cr_pkt *pk);
		void *a;
	} analyzers[] = {
		{ cr_info_packet, p->info }, { cr_info_packet, p->all }, { cr_conv_packet, p->conv },
		{ cr_endpoints_packet, p->ep }, { cr_matrix_packet, p->matrix }, { cr_rank_packet, p->talkers },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(analyzers); i++)
		analyzers[i].packet(analyzers[i].a, pk);
	if (p->rows && p->left > 0 && !p->err)
		packet_row(p, pk);
	return 0;
}

static void run_input(struct cr_ctx *ctx, struct input *in, struct pass *p)
{
	struct cr_consumer c = { .header = pass_header, .packet = pass_packet, .user = p };
	uint64_t left = p->left;
	GError *err = NULL;

	if (p->rows && !p->err)
		cr_xlsx_rows_mark(p->rows, &p->err);
	p->rowless = false;
	in->info = p->info = cr_info_new();
	in->status = cr_input_run(ctx, in->path, p->profile, &c, &in->run, &err);
	if (err) {
		cr_error_print(err);
		in->error = g_strdup(err->message);
		g_clear_error(&err);
	}
	cr_ctx_status(ctx, in->status);
	/* A damaged capture's rows are left out: no CSV holds them for the reader to compare. */
	in->rows_kept = (in->status == CR_EXIT_OK || in->status == CR_EXIT_DAMAGED) && !in->run.damaged && !p->rowless;
	if (p->rows && !p->err && !in->rows_kept && cr_xlsx_rows_rewind(p->rows, &p->err) == 0)
		p->left = left;
}

/* ---- the tables -------------------------------------------------------- */

static void kv(struct cr_table *t, const char *key, char *value)
{
	struct cr_cell *row = cr_table_add_row(t);

	cr_cell_text(&row[0], key);
	cr_cell_take(&row[1], value ? value : g_strdup(""));
}

static char *describe_filters(const struct cr_filter *f)
{
	GString *s = g_string_new(NULL);
	char buf[64];

	char *t;

	if (f->from_rel) {
		g_string_append_printf(s, " --from %s", f->from_rel);
	} else if (f->has_from) {
		g_string_append_printf(s, " --from %s", t = cr_fmt_time_iso(f->from_ns));
		g_free(t);
	}
	if (f->to_rel) {
		g_string_append_printf(s, " --to %s", f->to_rel);
	} else if (f->has_to) {
		g_string_append_printf(s, " --to %s", t = cr_fmt_time_iso(f->to_ns));
		g_free(t);
	}
	for (guint i = 0; f->hosts && i < f->hosts->len; i++) {
		const struct cr_cidr *c = g_ptr_array_index(f->hosts, i);
		cr_addr_format(&c->net, buf, sizeof(buf));
		g_string_append_printf(s, " --host %s/%d", buf, c->bits);
	}
	if (f->port >= 0)
		g_string_append_printf(s, " --port %d", f->port);
	if (f->proto)
		g_string_append_printf(s, " --proto %s", f->proto);
	else if (f->proto_num >= 0)
		g_string_append_printf(s, " --proto %d", f->proto_num);
	if (s->len == 0)
		g_string_append(s, " none");
	return g_strdup(s->str + 1);
}

struct plan {
	uint64_t rows, available, keep, limit, per_sheet;
	const char *profile;	/* the Packets sheets' profile */
};

static struct cr_table *summary_table(struct cr_ctx *ctx, GPtrArray *inputs, const struct plan *pl)
{
	struct cr_table *s = cr_table_new("summary", "Summary");
	GError *err = NULL;
	GDateTime *now = g_date_time_new_now_utc();
	GString *csvs = g_string_new(NULL);
	bool captures = false;
	char *tv = NULL;

	for (guint i = 0; i < inputs->len; i++) {
		const struct input *in = g_ptr_array_index(inputs, i);
		captures |= in->run.kind != CR_INPUT_CSV && (in->status == CR_EXIT_OK || in->status == CR_EXIT_DAMAGED);
		if (!tv && in->run.tshark_version)
			tv = g_strdup(in->run.tshark_version);	/* the one the cache key names */
	}
	cr_table_add_column(s, "metric", CR_COL_TEXT);
	cr_table_add_column(s, "value", CR_COL_TEXT);
	kv(s, "made by", g_strdup("capreport " CR_VERSION " (capreport workbook)"));
	if (!tv && !captures)
		tv = g_strdup("not run: the inputs are CSV");
	else if (!tv && !(tv = cr_tshark_version(ctx, &err)))
		tv = g_strdup_printf("unavailable: %s", err->message);
	kv(s, "tshark", tv);
	g_clear_error(&err);
	kv(s, "generated", cr_fmt_time_iso(g_date_time_to_unix(now) * 1000000000LL +
					   (int64_t)g_date_time_get_microsecond(now) * 1000));
	g_date_time_unref(now);
	kv(s, "profile", g_strdup(pl->profile));
	kv(s, "display filter", g_strdup(ctx->display_filter && *ctx->display_filter ? ctx->display_filter : "none"));
	kv(s, "row filters", describe_filters(&ctx->filter));
	kv(s, "times", g_strdup("UTC, as Excel date-times; durations in seconds"));
	kv(s, "inputs", g_strdup_printf("%u", inputs->len));

	for (guint i = 0; i < inputs->len; i++) {
		struct input *in = g_ptr_array_index(inputs, i);
		GPtrArray *t;
		if (in->status != CR_EXIT_OK && in->status != CR_EXIT_DAMAGED) {
			kv(s, "file", g_strdup(in->path));
			kv(s, "not read", g_strdup(in->error ? in->error : "failed"));
			continue;
		}
		t = cr_info_tables(in->info, in->path, &in->run);
		for (size_t r = 0; r < cr_table_nrows(t->pdata[0]); r++) {
			const struct cr_cell *row = cr_table_row(t->pdata[0], r);
			kv(s, row[0].v.s, row[1].null ? NULL : g_strdup(row[1].v.s));
		}
		for (size_t r = 0; r < cr_table_nrows(t->pdata[2]); r++) {
			const struct cr_cell *row = cr_table_row(t->pdata[2], r);
			kv(s, "interface name", row[1].null ? g_strdup("(none given)") : g_strdup(row[1].v.s));
		}
		g_ptr_array_free(t, TRUE);
		if (in->run.rows == 0)
			kv(s, "note", g_strdup("the capture holds no packets: there is nothing else to show"));
		else if (in->run.packets == 0)
			kv(s, "note", g_strdup("no packet passed the filters"));
		kv(s, "rows read from", g_strdup(in->run.from_cache ? "the cached CSV" :
						 in->run.kind == CR_INPUT_CSV ? "the CSV input" :
						 in->run.engine && strcmp(in->run.engine, "native") == 0 ?
						 "the capture (native reader)" : "tshark"));
		if (in->run.packets && !in->rows_kept)
			kv(s, "packets sheet", g_strdup(in->run.damaged ?
							"leaves this capture out: it is damaged (capreport export "
							"-o FILE.csv writes its readable rows)" :
							"leaves this capture out: its rows have no fields"));
		if (in->run.cache_path || in->run.kind == CR_INPUT_CSV) {
			const char *csv = in->run.kind == CR_INPUT_CSV ? in->path : in->run.cache_path;
			kv(s, "rows as CSV", g_strdup(csv));
			g_string_append_printf(csvs, "%s%s", csvs->len ? ", " : "", csv);
		}
	}

	kv(s, "packet rows", g_strdup_printf("%" G_GUINT64_FORMAT, pl->rows));
	if (pl->rows) {
		uint64_t sheets = pl->keep ? (pl->keep + pl->per_sheet - 1) / pl->per_sheet : 0;
		kv(s, "packet rows in this workbook", g_strdup_printf("%" G_GUINT64_FORMAT, pl->keep));
		if (sheets)
			kv(s, "packet sheets", sheets == 1 ? g_strdup("Packets") :
			   g_strdup_printf("Packets to Packets %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " rows each",
					   sheets, pl->per_sheet));
		if (pl->keep < pl->rows) {
			kv(s, "packet rows left out", g_strdup_printf("%" G_GUINT64_FORMAT, pl->rows - pl->keep));
			if (pl->keep < pl->available)
				kv(s, "why", g_strdup_printf("more than the limit of %" G_GUINT64_FORMAT " rows (--packets)",
							     pl->limit));
			kv(s, "every row is in", csvs->len ? g_strdup(csvs->str) :
			   g_strdup("no CSV was kept: run capreport export -o FILE.csv"));
		}
	}
	g_string_free(csvs, TRUE);
	return s;
}

/* The TCP streams, MPTCP connections and MPTCP subflows sheets of `path` (empty ones too), from one
 * MPTCP analysis; nothing for a capture without TCP or under --engine native. */
static void tcp_tables(struct cr_ctx *ctx, const char *path, GPtrArray *tables)
{
	struct cr_mptcp *m;
	struct cr_consumer c = { .header = cr_mptcp_header, .packet = cr_mptcp_packet };
	struct cr_run_info info;
	GError *err = NULL;
	int status;

	if (ctx->engine == CR_ENGINE_NATIVE || !cr_tcp_maybe_in(ctx, path))
		return;	/* the native engine reads no TCP fields; no TCP: no sheets, no tshark run */
	m = cr_mptcp_new();
	c.user = m;
	status = cr_input_run(ctx, path, cr_profile_find("mptcp"), &c, &info, &err);
	if (err) {
		cr_error_print(err);
		g_error_free(err);
	}
	cr_ctx_status(ctx, status);
	cr_mptcp_finish(m);
	if (status != CR_EXIT_OK && status != CR_EXIT_DAMAGED) {
		/* said why above */
	} else if (*cr_mptcp_missing(m)) {
		cr_notice(ctx, "'%s' lacks the columns %s: no TCP and MPTCP sheets", path, cr_mptcp_missing(m));
	} else {
		g_ptr_array_add(tables, cr_tcp_list_table(cr_mptcp_tcp(m), info.first_row_ns, NULL));
		g_ptr_array_add(tables, cr_mptcp_list_table(m, info.first_row_ns));
		g_ptr_array_add(tables, cr_mptcp_subflows_table(m, -1));
	}
	cr_run_info_clear(&info);
	cr_mptcp_free(m);
}

static void input_free(gpointer p)
{
	struct input *in = p;

	g_free(in->error);
	cr_info_free(in->info);
	cr_run_info_clear(&in->run);
	g_free(in);
}

int cr_workbook_run(struct cr_ctx *ctx, GPtrArray *paths, const struct cr_workbook_opts *o)
{
	struct pass p = { .profile = o->profile };
	GPtrArray *inputs = g_ptr_array_new_with_free_func(input_free);
	GPtrArray *tables = g_ptr_array_new_with_free_func((GDestroyNotify)cr_table_free);
	struct plan pl = { 0 };
	struct cr_xlsx *x;
	GError *err = NULL;
	int64_t first = 0;
	bool have_first = false, any = false;
	size_t rows = 0;

	if (!(x = cr_xlsx_new(ctx->output, &err))) {	/* before any work */
		cr_error_print(err);
		g_error_free(err);
		return CR_EXIT_OUTPUT;
	}

	p.extra = extra_fields(p.profile);
	p.idx = g_new(int, ncolumns(&p));
	pl.profile = p.profile->name;
	p.all = cr_info_new();
	p.conv = cr_conv_new(CR_CONV_IP);
	p.ep = cr_endpoints_new();
	p.matrix = cr_matrix_new(false, o->matrix_top, 0);
	p.talkers = cr_rank_new(CR_RANK_TALKERS, o->talkers, 0);
	p.left = o->packets;
	if (o->packets > 0) {	/* the Packets sheets' columns: the capture first when there are several */
		struct cr_column *cols = g_newa(struct cr_column, ncolumns(&p) + 1);
		size_t n = 0;
		if (paths->len > 1)
			cols[n++] = (struct cr_column){ (char *)"capture", CR_COL_TEXT };
		for (size_t i = 0; i < NPACKET_COLUMNS; i++)
			cols[n++] = (struct cr_column){ (char *)packet_columns[i].header, packet_columns[i].type };
		for (guint i = 0; i < p.extra->len; i++)
			cols[n++] = (struct cr_column){ g_ptr_array_index(p.extra, i), CR_COL_TEXT };
		p.rows = cr_xlsx_rows_new(x, "Packets", cols, n, o->sheet_rows);
	}
	for (guint i = 0; i < paths->len && !cr_interrupted; i++) {
		struct input *in = g_new0(struct input, 1);
		in->path = g_ptr_array_index(paths, i);
		g_ptr_array_add(inputs, in);
		p.capture = paths->len > 1 ? in->path : NULL;
		run_input(ctx, in, &p);
		if (in->status != CR_EXIT_OK && in->status != CR_EXIT_DAMAGED)
			continue;
		any = true;
		if (in->run.timed && (!have_first || in->run.first_row_ns < first)) {
			first = in->run.first_row_ns;
			have_first = true;
		}
		pl.rows += in->run.packets;
		if (in->rows_kept)
			pl.available += in->run.packets;
	}
	if (!any || cr_interrupted) {
		cr_xlsx_rows_free(p.rows);
		cr_xlsx_abort(x);
		goto out;
	}
	pl.limit = o->packets;
	pl.per_sheet = o->sheet_rows;
	pl.keep = p.rows ? cr_xlsx_rows_count(p.rows) : 0;	/* MIN(available, limit) */

	{
		struct cr_table *conv = cr_conv_table(p.conv, first, "packets");
		/* Only its protocols table is used: every input together. */
		GPtrArray *info = cr_info_tables(p.all, "", &((struct input *)inputs->pdata[0])->run);
		cr_matrix_pass_done(p.matrix);	/* no bound on keys: one pass is all */
		cr_rank_pass_done(p.talkers);
		g_ptr_array_add(tables, summary_table(ctx, inputs, &pl));
		g_ptr_array_add(tables, conv);
		g_ptr_array_add(tables, cr_endpoints_table(p.ep, NULL));
		g_ptr_array_add(tables, cr_matrix_table(p.matrix, true));
		g_ptr_array_add(tables, cr_rank_talkers(p.talkers));
		g_ptr_array_add(tables, g_ptr_array_steal_index(info, 1));	/* protocols */
		if (inputs->len == 1)	/* stream numbers are per capture: sheets of one capture only */
			tcp_tables(ctx, ((struct input *)inputs->pdata[0])->path, tables);
		g_ptr_array_free(info, TRUE);
	}
	for (guint i = 0; i < tables->len; i++)
		rows += cr_table_nrows(tables->pdata[i]);
	cr_xlsx_set_constant_memory(x, rows + pl.keep > CR_XLSX_BIG_ROWS);
	if (pl.keep > CR_XLSX_BIG_ROWS)
		cr_notice(ctx, "writing %" G_GUINT64_FORMAT " packet rows to '%s'", pl.keep, ctx->output);

	/* Sheets in the workbook's order, each only when it has rows. */
	cr_workbook_add_tables(x, (struct cr_table *const *)tables->pdata, tables->len, true, &err);
	if (p.err && !err)
		g_propagate_prefixed_error(&err, g_steal_pointer(&p.err), "cannot fill the Packets sheet: ");
	if (p.rows && !err)
		cr_xlsx_rows_finish(g_steal_pointer(&p.rows), NULL, &err);
	cr_xlsx_rows_free(p.rows);
	if (cr_interrupted) {	/* whatever stopped first, this is why */
		g_clear_error(&err);
		g_set_error(&err, CR_ERROR, CR_EXIT_INTERRUPTED, "interrupted: '%s' not written", ctx->output);
	}
	if (err) {
		cr_xlsx_abort(x);
	} else if (cr_xlsx_commit(x, &err) == 0 && !ctx->quiet) {
		fprintf(stderr, "capreport: wrote '%s'\n", ctx->output);
	}
	if (err) {
		cr_error_print(err);
		cr_ctx_status(ctx, err->code == CR_EXIT_INTERRUPTED ? CR_EXIT_INTERRUPTED : CR_EXIT_OUTPUT);
		g_error_free(err);
	}
out:
	cr_matrix_free(p.matrix);
	cr_rank_free(p.talkers);
	g_ptr_array_free(p.extra, TRUE);
	g_free(p.idx);
	cr_info_free(p.all);
	cr_conv_free(p.conv);
	cr_endpoints_free(p.ep);
	g_clear_error(&p.err);
	g_ptr_array_free(tables, TRUE);
	g_ptr_array_free(inputs, TRUE);
	return ctx->worst_exit;
}

