/* report-mptcp.c - the report's MPTCP section (RFC 8684, RFC 6824): the connections, and a page per connection. */
#include "mptcpplot.h"
#include "plot.h"
#include "report-int.h"

#include <string.h>

/* Connections that get a page of their own (anomalies first, then by bytes); the list has them all. */
#define MPTCP_PAGES 12
/* Fewer data segments than this, or no data: too little for a plot. */
#define MPTCP_HANDFUL 4
/* The per-subflow throughput window: a 200th of the connection's duration, at least this many seconds. */
#define MPTCP_WINDOW_MIN 0.1

/*
 * The section reads the capture's MPTCP analyzer (cap->mptcp, every
 * connection followed). Its state is the pages of the connections, each a
 * section of its own (owned here; the report's pages point at them until
 * the report is freed, which frees the capture's states last but for the
 * pages, which never read them then). cr_report_mptcp_new() / _free().
 */
struct mptcp_state {
	GPtrArray *pages;	/* of struct cr_report_section *, with their names and titles */
};

void *cr_report_mptcp_new(const struct cr_report_capture *cap)
{
	struct mptcp_state *st = g_new0(struct mptcp_state, 1);

	(void)cap;
	st->pages = g_ptr_array_new();
	return st;
}

void cr_report_mptcp_free(void *state)
{
	struct mptcp_state *st = state;

	if (!st)
		return;
	for (guint i = 0; i < st->pages->len; i++) {
		struct cr_report_section *s = g_ptr_array_index(st->pages, i);
		g_free((char *)s->name);
		g_free((char *)s->title);
		g_free(s);
	}
	g_ptr_array_free(st->pages, TRUE);
	g_free(st);
}

bool cr_report_mptcp_applies(const struct cr_report_capture *cap, void *state)
{
	(void)state;
	return cap->mptcp && cr_mptcp_nconns(cap->mptcp) > 0;
}

/* Rows of connection `id` first: the list cut to its row. */
static gint conn_first(gconstpointer a, gconstpointer b, gpointer data)
{
	const struct cr_cell *x = a, *y = b;
	int64_t id = *(const int64_t *)data;
	bool xa = !x[0].null && x[0].v.i == id, ya = !y[0].null && y[0].v.i == id;

	return (int)ya - (int)xa;
}

/* A table of one connection: "<name>_<id>" for its CSV file. */
static struct cr_table *of_conn(struct cr_table *t, int64_t id)
{
	char *name = g_strdup_printf("%s_%" G_GINT64_FORMAT, t->name, id);

	g_free(t->name);
	t->name = name;
	return t;
}

static const struct cr_report_kind kinds[] = {
	{ "dsn", "data sequence numbers",
	  "The relative data sequence number (DSN) of each segment over time, one colour per subflow; the green line is "
	  "the data ACK, red circles are reinjections (data first sent on another subflow)." },
	{ "interarrival", "DSN inter-arrival times",
	  "Time between consecutive data segments, per subflow and across subflows: histogram (left) and CDF (right)." },
	{ "tput", "throughput per subflow", "Each subflow's data rate over a window, stacked: the top edge is the total." },
	{ "reinject-delay", "reinjection delay", "CDF of the time between a segment and its reinjection on another subflow." },
	{ NULL, NULL, NULL },
};

/* Connection conn up for a page: its reinjections and its subflows' retransmissions. */
static struct cr_report_pick conn_pick(const struct cr_mptcp *m, const struct cr_mptcp_conn *conn)
{
	struct cr_report_pick p;
	uint64_t retrans = 0, segs = MPTCP_HANDFUL;

	cr_report_pick_init(&p, conn->id, conn, conn->dir[0].wire + conn->dir[1].wire);
	for (guint i = 0; i < conn->subflows->len; i++) {
		const struct cr_mptcp_subflow *sf = g_ptr_array_index(conn->subflows, i);
		const struct cr_tcp_stream *ts = cr_tcp_lookup(cr_mptcp_tcp(m), sf->tcp_stream);
		for (int d = 0; ts && d < 2; d++)
			retrans += ts->dir[d].retrans;
	}
	cr_report_pick_event(&p, conn->dir[0].reinj + conn->dir[1].reinj, "reinjection", "reinjections");
	cr_report_pick_event(&p, retrans, "retransmission on its subflows", "retransmissions on its subflows");
	if (conn->dsn_pts && !conn->dsn_pts->thinned)
		segs = cr_series_len(conn->dsn_pts);
	p.small = p.bytes == 0 || segs < MPTCP_HANDFUL;
	return p;
}

