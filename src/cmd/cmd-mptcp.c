/* cmd-mptcp.c - `capreport mptcp list | subflows | summary | reinjections | events | plot`: MPTCP connections. */
#include "cmd.h"
#include "mptcp.h"
#include "mptcpplot.h"
#include "plotcmd.h"
#include "run.h"
#include "transpose.h"
#include "write.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct cr_option options[] = {
	{ "out-of-order", 0, NULL, "summary: MPTCP-level reordering at the capture point (late segments, HOL delay)" },
	{ "window", 0, "SECONDS", "plot tput: the window of the per-subflow throughput (default 0.1)" },
	{ "plot-dir", 0, "DIR", "plot: the folder for .svg, .png, .gp and .dat files (default: .)" },
	CR_TABLE_OPTION("summary: mptcp_summary or mptcp_contributions"),
	{ NULL, 0, NULL, NULL },
};


#define usage(...) cr_usage_error(&cmd_mptcp_entry, __VA_ARGS__)


static int analyze(struct cr_ctx *ctx, const char *path, struct cr_mptcp *m, struct cr_run_info *info)
{
	struct cr_consumer c = { .header = cr_mptcp_header, .packet = cr_mptcp_packet, .user = m };
	int status = cr_run_one(ctx, path, cr_profile_find("mptcp"), &c, info);

	cr_mptcp_finish(m);
	if ((status == CR_EXIT_OK || status == CR_EXIT_DAMAGED) && *cr_mptcp_missing(m))
		cr_warn(ctx, "'%s' lacks the columns %s: MPTCP results are incomplete "
			"(give the capture, or a CSV of the mptcp profile)", path, cr_mptcp_missing(m));
	return status;
}

static bool conn_exists(const struct cr_mptcp *m, int64_t id)
{
	return id < 0 ? cr_mptcp_nconns(m) > 0 : (size_t)id < cr_mptcp_nconns(m);
}

/* Several tables are a set (--table NAME); one is a plain table. */
static int emit(struct cr_ctx *ctx, struct cr_args *args, struct cr_table **t, size_t n)
{
	int status;

	for (size_t i = 0; i < n; i++)
		cr_table_truncate(t[i], ctx->top);
	status = n > 1 ? cr_emit_set(ctx, "mptcp", t, n, cr_args_get(args, "table")) : cr_emit_tables(ctx, t, n);
	cr_ctx_status(ctx, status);
	for (size_t i = 0; i < n; i++)
		cr_table_free(t[i]);
	return status;
}

