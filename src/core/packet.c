/* packet.c - a packet's tunnelled IP layers, each seen as a packet of its own. */
#include "packet.h"

void cr_pkt_layer(const struct cr_pkt *p, unsigned i, struct cr_pkt *out)
{
	const struct cr_pkt_inner *l;

	*out = *p;
	if (i == 0 || i > p->ninner)
		return;
	l = &p->inner[i - 1];
	out->src = l->src;
	out->dst = l->dst;
	out->proto = l->proto;
	out->sport = l->sport;
	out->dport = l->dport;
	out->tcp_stream = l->proto == 6 ? l->stream : -1;
	out->udp_stream = l->proto == 17 ? l->stream : -1;
	out->ninner = 0;
}
