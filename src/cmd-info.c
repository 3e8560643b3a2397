/* cmd-info.c - `capreport info`: the capture summary. */
#include "analyze.h"
#include "cmd.h"
#include "run.h"

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	if (ctx->format == CR_FMT_XLSX && args->inputs->len > 1) {
		fprintf(stderr, "capreport info: -f xlsx takes one input (one workbook each); "
				"'capreport workbook' puts several in one\n");
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
			if (args->inputs->len > 1 && ctx->format == CR_FMT_TEXT)
				printf("%s== %s\n", n ? "\n" : "", path);
			cr_ctx_status(ctx, cr_emit_tables(ctx, (struct cr_table *const *)t->pdata, t->len));
			g_ptr_array_free(t, TRUE);
		}
		cr_run_info_clear(&info);
		cr_info_free(i);
	}
	return ctx->worst_exit;
}

const struct cr_cmd_entry cmd_info_entry = {
	.name = "info",
	.args = "INPUT...",
	.summary = "summarise a capture: packets, bytes, times, rates, protocols",
	.description =
		"Packets, first and last packet time (UTC), duration, bytes (sum of frame\n"
		"lengths), mean packet size and rates, IPv4/IPv6/other counts, the highest\n"
		"protocols and the interfaces of a pcapng. Agrees with capinfos.",
	.examples =
		"  capreport info samples/mixed.pcapng\n"
		"  capreport info -f json samples/mptcp.pcapng | jq .summary\n",
	.options = NULL,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
