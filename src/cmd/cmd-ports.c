/* cmd-ports.c - `capreport ports`: a sample of packets with their ports, and the port scatter plot. */
#include "cmd.h"
#include "plotcmd.h"
#include "tableplot.h"

static const struct cr_option options[] = {
	CR_PLOT_CMD_OPTIONS,
	{ NULL, 0, NULL, NULL },
};

static struct cr_table *table(struct cr_ctx *ctx, struct cr_args *args, struct cr_plot_pass *pp)
{
	struct cr_table *t = cr_sample_table(pp->sample, pp->first_ns);

	(void)args;
	cr_table_truncate(t, ctx->top);
	return t;
}

static struct cr_plot *plot(struct cr_ctx *ctx, struct cr_args *args, const char *stem, const struct cr_table *t)
{
	(void)ctx;
	(void)args;
	return cr_report_plot_ports(stem, t);
}

static const struct cr_plot_cmd ports = { "ports", NULL, table, plot, CR_PASS_SAMPLE };

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	return cr_plot_cmd_run(ctx, args, &ports);
}

const struct cr_cmd_entry cmd_ports_entry = {
	.name = "ports",
	.args = "INPUT...",
	.summary = "a sample of packets with time, addresses and ports, and the port scatter plot",
	.description =
		"A uniform sample of at most 4000 IP packets (reservoir sampling with a\n"
		"fixed seed: the same capture gives the same sample), in time order.\n"
		"--plot draws time against destination port, coloured by protocol\n"
		"(IP-Link's scatter plot); the plot says when it shows a sample.",
	.examples =
		"  capreport ports --plot ports.svg samples/mixed.pcapng\n"
		"  capreport ports -f csv --proto udp samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
