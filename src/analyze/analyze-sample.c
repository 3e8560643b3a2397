/*
 * analyze-sample.c - a sample of IP packets for plots that show single
 * packets: the first packet of every distinct (second, destination port)
 * and (source, destination, destination port) combination, so that rare
 * events such as a port scan are never sampled away, plus a uniform sample
 * of at most N of the others (reservoir sampling, Vitter's algorithm R).
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

/* A combination whose first packet is always kept; zeroed before it is filled, so it hashes as bytes. */
struct skey {
	int64_t bucket;		/* whole seconds; 0 in a (source, destination, port) key */
	int32_t port;
	uint8_t kind;		/* 1: (second, port), 2: (source, destination, port) */
	struct cr_addr src, dst;	/* zero in a (second, port) key */
};

/* At most this many distinct combinations are remembered (and so at most this many packets kept for them). */
#define DISTINCT_MAX 20000

struct cr_sample {
	struct spkt *v;
	size_t max, n;
	uint64_t seen;
	uint64_t rest;		/* packets offered to the reservoir: no new combination */
	GHashTable *keys;	/* struct skey: the distinct combinations seen */
	GArray *kept;		/* struct spkt: the first packet of each */
	uint64_t over;		/* packets with a new combination after the set was full: only sampled */
	uint64_t untimed;	/* IP packets without a time: never in the sample (it is drawn over time) */
	uint64_t rng;		/* xorshift64*, fixed seed: the same capture gives the same sample */
};

static guint key_hash(gconstpointer k)
{
	const uint8_t *b = k;
	guint h = 2166136261u;	/* FNV-1a */

	for (size_t i = 0; i < sizeof(struct skey); i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(struct skey)) == 0;
}

struct cr_sample *cr_sample_new(size_t max)
{
	struct cr_sample *s = g_new0(struct cr_sample, 1);

	s->max = max ? max : 1;
	s->v = g_new(struct spkt, s->max);
	s->rng = 0x9E3779B97F4A7C15ull;
	s->keys = g_hash_table_new_full(key_hash, key_equal, g_free, NULL);
	s->kept = g_array_new(FALSE, FALSE, sizeof(struct spkt));
	return s;
}

void cr_sample_free(struct cr_sample *s)
{
	if (!s)
		return;
	g_free(s->v);
	g_hash_table_destroy(s->keys);
	g_array_free(s->kept, TRUE);
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

/* Remember the packet's two combinations; true when either is new (and so the packet is kept). */
static bool new_combination(struct cr_sample *s, const struct cr_pkt *p)
{
	struct skey k[2];
	bool fresh[2];

	memset(k, 0, sizeof(k));
	k[0].kind = 1;
	k[0].bucket = p->ts_ns >= 0 ? p->ts_ns / 1000000000 : (p->ts_ns + 1) / 1000000000 - 1;
	k[0].port = p->dport;
	k[1].kind = 2;
	k[1].port = p->dport;
	k[1].src = p->src;
	k[1].dst = p->dst;
	for (int i = 0; i < 2; i++)
		fresh[i] = !g_hash_table_contains(s->keys, &k[i]);
	if (!fresh[0] && !fresh[1])
		return false;
	if (g_hash_table_size(s->keys) + 2 > DISTINCT_MAX) {
		s->over++;
		return false;
	}
	for (int i = 0; i < 2; i++)
		if (fresh[i])
			g_hash_table_add(s->keys, g_memdup2(&k[i], sizeof(k[i])));
	return true;
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
	if (new_combination(s, p)) {
		g_array_set_size(s->kept, s->kept->len + 1);
		slot = &g_array_index(s->kept, struct spkt, s->kept->len - 1);
	} else if (s->n < s->max) {
		s->rest++;
		slot = &s->v[s->n++];
	} else {
		/* Keep the new packet with probability max/rest. */
		j = next_rand(s) % ++s->rest;
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
	size_t n = s->n + s->kept->len;
	struct spkt *v = g_new(struct spkt, n + 1);
	struct cr_addr *addrs = g_new(struct cr_addr, 2 * n + 1);
	size_t na = 0, nd = 0;
	char buf[64], pbuf[16];

	cr_table_add_columns(t, sample_columns);

	memcpy(v, s->v, s->n * sizeof(*v));
	if (s->kept->len)
		memcpy(v + s->n, s->kept->data, s->kept->len * sizeof(*v));
	qsort(v, n, sizeof(*v), by_time);
	for (size_t i = 0; i < n; i++) {
		addrs[na++] = v[i].src;
		addrs[na++] = v[i].dst;
	}
	qsort(addrs, na, sizeof(*addrs), by_addr);
	for (size_t i = 0; i < na; i++)
		if (nd == 0 || cr_addr_cmp(&addrs[nd - 1], &addrs[i]) != 0)
			addrs[nd++] = addrs[i];

	for (size_t i = 0; i < n; i++) {
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
	if (s->rest > s->n)
		cr_table_add_note(t, "%zu of %" G_GUINT64_FORMAT " IP packets: the first of every distinct (second, "
				  "destination port) and (source, destination, destination port) combination (%u), "
				  "and a uniform sample of %zu of the other %" G_GUINT64_FORMAT, n, s->seen,
				  s->kept->len, s->n, s->rest);
	else
		cr_table_add_note(t, "all %" G_GUINT64_FORMAT " IP packets", s->seen);
	if (s->over)
		cr_table_add_note(t, "distinct combinations capped at %d: %" G_GUINT64_FORMAT " packets with a new one "
				  "were only sampled", DISTINCT_MAX, s->over);
	cr_table_note_untimed(t, s->untimed);
	g_free(addrs);
	g_free(v);
	return t;
}
