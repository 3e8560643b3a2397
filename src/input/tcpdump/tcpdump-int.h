/* tcpdump-int.h - what the tcpdump text reader's files share; not for other modules. */
#ifndef CR_TCPDUMP_INT_H
#define CR_TCPDUMP_INT_H

#include "tcpdump.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* The patterns, compiled once per reader. */
enum {
	RE_TS,		/* the time at the start of a packet line */
	RE_IFACE,	/* -i any (Linux cooked v2): "eth0  In  " */
	RE_LINK,	/* -e: "... ethertype IPv4 (0x0800), length 74: " */
	RE_VLAN,	/* -e, 802.1Q: "vlan 10, p 0, ethertype IPv4 (0x0800), " */
	RE_ADDRS,	/* "SRC > DST: BODY" */
	RE_IP4V,	/* -v IPv4 header: "(tos 0x0, ..., proto TCP (6), length 60)" */
	RE_IP6V,	/* -v IPv6: "(hlim 64, next-header TCP (6) payload length: 40) SRC > DST: BODY" */
	RE_CONT,	/* -v continuation: "    SRC > DST: BODY" */
	RE_N
};

/* What the line state machine needs to know of a packet line. */
struct cr_td_shape {
	int family;		/* 4, 6, 'a' (ARP) or 0 */
	int proto;		/* IP protocol, -1 unknown */
	int64_t plen;		/* tcpdump's "length", -1 none */
	int64_t ip_len;		/* -v: IP total length, -1 none */
	bool needs_cont;	/* -v IPv4: addresses on the next, indented line */
	bool cut;		/* tcpdump printed a "[|proto]" marker: the capture was cut short */
};

/* A connection's key, for the stream numbers tshark would give. */
struct stream_key {
	struct cr_addr lo, hi;
	int lo_port, hi_port, proto;
};

struct cr_tcpdump {
	struct cr_tcpdump_opts opts;
	pcre2_code *re[RE_N];
	pcre2_match_data *md[RE_N];
	struct cr_tcpdump_stats st;
	int64_t day_ns;			/* CR_TS_TIME: midnight of the current day */
	int64_t last_tod;		/* CR_TS_TIME: previous time of day, -1 none */
	/* the last packet line: -v continuation and -A payload */
	bool dry;			/* parse without changing any state */
	bool in_block;			/* lines now belong to the last packet line */
	bool pending;			/* a -v IPv4 packet waits for its address line */
	struct cr_pkt pend;
	bool cont_seen;			/* the block's first indented line was seen */
	bool probed;			/* -A output was looked for (once, at the first packet) */
	bool payload;			/* -A dump of this block has started */
	struct cr_td_shape shape;	/* of the block's packet */
	uint64_t owe, consumed;		/* -A: bytes the block shows at least, printed so far (upper bound) */
	char *held;			/* -A: a line with a time inside a dump, decided by the next line */
	size_t held_len, held_full;
	uint64_t held_no;
	bool holding;
	GHashTable *streams;		/* struct stream_key → id + 1 */
	int64_t next_stream[2];		/* tcp, udp */
	GPtrArray *ifaces;		/* interface names by id */
};


bool cr_td_match(struct cr_tcpdump *t, int re, const char *s, size_t n);
bool cr_td_grp(const struct cr_tcpdump *t, int re, int g, const char *s, const char **out, size_t *n);
/* Where the last match of `re` ended. */
size_t cr_td_match_end(const struct cr_tcpdump *t, int re);
/* The decimal number s[0..n) holds (digits only, as a pattern matched them). */
int64_t cr_td_digits(const char *s, size_t n);
/*
 * The time at the start of a line → epoch ns. Returns its format, or
 * CR_TS_NONE; *bad when its fields are out of range; *rest is where the
 * packet text starts. A line in another format than the text's is not
 * converted.
 */
enum cr_tcpdump_ts cr_td_parse_time(struct cr_tcpdump *t, const char *s, size_t n, int64_t *ns, size_t *rest, bool *bad);
bool cr_td_parse_packet(struct cr_tcpdump *t, const char *s, size_t n, struct cr_pkt *p, struct cr_td_shape *sh);
/* Addresses, ports and protocol from "SRC > DST: BODY". */
void cr_td_fill_ip(struct cr_tcpdump *t, struct cr_pkt *p, int family, const char *src, size_t srcn, const char *dst,
		   size_t dstn, const char *body, size_t bodyn, int known_proto);
/*
 * One endpoint token. want_port: 1 the token ends in a port, 0 it does not,
 * -1 unknown (a port when the part before the last dot is an address).
 * Returns whether a port was split off; host names leave the address empty.
 */
bool cr_td_endpoint(const char *s, size_t n, int family, int want_port, struct cr_addr *a, int *port);
void cr_td_total_range(const struct cr_td_shape *sh, uint64_t *lo, uint64_t *hi);

#endif
