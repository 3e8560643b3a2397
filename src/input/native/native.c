/*
 * native.c - the native engine: capture records → decoded packets → the consumers' packets.
 * Adds what needs memory across packets, bounded by conversations, not
 * packets: IPv4/IPv6 reassembly (tshark's default: the frame that completes
 * a datagram carries its transport header) and tshark 4.0's TCP and UDP
 * stream numbers (one per address/port pair; a SYN with a new initial
 * sequence number starts a new TCP stream). Rows for `export` are written
 * only when asked for.
 */
#include "binding.h"
#include "capmeta.h"
#include "native.h"

#include <arpa/inet.h>
#include <string.h>

#define MAX_PENDING 16384	/* datagrams waiting for fragments */
#define MAX_RANGES 64		/* separate byte ranges per waiting datagram */

/* ---- flows: tshark's tcp.stream and udp.stream ----------------------- */

struct flow_key {
	uint8_t family, pad[3];
	uint16_t port[2];
	uint8_t addr[2][16];
};

struct tcp_flow {
	int64_t stream;
	bool base_set[2];
	uint32_t base[2];	/* per direction: tshark's base sequence number */
};

struct pending {
	struct flow_key key;	/* addresses; port[0] holds the protocol, port[1] the VLAN */
	uint32_t id;
	int64_t total;		/* datagram length once the last fragment came, else -1 */
	unsigned nranges;
	uint32_t range[MAX_RANGES][2];
	uint8_t have[CR_DEC_KEEP / 8];	/* which bytes of `start` arrived */
	uint8_t start[CR_DEC_KEEP];	/* the datagram's first bytes: its transport header */
};

struct engine {
	GHashTable *tcp, *udp;		/* struct flow_key → struct tcp_flow / stream index */
	int64_t next_tcp, next_udp;
	GHashTable *frags;		/* struct pending (key part) → struct pending */
	uint8_t start[CR_DEC_KEEP];	/* a completed datagram's start */
	bool streams;			/* number streams (not needed for a dry pass) */
};

static guint key_hash(gconstpointer k)
{
	const uint8_t *p = k;
	guint h = 2166136261u;

	for (size_t i = 0; i < sizeof(struct flow_key); i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct flow_key)) == 0;
}

static guint pending_hash(gconstpointer k)
{
	const struct pending *p = k;
	return key_hash(&p->key) ^ p->id * 2654435761u;
}

static gboolean pending_equal(gconstpointer a, gconstpointer b)
{
	const struct pending *x = a, *y = b;
	return x->id == y->id && key_equal(&x->key, &y->key);
}

static void engine_init(struct engine *e, bool streams)
{
	memset(e, 0, sizeof(*e));
	e->streams = streams;
	e->tcp = g_hash_table_new_full(key_hash, key_equal, g_free, g_free);
	e->udp = g_hash_table_new_full(key_hash, key_equal, g_free, NULL);
	e->frags = g_hash_table_new_full(pending_hash, pending_equal, NULL, g_free);
}

static void engine_clear(struct engine *e)
{
	g_hash_table_destroy(e->tcp);
	g_hash_table_destroy(e->udp);
	g_hash_table_destroy(e->frags);
}

/* The unordered key of a conversation, and which side this packet is from. */
static int flow_key(struct flow_key *k, const struct cr_dec_ip *ip, const struct cr_dec_l4 *t)
{
	size_t n = ip->family == 4 ? 4 : 16;
	int c = memcmp(ip->src, ip->dst, n);
	int side = c > 0 || (c == 0 && t->sport > t->dport);

	memset(k, 0, sizeof(*k));
	k->family = ip->family;
	memcpy(k->addr[side], ip->src, n);
	memcpy(k->addr[!side], ip->dst, n);
	k->port[side] = t->sport;
	k->port[!side] = t->dport;
	return side;
}

static void number_streams(struct engine *e, struct cr_decoded *d)
{
	for (unsigned i = 0; i < d->nl4; i++) {
		struct cr_dec_l4 *t = &d->l4[i];
		struct flow_key k;
		int side;

		if (!t->stream)
			continue;
		side = flow_key(&k, &d->ip[t->ip], t);
		if (t->proto == 17) {
			gpointer v = g_hash_table_lookup(e->udp, &k);
			if (!v) {
				v = GSIZE_TO_POINTER(++e->next_udp);
				g_hash_table_insert(e->udp, g_memdup2(&k, sizeof(k)), v);
			}
			t->stream_id = (int64_t)GPOINTER_TO_SIZE(v) - 1;
		} else {
			struct tcp_flow *f = g_hash_table_lookup(e->tcp, &k);
			/* A SYN whose sequence number is not the one this side started with: ports reused. */
			if (f && (t->flags & 0x12) == 0x02 && f->base_set[side] && t->seq != f->base[side])
				f = NULL;
			if (!f) {
				f = g_new0(struct tcp_flow, 1);
				f->stream = e->next_tcp++;
				g_hash_table_replace(e->tcp, g_memdup2(&k, sizeof(k)), f);
			}
			t->stream_id = f->stream;
			if (t->analyze) {
				if (!f->base_set[side]) {
					f->base[side] = t->flags & 0x02 ? t->seq : t->seq - 1;
					f->base_set[side] = true;
				}
				if (!f->base_set[!side] && (t->flags & 0x10)) {
					f->base[!side] = t->ack - 1;
					f->base_set[!side] = true;
				}
			}
		}
	}
}

