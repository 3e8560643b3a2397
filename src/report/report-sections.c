/*
 * report-sections.c - the report's sections: each a registered unit that
 * says when it applies and adds its tables, plots and files. A new
 * analyzer joins the report by adding a row to cr_report_sections.
 */
#include "graph.h"
#include "plot.h"
#include "report-int.h"
#include "tableplot.h"
#include "timelineplot.h"
#include "tshark.h"

#include <errno.h>
#include <string.h>

#define PROTOCOLS_TOP 15

static bool has_packets(const struct cr_report_capture *c, void *state)
{
	(void)state;
	return c->run.packets > 0;
}

static bool has_conversations(const struct cr_report_capture *c, void *state)
{
	(void)state;
	return cr_table_nrows(c->conversations) > 0;
}

/* Add a plot with its note; the stem is <slug>-<what>. */
static struct cr_report_card *plot(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
				   struct cr_plot *p, const char *title, const char *how,
				   const struct cr_report_table *data)
{
	struct cr_report_card *card;

	if (p && cr_plot_empty(p)) {	/* a sentence, not an empty plot */
		cr_report_add_text(c, s, "%s: nothing to plot.", title);
		cr_plot_free(p);
		return NULL;
	}
	card = cr_report_add_plot(r, c, s, p, title, how, data);
	if (data && data->t->notes->len)
		card->note = g_strdup(g_ptr_array_index(data->t->notes, 0));
	return card;
}

/* ---- summary ------------------------------------------------------------- */

/*
 * The protocols tshark can name only by a heuristic dissector (a guess from
 * the payload: iperf3's data called jxta or thrift) are said so in the
 * table's note. tshark is asked which those are once per report.
 */
static void note_guesses(struct cr_report *r, const struct cr_report_capture *c, struct cr_table *t)
{
	GString *found = g_string_new(NULL);
	GError *e = NULL;

	if (!c->run.engine || strcmp(c->run.engine, "tshark") != 0)
		return (void)g_string_free(found, TRUE);	/* the native engine names no payload */
	if (!r->heuristics_asked) {
		r->heuristics_asked = true;
		if (!(r->heuristics = cr_tshark_heuristics(r->ctx, &e))) {
			cr_warn(r->ctx, "%s", e->message);
			g_error_free(e);
		}
	}
	for (size_t i = 0; r->heuristics && i < cr_table_nrows(t); i++) {
		const struct cr_cell *row = cr_table_row(t, i);
		if (!row[0].null && g_strv_contains((const char *const *)r->heuristics, row[0].v.s))
			g_string_append_printf(found, "%s%s", found->len ? ", " : "", row[0].v.s);
	}
	if (found->len)
		cr_table_add_note(t, "%s: named by tshark's heuristic dissectors alone, a guess from the payload "
				  "(iperf3's data, say, is often taken for jxta or thrift); the packets may be plain data",
				  found->str);
	g_string_free(found, TRUE);
}

static int summary_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
		       void *state, GError **err)
{
	GPtrArray *tables = cr_report_info_tables(c);
	const struct cr_report_table *protocols = NULL;
	bool failed = false;
	char *stem;

	(void)state;
	/* The report owns each table from here: take them out of the array one by one. */
	g_ptr_array_set_free_func(tables, NULL);
	for (guint i = 0; i < tables->len; i++) {
		struct cr_table *t = g_ptr_array_index(tables, i);
		const struct cr_report_table *rt;
		if (failed) {
			cr_table_free(t);
			continue;
		}
		rt = cr_report_add_table(r, c, s, t, NULL, err);
		failed = !rt;
		if (rt && strcmp(t->name, "protocols") == 0)
			protocols = rt;
	}
	g_ptr_array_free(tables, TRUE);
	if (failed)
		return -1;
	if (protocols)
		note_guesses(r, c, protocols->t);
	if (protocols && cr_table_nrows(protocols->t)) {
		stem = cr_report_stem(c, "protocols");
		plot(r, c, s, cr_report_plot_protocols(stem, protocols->t, PROTOCOLS_TOP), "Protocol mix",
		     "Each bar is a protocol, the highest layer tshark decoded in a packet: the packets (left) and "
		     "bytes (right) it carried.", protocols);
		g_free(stem);
	}
	return 0;
}

/* ---- conversations ------------------------------------------------------- */

