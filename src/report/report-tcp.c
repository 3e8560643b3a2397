/* report-tcp.c - the report's TCP section: every stream listed, summaries and plots of the troubled and busiest. */
#include "plot.h"
#include "report-int.h"
#include "tcpplot.h"

#include <string.h>

/* Streams that get a summary and the four plots: those with anomalies first, then by bytes (both ways). */
#define TCP_TOP 3
/* An ACK RTT this many times the direction's mean, and this much above it, is a spike (from this many samples). */
#define TCP_SPIKE_TIMES 5
#define TCP_SPIKE_MS 10
#define TCP_SPIKE_SAMPLES 8
/* Fewer data segments (both ways) than this, or no payload: too little for a plot. */
#define TCP_HANDFUL 4
/* The throughput window: a 200th of the stream's duration, at least this many seconds. */
#define TCP_WINDOW_MIN 0.1

/*
 * The section reads the capture's TCP analyzer (the one inside cap->mptcp,
 * shared with the MPTCP section), which keeps the plot points of every
 * stream (bounded per stream by its thinning): the busiest streams are
 * known only at the end.
 */
bool cr_report_tcp_applies(const struct cr_report_capture *cap, void *state)
{
	(void)state;
	return cap->mptcp && cr_tcp_nstreams(cr_mptcp_tcp(cap->mptcp)) > 0;
}

/* Data segments of a followed stream, counted up to `enough` (a thinned stream has plenty). */
static unsigned data_segments(const struct cr_tcp_stream *s, unsigned enough)
{
	unsigned n = 0;

	if (!s->points || s->points->thinned)
		return enough;
	for (size_t i = 0; i < cr_series_len(s->points) && n < enough; i++)
		n += ((const struct cr_tcp_point *)cr_series_at(s->points, i))->len > 0;
	return n;
}

/* Stream s up for plots: its anomalies, as tshark flags them, both ways. */
static struct cr_report_pick stream_pick(const struct cr_tcp_stream *s)
{
	struct cr_report_pick p;
	uint64_t n[4] = { 0 };

	cr_report_pick_init(&p, s->id, s, s->dir[0].bytes + s->dir[1].bytes);
	for (int d = 0; d < 2; d++) {
		n[0] += s->dir[d].retrans;
		n[1] += s->dir[d].lost_segments;
		n[2] += s->dir[d].zero_windows;
		n[3] += s->dir[d].dup_acks;
	}
	cr_report_pick_event(&p, n[0], "retransmission", "retransmissions");
	cr_report_pick_event(&p, n[1], "lost segment", "lost segments");
	cr_report_pick_event(&p, n[2], "zero window", "zero windows");
	cr_report_pick_event(&p, n[3], "duplicate ACK", "duplicate ACKs");
	for (int d = 0; d < 2; d++) {
		const struct cr_tcp_dir *td = &s->dir[d];
		double mean = td->rtt_n ? td->rtt_sum / (double)td->rtt_n : 0;
		if (td->rtt_n >= TCP_SPIKE_SAMPLES && td->rtt_max > TCP_SPIKE_TIMES * mean &&
		    (td->rtt_max - mean) * 1e3 > TCP_SPIKE_MS) {
			char *spike = g_strdup_printf("RTT spike of %.0f ms (mean %.1f ms)", td->rtt_max * 1e3, mean * 1e3);
			cr_report_pick_event(&p, 1, spike, spike);
			g_free(spike);
		}
	}
	/* tcpdump text has no payload lengths: its streams are judged by bytes alone */
	p.small = !s->unanalysed && (s->dir[0].payload + s->dir[1].payload == 0 || data_segments(s, TCP_HANDFUL) < TCP_HANDFUL);
	return p;
}

static const struct cr_report_kind kinds[] = {
	{ "seq", "time-sequence graph",
	  "The tcptrace view of the direction that carried more data: a bar per segment (sequence number over time), "
	  "the ACK line (green), the receive window's edge (dashed), retransmissions in red." },
	{ "rtt", "ACK round-trip times", "The RTT each ACK measured (tshark's tcp.analysis.ack_rtt), per data direction." },
	{ "tput", "throughput and goodput",
	  "Payload bits per second over a sliding window: all of it (throughput) and without retransmissions (goodput)." },
	{ "inflight", "bytes in flight", "Bytes sent and not yet acknowledged (tshark's tcp.analysis.bytes_in_flight)." },
	{ NULL, NULL, NULL },
};

/* The row of stream `id` in `list` (column "stream") links to where its summary and plots are. */
static void link_stream(const struct cr_report_table *list, int64_t id, const struct cr_report_table *summary)
{
	int col = cr_table_col(list->t, "stream");

	for (size_t row = 0; col >= 0 && row < cr_table_nrows(list->t); row++) {
		const struct cr_cell *cell = &cr_table_row(list->t, row)[col];
		if (!cell->null && cell->v.i == id) {
			char *href = g_strdup_printf("%s#%s", summary->page, summary->anchor);
			cr_report_link_row(list, "stream", row, href);
			g_free(href);
		}
	}
}

