/* cmd-tcp.c - `capreport tcp list | summary STREAM | plot STREAM KIND`: TCP streams from tshark's analysis. */
#include "cmd.h"
#include "plotcmd.h"
#include "run.h"
#include "tcpplot.h"
#include "transpose.h"
#include "write.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct cr_option options[] = {
	{ "sort", 0, "KEY", "list: stream (default), packets, bytes, start or duration" },
	{ "window", 0, "SECONDS", "plot tput: the sliding window (default 0.1)" },
	{ "direction", 0, "ab|ba", "plot: the data direction shown (default: the one with more payload)" },
	{ "plot-dir", 0, "DIR", "plot: the folder for .svg, .png, .gp and .dat files (default: .)" },
	{ NULL, 0, NULL, NULL },
};


#define usage(...) cr_usage_error(&cmd_tcp_entry, __VA_ARGS__)


/* Run the single input through the TCP analyzer. */
static int analyze(struct cr_ctx *ctx, const char *path, struct cr_tcp *t, struct cr_run_info *info)
{
	struct cr_consumer c = { .header = cr_tcp_header, .packet = cr_tcp_packet, .user = t };
	int status = cr_run_one(ctx, path, cr_profile_find("tcp"), &c, info);

	if ((status == CR_EXIT_OK || status == CR_EXIT_DAMAGED) && *cr_tcp_missing(t))
		cr_warn(ctx, "'%s' lacks the columns %s: those numbers stay empty "
			"(give the capture, or a CSV of the tcp or mptcp profile)", path, cr_tcp_missing(t));
	return status;
}

static int do_list(struct cr_ctx *ctx, struct cr_args *args, const char *path)
{
	const char *sort = cr_args_get(args, "sort");
	struct cr_tcp *t = cr_tcp_new();
	struct cr_run_info info;
	int status;

	if (sort && strcmp(sort, "stream") && strcmp(sort, "packets") && strcmp(sort, "bytes") &&
	    strcmp(sort, "start") && strcmp(sort, "duration")) {
		cr_tcp_free(t);
		return usage("--sort takes stream, packets, bytes, start or duration, not '%s'", sort);
	}
	status = analyze(ctx, path, t, &info);
	if (status == CR_EXIT_OK || status == CR_EXIT_DAMAGED) {
		struct cr_table *tab = cr_tcp_list_table(t, info.first_row_ns, sort);
		cr_table_truncate(tab, ctx->top);
		cr_ctx_status(ctx, cr_emit_tables(ctx, &tab, 1));
		cr_table_free(tab);
	}
	cr_run_info_clear(&info);
	cr_tcp_free(t);
	return ctx->worst_exit;
}

/* The stream asked for is not there: a number that names none is a usage error, a capture without TCP is the input's. */
static void no_stream(struct cr_ctx *ctx, const char *path, const char *stream_s, int64_t id)
{
	if (id >= 0)
		fprintf(stderr, "capreport tcp: '%s' has no TCP stream %s (see 'capreport tcp list')\n", path, stream_s);
	else
		fprintf(stderr, "capreport tcp: '%s' has no TCP stream\n", path);
	cr_ctx_status(ctx, id >= 0 ? CR_EXIT_USAGE : CR_EXIT_INPUT);
}

static int do_summary(struct cr_ctx *ctx, const char *stream_s, const char *path)
{
	int64_t id = cr_parse_index_or_all(stream_s);
	struct cr_tcp *t;
	struct cr_run_info info;
	GPtrArray *tabs;
	int status;

	if (id == -2)
		return usage("STREAM is a tcp.stream number or 'all', not '%s'", stream_s);
	t = cr_tcp_new();
	cr_tcp_follow(t, id, 0);
	status = analyze(ctx, path, t, &info);
	tabs = g_ptr_array_new_with_free_func((GDestroyNotify)cr_table_free);
	if (status == CR_EXIT_OK || status == CR_EXIT_DAMAGED) {
		for (size_t i = 0; i < cr_tcp_nstreams(t); i++) {
			const struct cr_tcp_stream *s = cr_tcp_nth(t, i);
			struct cr_table *tab;
			if (id >= 0 && s->id != id)
				continue;
			tab = cr_tcp_summary_table(s);
			if (ctx->format == CR_FMT_TEXT) {	/* metric rows, a table per stream */
				struct cr_table *tt = cr_table_transpose(tab, 0, ctx->raw);
				cr_table_free(tab);
				tab = tt;
				if (id < 0) {
					g_free(tab->name);
					tab->name = g_strdup_printf("tcp_summary_%" G_GINT64_FORMAT, s->id);
				}
				g_ptr_array_add(tabs, tab);
				continue;
			}
			/* for programs: one table, every row keyed by its stream */
			cr_table_insert_column(tab, 0, "stream", CR_COL_INT, &(struct cr_cell){ .v.i = s->id });
			if (tabs->len) {
				cr_table_append_rows(g_ptr_array_index(tabs, 0), tab);
				cr_table_free(tab);
			} else {
				g_ptr_array_add(tabs, tab);
			}
		}
		if (tabs->len == 0) {
			no_stream(ctx, path, stream_s, id);
		} else {
			cr_ctx_status(ctx, cr_emit_tables(ctx, (struct cr_table *const *)tabs->pdata, tabs->len));
		}
	}
	g_ptr_array_free(tabs, TRUE);
	cr_run_info_clear(&info);
	cr_tcp_free(t);
	return ctx->worst_exit;
}

