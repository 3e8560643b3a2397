/* cmd-throughput.c - `capreport throughput`: bits per second per time bin (an I/O graph), total and busiest pairs. */
#include "cmd.h"
#include "report.h"

static const struct cr_option options[] = {
	CR_PLOT_CMD_OPTIONS,
	{ NULL, 0, NULL, NULL },
};

static struct cr_table *table(struct cr_ctx *ctx, struct cr_args *args, struct cr_plot_pass *pp)
{
	(void)args;
	return cr_rate_table(pp->rate, ctx->top > 0 ? ctx->top : 5);
}

static struct cr_plot *plot(struct cr_ctx *ctx, struct cr_args *args, const char *stem, const struct cr_table *t)
{
	(void)ctx;
	(void)args;
	return cr_report_plot_throughput(stem, t);
}

static const struct cr_plot_cmd throughput = { "throughput", NULL, table, plot, CR_PASS_RATE };

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
