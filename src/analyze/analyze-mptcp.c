/* analyze-mptcp.c - the MPTCP analyzer, per packet (RFC 8684 v1, RFC 6824 v0): DSS mappings, data ACKs, DSN space. */
#include "mptcp-int.h"

#include <string.h>

static const char *const column_names[M_N + 1] = {
	"tcp.seq", "tcp.len", "tcp.flags", "tcp.options.mptcp.subtype", "tcp.options.mptcp.version",
	"tcp.options.mptcp.sendkey", "tcp.options.mptcp.recvkey", "tcp.options.mptcp.recvtok",
	"tcp.options.mptcp.addrid", "tcp.options.mptcp.ipv4", "tcp.options.mptcp.ipv6",
	"tcp.options.mptcp.port", "tcp.options.mptcp.rawdataseqno", "tcp.options.mptcp.dseqn8.flag",
	"tcp.options.mptcp.rawdataack", "tcp.options.mptcp.dataack8.flag", "tcp.options.mptcp.datalvllen",
	"tcp.options.mptcp.subflowseqno", "tcp.options.mptcp.datafin.flag", "tcp.options.mptcp.backup.flag",
	"tcp.options.mptcp.rst_reason", "tcp.options.mptcp.echo", NULL,
};

struct cr_mptcp *cr_mptcp_new(void)
{
	struct cr_mptcp *m = g_new0(struct cr_mptcp, 1);

	for (int i = 0; i < M_N; i++)
		m->col[i] = -1;
	m->missing = g_string_new(NULL);
	m->tcp = cr_tcp_new();
	m->subflows = g_hash_table_new(g_int64_hash, g_int64_equal);
	m->sf_all = g_ptr_array_new_with_free_func(g_free);
	m->conns = g_ptr_array_new();
	m->tokens = g_hash_table_new(g_direct_hash, g_direct_equal);
	m->follow = -2;
	return m;
}

static void conn_free(struct cr_mptcp_conn *c)
{
	for (int d = 0; d < 2; d++)
		cr_mp_cdir_clear(&c->dir[d]);
	cr_mp_events_clear(c);
	g_array_free(c->reinjections, TRUE);
	g_ptr_array_free(c->subflows, TRUE);
	cr_series_free(c->dsn_pts);
	cr_series_free(c->ack_pts);
	cr_bins_free(c->rates);
	if (c->iat)
		g_array_free(c->iat, TRUE);
	g_free(c);
}

void cr_mptcp_free(struct cr_mptcp *m)
{
	if (!m)
		return;
	for (guint i = 0; i < m->conns->len; i++)
		conn_free(g_ptr_array_index(m->conns, i));
	g_ptr_array_free(m->conns, TRUE);
	g_ptr_array_free(m->sf_all, TRUE);
	g_hash_table_destroy(m->subflows);
	g_hash_table_destroy(m->tokens);
	g_string_free(m->missing, TRUE);
	cr_tcp_free(m->tcp);
	g_free(m);
}

void cr_mptcp_follow(struct cr_mptcp *m, int64_t id, size_t points)
{
	m->follow = id;
	m->points = points ? points : CR_PLOT_POINTS;
}

void cr_mptcp_follow_tcp(struct cr_mptcp *m, int64_t id, size_t points)
{
	cr_tcp_follow(m->tcp, id, points);
}

int cr_mptcp_header(void *user, const struct cr_row *names)
{
	struct cr_mptcp *m = user;

	cr_tcp_header(m->tcp, names);
	cr_fields_resolve(m->col, column_names, M_N, names);
	g_string_truncate(m->missing, 0);
	for (int i = 0; i < M_N; i++)
		if (m->col[i] < 0)
			g_string_append_printf(m->missing, "%s%s", m->missing->len ? ", " : "", column_names[i]);
	return 0;
}

const char *cr_mptcp_missing(const struct cr_mptcp *m)
{
	return m->missing->str;
}

size_t cr_mptcp_nconns(const struct cr_mptcp *m)
{
	return m->conns->len;
}

struct cr_mptcp_conn *cr_mptcp_conn(const struct cr_mptcp *m, size_t i)
{
	return i < m->conns->len ? g_ptr_array_index(m->conns, i) : NULL;
}

