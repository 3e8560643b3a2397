/* cmd-heatmap.c - `capreport heatmap`: source × destination bytes or packets, top hosts plus "other". */
#include "cmd.h"
#include "plotcmd.h"
#include "tableplot.h"
#include "run.h"
#include "topn.h"

#include <stdio.h>
#include <string.h>

static const struct cr_option options[] = {
	{ "metric", 0, "bytes|packets", "what a cell counts (default bytes: frame lengths)" },
	CR_MAX_KEYS_OPTION,
	CR_PLOT_CMD_OPTIONS,
	{ NULL, 0, NULL, NULL },
};

static bool check(struct cr_args *args)
{
	const char *m = cr_args_get(args, "metric");

	if (m && strcmp(m, "bytes") && strcmp(m, "packets")) {
		fprintf(stderr, "capreport heatmap: --metric takes bytes or packets, not '%s'\n", m);
		return false;
	}
	return true;
}

static bool packets(struct cr_args *args)
{
	const char *m = cr_args_get(args, "metric");
	return m && strcmp(m, "packets") == 0;
}

static struct cr_table *table(struct cr_ctx *ctx, struct cr_args *args, struct cr_plot_pass *pp)
{
	struct cr_matrix *m;
	struct cr_consumer c = { .packet = cr_matrix_packet, .no_streams = true };
	struct cr_table *t = NULL;

	c.user = m = cr_matrix_new(packets(args), ctx->top > 0 ? ctx->top : 30, pp->max_keys);
	cr_topn_passes(ctx, args->inputs, cr_profile_find("ip"), &c, cr_matrix_pass_done, m);
	if (!cr_interrupted)
		t = cr_matrix_table(m, true);
	cr_matrix_free(m);
	return t;
}

static struct cr_plot *plot(struct cr_ctx *ctx, struct cr_args *args, const char *stem, const struct cr_table *t)
{
	(void)ctx;
	return cr_report_plot_heatmap(stem, t, packets(args) ? "packets" : "bytes");
}

static const struct cr_plot_cmd heatmap = { .name = "heatmap", .check = check, .table = table, .plot = plot,
					    .max_keys = true };

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	return cr_plot_cmd_run(ctx, args, &heatmap);
}

const struct cr_cmd_entry cmd_heatmap_entry = {
	.name = "heatmap",
	.args = "INPUT...",
	.summary = "source × destination matrix of bytes or packets, and its heatmap",
	.description =
		"Rows are sources, columns destinations, a cell the bytes (frame lengths)\n"
		"or packets one sent to the other: directional. The --top hosts by volume\n"
		"(default 30) each way, the rest summed in an 'other' row and column, and\n"
		"a total row and column. --plot draws it: log colour scale green → yellow\n"
		"→ red, grey where there is no traffic, totals in the labels. Memory is\n"
		"bounded by --max-keys: a scan with more distinct addresses is read\n"
		"again (a pass per --max-keys of them), the result the same.",
	.examples =
		"  capreport heatmap --plot heatmap.svg samples/mixed.pcapng\n"
		"  capreport heatmap --metric packets --top 10 -f csv samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
