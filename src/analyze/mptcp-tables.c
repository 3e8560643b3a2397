/* mptcp-tables.c - MPTCP results as tables: connections, subflows, summary, contributions, reinjections, events. */
#include "mptcp.h"

#include <math.h>
#include <string.h>

struct col {
	const char *name;
	enum cr_coltype type;
};

static struct cr_table *table_new(const char *name, const char *title, const struct col *cols)
{
	struct cr_table *t = cr_table_new(name, title);

	for (int i = 0; cols[i].name; i++)
		cr_table_add_column(t, cols[i].name, cols[i].type);
	return t;
}

static void cell_addr(struct cr_cell *c, const struct cr_addr *a)
{
	char buf[64];

	cr_addr_format(a, buf, sizeof(buf));
	cr_cell_text(c, buf);
}

/* The subflow the connection started with: the initial one, else the first seen. */
static const struct cr_mptcp_subflow *initial(const struct cr_mptcp_conn *c)
{
	for (guint i = 0; i < c->subflows->len; i++) {
		const struct cr_mptcp_subflow *s = g_ptr_array_index(c->subflows, i);
		if (s->role == CR_MP_ROLE_INITIAL)
			return s;
	}
	return c->subflows->len ? g_ptr_array_index(c->subflows, 0) : NULL;
}

static bool is_failed_join(const struct cr_mptcp_subflow *s)
{
	const char *o = cr_mp_join_outcome(s);
	return s->role == CR_MP_ROLE_JOIN && strcmp(o, "established") != 0 && strcmp(o, "no handshake") != 0;
}

/* MPTCP-level bytes: the DSNs of the data segments seen, each once (not the extents of the mappings). */
static uint64_t dir_bytes(const struct cr_mp_cdir *cd)
{
	return cd->new_bytes;
}

static uint64_t wire_bytes(const struct cr_mptcp_conn *c, int d)
{
	uint64_t n = 0;

	for (guint i = 0; i < c->subflows->len; i++) {
		const struct cr_mptcp_subflow *s = g_ptr_array_index(c->subflows, i);
		n += s->dir[cr_mp_side(s, d)].payload;
	}
	return n;
}

/* What a reader must know about a connection's numbers. */
static char *conn_notes(const struct cr_mptcp_conn *c)
{
	GString *s = g_string_new(NULL);

	if (!c->mpc_syn)
		g_string_append(s, "handshake not captured; ");
	for (int d = 0; d < 2; d++)
		if (c->dir[d].base_from == 2 && c->dir[d].have_range) {
			g_string_append(s, "key not captured: DSNs relative to the first seen; ");
			break;
		}
	if (c->sides_guessed)
		g_string_append(s, "client and server guessed from the ports; ");
	if (c->joined_by_dsn)
		g_string_append(s, "subflows grouped by DSN space; ");
	if (c->events_cut)
		g_string_append(s, "events cut; ");
	if (s->len >= 2)
		g_string_truncate(s, s->len - 2);
	return g_string_free(s, s->len == 0);
}

static bool wanted(const struct cr_mptcp_conn *c, int64_t conn)
{
	return conn < 0 || (int64_t)c->id == conn;
}

struct cr_table *cr_mptcp_list_table(const struct cr_mptcp *m, int64_t first_ns)
{
	static const struct col cols[] = {
		{ "conn", CR_COL_INT }, { "client_addr", CR_COL_ADDR }, { "client_port", CR_COL_INT },
		{ "server_addr", CR_COL_ADDR }, { "server_port", CR_COL_INT }, { "version", CR_COL_INT },
		{ "subflows", CR_COL_INT }, { "failed_joins", CR_COL_INT }, { "start", CR_COL_SECONDS },
		{ "duration", CR_COL_SECONDS }, { "bytes_c2s", CR_COL_BYTES }, { "bytes_s2c", CR_COL_BYTES },
		{ "wire_c2s", CR_COL_BYTES }, { "wire_s2c", CR_COL_BYTES }, { "reinjected_bytes", CR_COL_BYTES },
		{ "note", CR_COL_TEXT }, { NULL, 0 },
	};
	struct cr_table *t = table_new("mptcp_connections", "MPTCP connections", cols);