/* One busy stream: what it is, its summary, its plots. */
static int add_stream(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
		      const struct cr_report_table *list, const struct cr_report_pick *pick, GError **err)
{
	const struct cr_tcp_stream *ts = pick->item;
	char *a = cr_tcp_endpoint(&ts->a, ts->port_a), *b = cr_tcp_endpoint(&ts->b, ts->port_b);
	char *state = cr_tcp_state(ts);
	char *what = g_strdup_printf("TCP stream %" G_GINT64_FORMAT, ts->id);
	struct cr_table *sum = cr_tcp_summary_table(ts);
	const struct cr_report_table *rt;
	double dur = (double)(ts->last_ns - ts->first_ns) / 1e9;
	struct cr_tcp_plot_opts o = { .prefix = c->slug, .window = MAX(TCP_WINDOW_MIN, dur / 200), .direction = -1 };
	char *thinned = ts->points ? cr_tcp_thinned_note(ts, true) : NULL;
	char *note = g_strdup_printf("chosen: %s%s%s", pick->why->str, thinned ? "; " : "", thinned ? thinned : "");

	g_free(thinned);
	cr_report_add_text(c, s, "Stream %" G_GINT64_FORMAT ": %s and %s, %s. Chosen: %s.", ts->id, a, b, state,
			   pick->why->str);
	g_free(a);
	g_free(b);
	g_free(state);
	g_free(sum->name);
	sum->name = g_strdup_printf("tcp_summary_%" G_GINT64_FORMAT, ts->id);
	rt = cr_report_add_detail_table(r, c, s, sum, NULL, err);
	if (rt)
		link_stream(list, ts->id, rt);
	for (int k = 0; rt && kinds[k].kind; k++) {
		o.kind = kinds[k].kind;
		/* NULL: nothing of this kind (no RTT samples, say) */
		cr_report_add_kind_plot(r, c, s, cr_tcp_plot_new(ts, &o, NULL), what, &kinds[k], rt, "tcp", note);
	}
	g_free(note);
	g_free(what);
	return rt ? 0 : -1;
}

void cr_report_add_kind_plot(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
			     struct cr_plot *p, const char *what, const struct cr_report_kind *k,
			     const struct cr_report_table *data, const char *proto, const char *thinned)
{
	struct cr_report_card *card;
	char *title;

	if (!p)
		return;
	title = g_strdup_printf("%s: %s", what, k->title);
	card = cr_report_add_plot(r, c, s, p, title, k->how, data);
	card->dir = g_strdup_printf("%s-%s", c->slug, proto);
	card->note = g_strdup(thinned);
	g_free(title);
}

int cr_report_tcp_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
		      void *state, GError **err)
{
	(void)state;
	const struct cr_tcp *t = cr_mptcp_tcp(c->mptcp);
	GArray *picks = g_array_new(FALSE, FALSE, sizeof(struct cr_report_pick));
	const struct cr_report_table *list;
	size_t n = cr_tcp_nstreams(t);
	guint plotted;
	int rc = 0;

	if (*cr_tcp_missing(t))
		cr_report_add_text(c, s, "The input lacks the columns %s: those numbers stay empty.", cr_tcp_missing(t));
	if (!(list = cr_report_add_table(r, c, s, cr_tcp_list_table(t, c->run.first_row_ns, NULL),
					 "One row per TCP connection (tshark's tcp.stream), as 'capreport tcp list': A "
					 "sent the first packet; frames and bytes (frame lengths) each way, payload, "
					 "retransmissions (frames tshark flags), ACK RTT and state. The numbers of the "
					 "streams shown below link to their summaries and plots.", err))) {
		cr_report_picks_free(picks);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct cr_report_pick p = stream_pick(cr_tcp_nth(t, i));
		g_array_append_val(picks, p);
	}
	if (n > TCP_TOP)
		cr_report_add_text(c, s, "At most %d streams follow, each with its summary and plots: first those with the "
				   "most retransmissions, lost segments, zero windows, duplicate ACKs and ACK RTT spikes "
				   "(%dx the mean and %d ms above it), then the "
				   "busiest by bytes ('capreport tcp summary' and 'capreport tcp plot' give them for any "
				   "stream).", TCP_TOP, TCP_SPIKE_TIMES, TCP_SPIKE_MS);
	plotted = cr_report_pick(picks, TCP_TOP, c, s, "Stream", "Streams",
				 "no payload, or fewer than " G_STRINGIFY(TCP_HANDFUL) " data segments");
	for (guint i = 0; i < plotted && rc == 0; i++)
		rc = add_stream(r, c, s, list, &g_array_index(picks, struct cr_report_pick, i), err);
	cr_report_picks_free(picks);
	return rc;
}
