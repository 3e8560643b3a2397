/* cmd-sizes.c - `capreport sizes`: the packet size distribution, overall or for --host, and its histogram. */
#include "cmd.h"
#include "plotcmd.h"
#include "tableplot.h"

static const struct cr_option options[] = {
	CR_PLOT_CMD_OPTIONS,
	{ NULL, 0, NULL, NULL },
};

static struct cr_table *table(struct cr_ctx *ctx, struct cr_args *args, struct cr_plot_pass *pp)
{
	(void)ctx;
	(void)args;
	return cr_sizes_table(pp->sizes);
}

/* "Packet sizes to or from 10.0.1.11" when --host narrowed the packets. */
static struct cr_plot *plot(struct cr_ctx *ctx, struct cr_args *args, const char *stem, const struct cr_table *t)
{
	GString *title = g_string_new("Packet sizes");
	struct cr_plot *p;

	(void)args;
	for (guint i = 0; ctx->filter.hosts && i < ctx->filter.hosts->len; i++) {
		const struct cr_cidr *c = g_ptr_array_index(ctx->filter.hosts, i);
		char buf[64];
		cr_addr_format(&c->net, buf, sizeof(buf));
		g_string_append_printf(title, "%s%s", i ? ", " : " to or from ", buf);
		if (c->bits != (c->net.family == 4 ? 32 : 128))
			g_string_append_printf(title, "/%d", c->bits);
	}
	p = cr_report_plot_sizes(stem, t, title->str);
	g_string_free(title, TRUE);
	return p;
}

static const struct cr_plot_cmd sizes = { .name = "sizes", .table = table, .plot = plot, .uses = CR_PASS_SIZES };

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	return cr_plot_cmd_run(ctx, args, &sizes);
}

const struct cr_cmd_entry cmd_sizes_entry = {
	.name = "sizes",
	.args = "INPUT...",
	.summary = "packet size distribution (frame lengths), overall or per --host, and its histogram",
	.description =
		"Packets and bytes per frame length in 20-byte bins up to 1600, then\n"
		"1600-2559, 2560-5119 and 5120 or more: every bucket of tshark's\n"
		"-z plen,tree is a sum of these bins. With --host, only the packets from\n"
		"or to that host (a per-host histogram, as IP-Link's).",
	.examples =
		"  capreport sizes samples/mixed.pcapng\n"
		"  capreport sizes --host 10.0.1.11 --plot h11-sizes.svg samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