static int do_plot(struct cr_ctx *ctx, struct cr_args *args, const char *stream_s, const char *kind,
		   const char *path)
{
	const char *dir_s = cr_args_get(args, "direction");
	struct cr_tcp_plot_opts o = { .kind = kind, .dir = cr_args_get(args, "plot-dir"), .window = 0.1,
				      .direction = -1 };
	int64_t id = cr_parse_index_or_all(stream_s);
	struct cr_run_info info;
	struct cr_tcp *t;
	int status;

	if (id == -2)
		return usage("STREAM is a tcp.stream number or 'all', not '%s'", stream_s);
	if (!cr_plot_kind_valid(cr_tcp_plot_kinds(), kind))
		return usage("KIND is seq, rtt, tput or inflight, not '%s'", kind);
	if (cr_plot_cmd_window(&cmd_tcp_entry, args, &o.window))
		return CR_EXIT_USAGE;
	if (dir_s) {
		if (strcmp(dir_s, "ab") && strcmp(dir_s, "ba"))
			return usage("--direction takes ab or ba, not '%s'", dir_s);
		o.direction = dir_s[0] == 'a' ? 0 : 1;
	}
	t = cr_tcp_new();
	cr_tcp_follow(t, id, 0);
	status = analyze(ctx, path, t, &info);
	if (status == CR_EXIT_OK || status == CR_EXIT_DAMAGED) {
		size_t done = 0;
		for (size_t i = 0; i < cr_tcp_nstreams(t); i++) {
			const struct cr_tcp_stream *s = cr_tcp_nth(t, i);
			GError *err = NULL;
			char *made = NULL;
			int rc;
			if (id >= 0 && s->id != id)
				continue;
			done++;
			rc = cr_tcp_plot(ctx, s, &o, &made, &err);
			cr_plot_cmd_told(ctx, rc, made, err, id < 0);
		}
		if (done == 0)
			no_stream(ctx, path, stream_s, id);
	}
	cr_run_info_clear(&info);
	cr_tcp_free(t);
	return ctx->worst_exit;
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	const char *sub = g_ptr_array_index(args->inputs, 0);
	char **a = (char **)args->inputs->pdata;
	guint n = args->inputs->len;

	if (strcmp(sub, "list") == 0) {
		if (n != 2)
			return usage("%s", "list takes one INPUT");
		return do_list(ctx, args, a[1]);
	}
	if (strcmp(sub, "summary") == 0) {
		if (n != 3)
			return usage("%s", "summary takes STREAM and one INPUT");
		return do_summary(ctx, a[1], a[2]);
	}
	if (strcmp(sub, "plot") == 0) {
		if (n != 4)
			return usage("%s", "plot takes STREAM, KIND and one INPUT");
		return do_plot(ctx, args, a[1], a[2], a[3]);
	}
	return usage("unknown subcommand '%s' (list, summary or plot)", sub);
}

const struct cr_cmd_entry cmd_tcp_entry = {
	.name = "tcp",
	.args = "list INPUT | summary STREAM|all INPUT | plot STREAM|all KIND INPUT",
	.summary = "TCP streams: list, per-direction summary, sequence/RTT/throughput/in-flight plots",
	.description =
		"list: one row per tcp.stream (A sent the first packet, as tshark -z conv,tcp):\n"
		"frames and bytes (frame lengths) each way, payload, start (seconds since the\n"
		"capture's first packet), duration, retransmissions (frames tshark flags),\n"
		"ACK RTT and state (closed, reset, refused, unanswered, half-closed, open;\n"
		"\"(no handshake)\" when the SYN was not captured).\n"
		"summary: per direction: bytes, payload, goodput (payload of each sequence\n"
		"number once: a retransmission adds only bytes whose original was not captured),\n"
		"throughput and goodput over the stream's duration, tshark's retransmission,\n"
		"duplicate ACK, zero window and lost segment counts, handshake RTT, ACK RTT\n"
		"min/avg/p50/p95/max, max bytes in flight. Text is shown as metric rows;\n"
		"CSV and JSON give one table, its first column the stream.\n"
		"plot KIND: seq (tcptrace-style time-sequence graph), rtt, tput (--window),\n"
		"inflight; writes NAME.svg, NAME.png, NAME.gp and NAME.*.dat into --plot-dir.",
	.examples =
		"  capreport tcp list samples/mixed.pcapng                  # every TCP stream\n"
		"  capreport tcp summary 0 -f json samples/mptcp.pcapng     # one stream, for scripts\n"
		"  capreport tcp plot 0 seq --plot-dir plots samples/mptcp.pcapng\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS | CR_CMD_TABLE,
	.exec = exec,
};