/* ---- reassembly ------------------------------------------------------ */

/* Add [lo, hi) to the datagram's ranges, merging. false: too many pieces. */
static bool add_range(struct pending *p, uint32_t lo, uint32_t hi)
{
	unsigned i = 0, j;

	while (i < p->nranges && p->range[i][1] < lo)
		i++;
	j = i;
	while (j < p->nranges && p->range[j][0] <= hi) {
		lo = MIN(lo, p->range[j][0]);
		hi = MAX(hi, p->range[j][1]);
		j++;
	}
	if (j == i) {
		if (p->nranges == MAX_RANGES)
			return false;
		memmove(p->range[i + 1], p->range[i], (p->nranges - i) * sizeof(p->range[0]));
		p->nranges++;
	} else if (j > i + 1) {
		memmove(p->range[i + 1], p->range[j], (p->nranges - j) * sizeof(p->range[0]));
		p->nranges -= j - i - 1;
	}
	p->range[i][0] = lo;
	p->range[i][1] = hi;
	return true;
}

/*
 * Take the packet's fragment. When it completes its datagram, decode the
 * datagram's start into `d`, as tshark does in the completing frame.
 */
static void reassemble(struct engine *e, struct cr_decoded *d)
{
	const struct cr_dec_frag *fr = &d->frag;
	const struct cr_dec_ip *ip = &d->ip[fr->ip];
	struct pending probe, *p;
	uint32_t end = fr->offset + fr->len;
	size_t n = ip->family == 4 ? 4 : 16;
	uint32_t kept, total;

	memset(&probe.key, 0, sizeof(probe.key));
	probe.key.family = ip->family;
	memcpy(probe.key.addr[0], ip->src, n);
	memcpy(probe.key.addr[1], ip->dst, n);
	if (ip->family == 4) {
		probe.key.port[0] = fr->proto;
		probe.key.port[1] = fr->vlan;
	}
	probe.id = fr->id;
	p = g_hash_table_lookup(e->frags, &probe);
	if (!p) {
		if (g_hash_table_size(e->frags) >= MAX_PENDING) {
			d->anomaly = "more unfinished fragmented datagrams than the engine keeps";
			return;
		}
		p = g_new(struct pending, 1);
		p->key = probe.key;
		p->id = probe.id;
		p->total = -1;
		p->nranges = 0;
		memset(p->have, 0, sizeof(p->have));
		g_hash_table_add(e->frags, p);
	}
	if (!fr->more) {
		if (p->total >= 0 && p->total != end) {
			d->anomaly = "fragments that disagree on their datagram's length";
			return;
		}
		p->total = end;
	}
	if (p->total >= 0 && end > p->total) {
		d->anomaly = "a fragment beyond its datagram's end";
		return;
	}
	if (!add_range(p, fr->offset, end)) {
		d->anomaly = "a datagram in too many fragments";
		return;
	}
	/* Keep the start; a byte sent twice must not differ (tshark would flag the overlap). */
	for (uint32_t o = fr->offset; o < end && o < CR_DEC_KEEP; o++) {
		uint8_t bit = (uint8_t)(1u << (o % 8)), v = fr->data[o - fr->offset];
		if (!(p->have[o / 8] & bit)) {
			p->have[o / 8] |= bit;
			p->start[o] = v;
		} else if (p->start[o] != v) {
			d->anomaly = "overlapping fragments with different bytes";
			return;
		}
	}
	if (p->total < 0 || p->nranges != 1 || p->range[0][0] != 0 || p->range[0][1] != p->total)
		return;
	total = (uint32_t)p->total;
	kept = MIN(CR_DEC_KEEP, total);
	memcpy(e->start, p->start, kept);
	g_hash_table_remove(e->frags, p);
	cr_decode_reassembled(d, fr->ip, fr->proto, e->start, kept, total);
}

/* ---- packets and rows ------------------------------------------------ */

/* frame.protocols from its k-th IP layer on: binding.c finds an IPv6 layer's upper protocol there. */
static const char *ip_layer_at(const char *protocols, unsigned k)
{
	for (const char *l = protocols; *l;) {
		size_t n = strcspn(l, ":");
		if (((n == 2 && strncmp(l, "ip", 2) == 0) || (n == 4 && strncmp(l, "ipv6", 4) == 0)) && k-- == 0)
			return l;
		l += n + (l[n] != '\0');
	}
	return "";
}

