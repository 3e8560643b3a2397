/* report.c - the report: one pass per capture into every analyzer, then the sections, plots, workbook and pages. */
#include "input.h"
#include "outfile.h"
#include "plot.h"
#include "report-int.h"
#include "tableplot.h"
#include "tcp.h"
#include "workbook.h"
#include "write.h"
#include "xlsx.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

static size_t nsections(void)
{
	size_t n = 0;
	while (cr_report_sections[n].name)
		n++;
	return n;
}

static void table_free(gpointer p)
{
	struct cr_report_table *t = p;
	cr_table_free(t->t);
	g_free(t->csv);
	g_free(t->page);
	g_free(t->anchor);
	g_free(t->intro);
	if (t->hrefs)
		g_ptr_array_free(t->hrefs, TRUE);
	g_free(t);
}

static void card_free(gpointer p)
{
	struct cr_report_card *c = p;
	g_free(c->stem);
	g_free(c->title);
	g_free(c->how);
	g_free(c->note);
	g_free(c->page);
	g_free(c->image);
	g_free(c->dir);
	g_free(c->problem);
	if (c->files)
		g_ptr_array_free(c->files, TRUE);
	if (c->plot)
		cr_plot_free(c->plot);
	g_free(c);
}

static void file_free(gpointer p)
{
	struct cr_report_file *f = p;
	g_free(f->path);
	g_free(f->label);
	g_free(f->page);
	g_free(f);
}

static void page_free(gpointer p)
{
	struct cr_report_page *pg = p;
	g_free(pg->file);
	g_ptr_array_free(pg->blocks, TRUE);
	g_free(pg);
}

static void capture_free(gpointer p)
{
	struct cr_report_capture *c = p;
	size_t n = nsections();

	for (size_t i = 0; c->state && i < n; i++)
		if (c->state[i] && cr_report_sections[i].state_free)
			cr_report_sections[i].state_free(c->state[i]);
	g_free(c->state);
	if (c->mptcp)
		cr_mptcp_free(c->mptcp);
	cr_info_free(c->info);
	cr_conv_free(c->conv_ip);
	cr_conv_free(c->conv_tcp);
	cr_conv_free(c->conv_udp);
	cr_endpoints_free(c->endpoints);
	cr_matrix_free(c->matrix);
	cr_rank_free(c->edges);
	cr_rank_free(c->talkers);
	cr_sizes_free(c->sizes);
	cr_sample_free(c->sample);
	cr_rate_free(c->rate);
	if (c->info_tables)
		g_ptr_array_free(c->info_tables, TRUE);
	cr_table_free(c->conversations);
	cr_table_free(c->endpoints_t);
	g_ptr_array_free(c->pages, TRUE);
	g_ptr_array_free(c->cards, TRUE);
	g_ptr_array_free(c->tables, TRUE);
	g_ptr_array_free(c->files, TRUE);
	cr_run_info_clear(&c->run);
	g_free(c->path);
	g_free(c->name);
	g_free(c->slug);
	g_free(c->error);
	g_free(c->workbook);
	g_free(c->page);
	g_free(c);
}

struct cr_report *cr_report_new(struct cr_ctx *ctx, const struct cr_report_opts *o)
{
	struct cr_report *r = g_new0(struct cr_report, 1);
	GDateTime *now = g_date_time_new_now_utc();

	r->ctx = ctx;
	r->o = *o;
	r->captures = g_ptr_array_new_with_free_func(capture_free);
	r->slugs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	r->generated = g_date_time_format(now, "%Y-%m-%d %H:%M UTC");
	g_date_time_unref(now);
	return r;
}

void cr_report_free(struct cr_report *r)
{
	if (!r)
		return;
	if (r->tmp)
		cr_remove_tree(r->tmp);
	g_free(r->tmp);
	g_ptr_array_free(r->captures, TRUE);
	g_hash_table_destroy(r->slugs);
	g_free(r->generated);
	g_strfreev(r->heuristics);
	g_free(r);
}