	for (size_t i = 0; i < cr_mptcp_nconns(m); i++) {
		const struct cr_mptcp_conn *c = cr_mptcp_conn(m, i);
		const struct cr_mptcp_subflow *s = initial(c);
		struct cr_cell *row = cr_table_add_row(t);
		int64_t failed = 0;

		for (guint k = 0; k < c->subflows->len; k++)
			failed += is_failed_join(g_ptr_array_index(c->subflows, k));
		cr_cell_int(&row[0], c->id);
		if (s) {
			cell_addr(&row[1], &s->addr[cr_mp_side(s, 0)]);
			cr_cell_int(&row[2], s->port[cr_mp_side(s, 0)]);
			cell_addr(&row[3], &s->addr[cr_mp_side(s, 1)]);
			cr_cell_int(&row[4], s->port[cr_mp_side(s, 1)]);
		}
		if (c->version >= 0)
			cr_cell_int(&row[5], c->version);
		cr_cell_int(&row[6], (int64_t)c->subflows->len);
		cr_cell_int(&row[7], failed);
		cr_cell_float(&row[8], (double)(c->first_ns - first_ns) / 1e9);
		cr_cell_float(&row[9], (double)(c->last_ns - c->first_ns) / 1e9);
		cr_cell_int(&row[10], (int64_t)dir_bytes(&c->dir[0]));
		cr_cell_int(&row[11], (int64_t)dir_bytes(&c->dir[1]));
		cr_cell_int(&row[12], (int64_t)wire_bytes(c, 0));
		cr_cell_int(&row[13], (int64_t)wire_bytes(c, 1));
		cr_cell_int(&row[14], (int64_t)(c->dir[0].reinj_bytes + c->dir[1].reinj_bytes));
		cr_cell_take(&row[15], conn_notes(c));
	}
	return t;
}

/* TCP numbers of a subflow in direction d of its connection. */
static const struct cr_tcp_dir *tcp_dir(const struct cr_tcp_stream *ts, const struct cr_mptcp_subflow *s, int d)
{
	int side = cr_mp_side(s, d);
	bool is_a = cr_addr_cmp(&s->addr[side], &ts->a) == 0 && s->port[side] == ts->port_a;

	return &ts->dir[is_a ? 0 : 1];
}

/* min, avg, max ACK RTT of one direction's data, in ms; empty without samples. */
static void cell_rtt(struct cr_cell *c, const struct cr_tcp_dir *x)
{
	if (!x->rtt_n)
		return;
	cr_cell_float(&c[0], x->rtt_min * 1000);
	cr_cell_float(&c[1], x->rtt_sum / (double)x->rtt_n * 1000);
	cr_cell_float(&c[2], x->rtt_max * 1000);
}

struct cr_table *cr_mptcp_subflows_table(const struct cr_mptcp *m, int64_t conn)
{
	static const struct col cols[] = {
		{ "conn", CR_COL_INT }, { "tcp_stream", CR_COL_INT }, { "client_addr", CR_COL_ADDR },
		{ "client_port", CR_COL_INT }, { "server_addr", CR_COL_ADDR }, { "server_port", CR_COL_INT },
		{ "role", CR_COL_TEXT }, { "local_id", CR_COL_INT }, { "remote_id", CR_COL_INT },
		{ "backup", CR_COL_INT }, { "join", CR_COL_TEXT }, { "packets_c2s", CR_COL_INT },
		{ "payload_c2s", CR_COL_BYTES }, { "packets_s2c", CR_COL_INT }, { "payload_s2c", CR_COL_BYTES },
		{ "share_pct", CR_COL_FLOAT }, { "rtt_c2s_min_ms", CR_COL_FLOAT }, { "rtt_c2s_avg_ms", CR_COL_FLOAT },
		{ "rtt_c2s_max_ms", CR_COL_FLOAT }, { "rtt_s2c_min_ms", CR_COL_FLOAT }, { "rtt_s2c_avg_ms", CR_COL_FLOAT },
		{ "rtt_s2c_max_ms", CR_COL_FLOAT }, { "retransmissions", CR_COL_INT }, { NULL, 0 },
	};
	static const char *const roles[] = { "initial", "join", "unknown" };
	struct cr_table *t = table_new("mptcp_subflows", "MPTCP subflows", cols);
	const struct cr_tcp *tcp = cr_mptcp_tcp(m);

