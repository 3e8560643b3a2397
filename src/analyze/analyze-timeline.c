/* analyze-timeline.c - packets and bytes per time bin, every bin from first to last present, and the gaps. */
#include "analyze.h"
#include "util.h"

#include <string.h>

#define MS 1000000LL
#define SEC 1000000000LL
#define DAY (86400 * SEC)

/* The automatic bins, each a whole multiple of the one before; sentinel-ended. */
static const int64_t ladder[] = {
	MS, 10 * MS, 100 * MS, SEC, 10 * SEC, 60 * SEC, 300 * SEC, 900 * SEC, 3600 * SEC, DAY, 0,
};

/*
 * Bins are aligned to multiples of their size since the epoch, so a day
 * bin starts at midnight UTC and finer bins nest in coarser ones: the
 * automatic choice can start fine and merge bins as the span grows.
 * Memory is one struct cr_bin per bin of the span, never per packet.
 */
struct cr_timeline {
	int64_t bin;
	bool fixed;		/* the user chose the bin */
	int step;		/* automatic: index in ladder */
	struct cr_bin *v;	/* v[0] is bin number base */
	size_t cap;
	int64_t base;
	int64_t lo, hi;		/* bin numbers seen */
	uint64_t packets;
	uint64_t untimed;	/* packets without a time: in no bin */
	int64_t first_ns, last_ns;
	bool overflow;		/* the span outgrew CR_TIMELINE_MAX_BINS */
	/* after cr_timeline_finish: exactly the bins of the range */
	bool finished;
	int64_t start;		/* bin number of bins[0] */
	size_t n;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct cr_timeline *cr_timeline_new(int64_t bin_ns)
{
	struct cr_timeline *t = g_new0(struct cr_timeline, 1);

	t->fixed = bin_ns > 0;
	t->bin = t->fixed ? bin_ns : ladder[0];
	return t;
}

void cr_timeline_free(struct cr_timeline *t)
{
	if (!t)
		return;
	g_free(t->v);
	g_free(t);
}

/* Merge bins into the next automatic size. */
static void coarsen(struct cr_timeline *t)
{
	int64_t nb = ladder[t->step + 1], f = nb / t->bin;
	int64_t lo = floor_div(t->lo, f), hi = floor_div(t->hi, f);
	size_t cap = (size_t)(hi - lo + 1) * 2 + 16;
	struct cr_bin *v = g_new0(struct cr_bin, cap);
	int64_t base = lo - (int64_t)(cap - (size_t)(hi - lo + 1)) / 2;

	for (int64_t i = t->lo; i <= t->hi; i++) {
		struct cr_bin *d = &v[floor_div(i, f) - base];
		const struct cr_bin *s = &t->v[i - t->base];
		d->packets += s->packets;
		d->bytes += s->bytes;
	}
	g_free(t->v);
	t->v = v;
	t->cap = cap;
	t->base = base;
	t->lo = lo;
	t->hi = hi;
	t->bin = nb;
	t->step++;
}

/* Room for bin number i, growing (or merging, when automatic); false when too many bins. */
static bool reserve(struct cr_timeline *t, int64_t i)
{
	int64_t lo = MIN(t->lo, i), hi = MAX(t->hi, i), span;
	size_t cap;
	struct cr_bin *v;
	int64_t base;

	if (i >= t->base && i < t->base + (int64_t)t->cap)
		return true;
	span = hi - lo + 1;
	if (span > CR_TIMELINE_MAX_BINS)
		return false;
	cap = (size_t)MIN(span * 2, (int64_t)CR_TIMELINE_MAX_BINS + 1024);
	v = g_new0(struct cr_bin, cap);
	/* Leave the free room on the side the span grows to. */
	base = i < t->lo ? hi - (int64_t)cap + 1 : lo;
	memcpy(&v[t->lo - base], &t->v[t->lo - t->base], (size_t)(t->hi - t->lo + 1) * sizeof(*v));
	g_free(t->v);
	t->v = v;
	t->cap = cap;
	t->base = base;
	return true;
}

int cr_timeline_packet(void *user, const struct cr_pkt *p)
{
	struct cr_timeline *t = user;
	int64_t i;

	if (p->untimed) {
		t->untimed++;
		return 0;
	}
	if (t->packets == 0 || p->ts_ns < t->first_ns)
		t->first_ns = p->ts_ns;
	if (t->packets == 0 || p->ts_ns > t->last_ns)
		t->last_ns = p->ts_ns;
	t->packets++;
	if (t->overflow)
		return 0;	/* keep the span for the message, not the bins */
	i = floor_div(p->ts_ns, t->bin);
	if (t->packets == 1) {
		t->cap = 1024;
		t->v = g_new0(struct cr_bin, t->cap);
		t->base = i - 256;
		t->lo = t->hi = i;
	}
	while (!t->fixed && ladder[t->step + 1] && MAX(t->hi, i) - MIN(t->lo, i) + 1 > CR_TIMELINE_AUTO_BINS) {
		coarsen(t);
		i = floor_div(p->ts_ns, t->bin);
	}
	if (!reserve(t, i)) {
		t->overflow = true;
		g_free(t->v);
		t->v = NULL;
		return 0;
	}
	t->lo = MIN(t->lo, i);
	t->hi = MAX(t->hi, i);
	t->v[i - t->base].packets++;
	t->v[i - t->base].bytes += p->len;
	return 0;
}

int64_t cr_bin_suggest(int64_t span_ns)
{
	int k = 0;

	while (ladder[k + 1] && span_ns / ladder[k] + 1 > CR_TIMELINE_AUTO_BINS)
		k++;
	return ladder[k];
}

int cr_timeline_finish(struct cr_timeline *t, const int64_t *from_ns, const int64_t *to_ns, GError **err)
{
	int64_t from, to, first, last, n;
	struct cr_bin *v;

	if (t->packets == 0 && (!from_ns || !to_ns)) {
		t->finished = true;
		t->n = 0;
		return 0;
	}
	from = from_ns ? *from_ns : t->first_ns;
	to = to_ns ? *to_ns : t->last_ns + 1;
	if (to <= from) {
		g_set_error(err, CR_ERROR, CR_EXIT_USAGE, "the time range is empty: --to is not after --from");
		return -1;
	}
	if (!t->fixed) {
		if (t->packets == 0)
			t->bin = cr_bin_suggest(to - from);
		while (ladder[t->step + 1] && floor_div(to - 1, t->bin) - floor_div(from, t->bin) + 1 > CR_TIMELINE_AUTO_BINS) {
			if (t->packets)
				coarsen(t);
			else
				t->bin = ladder[++t->step];
		}
	}
	first = floor_div(from, t->bin);
	last = floor_div(to - 1, t->bin);
	n = last - first + 1;
	if (t->overflow || n > CR_TIMELINE_MAX_BINS) {
		int64_t lo = MIN(from, t->first_ns), hi = MAX(to - 1, t->last_ns);
		char *a = cr_fmt_time_iso(from_ns ? from : lo), *b = cr_fmt_time_iso(to_ns ? to : hi);
		char *bin = cr_bin_format(t->bin), *want = cr_bin_format(cr_bin_suggest(hi - lo));
		g_set_error(err, CR_ERROR, CR_EXIT_USAGE,
			    "the span from %s to %s needs more than %d bins of %s: use --bin %s (or narrow it with --from and --to)",
			    a, b, CR_TIMELINE_MAX_BINS, bin, want);
		g_free(a);
		g_free(b);
		g_free(bin);
		g_free(want);
		return -1;
	}
	v = g_new0(struct cr_bin, (size_t)n);
	for (int64_t i = MAX(first, t->lo); t->packets && i <= MIN(last, t->hi); i++)
		v[i - first] = t->v[i - t->base];
	g_free(t->v);
	t->v = v;
	t->cap = (size_t)n;
	t->base = first;
	t->start = first;
	t->n = (size_t)n;
	t->finished = true;
	return 0;
}

int64_t cr_timeline_bin_ns(const struct cr_timeline *t)
{
	return t->bin;
}

int64_t cr_timeline_start_ns(const struct cr_timeline *t)
{
	return t->start * t->bin;
}

size_t cr_timeline_nbins(const struct cr_timeline *t)
{
	return t->finished ? t->n : 0;
}

const struct cr_bin *cr_timeline_bins(const struct cr_timeline *t)
{
	return t->v;
}

GArray *cr_timeline_gaps(const struct cr_timeline *t, int64_t min_ns)
{
	GArray *gaps = g_array_new(FALSE, FALSE, sizeof(struct cr_gap));
	size_t n = cr_timeline_nbins(t), i = 0;

	if (min_ns <= 0)
		min_ns = 5 * t->bin;
	while (i < n) {
		size_t j = i;
		if (t->v[i].packets) {
			i++;
			continue;
		}
		while (j < n && t->v[j].packets == 0)
			j++;
		if ((int64_t)(j - i) * t->bin >= min_ns) {
			struct cr_gap g = {
				.start_ns = (t->start + (int64_t)i) * t->bin,
				.end_ns = (t->start + (int64_t)j) * t->bin,
				.bins = j - i,
			};
			g_array_append_val(gaps, g);
		}
		i = j;
	}
	return gaps;
}

struct cr_table *cr_timeline_table(const struct cr_timeline *t)
{
	struct cr_table *tab = cr_table_new("timeline", "Timeline");
	size_t n = cr_timeline_nbins(t);

