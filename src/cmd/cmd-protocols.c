/* cmd-protocols.c - `capreport protocols`: the protocol mix, packets and bytes per highest layer. */
#include "cmd.h"
#include "plotcmd.h"
#include "tableplot.h"

#define PLOT_ROWS 15

static const struct cr_option options[] = {
	CR_PLOT_CMD_OPTIONS,
	{ NULL, 0, NULL, NULL },
};

static struct cr_table *table(struct cr_ctx *ctx, struct cr_args *args, struct cr_plot_pass *pp)
{
	GPtrArray *all = cr_info_tables(pp->info, pp->path, &pp->run);
	struct cr_table *t = g_ptr_array_steal_index(all, 1);	/* protocols */

	(void)args;
	g_ptr_array_free(all, TRUE);
	cr_table_truncate(t, ctx->top);
	return t;
}

static struct cr_plot *plot(struct cr_ctx *ctx, struct cr_args *args, const char *stem, const struct cr_table *t)
{
	(void)ctx;
	(void)args;
	return cr_report_plot_protocols(stem, t, PLOT_ROWS);
}

static const struct cr_plot_cmd protocols = { .name = "protocols", .table = table, .plot = plot, .uses = CR_PASS_INFO };

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	return cr_plot_cmd_run(ctx, args, &protocols);
}

const struct cr_cmd_entry cmd_protocols_entry = {
	.name = "protocols",
	.args = "INPUT...",
	.summary = "protocol mix: packets and bytes per highest protocol layer, and its bar charts",
	.description =
		"One row per protocol, the highest layer of each packet in tshark's\n"
		"frame.protocols (as 'info' lists them). --plot draws packets and bytes\n"
		"side by side for the 15 most frequent.",
	.examples =
		"  capreport protocols samples/mixed.pcapng\n"
		"  capreport protocols --plot protocols.svg samples/mptcp.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
