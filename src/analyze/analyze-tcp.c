/* analyze-tcp.c - TCP streams (tcp.stream): counts per direction, tshark's sequence analysis, RTT, state. */
#include "fields.h"
#include "ranges.h"
#include "tcp.h"

#include <math.h>
#include <string.h>

/* The columns read besides the packet's own; order of column_names. */
enum {
	F_SEQ, F_ACK, F_LEN, F_FLAGS, F_WIN, F_ACK_RTT, F_INITIAL_RTT, F_INFLIGHT,
	F_RETRANS, F_FAST_RETRANS, F_LOST, F_DUP_ACK, F_ZERO_WIN, F_N
};

static const char *const column_names[F_N + 1] = {
	"tcp.seq", "tcp.ack", "tcp.len", "tcp.flags", "tcp.window_size",
	"tcp.analysis.ack_rtt", "tcp.analysis.initial_rtt", "tcp.analysis.bytes_in_flight",
	"tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
	"tcp.analysis.lost_segment", "tcp.analysis.duplicate_ack", "tcp.analysis.zero_window",
	NULL,
};

struct cr_tcp {
	int col[F_N];
	bool header_seen;
	GString *missing;
	GHashTable *map;	/* int64 stream → struct cr_tcp_stream * */
	GPtrArray *all;		/* owns the streams, first-seen order */
	int64_t follow;		/* -2: none, -1: all, else a stream */
	size_t points;		/* plot points kept per followed stream */
};

struct cr_tcp *cr_tcp_new(void)
{
	struct cr_tcp *t = g_new0(struct cr_tcp, 1);

	for (int i = 0; i < F_N; i++)
		t->col[i] = -1;
	t->missing = g_string_new(NULL);
	t->map = g_hash_table_new(g_int64_hash, g_int64_equal);
	t->all = g_ptr_array_new();
	t->follow = -2;
	return t;
}

static void stream_free(struct cr_tcp_stream *s)
{
	cr_series_free(s->points);
	cr_bins_free(s->rates);
	for (int d = 0; d < 2; d++) {
		if (s->rtt[d])
			g_array_free(s->rtt[d], TRUE);
		cr_ranges_free(s->dir[d].seen);
	}
	g_free(s);
}

void cr_tcp_free(struct cr_tcp *t)
{
	if (!t)
		return;
	for (guint i = 0; i < t->all->len; i++)
		stream_free(g_ptr_array_index(t->all, i));
	g_ptr_array_free(t->all, TRUE);
	g_hash_table_destroy(t->map);
	g_string_free(t->missing, TRUE);
	g_free(t);
}

void cr_tcp_follow(struct cr_tcp *t, int64_t id, size_t points)
{
	t->follow = id;
	t->points = points ? points : CR_PLOT_POINTS;
}

int cr_tcp_header(void *user, const struct cr_row *names)
{
	struct cr_tcp *t = user;

	cr_fields_resolve(t->col, column_names, F_N, names);
	t->header_seen = true;
	g_string_truncate(t->missing, 0);
	for (int i = 0; i < F_N; i++)
		if (t->col[i] < 0)
			g_string_append_printf(t->missing, "%s%s", t->missing->len ? ", " : "", column_names[i]);
	return 0;
}

const char *cr_tcp_missing(const struct cr_tcp *t)
{
	return t->missing->str;
}

size_t cr_tcp_nstreams(const struct cr_tcp *t)
{
	return t->all->len;
}

const struct cr_tcp_stream *cr_tcp_nth(const struct cr_tcp *t, size_t i)
{
	return i < t->all->len ? g_ptr_array_index(t->all, i) : NULL;
}

const struct cr_tcp_stream *cr_tcp_lookup(const struct cr_tcp *t, int64_t id)
{
	return g_hash_table_lookup(t->map, &id);
}

static struct cr_tcp_stream *stream_get(struct cr_tcp *t, const struct cr_pkt *p)
{
	struct cr_tcp_stream *s = g_hash_table_lookup(t->map, &p->tcp_stream);

