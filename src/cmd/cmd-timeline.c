/* cmd-timeline.c - `capreport timeline`: packets per time bin, the gaps, and a chart per day. */
#include "analyze.h"
#include "cmd.h"
#include "config.h"
#include "filter.h"
#include "plot.h"
#include "run.h"
#include "timelineplot.h"
#include "util.h"
#include "write.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DAY_PLOTS 366

static const struct cr_option options[] = {
	{ "bin", 'b', "SIZE", "bin size: 1s, 10s, 1m, 5m, 15m, 1h, 1d, ... (default: from the span, 100 to 2000 bins)" },
	{ "metric", 0, "packets|bytes", "what the busiest bin and the plots count (default: packets)" },
	{ "gap", 0, "DURATION", "report runs of empty bins at least this long (default: 5 bins)" },
	{ "gaps-only", 0, NULL, "print only the gaps and the summary" },
	{ "bins-only", 0, NULL, "print only the bins (bin_start,packets,bytes)" },
	{ "plot", 0, "DIR", "write bar charts (a day each and an overview) to DIR: SVG, PNG, .gp, .dat" },
	{ "templates", 0, "DIR", "look for plot templates in DIR first" },
	{ "plot-timeout", 0, "SECONDS", "stop a gnuplot that runs longer than this (default: 60)" },
	CR_TABLE_OPTION("timeline (the bins), gaps or summary"),
	{ NULL, 0, NULL, NULL },
};

#define usage(...) cr_usage_error(&cmd_timeline_entry, __VA_ARGS__)

/* The name of the inputs for plot titles: "dump.txt", "a.txt and 2 more". */
static char *inputs_name(const struct cr_args *args)
{
	char *base = g_path_get_basename(g_ptr_array_index(args->inputs, 0)), *s;

	if (args->inputs->len == 1)
		return base;
	s = g_strdup_printf("%s and %u more", base, args->inputs->len - 1);
	g_free(base);
	return s;
}