	for (size_t i = 0; i < cr_mptcp_nconns(m); i++) {
		const struct cr_mptcp_conn *c = cr_mptcp_conn(m, i);
		uint64_t total = c->dir[0].new_bytes + c->dir[1].new_bytes;
		if (!wanted(c, conn))
			continue;
		for (guint k = 0; k < c->subflows->len; k++) {
			const struct cr_mptcp_subflow *s = g_ptr_array_index(c->subflows, k);
			const struct cr_tcp_stream *ts = cr_tcp_lookup(tcp, s->tcp_stream);
			int cs = cr_mp_side(s, 0), ss = cr_mp_side(s, 1);
			struct cr_cell *row = cr_table_add_row(t);
			cr_cell_int(&row[0], c->id);
			cr_cell_int(&row[1], s->tcp_stream);
			cell_addr(&row[2], &s->addr[cs]);
			cr_cell_int(&row[3], s->port[cs]);
			cell_addr(&row[4], &s->addr[ss]);
			cr_cell_int(&row[5], s->port[ss]);
			cr_cell_text(&row[6], roles[s->role]);
			if (s->role == CR_MP_ROLE_INITIAL) {
				cr_cell_int(&row[7], 0);
				cr_cell_int(&row[8], 0);
			} else {
				if (s->addr_id[cs] >= 0)
					cr_cell_int(&row[7], s->addr_id[cs]);
				if (s->addr_id[ss] >= 0)
					cr_cell_int(&row[8], s->addr_id[ss]);
			}
			if (s->backup >= 0)
				cr_cell_int(&row[9], s->backup);
			cr_cell_text(&row[10], cr_mp_join_outcome(s));
			if (ts) {
				const struct cr_tcp_dir *c2s = tcp_dir(ts, s, 0), *s2c = tcp_dir(ts, s, 1);
				cr_cell_int(&row[11], (int64_t)c2s->packets);
				cr_cell_int(&row[12], (int64_t)c2s->payload);
				cr_cell_int(&row[13], (int64_t)s2c->packets);
				cr_cell_int(&row[14], (int64_t)s2c->payload);
				/* Each direction's data has its own RTT (the peer's ACKs time it): never pooled. */
				cell_rtt(&row[16], c2s);
				cell_rtt(&row[19], s2c);
				cr_cell_int(&row[22], (int64_t)(c2s->retrans + s2c->retrans));
			}
			if (total)
				cr_cell_float(&row[15], 100.0 * (double)(s->dir[0].new_bytes + s->dir[1].new_bytes) / (double)total);
		}
	}
	return t;
}

static char *endpoint_of(const struct cr_mptcp_conn *c, int d)
{
	const struct cr_mptcp_subflow *s = initial(c);
	int side;

	if (!s)
		return NULL;
	side = cr_mp_side(s, d);
	return cr_tcp_endpoint(&s->addr[side], s->port[side]);
}

struct cr_table *cr_mptcp_summary_table(const struct cr_mptcp *m, int64_t conn, bool out_of_order)
{
	static const struct col cols[] = {
		{ "conn", CR_COL_INT }, { "direction", CR_COL_TEXT }, { "from", CR_COL_TEXT }, { "to", CR_COL_TEXT },
		{ "mptcp_bytes", CR_COL_BYTES }, { "wire_bytes", CR_COL_BYTES }, { "duration", CR_COL_SECONDS },
		{ "goodput", CR_COL_RATE }, { "subflows_used", CR_COL_INT }, { "reinjections", CR_COL_INT },
		{ "reinjected_bytes", CR_COL_BYTES }, { "data_acked", CR_COL_BYTES }, { NULL, 0 },
	};
	static const struct col ooo[] = {
		{ "late_segments", CR_COL_INT }, { "max_reorder_bytes", CR_COL_BYTES }, { "hol_events", CR_COL_INT },
		{ "hol_avg_ms", CR_COL_FLOAT }, { "hol_max_ms", CR_COL_FLOAT }, { NULL, 0 },
	};
	struct cr_table *t = table_new("mptcp_summary", "MPTCP connection summary", cols);