static int conversations_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
			     void *state, GError **err)
{
	(void)state;
	if (!cr_report_add_table(r, c, s, cr_conv_table(c->conv_ip, c->run.first_row_ns, "bytes"),
				 "One row per pair of addresses, busiest first. A is the source of the pair's first "
				 "packet; bytes are frame lengths.", err))
		return -1;
	if (!cr_report_add_table(r, c, s, cr_conv_table(c->conv_tcp, c->run.first_row_ns, "bytes"),
				 "One row per TCP connection (tshark's tcp.stream).", err))
		return -1;
	if (!cr_report_add_table(r, c, s, cr_conv_table(c->conv_udp, c->run.first_row_ns, "bytes"),
				 "One row per UDP flow (tshark's udp.stream).", err))
		return -1;
	return 0;
}

/* ---- hosts --------------------------------------------------------------- */

static int hosts_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s, void *state,
		     GError **err)
{
	const struct cr_report_table *talkers;
	char *stem;

	(void)state;
	if (!cr_report_add_table(r, c, s, cr_endpoints_table(c->endpoints, "bytes"),
				 "One row per address, as tshark's endpoints statistics: packets and bytes sent (tx) "
				 "and received (rx).", err))
		return -1;
	talkers = cr_report_add_table(r, c, s, cr_rank_talkers(c->talkers), NULL, err);
	if (!talkers)
		return -1;
	stem = cr_report_stem(c, "talkers");
	plot(r, c, s, cr_report_plot_talkers(stem, talkers->t), "Top talkers",
	     "The addresses that moved the most bytes: dark bars are bytes sent, light bars bytes received.", talkers);
	g_free(stem);
	return 0;
}

/* ---- heatmap ------------------------------------------------------------- */

static int heatmap_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
		       void *state, GError **err)
{
	const struct cr_report_table *mt;
	char *stem;

	(void)state;
	mt = cr_report_add_table(r, c, s, cr_matrix_table(c->matrix, true),
				 "Bytes each source (row) sent to each destination (column); the last row and column "
				 "are totals. Empty cells carried nothing.", err);
	if (!mt)
		return -1;
	stem = cr_report_stem(c, "heatmap");
	plot(r, c, s, cr_report_plot_heatmap(stem, mt->t, "bytes"), "Conversation heatmap",
	     "A cell is the bytes a source (row) sent to a destination (column): green is little, red is much "
	     "(log scale), grey is none. Labels carry each host's total.", mt);
	g_free(stem);
	return 0;
}

/* ---- IP graph ------------------------------------------------------------ */

static int write_graph_file(struct cr_report *r, const struct cr_graph *g, const char *rel, int kind, GError **err)
{
	char *path = cr_report_path(r, rel);
	FILE *f = fopen(path, "w");
	int rc = -1;

	if (!f) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, g_strerror(errno));
	} else {
		GError *e = NULL;

		rc = kind == 0 ? cr_graph_write_dot(g, f, &e)
		     : kind == 1 ? cr_graph_write_json(g, f, &e)
		     : kind == 2 ? cr_graph_write_circos(g, false, f, &e)
				 : cr_graph_write_svg(g, f, &e);
		rc = cr_report_close_file(f, path, rc, &e, err);
	}
	g_free(path);
	return rc;
}