	if (s)
		return s;
	s = g_new0(struct cr_tcp_stream, 1);
	s->id = p->tcp_stream;
	s->a = p->src;
	s->b = p->dst;
	s->port_a = p->sport;
	s->port_b = p->dport;
	s->initial_rtt = -1;
	for (int d = 0; d < 2; d++) {
		s->dir[d].max_inflight = -1;
		s->dir[d].rtt_min = INFINITY;
		s->dir[d].seen = cr_ranges_new();
	}
	s->followed = t->follow == -1 || t->follow == s->id;
	if (s->followed) {
		s->points = cr_series_new(sizeof(struct cr_tcp_point), t->points, 2 * CR_TCP_LANES, cr_tcp_point_y);
		s->rates = cr_bins_new(t->points / 8);
		s->rtt[0] = g_array_new(FALSE, FALSE, sizeof(float));
		s->rtt[1] = g_array_new(FALSE, FALSE, sizeof(float));
	}
	g_hash_table_insert(t->map, &s->id, s);
	g_ptr_array_add(t->all, s);
	return s;
}

double cr_tcp_point_y(const void *elem, size_t lane)
{
	const struct cr_tcp_point *pt = elem;

	if (pt->dir != lane / CR_TCP_LANES)
		return NAN;
	switch (lane % CR_TCP_LANES) {
	case CR_TCP_LANE_SEQ:
		return pt->len > 0 ? (double)pt->seq : NAN;
	case CR_TCP_LANE_ACK:
		return pt->flags & CR_TCP_ACK ? (double)pt->ack : NAN;
	case CR_TCP_LANE_EDGE:
		return pt->flags & CR_TCP_ACK ? (double)pt->ack + pt->win : NAN;
	case CR_TCP_LANE_RTT:
		return pt->rtt_ms >= 0 ? pt->rtt_ms : NAN;
	default:
		return pt->inflight >= 0 ? (double)pt->inflight : NAN;
	}
}

static bool flagged(const struct cr_row *r, int col)
{
	return *cr_field(r, col) != '\0';
}

/*
 * The payload bytes of a segment not seen before in its direction: a
 * retransmission whose original passed the capture point adds nothing, one
 * whose original was lost before it adds its bytes. Without a sequence
 * number, tshark's retransmission flag decides.
 */
static uint64_t new_payload(struct cr_tcp_dir *dir, const struct cr_row *r, int seq_col, uint64_t len, bool retrans)
{
	uint64_t seq, lo;

	if (!cr_field_u64(cr_field(r, seq_col), &seq) || seq > UINT32_MAX)
		return retrans ? 0 : len;
	lo = cr_seq_unwrap(&dir->seq_hi, &dir->seq_seen, (uint32_t)seq);
	return cr_ranges_add(dir->seen, lo, lo + len);
}

