/* mptcp-data.c - MPTCP data in DSN space: reinjections across subflows, new bytes, reordering at the capture point. */
#include "mptcp.h"
#include "ranges.h"

#include <string.h>

int64_t cr_mp_rel(const struct cr_mptcp_conn *c, int d, uint64_t raw)
{
	return (int64_t)(raw - c->dir[d].base);
}

void cr_mp_cdir_init(struct cr_mp_cdir *cd)
{
	memset(cd, 0, sizeof(*cd));
	cd->segs = g_array_new(FALSE, TRUE, sizeof(GArray *));
	cd->ro_pending = g_array_new(FALSE, FALSE, sizeof(struct cr_mp_range));
	cd->seen = cr_ranges_new();
}

void cr_mp_cdir_clear(struct cr_mp_cdir *cd)
{
	if (cd->segs) {
		for (guint i = 0; i < cd->segs->len; i++)
			if (g_array_index(cd->segs, GArray *, i))
				g_array_free(g_array_index(cd->segs, GArray *, i), TRUE);
		g_array_free(cd->segs, TRUE);
	}
	if (cd->ro_pending)
		g_array_free(cd->ro_pending, TRUE);
	cd->segs = cd->ro_pending = NULL;
	cr_ranges_free(cd->seen);
	cd->seen = NULL;
}

/*
 * First index whose rel is >= key (or > key with `after`: equal DSNs stay in
 * frame order). The array is sorted by rel and keys are nearly always close
 * to its end: gallop back from the end, then bisect that stretch, so the
 * search touches a few recent cache lines, not the whole index.
 */
static guint bound(const GArray *a, int64_t key, bool after)
{
	guint lo = 0, hi = a->len, step = 1;

#define SEG_BEFORE(i) (after ? g_array_index(a, struct cr_mp_seg, i).rel <= key : \
			       g_array_index(a, struct cr_mp_seg, i).rel < key)
	while (hi > 0) {
		guint probe = hi > step ? hi - step : 0;
		if (SEG_BEFORE(probe)) {
			lo = probe + 1;
			break;
		}
		hi = probe;
		step *= 2;
	}
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (SEG_BEFORE(mid))
			lo = mid + 1;
		else
			hi = mid;
	}
#undef SEG_BEFORE
	return lo;
}

static guint lower_bound(const GArray *a, int64_t key)
{
	return bound(a, key, false);
}

static guint upper_bound(const GArray *a, int64_t key)
{
	return bound(a, key, true);
}

/* The segments subflow `sf` sent this way (made on first use). */
static GArray *sf_segs(struct cr_mp_cdir *cd, uint32_t sf)
{
	GArray **a;

	if (sf >= cd->segs->len)
		g_array_set_size(cd->segs, sf + 1);
	a = &g_array_index(cd->segs, GArray *, sf);
	if (!*a)
		*a = g_array_new(FALSE, FALSE, sizeof(struct cr_mp_seg));
	return *a;
}

/*
 * The earliest segment sent on another subflow that overlaps [rel, end):
 * what tshark calls mptcp.reinjection_of (it compares every earlier frame).
 * Each subflow's segments are apart, so a new one nearly always goes at the
 * end of its array, and only the other subflows' arrays are searched.
 */
static const struct cr_mp_seg *reinjected(const struct cr_mp_cdir *cd, uint32_t sf, int64_t rel, int64_t end)
{
	const struct cr_mp_seg *best = NULL;

	for (guint k = 0; k < cd->segs->len; k++) {
		const GArray *a = g_array_index(cd->segs, GArray *, k);
		if (k == sf || !a)
			continue;
		for (guint i = lower_bound(a, rel - (int64_t)cd->max_len); i < a->len; i++) {
			const struct cr_mp_seg *g = &g_array_index(a, struct cr_mp_seg, i);
			if (g->rel >= end)
				break;
			if (g->rel + (int64_t)g->len > rel && (!best || g->frame < best->frame))
				best = g;
		}
	}
	return best;
}

/*
 * Does a segment of this subflow's array cover [rel, end)? Then a new one
 * there need not be indexed: the older one overlaps every range the new one
 * does and has the smaller frame, so reinjected() answers the same. This
 * keeps data sent again and again in the same DSN range (a connection
 * replayed in one capture) from growing the array in its middle.
 */
static bool covered(const GArray *a, int64_t rel, int64_t end, int64_t max_len)
{
	for (guint i = lower_bound(a, rel - max_len); i < a->len; i++) {
		const struct cr_mp_seg *g = &g_array_index(a, struct cr_mp_seg, i);
		if (g->rel > rel)
			break;
		if (g->rel + (int64_t)g->len >= end)
			return true;
	}
	return false;
}

/*
 * Reordering: bytes below ro_next arrived in order; pending ranges arrived
 * above a hole. Returns how many bytes of [s, e) are new at or above the
 * first segment's start.
 */