static int do_plot(struct cr_ctx *ctx, struct cr_args *args, struct cr_mptcp *m, int64_t id, const char *kind)
{
	struct cr_mptcp_plot_opts o = { .kind = kind, .dir = cr_args_get(args, "plot-dir"), .window = 0.1 };

	if (cr_plot_cmd_window(&cmd_mptcp_entry, args, &o.window))
		return CR_EXIT_USAGE;
	for (size_t i = 0; i < cr_mptcp_nconns(m); i++) {
		const struct cr_mptcp_conn *c = cr_mptcp_conn(m, i);
		GError *err = NULL;
		char *made = NULL;
		int rc;
		if (id >= 0 && (int64_t)c->id != id)
			continue;
		rc = cr_mptcp_plot(ctx, c, &o, &made, &err);
		cr_plot_cmd_told(ctx, rc, made, err, id < 0);
	}
	return ctx->worst_exit;
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	char **a = (char **)args->inputs->pdata;
	guint n = args->inputs->len;
	const char *sub = a[0], *path, *conn_s = NULL, *kind = NULL;
	int64_t id = -1;
	struct cr_run_info info;
	struct cr_mptcp *m;
	int status;

	if (strcmp(sub, "list") == 0) {
		if (n != 2)
			return usage("%s", "list takes one INPUT");
	} else if (!strcmp(sub, "subflows") || !strcmp(sub, "summary") || !strcmp(sub, "reinjections") ||
		   !strcmp(sub, "events")) {
		if (n != 3)
			return usage("%s takes CONN and one INPUT", sub);
		conn_s = a[1];
	} else if (strcmp(sub, "plot") == 0) {
		if (n != 4)
			return usage("%s", "plot takes CONN, KIND and one INPUT");
		conn_s = a[1];
		kind = a[2];
		if (!cr_plot_kind_valid(cr_mptcp_plot_kinds(), kind))
			return usage("KIND is dsn, interarrival, tput or reinject-delay, not '%s'", kind);
	} else {
		return usage("unknown subcommand '%s' (list, subflows, summary, reinjections, events or plot)", sub);
	}
	if (cr_args_has(args, "table") && strcmp(sub, "summary") != 0)
		return usage("%s", "--table picks one of the tables of summary; the others give one table");
	if (conn_s && (id = cr_parse_index_or_all(conn_s)) == -2)
		return usage("CONN is a connection number from 'mptcp list' or 'all', not '%s'", conn_s);
	path = a[n - 1];

	m = cr_mptcp_new();
	if (kind)
		cr_mptcp_follow(m, id, 0);
	status = analyze(ctx, path, m, &info);
	if (status != CR_EXIT_OK && status != CR_EXIT_DAMAGED)
		goto out;
	if (conn_s && !conn_exists(m, id)) {
		if (id < 0)
			fprintf(stderr, "capreport mptcp: '%s' has no MPTCP connection\n", path);
		else
			fprintf(stderr, "capreport mptcp: '%s' has no MPTCP connection %s (see 'capreport mptcp list')\n",
				path, conn_s);
		cr_ctx_status(ctx, id >= 0 ? CR_EXIT_USAGE : CR_EXIT_INPUT);	/* a number that names none: usage */
		goto out;
	}
	if (strcmp(sub, "list") == 0) {
		struct cr_table *t = cr_mptcp_list_table(m, info.first_row_ns);
		if (cr_mptcp_nconns(m) == 0)
			cr_table_add_note(t, "note: no MPTCP option in '%s'", path);
		emit(ctx, args, &t, 1);
	} else if (strcmp(sub, "subflows") == 0) {
		struct cr_table *t = cr_mptcp_subflows_table(m, id);
		emit(ctx, args, &t, 1);
	} else if (strcmp(sub, "summary") == 0) {
		struct cr_table *t[2] = { cr_mptcp_summary_table(m, id, cr_args_has(args, "out-of-order")),
					  cr_mptcp_contrib_table(m, id) };
		if (ctx->format == CR_FMT_TEXT && id >= 0) {
			struct cr_table *tt = cr_table_transpose(t[0], 1, ctx->raw);
			cr_table_free(t[0]);
			t[0] = tt;
		}
		emit(ctx, args, t, 2);
	} else if (strcmp(sub, "reinjections") == 0) {
		struct cr_table *t = cr_mptcp_reinj_table(m, id);
		emit(ctx, args, &t, 1);
	} else if (strcmp(sub, "events") == 0) {
		struct cr_table *t = cr_mptcp_events_table(m, id, info.first_row_ns);
		emit(ctx, args, &t, 1);
	} else {
		do_plot(ctx, args, m, id, kind);
	}
out:
	cr_run_info_clear(&info);
	cr_mptcp_free(m);
	return ctx->worst_exit;
}

const struct cr_cmd_entry cmd_mptcp_entry = {
	.name = "mptcp",
	.args = "list INPUT | subflows|summary|reinjections|events CONN|all INPUT | plot CONN|all KIND INPUT",
	.summary = "MPTCP connections: subflows, summary, reinjections, control events, DSN plots",
	.description =
		"Connections are found from the MPTCP options themselves (RFC 8684 v1 and\n"
		"RFC 6824 v0): keys give tokens and initial DSNs (v1 carries the client's key\n"
		"in the third ACK), MP_JOIN tokens name the connection a subflow joins, and a\n"
		"subflow whose handshake was not captured is placed by its DSN space. DSNs\n"
		"are relative to the initial DSN, or to the first DSN seen when no key was\n"
		"captured (the list says so). CONN is the number 'mptcp list' prints, or all.\n"
		"list: client and server of the initial subflow, version, subflows and failed\n"
		"joins, start (seconds since the capture's first packet), duration, data bytes\n"
		"each way at MPTCP level (the DSNs of the segments seen, each once) and on the\n"
		"wire, reinjected bytes.\n"
		"subflows: 4-tuple, role, address ids, backup, join outcome, packets and\n"
		"payload each way, share of the connection's new data, ACK RTT of each direction's\n"
		"data (client to server, server to client: min, avg, max), retransmissions.\n"
		"summary: per direction, plus each subflow's share; --out-of-order adds\n"
		"MPTCP-level reordering as seen at the capture point.\n"
		"reinjections: segments carrying DSNs first sent on another subflow.\n"
		"events: MP_CAPABLE, MP_JOIN, ADD_ADDR, REMOVE_ADDR, MP_PRIO, MP_FAIL,\n"
		"MP_FASTCLOSE, MP_TCPRST (with its RFC 8684 reason: 0 unspecified, 1 MPTCP-specific\n"
		"error, ...), DATA_FIN, and subflow FIN/RST, in time order.\n"
		"plot KIND: dsn, interarrival, tput (--window), reinject-delay.",
	.examples =
		"  capreport mptcp list samples/mptcp.pcapng               # one row per connection\n"
		"  capreport mptcp events 0 samples/mptcp-v6-addaddr.pcapng # the ADD_ADDR and the join\n"
		"  capreport mptcp plot 0 dsn --plot-dir plots samples/mptcp.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
