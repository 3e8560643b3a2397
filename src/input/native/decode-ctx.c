/*
 * decode-ctx.c - what the packet decoder writes as it goes: the layer names
 * of frame.protocols, as tshark spells them, and the first reason tshark's
 * fields may differ (shared by decode.c and decode-link.c).
 */
#include "decode.h"

#include <string.h>

/* Layer names written into frame.protocols, as tshark spells them; sentinel-ended. */
static const char *const cr_decode_layers[] = {
	"eth", "ethertype", "vlan", "ieee8021ad", "sll", "raw", "null", "arp",
	"ip", "ipv6", "ipv6.hopopts", "ipv6.routing", "ipv6.dstopts", "ipv6.fraghdr",
	"ah", "esp", "gre", "tcp", "mptcp", "udp", "icmp", "icmpv6", "l2tp", "ppp", "pppoes", NULL,
};

void cr_dec_anomaly(struct dctx *c, const char *why)
{
	if (!c->d->anomaly)
		c->d->anomaly = why;
}

/*
 * The snap length cut a header short. tshark reads what is there; when we
 * decode the kept start of a reassembled datagram the rest exists, so
 * a short read there is ours, not the capture's.
 */
bool cr_dec_cut(struct dctx *c, const char *why)
{
	if (c->kept)
		cr_dec_anomaly(c, "a reassembled datagram's headers are longer than the bytes kept");
	else
		cr_dec_anomaly(c, why);
	return false;
}

void cr_dec_layer(struct dctx *c, const char *name)
{
	struct cr_decoded *d = c->d;
	size_t n = strlen(name);

	if (d->plen + n + 2 > sizeof(d->protocols)) {
		cr_dec_anomaly(c, "too many layers");
		return;
	}
	if (d->plen)
		d->protocols[d->plen++] = ':';
	memcpy(d->protocols + d->plen, name, n + 1);
	d->plen += n;
}

bool cr_decode_layer_known(const char *name)
{
	for (int i = 0; cr_decode_layers[i]; i++)
		if (g_ascii_strcasecmp(cr_decode_layers[i], name) == 0)
			return true;
	return false;
}
