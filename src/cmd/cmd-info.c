/* cmd-info.c - `capreport info`: the capture summary. */
#include "analyze.h"
#include "cmd.h"
#include "run.h"
#include "write.h"

static const struct cr_option options[] = {
	CR_TABLE_OPTION("summary, protocols or interfaces"),
	{ NULL, 0, NULL, NULL },
};

/* Text: with several inputs every table's title names its input. */
static void title_after_input(struct cr_table *t, const char *path)
{
	char *title = g_strdup_printf("%s: %s", path, t->title);

	g_free(t->title);
	t->title = title;
}

/*
 * For programs (CSV, JSON, a folder): one table of each kind over every
 * input, the input in a last column, `file` (last, so that a summary row
 * still reads "packets,480" first).
 */
static void add_keyed(GPtrArray *all, struct cr_table *t, guint k, const char *path)
{
	struct cr_cell key = { .v.s = (char *)path };

	cr_table_insert_column(t, cr_table_ncols(t), "file", CR_COL_TEXT, &key);
	if (k < all->len) {
		cr_table_append_rows(g_ptr_array_index(all, k), t);
		cr_table_free(t);
	} else {
		g_ptr_array_add(all, t);
	}
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	GPtrArray *all = g_ptr_array_new_with_free_func((GDestroyNotify)cr_table_free);
	bool several = args->inputs->len > 1;
	bool keyed = ctx->format == CR_FMT_CSV || ctx->format == CR_FMT_JSON || cr_output_is_dir(ctx->output);

	if (ctx->format == CR_FMT_XLSX && several) {
		fprintf(stderr, "capreport info: -f xlsx takes one input (one workbook each); "
				"'capreport workbook' puts several in one\n");
		g_ptr_array_free(all, TRUE);
		return CR_EXIT_USAGE;
	}
	for (guint n = 0; n < args->inputs->len; n++) {
		const char *path = g_ptr_array_index(args->inputs, n);
		struct cr_info *i = cr_info_new();
		struct cr_consumer c = { .packet = cr_info_packet, .user = i };
		struct cr_run_info info;
		int status = cr_run_one(ctx, path, cr_profile_find("ip"), &c, &info);

		if (status == CR_EXIT_OK || status == CR_EXIT_DAMAGED) {
			GPtrArray *t = cr_info_tables(i, path, &info);

			for (guint k = 0; k < t->len; k++) {
				struct cr_table *table = g_ptr_array_index(t, k);

				if (keyed) {
					add_keyed(all, table, k, path);
					continue;
				}
				if (several)
					title_after_input(table, path);
				g_ptr_array_add(all, table);
			}
			g_free(g_ptr_array_free(t, FALSE));	/* the tables now belong to all */
		}
		cr_run_info_clear(&info);
		cr_info_free(i);
	}
	if (all->len)
		cr_ctx_status(ctx, cr_emit_set(ctx, "info", (struct cr_table *const *)all->pdata, all->len,
					       cr_args_get(args, "table")));
	g_ptr_array_free(all, TRUE);
	return ctx->worst_exit;
}

const struct cr_cmd_entry cmd_info_entry = {
	.name = "info",
	.args = "INPUT...",
	.summary = "summarise a capture: packets, bytes, times, rates, protocols",
	.description =
		"Packets, first and last packet time (UTC), duration, bytes (sum of frame\n"
		"lengths), mean packet size and rates, IPv4/IPv6/other counts, the highest\n"
		"protocols and the interfaces of a pcapng. Agrees with capinfos.\n"
		"CSV and JSON add the input to every row (column file); with several inputs\n"
		"each table holds the rows of all of them. -f csv gives one table (--table).",
	.examples =
		"  capreport info samples/mixed.pcapng\n"
		"  capreport info -f json samples/mptcp.pcapng | jq .summary\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