const struct cr_tcp *cr_mptcp_tcp(const struct cr_mptcp *m)
{
	return m->tcp;
}

int cr_mp_side(const struct cr_mptcp_subflow *s, int d)
{
	int client = s->client < 0 ? 0 : s->client;
	return d == 0 ? client : 1 - client;
}

/* The 64-bit value whose low 32 bits are `low`, nearest to `ref`. */
static uint64_t expand32(uint64_t ref, uint64_t low)
{
	uint64_t cand = (ref & ~(uint64_t)0xffffffff) | (low & 0xffffffff);
	int64_t diff = (int64_t)(cand - ref);

	if (diff > (int64_t)0x80000000)
		cand -= (uint64_t)1 << 32;
	else if (diff < -(int64_t)0x80000000)
		cand += (uint64_t)1 << 32;
	return cand;
}

/* A reference DSN of direction d to expand 4-byte values; false when none. */
static bool dir_ref(const struct cr_mp_cdir *cd, uint64_t *ref)
{
	if (cd->have_range)
		*ref = cd->hi;
	else if (cd->base_from)
		*ref = cd->base;
	else
		return false;
	return true;
}

static void mapping_push(struct cr_mp_sfdir *sd, const struct cr_mp_mapping *mp)
{
	sd->map[sd->next] = *mp;
	sd->next = (sd->next + 1) % CR_MP_MAPPINGS;
	if (sd->nmap < CR_MP_MAPPINGS)
		sd->nmap++;
}

/* The raw DSN of subflow byte `rel_ssn`, from the recent mappings. */
static bool mapping_find(const struct cr_mp_sfdir *sd, uint32_t rel_ssn, uint64_t *dsn, uint32_t *room)
{
	for (unsigned k = 0; k < sd->nmap; k++) {
		const struct cr_mp_mapping *mp = &sd->map[(sd->next + CR_MP_MAPPINGS - 1 - k) % CR_MP_MAPPINGS];
		uint32_t off = rel_ssn - mp->ssn;
		if (mp->ssn != 0 && off < mp->len) {
			*dsn = mp->dsn + off;
			*room = mp->len - off;
			return true;
		}
	}
	return false;
}

static void follow_ack(struct cr_mptcp_conn *c, const struct cr_mptcp_subflow *s, int d, uint64_t raw, int64_t ts)
{
	struct cr_mp_point pt = { .ts_ns = ts, .rel = cr_mp_rel(c, d, raw), .sf = (uint16_t)s->idx, .dir = (uint8_t)d };

	cr_series_add(c->ack_pts, &pt, ts, false);
}