	if (out_of_order)
		for (int i = 0; ooo[i].name; i++)
			cr_table_add_column(t, ooo[i].name, ooo[i].type);
	for (size_t i = 0; i < cr_mptcp_nconns(m); i++) {
		const struct cr_mptcp_conn *c = cr_mptcp_conn(m, i);
		double dur = (double)(c->last_ns - c->first_ns) / 1e9;
		if (!wanted(c, conn))
			continue;
		for (int d = 0; d < 2; d++) {
			const struct cr_mp_cdir *cd = &c->dir[d];
			struct cr_cell *row = cr_table_add_row(t);
			int64_t used = 0;
			for (guint k = 0; k < c->subflows->len; k++) {
				const struct cr_mptcp_subflow *s = g_ptr_array_index(c->subflows, k);
				used += s->dir[cr_mp_side(s, d)].mapped > 0;
			}
			cr_cell_int(&row[0], c->id);
			cr_cell_text(&row[1], d == 0 ? "client->server" : "server->client");
			cr_cell_take(&row[2], endpoint_of(c, d));
			cr_cell_take(&row[3], endpoint_of(c, 1 - d));
			cr_cell_int(&row[4], (int64_t)dir_bytes(cd));
			cr_cell_int(&row[5], (int64_t)wire_bytes(c, d));
			cr_cell_float(&row[6], dur);
			if (dur > 0)
				cr_cell_float(&row[7], (double)dir_bytes(cd) * 8 / dur);
			cr_cell_int(&row[8], used);
			cr_cell_int(&row[9], (int64_t)cd->reinj);
			cr_cell_int(&row[10], (int64_t)cd->reinj_bytes);
			if (cd->have_ack && cd->have_range)
				cr_cell_int(&row[11], MAX(0, (int64_t)(MIN(cd->ack_hi, cd->hi) - cd->lo)));
			if (out_of_order) {
				cr_cell_int(&row[12], (int64_t)cd->late);
				cr_cell_int(&row[13], (int64_t)cd->max_distance);
				cr_cell_int(&row[14], (int64_t)cd->hol_n);
				if (cd->hol_n) {
					cr_cell_float(&row[15], cd->hol_sum / (double)cd->hol_n * 1000);
					cr_cell_float(&row[16], cd->hol_max * 1000);
				}
			}
		}
		{
			char *n = conn_notes(c);
			if (n)
				cr_table_add_note(t, "note: connection %u: %s", c->id, n);
			g_free(n);
		}
	}
	return t;
}

struct cr_table *cr_mptcp_contrib_table(const struct cr_mptcp *m, int64_t conn)
{
	static const struct col cols[] = {
		{ "conn", CR_COL_INT }, { "direction", CR_COL_TEXT }, { "tcp_stream", CR_COL_INT },
		{ "new_bytes", CR_COL_BYTES }, { "mapped_bytes", CR_COL_BYTES }, { "reinjected_bytes", CR_COL_BYTES },
		{ "share_pct", CR_COL_FLOAT }, { NULL, 0 },
	};
	struct cr_table *t = table_new("mptcp_contributions", "Each subflow's share of the data", cols);

	for (size_t i = 0; i < cr_mptcp_nconns(m); i++) {
		const struct cr_mptcp_conn *c = cr_mptcp_conn(m, i);
		if (!wanted(c, conn))
			continue;
		for (int d = 0; d < 2; d++)
			for (guint k = 0; k < c->subflows->len; k++) {
				const struct cr_mptcp_subflow *s = g_ptr_array_index(c->subflows, k);
				const struct cr_mp_sfdir *sd = &s->dir[cr_mp_side(s, d)];
				struct cr_cell *row = cr_table_add_row(t);
				cr_cell_int(&row[0], c->id);
				cr_cell_text(&row[1], d == 0 ? "client->server" : "server->client");
				cr_cell_int(&row[2], s->tcp_stream);
				cr_cell_int(&row[3], (int64_t)sd->new_bytes);
				cr_cell_int(&row[4], (int64_t)sd->mapped);
				cr_cell_int(&row[5], (int64_t)sd->reinj_bytes);
				if (c->dir[d].new_bytes)
					cr_cell_float(&row[6], 100.0 * (double)sd->new_bytes / (double)c->dir[d].new_bytes);
			}
	}
	return t;
}