static int make_plots(struct cr_ctx *ctx, struct cr_args *args, const struct cr_timeline *t, const GArray *gaps,
		      int64_t gap_ns, bool by_bytes, double timeout)
{
	const char *dir = cr_args_get(args, "plot");
	struct cr_plot_opts o = { .templates = cr_args_get(args, "templates"), .timeout_s = timeout,
				  .verbose = ctx->verbose > 0, .progress = ctx->progress };
	struct cr_plot_result res;
	char *name = inputs_name(args);
	guint left_out = 0;
	GPtrArray *plots = cr_timeline_plots(t, gaps, gap_ns, name, by_bytes, MAX_DAY_PLOTS, &left_out);
	GError *err = NULL;
	int status;

	g_free(name);
	if (plots->len == 0) {
		cr_notice(ctx, "no packets: no plots written to '%s'", dir);
		g_ptr_array_unref(plots);
		return CR_EXIT_OK;
	}
	if (left_out)
		cr_warn(ctx, "the span covers more than %d days: %u day charts were left out; "
			"narrow it with --from and --to", MAX_DAY_PLOTS, left_out);
	status = cr_plots_draw(plots, dir, &o, &res, &err);
	if (err) {
		cr_error_print(err);
		g_error_free(err);
		cr_plot_result_clear(&res);
		g_ptr_array_unref(plots);
		return status;
	}
	for (guint i = 0; i < res.failures->len; i++)
		cr_warn(ctx, "%s", (const char *)g_ptr_array_index(res.failures, i));
	if (res.no_gnuplot)
		cr_warn(ctx, "gnuplot is not installed: %u plots were not rendered; their .gp and .dat files are in '%s'; "
			CR_GNUPLOT_HINT " and run 'gnuplot NAME.gp' there, or run this again", res.written, dir);
	cr_notice(ctx, "%u of %u plots rendered in '%s' (SVG and PNG, with their .gp and .dat files)", res.rendered,
		  res.written, dir);
	cr_plot_result_clear(&res);
	g_ptr_array_unref(plots);
	return status;
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	const char *bin_s = cr_args_get(args, "bin"), *metric = cr_args_get(args, "metric");
	const char *gap_s = cr_args_get(args, "gap"), *timeout_s = cr_args_get(args, "plot-timeout");
	const struct cr_filter *f = &ctx->filter;
	int64_t bin = 0, gap = 0, from = 0, to = 0, first = 0;
	bool by_bytes = false, have_first = false;
	double timeout = 60;
	struct cr_timeline *t;
	struct cr_consumer c = { .packet = cr_timeline_packet };
	struct cr_table *tabs[3];
	size_t ntabs = 0;
	GArray *gaps;
	GError *err = NULL;

	/* The configuration's defaults: its bin size; its --top is for lists, not bins. */
	if (!bin_s)
		bin_s = cr_config_value(ctx->config, CR_SET_BIN);
	if (ctx->top && cr_config_origin(ctx->config, CR_SET_TOP) == CR_ORIGIN_FILE)
		ctx->top = 0;
	if (bin_s && !cr_bin_parse(bin_s, &bin))
		return usage("--bin takes a size that divides a day or a number of days (1s, 10s, 1m, 5m, 15m, 1h, 1d), "
			     "not '%s'", bin_s);
	if (metric && strcmp(metric, "packets") != 0 && strcmp(metric, "bytes") != 0)
		return usage("--metric takes packets or bytes, not '%s'", metric);
	by_bytes = metric && strcmp(metric, "bytes") == 0;
	if (gap_s && (!cr_parse_duration(gap_s, &gap) || gap <= 0))
		return usage("--gap takes a duration (30s, 5m, 1h), not '%s'", gap_s);
	if (timeout_s && !cr_parse_seconds(timeout_s, G_MAXDOUBLE, &timeout))
		return usage("--plot-timeout takes a number of seconds, not '%s'", timeout_s);
	if (ctx->top)
		return usage("%s", "--top does not apply: every bin is listed (narrow with --from and --to)");
	if (cr_args_has(args, "gaps-only") && cr_args_has(args, "bins-only"))
		return usage("%s", "--gaps-only and --bins-only exclude each other");
	if (cr_args_has(args, "templates") && !g_file_test(cr_args_get(args, "templates"), G_FILE_TEST_IS_DIR))
		return usage("--templates takes a folder: '%s' is not one", cr_args_get(args, "templates"));
	if (bin && f->has_from && f->has_to && f->to_ns > f->from_ns && (f->to_ns - f->from_ns) / bin > CR_TIMELINE_MAX_BINS) {
		char *want = cr_bin_format(cr_bin_suggest(f->to_ns - f->from_ns));
		fprintf(stderr, "capreport timeline: --from to --to needs more than %d bins of %s: use --bin %s\n",
			CR_TIMELINE_MAX_BINS, bin_s, want);
		g_free(want);
		return CR_EXIT_USAGE;
	}

	t = cr_timeline_new(bin);
	c.user = t;
	for (guint i = 0; i < args->inputs->len; i++) {
		struct cr_run_info info;
		cr_run_one(ctx, g_ptr_array_index(args->inputs, i), cr_profile_find("ip"), &c, &info);
		if (info.timed && (!have_first || info.first_row_ns < first)) {
			first = info.first_row_ns;
			have_first = true;
		}
		cr_run_info_clear(&info);
	}
	if (cr_interrupted) {
		cr_timeline_free(t);
		return CR_EXIT_INTERRUPTED;
	}

	/* The range: --from/--to where given (relative ones from the first packet), else the packets'. */
	if (f->has_from)
		from = f->from_ns;
	else if (f->from_rel && have_first)
		from = first + f->from_rel_ns;
	if (f->has_to)
		to = f->to_ns;
	else if (f->to_rel && have_first)
		to = first + f->to_rel_ns;
	if (cr_timeline_finish(t, f->has_from || (f->from_rel && have_first) ? &from : NULL,
			       f->has_to || (f->to_rel && have_first) ? &to : NULL, &err) != 0) {
		fprintf(stderr, "capreport timeline: %s\n", err->message);
		g_error_free(err);
		cr_timeline_free(t);
		return CR_EXIT_USAGE;
	}
	if (cr_timeline_nbins(t) == 0)
		cr_notice(ctx, "no packets%s: the timeline is empty", cr_filter_active(f) ? " passed the filters" : "");

	gaps = cr_timeline_gaps(t, gap);
	if (!cr_args_has(args, "gaps-only"))
		tabs[ntabs++] = cr_timeline_table(t);
	if (!cr_args_has(args, "bins-only")) {
		tabs[ntabs++] = cr_timeline_gaps_table(gaps);
		tabs[ntabs++] = cr_timeline_summary(t, gaps, gap, by_bytes);
	}
	cr_ctx_status(ctx, cr_emit_set(ctx, "timeline", tabs, ntabs, cr_args_get(args, "table")));
	if (cr_args_has(args, "plot") && !cr_interrupted)
		cr_ctx_status(ctx, make_plots(ctx, args, t, gaps, gap, by_bytes, timeout));
	for (size_t i = 0; i < ntabs; i++)
		cr_table_free(tabs[i]);
	g_array_unref(gaps);
	cr_timeline_free(t);
	return ctx->worst_exit;
}

const struct cr_cmd_entry cmd_timeline_entry = {
	.name = "timeline",
	.args = "INPUT...",
	.summary = "packets and bytes per time bin, the gaps in the traffic, a chart per day",
	.description =
		"Counts packets and bytes per bin from the first packet to the last (or --from\n"
		"to --to); every bin is listed, empty ones as 0. Runs of empty bins at least\n"
		"--gap long are gaps, one gap even across midnight. The summary gives the span,\n"
		"the active bins, the longest gap and the busiest bin. Bins are aligned to UTC\n"
		"(a 1d bin starts at midnight UTC). Reads captures, CSV and tcpdump text alike.\n"
		"--plot DIR draws one bar chart per UTC day and one overview with gnuplot.",
	.examples =
		"  capreport timeline --bin 1m --gaps-only samples/midnight-gap.txt   # the holes, per minute\n"
		"  capreport timeline --bin 1m --plot charts -f csv -o bins.csv --bins-only samples/midnight-gap.pcap\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
