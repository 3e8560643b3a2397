/* cmd-workbook.c - `capreport workbook`: its options; the workbook itself is built by src/report/workbook.c. */
#include "cmd.h"
#include "config.h"
#include "workbook.h"
#include "xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_PACKET_ROWS (2 * (uint64_t)CR_XLSX_MAX_ROWS)

static const struct cr_option options[] = {
	{ "output", 'o', "FILE.xlsx", "the workbook to write (required)" },
	{ "profile", 'p', "NAME", "the Packets sheets' profile: ip (default), tcp, mptcp or a [profile NAME] of the "
				  "configuration; its fields past the ip columns become text columns" },
	{ "packets", 0, "N", "at most N rows in the Packets sheets (default 2097150, two sheets; 0: none)" },
	{ "sheet-rows", 0, "N", "packet rows per sheet (default and most 1048575)" },
	{ "matrix-top", 0, "N", "sources and destinations in the Matrix sheet (default 20; the rest is 'other')" },
	{ "talkers", 0, "N", "endpoints in the Top talkers sheet (default 10)" },
	{ NULL, 0, NULL, NULL },
};

static bool number_option(struct cr_args *args, const char *name, long min, long max, long *v)
{
	const char *s = cr_args_get(args, name);
	char *end;

	if (!s)
		return true;
	errno = 0;
	*v = strtol(s, &end, 10);
	if (errno || end == s || *end || *v < min || *v > max) {
		fprintf(stderr, "capreport workbook: --%s takes a number from %ld to %ld, not '%s'\n", name, min, max, s);
		return false;
	}
	return true;
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	long limit = (long)DEFAULT_PACKET_ROWS, per_sheet = CR_XLSX_MAX_ROWS, mtop = 20, talkers = 10;
	struct cr_workbook_opts o;

	if (!number_option(args, "packets", 0, 1000000000, &limit) ||
	    !number_option(args, "sheet-rows", 1, CR_XLSX_MAX_ROWS, &per_sheet) ||
	    !number_option(args, "matrix-top", 1, 1000, &mtop) || !number_option(args, "talkers", 1, 100000, &talkers))
		return CR_EXIT_USAGE;
	o.profile = cr_profile_lookup(ctx->config, cr_args_get(args, "profile") ? cr_args_get(args, "profile") : "ip");
	if (!o.profile) {
		fprintf(stderr, "capreport workbook: unknown profile '%s' (ip, tcp, mptcp or a [profile NAME] of the "
				"configuration)\n", cr_args_get(args, "profile"));
		return CR_EXIT_USAGE;
	}
	if (!ctx->output || strcmp(ctx->output, "-") == 0) {
		fprintf(stderr, "capreport workbook: give the workbook's name with -o FILE.xlsx; "
				"see 'capreport help workbook'\n");
		return CR_EXIT_USAGE;
	}
	o.packets = (uint64_t)limit;
	o.sheet_rows = (uint64_t)per_sheet;
	o.matrix_top = (int)mtop;
	o.talkers = (int)talkers;
	return cr_workbook_run(ctx, args->inputs, &o);
}

const struct cr_cmd_entry cmd_workbook_entry = {
	.name = "workbook",
	.args = "INPUT...",
	.summary = "write one XLSX workbook with every table, for review in a spreadsheet",
	.description =
		"Reads each input once and writes, in this order and each only when it has rows:\n"
		"Summary (the captures, and how the workbook was made), Conversations,\n"
		"Endpoints, Matrix (source x destination bytes with a colour scale), Top\n"
		"talkers (with a bar chart), Protocols, TCP streams, MPTCP connections and\n"
		"subflows (one capture), and Packets (the rows of --profile, ip by default,\n"
		"split across sheets of at most 1048575 rows, up to --packets rows; the\n"
		"Summary says what was left out and where the CSV with every row is).\n"
		"Times are Excel date-times in UTC; text from captures is never a formula.",
	.examples =
		"  capreport workbook -o mixed.xlsx samples/mixed.pcapng   # every sheet\n"
		"  capreport workbook --packets 0 --matrix-top 5 -o two.xlsx samples/mixed.pcapng samples/mptcp.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS,
	.exec = exec,
};
