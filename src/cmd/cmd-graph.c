/* cmd-graph.c - `capreport graph`: the IP graph as DOT, JSON or a Circos matrix; SVG with Graphviz when installed. */
#include "analyze.h"
#include "cmd.h"
#include "graph.h"
#include "run.h"
#include "topn.h"
#include "write.h"

#include <string.h>

static const struct cr_option options[] = {
	{ "format", 'f', "dot|json|circos", "DOT digraph (default), JSON nodes and links, or Circos' tableviewer matrix" },
	{ "output", 'o', "FILE", "write to FILE instead of standard output" },
	{ "top", 0, "N", "only the N edges with the most bytes" },
	CR_MAX_KEYS_OPTION,
	{ "metric", 0, "packets|bytes", "circos: what a cell counts (default packets, as IP-Link)" },
	{ "plot", 0, "FILE.svg", "also draw the graph with Graphviz 'dot' (optional: apt-get install graphviz)" },
	{ NULL, 0, NULL, NULL },
};

static int write_out(struct cr_ctx *ctx, const struct cr_graph *g, const char *fmt, bool bytes)
{
	bool to_file = ctx->output && strcmp(ctx->output, "-") != 0;
	struct cr_outfile of = { 0 };
	GError *err = NULL;
	FILE *out = stdout;
	int rc;

	if (to_file) {
		if (cr_outfile_open(&of, ctx->output, &err) != 0)
			goto fail;
		out = of.f;
	}
	if (strcmp(fmt, "json") == 0)
		rc = cr_graph_write_json(g, out, &err);
	else if (strcmp(fmt, "circos") == 0)
		rc = cr_graph_write_circos(g, bytes, out, &err);
	else
		rc = cr_graph_write_dot(g, out, &err);
	if (to_file) {
		if (rc != 0) {
			cr_outfile_abort(&of);
			goto fail;
		}
		if (cr_outfile_commit(&of, &err) != 0)
			goto fail;
	} else if (rc != 0) {
		g_clear_error(&err);	/* standard output: main reports it when closing */
	}
	return CR_EXIT_OK;
fail:
	cr_error_print(err);
	g_error_free(err);
	return CR_EXIT_OUTPUT;
}

/* The DOT beside the SVG (FILE.dot), rendered by Graphviz. */
static int draw(struct cr_ctx *ctx, const struct cr_graph *g, const char *svg)
{
	char *dot = cr_graph_find_dot(), *dotfile = g_strdup_printf("%.*s.dot", (int)strlen(svg) - 4, svg);
	struct cr_outfile of = { 0 };
	GError *err = NULL;
	int status = CR_EXIT_OK;

	if (cr_outfile_open(&of, dotfile, &err) != 0 || cr_graph_write_dot(g, of.f, &err) != 0 ||
	    cr_outfile_commit(&of, &err) != 0) {
		if (of.f)
			cr_outfile_abort(&of);
		cr_error_print(err);
		status = CR_EXIT_OUTPUT;
	} else if (!dot) {
		fprintf(stderr, "capreport graph: '%s' is not drawn: Graphviz 'dot' is not installed (it is optional: "
				"apt-get install graphviz); the DOT file is '%s'\n", svg, dotfile);
		status = CR_EXIT_PLOTS;
	} else if (cr_graph_render(dot, dotfile, svg, &err) != 0) {
		cr_error_print(err);
		status = CR_EXIT_PLOTS;
	} else if (ctx->verbose) {
		fprintf(stderr, "capreport: drew '%s' with %s\n", svg, dot);
	}
	g_clear_error(&err);
	g_free(dot);
	g_free(dotfile);
	return status;
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	const char *fmt = cr_args_get(args, "format"), *metric = cr_args_get(args, "metric");
	const char *plot = cr_args_get(args, "plot");
	struct cr_consumer c = { .packet = cr_rank_packet, .no_streams = true };
	struct cr_rank *rank;
	struct cr_graph *g;
	size_t keys;

	if (!fmt)
		fmt = "dot";
	if (strcmp(fmt, "dot") && strcmp(fmt, "json") && strcmp(fmt, "circos")) {
		fprintf(stderr, "capreport graph: -f takes dot, json or circos, not '%s'\n", fmt);
		return CR_EXIT_USAGE;
	}
	if (metric && strcmp(metric, "packets") && strcmp(metric, "bytes")) {
		fprintf(stderr, "capreport graph: --metric takes packets or bytes, not '%s'\n", metric);
		return CR_EXIT_USAGE;
	}
	if (plot && !g_str_has_suffix(plot, ".svg")) {
		fprintf(stderr, "capreport graph: --plot takes a file name ending in .svg, not '%s'\n", plot);
		return CR_EXIT_USAGE;
	}
	if (!cr_max_keys(args, "graph", &keys))
		return CR_EXIT_USAGE;
	c.user = rank = cr_rank_new(CR_RANK_EDGES, ctx->top, keys);
	cr_topn_passes(ctx, args->inputs, cr_profile_find("ip"), &c, cr_rank_pass_done, rank);
	if (!cr_interrupted && !cr_ctx_all_failed(ctx)) {
		g = cr_rank_graph(rank);
		cr_ctx_status(ctx, write_out(ctx, g, fmt, metric && strcmp(metric, "bytes") == 0));
		if (plot)
			cr_ctx_status(ctx, draw(ctx, g, plot));
		cr_graph_free(g);
	}
	cr_rank_free(rank);
	return ctx->worst_exit;
}

const struct cr_cmd_entry cmd_graph_entry = {
	.name = "graph",
	.args = "INPUT...",
	.summary = "the IP graph (address → address) as DOT, JSON or a Circos matrix",
	.description =
		"One edge per direction of each IP conversation that carried packets:\n"
		"DOT with edge width growing with bytes and labels of packets and bytes;\n"
		"JSON with nodes and links; or the tab-separated matrix that Circos'\n"
		"tableviewer reads, as IP-Link writes it (addresses that are both source\n"
		"and destination, '-' on the diagonal). --top keeps the heaviest edges,\n"
		"in memory bounded by --max-keys (a scan is read again, not held).\n"
		"--plot renders the DOT to SVG with Graphviz, when it is installed.",
	.examples =
		"  capreport graph --top 20 -o ip.dot samples/mixed.pcapng\n"
		"  capreport graph -f circos samples/mixed.pcapng > ip.circos\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS,
	.exec = exec,
};
