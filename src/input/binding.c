/* binding.c - decoding a row of the ip profile's columns into a packet. */
#include "binding.h"
#include "util.h"

#include <string.h>

/* The columns a packet is decoded from; sentinel-ended. */
enum {
	C_FRAME, C_TIME, C_LEN, C_PROTOCOLS, C_IFACE, C_IP_SRC, C_IP_DST,
	C_IP6_SRC, C_IP6_DST, C_IP_PROTO, C_IP6_NXT, C_TCP_SPORT, C_TCP_DPORT,
	C_UDP_SPORT, C_UDP_DPORT, C_TCP_STREAM, C_UDP_STREAM, C_N
};

static const char *const column_names[C_N + 1] = {
	"frame.number", "frame.time_epoch", "frame.len", "frame.protocols",
	"frame.interface_id", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
	"ip.proto", "ipv6.nxt", "tcp.srcport", "tcp.dstport", "udp.srcport",
	"udp.dstport", "tcp.stream", "udp.stream", NULL,
};

struct cr_binding {
	int col[C_N];
	GHashTable *all;	/* name → index + 1 */
};

/* Index of a named column, -1 when absent. */
static int cr_binding_column(const struct cr_binding *b, const char *name)
{
	return (int)GPOINTER_TO_SIZE(g_hash_table_lookup(b->all, name)) - 1;
}

struct cr_binding *cr_binding_new(const struct cr_row *header)
{
	struct cr_binding *b = g_new0(struct cr_binding, 1);

	b->all = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (size_t i = 0; i < header->n; i++)
		g_hash_table_insert(b->all, g_strdup(header->field[i]), GSIZE_TO_POINTER(i + 1));
	for (int c = 0; c < C_N; c++)
		b->col[c] = cr_binding_column(b, column_names[c]);
	return b;
}

void cr_binding_free(struct cr_binding *b)
{
	if (!b)
		return;
	g_hash_table_destroy(b->all);
	g_free(b);
}

static const char *field(const struct cr_binding *b, const struct cr_row *r, int c)
{
	int i = b->col[c];
	return i >= 0 && (size_t)i < r->n ? r->field[i] : "";
}

/*
 * Leading decimal digits of s (the first of "a;b"); -1 when none or when
 * the number is past 2^53: no field of a packet is that large.
 */
static int64_t num(const char *s)
{
	int64_t v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		if (v > (INT64_C(1) << 53) / 10)
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

static int port(const char *s)
{
	int64_t v = num(s);
	return v >= 0 && v <= 65535 ? (int)v : -1;
}

static int proto(const char *s)
{
	int64_t v = num(s);
	return v >= 0 && v <= 255 ? (int)v : -1;
}

/* 4 or 6: which IP layer comes first in "eth:ethertype:ipv6:ip:tcp"; 0 when none. */
static int first_ip_layer(const char *protocols)
{
	for (const char *l = protocols; l && *l;) {
		size_t n = strcspn(l, ":");
		if (n == 2 && strncmp(l, "ip", 2) == 0)
			return 4;
		if (n == 4 && strncmp(l, "ipv6", 4) == 0)
			return 6;
		l = l[n] ? l + n + 1 : NULL;
	}
	return 0;
}

int cr_ip6_upper_proto(int nxt, const char *protocols)
{
	static const char *const layers[] = { "icmpv6", "tcp", "udp", NULL };
	static const int nums[] = { 58, 6, 17 };

	if (nxt != 0 && nxt != 43 && nxt != 44 && nxt != 60)
		return nxt;
	/* The first of these after the extension headers is the payload. */
	for (const char *l = protocols; l && *l;) {
		size_t n = strcspn(l, ":");
		for (int i = 0; layers[i]; i++)
			if (n == strlen(layers[i]) && strncmp(l, layers[i], n) == 0)
				return nums[i];
		l = l[n] ? l + n + 1 : NULL;
	}
	return nxt;
}

/*
 * A dotted quad as tshark writes it ("10.0.0.1", then NUL, ';' or ','),
 * without inet_pton's copy; anything else goes to cr_addr_parse, which
 * reads every address the same way (this accepts a subset of its forms).
 */
static bool addr_parse(struct cr_addr *a, const char *s)
{
	uint8_t o[4];
	const char *s0 = s;

	for (int i = 0; i < 4; i++) {
		const char *d = s;
		unsigned v = 0;

		while (*s >= '0' && *s <= '9' && s - d < 3)
			v = v * 10 + (unsigned)(*s++ - '0');
		if (s == d || v > 255 || (s - d > 1 && *d == '0') || (i < 3 && *s++ != '.'))
			return cr_addr_parse(a, s0);
		o[i] = (uint8_t)v;
	}
	if (*s && *s != ';' && *s != ',')
		return cr_addr_parse(a, s0);
	memset(a, 0, sizeof(*a));
	a->family = 4;
	memcpy(a->a, o, 4);
	return true;
}

bool cr_binding_decode(const struct cr_binding *b, const struct cr_row *r, struct cr_pkt *p)
{
	const char *s;
	int64_t v;

	memset(p, 0, sizeof(*p));
	p->row = r;
	v = num(field(b, r, C_FRAME));
	if (v < 0)
		return false;
	p->frame = (uint64_t)v;
	/* tshark writes no frame.time_epoch for a pcapng simple packet block. */
	p->untimed = !*field(b, r, C_TIME);
	if (!p->untimed && !cr_parse_epoch(field(b, r, C_TIME), &p->ts_ns))
		return false;
	v = num(field(b, r, C_LEN));
	if (v > UINT32_MAX)
		return false;
	p->len = v < 0 ? 0 : (uint32_t)v;
	p->protocols = field(b, r, C_PROTOCOLS);
	v = num(field(b, r, C_IFACE));
	p->interface_id = v < 0 || v > UINT32_MAX ? 0 : (uint32_t)v;

	/* The first IP layer is the outer one; with both families, the
	 * dissection order in frame.protocols says which came first. */
	s = field(b, r, C_IP_SRC);
	if (*s && *field(b, r, C_IP6_SRC) && first_ip_layer(p->protocols) == 6)
		s = "";
	if (*s) {
		addr_parse(&p->src, s);
		addr_parse(&p->dst, field(b, r, C_IP_DST));
		p->proto = proto(field(b, r, C_IP_PROTO));
	} else if (*(s = field(b, r, C_IP6_SRC))) {
		cr_addr_parse(&p->src, s);
		cr_addr_parse(&p->dst, field(b, r, C_IP6_DST));
		p->proto = cr_ip6_upper_proto(proto(field(b, r, C_IP6_NXT)), p->protocols);
	} else {
		p->proto = -1;
	}

	p->sport = p->dport = -1;
	p->tcp_stream = p->udp_stream = -1;
	/* An ICMP error quotes the offending header: its ports are not ours. */
	if (p->proto == 1 || p->proto == 58)
		return true;
	p->tcp_stream = num(field(b, r, C_TCP_STREAM));
	p->udp_stream = num(field(b, r, C_UDP_STREAM));
	if (*(s = field(b, r, C_TCP_SPORT))) {
		p->sport = port(s);
		p->dport = port(field(b, r, C_TCP_DPORT));
		p->proto = 6;
	} else if (*(s = field(b, r, C_UDP_SPORT))) {
		p->sport = port(s);
		p->dport = port(field(b, r, C_UDP_DPORT));
		p->proto = 17;
	}
	return true;
}
