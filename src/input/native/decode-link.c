/*
 * decode-link.c - the link layers in front of IP, as tshark 4.0 dissects them, and the decoder's entry points.
 * Ethernet II / 802.3 (IEEE 802.3), 802.1Q and 802.1ad tags (IEEE 802.1Q),
 * PPPoE sessions (RFC 2516) and PPP (RFC 1661, 1662),
 * Linux cooked capture v1 and v2, raw IP (LINKTYPE_RAW, _IPV4, _IPV6), BSD
 * null and OpenBSD loopback (tcpdump.org link-layer header types).
 */
#include "decode.h"

#include <string.h>

static void ethertype(struct dctx *c, uint16_t type, const uint8_t *p, uint32_t cap, uint32_t rep);

/* Ethertypes that carry no IP and that tshark dissects with no IP fields; sentinel-ended. */
static const uint16_t ethertypes_without_ip[] = {
	0x88cc,	/* LLDP */
	0x888e,	/* 802.1X */
	0x8809,	/* slow protocols (LACP) */
	0x88f7,	/* PTP */
	0x8808,	/* MAC control (pause) */
	0x893a,	/* IEEE 1905.1 */
	0x0842,	/* Wake-on-LAN */
	0x88e1,	/* HomePlug AV */
	0x8863,	/* PPPoE discovery */
	0,
};

/* An 802.3 length field instead of a type: LLC follows, which we do not name. */
static void llc(struct dctx *c, const uint8_t *p, uint32_t cap)
{
	if (cap >= 2 && p[0] == 0xaa && p[1] == 0xaa)
		cr_dec_anomaly(c, "an LLC/SNAP frame (tshark follows its ethertype)");
}

static void vlan(struct dctx *c, bool ad, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	uint16_t type;

	cr_dec_layer(c, ad ? "ieee8021ad" : "vlan");
	if (cap < 4 || rep < 4) {
		cr_dec_cut(c, "VLAN tag cut short");
		return;
	}
	if (!ad)
		c->d->vlan = be16(p) & 0xfff;
	type = be16(p + 2);
	if (type <= 1500) {
		llc(c, p + 4, cap - 4);
		return;
	}
	cr_dec_layer(c, "ethertype");
	ethertype(c, type, p + 4, cap - 4, rep - 4);
}

/* PPP protocols that carry no IP and that tshark dissects with no IP fields; sentinel-ended. */
static const uint16_t ppp_without_ip[] = {
	0xc021,	/* LCP */
	0xc023,	/* PAP */
	0xc223,	/* CHAP */
	0xc025,	/* link quality report */
	0x8021,	/* IPCP */
	0x8057,	/* IPv6CP */
	0x80fd,	/* CCP */
	0,
};

/* PPP (RFC 1661): a protocol number, compressed to one byte when odd (RFC 1661 6.5), then IPv4 or IPv6. */
static void ppp_proto(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	uint16_t proto;
	uint32_t hl;

	cr_dec_layer(c, "ppp");
	if (cap < 1 || rep < 1) {
		cr_dec_cut(c, "PPP header cut short");
		return;
	}
	hl = p[0] & 1 ? 1 : 2;
	if (cap < hl || rep < hl) {
		cr_dec_cut(c, "PPP header cut short");
		return;
	}
	proto = hl == 1 ? p[0] : be16(p);
	if (proto == 0x0021)
		cr_dec_ip4(c, p + hl, cap - hl, rep - hl);
	else if (proto == 0x0057)
		cr_dec_ip6(c, p + hl, cap - hl, rep - hl);
	else if (!in_list16(ppp_without_ip, proto))
		cr_dec_anomaly(c, "a PPP protocol the decoder does not follow");
}

/* PPP in HDLC-like framing (RFC 1662) as L2TP carries it: the address and control bytes may be left out. */
static void ppp_hdlc(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	if (cap >= 2 && p[0] == 0xff && p[1] == 0x03)
		ppp_proto(c, p + 2, cap - 2, rep - 2);
	else
		ppp_proto(c, p, cap, rep);
}

/* A PPPoE session frame (RFC 2516): version and type 1, code 0, the session, the payload length, PPP. */
static void pppoes(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	cr_dec_layer(c, "pppoes");
	if (cap < 6 || rep < 6) {
		cr_dec_cut(c, "PPPoE header cut short");
		return;
	}
	if (p[0] != 0x11 || p[1] != 0) {
		cr_dec_anomaly(c, "a PPPoE session header of another version, type or code");
		return;
	}
	ppp_proto(c, p + 6, cap - 6, rep - 6);
}

static void ethertype(struct dctx *c, uint16_t type, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	if (++c->depth > 12) {
		cr_dec_anomaly(c, "too deeply nested");
		return;
	}
	switch (type) {
	case 0x0800:
		cr_dec_ip4(c, p, cap, rep);
		break;
	case 0x86dd:
		cr_dec_ip6(c, p, cap, rep);
		break;
	case 0x0806:
	case 0x8035:
		cr_dec_layer(c, "arp");
		break;
	case 0x8100:
		vlan(c, false, p, cap, rep);
		break;
	case 0x8864:
		pppoes(c, p, cap, rep);
		break;
	case 0x88a8:
		vlan(c, true, p, cap, rep);
		break;
	default:
		if (!in_list16(ethertypes_without_ip, type))
			cr_dec_anomaly(c, "an ethertype the decoder does not follow");
		break;
	}
	c->depth--;
}