int cr_tcp_packet(void *user, const struct cr_pkt *pkt)
{
	struct cr_tcp *t = user;
	const struct cr_row *r = pkt->row;
	const struct cr_pkt *p = pkt;
	struct cr_pkt inner;
	struct cr_tcp_stream *s;
	struct cr_tcp_dir *dir, *peer;
	struct cr_tcp_point pt = { 0 };
	unsigned flags = 0;
	uint64_t len = 0, fresh;
	double rtt = -1, v;
	int64_t inflight = -1;
	int d;

	/* The first IP layer with a TCP header: in a tunnel, the inner one (its fields come first in the row). */
	for (unsigned i = 1; p->proto != 6 && i <= pkt->ninner; i++) {
		cr_pkt_layer(pkt, i, &inner);
		p = &inner;
	}
	if (p->proto != 6 || p->tcp_stream < 0 || p->src.family == 0)
		return 0;
	s = stream_get(t, p);
	d = cr_addr_cmp(&p->src, &s->a) == 0 && p->sport == s->port_a ? 0 : 1;
	if (cr_addr_cmp(&s->a, &s->b) == 0 && s->port_a == s->port_b)
		d = 0;
	dir = &s->dir[d];
	peer = &s->dir[1 - d];
	cr_pkt_span(p, &s->first_ns, &s->last_ns, &s->timed);
	s->untimed += p->untimed;
	cr_pkt_span(p, &dir->first_ns, &dir->last_ns, &dir->timed);
	dir->packets++;
	dir->bytes += p->len;
	if (!r) {
		s->unanalysed = true;
		return 0;
	}

	cr_field_u64(cr_field(r, t->col[F_LEN]), &len);
	cr_field_hex(cr_field(r, t->col[F_FLAGS]), &flags);
	dir->payload += len;
	if (flags & 0x02) {	/* SYN */
		dir->syn = true;
		if (flags & 0x10)
			s->synack_seen = true;
		else
			s->syn_seen = true;
	}
	if (flags & 0x01)
		dir->fin = true;
	if (flags & 0x04)
		dir->rst = true;
	if (flagged(r, t->col[F_RETRANS])) {
		dir->retrans++;
		pt.flags |= CR_TCP_RETRANS;
	}
	fresh = new_payload(dir, r, t->col[F_SEQ], len, pt.flags & CR_TCP_RETRANS);
	dir->good += fresh;
	if (flagged(r, t->col[F_FAST_RETRANS]))
		dir->fast_retrans++;
	if (flagged(r, t->col[F_DUP_ACK]))
		dir->dup_acks++;
	if (flagged(r, t->col[F_ZERO_WIN]))
		dir->zero_windows++;
	if (flagged(r, t->col[F_LOST]))
		dir->lost_segments++;
	if (cr_field_i64(cr_field(r, t->col[F_INFLIGHT]), &inflight) && inflight > dir->max_inflight)
		dir->max_inflight = inflight;
	if (s->initial_rtt < 0 && cr_field_double(cr_field(r, t->col[F_INITIAL_RTT]), &v))
		s->initial_rtt = v;
	/* An ACK's RTT measures the data the peer sent. */
	if (cr_field_double(cr_field(r, t->col[F_ACK_RTT]), &rtt) && rtt >= 0) {
		peer->rtt_n++;
		peer->rtt_sum += rtt;
		if (rtt < peer->rtt_min)
			peer->rtt_min = rtt;
		if (rtt > peer->rtt_max)
			peer->rtt_max = rtt;
		if (s->followed) {
			float f = (float)rtt;
			g_array_append_val(s->rtt[1 - d], f);
		}
	} else {
		rtt = -1;
	}

	if (s->followed && !p->untimed) {	/* a point is drawn at its time */
		uint64_t u;
		pt.ts_ns = p->ts_ns;
		pt.seq = cr_field_u64(cr_field(r, t->col[F_SEQ]), &u) ? (int64_t)u : 0;
		pt.ack = cr_field_u64(cr_field(r, t->col[F_ACK]), &u) ? (int64_t)u : 0;
		pt.len = (uint32_t)MIN(len, UINT32_MAX);
		pt.win = cr_field_u64(cr_field(r, t->col[F_WIN]), &u) ? (uint32_t)MIN(u, UINT32_MAX) : 0;
		pt.inflight = inflight;
		pt.cum_payload = dir->payload;
		pt.cum_good = dir->good;
		pt.rtt_ms = rtt >= 0 ? (float)(rtt * 1000) : -1.0f;
		pt.dir = (uint8_t)d;
		pt.flags |= (flags & 0x02 ? CR_TCP_SYN : 0) | (flags & 0x01 ? CR_TCP_FIN : 0) |
			    (flags & 0x04 ? CR_TCP_RST : 0) | (flags & 0x10 ? CR_TCP_ACK : 0);
		cr_series_add(s->points, &pt, pt.ts_ns,
			      (pt.flags & (CR_TCP_RETRANS | CR_TCP_SYN | CR_TCP_FIN | CR_TCP_RST)) != 0);
		/* Rates from every packet: payload, and payload not seen before. */
		cr_bins_add(s->rates, pt.ts_ns, (size_t)d * 2, len);
		cr_bins_add(s->rates, pt.ts_ns, (size_t)d * 2 + 1, fresh);
	}
	return 0;
}

