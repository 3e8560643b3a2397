/* cmd-conversations.c - `capreport conversations`: who talks to whom, how much. */
#include "analyze.h"
#include "cmd.h"
#include "run.h"

#include <string.h>

static const struct cr_option options[] = {
	{ "by", 0, "ip|tcp|udp", "one row per address pair (ip, default) or per TCP/UDP connection" },
	{ "sort", 0, "KEY", "packets (default), bytes, start or duration" },
	{ "group-by", 0, "FIELD", "one row per value of a tshark field (of a profile, e.g. the configuration's): "
				  "packets, bytes and distinct conversations" },
	{ NULL, 0, NULL, NULL },
};

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	const char *by_s = cr_args_get(args, "by"), *sort = cr_args_get(args, "sort");
	enum cr_conv_by by = CR_CONV_IP;
	struct cr_conv *conv;
	struct cr_consumer c = { .packet = cr_conv_packet };
	int64_t first;
	int status;

	if (by_s && !cr_conv_by_parse(by_s, &by)) {
		fprintf(stderr, "capreport conversations: --by takes ip, tcp or udp, not '%s'\n", by_s);
		return CR_EXIT_USAGE;
	}
	if (sort && strcmp(sort, "packets") && strcmp(sort, "bytes") && strcmp(sort, "start") &&
	    strcmp(sort, "duration")) {
		fprintf(stderr, "capreport conversations: --sort takes packets, bytes, start or duration, not '%s'\n", sort);
		return CR_EXIT_USAGE;
	}
	if (cr_args_has(args, "group-by")) {
		if (sort && strcmp(sort, "packets") && strcmp(sort, "bytes"))
			return cr_usage_error(&cmd_conversations_entry, "--group-by sorts by packets or bytes, not '%s'", sort);
		return cr_group_run(ctx, &cmd_conversations_entry, args->inputs, cr_args_get(args, "group-by"),
				    CR_GROUP_CONV, by, sort);
	}
	conv = cr_conv_new(by);
	c.user = conv;
	cr_run_all(ctx, args->inputs, cr_profile_find("ip"), &c, &first);
	status = cr_emit_one(ctx, cr_conv_table(conv, first, sort));
	cr_conv_free(conv);
	return status;
}

const struct cr_cmd_entry cmd_conversations_entry = {
	.name = "conversations",
	.args = "INPUT...",
	.summary = "list conversations: per address pair or per TCP/UDP connection",
	.description =
		"One row per unordered address pair (--by ip) or per TCP/UDP connection.\n"
		"A is the source of the conversation's first packet, as in tshark -z conv.\n"
		"Bytes are frame lengths. rel_start counts from the capture's first packet.\n"
		"--group-by FIELD counts per value of FIELD instead, with the number of\n"
		"conversations (of --by) behind each; a packet with several values counts\n"
		"under each of them.",
	.examples =
		"  capreport conversations samples/mixed.pcapng            # pairs, busiest first\n"
		"  capreport conv --by tcp --sort bytes --top 5 -f csv samples/mixed.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