static int graph_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s, void *state,
		     GError **err)
{
	static const struct {
		const char *ext, *label;
	} files[] = { { "dot", "DOT (Graphviz)" }, { "json", "JSON (nodes and links)" },
		      { "circos", "Circos matrix (packets)" }, { NULL, NULL } };
	struct cr_graph *g = cr_rank_graph(c->edges);
	const struct cr_report_table *et;
	struct cr_report_card *card;
	char *dot = cr_graph_find_dot(), *stem = cr_report_stem(c, "graph"), *dotrel = NULL, *svg_rel = NULL;
	GPtrArray *links = g_ptr_array_new();
	int rc = -1;

	(void)state;
	if (!g)
		goto out;
	et = cr_report_add_table(r, c, s, cr_graph_table(g), "One row per direction of a conversation.", err);
	if (!et)
		goto out;
	{
		char *dir = cr_report_path(r, "plots");
		g_mkdir_with_parents(dir, 0755);
		g_free(dir);
	}
	for (int i = 0; files[i].ext; i++) {
		char *rel = g_strdup_printf("plots/%s.%s", stem, files[i].ext);
		if (write_graph_file(r, g, rel, i, err) != 0) {
			g_free(rel);
			goto out;
		}
		g_ptr_array_add(links, (gpointer)cr_report_add_file(c, s, rel, files[i].label));
		if (i == 0)
			dotrel = rel;
		else
			g_free(rel);
	}
	card = cr_report_add_plot(r, c, s, NULL, "IP graph",
				  "An arrow per direction of a conversation, thicker with more bytes, labelled with "
				  "packets and bytes.", et);
	g_free(card->stem);
	card->stem = g_strdup(stem);
	card->files = links;
	links = NULL;
	if (et->t->notes->len)
		card->note = g_strdup(g_ptr_array_index(et->t->notes, 0));
	svg_rel = g_strdup_printf("plots/%s.svg", stem);
	if (dot) {
		char *svg = cr_report_path(r, svg_rel), *dot_file = cr_report_path(r, dotrel);
		GError *e = NULL;
		if (cr_graph_render(dot, dot_file, svg, &e) == 0) {
			card->image = g_strdup(svg_rel);
		} else {
			cr_warn(r->ctx, "%s; the graph is drawn without Graphviz", e->message);
			g_error_free(e);
		}
		g_free(svg);
		g_free(dot_file);
	}
	if (!card->image) {
		/* No Graphviz, or it failed: capreport draws the edges on a circle itself. */
		if (write_graph_file(r, g, svg_rel, 3, err) != 0)
			goto out;
		card->image = g_strdup(svg_rel);
		g_free(card->note);
		card->note = g_strdup_printf("%s%s%s, so capreport drew the graph itself: the addresses on a circle "
					     "(apt-get install graphviz lays it out better)",
					     et->t->notes->len ? (char *)g_ptr_array_index(et->t->notes, 0) : "",
					     et->t->notes->len ? ". " : "",
					     dot ? "Graphviz dot failed" : "Graphviz is not installed");
	}
	rc = 0;
out:
	if (links)
		g_ptr_array_free(links, TRUE);
	cr_graph_free(g);
	g_free(dot);
	g_free(stem);
	g_free(dotrel);
	g_free(svg_rel);
	return rc;
}

/* ---- packet sizes -------------------------------------------------------- */

static int sizes_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
		     void *state, GError **err)
{
	const struct cr_report_table *t = cr_report_add_table(r, c, s, cr_sizes_table(c->sizes), NULL, err);
	char *stem;

	(void)state;
	if (!t)
		return -1;
	stem = cr_report_stem(c, "sizes");
	plot(r, c, s, cr_report_plot_sizes(stem, t->t, "Packet sizes"), "Packet sizes",
	     "How many packets had each frame length, in 20-byte bins (wider above 1600 bytes).", t);
	g_free(stem);
	return 0;
}

/* ---- ports and flows: the packet sample ---------------------------------- */

static bool has_sample(const struct cr_report_capture *c, void *state)
{
	(void)state;
	return cr_sample_seen(c->sample) > 0;
}

static int ports_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
		     void *state, GError **err)
{
	const struct cr_report_table *t;
	bool ports = false;
	int dp;
	char *stem;

	(void)state;
	t = cr_report_add_table(r, c, s, cr_sample_table(c->sample, c->run.first_row_ns),
				"The packets behind the two plots above, in time order.", err);
	if (!t)
		return -1;
	dp = cr_table_col(t->t, "dport");
	for (size_t i = 0; i < cr_table_nrows(t->t) && !ports; i++)
		ports = !cr_table_row(t->t, i)[dp].null;
	if (ports) {
		stem = cr_report_stem(c, "ports");
		plot(r, c, s, cr_report_plot_ports(stem, t->t), "Port scatter",
		     "A dot per packet: when it was sent (x) and its destination port (y, log scale). Rows of dots are "
		     "services; a spread of ports over a short time looks like a scan.", t);
		g_free(stem);
	}
	stem = cr_report_stem(c, "parallel");
	plot(r, c, s, cr_report_plot_parallel(stem, t->t), "Parallel coordinates",
	     "A line per packet through its time, source, destination and ports (Picviz's view): bundles show who "
	     "talks to which service.", t);
	g_free(stem);
	return 0;
}

/* ---- throughput ---------------------------------------------------------- */

static int throughput_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
			  void *state, GError **err)
{
	const struct cr_report_table *t = cr_report_add_table(r, c, s, cr_rate_table(c->rate), NULL, err);
	char *stem;

	(void)state;
	if (!t)
		return -1;
	stem = cr_report_stem(c, "throughput");
	plot(r, c, s, cr_report_plot_throughput(stem, t->t), "Throughput over time",
	     "Bits per second in each time bin: all traffic (black) and the busiest address pairs.", t);
	g_free(stem);
	return 0;
}

