/* mptcp-conns.c - the MPTCP connection of each subflow: keys and tokens (RFC 8684, RFC 6824), MP_JOIN, DSN space. */
#include "mptcp-int.h"

#include <math.h>

/* A DSN within this distance of a connection's DSN space belongs to it (keys are random 64-bit). */
#define DSN_NEAR ((uint64_t)1 << 32)

/*
 * Token and IDSN of a key: the most significant 32 bits and the least
 * significant 64 bits of SHA-1 (v0, RFC 6824) or SHA-256 (v1, RFC 8684)
 * of the key in network order.
 */
static void key_hash(int version, uint64_t key, uint32_t *token, uint64_t *idsn)
{
	GChecksum *ck = g_checksum_new(version == 0 ? G_CHECKSUM_SHA1 : G_CHECKSUM_SHA256);
	guint8 in[8], out[32];
	gsize n = sizeof(out);

	for (int i = 0; i < 8; i++)
		in[i] = (guint8)(key >> (56 - 8 * i));
	g_checksum_update(ck, in, sizeof(in));
	g_checksum_get_digest(ck, out, &n);
	g_checksum_free(ck);
	*token = (uint32_t)out[0] << 24 | (uint32_t)out[1] << 16 | (uint32_t)out[2] << 8 | out[3];
	*idsn = 0;
	for (gsize i = n - 8; i < n; i++)
		*idsn = *idsn << 8 | out[i];
}

/* The lines of the thinned DSN points: one per direction and subflow (the later subflows share the last). */
#define SF_LANES 8

static double dsn_y(const void *elem, size_t lane)
{
	const struct cr_mp_point *pt = elem;

	return lane == (size_t)pt->dir * SF_LANES + MIN(pt->sf, SF_LANES - 1) ? (double)pt->rel : NAN;
}

static double ack_y(const void *elem, size_t lane)
{
	const struct cr_mp_point *pt = elem;

	return lane == pt->dir ? (double)pt->rel : NAN;
}

struct cr_mptcp_conn *cr_mp_conn_new(struct cr_mptcp *m, const struct cr_pkt *p)
{
	struct cr_mptcp_conn *c = g_new0(struct cr_mptcp_conn, 1);

	c->id = m->conns->len;
	c->version = -1;
	c->subflows = g_ptr_array_new();
	c->first_ns = c->last_ns = p->ts_ns;
	c->first_frame = p->frame;
	for (int d = 0; d < 2; d++)
		cr_mp_cdir_init(&c->dir[d]);
	c->events = g_array_new(FALSE, FALSE, sizeof(struct cr_mp_event));
	c->reinjections = g_array_new(FALSE, FALSE, sizeof(struct cr_mp_reinj));
	c->followed = m->follow == -1 || m->follow == (int64_t)c->id;
	if (c->followed) {
		c->dsn_pts = cr_series_new(sizeof(struct cr_mp_point), m->points, 2 * SF_LANES, dsn_y);
		c->ack_pts = cr_series_new(sizeof(struct cr_mp_point), m->points, 2, ack_y);
		c->rates = cr_bins_new(m->points / 8);
		c->iat = g_array_new(FALSE, FALSE, sizeof(struct cr_mp_iat));
	}
	g_ptr_array_add(m->conns, c);
	return c;
}

void cr_mp_attach(struct cr_mptcp_conn *c, struct cr_mptcp_subflow *s)
{
	s->conn = c;
	s->idx = c->subflows->len;
	g_ptr_array_add(c->subflows, s);
	if (s->first_ns < c->first_ns)
		c->first_ns = s->first_ns;
}

/* A key learnt for side `who` (0 client, 1 server): token and IDSN follow. */
static void set_key(struct cr_mptcp *m, struct cr_mptcp_conn *c, int who, uint64_t key)
{
	if (c->has_key[who] || c->version < 0)
		return;
	c->has_key[who] = true;
	c->key[who] = key;
	key_hash(c->version, key, &c->token[who], &c->idsn[who]);
	g_hash_table_insert(m->tokens, GUINT_TO_POINTER(c->token[who]), c);
	/* The IDSN is the base unless data was already placed by its first DSN. */
	if (c->dir[who].base_from != 1 && !c->dir[who].have_range) {
		c->dir[who].base = c->idsn[who];
		c->dir[who].base_from = 1;
	}
}

static bool near_dir(const struct cr_mp_cdir *cd, uint64_t raw)
{
	uint64_t lo, hi;

	if (cd->have_range) {
		lo = cd->lo;
		hi = cd->hi;
	} else if (cd->base_from) {
		lo = hi = cd->base;
	} else {
		return false;
	}
	return raw - (lo - DSN_NEAR) <= (hi + DSN_NEAR) - (lo - DSN_NEAR);
}

/*
 * A subflow without a usable handshake: find its connection from a raw
 * 64-bit DSN (sent by side x, acked = false) or data ACK (acked = true).
 */