/* IP layer `ipi` and the TCP/UDP header right after it, as binding.c reads them from tshark's CSV. */
static void to_layer(const struct cr_decoded *d, unsigned ipi, struct cr_pkt_inner *l)
{
	const struct cr_dec_ip *ip = &d->ip[ipi];
	size_t n = ip->family == 4 ? 4 : 16;

	memset(l, 0, sizeof(*l));
	l->src.family = l->dst.family = ip->family;
	memcpy(l->src.a, ip->src, n);
	memcpy(l->dst.a, ip->dst, n);
	l->proto = ip->family == 6 ? cr_ip6_upper_proto(ip->proto, ip_layer_at(d->protocols, ipi)) : ip->proto;
	l->sport = l->dport = -1;
	l->stream = -1;
	for (unsigned i = 0; i < d->nl4; i++) {
		const struct cr_dec_l4 *t = &d->l4[i];
		if (t->ip != ipi || !t->ports)
			continue;
		l->proto = t->proto;
		l->sport = t->sport;
		l->dport = t->dport;
		l->stream = t->stream ? t->stream_id : -1;
		break;
	}
}

/* The packet as binding.c decodes the same fields from tshark's CSV: IP layers outside ICMP quotes. */
static void to_pkt(const struct cr_caprec *r, const struct cr_decoded *d, bool pcapng, struct cr_pkt *p)
{
	struct cr_pkt_inner l;
	unsigned n = 0;

	memset(p, 0, sizeof(*p));
	p->frame = r->frame;
	p->ts_ns = r->untimed ? 0 : r->ts_ns;
	p->untimed = r->untimed;
	p->len = r->len;
	p->protocols = d->protocols;
	p->interface_id = pcapng ? r->iface : 0;
	p->proto = -1;
	p->sport = p->dport = -1;
	p->tcp_stream = p->udp_stream = -1;
	for (unsigned i = 0; i < d->nip && n <= CR_PKT_MAX_INNER; i++) {
		if (d->ip[i].quoted)
			continue;
		to_layer(d, i, &l);
		if (n++ > 0) {
			p->inner[p->ninner++] = l;
			continue;
		}
		p->src = l.src;
		p->dst = l.dst;
		p->proto = l.proto;
		p->sport = l.sport;
		p->dport = l.dport;
		if (l.proto == 6)
			p->tcp_stream = l.stream;
		else if (l.proto == 17)
			p->udp_stream = l.stream;
	}
}

/* The ip profile's columns, in profile.c's order. */
enum {
	F_FRAME, F_TIME, F_LEN, F_PROTOCOLS, F_IFACE, F_IP_SRC, F_IP_DST, F_IP6_SRC, F_IP6_DST,
	F_IP_PROTO, F_IP6_NXT, F_TCP_SPORT, F_TCP_DPORT, F_UDP_SPORT, F_UDP_DPORT, F_TCP_STREAM,
	F_UDP_STREAM, F_N
};

struct rows {
	GString *f[F_N];
	char *field[F_N];
	size_t len[F_N];
	struct cr_row row;
};

static void sep(GString *s)
{
	if (s->len)
		g_string_append_c(s, ';');
}

/* Fields as tshark -T fields writes them: several occurrences joined with ';'. */
static void to_row(struct rows *w, const struct cr_caprec *r, const struct cr_decoded *d, bool pcapng)
{
	char buf[48];

	for (int i = 0; i < F_N; i++)
		g_string_truncate(w->f[i], 0);
	g_string_append_printf(w->f[F_FRAME], "%" G_GUINT64_FORMAT, r->frame);
	if (r->untimed)
		;	/* no frame.time_epoch, as tshark writes it */
	else if (r->ts_ns >= 0)
		g_string_append_printf(w->f[F_TIME], "%" G_GINT64_FORMAT ".%09d", r->ts_ns / 1000000000,
				       (int)(r->ts_ns % 1000000000));
	else
		g_string_append_printf(w->f[F_TIME], "-%" G_GINT64_FORMAT ".%09d", -(r->ts_ns / 1000000000),
				       (int)-(r->ts_ns % 1000000000));
	g_string_append_printf(w->f[F_LEN], "%u", r->len);
	g_string_append(w->f[F_PROTOCOLS], d->protocols);
	if (pcapng)
		g_string_append_printf(w->f[F_IFACE], "%u", r->iface);
	for (unsigned i = 0; i < d->nip; i++) {
		const struct cr_dec_ip *ip = &d->ip[i];
		int af = ip->family == 4 ? AF_INET : AF_INET6;
		int s = ip->family == 4 ? F_IP_SRC : F_IP6_SRC;

		sep(w->f[s]);
		g_string_append(w->f[s], inet_ntop(af, ip->src, buf, sizeof(buf)));
		sep(w->f[s + 1]);
		g_string_append(w->f[s + 1], inet_ntop(af, ip->dst, buf, sizeof(buf)));
		s = ip->family == 4 ? F_IP_PROTO : F_IP6_NXT;
		sep(w->f[s]);
		g_string_append_printf(w->f[s], "%u", ip->proto);
	}
	for (unsigned i = 0; i < d->nl4; i++) {
		const struct cr_dec_l4 *t = &d->l4[i];
		int s = t->proto == 6 ? F_TCP_SPORT : F_UDP_SPORT;

		if (t->ports) {
			sep(w->f[s]);
			g_string_append_printf(w->f[s], "%u", t->sport);
			sep(w->f[s + 1]);
			g_string_append_printf(w->f[s + 1], "%u", t->dport);
		}
		if (t->stream) {
			s = t->proto == 6 ? F_TCP_STREAM : F_UDP_STREAM;
			sep(w->f[s]);
			g_string_append_printf(w->f[s], "%" G_GINT64_FORMAT, t->stream_id);
		}
	}
	for (int i = 0; i < F_N; i++) {
		w->field[i] = w->f[i]->str;
		w->len[i] = w->f[i]->len;
	}
	w->row.record = r->frame;
}

