/* plot-cmd.c - what the plot commands share: one pass over the inputs, a table printed, --plot drawn. */
#include "plotcmd.h"
#include "run.h"
#include "tableplot.h"
#include "write.h"

#include <string.h>

static int pass_packet(void *user, const struct cr_pkt *p)
{
	struct cr_plot_pass *pp = user;

	if (pp->info)
		cr_info_packet(pp->info, p);
	if (pp->sizes)
		cr_sizes_packet(pp->sizes, p);
	if (pp->sample)
		cr_sample_packet(pp->sample, p);
	return 0;
}

static bool cr_plot_cmd_check(const char *cmd, const char *plot)
{
	char *base;
	bool ok;

	if (!plot)
		return true;
	base = g_path_get_basename(plot);
	ok = (g_str_has_suffix(base, ".svg") || g_str_has_suffix(base, ".png")) && strlen(base) > 4;
	g_free(base);
	if (!ok)
		fprintf(stderr, "capreport %s: --plot takes a file name ending in .svg or .png, not '%s'\n", cmd, plot);
	return ok;
}

static char *cr_plot_cmd_stem(const char *file)
{
	char *base = g_path_get_basename(file);

	base[strlen(base) - 4] = '\0';
	return base;
}

static int cr_plot_cmd_draw(struct cr_ctx *ctx, struct cr_plot *p, const char *file, const char *templates)
{
	struct cr_plot_opts po = { .templates = templates, .verbose = ctx->verbose > 0 };
	char *dir = g_path_get_dirname(file);
	struct cr_plot_result res;
	GError *err = NULL;
	int status = cr_plot_draw(p, dir, &po, &res, &err);

	if (err) {
		cr_error_print(err);
		g_error_free(err);
	} else if (res.no_gnuplot) {
		fprintf(stderr, "capreport: '%s' is not drawn: gnuplot is not installed (%s); its .gp and .dat "
				"files are in '%s'\n", file, CR_GNUPLOT_HINT, dir);
	} else if (status != CR_EXIT_OK) {
		for (guint i = 0; i < res.failures->len; i++)
			fprintf(stderr, "capreport: %s\n", (const char *)g_ptr_array_index(res.failures, i));
		fprintf(stderr, "capreport: '%s' is not drawn\n", file);
	} else if (ctx->verbose) {
		fprintf(stderr, "capreport: drew '%s'\n", file);
	}
	cr_plot_result_clear(&res);
	g_free(dir);
	return status;
}

int cr_plot_cmd_run(struct cr_ctx *ctx, struct cr_args *args, const struct cr_plot_cmd *pc)
{
	struct cr_plot_pass pp = { 0 };
	struct cr_consumer c = { .packet = pass_packet, .user = &pp, .no_streams = true };
	const char *plot_file = cr_args_get(args, "plot");
	struct cr_table *t;
	bool have_first = false;

	if (!cr_plot_cmd_check(pc->name, plot_file) || (pc->check && !pc->check(args)) ||
	    (pc->max_keys && !cr_max_keys(args, pc->name, &pp.max_keys)))
		return CR_EXIT_USAGE;
	if (pc->uses & CR_PASS_INFO)
		pp.info = cr_info_new();
	if (pc->uses & CR_PASS_SIZES)
		pp.sizes = cr_sizes_new();
	if (pc->uses & CR_PASS_SAMPLE)
		pp.sample = cr_sample_new(CR_PLOT_SAMPLE);
	for (guint i = 0; i < args->inputs->len && pc->uses; i++) {
		pp.path = g_ptr_array_index(args->inputs, i);
		cr_run_info_clear(&pp.run);
		cr_run_one(ctx, pp.path, cr_profile_find("ip"), &c, &pp.run);
		if (pp.run.timed && (!have_first || pp.run.first_row_ns < pp.first_ns)) {
			pp.first_ns = pp.run.first_row_ns;
			have_first = true;
		}
	}
	t = ctx->worst_exit == CR_EXIT_INTERRUPTED ? NULL : pc->table(ctx, args, &pp);
	if (t) {
		struct cr_plot *p = NULL;
		char *stem = plot_file ? cr_plot_cmd_stem(plot_file) : NULL;

		if (plot_file)
			p = pc->plot ? pc->plot(ctx, args, stem, t) : pc->draw(stem, t);
		cr_ctx_status(ctx, cr_emit_tables(ctx, &t, 1));
		if (p && cr_plot_empty(p)) {
			fprintf(stderr, "capreport: '%s' is not drawn: the table has nothing to plot\n", plot_file);
		} else if (p) {
			cr_ctx_status(ctx, cr_plot_cmd_draw(ctx, p, plot_file, cr_args_get(args, "templates")));
			cr_plot_free(p);
		}
		g_free(stem);
		cr_table_free(t);
	}
	cr_run_info_clear(&pp.run);
	cr_info_free(pp.info);
	cr_sizes_free(pp.sizes);
	cr_sample_free(pp.sample);
	return ctx->worst_exit;
}

int cr_plot_cmd_window(const struct cr_cmd_entry *e, const struct cr_args *args, double *window)
{
	const char *s = cr_args_get(args, "window");

	if (s && !cr_parse_seconds(s, G_MAXDOUBLE, window))
		return cr_usage_error(e, "--window takes a positive number of seconds, not '%s'", s);
	return CR_EXIT_OK;
}

void cr_plot_cmd_told(struct cr_ctx *ctx, int rc, char *made, GError *err, bool all)
{
	if (made)
		printf("%s\n", made);
	if (err) {
		fprintf(stderr, "capreport: %s\n", err->message);
		g_error_free(err);
	}
	if (!(all && rc == CR_EXIT_INPUT))
		cr_ctx_status(ctx, rc);
	g_free(made);
}