char *cr_tcp_state(const struct cr_tcp_stream *s)
{
	const struct cr_tcp_dir *ab = &s->dir[0], *ba = &s->dir[1];
	const char *st;

	if (s->syn_seen && !s->synack_seen && (ab->rst || ba->rst))
		st = "refused";
	else if (ab->rst || ba->rst)
		st = "reset";
	else if (s->syn_seen && !s->synack_seen)
		st = "unanswered";
	else if (ab->fin && ba->fin)
		st = "closed";
	else if (ab->fin || ba->fin)
		st = "half-closed";
	else
		st = "open";
	return g_strdup_printf("%s%s", st, s->syn_seen ? "" : " (no handshake)");
}

char *cr_tcp_endpoint(const struct cr_addr *a, int port)
{
	char buf[64];

	cr_addr_format(a, buf, sizeof(buf));
	return a->family == 6 ? g_strdup_printf("[%s]:%d", buf, port) : g_strdup_printf("%s:%d", buf, port);
}

static int64_t sort_key(const struct cr_tcp_stream *s, const char *sort)
{
	if (strcmp(sort, "packets") == 0)
		return (int64_t)(s->dir[0].packets + s->dir[1].packets);
	if (strcmp(sort, "bytes") == 0)
		return (int64_t)(s->dir[0].bytes + s->dir[1].bytes);
	if (strcmp(sort, "duration") == 0)
		return s->last_ns - s->first_ns;
	if (strcmp(sort, "start") == 0)
		return s->timed ? -s->first_ns : INT64_MIN;
	return -s->id;
}

