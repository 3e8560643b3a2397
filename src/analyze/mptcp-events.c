/* mptcp-events.c - the control timeline of an MPTCP connection: handshakes, addresses, priorities, failures, DATA_FIN. */
#include "fields.h"
#include "mptcp.h"
#include "tok.h"

#include <string.h>

/* MP_TCPRST reason codes (RFC 8684 section 3.6). */
static const struct cr_tok rst_reasons[] = {
	{ 0, "unspecified" }, { 1, "MPTCP-specific error" }, { 2, "lack of resources" },
	{ 3, "administratively prohibited" }, { 4, "too much outstanding data" },
	{ 5, "unacceptable performance" }, { 6, "middlebox interference" }, { 0, NULL },
};

/* Events kept per connection; a capture that repeats options endlessly is cut here. */
#define EVENTS_MAX 20000

void cr_mp_event_add(struct cr_mptcp_conn *c, const struct cr_pkt *p, const struct cr_mptcp_subflow *s, int side,
		     const char *what, char *detail)
{
	struct cr_mp_event e = {
		.ts_ns = p->ts_ns, .frame = p->frame, .tcp_stream = s->tcp_stream, .side = side,
		.what = what, .detail = detail,
	};

	if (c->events->len >= EVENTS_MAX) {
		c->events_cut = true;
		g_free(detail);
		return;
	}
	g_array_append_val(c->events, e);
}

void cr_mp_events_clear(struct cr_mptcp_conn *c)
{
	if (!c->events)
		return;
	for (guint i = 0; i < c->events->len; i++)
		g_free(g_array_index(c->events, struct cr_mp_event, i).detail);
	g_array_free(c->events, TRUE);
	c->events = NULL;
}

bool cr_mp_opt_u64(const struct cr_mp_opts *o, int c, uint64_t *v)
{
	return cr_field_u64(cr_field(o->r, o->col[c]), v);
}

bool cr_mp_opt_flag(const struct cr_mp_opts *o, int c)
{
	uint64_t v;
	return cr_mp_opt_u64(o, c, &v) && v != 0;
}

/* Events of the control timeline other than DATA_FIN (see dss). */
void cr_mp_control_events(struct cr_mptcp_subflow *s, int x, const struct cr_mp_opts *o, const struct cr_pkt *p)
{
	struct cr_mptcp_conn *c = s->conn;
	const struct cr_row *r = o->r;
	uint64_t v;
	bool syn = o->flags & 0x02, ack = o->flags & 0x10;
	const char *kind = syn ? (ack ? "SYN/ACK" : "SYN") : "ACK";

	if (o->has[CR_MP_CAPABLE]) {
		GString *d = g_string_new(kind);
		if (cr_mp_opt_u64(o, M_VERSION, &v))
			g_string_append_printf(d, ", version %" G_GUINT64_FORMAT, v);
		if (cr_mp_opt_u64(o, M_SENDKEY, &v))
			g_string_append_printf(d, ", sender key 0x%016" G_GINT64_MODIFIER "x", v);
		if (cr_mp_opt_u64(o, M_RECVKEY, &v))
			g_string_append_printf(d, ", receiver key 0x%016" G_GINT64_MODIFIER "x", v);
		if (cr_mp_opt_u64(o, M_DLL, &v) && !o->has[CR_MP_DSS])
			g_string_append_printf(d, ", %" G_GUINT64_FORMAT " bytes of data", v);
		cr_mp_event_add(c, p, s, x, "MP_CAPABLE", g_string_free(d, FALSE));
	}
	if (o->has[CR_MP_JOIN]) {
		GString *d = g_string_new(kind);
		if (syn && !ack && cr_mp_opt_u64(o, M_RECVTOK, &v))
			g_string_append_printf(d, ", token 0x%08" G_GINT64_MODIFIER "x", v);
		if (syn && cr_mp_opt_u64(o, M_ADDRID, &v))
			g_string_append_printf(d, ", address id %" G_GUINT64_FORMAT, v);
		if (syn && cr_mp_opt_u64(o, M_BACKUP, &v))
			g_string_append_printf(d, ", backup %" G_GUINT64_FORMAT, v);
		cr_mp_event_add(c, p, s, x, "MP_JOIN", g_string_free(d, FALSE));
	}
	if (o->has[CR_MP_ADD_ADDR]) {
		GString *d = g_string_new(NULL);
		const char *a4 = cr_field(r, o->col[M_IPV4]), *a6 = cr_field(r, o->col[M_IPV6]);
		if (cr_mp_opt_u64(o, M_ADDRID, &v))
			g_string_append_printf(d, "id %" G_GUINT64_FORMAT " ", v);
		g_string_append_len(d, *a4 ? a4 : a6, (gssize)MIN(strlen(*a4 ? a4 : a6), 64));
		if (cr_mp_opt_u64(o, M_PORT, &v))
			g_string_append_printf(d, " port %" G_GUINT64_FORMAT, v);
		if (cr_mp_opt_flag(o, M_ECHO))
			g_string_append(d, " (echo)");
		cr_mp_event_add(c, p, s, x, "ADD_ADDR", g_string_free(d, FALSE));
	}
	if (o->has[CR_MP_REMOVE_ADDR]) {
		const char *ids = cr_field(r, o->col[M_ADDRID]);
		cr_mp_event_add(c, p, s, x, "REMOVE_ADDR", g_strdup_printf("id %.64s", ids));
	}
	if (o->has[CR_MP_PRIO])
		cr_mp_event_add(c, p, s, x, "MP_PRIO",
				g_strdup_printf("backup %s", cr_mp_opt_flag(o, M_BACKUP) ? "1" : "0"));
	if (o->has[CR_MP_PRIO] && cr_mp_opt_u64(o, M_BACKUP, &v))
		s->backup = (int)v;
	if (o->has[CR_MP_FAIL])
		cr_mp_event_add(c, p, s, x, "MP_FAIL",
				cr_mp_opt_u64(o, M_RAWDSN, &v) ? g_strdup_printf("DSN 0x%016" G_GINT64_MODIFIER "x", v) : NULL);
	if (o->has[CR_MP_FASTCLOSE])
		cr_mp_event_add(c, p, s, x, "MP_FASTCLOSE",
				cr_mp_opt_u64(o, M_RECVKEY, &v) ? g_strdup_printf("receiver key 0x%016" G_GINT64_MODIFIER "x", v) : NULL);
	if (o->has[CR_MP_TCPRST]) {
		unsigned reason;	/* tshark gives it in hex (0x00) */
		cr_mp_event_add(c, p, s, x, "MP_TCPRST",
				cr_field_hex(cr_field(r, o->col[M_RSTREASON]), &reason) ?
				g_strdup_printf("reason %u: %s", reason, cr_tok_name(rst_reasons, (int)reason, "unknown")) : NULL);
	}
	if (o->flags & 0x04)
		cr_mp_event_add(c, p, s, x, "RST", NULL);
	if (o->flags & 0x01)
		cr_mp_event_add(c, p, s, x, "FIN", NULL);
}