/* A file-name-safe, unique stem from the capture's name: "mixed.pcapng" → "mixed". */
static char *make_slug(struct cr_report *r, const char *name)
{
	static const char *const exts[] = { ".gz", ".pcapng", ".pcap", ".cap", ".csv", NULL };
	GString *s = g_string_new(NULL);
	char *base = g_strdup(name), *slug;

	for (int again = 1; again;) {
		again = 0;
		for (int i = 0; exts[i]; i++)
			if (g_str_has_suffix(base, exts[i]) && strlen(base) > strlen(exts[i])) {
				base[strlen(base) - strlen(exts[i])] = '\0';
				again = 1;
			}
	}
	for (const char *p = base; *p && s->len < 48; p++)
		g_string_append_c(s, g_ascii_isalnum(*p) || *p == '_' || *p == '.' ? *p : '-');
	if (s->len == 0 || s->str[0] == '.' || s->str[0] == '-' || strcmp(s->str, "index") == 0)
		g_string_prepend(s, "capture-");
	slug = g_strdup(s->str);
	for (int n = 2; g_hash_table_contains(r->slugs, slug); n++) {
		g_free(slug);
		slug = g_strdup_printf("%s-%d", s->str, n);
	}
	g_hash_table_add(r->slugs, g_strdup(slug));
	g_string_free(s, TRUE);
	g_free(base);
	return slug;
}

/* ---- the pass ---------------------------------------------------------- */

/* The one consumer of a capture's packets: it hands each to every analyzer. */
static int pass_packet(void *user, const struct cr_pkt *p)
{
	struct cr_report_capture *c = user;

	cr_info_packet(c->info, p);
	cr_conv_packet(c->conv_ip, p);
	cr_conv_packet(c->conv_tcp, p);
	cr_conv_packet(c->conv_udp, p);
	cr_endpoints_packet(c->endpoints, p);
	cr_matrix_packet(c->matrix, p);
	cr_rank_packet(c->edges, p);
	cr_rank_packet(c->talkers, p);
	cr_sizes_packet(c->sizes, p);
	cr_sample_packet(c->sample, p);
	cr_rate_packet(c->rate, p);
	if (c->mptcp)
		cr_mptcp_packet(c->mptcp, p);
	for (size_t i = 0; cr_report_sections[i].name; i++)
		if (c->state[i] && cr_report_sections[i].packet && cr_report_sections[i].packet(c->state[i], p) != 0)
			return -1;
	return 0;
}

/* A pass with column names reads more than the packet: the TCP and MPTCP analyzer gets them. */
static int pass_header(void *user, const struct cr_row *names)
{
	struct cr_report_capture *c = user;

	if (c->mptcp)
		return 0;	/* one header per pass */
	c->mptcp = cr_mptcp_new();
	/* every stream and connection, fewer points each than the commands draw: the busiest are known
	 * only at the end, and a report draws a dozen such plots */
	cr_mptcp_follow(c->mptcp, -1, CR_REPORT_PLOT_POINTS);
	cr_mptcp_follow_tcp(c->mptcp, -1, CR_REPORT_PLOT_POINTS);
	return cr_mptcp_header(c->mptcp, names);
}

/*
 * The profile of a capture's pass: the largest one its sections need
 * (cr_report_needs). A capture in which a native read finds no TCP packet,
 * and no packet it cannot decode, is read with the ip profile (natively
 * when the engine allows): no tshark run for TCP sections that would be
 * empty. The read stops at the first TCP packet, so it costs little.
 */