static void eth(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	uint16_t type;

	cr_dec_layer(c, "eth");
	if (cap < 14 || rep < 14) {
		cr_dec_anomaly(c, "Ethernet header cut short");
		return;
	}
	/* Cisco ISL frames start with these multicast addresses. */
	if ((p[0] == 0x01 || p[0] == 0x03) && p[1] == 0 && p[2] == 0x0c && p[3] == 0 && p[4] == 0) {
		cr_dec_anomaly(c, "a Cisco ISL frame");
		return;
	}
	type = be16(p + 12);
	if (type <= 1500) {
		llc(c, p + 14, cap - 14);
		return;
	}
	if (type < 1536) {
		cr_dec_anomaly(c, "an Ethernet type field between 1501 and 1535");
		return;
	}
	cr_dec_layer(c, "ethertype");
	ethertype(c, type, p + 14, cap - 14, rep - 14);
}

/* Linux cooked capture: by ARPHRD type, then by protocol (an ethertype). */
static void sll(struct dctx *c, uint16_t hatype, uint16_t proto, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	switch (hatype) {
	case 770:	/* FRAD */
	case 778:	/* IPGRE */
	case 801:	/* IEEE 802.11 */
	case 802:	/* Prism */
	case 803:	/* radiotap */
	case 804:	/* IEEE 802.15.4 */
	case 824:	/* netlink */
		cr_dec_anomaly(c, "a Linux cooked packet of a link type the decoder does not follow");
		return;
	}
	if (proto < 1536) {
		cr_dec_anomaly(c, "a Linux cooked packet with a non-ethertype protocol");
		return;
	}
	cr_dec_layer(c, "ethertype");
	ethertype(c, proto, p, cap, rep);
}

void cr_decode_packet(struct cr_decoded *d, int linktype, const uint8_t *p, uint32_t cap, uint32_t rep)
{
	struct dctx c = { .d = d, .eth = eth, .ppp = ppp_hdlc };
	uint32_t af;

	d->plen = 0;
	d->protocols[0] = '\0';
	d->nip = d->nl4 = 0;
	d->frag.present = false;
	d->vlan = 0;
	d->anomaly = NULL;
	if (cap > rep)
		cap = rep;
	switch (linktype) {
	case 1:
		eth(&c, p, cap, rep);
		break;
	case 0:
	case 108:
		cr_dec_layer(&c, "null");
		if (cap < 4 || rep < 4) {
			cr_dec_anomaly(&c, "loopback header cut short");
			break;
		}
		if (be16(p) == 0xff03) {
			cr_dec_anomaly(&c, "PPP in a loopback header");
			break;
		}
		af = be32(p);
		/* DLT_NULL is in the capturing host's byte order; DLT_LOOP is big-endian. */
		if (linktype == 0 && (af & 0xffff0000))
			af = GUINT32_SWAP_LE_BE(af);
		if (linktype == 0 && af > 1500) {
			cr_dec_layer(&c, "ethertype");
			ethertype(&c, (uint16_t)af, p + 4, cap - 4, rep - 4);
		} else if (af == 2) {
			cr_dec_ip4(&c, p + 4, cap - 4, rep - 4);
		} else if (af == 24 || af == 28 || af == 30) {
			cr_dec_ip6(&c, p + 4, cap - 4, rep - 4);
		} else {
			cr_dec_anomaly(&c, "a loopback address family the decoder does not follow");
		}
		break;
	case 101:
		cr_dec_layer(&c, "raw");
		if (cap >= 1 && (p[0] >> 4) == 4)
			cr_dec_ip4(&c, p, cap, rep);
		else if (cap >= 1 && (p[0] >> 4) == 6)
			cr_dec_ip6(&c, p, cap, rep);
		else
			cr_dec_anomaly(&c, "raw IP packet of neither version 4 nor 6");
		break;
	case 228:
		cr_dec_ip4(&c, p, cap, rep);
		break;
	case 229:
		cr_dec_ip6(&c, p, cap, rep);
		break;
	case 113:
		cr_dec_layer(&c, "sll");
		if (cap < 16 || rep < 16)
			cr_dec_anomaly(&c, "Linux cooked header cut short");
		else
			sll(&c, be16(p + 2), be16(p + 14), p + 16, cap - 16, rep - 16);
		break;
	case 276:
		cr_dec_layer(&c, "sll");
		if (cap < 20 || rep < 20)
			cr_dec_anomaly(&c, "Linux cooked v2 header cut short");
		else
			sll(&c, be16(p + 8), be16(p), p + 20, cap - 20, rep - 20);
		break;
	default:
		cr_dec_anomaly(&c, "a link type the decoder does not read");
		break;
	}
}

void cr_decode_reassembled(struct cr_decoded *d, unsigned ipi, uint8_t proto, const uint8_t *p, uint32_t cap,
			   uint32_t rep)
{
	struct dctx c = { .d = d, .kept = cap < rep, .eth = eth, .ppp = ppp_hdlc };

	if (ipi >= d->nip)
		return;
	if (cap > rep)
		cap = rep;
	cr_dec_payload_of(&c, ipi, proto, p, cap, rep);
}
