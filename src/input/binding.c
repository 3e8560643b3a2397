/* binding.c - decoding a row of the ip profile's columns into a packet. */
#include "binding.h"
#include "util.h"

#include <stddef.h>
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

/* A multi-valued field read one occurrence at a time (tshark joins them with ';'). */
struct occ {
	const char *s;
};

/* The next occurrence, NUL- or separator-terminated; "" when there is none. */
static const char *occ_next(struct occ *o)
{
	const char *v = o->s;

	const char *e = v;

	while (*e && *e != ';' && *e != ',')
		e++;
	o->s = *e ? e + 1 : e;
	return v;
}

/* The IP layers of a row and the TCP/UDP header after each, walked in frame.protocols' order. */
struct walk {
	const struct cr_binding *b;
	const struct cr_row *r;
	struct occ ip[3], ip6[3], tcp[3], udp[3];	/* src, dst, proto (or ports and stream) */
	struct cr_pkt *p;
	unsigned n;		/* layers found */
	bool transport;		/* the last layer has its TCP/UDP header */
};

static void walk_ip(struct walk *w, int family, const char *rest)
{
	struct occ *o = family == 4 ? w->ip : w->ip6;
	const char *src = occ_next(&o[0]), *dst = occ_next(&o[1]);
	int pr = proto(occ_next(&o[2]));
	struct cr_pkt_inner l = { .sport = -1, .dport = -1, .stream = -1 };

	w->transport = true;	/* what follows a layer we skip is not another layer's */
	if (!*src || w->n > CR_PKT_MAX_INNER)
		return;
	if (family == 4) {
		addr_parse(&l.src, src);
		addr_parse(&l.dst, dst);
		l.proto = pr;
	} else {
		cr_addr_parse(&l.src, src);
		cr_addr_parse(&l.dst, dst);
		l.proto = cr_ip6_upper_proto(pr, rest);
	}
	if (w->n == 0) {
		w->p->src = l.src;
		w->p->dst = l.dst;
		w->p->proto = l.proto;
	} else {
		w->p->inner[w->p->ninner++] = l;
	}
	w->n++;
	w->transport = false;
}

static void walk_l4(struct walk *w, int proto_num)
{
	struct occ *o = proto_num == 6 ? w->tcp : w->udp;
	const char *sp = occ_next(&o[0]), *dp = occ_next(&o[1]);
	int64_t stream = num(occ_next(&o[2]));
	struct cr_pkt *p = w->p;

	if (!w->n || w->transport || !*sp)
		return;
	w->transport = true;
	if (w->n == 1) {
		p->sport = port(sp);
		p->dport = port(dp);
		p->proto = proto_num;
		*(proto_num == 6 ? &p->tcp_stream : &p->udp_stream) = stream;
	} else {
		struct cr_pkt_inner *l = &p->inner[w->n - 2];
		l->sport = port(sp);
		l->dport = port(dp);
		l->proto = proto_num;
		l->stream = stream;
	}
}

/* The layers `protocols` names, in order, up to an ICMP error's quote. */
static void walk_names(struct walk *w, const char *protocols)
{
	static const int cols[4][3] = {
		{ C_IP_SRC, C_IP_DST, C_IP_PROTO }, { C_IP6_SRC, C_IP6_DST, C_IP6_NXT },
		{ C_TCP_SPORT, C_TCP_DPORT, C_TCP_STREAM }, { C_UDP_SPORT, C_UDP_DPORT, C_UDP_STREAM },
	};
	struct occ *occs[4] = { w->ip, w->ip6, w->tcp, w->udp };

	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 3; j++)
			occs[i][j].s = field(w->b, w->r, cols[i][j]);
	w->n = 0;
	w->transport = false;
	for (const char *l = protocols, *e; *l; l = *e ? e + 1 : e) {
		size_t n;

		for (e = l; *e && *e != ':'; e++)
			;
		n = (size_t)(e - l);
		if (n == 2 && memcmp(l, "ip", 2) == 0)
			walk_ip(w, 4, l);
		else if (n == 4 && memcmp(l, "ipv6", 4) == 0)
			walk_ip(w, 6, l);
		else if (n == 3 && memcmp(l, "tcp", 3) == 0)
			walk_l4(w, 6);
		else if (n == 3 && memcmp(l, "udp", 3) == 0)
			walk_l4(w, 17);
		else if ((n == 4 && memcmp(l, "icmp", 4) == 0) || (n == 6 && memcmp(l, "icmpv6", 6) == 0))
			break;	/* an ICMP error quotes the offending header: not a layer of ours */
	}
}

/*
 * The layers frame.protocols names; a row without it, or whose frame.protocols
 * names no IP layer although it has addresses (a CSV edited by hand), has one
 * IP layer and the TCP/UDP header after it, from the columns alone.
 */
static void walk_layers(struct walk *w, const char *protocols)
{
	const char *ip = field(w->b, w->r, C_IP_SRC), *ip6 = field(w->b, w->r, C_IP6_SRC);
	const char *tcp = field(w->b, w->r, C_TCP_SPORT), *udp = field(w->b, w->r, C_UDP_SPORT);
	char guess[16];

	if (*protocols) {
		walk_names(w, protocols);
		if (w->n > 0 || (!*ip && !*ip6))
			return;
	}
	g_strlcpy(guess, *ip ? "ip" : *ip6 ? "ipv6" : "", sizeof(guess));
	g_strlcat(guess, *tcp ? ":tcp" : *udp ? ":udp" : "", sizeof(guess));
	walk_names(w, guess);
}

bool cr_binding_decode(const struct cr_binding *b, const struct cr_row *r, struct cr_pkt *p)
{
	struct walk w = { .b = b, .r = r, .p = p };
	int64_t v;

	/* The tunnelled layers are read only up to ninner: no need to clear them per row. */
	memset(p, 0, offsetof(struct cr_pkt, inner));
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

	p->proto = -1;
	p->sport = p->dport = -1;
	p->tcp_stream = p->udp_stream = -1;
	walk_layers(&w, p->protocols);
	return true;
}