static const struct cr_profile *pass_profile(struct cr_report *r, const char *path)
{
	const struct cr_profile *ip = cr_profile_find("ip"), *want = ip;

	for (size_t i = 0; cr_report_needs[i].section; i++) {
		const struct cr_profile *p = cr_profile_find(cr_report_needs[i].profile);
		bool enabled = false;
		for (size_t k = 0; cr_report_sections[k].name && !enabled; k++)
			enabled = strcmp(cr_report_sections[k].name, cr_report_needs[i].section) == 0;
		if (enabled && p && cr_profile_covers(p, want))
			want = p;
	}
	if (want == ip || r->ctx->engine == CR_ENGINE_NATIVE)
		return ip;	/* the native engine reads the ip profile only: no TCP sections then */
	if (r->ctx->engine == CR_ENGINE_AUTO && !cr_tcp_maybe_in(r->ctx, path))
		want = ip;
	if (r->ctx->verbose)
		fprintf(stderr, "capreport: '%s': the report reads the %s profile%s\n", path, want->name,
			want == ip ? " (no TCP packet)" : "");
	return want;
}

static void run_capture(struct cr_report *r, struct cr_report_capture *c)
{
	struct cr_consumer cons = { .packet = pass_packet, .user = c };
	const struct cr_profile *profile;
	GError *err = NULL;
	size_t n = nsections();

	c->info = cr_info_new();
	c->conv_ip = cr_conv_new(CR_CONV_IP);
	c->conv_tcp = cr_conv_new(CR_CONV_TCP);
	c->conv_udp = cr_conv_new(CR_CONV_UDP);
	c->endpoints = cr_endpoints_new();
	c->matrix = cr_matrix_new(false, r->o.top, 0);
	c->edges = cr_rank_new(CR_RANK_EDGES, CR_REPORT_GRAPH_TOP, 0);
	c->talkers = cr_rank_new(CR_RANK_TALKERS, CR_REPORT_TALKERS_TOP, 0);
	c->sizes = cr_sizes_new();
	c->sample = cr_sample_new(CR_PLOT_SAMPLE);
	c->rate = cr_rate_new(300, CR_REPORT_THROUGHPUT_TOP, 0);
	c->state = g_new0(void *, n + 1);
	for (size_t i = 0; i < n; i++)
		if (cr_report_sections[i].state_new)
			c->state[i] = cr_report_sections[i].state_new(c);

	profile = pass_profile(r, c->path);
	/* Rows of names cost the native engine time: only when a section reads more than the packet. */
	if (profile != cr_profile_find("ip") || r->ctx->engine == CR_ENGINE_TSHARK)
		cons.header = pass_header;
	c->status = cr_input_run(r->ctx, c->path, profile, &cons, &c->run, &err);
	if (err) {
		cr_error_print(err);
		c->error = g_strdup(err->message);
		g_error_free(err);
	} else if (c->run.stopped) {
		c->error = g_strdup("a section stopped reading the capture");
		c->status = CR_EXIT_ERROR;
	}
	cr_ctx_status(r->ctx, c->status);
	if (c->status != CR_EXIT_OK && c->status != CR_EXIT_DAMAGED)
		return;
	if (c->mptcp)
		cr_mptcp_finish(c->mptcp);
	cr_matrix_pass_done(c->matrix);	/* no bound on keys: one pass is all */
	cr_rank_pass_done(c->edges);
	cr_rank_pass_done(c->talkers);
	cr_rate_pass_done(c->rate);
	c->info_tables = cr_report_info_tables(c);
	c->conversations = cr_conv_table(c->conv_ip, c->run.first_row_ns, "bytes");
	c->endpoints_t = cr_endpoints_table(c->endpoints, "bytes");
	c->hosts = cr_table_nrows(c->endpoints_t);
}

/* ---- after the pass ------------------------------------------------------ */

static int add_sections(struct cr_report *r, struct cr_report_capture *c, GError **err)
{
	for (size_t i = 0; cr_report_sections[i].name; i++) {
		const struct cr_report_section *s = &cr_report_sections[i];
		if (s->applies && !s->applies(c, c->state[i]))
			continue;
		if (s->add(r, c, s, c->state[i], err) != 0)
			return -1;
	}
	return 0;
}

