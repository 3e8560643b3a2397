/* cmd-talkers.c - `capreport talkers`: the addresses that move the most bytes, sent and received. */
#include "cmd.h"
#include "report.h"

static const struct cr_option options[] = {
	CR_PLOT_CMD_OPTIONS,
	{ NULL, 0, NULL, NULL },
};

static struct cr_table *table(struct cr_ctx *ctx, struct cr_args *args, struct cr_plot_pass *pp)
{
	struct cr_table *ep = cr_endpoints_table(pp->endpoints, "bytes");
	struct cr_table *t = cr_report_talkers_table(ep, ctx->top > 0 ? ctx->top : 15);

	(void)args;
	cr_table_free(ep);
	return t;
}

static struct cr_plot *plot(struct cr_ctx *ctx, struct cr_args *args, const char *stem, const struct cr_table *t)
{
	(void)ctx;
	(void)args;
	return cr_report_plot_talkers(stem, t);
}

static const struct cr_plot_cmd talkers = { "talkers", NULL, table, plot };

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	return cr_plot_cmd_run(ctx, args, &talkers);
}

const struct cr_cmd_entry cmd_talkers_entry = {
	.name = "talkers",
	.args = "INPUT...",
	.summary = "top talkers: bytes sent and received per address, and their bar chart",
	.description =
		"The --top addresses (default 15) with the most bytes, sent (tx) and\n"
		"received (rx), from the same counts as 'endpoints'. --plot draws\n"
		"horizontal bars of bytes sent and received.",
	.examples =
		"  capreport talkers samples/mixed.pcapng\n"
		"  capreport talkers --top 5 --plot talkers.png samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