bool cr_mp_attach_by_dsn(struct cr_mptcp *m, struct cr_mptcp_subflow *s, int x, uint64_t raw, bool acked,
			  const struct cr_pkt *p)
{
	for (guint i = 0; i < m->conns->len; i++) {
		struct cr_mptcp_conn *c = g_ptr_array_index(m->conns, i);
		for (int d = 0; d < 2; d++) {
			if (!near_dir(&c->dir[d], raw))
				continue;
			/* side x sends direction d (a DSN), or receives it (an ACK) */
			s->client = (d == 0) != acked ? x : 1 - x;
			c->joined_by_dsn = true;
			cr_mp_attach(c, s);
			return true;
		}
	}
	if (s->role == CR_MP_ROLE_JOIN && s->syn)
		return false;	/* a join whose token we do not know: wait for more */
	{
		struct cr_mptcp_conn *c = cr_mp_conn_new(m, p);
		int d;
		c->first_ns = s->first_ns;
		c->first_frame = s->first_frame;
		/* No handshake: the side with the higher (ephemeral) port is the client. */
		s->client = s->port[0] >= s->port[1] ? 0 : 1;
		c->sides_guessed = true;
		d = (x == s->client) != acked ? 0 : 1;
		c->dir[d].base = raw - 1;
		c->dir[d].base_from = 2;
		cr_mp_attach(c, s);
	}
	return true;
}

struct cr_mptcp_subflow *cr_mp_subflow_get(struct cr_mptcp *m, const struct cr_pkt *p, bool create)
{
	struct cr_mptcp_subflow *s = g_hash_table_lookup(m->subflows, &p->tcp_stream);

	if (s || !create)
		return s;
	s = g_new0(struct cr_mptcp_subflow, 1);
	s->tcp_stream = p->tcp_stream;
	s->addr[0] = p->src;
	s->addr[1] = p->dst;
	s->port[0] = p->sport;
	s->port[1] = p->dport;
	s->client = -1;
	s->role = CR_MP_ROLE_UNKNOWN;
	s->addr_id[0] = s->addr_id[1] = -1;
	s->backup = -1;
	s->first_ns = s->last_ns = p->ts_ns;
	s->first_frame = p->frame;
	g_hash_table_insert(m->subflows, &s->tcp_stream, s);
	g_ptr_array_add(m->sf_all, s);
	return s;
}

/* Handle MP_CAPABLE and MP_JOIN: connections, keys, tokens, roles. */
void cr_mp_handshake(struct cr_mptcp *m, struct cr_mptcp_subflow *s, int x, const struct cr_mp_opts *o,
		      const struct cr_pkt *p)
{
	bool syn = o->flags & 0x02, ack = o->flags & 0x10;
	uint64_t v, sendkey = 0, recvkey = 0, tok;
	bool has_send = cr_mp_opt_u64(o, M_SENDKEY, &sendkey), has_recv = cr_mp_opt_u64(o, M_RECVKEY, &recvkey);

	if (o->has[CR_MP_CAPABLE]) {
		struct cr_mptcp_conn *c = s->conn;
		int sender;
		s->role = CR_MP_ROLE_INITIAL;
		if (!c) {
			c = cr_mp_conn_new(m, p);
			c->first_ns = s->first_ns;
			c->first_frame = s->first_frame;
			/* The SYN's sender is the client; a SYN/ACK comes from the server; an ACK with keys from the client. */
			s->client = syn && !ack ? x : (syn && ack ? 1 - x : x);
			cr_mp_attach(c, s);
		}
		if (syn && !ack)
			c->mpc_syn = true;
		if (c->version < 0 && cr_mp_opt_u64(o, M_VERSION, &v))
			c->version = (int)v;
		sender = x == s->client ? 0 : 1;
		if (has_send)
			set_key(m, c, sender, sendkey);
		if (has_recv)
			set_key(m, c, 1 - sender, recvkey);
	}
	if (o->has[CR_MP_JOIN]) {
		s->role = CR_MP_ROLE_JOIN;
		if (syn && !ack && cr_mp_opt_u64(o, M_RECVTOK, &tok)) {
			struct cr_mptcp_conn *c = g_hash_table_lookup(m->tokens, GUINT_TO_POINTER((guint)tok));
			s->token = (uint32_t)tok;
			s->has_token = true;
			if (c && !s->conn) {
				/* The token names the receiver: the server's token means the client joins. */
				s->client = c->has_key[1] && c->token[1] == (uint32_t)tok ? x : 1 - x;
				cr_mp_attach(c, s);
			}
		}
		if (syn && cr_mp_opt_u64(o, M_ADDRID, &v))
			s->addr_id[x] = (int)v;
		if (syn && cr_mp_opt_u64(o, M_BACKUP, &v) && (!ack || s->backup < 0))
			s->backup = (int)v;
	}
}
