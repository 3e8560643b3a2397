/*
 * decode.c - one packet's IP and transport headers to the ip profile's fields, as tshark 4.0 dissects them.
 * IPv4 (RFC 791), IPv6 (RFC 8200) with its extension headers, AH
 * (RFC 4302), GRE (RFC 2784, 2890), TCP (RFC 9293) with its options (MPTCP,
 * RFC 8684, is a layer of its own in tshark), UDP (RFC 768), ICMP (RFC 792)
 * and ICMPv6 (RFC 4443) errors with the header they quote. Layers above
 * TCP/UDP/ICMP are not dissected. Whatever tshark would read differently is
 * named in d->anomaly; decoding stops there. No state: every call stands
 * alone. Link layers and the entry points are in decode-link.c; GRE
 * carrying Ethernet and L2TPv2 (RFC 2661) carrying PPP go back to it
 * through the context (c->eth, c->ppp).
 */
#include "decode.h"

#include <string.h>

/* UDP ports where tshark finds a tunnel with IP inside; sentinel-ended. */
static const uint16_t udp_tunnel_ports[] = {
	2152,	/* GTP-U */
	3544,	/* Teredo */
	4341,	/* LISP data */
	4754,	/* GRE in UDP */
	4789,	/* VXLAN */
	4790,	/* VXLAN-GPE */
	5246, 5247,	/* CAPWAP */
	6081,	/* Geneve */
	6635,	/* MPLS in UDP */
	0,
};

/* IP protocols tshark follows into another IP or link layer that we do not; sentinel-ended. */
static const uint8_t ip_protos_with_ip_inside[] = {
	97,	/* EtherIP */
	103,	/* PIM (register messages) */
	115,	/* L2TPv3 */
	136,	/* UDP-Lite: tshark writes udp.* fields */
	137,	/* MPLS in IP */
	0,
};

static void ip_payload(struct dctx *c, unsigned ipi, uint8_t proto, const uint8_t *p, uint32_t cap, uint32_t rep);

/* ---- transport ------------------------------------------------------- */

static struct cr_dec_l4 *l4_new(struct dctx *c, uint8_t proto, unsigned ipi)
{
	struct cr_decoded *d = c->d;
	struct cr_dec_l4 *t;

	if (d->nl4 >= CR_DEC_MAX_L4) {
		cr_dec_anomaly(c, "more TCP/UDP headers than the decoder keeps");
		return NULL;
	}
	t = &d->l4[d->nl4++];
	memset(t, 0, sizeof(*t));
	t->proto = proto;
	t->ip = (uint8_t)ipi;
	t->stream_id = -1;
	return t;
}