static int cmp_streams(gconstpointer x, gconstpointer y, gpointer data)
{
	const struct cr_tcp_stream *a = *(const struct cr_tcp_stream *const *)x;
	const struct cr_tcp_stream *b = *(const struct cr_tcp_stream *const *)y;
	int64_t ka = sort_key(a, data), kb = sort_key(b, data);

	if (ka != kb)
		return ka > kb ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static void cell_ms(struct cr_cell *c, double seconds)
{
	if (isfinite(seconds) && seconds >= 0)
		cr_cell_float(c, seconds * 1000);
}

struct cr_table *cr_tcp_list_table(const struct cr_tcp *t, int64_t first_ns, const char *sort)
{
	static const struct {
		const char *name;
		enum cr_coltype type;
	} cols[] = {
		{ "stream", CR_COL_INT }, { "addr_a", CR_COL_ADDR }, { "port_a", CR_COL_INT },
		{ "addr_b", CR_COL_ADDR }, { "port_b", CR_COL_INT }, { "packets_ab", CR_COL_INT },
		{ "bytes_ab", CR_COL_BYTES }, { "packets_ba", CR_COL_INT }, { "bytes_ba", CR_COL_BYTES },
		{ "payload_ab", CR_COL_BYTES }, { "payload_ba", CR_COL_BYTES }, { "start", CR_COL_SECONDS },
		{ "duration", CR_COL_SECONDS }, { "retransmissions", CR_COL_INT }, { "rtt_min_ms", CR_COL_FLOAT },
		{ "rtt_avg_ms", CR_COL_FLOAT }, { "rtt_max_ms", CR_COL_FLOAT }, { "state", CR_COL_TEXT },
		{ NULL, 0 },
	};
	struct cr_table *tab = cr_table_new("tcp_streams", "TCP streams");
	GPtrArray *order = g_ptr_array_sized_new(t->all->len);
	uint64_t untimed = 0, unanalysed = 0;
	char buf[64];

	for (int i = 0; cols[i].name; i++)
		cr_table_add_column(tab, cols[i].name, cols[i].type);
	for (guint i = 0; i < t->all->len; i++)
		g_ptr_array_add(order, g_ptr_array_index(t->all, i));
	g_ptr_array_sort_with_data(order, cmp_streams, (gpointer)(sort ? sort : "stream"));

	for (guint i = 0; i < order->len; i++) {
		const struct cr_tcp_stream *s = g_ptr_array_index(order, i);
		struct cr_cell *row = cr_table_add_row(tab);
		uint64_t n = s->dir[0].rtt_n + s->dir[1].rtt_n;

		cr_cell_int(&row[0], s->id);
		cr_addr_format(&s->a, buf, sizeof(buf));
		cr_cell_text(&row[1], buf);
		cr_cell_int(&row[2], s->port_a);
		cr_addr_format(&s->b, buf, sizeof(buf));
		cr_cell_text(&row[3], buf);
		cr_cell_int(&row[4], s->port_b);
		cr_cell_int(&row[5], (int64_t)s->dir[0].packets);
		cr_cell_int(&row[6], (int64_t)s->dir[0].bytes);
		cr_cell_int(&row[7], (int64_t)s->dir[1].packets);
		cr_cell_int(&row[8], (int64_t)s->dir[1].bytes);
		untimed += s->untimed;
		unanalysed += s->unanalysed;
		if (!s->unanalysed) {	/* else no flags, payload or analysis: no state rather than a wrong one */
			cr_cell_int(&row[9], (int64_t)s->dir[0].payload);
			cr_cell_int(&row[10], (int64_t)s->dir[1].payload);
			cr_cell_int(&row[13], (int64_t)(s->dir[0].retrans + s->dir[1].retrans));
			cr_cell_take(&row[17], cr_tcp_state(s));
		}
		if (s->timed) {
			cr_cell_float(&row[11], (double)(s->first_ns - first_ns) / 1e9);
			cr_cell_float(&row[12], (double)(s->last_ns - s->first_ns) / 1e9);
		}
		if (n && !s->untimed) {
			cell_ms(&row[14], MIN(s->dir[0].rtt_min, s->dir[1].rtt_min));
			cell_ms(&row[15], (s->dir[0].rtt_sum + s->dir[1].rtt_sum) / (double)n);
			cell_ms(&row[16], MAX(s->dir[0].rtt_n ? s->dir[0].rtt_max : 0, s->dir[1].rtt_n ? s->dir[1].rtt_max : 0));
		}
	}
	if (unanalysed)
		cr_table_add_note(tab, "%" G_GUINT64_FORMAT " streams read from text without TCP flags, payload "
				  "lengths or sequence analysis (tcpdump): their payload, retransmissions, RTT and state "
				  "are unknown (give the capture)", unanalysed);
	if (untimed)
		cr_table_add_note(tab, "%" G_GUINT64_FORMAT " packets without a time (pcapng simple packet blocks): "
				  "counted, but their streams have no RTT and start and duration only from the others",
				  untimed);
	g_ptr_array_free(order, TRUE);
	return tab;
}

static int cmp_float(gconstpointer a, gconstpointer b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted samples. */
static double percentile(const GArray *sorted, double pct)
{
	size_t n = sorted->len, rank;

	if (n == 0)
		return NAN;
	rank = (size_t)ceil(pct / 100.0 * (double)n);
	if (rank < 1)
		rank = 1;
	return g_array_index(sorted, float, rank - 1);
}

struct cr_table *cr_tcp_summary_table(const struct cr_tcp_stream *s)
{
	static const struct {
		const char *name;
		enum cr_coltype type;
	} cols[] = {
		{ "direction", CR_COL_TEXT }, { "from", CR_COL_TEXT }, { "to", CR_COL_TEXT },
		{ "packets", CR_COL_INT }, { "bytes", CR_COL_BYTES }, { "payload", CR_COL_BYTES },
		{ "goodput_bytes", CR_COL_BYTES }, { "duration", CR_COL_SECONDS },
		{ "throughput", CR_COL_RATE }, { "goodput", CR_COL_RATE },
		{ "retransmissions", CR_COL_INT }, { "fast_retransmissions", CR_COL_INT },
		{ "duplicate_acks", CR_COL_INT }, { "zero_windows", CR_COL_INT }, { "lost_segments", CR_COL_INT },
		{ "handshake_rtt_ms", CR_COL_FLOAT }, { "rtt_samples", CR_COL_INT }, { "rtt_min_ms", CR_COL_FLOAT },
		{ "rtt_avg_ms", CR_COL_FLOAT }, { "rtt_p50_ms", CR_COL_FLOAT }, { "rtt_p95_ms", CR_COL_FLOAT },
		{ "rtt_max_ms", CR_COL_FLOAT }, { "max_in_flight", CR_COL_BYTES },
		{ NULL, 0 },
	};
	char *title = g_strdup_printf("TCP stream %" G_GINT64_FORMAT, s->id);
	struct cr_table *tab = cr_table_new("tcp_summary", title);
	double dur = (double)(s->last_ns - s->first_ns) / 1e9;

	g_free(title);
	for (int i = 0; cols[i].name; i++)
		cr_table_add_column(tab, cols[i].name, cols[i].type);
	for (int d = 0; d < 2; d++) {
		const struct cr_tcp_dir *x = &s->dir[d];
		struct cr_cell *row = cr_table_add_row(tab);
		uint64_t good = x->good;

		cr_cell_text(&row[0], d == 0 ? "A->B" : "B->A");
		cr_cell_take(&row[1], d == 0 ? cr_tcp_endpoint(&s->a, s->port_a) : cr_tcp_endpoint(&s->b, s->port_b));
		cr_cell_take(&row[2], d == 0 ? cr_tcp_endpoint(&s->b, s->port_b) : cr_tcp_endpoint(&s->a, s->port_a));
		cr_cell_int(&row[3], (int64_t)x->packets);
		cr_cell_int(&row[4], (int64_t)x->bytes);
		cr_cell_int(&row[5], (int64_t)x->payload);
		cr_cell_int(&row[6], (int64_t)good);
		cr_cell_float(&row[7], dur);
		if (dur > 0) {
			cr_cell_float(&row[8], (double)x->payload * 8 / dur);
			cr_cell_float(&row[9], (double)good * 8 / dur);
		}
		cr_cell_int(&row[10], (int64_t)x->retrans);
		cr_cell_int(&row[11], (int64_t)x->fast_retrans);
		cr_cell_int(&row[12], (int64_t)x->dup_acks);
		cr_cell_int(&row[13], (int64_t)x->zero_windows);
		cr_cell_int(&row[14], (int64_t)x->lost_segments);
		if (!s->untimed) {	/* else tshark timed some packets from 1970: no RTT */
			cell_ms(&row[15], s->initial_rtt);
			cr_cell_int(&row[16], (int64_t)x->rtt_n);
		}
		if (x->rtt_n && !s->untimed) {
			cell_ms(&row[17], x->rtt_min);
			cell_ms(&row[18], x->rtt_sum / (double)x->rtt_n);
			cell_ms(&row[21], x->rtt_max);
		}
		if (s->rtt[d] && s->rtt[d]->len && !s->untimed) {
			GArray *sorted = g_array_sized_new(FALSE, FALSE, sizeof(float), s->rtt[d]->len);
			g_array_append_vals(sorted, s->rtt[d]->data, s->rtt[d]->len);
			g_array_sort(sorted, cmp_float);
			cell_ms(&row[19], percentile(sorted, 50));
			cell_ms(&row[20], percentile(sorted, 95));
			g_array_free(sorted, TRUE);
		}
		if (x->max_inflight >= 0)
			cr_cell_int(&row[22], x->max_inflight);
	}
	if (s->untimed)
		cr_table_add_note(tab, "note: %" G_GUINT64_FORMAT " packets without a time: no RTT, and the duration "
				  "and rates are those of the others", s->untimed);
	if (!s->syn_seen)
		cr_table_add_note(tab, "note: the handshake of stream %" G_GINT64_FORMAT
				  " was not captured: sequence numbers are relative to its first packet", s->id);
	return tab;
}
