/*
 * analyze-sample.c - a uniform sample of at most N IP packets (reservoir
 * sampling, Vitter's algorithm R) for plots that show single packets.
 */
#include "analyze-report.h"
#include "tok.h"

#include <string.h>

struct spkt {
	int64_t ts;
	struct cr_addr src, dst;
	int32_t sport, dport;
	int16_t proto;
	uint64_t seq;		/* arrival order: ties in time keep it */
};

struct cr_sample {
	struct spkt *v;
	size_t max, n;
	uint64_t seen;
	uint64_t untimed;	/* IP packets without a time: never in the sample (it is drawn over time) */
	uint64_t rng;		/* xorshift64*, fixed seed: the same capture gives the same sample */
};

struct cr_sample *cr_sample_new(size_t max)
{
	struct cr_sample *s = g_new0(struct cr_sample, 1);

	s->max = max ? max : 1;
	s->v = g_new(struct spkt, s->max);
	s->rng = 0x9E3779B97F4A7C15ull;
	return s;
}

void cr_sample_free(struct cr_sample *s)
{
	if (!s)
		return;
	g_free(s->v);
	g_free(s);
}

uint64_t cr_sample_seen(const struct cr_sample *s)
{
	return s->seen;
}

static uint64_t next_rand(struct cr_sample *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ull;
}

int cr_sample_packet(void *user, const struct cr_pkt *p)
{
	struct cr_sample *s = user;
	struct spkt *slot;
	uint64_t j;

	if (p->src.family == 0)
		return 0;
	if (p->untimed) {
		s->untimed++;
		return 0;
	}
	s->seen++;
	if (s->n < s->max) {
		slot = &s->v[s->n++];
	} else {
		/* Keep the new packet with probability max/seen. */
		j = next_rand(s) % s->seen;
		if (j >= s->max)
			return 0;
		slot = &s->v[j];
	}
	slot->ts = p->ts_ns;
	slot->src = p->src;
	slot->dst = p->dst;
	slot->sport = p->sport;
	slot->dport = p->dport;
	slot->proto = (int16_t)p->proto;
	slot->seq = s->seen;
	return 0;
}

static const char *cr_ip_proto_name(int proto, char *buf, size_t size)
{
	static const struct cr_tok names[] = {
		{ 1, "icmp" }, { 2, "igmp" }, { 6, "tcp" }, { 17, "udp" }, { 41, "ipv6" }, { 47, "gre" },
		{ 50, "esp" }, { 58, "icmpv6" }, { 89, "ospf" }, { 132, "sctp" }, { -1, NULL },
	};
	const char *name = cr_tok_name(names, proto, NULL);

	if (name)
		return name;
	if (proto < 0)
		return "other";
	g_snprintf(buf, size, "ip-%d", proto);
	return buf;
}

static int by_time(gconstpointer x, gconstpointer y)
{
	const struct spkt *a = x, *b = y;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int by_addr(gconstpointer x, gconstpointer y)
{
	return cr_addr_cmp(x, y);
}

/* The place of `a` in the sorted, distinct `addrs`. */
static int64_t rank_of(const struct cr_addr *addrs, size_t n, const struct cr_addr *a)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cr_addr_cmp(&addrs[mid], a) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int64_t)lo;
}

static const struct cr_column_def sample_columns[] = {
	{ "time", CR_COL_TIME }, { "rel_time", CR_COL_SECONDS }, { "src", CR_COL_ADDR },
	{ "dst", CR_COL_ADDR }, { "sport", CR_COL_INT }, { "dport", CR_COL_INT }, { "proto", CR_COL_TEXT },
	{ "src_rank", CR_COL_INT }, { "dst_rank", CR_COL_INT }, { NULL, 0 },
};

struct cr_table *cr_sample_table(const struct cr_sample *s, int64_t first_ns)
{
	struct cr_table *t = cr_table_new("packet_sample", "Packet sample");
	struct spkt *v = g_memdup2(s->v, s->n * sizeof(*v));
	struct cr_addr *addrs = g_new(struct cr_addr, 2 * s->n + 1);
	size_t na = 0, nd = 0;
	char buf[64], pbuf[16];

	cr_table_add_columns(t, sample_columns);

	qsort(v, s->n, sizeof(*v), by_time);
	for (size_t i = 0; i < s->n; i++) {
		addrs[na++] = v[i].src;
		addrs[na++] = v[i].dst;
	}
	qsort(addrs, na, sizeof(*addrs), by_addr);
	for (size_t i = 0; i < na; i++)
		if (nd == 0 || cr_addr_cmp(&addrs[nd - 1], &addrs[i]) != 0)
			addrs[nd++] = addrs[i];

	for (size_t i = 0; i < s->n; i++) {
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_int(&row[0], v[i].ts);
		cr_cell_float(&row[1], (double)(v[i].ts - first_ns) / 1e9);
		cr_addr_format(&v[i].src, buf, sizeof(buf));
		cr_cell_text(&row[2], buf);
		cr_addr_format(&v[i].dst, buf, sizeof(buf));
		cr_cell_text(&row[3], buf);
		if (v[i].sport >= 0)
			cr_cell_int(&row[4], v[i].sport);
		if (v[i].dport >= 0)
			cr_cell_int(&row[5], v[i].dport);
		cr_cell_text(&row[6], cr_ip_proto_name(v[i].proto, pbuf, sizeof(pbuf)));
		cr_cell_int(&row[7], rank_of(addrs, nd, &v[i].src));
		cr_cell_int(&row[8], rank_of(addrs, nd, &v[i].dst));
	}
	if (s->seen > s->n)
		cr_table_add_note(t, "a uniform sample of %zu of %" G_GUINT64_FORMAT " IP packets", s->n, s->seen);
	else
		cr_table_add_note(t, "all %" G_GUINT64_FORMAT " IP packets", s->seen);
	cr_table_note_untimed(t, s->untimed);
	g_free(addrs);
	g_free(v);
	return t;
}
