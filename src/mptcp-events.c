/* mptcp-events.c - the control timeline of an MPTCP connection: handshakes, addresses, priorities, failures, DATA_FIN. */
#include "mptcp.h"

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