static uint64_t arrive(struct cr_mp_cdir *cd, int64_t s, int64_t e, int64_t ts)
{
	GArray *pend = cd->ro_pending;
	int64_t from;
	uint64_t fresh;
	guint i;

	if (!cd->ro_init) {
		cd->ro_init = true;
		cd->ro_next = cd->ro_high = e;
		return (uint64_t)(e - s);
	}
	if (e <= cd->ro_next)
		return 0;
	from = s > cd->ro_next ? s : cd->ro_next;
	fresh = (uint64_t)(e - from);
	for (i = 0; i < pend->len; i++) {
		const struct cr_mp_range *r = &g_array_index(pend, struct cr_mp_range, i);
		int64_t a = MAX(r->start, from), b = MIN(r->end, e);
		if (b > a)
			fresh -= (uint64_t)(b - a);
	}
	if (fresh > 0 && s < cd->ro_high) {
		uint64_t dist = (uint64_t)(cd->ro_high - s);
		cd->late++;
		if (dist > cd->max_distance)
			cd->max_distance = dist;
	}
	if (e > cd->ro_high)
		cd->ro_high = e;

	if (from == cd->ro_next) {
		cd->ro_next = e;
		/* The hole is filled: what waited above it is released. */
		while (pend->len) {
			const struct cr_mp_range *r = &g_array_index(pend, struct cr_mp_range, 0);
			double wait;
			if (r->start > cd->ro_next)
				break;
			wait = (double)(ts - r->ts_ns) / 1e9;
			cd->hol_n++;
			cd->hol_sum += wait;
			if (wait > cd->hol_max)
				cd->hol_max = wait;
			if (r->end > cd->ro_next)
				cd->ro_next = r->end;
			g_array_remove_index(pend, 0);
		}
		return fresh;
	}
	/* Above a hole: merge into the pending ranges, keeping the earliest arrival. */
	{
		struct cr_mp_range nr = { .start = from, .end = e, .ts_ns = ts };
		guint k = 0;
		while (k < pend->len && g_array_index(pend, struct cr_mp_range, k).end < nr.start)
			k++;
		while (k < pend->len && g_array_index(pend, struct cr_mp_range, k).start <= nr.end) {
			const struct cr_mp_range *r = &g_array_index(pend, struct cr_mp_range, k);
			nr.start = MIN(nr.start, r->start);
			nr.end = MAX(nr.end, r->end);
			nr.ts_ns = MIN(nr.ts_ns, r->ts_ns);
			g_array_remove_index(pend, k);
		}
		g_array_insert_val(pend, k, nr);
	}
	return fresh;
}

static void iat_add(struct cr_mptcp_conn *c, int64_t *last, int64_t ts, int sf, int d)
{
	if (*last) {
		struct cr_mp_iat v = { .seconds = (float)((double)(ts - *last) / 1e9), .sf = (int16_t)sf,
				       .dir = (uint8_t)d };
		g_array_append_val(c->iat, v);
	}
	*last = ts;
}

void cr_mp_data(struct cr_mptcp_conn *c, struct cr_mptcp_subflow *s, int side, int d, uint64_t dsn, uint32_t len,
		uint64_t frame, int64_t ts)
{
	struct cr_mp_cdir *cd = &c->dir[d];
	struct cr_mp_sfdir *sd = &s->dir[side];
	int64_t rel = cr_mp_rel(c, d, dsn), end = rel + len;
	const struct cr_mp_seg *orig = reinjected(cd, s->idx, rel, end);
	struct cr_mp_seg seg = { .rel = rel, .len = len, .frame = (uint32_t)frame, .ts_ns = ts, .sf = s->idx };
	uint64_t fresh;

	if (orig) {
		struct cr_mp_reinj rj = {
			.frame = frame, .orig_frame = orig->frame, .tcp_stream = s->tcp_stream,
			.orig_stream = ((const struct cr_mptcp_subflow *)g_ptr_array_index(c->subflows, orig->sf))->tcp_stream,
			.dir = d, .dsn = dsn, .len = len, .delay_ns = ts - orig->ts_ns,
		};
		g_array_append_val(c->reinjections, rj);
		cd->reinj++;
		cd->reinj_bytes += len;
		sd->reinj++;
		sd->reinj_bytes += len;
	}
	arrive(cd, rel, end, ts);
	/* New bytes: the DSNs of segments seen, each once (not the extents of their mappings). */
	fresh = cr_ranges_add(cd->seen, dsn, dsn + len < dsn ? UINT64_MAX : dsn + len);
	cd->wire += len;
	cd->new_bytes += fresh;
	sd->new_bytes += fresh;
	if (len > cd->max_len)
		cd->max_len = len;
	{
		GArray *a = sf_segs(cd, s->idx);
		if (!covered(a, rel, end, (int64_t)cd->max_len))
			g_array_insert_val(a, upper_bound(a, rel), seg);
	}
	if (cd->first_data_ns == 0 || ts < cd->first_data_ns)
		cd->first_data_ns = ts;
	if (ts > cd->last_data_ns)
		cd->last_data_ns = ts;

	if (c->followed) {
		struct cr_mp_point pt = { .ts_ns = ts, .rel = rel, .cum = sd->mapped, .len = len, .sf = (uint16_t)s->idx,
					  .dir = (uint8_t)d, .reinj = orig != NULL };
		cr_series_add(c->dsn_pts, &pt, ts, orig != NULL);
		cr_bins_add(c->rates, ts, (size_t)s->idx * 2 + (size_t)d, len);
		iat_add(c, &s->last_data_ns[side], ts, (int)s->idx, d);
		iat_add(c, &cd->last_arrival_ns, ts, -1, d);
	}
}