static void rows_init(struct rows *w)
{
	for (int i = 0; i < F_N; i++)
		w->f[i] = g_string_sized_new(32);
	w->row.field = w->field;
	w->row.len = w->len;
	w->row.n = F_N;
}

static void rows_clear(struct rows *w)
{
	for (int i = 0; i < F_N; i++)
		g_string_free(w->f[i], TRUE);
}

void cr_native_stats_clear(struct cr_native_stats *s)
{
	if (s->meta)
		cr_file_meta_clear(s->meta);
	g_free(s->meta);
	g_free(s->why);
	memset(s, 0, sizeof(*s));
}

static void note_undecoded(struct cr_native_stats *st, uint64_t frame, const char *why)
{
	if (!st->undecoded++) {
		st->first_undecoded = frame;
		st->why = g_strdup(why);
	}
}

/* One pass over the file: `fn` NULL for a dry pass that stops at the first packet not decoded. */
static int run(const char *path, unsigned flags, cr_native_pkt_fn fn, void *user, struct cr_native_stats *st,
	       GError **err)
{
	bool rows = flags & CR_NATIVE_ROWS;
	struct cr_capfile *f;
	struct cr_caprec r;
	struct cr_decoded d;
	struct engine e;
	struct rows w;
	struct cr_pkt p;
	bool pcapng;
	int rc = 0, got;

	memset(st, 0, sizeof(*st));
	if (!(f = cr_capfile_open(path, err)))
		return -1;
	pcapng = cr_capfile_is_pcapng(f);
	engine_init(&e, fn != NULL && !(flags & CR_NATIVE_NO_STREAMS));
	if (rows)
		rows_init(&w);
	while ((got = cr_capfile_next(f, &r, err)) == 1) {
		st->frames++;
		cr_decode_packet(&d, r.linktype, r.data, r.caplen, r.len);
		if (d.frag.present && !d.anomaly)
			reassemble(&e, &d);
		if (r.untimed) {
			st->untimed++;	/* delivered: tshark writes the row with an empty frame.time_epoch */
		} else if (!r.has_ts) {
			st->skipped++;
			note_undecoded(st, r.frame, "a packet without a usable timestamp (a time past the year 2262)");
			if (!fn)
				break;
			continue;
		}
		if (d.anomaly) {
			note_undecoded(st, r.frame, d.anomaly);
			if (!fn)
				break;
		}
		if (!fn)
			continue;
		if (e.streams)
			number_streams(&e, &d);
		to_pkt(&r, &d, pcapng, &p);
		if (rows) {
			to_row(&w, &r, &d, pcapng);
			p.row = &w.row;
		}
		if (fn(user, &p) != 0)
			break;
	}
	if (got < 0)
		rc = -1;
	if (fn) {	/* the headers come with the packets: no second read for them */
		st->meta = g_new(struct cr_file_meta, 1);
		cr_capfile_take_meta(f, st->meta);
	}
	if (rows)
		rows_clear(&w);
	engine_clear(&e);
	cr_capfile_close(f);
	return rc;
}

int cr_native_read(const char *path, unsigned flags, cr_native_pkt_fn fn, void *user, struct cr_native_stats *st,
		   GError **err)
{
	return run(path, flags, fn, user, st, err);
}

int cr_native_check(const char *path, struct cr_native_stats *st, GError **err)
{
	return run(path, 0, NULL, NULL, st, err);
}