	cr_table_add_column(tab, "bin_start", CR_COL_TIME);
	cr_table_add_column(tab, "packets", CR_COL_INT);
	cr_table_add_column(tab, "bytes", CR_COL_BYTES);
	for (size_t i = 0; i < n; i++) {
		struct cr_cell *row = cr_table_add_row(tab);
		cr_cell_int(&row[0], (t->start + (int64_t)i) * t->bin);
		cr_cell_int(&row[1], (int64_t)t->v[i].packets);
		cr_cell_int(&row[2], (int64_t)t->v[i].bytes);
	}
	cr_table_note_untimed(tab, t->untimed);
	return tab;
}

struct cr_table *cr_timeline_gaps_table(const GArray *gaps)
{
	struct cr_table *tab = cr_table_new("gaps", "Gaps (runs of empty bins)");

	cr_table_add_column(tab, "start", CR_COL_TIME);
	cr_table_add_column(tab, "end", CR_COL_TIME);
	cr_table_add_column(tab, "duration", CR_COL_SECONDS);
	cr_table_add_column(tab, "bins", CR_COL_INT);
	for (guint i = 0; i < gaps->len; i++) {
		const struct cr_gap *g = &g_array_index(gaps, struct cr_gap, i);
		struct cr_cell *row = cr_table_add_row(tab);
		cr_cell_int(&row[0], g->start_ns);
		cr_cell_int(&row[1], g->end_ns);
		cr_cell_float(&row[2], (double)(g->end_ns - g->start_ns) / 1e9);
		cr_cell_int(&row[3], (int64_t)g->bins);
	}
	return tab;
}

struct cr_table *cr_timeline_summary(const struct cr_timeline *t, const GArray *gaps, int64_t gap_ns, bool by_bytes)
{
	struct cr_table *s = cr_table_new("summary", "Timeline summary");
	size_t n = cr_timeline_nbins(t), active = 0, busiest = 0;
	uint64_t packets = 0, bytes = 0;
	const struct cr_gap *longest = NULL;