/* The capture's tables as one workbook, DIR/<slug>.xlsx: the tables of its pages, not their details. */
static int write_workbook(struct cr_report *r, struct cr_report_capture *c, GError **err)
{
	char *rel = g_strdup_printf("%s.xlsx", c->slug), *path = cr_report_path(r, rel);
	struct cr_xlsx *x = cr_xlsx_new(path, err);
	GPtrArray *tables = g_ptr_array_new();

	g_free(path);
	for (guint i = 0; x && i < c->tables->len; i++) {
		const struct cr_report_table *t = g_ptr_array_index(c->tables, i);
		if (!t->detail)
			g_ptr_array_add(tables, t->t);
	}
	if (!x || cr_workbook_add_tables(x, (struct cr_table *const *)tables->pdata, tables->len, false, err) != 0) {
		if (x)
			cr_xlsx_abort(x);
		x = NULL;
	}
	g_ptr_array_free(tables, TRUE);
	if (!x || cr_xlsx_commit(x, err) != 0) {
		g_free(rel);
		return -1;
	}
	c->workbook = rel;
	return 0;
}

/* Stopped by SIGINT/SIGTERM: say so; cr_report_free removes the temporary folder. */
static int interrupted(struct cr_report *r)
{
	fprintf(stderr, "capreport report: interrupted: nothing written to '%s'\n", r->o.out);
	r->ctx->worst_exit = CR_EXIT_INTERRUPTED;
	return CR_EXIT_INTERRUPTED;
}

int cr_report_run(struct cr_report *r, GPtrArray *paths)
{
	GError *err = NULL;
	guint good = 0;
	int status;

	r->tmp = cr_report_dir_begin(r->o.out, &err);
	if (!r->tmp)
		goto fail;
	for (guint i = 0; i < paths->len && !cr_interrupted; i++) {
		struct cr_report_capture *c = g_new0(struct cr_report_capture, 1);
		c->path = g_strdup(g_ptr_array_index(paths, i));
		c->name = g_path_get_basename(c->path);
		c->slug = make_slug(r, strcmp(c->path, "-") == 0 ? "stdin" : c->name);	/* '-': standard input */
		c->pages = g_ptr_array_new_with_free_func(page_free);
		c->cards = g_ptr_array_new_with_free_func(card_free);
		c->tables = g_ptr_array_new_with_free_func(table_free);
		c->files = g_ptr_array_new_with_free_func(file_free);
		g_ptr_array_add(r->captures, c);
		run_capture(r, c);
		if (c->status != CR_EXIT_OK && c->status != CR_EXIT_DAMAGED)
			continue;
		good++;
		if (add_sections(r, c, &err) != 0)
			goto fail;
	}
	if (cr_interrupted)
		return interrupted(r);
	if (good == 0) {
		fprintf(stderr, "capreport report: no capture could be read; no report written\n");
		return r->ctx->worst_exit ? r->ctx->worst_exit : CR_EXIT_INPUT;
	}
	if (cr_report_draw_plots(r, &err) != 0)
		goto fail;
	if (cr_interrupted)
		return interrupted(r);
	for (guint i = 0; r->o.workbook && i < r->captures->len; i++) {
		struct cr_report_capture *c = g_ptr_array_index(r->captures, i);
		if (c->tables->len && write_workbook(r, c, &err) != 0)
			goto fail;
	}
	if (cr_report_write_pages(r, &err) != 0)
		goto fail;
	if (cr_interrupted)
		return interrupted(r);
	if (cr_report_dir_commit(r->tmp, r->o.out, &err) != 0)
		goto fail;
	g_clear_pointer(&r->tmp, g_free);
	if (r->plots_missing)
		cr_ctx_status(r->ctx, CR_EXIT_PLOTS);
	return r->ctx->worst_exit;
fail:
	cr_error_print(err);
	status = err->code ? err->code : CR_EXIT_ERROR;
	g_error_free(err);
	cr_ctx_status(r->ctx, status);
	return r->ctx->worst_exit;
}
