/*
 * decode.h - what the two halves of the packet decoder share (decode.c:
 * IP and transports; decode-link.c: link layers and the entry points, which
 * call decode.c, never the reverse). Private to them.
 */
#ifndef CR_DECODE_PRIVATE_H
#define CR_DECODE_PRIVATE_H

#include "native.h"

struct dctx {
	struct cr_decoded *d;
	bool in_error;		/* inside the header an ICMP error quotes */
	bool fragmented;	/* a first fragment decoded without reassembly */
	bool kept;		/* decoding the kept start of a reassembled datagram */
	int depth;
	/* Ethernet inside GRE (type 0x6558): the link half's decoder, set by the entry points in decode-link.c. */
	void (*eth)(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep);
	/* PPP inside L2TP (RFC 2661), with or without its HDLC address and control bytes: the link half's too. */
	void (*ppp)(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep);
};

static inline uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline bool in_list16(const uint16_t *list, uint16_t v)
{
	for (; *list; list++)
		if (*list == v)
			return true;
	return false;
}

/* Name why tshark's fields may differ; the first reason wins. */
void cr_dec_anomaly(struct dctx *c, const char *why);
/* The snap length cut a header: an anomaly only in a reassembled datagram's kept start. */
bool cr_dec_cut(struct dctx *c, const char *why);
/* Append a layer name to frame.protocols. */
void cr_dec_layer(struct dctx *c, const char *name);
/* Decoders for a layer at p: cap bytes captured of rep bytes on the wire. */
void cr_dec_ip4(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep);
void cr_dec_ip6(struct dctx *c, const uint8_t *p, uint32_t cap, uint32_t rep);
/* What follows IP header `ipi` (its extension headers for IPv6), from a reassembled datagram. */
void cr_dec_payload_of(struct dctx *c, unsigned ipi, uint8_t proto, const uint8_t *p, uint32_t cap, uint32_t rep);

#endif
