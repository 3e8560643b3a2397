/* binding.h - a CSV row's named columns bound to the packet's fields, decoded per row (binding.c). */
#ifndef CR_BINDING_H
#define CR_BINDING_H

#include "packet.h"

/* Bind header names to the packet columns. */
struct cr_binding;
struct cr_binding *cr_binding_new(const struct cr_row *header);
void cr_binding_free(struct cr_binding *b);
/* Decode one row. Returns false when the row is not a packet row. */
bool cr_binding_decode(const struct cr_binding *b, const struct cr_row *row, struct cr_pkt *p);

/*
 * The protocol an IPv6 packet carries: `nxt` (ipv6.nxt, the fixed header's
 * value) unless that names an extension header (hop-by-hop, routing,
 * fragment, destination options), then the first ICMPv6/TCP/UDP layer of
 * `protocols` (frame.protocols), else `nxt` itself.
 */
int cr_ip6_upper_proto(int nxt, const char *protocols);

#endif
