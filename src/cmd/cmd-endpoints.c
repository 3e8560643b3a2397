/* cmd-endpoints.c - `capreport endpoints`: packets and bytes per address. */
#include "analyze.h"
#include "cmd.h"
#include "run.h"

#include <string.h>

static const struct cr_option options[] = {
	{ "sort", 0, "KEY", "packets (default) or bytes" },
	{ "group-by", 0, "FIELD", "one row per value of a tshark field (of a profile, e.g. the configuration's): "
				  "packets, bytes and distinct addresses" },
	{ NULL, 0, NULL, NULL },
};

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	const char *sort = cr_args_get(args, "sort");
	struct cr_endpoints *e;
	struct cr_consumer c = { .packet = cr_endpoints_packet };
	int64_t first;
	int status;

	if (sort && strcmp(sort, "packets") && strcmp(sort, "bytes")) {
		fprintf(stderr, "capreport endpoints: --sort takes packets or bytes, not '%s'\n", sort);
		return CR_EXIT_USAGE;
	}
	if (cr_args_has(args, "group-by"))
		return cr_group_run(ctx, &cmd_endpoints_entry, args->inputs, cr_args_get(args, "group-by"),
				    CR_GROUP_ENDPOINTS, CR_CONV_IP, sort);
	e = cr_endpoints_new();
	c.user = e;
	cr_run_all(ctx, args->inputs, cr_profile_find("ip"), &c, &first);
	status = cr_emit_one(ctx, cr_endpoints_table(e, sort));
	cr_endpoints_free(e);
	return status;
}

const struct cr_cmd_entry cmd_endpoints_entry = {
	.name = "endpoints",
	.args = "INPUT...",
	.summary = "list addresses with packets and bytes sent and received",
	.description =
		"One row per IPv4 or IPv6 address, as tshark -z endpoints,ip and\n"
		"endpoints,ipv6: packets and bytes in total, transmitted and received.\n"
		"--group-by FIELD counts per value of FIELD instead (e.g. dns.qry.name of a\n"
		"[profile NAME] in the configuration); a packet with several values counts\n"
		"under each of them.",
	.examples =
		"  capreport endpoints samples/mixed.pcapng                # busiest first\n"
		"  capreport endpoints --host 10.0.0.0/8 -f json samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