	for (size_t i = 0; i < n; i++) {
		uint64_t v = by_bytes ? t->v[i].bytes : t->v[i].packets;
		uint64_t best = by_bytes ? t->v[busiest].bytes : t->v[busiest].packets;
		active += t->v[i].packets > 0;
		packets += t->v[i].packets;
		bytes += t->v[i].bytes;
		if (v > best)
			busiest = i;
	}
	for (guint i = 0; i < gaps->len; i++) {
		const struct cr_gap *g = &g_array_index(gaps, struct cr_gap, i);
		if (!longest || g->bins > longest->bins)
			longest = g;
	}
	cr_table_add_column(s, "metric", CR_COL_TEXT);
	cr_table_add_column(s, "value", CR_COL_TEXT);
	cr_table_add_metric(s, "span_start", n ? cr_fmt_time_iso(cr_timeline_start_ns(t)) : NULL, false);
	cr_table_add_metric(s, "span_end", n ? cr_fmt_time_iso(cr_timeline_start_ns(t) + (int64_t)n * t->bin) : NULL, false);
	cr_table_add_metric(s, "span_s", g_strdup_printf("%.3f", (double)((int64_t)n * t->bin) / 1e9), true);
	cr_table_add_metric(s, "bin", cr_bin_format(t->bin), false);
	cr_table_add_metric(s, "bins", g_strdup_printf("%zu", n), true);
	cr_table_add_metric(s, "active_bins", g_strdup_printf("%zu", active), true);
	cr_table_add_metric(s, "active_pct", g_strdup_printf("%.1f", n ? 100.0 * (double)active / (double)n : 0.0), true);
	cr_table_add_metric(s, "packets", g_strdup_printf("%" G_GUINT64_FORMAT, packets), true);
	cr_table_add_metric(s, "bytes", g_strdup_printf("%" G_GUINT64_FORMAT, bytes), true);
	if (t->untimed)
		cr_table_add_metric(s, "packets_without_time", g_strdup_printf("%" G_GUINT64_FORMAT, t->untimed), true);
	cr_table_add_metric(s, "gap_min_s", g_strdup_printf("%.3f", (double)(gap_ns > 0 ? gap_ns : 5 * t->bin) / 1e9), true);
	cr_table_add_metric(s, "gaps", g_strdup_printf("%u", gaps->len), true);
	cr_table_add_metric(s, "longest_gap_start", longest ? cr_fmt_time_iso(longest->start_ns) : NULL, false);
	cr_table_add_metric(s, "longest_gap_s",
			    longest ? g_strdup_printf("%.3f", (double)(longest->end_ns - longest->start_ns) / 1e9) : NULL,
			    true);
	cr_table_add_metric(s, "busiest_bin_start",
			    active ? cr_fmt_time_iso(cr_timeline_start_ns(t) + (int64_t)busiest * t->bin) : NULL, false);
	cr_table_add_metric(s, by_bytes ? "busiest_bin_bytes" : "busiest_bin_packets",
	   active ? g_strdup_printf("%" G_GUINT64_FORMAT, by_bytes ? t->v[busiest].bytes : t->v[busiest].packets)
		  : NULL, true);
	return s;
}

/* ---- bin sizes --------------------------------------------------------- */
