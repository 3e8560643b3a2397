/* cmd-info.c - `capreport info`: the capture summary. */
#include "analyze.h"
#include "cmd.h"
#include "run.h"
#include "write.h"

/* With several inputs every table is named after its input, so that one
 * output (a file, one JSON object) holds them all instead of the last. */
static void name_after_input(struct cr_table *t, const char *path)
{
	char *name = g_strdup_printf("%s:%s", path, t->name);
	char *title = g_strdup_printf("%s: %s", path, t->title);

	g_free(t->name);
	g_free(t->title);
	t->name = name;
	t->title = title;
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	GPtrArray *all = g_ptr_array_new_with_free_func((GDestroyNotify)cr_table_free);
	bool several = args->inputs->len > 1;

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

				if (several)
					name_after_input(table, path);
				g_ptr_array_add(all, table);
			}
			g_free(g_ptr_array_free(t, FALSE));	/* the tables now belong to all */
		}
		cr_run_info_clear(&info);
		cr_info_free(i);
	}
	if (all->len)
		cr_ctx_status(ctx, cr_emit_tables(ctx, (struct cr_table *const *)all->pdata, all->len));
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
		"With several inputs each table is named after its input (\"FILE:summary\")\n"
		"and all of them go to the one output.",
	.examples =
		"  capreport info samples/mixed.pcapng\n"
		"  capreport info -f json samples/mptcp.pcapng | jq .summary\n",
	.options = NULL,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
