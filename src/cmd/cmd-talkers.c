/* cmd-talkers.c - `capreport talkers`: the addresses that move the most bytes, sent and received. */
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
	struct cr_consumer c = { .packet = cr_rank_packet, .no_streams = true };
	struct cr_table *t = NULL;
	struct cr_rank *r;

	c.user = r = cr_rank_new(CR_RANK_TALKERS, ctx->top > 0 ? ctx->top : 15, pp->max_keys);
	cr_topn_passes(ctx, args->inputs, cr_profile_find("ip"), &c, cr_rank_pass_done, r);
	if (!cr_interrupted)
		t = cr_rank_talkers(r);
	cr_rank_free(r);
	return t;
}

static const struct cr_plot_cmd talkers = { .name = "talkers", .table = table,
						 .draw = cr_report_plot_talkers, .max_keys = true };

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
		"horizontal bars of bytes sent and received. Memory is bounded by\n"
		"--max-keys: a scan with more distinct addresses is read again.",
	.examples =
		"  capreport talkers samples/mixed.pcapng\n"
		"  capreport talkers --top 5 --plot talkers.png samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