/* ---- timeline: the timeline analyzer's bins, gaps and per-day plots ------ */

#define TIMELINE_DAYS 31
#define HOUR_NS (3600 * (int64_t)1000000000)

static void *timeline_new(const struct cr_report_capture *c)
{
	(void)c;
	return cr_timeline_new(0);
}

static void timeline_free(void *state)
{
	cr_timeline_free(state);
}

static int timeline_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
			void *state, GError **err)
{
	struct cr_timeline *t = state;
	const struct cr_report_table *bins;
	struct cr_table *summary;
	GPtrArray *plots;
	GArray *gaps;
	guint left_out = 0;
	bool days = c->run.last_ts_ns - c->run.first_ts_ns >= HOUR_NS;
	int rc = -1;

	if (cr_timeline_finish(t, NULL, NULL, err) != 0)
		return -1;
	gaps = cr_timeline_gaps(t, 0);
	summary = cr_timeline_summary(t, gaps, 0, false);
	g_free(summary->name);
	summary->name = g_strdup("timeline_summary");	/* "summary" is the capture's */
	if (!cr_report_add_table(r, c, s, summary, NULL, err) ||
	    !(bins = cr_report_add_table(r, c, s, cr_timeline_table(t), "Packets and bytes per bin, every bin of the "
					 "span listed, empty ones too.", err)) ||
	    !cr_report_add_table(r, c, s, cr_timeline_gaps_table(gaps), "Runs of empty bins: times with no packets.",
				 err))
		goto out;
	plots = cr_timeline_plots(t, gaps, 0, c->name, false, days ? TIMELINE_DAYS : 0, &left_out);
	g_ptr_array_set_free_func(plots, NULL);	/* the cards own them from here */
	for (guint i = 0; i < plots->len; i++) {
		struct cr_plot *p = g_ptr_array_index(plots, i);
		const char *stem = cr_plot_stem(p);
		bool overview = strcmp(stem, "timeline-overview") == 0;
		char *title = overview ? g_strdup("Timeline") : g_strdup_printf("Timeline of %s (UTC)", stem + 9);
		struct cr_report_card *card = plot(r, c, s, p, title,
						   overview ? "Packets per bin over the whole capture; shaded spans had "
							      "no packets (gaps)."
							    : "Packets per bin over the active hours of one UTC day; "
							      "shaded spans had no packets.", bins);
		card->dir = g_strdup_printf("%s-timeline", c->slug);
		g_free(title);
	}
	g_ptr_array_free(plots, TRUE);
	if (left_out)
		cr_report_add_text(c, s, left_out == 1 ? "One more day is not drawn; the table has it."
						       : "Later days are not drawn; the table has them.");
	rc = 0;
out:
	g_array_unref(gaps);
	return rc;
}

/* In gallery order. Sentinel-ended. */
const struct cr_report_section cr_report_sections[] = {
	{ "summary", "Summary and protocols", NULL, NULL, NULL, NULL, summary_add },
	{ "hosts", "Hosts and top talkers", NULL, NULL, NULL, has_packets, hosts_add },
	{ "heatmap", "Conversation heatmap", NULL, NULL, NULL, has_conversations, heatmap_add },
	{ "graph", "IP graph", NULL, NULL, NULL, has_conversations, graph_add },
	{ "conversations", "Conversations", NULL, NULL, NULL, has_conversations, conversations_add },
	{ "sizes", "Packet sizes", NULL, NULL, NULL, has_packets, sizes_add },
	{ "ports", "Ports and flows", NULL, NULL, NULL, has_sample, ports_add },
	{ "throughput", "Throughput", NULL, NULL, NULL, has_packets, throughput_add },
	{ "timeline", "Timeline and gaps", timeline_new, cr_timeline_packet, timeline_free, has_packets, timeline_add },
	{ "tcp", "TCP streams", NULL, NULL, NULL, cr_report_tcp_applies, cr_report_tcp_add },
	{ "mptcp", "MPTCP connections", cr_report_mptcp_new, NULL, cr_report_mptcp_free, cr_report_mptcp_applies,
	  cr_report_mptcp_add },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};

/* Sections that need more than the ip profile's fields. Sentinel-ended. */
const struct cr_report_need cr_report_needs[] = {
	{ "tcp", "tcp" },
	{ "mptcp", "mptcp" },
	{ NULL, NULL },
};