/* Handle a DSS: the mapping and the data ACK. */
static void dss(struct cr_mptcp *m, struct cr_mptcp_subflow *s, int x, const struct cr_mp_opts *o, const struct cr_pkt *p)
{
	uint64_t raw, ssn, dll, ack;
	bool has_map = cr_mp_opt_u64(o, M_RAWDSN, &raw) && cr_mp_opt_u64(o, M_SSN, &ssn) && cr_mp_opt_u64(o, M_DLL, &dll);
	bool map8 = cr_mp_opt_flag(o, M_DSN8), ack8 = cr_mp_opt_flag(o, M_ACK8), has_ack = cr_mp_opt_u64(o, M_RAWACK, &ack);
	struct cr_mptcp_conn *c = s->conn;
	uint64_t ref;
	int d;

	if (!c) {
		if (has_map && map8)
			cr_mp_attach_by_dsn(m, s, x, raw, false, p);
		else if (has_ack && ack8)
			cr_mp_attach_by_dsn(m, s, x, ack, true, p);
		if (!(c = s->conn))
			return;
	}
	d = x == s->client ? 0 : 1;
	if (has_map) {
		struct cr_mp_mapping mp;
		struct cr_mp_sfdir *sd = &s->dir[x];
		bool fin = cr_mp_opt_flag(o, M_DATAFIN);
		uint64_t end;
		if (!map8) {
			if (!dir_ref(&c->dir[d], &ref))
				goto ack;
			raw = expand32(ref, raw);
		}
		if (!c->dir[d].base_from) {
			c->dir[d].base = raw - 1;
			c->dir[d].base_from = 2;
		}
		mp.dsn = raw;
		mp.ssn = (uint32_t)ssn;
		mp.len = (uint32_t)dll;
		end = raw + dll - (fin ? 1 : 0);
		/* Linux repeats the DATA_FIN on every segment of the last mapping: one event per subflow and DSN. */
		if (fin && (!sd->datafin_seen || sd->datafin_dsn != raw + dll - 1)) {
			char *det = g_strdup_printf("DSN %" G_GINT64_FORMAT, cr_mp_rel(c, d, raw + dll - 1));
			sd->datafin_seen = true;
			sd->datafin_dsn = raw + dll - 1;
			c->dir[d].datafin = true;
			c->dir[d].datafin_dsn = raw + dll - 1;
			cr_mp_event_add(c, p, s, x, "DATA_FIN", det);
		}
		if (end > raw) {
			struct cr_mp_cdir *cd = &c->dir[d];
			if (!cd->have_range || (int64_t)(raw - cd->lo) < 0)
				cd->lo = raw;
			if (!cd->have_range || (int64_t)(end - cd->hi) > 0)
				cd->hi = end;
			cd->have_range = true;
		}
		if (mp.ssn != 0) {
			/* Without this side's SYN, tshark's seq is relative to its first packet: line it up. */
			if (!sd->isn_seen && o->len > 0 &&
			    (!sd->offset_known || (!sd->offset_firm && mp.ssn != sd->first_ssn))) {
				sd->seq_offset = (int64_t)o->seq - (int64_t)mp.ssn;
				sd->offset_firm = sd->offset_known;
				sd->offset_known = true;
				sd->first_ssn = mp.ssn;
			}
			mapping_push(sd, &mp);
		}
	}
ack:
	if (has_ack) {
		int da = 1 - d;	/* this packet acknowledges the other direction */
		struct cr_mp_cdir *cd = &c->dir[da];
		if (!ack8) {
			if (!dir_ref(cd, &ref))
				return;
			ack = expand32(ref, ack);
		}
		if (!cd->base_from) {
			cd->base = ack - 1;
			cd->base_from = 2;
		}
		if (!cd->have_ack || (int64_t)(ack - cd->ack_hi) > 0) {
			cd->ack_hi = ack;
			cd->have_ack = true;
			if (c->followed)
				follow_ack(c, s, da, ack, p->ts_ns);
		}
	}
}

/* v1: data sent with the MP_CAPABLE of the third ACK maps from IDSN + 1, subflow byte 1. */
static void capable_data(struct cr_mptcp_subflow *s, int x, const struct cr_mp_opts *o)
{
	struct cr_mptcp_conn *c = s->conn;
	uint64_t dll;
	int d;

	if (!c || o->has[CR_MP_DSS] || !cr_mp_opt_u64(o, M_DLL, &dll))
		return;
	d = x == s->client ? 0 : 1;
	if (!c->has_key[d])
		return;
	{
		struct cr_mp_mapping mp = { .dsn = c->idsn[d] + 1, .ssn = 1, .len = (uint32_t)dll };
		struct cr_mp_cdir *cd = &c->dir[d];
		mapping_push(&s->dir[x], &mp);
		if (!cd->have_range || (int64_t)(mp.dsn - cd->lo) < 0)
			cd->lo = mp.dsn;
		if (!cd->have_range || (int64_t)(mp.dsn + dll - cd->hi) > 0)
			cd->hi = mp.dsn + dll;
		cd->have_range = true;
	}
}

/* The payload of the packet, placed in DSN space. */
static void payload(struct cr_mptcp_subflow *s, int x, const struct cr_mp_opts *o, const struct cr_pkt *p)
{
	struct cr_mp_sfdir *sd = &s->dir[x];
	struct cr_mptcp_conn *c = s->conn;
	uint64_t dsn;
	uint32_t rel, room, len = (uint32_t)MIN(o->len, UINT32_MAX);
	int d;

	sd->packets++;
	sd->payload += o->len;
	if (o->len == 0)
		return;
	s->data = true;
	if (!c) {
		sd->unmapped += o->len;
		return;
	}
	rel = (uint32_t)((int64_t)o->seq - (sd->isn_seen ? 0 : sd->seq_offset));
	if (!mapping_find(sd, rel, &dsn, &room)) {
		sd->unmapped += o->len;
		return;
	}
	if (len > room)
		len = room;
	sd->mapped += len;
	d = x == s->client ? 0 : 1;
	cr_mp_data(c, s, x, d, dsn, len, p->frame, p->ts_ns);
}

