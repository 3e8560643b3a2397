/* cmd-endpoints.c - `capreport endpoints`: packets and bytes per address. */
#include "analyze.h"
#include "cmd.h"
#include "run.h"

#include <string.h>

static const struct cr_option options[] = {
	{ "sort", 0, "KEY", "packets (default) or bytes" },
	{ NULL, 0, NULL, NULL },
};

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	const char *sort = cr_args_get(args, "sort");
	struct cr_endpoints *e;
	struct cr_consumer c = { .packet = cr_endpoints_packet };
	struct cr_table *t;
	int status;

	if (sort && strcmp(sort, "packets") && strcmp(sort, "bytes")) {
		fprintf(stderr, "capreport endpoints: --sort takes packets or bytes, not '%s'\n", sort);
		return CR_EXIT_USAGE;
	}
	e = cr_endpoints_new();
	c.user = e;
	for (guint i = 0; i < args->inputs->len; i++) {
		struct cr_run_info info;
		cr_run_one(ctx, g_ptr_array_index(args->inputs, i), cr_profile_find("ip"), &c, &info);
		cr_run_info_clear(&info);
	}
	t = cr_endpoints_table(e, sort);
	cr_table_truncate(t, ctx->top);
	status = cr_emit_tables(ctx, &t, 1);
	cr_ctx_status(ctx, status);
	cr_table_free(t);
	cr_endpoints_free(e);
	return ctx->worst_exit;
}

const struct cr_cmd_entry cmd_endpoints_entry = {
	.name = "endpoints",
	.args = "INPUT...",
	.summary = "list addresses with packets and bytes sent and received",
	.description =
		"One row per IPv4 or IPv6 address, as tshark -z endpoints,ip and\n"
		"endpoints,ipv6: packets and bytes in total, transmitted and received.",
	.examples =
		"  capreport endpoints samples/mixed.pcapng                # busiest first\n"
		"  capreport endpoints --host 10.0.0.0/8 -f json samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
