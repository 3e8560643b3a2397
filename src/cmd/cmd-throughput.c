/* cmd-throughput.c - `capreport throughput`: bits per second per time bin (an I/O graph), total and busiest pairs. */
#include "cmd.h"
#include "plotcmd.h"
#include "tableplot.h"
#include "run.h"
#include "topn.h"

static const struct cr_option options[] = {
	CR_MAX_KEYS_OPTION,
	CR_PLOT_CMD_OPTIONS,
	{ NULL, 0, NULL, NULL },
};

static struct cr_table *table(struct cr_ctx *ctx, struct cr_args *args, struct cr_plot_pass *pp)
{
	struct cr_consumer c = { .packet = cr_rate_packet, .no_streams = true };
	struct cr_table *t = NULL;
	struct cr_rate *r;

	c.user = r = cr_rate_new(300, ctx->top > 0 ? ctx->top : 5, pp->max_keys);
	cr_topn_passes(ctx, args->inputs, cr_profile_find("ip"), &c, cr_rate_pass_done, r);
	if (!cr_interrupted)
		t = cr_rate_table(r);
	cr_rate_free(r);
	return t;
}

static const struct cr_plot_cmd throughput = { .name = "throughput", .table = table,
						 .draw = cr_report_plot_throughput, .max_keys = true };

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	return cr_plot_cmd_run(ctx, args, &throughput);
}

const struct cr_cmd_entry cmd_throughput_entry = {
	.name = "throughput",
	.args = "INPUT...",
	.summary = "throughput over time: bits per second per bin, in total and for the busiest pairs",
	.description =
		"One row per time bin from the first packet to the last: packets and bits\n"
		"per second of frame lengths, in total and for each of the --top address\n"
		"pairs with the most bytes (default 5). Bins are 1 ms doubled until the\n"
		"capture fits in 300 of them. --plot draws the lines.",
	.examples =
		"  capreport throughput --plot io.svg samples/mptcp.pcapng\n"
		"  capreport throughput --top 2 -f csv samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
