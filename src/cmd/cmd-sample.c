/* cmd-sample.c - `capreport ports` and `parallel`: a packet sample as a port scatter plot or as (Picviz) lines. */
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

static const struct cr_plot_cmd sample_cmds[] = {
	{ .name = "ports", .table = table, .draw = cr_report_plot_ports, .uses = CR_PASS_SAMPLE },
	{ .name = "parallel", .table = table, .draw = cr_report_plot_parallel, .uses = CR_PASS_SAMPLE },
};

static int exec_ports(struct cr_ctx *ctx, struct cr_args *args)
{
	return cr_plot_cmd_run(ctx, args, &sample_cmds[0]);
}

static int exec_parallel(struct cr_ctx *ctx, struct cr_args *args)
{
	return cr_plot_cmd_run(ctx, args, &sample_cmds[1]);
}

/* How both commands draw their sample (analyze-sample.c). */
#define SAMPLE_HOW \
	"A sample of IP packets in time order: the first packet of every distinct\n" \
	"(second, destination port) and (source, destination, destination port)\n" \
	"combination, so a port scan is never sampled away (at most 20000\n" \
	"combinations; the table's note says when there were more), and a uniform\n" \
	"sample of at most 4000 of the others (reservoir sampling with a fixed\n" \
	"seed: the same capture gives the same sample).\n"

const struct cr_cmd_entry cmd_ports_entry = {
	.name = "ports",
	.args = "INPUT...",
	.summary = "a sample of packets with time, addresses and ports, and the port scatter plot",
	.description =
		SAMPLE_HOW
		"--plot draws time against destination port, coloured by protocol\n"
		"(IP-Link's scatter plot); the plot says when it shows a sample.",
	.examples =
		"  capreport ports --plot ports.svg samples/mixed.pcapng\n"
		"  capreport ports -f csv --proto udp samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec_ports,
};

const struct cr_cmd_entry cmd_parallel_entry = {
	.name = "parallel",
	.args = "INPUT...",
	.summary = "a sample of packets drawn as parallel coordinates: time, addresses, ports",
	.description =
		SAMPLE_HOW
		"--plot draws one line per packet across parallel axes: time, source,\n"
		"destination, source port, destination port (Picviz's view).",
	.examples =
		"  capreport parallel --plot parallel.svg samples/mixed.pcapng\n"
		"  capreport parallel --host 10.0.1.11 --plot h11.png samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec_parallel,
};