static void tcp(struct dctx *c, unsigned ipi, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	struct cr_dec_l4 *t;
	uint32_t hlen, i;

	cr_dec_layer(c, "tcp");
	if (!(t = l4_new(c, 6, ipi)))
		return;
	if (cap < 4) {
		cr_dec_cut(c, "TCP header cut before its ports");
		return;
	}
	t->ports = true;
	t->sport = be16(p);
	t->dport = be16(p + 2);
	/* tshark reads sequence, ack, flags and window before it looks up the stream. */
	if (cap < 16) {
		if (c->kept)
			cr_dec_cut(c, "");
		return;
	}
	t->seq = be32(p + 4);
	t->ack = be32(p + 8);
	t->flags = p[13];
	t->stream = true;
	hlen = (uint32_t)(p[12] >> 4) * 4;
	t->analyze = !c->in_error && !c->fragmented && rep >= hlen;
	if (hlen < 20) {
		cr_dec_anomaly(c, "TCP header length below 20 bytes");
		return;
	}
	if (hlen > rep && !c->in_error) {
		cr_dec_anomaly(c, "TCP header longer than the segment");
		return;
	}
	/* Options, as tshark walks them: MPTCP options are layers of their own. */
	for (i = 20; i < hlen;) {
		uint32_t olen;

		if (i >= cap) {
			if (c->kept)
				cr_dec_cut(c, "");
			return;
		}
		if (p[i] == 0)
			break;
		if (p[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= hlen)
			break;
		if (i + 1 >= cap) {
			if (c->kept)
				cr_dec_cut(c, "");
			return;
		}
		olen = p[i + 1];
		if (olen < 2 || olen - 2 > hlen - i - 2)
			break;
		if (i + olen > cap) {
			/* tshark calls the option's dissector, which stops at the cut: an MPTCP one is a layer. */
			if (p[i] == 30)
				cr_dec_layer(c, "mptcp");
			if (c->kept)
				cr_dec_cut(c, "");
			return;
		}
		if (p[i] == 30)
			cr_dec_layer(c, "mptcp");
		i += olen;
	}
}

/* L2TP version 2 (RFC 2661) on UDP port 1701: a control message, or PPP. */
static void l2tp(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	uint16_t flags;
	uint32_t hl;

	cr_dec_layer(c, "l2tp");
	if (cap < 2) {
		cr_dec_cut(c, "L2TP header cut short");
		return;
	}
	flags = be16(p);
	if ((flags & 15) != 2) {
		cr_dec_anomaly(c, "L2TP of a version other than 2");
		return;
	}
	if (flags & 0x8000)
		return;	/* a control message: no PPP */
	hl = 6 + (flags & 0x4000 ? 2 : 0) + (flags & 0x0800 ? 4 : 0);
	if (flags & 0x0200)
		hl += 2 + (cap >= hl + 2 ? be16(p + hl) : 0);
	if (cap < hl || rep < hl) {
		cr_dec_cut(c, "L2TP header cut short");
		return;
	}
	c->ppp(c, p + hl, cap - hl, rep - hl);
}

static void udp(struct dctx *c, unsigned ipi, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	struct cr_dec_l4 *t;
	uint16_t ulen;

	cr_dec_layer(c, "udp");
	if (!(t = l4_new(c, 17, ipi)))
		return;
	if (cap < 8) {
		cr_dec_cut(c, "UDP header cut short");
		return;
	}
	t->ports = true;
	t->sport = be16(p);
	t->dport = be16(p + 2);
	ulen = be16(p + 4);
	if (ulen < 8) {
		cr_dec_anomaly(c, "UDP length below 8 bytes");
		return;
	}
	if (ulen > rep && !c->in_error && !c->fragmented) {
		cr_dec_anomaly(c, "UDP length beyond the IP payload");
		return;
	}
	t->stream = true;
	if (in_list16(udp_tunnel_ports, t->sport) || in_list16(udp_tunnel_ports, t->dport))
		cr_dec_anomaly(c, "a UDP port where tshark decodes a tunnel (VXLAN, GTP, Teredo, ...)");
	else if (t->sport == 1701 || t->dport == 1701)
		l2tp(c, p + 8, MIN(cap, ulen) - 8, MIN(rep, ulen) - 8);
}

/* ICMP and ICMPv6: an error quotes the offending packet's IP header and start. */
static void icmp(struct dctx *c, bool v6, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	uint8_t type;
	bool error;

	cr_dec_layer(c, v6 ? "icmpv6" : "icmp");
	if (cap < 1)
		return;
	type = p[0];
	if (v6) {
		if (type == 137) {
			cr_dec_anomaly(c, "ICMPv6 redirect (tshark decodes the redirected header)");
			return;
		}
		error = type >= 1 && type <= 4;
	} else {
		error = type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
	}
	if (!error)
		return;
	if (c->in_error) {
		cr_dec_anomaly(c, "an ICMP error quoting an ICMP error");
		return;
	}
	if (cap <= 8) {
		cr_dec_anomaly(c, "ICMP error without the quoted header");
		return;
	}
	c->in_error = true;
	if ((p[8] >> 4) != (v6 ? 6 : 4))
		cr_dec_anomaly(c, "ICMP error quoting a header of another IP version");
	else if (v6)
		cr_dec_ip6(c, p + 8, cap - 8, rep > 8 ? rep - 8 : 0);
	else
		cr_dec_ip4(c, p + 8, cap - 8, rep > 8 ? rep - 8 : 0);
	c->in_error = false;
}

static void gre(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	uint16_t flags, type;
	uint32_t hl = 4;

	cr_dec_layer(c, "gre");
	if (cap < 4) {
		cr_dec_cut(c, "GRE header cut short");
		return;
	}
	flags = be16(p);
	type = be16(p + 2);
	if ((flags & 7) != 0 || (flags & 0x4000)) {
		cr_dec_anomaly(c, "GRE version 1 (PPTP) or with routing");
		return;
	}
	hl += (flags & 0x8000 ? 4 : 0) + (flags & 0x2000 ? 4 : 0) + (flags & 0x1000 ? 4 : 0);
	if (cap < hl) {
		cr_dec_cut(c, "GRE header cut short");
		return;
	}
	if (type == 0x0800)
		cr_dec_ip4(c, p + hl, cap - hl, rep - hl);
	else if (type == 0x86dd)
		cr_dec_ip6(c, p + hl, cap - hl, rep - hl);
	else if (type == 0x6558)
		c->eth(c, p + hl, cap - hl, rep - hl);
	else
		cr_dec_anomaly(c, "GRE carrying something other than IP or Ethernet");
}

/* Authentication header (RFC 4302): a layer, then the next protocol. */
static void ah(struct dctx *c, unsigned ipi, const uint8_t *p, uint32_t cap, uint32_t rep, bool v6);

static void ip6_chain(struct dctx *c, unsigned ipi, uint8_t nh, const uint8_t *p, uint32_t cap, uint32_t rep);

static void ip_payload(struct dctx *c, unsigned ipi, uint8_t proto, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	if (++c->depth > 12) {
		cr_dec_anomaly(c, "too deeply nested");
		return;
	}
	switch (proto) {
	case 6:
		tcp(c, ipi, p, cap, rep);
		break;
	case 17:
		udp(c, ipi, p, cap, rep);
		break;
	case 1:
		icmp(c, false, p, cap, rep);
		break;
	case 58:
		icmp(c, true, p, cap, rep);
		break;
	case 4:
		cr_dec_ip4(c, p, cap, rep);
		break;
	case 41:
		cr_dec_ip6(c, p, cap, rep);
		break;
	case 47:
		gre(c, p, cap, rep);
		break;
	case 50:
		cr_dec_layer(c, "esp");
		break;
	case 51:
		ah(c, ipi, p, cap, rep, c->d->ip[ipi].family == 6);
		break;
	case 0:
	case 43:
	case 44:
	case 60:
		if (c->d->ip[ipi].family == 6)
			ip6_chain(c, ipi, proto, p, cap, rep);
		else
			cr_dec_anomaly(c, "an IPv6 extension header after IPv4");
		break;
	default:
		for (const uint8_t *x = ip_protos_with_ip_inside; *x; x++)
			if (*x == proto)
				cr_dec_anomaly(c, "an IP protocol tshark follows further (EtherIP, PIM, L2TPv3, UDP-Lite, MPLS)");
		/* Others: tshark's own layer for them is not one we name. */
		break;
	}
	c->depth--;
}

static void ah(struct dctx *c, unsigned ipi, const uint8_t *p, uint32_t cap, uint32_t rep, bool v6)
{
	uint32_t len;

	cr_dec_layer(c, "ah");
	if (cap < 2) {
		cr_dec_cut(c, "AH cut short");
		return;
	}
	len = ((uint32_t)p[1] + 2) * 4;
	if (len > cap || len > rep) {
		cr_dec_cut(c, "AH cut short");
		return;
	}
	if (v6)
		ip6_chain(c, ipi, p[0], p + len, cap - len, rep - len);
	else
		ip_payload(c, ipi, p[0], p + len, cap - len, rep - len);
}

/* ---- IPv4 and IPv6 ----------------------------------------------------- */

static int ip_new(struct dctx *c, uint8_t family, uint8_t proto, const uint8_t *src, const uint8_t *dst, size_t alen)
{
	struct cr_decoded *d = c->d;
	struct cr_dec_ip *ip;

	if (d->nip >= CR_DEC_MAX_IP) {
		cr_dec_anomaly(c, "more IP layers than the decoder keeps");
		return -1;
	}
	ip = &d->ip[d->nip];
	memset(ip, 0, sizeof(*ip));
	ip->family = family;
	ip->proto = proto;
	ip->quoted = c->in_error;
	memcpy(ip->src, src, alen);
	memcpy(ip->dst, dst, alen);
	return (int)d->nip++;
}

static void frag_note(struct dctx *c, unsigned ipi, uint8_t proto, bool more, uint32_t id, uint32_t off,
		      const uint8_t *p, uint32_t len)
{
	struct cr_dec_frag *f = &c->d->frag;

	if (f->present || c->kept) {
		cr_dec_anomaly(c, "a fragment inside a fragmented datagram");
		return;
	}
	f->present = true;
	f->ip = (uint8_t)ipi;
	f->proto = proto;
	f->more = more;
	f->vlan = c->d->vlan;
	f->id = id;
	f->offset = off;
	f->len = len;
	f->data = p;
}

void cr_dec_ip4(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	uint32_t hlen, total, off;
	bool more;
	int ipi;

	cr_dec_layer(c, "ip");
	if (cap < 1 || (p[0] >> 4) != 4) {
		cr_dec_anomaly(c, cap < 1 ? "IPv4 header missing" : "IPv4 header with another version number");
		return;
	}
	hlen = (uint32_t)(p[0] & 15) * 4;
	if (hlen < 20) {
		cr_dec_anomaly(c, "IPv4 header length below 20 bytes");
		return;
	}
	if (cap < hlen) {
		cr_dec_cut(c, "IPv4 header cut short");
		return;
	}
	total = be16(p + 2);
	if (total < hlen) {
		cr_dec_anomaly(c, total == 0 ? "IPv4 total length 0 (segmentation offload)" : "IPv4 total length below its header");
		return;
	}
	if (total > rep) {
		if (!c->in_error) {
			cr_dec_anomaly(c, "IPv4 total length beyond the frame");
			return;
		}
		total = rep;
	}
	if ((ipi = ip_new(c, 4, p[9], p + 12, p + 16, 4)) < 0)
		return;
	rep = total;
	if (cap > rep)
		cap = rep;
	off = (uint32_t)(be16(p + 6) & 0x1fff) * 8;
	more = p[6] & 0x20;
	if (more || off) {
		if (c->in_error) {
			cr_dec_anomaly(c, "an ICMP error quoting a fragment");
			return;
		}
		if (total > hlen && cap >= total) {
			frag_note(c, (unsigned)ipi, p[9], more, be16(p + 4), off, p + hlen, total - hlen);
			return;
		}
		if (total == hlen) {
			cr_dec_anomaly(c, "an empty IPv4 fragment");
			return;
		}
		/* Not all captured: tshark decodes a first fragment as it is. */
		if (off)
			return;
		c->fragmented = true;
	}
	ip_payload(c, (unsigned)ipi, p[9], p + hlen, cap - hlen, rep - hlen);
}

static void ip6_chain(struct dctx *c, unsigned ipi, uint8_t nh, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	for (int n = 0; n < 16; n++) {
		uint32_t len;

		switch (nh) {
		case 0:
		case 43:
		case 60:
			cr_dec_layer(c, nh == 0 ? "ipv6.hopopts" : nh == 43 ? "ipv6.routing" : "ipv6.dstopts");
			if (cap < 8 || rep < 8) {
				cr_dec_cut(c, "IPv6 extension header cut short");
				return;
			}
			len = ((uint32_t)p[1] + 1) * 8;
			if (len > cap || len > rep) {
				cr_dec_cut(c, "IPv6 extension header cut short");
				return;
			}
			/* A routing header still to be followed names another destination. */
			if (nh == 43 && p[3] != 0) {
				cr_dec_anomaly(c, "an IPv6 routing header with segments left");
				return;
			}
			break;
		case 44: {
			uint16_t fo;
			cr_dec_layer(c, "ipv6.fraghdr");
			if (cap < 8 || rep < 8) {
				cr_dec_cut(c, "IPv6 fragment header cut short");
				return;
			}
			len = 8;
			fo = be16(p + 2);
			if ((fo & 0xfff8) || (fo & 1)) {
				if (c->in_error) {
					cr_dec_anomaly(c, "an ICMPv6 error quoting a fragment");
					return;
				}
				if (rep == 8) {
					cr_dec_anomaly(c, "an empty IPv6 fragment");
					return;
				}
				/* Reassembled when all of it is captured, else only shown as data. */
				if (cap >= rep)
					frag_note(c, ipi, p[0], fo & 1, be32(p + 4), fo & 0xfff8, p + 8, rep - 8);
				return;
			}
			break;	/* an atomic fragment: the payload follows */
		}
		case 51:
			ah(c, ipi, p, cap, rep, true);
			return;
		case 59:
			return;
		case 135:
		case 139:
		case 140:
		case 253:
		case 254:
			cr_dec_anomaly(c, "an IPv6 extension header the decoder does not follow");
			return;
		default:
			ip_payload(c, ipi, nh, p, cap, rep);
			return;
		}
		nh = p[0];
		p += len;
		cap -= len;
		rep -= len;
	}
	cr_dec_anomaly(c, "too many IPv6 extension headers");
}

void cr_dec_ip6(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	uint32_t plen;
	int ipi;

	cr_dec_layer(c, "ipv6");
	if (cap < 1 || (p[0] >> 4) != 6) {
		cr_dec_anomaly(c, cap < 1 ? "IPv6 header missing" : "IPv6 header with another version number");
		return;
	}
	if (cap < 40) {
		cr_dec_cut(c, "IPv6 header cut short");
		return;
	}
	plen = be16(p + 4);
	if (plen == 0 && p[6] != 59) {
		cr_dec_anomaly(c, "IPv6 payload length 0 (jumbogram or segmentation offload)");
		return;
	}
	if (rep < 40 || plen > rep - 40) {
		if (!c->in_error || rep < 40) {
			cr_dec_anomaly(c, "IPv6 payload length beyond the frame");
			return;
		}
		plen = rep - 40;
	}
	if ((ipi = ip_new(c, 6, p[6], p + 8, p + 24, 16)) < 0)
		return;
	rep = 40 + plen;
	if (cap > rep)
		cap = rep;
	ip6_chain(c, (unsigned)ipi, p[6], p + 40, cap - 40, rep - 40);
}

void cr_dec_payload_of(struct dctx *c, unsigned ipi, uint8_t proto, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	if (c->d->ip[ipi].family == 6)
		ip6_chain(c, ipi, proto, p, cap, rep);
	else
		ip_payload(c, ipi, proto, p, cap, rep);
}