int cr_mptcp_packet(void *user, const struct cr_pkt *p)
{
	struct cr_mptcp *m = user;
	const struct cr_row *r = p->row;
	struct cr_mptcp_subflow *s;
	struct cr_mp_opts o = { .r = r, .col = m->col };
	const char *sub;
	int x;

	cr_tcp_packet(m->tcp, p);
	if (p->proto != 6 || p->tcp_stream < 0 || !r)
		return 0;
	sub = cr_field(r, m->col[M_SUBTYPE]);
	for (size_t i = 0;; i++) {
		uint64_t v;
		if (!cr_field_nth_u64(sub, i, &v))
			break;
		if (v < G_N_ELEMENTS(o.has))
			o.has[v] = true;
	}
	s = cr_mp_subflow_get(m, p, *sub != '\0');
	if (!s)
		return 0;
	x = cr_addr_cmp(&p->src, &s->addr[0]) == 0 && p->sport == s->port[0] ? 0 : 1;
	cr_field_hex(cr_field(r, m->col[M_FLAGS]), &o.flags);
	cr_field_u64(cr_field(r, m->col[M_SEQ]), &o.seq);
	cr_field_u64(cr_field(r, m->col[M_LEN]), &o.len);
	if (p->ts_ns > s->last_ns)
		s->last_ns = p->ts_ns;

	if (o.flags & 0x02) {
		s->dir[x].isn_seen = true;
		if (o.flags & 0x10)
			s->synack = true;
		else
			s->syn = true;
	} else if (s->synack && !(o.flags & 0x04)) {
		s->ack3 = true;
	}
	if (o.flags & 0x04) {
		s->rst = true;
		if (!s->data && !s->ack3)
			s->rst_before_data = true;
	}
	if (o.flags & 0x01)
		s->fin = true;

	if (o.has[CR_MP_CAPABLE] || o.has[CR_MP_JOIN])
		cr_mp_handshake(m, s, x, &o, p);
	if (o.has[CR_MP_CAPABLE])
		capable_data(s, x, &o);
	if (o.has[CR_MP_DSS])
		dss(m, s, x, &o, p);
	if (s->conn) {
		if (p->ts_ns > s->conn->last_ns)
			s->conn->last_ns = p->ts_ns;
		cr_mp_control_events(s, x, &o, p);
	}
	payload(s, x, &o, p);
	return 0;
}

void cr_mptcp_finish(struct cr_mptcp *m)
{
	if (m->finished)
		return;
	m->finished = true;
	/* Subflows that never met their connection get one of their own. */
	for (guint i = 0; i < m->sf_all->len; i++) {
		struct cr_mptcp_subflow *s = g_ptr_array_index(m->sf_all, i);
		struct cr_mptcp_conn *c;
		struct cr_pkt p = { .ts_ns = s->first_ns, .frame = s->first_frame };
		if (s->conn)
			continue;
		c = cr_mp_conn_new(m, &p);
		c->last_ns = s->last_ns;
		if (s->client < 0) {
			s->client = s->syn ? 0 : (s->port[0] >= s->port[1] ? 0 : 1);
			c->sides_guessed = !s->syn;
		}
		cr_mp_attach(c, s);
	}
	for (guint i = 0; i < m->conns->len; i++) {
		struct cr_mptcp_conn *c = g_ptr_array_index(m->conns, i);
		for (guint k = 0; k < c->subflows->len; k++) {
			const struct cr_mptcp_subflow *s = g_ptr_array_index(c->subflows, k);
			if (s->last_ns > c->last_ns)
				c->last_ns = s->last_ns;
		}
	}
}

const char *cr_mp_join_outcome(const struct cr_mptcp_subflow *s)
{
	if (!s->syn)
		return "no handshake";
	if (!s->synack)
		return s->rst ? "refused" : "unanswered";
	if (s->rst_before_data && !s->data)
		return "failed";
	return "established";
}
