/* series.h - per-packet points kept for plotting, thinned by time buckets (M4) so memory stays bounded. */
#ifndef CR_SERIES_H
#define CR_SERIES_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The value a point has in lane `lane` (a line of some plot: the sequence
 * numbers of one direction, its ACKs, ...), NAN when the point is not on
 * that line.
 */
typedef double (*cr_series_y_fn)(const void *elem, size_t lane);

/*
 * An append-only array of fixed-size points in time order. Until it holds
 * `cap` points it holds every point offered. From then on the points are
 * thinned by time buckets (M4): per bucket and per lane it keeps the first,
 * the last, the lowest and the highest point, and every marked point
 * (retransmissions, reinjections, SYN, FIN, RST) up to a quarter of the
 * cap; marked points past that are thinned like the others and counted in
 * marks_over. When the array fills, the bucket width doubles and pairs of
 * buckets merge, so a line drawn from the kept points at a plot's width is
 * the line of every point, in at most `cap` points.
 * cr_series_new() / cr_series_free().
 */
struct cr_series {
	GArray *a;		/* slots: the point, its bucket, its mark */
	size_t elem_size;
	size_t cap;
	size_t nlanes;
	cr_series_y_fn y;
	uint64_t seen;		/* points offered */
	uint64_t marks;		/* marked points kept as marked */
	uint64_t marks_over;	/* marked points past the cap of marks */
	int64_t t0, width;	/* the buckets: [t0 + k * width, t0 + (k + 1) * width) ns */
	int64_t last_bucket;
	bool have_t0;
	bool thinned;
	bool dirty;		/* points added since the last thinning */
};

struct cr_series *cr_series_new(size_t elem_size, size_t cap, size_t nlanes, cr_series_y_fn y);
void cr_series_free(struct cr_series *s);
/* Offer a point (copied) taken at ts_ns; marked points are kept whole. */
void cr_series_add(struct cr_series *s, const void *elem, int64_t ts_ns, bool mark);
/* The kept points (the last bucket thinned on first use). */
size_t cr_series_len(struct cr_series *s);
void *cr_series_at(struct cr_series *s, size_t i);
/*
 * "1,000,000 points shown as 8,000 (per 2.05 ms the first, last, lowest
 * and highest of each line, and every WHAT)", with the marks past their
 * cap; only "1,000,000 points shown as 8,000" when what is NULL; NULL
 * when nothing was thinned. The caller frees it.
 */
char *cr_series_note(struct cr_series *s, const char *what);

/*
 * Sums per time bin of every packet (bytes, say), in `ncols` columns that
 * grow as columns are used, for rates that never come from thinned points.
 * Bin i holds the times in (t0 + i * width, t0 + (i + 1) * width], bin 0
 * t0 itself too: t0 is the first time added, the width starts at 1 us and
 * doubles, merging pairs of bins, so there are never more than `cap` bins.
 * cr_bins_new() / cr_bins_free().
 */
struct cr_bins {
	GPtrArray *cols;	/* of GArray of uint64_t, one value per bin */
	size_t cap;
	size_t nbins;
	int64_t t0, width;
	bool have_t0;
};

struct cr_bins *cr_bins_new(size_t cap);
void cr_bins_free(struct cr_bins *b);
/* Add v to column col at time ts_ns (v may be 0: the time still makes a bin). */
void cr_bins_add(struct cr_bins *b, int64_t ts_ns, size_t col, uint64_t v);
/* The sum of column col in bin i (0 past the columns used). */
uint64_t cr_bins_at(const struct cr_bins *b, size_t col, size_t i);

#endif