struct cr_table *cr_mptcp_reinj_table(const struct cr_mptcp *m, int64_t conn)
{
	static const struct col cols[] = {
		{ "conn", CR_COL_INT }, { "frame", CR_COL_INT }, { "tcp_stream", CR_COL_INT },
		{ "direction", CR_COL_TEXT }, { "dsn", CR_COL_INT }, { "length", CR_COL_INT },
		{ "reinjects_frame", CR_COL_INT }, { "reinjects_stream", CR_COL_INT }, { "delay_ms", CR_COL_FLOAT },
		{ NULL, 0 },
	};
	struct cr_table *t = table_new("mptcp_reinjections", "MPTCP reinjections", cols);

	for (size_t i = 0; i < cr_mptcp_nconns(m); i++) {
		const struct cr_mptcp_conn *c = cr_mptcp_conn(m, i);
		if (!wanted(c, conn))
			continue;
		for (guint k = 0; k < c->reinjections->len; k++) {
			const struct cr_mp_reinj *r = &g_array_index(c->reinjections, struct cr_mp_reinj, k);
			struct cr_cell *row = cr_table_add_row(t);
			cr_cell_int(&row[0], c->id);
			cr_cell_int(&row[1], (int64_t)r->frame);
			cr_cell_int(&row[2], r->tcp_stream);
			cr_cell_text(&row[3], r->dir == 0 ? "client->server" : "server->client");
			cr_cell_int(&row[4], cr_mp_rel(c, r->dir, r->dsn));
			cr_cell_int(&row[5], r->len);
			cr_cell_int(&row[6], (int64_t)r->orig_frame);
			cr_cell_int(&row[7], r->orig_stream);
			cr_cell_float(&row[8], (double)r->delay_ns / 1e6);
		}
	}
	return t;
}

/* Events in time order within a connection (a merged capture may not be). */
static int cmp_events(gconstpointer x, gconstpointer y, gpointer data)
{
	const struct cr_cell *a = x, *b = y;

	(void)data;
	if (a[0].v.i != b[0].v.i)
		return a[0].v.i < b[0].v.i ? -1 : 1;
	if (a[1].v.f != b[1].v.f)
		return a[1].v.f < b[1].v.f ? -1 : 1;
	return a[2].v.i < b[2].v.i ? -1 : a[2].v.i > b[2].v.i;
}

struct cr_table *cr_mptcp_events_table(const struct cr_mptcp *m, int64_t conn, int64_t first_ns)
{
	static const struct col cols[] = {
		{ "conn", CR_COL_INT }, { "time", CR_COL_SECONDS }, { "frame", CR_COL_INT }, { "tcp_stream", CR_COL_INT },
		{ "direction", CR_COL_TEXT }, { "event", CR_COL_TEXT }, { "detail", CR_COL_TEXT }, { NULL, 0 },
	};
	struct cr_table *t = table_new("mptcp_events", "MPTCP control events", cols);

	for (size_t i = 0; i < cr_mptcp_nconns(m); i++) {
		const struct cr_mptcp_conn *c = cr_mptcp_conn(m, i);
		if (!wanted(c, conn))
			continue;
		for (guint k = 0; k < c->events->len; k++) {
			const struct cr_mp_event *e = &g_array_index(c->events, struct cr_mp_event, k);
			const struct cr_mptcp_subflow *s = NULL;
			struct cr_cell *row = cr_table_add_row(t);
			for (guint j = 0; j < c->subflows->len && !s; j++) {
				const struct cr_mptcp_subflow *x = g_ptr_array_index(c->subflows, j);
				if (x->tcp_stream == e->tcp_stream)
					s = x;
			}
			cr_cell_int(&row[0], c->id);
			cr_cell_float(&row[1], (double)(e->ts_ns - first_ns) / 1e9);
			cr_cell_int(&row[2], (int64_t)e->frame);
			cr_cell_int(&row[3], e->tcp_stream);
			if (s)
				cr_cell_text(&row[4], e->side == cr_mp_side(s, 0) ? "client->server" : "server->client");
			cr_cell_text(&row[5], e->what);
			cr_cell_text(&row[6], e->detail);
		}
		if (c->events_cut)
			cr_table_add_note(t, "note: connection %u has more events than are kept", c->id);
	}
	cr_table_sort(t, cmp_events, NULL);
	return t;
}
