/* packet.h - a packet as every analyzer sees it: the ip profile's columns, and the row it came from. */
#ifndef CR_PACKET_H
#define CR_PACKET_H

#include "addr.h"

/* One CSV record: fields are NUL-terminated, never NULL ("" when empty). */
struct cr_row {
	char **field;
	size_t *len;
	size_t n;
	uint64_t record;	/* 1-based record number, header excluded */
};

#define CR_PKT_MAX_INNER 3	/* tunnelled IP layers kept per packet */

/* An IP layer inside a tunnel, with the TCP or UDP header right after it (if any). */
struct cr_pkt_inner {
	struct cr_addr src, dst;
	int proto;			/* 6 or 17 when a TCP/UDP header follows, else the IP protocol */
	int sport, dport;		/* -1 without a TCP/UDP header */
	int64_t stream;			/* its tcp.stream or udp.stream, -1 when none */
};

/*
 * The columns every analyzer of the ip profile uses, decoded once per
 * packet. Integers are -1 when the packet has no such field. The ports and
 * streams are those of the TCP or UDP header right after the first IP
 * layer; the IP layers inside a tunnel follow in `inner` (never those an
 * ICMP error quotes), outer first.
 */
struct cr_pkt {
	uint64_t frame;
	int64_t ts_ns;			/* epoch nanoseconds; 0 when untimed */
	bool untimed;			/* no time (a pcapng simple packet block): counted, never placed in time */
	uint32_t len;			/* frame length */
	struct cr_addr src, dst;	/* first IP layer */
	int proto;			/* IP protocol number */
	int sport, dport;		/* TCP or UDP ports */
	int64_t tcp_stream, udp_stream;
	unsigned ninner;		/* tunnelled IP layers in `inner` */
	struct cr_pkt_inner inner[CR_PKT_MAX_INNER];
	const char *protocols;		/* "eth:ethertype:ip:tcp", "" unknown */
	uint32_t interface_id;
	const struct cr_row *row;	/* raw record (NULL for native sources) */
};

/*
 * Widen [*first, *last] to p's time; *timed says whether they hold a time
 * yet (start it false). A packet without a time changes nothing.
 */
static inline void cr_pkt_span(const struct cr_pkt *p, int64_t *first, int64_t *last, bool *timed)
{
	if (p->untimed)
		return;
	if (!*timed || p->ts_ns < *first)
		*first = p->ts_ns;
	if (!*timed || p->ts_ns > *last)
		*last = p->ts_ns;
	*timed = true;
}

/*
 * IP layer `i` of p (0: the first, 1..ninner: the tunnelled ones) as a
 * packet of its own: its addresses, its transport's ports and stream.
 */
void cr_pkt_layer(const struct cr_pkt *p, unsigned i, struct cr_pkt *out);

#endif
