/* cmd-heatmap.c - `capreport heatmap`: source × destination bytes or packets, top hosts plus "other". */
#include "cmd.h"
#include "report.h"

#include <stdio.h>
#include <string.h>

static const struct cr_option options[] = {
	{ "metric", 0, "bytes|packets", "what a cell counts (default bytes: frame lengths)" },
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
	struct cr_table *conv = cr_conv_table(pp->conv, pp->first_ns, "bytes"), *t;
	struct cr_matrix *m = cr_matrix_new();
	int a = cr_table_col(conv, "addr_a"), b = cr_table_col(conv, "addr_b");
	int ab = cr_table_col(conv, "packets_ab"), ba = cr_table_col(conv, "packets_ba");
	unsigned ns, nd;

	if (!packets(args)) {
		cr_matrix_add_conversations(m, conv, NULL);
	} else {
		for (size_t r = 0; r < cr_table_nrows(conv); r++) {
			const struct cr_cell *row = cr_table_row(conv, r);
			if (row[ab].v.i > 0)
				cr_matrix_add(m, row[a].v.s, row[b].v.s, (uint64_t)row[ab].v.i);
			if (row[ba].v.i > 0)
				cr_matrix_add(m, row[b].v.s, row[a].v.s, (uint64_t)row[ba].v.i);
		}
	}
	t = cr_matrix_table(m, ctx->top > 0 ? ctx->top : 30, true);
	if (packets(args)) {
		/* The matrix module counts bytes; the same sums are packets here. */
		for (guint c = 1; c < t->columns->len; c++)
			g_array_index(t->columns, struct cr_column, c).type = CR_COL_INT;
		g_free(t->title);
		t->title = g_strdup("Packets from source (rows) to destination (columns)");
		if (t->notes->len && sscanf(g_ptr_array_index(t->notes, 0), "%u sources, %u destinations", &ns, &nd) == 2) {
			g_free(g_ptr_array_index(t->notes, 0));
			g_ptr_array_index(t->notes, 0) = g_strdup_printf("%u sources, %u destinations; cells are packets", ns, nd);
		}
	}
	cr_matrix_free(m);
	cr_table_free(conv);
	return t;
}

static struct cr_plot *plot(struct cr_ctx *ctx, struct cr_args *args, const char *stem, const struct cr_table *t)
{
	(void)ctx;
	return cr_report_plot_heatmap(stem, t, packets(args) ? "packets" : "bytes");
}

static const struct cr_plot_cmd heatmap = { "heatmap", check, table, plot };

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
		"→ red, grey where there is no traffic, totals in the labels.",
	.examples =
		"  capreport heatmap --plot heatmap.svg samples/mixed.pcapng\n"
		"  capreport heatmap --metric packets --top 10 -f csv samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
