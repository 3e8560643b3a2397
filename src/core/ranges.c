/* ranges.c - the set of byte ranges seen so far, kept sorted, disjoint and merged. */
#include "ranges.h"

#include <glib.h>

struct range {
	uint64_t lo, hi;	/* [lo, hi) */
};

struct cr_ranges {
	GArray *r;		/* struct range, sorted; no two touch */
};

struct cr_ranges *cr_ranges_new(void)
{
	struct cr_ranges *r = g_new(struct cr_ranges, 1);

	r->r = g_array_new(FALSE, FALSE, sizeof(struct range));
	return r;
}

void cr_ranges_free(struct cr_ranges *r)
{
	if (!r)
		return;
	g_array_free(r->r, TRUE);
	g_free(r);
}

/* The first range that ends at or after lo (so touches or follows [lo, …)). */
static guint first_reaching(const GArray *a, uint64_t lo)
{
	guint l = 0, h = a->len;

	while (l < h) {
		guint m = l + (h - l) / 2;
		if (g_array_index(a, struct range, m).hi < lo)
			l = m + 1;
		else
			h = m;
	}
	return l;
}

uint64_t cr_ranges_add(struct cr_ranges *r, uint64_t lo, uint64_t hi)
{
	GArray *a = r->r;
	struct range *last = a->len ? &g_array_index(a, struct range, a->len - 1) : NULL;
	uint64_t covered = 0;
	guint i, j;

	if (lo >= hi)
		return 0;
	if (last && lo >= last->lo && lo <= last->hi) {	/* the usual case: in order */
		uint64_t before = last->hi;
		last->hi = MAX(last->hi, hi);
		return last->hi - before;
	}
	i = first_reaching(a, lo);
	for (j = i; j < a->len && g_array_index(a, struct range, j).lo <= hi; j++) {
		struct range *x = &g_array_index(a, struct range, j);
		uint64_t l = MAX(lo, x->lo), h = MIN(hi, x->hi);
		if (h > l)
			covered += h - l;
	}
	if (j > i) {
		struct range *x = &g_array_index(a, struct range, i), *y = &g_array_index(a, struct range, j - 1);
		struct range m = { MIN(lo, x->lo), MAX(hi, y->hi) };
		g_array_remove_range(a, i, j - i);
		g_array_insert_val(a, i, m);
	} else {
		struct range m = { lo, hi };
		g_array_insert_val(a, i, m);
	}
	return hi - lo - covered;
}

uint64_t cr_seq_unwrap(uint64_t *hi, bool *seen, uint32_t seq)
{
	const uint64_t wrap = UINT64_C(1) << 32, half = wrap / 2;
	uint64_t c = (*hi & ~(wrap - 1)) | seq;

	if (!*seen) {
		*seen = true;
		*hi = seq;
		return seq;
	}
	if (c + half < *hi)
		c += wrap;
	else if (c > *hi + half && c >= wrap)
		c -= wrap;
	if (c > *hi)
		*hi = c;
	return c;
}