static int add_conn(struct cr_report *r, struct cr_report_capture *c, struct mptcp_state *st,
		    const struct cr_report_pick *pick, GError **err)
{
	const struct cr_mptcp_conn *conn = pick->item;
	struct cr_report_section *pg = g_new0(struct cr_report_section, 1);
	int64_t id = conn->id;
	struct cr_table *row = cr_mptcp_list_table(c->mptcp, c->run.first_row_ns);
	struct cr_table *summary[2] = { of_conn(cr_mptcp_summary_table(c->mptcp, id, true), id),
					of_conn(cr_mptcp_contrib_table(c->mptcp, id), id) };
	struct cr_table *reinj = of_conn(cr_mptcp_reinj_table(c->mptcp, id), id);
	const struct cr_report_table *subflows = NULL;
	double dur = (double)(conn->last_ns - conn->first_ns) / 1e9;
	struct cr_mptcp_plot_opts o = { .prefix = c->slug, .window = MAX(MPTCP_WINDOW_MIN, dur / 200) };
	char *shown = cr_series_note(conn->dsn_pts, "reinjection");
	char *note = g_strdup_printf("chosen: %s%s%s%s", pick->why->str, shown ? "; thinned: " : "", shown ? shown : "",
				     shown ? "; rates from every packet" : "");
	bool ok;

	pg->name = g_strdup_printf("mptcp-%" G_GINT64_FORMAT, id);
	pg->title = g_strdup_printf("MPTCP connection %" G_GINT64_FORMAT, id);
	g_ptr_array_add(st->pages, pg);
	cr_report_add_text(c, pg, "Chosen: %s.", pick->why->str);
	cr_table_sort(row, conn_first, &id);
	cr_table_truncate(row, 1);
	of_conn(row, id);
	ok = cr_report_add_detail_table(r, c, pg, row, "The connection, as its row of 'capreport mptcp list'.", err) &&
	     (subflows = cr_report_add_detail_table(r, c, pg, of_conn(cr_mptcp_subflows_table(c->mptcp, id), id),
						    "Its subflows, as 'capreport mptcp subflows': one TCP stream each.", err));
	for (int i = 0; i < 2; i++) {
		if (ok)
			ok = cr_report_add_detail_table(r, c, pg, summary[i], i ? NULL :
							"Per direction, as 'capreport mptcp summary --out-of-order'.",
							err) != NULL;
		else
			cr_table_free(summary[i]);
	}
	if (ok && cr_table_nrows(reinj) > 0) {
		ok = cr_report_add_detail_table(r, c, pg, reinj, "Segments carrying data first sent on another subflow.",
						err) != NULL;
	} else {
		cr_report_add_text(c, pg, "MPTCP connection %" G_GINT64_FORMAT " had no reinjections: no reinjection-delay plot.", id);
		cr_table_free(reinj);
	}
	if (ok)
		ok = cr_report_add_detail_table(r, c, pg, of_conn(cr_mptcp_events_table(c->mptcp, id, c->run.first_row_ns), id),
						"The control timeline: MP_CAPABLE, MP_JOIN, ADD_ADDR, REMOVE_ADDR, MP_PRIO, "
						"MP_FAIL, MP_FASTCLOSE, MP_TCPRST, DATA_FIN, subflow FIN and RST.", err) != NULL;
	for (int k = 0; ok && kinds[k].kind; k++) {
		o.kind = kinds[k].kind;
		/* NULL: no data segments */
		cr_report_add_kind_plot(r, c, pg, cr_mptcp_plot_new(conn, &o, NULL), pg->title, &kinds[k], subflows,
					"mptcp", note);
	}
	g_free(shown);
	g_free(note);
	return ok ? 0 : -1;
}

/* Rows of the connections that have a page link to it by their number (column "conn"). */
static void link_conns(const struct cr_report_capture *c, const struct mptcp_state *st, const struct cr_report_table *t)
{
	int col = cr_table_col(t->t, "conn");

	for (size_t row = 0; col >= 0 && row < cr_table_nrows(t->t); row++) {
		const struct cr_cell *cell = &cr_table_row(t->t, row)[col];
		for (guint i = 0; !cell->null && i < st->pages->len; i++) {
			const struct cr_report_section *pg = g_ptr_array_index(st->pages, i);
			char *name = g_strdup_printf("mptcp-%" G_GINT64_FORMAT, cell->v.i), *href;
			if (strcmp(pg->name, name) == 0) {
				href = g_strdup_printf("%s-%s.html", c->slug, pg->name);	/* its page's file */
				cr_report_link_row(t, "conn", row, href);
				g_free(href);
			}
			g_free(name);
		}
	}
}

int cr_report_mptcp_add(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
			void *state, GError **err)
{
	struct mptcp_state *st = state;
	size_t n = cr_mptcp_nconns(c->mptcp);
	struct cr_table *list = cr_mptcp_list_table(c->mptcp, c->run.first_row_ns);
	GArray *picks;
	guint pages;
	int rc = 0;

	if (*cr_mptcp_missing(c->mptcp))
		cr_report_add_text(c, s, "The input lacks the columns %s: MPTCP results are incomplete.",
				   cr_mptcp_missing(c->mptcp));
	const struct cr_report_table *tables[2];

	if (!(tables[0] = cr_report_add_table(r, c, s, list,
					      "One row per MPTCP connection, as 'capreport mptcp list': client and server "
					      "of the initial subflow, version, subflows, data bytes each way at MPTCP "
					      "level and on the wire; a connection's number links to its page.", err)) ||
	    !(tables[1] = cr_report_add_table(r, c, s, cr_mptcp_subflows_table(c->mptcp, -1),
					      "Every subflow of every connection, as 'capreport mptcp subflows all'.", err)))
		return -1;
	picks = g_array_new(FALSE, FALSE, sizeof(struct cr_report_pick));
	for (size_t i = 0; i < n; i++) {
		struct cr_report_pick p = conn_pick(c->mptcp, cr_mptcp_conn(c->mptcp, i));
		g_array_append_val(picks, p);
	}
	if (n > MPTCP_PAGES)
		cr_report_add_text(c, s, "At most %d connections have a page each: first those with the most reinjections "
				   "and retransmissions, then the busiest by bytes; 'capreport mptcp' gives the others.",
				   MPTCP_PAGES);
	pages = cr_report_pick(picks, MPTCP_PAGES, c, s, "Connection", "Connections",
			       "no data, or fewer than " G_STRINGIFY(MPTCP_HANDFUL) " data segments");
	for (guint i = 0; i < pages && rc == 0; i++)
		rc = add_conn(r, c, st, &g_array_index(picks, struct cr_report_pick, i), err);
	cr_report_picks_free(picks);
	if (rc != 0)
		return -1;
	for (int k = 0; k < 2; k++)
		link_conns(c, st, tables[k]);
	return 0;
}
