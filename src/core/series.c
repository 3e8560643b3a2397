/* series.c - thinned per-packet point arrays (M4 by time buckets) and per-bin sums for plots (see series.h). */
#include "cellfmt.h"
#include "series.h"

#include <math.h>
#include <string.h>

#define START_WIDTH_NS 1000	/* buckets and bins start 1 us wide */

/* A slot: the point rounded up to 8 bytes, its bucket, then its mark and the reducer's keep flag. */
static size_t point_bytes(const struct cr_series *s)
{
	return (s->elem_size + 7) / 8 * 8;
}

static int64_t *slot_bucket(const struct cr_series *s, guint i)
{
	return (int64_t *)(void *)(s->a->data + (size_t)i * g_array_get_element_size(s->a) + point_bytes(s));
}

static uint8_t *slot_flags(const struct cr_series *s, guint i)
{
	return (uint8_t *)(slot_bucket(s, i) + 1);
}

enum { MARKED = 1, SELECTED = 2 };

struct cr_series *cr_series_new(size_t elem_size, size_t cap, size_t nlanes, cr_series_y_fn y)
{
	struct cr_series *s = g_new0(struct cr_series, 1);

	s->elem_size = elem_size;
	s->nlanes = nlanes;
	s->y = y;
	s->a = g_array_new(FALSE, FALSE, (guint)(point_bytes(s) + 16));
	/* Room for the four points of every lane of one bucket, twice, and the marks. */
	s->cap = MAX(cap, 64 * MAX(nlanes, 1));
	s->width = START_WIDTH_NS;
	return s;
}

void cr_series_free(struct cr_series *s)
{
	if (!s)
		return;
	g_array_free(s->a, TRUE);
	g_free(s);
}

/* Select the first, last, lowest and highest point of each lane of slots [from, to). */
static void select_m4(struct cr_series *s, guint from, guint to)
{
	for (size_t lane = 0; lane < s->nlanes; lane++) {
		guint first = to, last = to, lo = to, hi = to;
		double ylo = 0, yhi = 0;
		for (guint i = from; i < to; i++) {
			double v = s->y(s->a->data + (size_t)i * g_array_get_element_size(s->a), lane);
			if (isnan(v))
				continue;
			if (first == to)
				first = i;
			last = i;
			if (lo == to || v < ylo) {
				lo = i;
				ylo = v;
			}
			if (hi == to || v > yhi) {
				hi = i;
				yhi = v;
			}
		}
		if (first == to)
			continue;
		*slot_flags(s, first) |= SELECTED;
		*slot_flags(s, last) |= SELECTED;
		*slot_flags(s, lo) |= SELECTED;
		*slot_flags(s, hi) |= SELECTED;
	}
}

/* Keep, bucket by bucket, the selected and the marked points. */
static void reduce(struct cr_series *s)
{
	guint esz = g_array_get_element_size(s->a), out = 0, i = 0;

	while (i < s->a->len) {
		guint j = i;
		int64_t b = *slot_bucket(s, i);
		while (j < s->a->len && *slot_bucket(s, j) == b)
			j++;
		select_m4(s, i, j);
		for (guint k = i; k < j; k++) {
			uint8_t *f = slot_flags(s, k);
			if (!(*f & (MARKED | SELECTED)))
				continue;
			*f &= (uint8_t)~SELECTED;
			if (out != k)
				memmove(s->a->data + (size_t)out * esz, s->a->data + (size_t)k * esz, esz);
			out++;
		}
		i = j;
	}
	g_array_set_size(s->a, out);
	s->dirty = false;
}

/* Thin; while that leaves more than half the cap, double the buckets' width and thin again. */
static void thin(struct cr_series *s)
{
	s->thinned = true;
	reduce(s);
	while (s->a->len > s->cap / 2 && *slot_bucket(s, 0) != s->last_bucket && s->width <= INT64_MAX / 2) {
		s->width *= 2;
		for (guint i = 0; i < s->a->len; i++)
			*slot_bucket(s, i) /= 2;
		s->last_bucket /= 2;
		reduce(s);
	}
}

void cr_series_add(struct cr_series *s, const void *elem, int64_t ts_ns, bool mark)
{
	int64_t b;
	char *e;

	if (!s->have_t0) {
		s->t0 = ts_ns;
		s->have_t0 = true;
	}
	/* A point out of time order joins the bucket being filled. */
	b = ts_ns > s->t0 ? (ts_ns - s->t0) / s->width : 0;
	if (b < s->last_bucket)
		b = s->last_bucket;
	s->last_bucket = b;
	if (mark && s->marks >= s->cap / 4) {
		mark = false;
		s->marks_over++;
	}
	s->marks += mark;
	s->seen++;
	g_array_set_size(s->a, s->a->len + 1);
	e = s->a->data + (size_t)(s->a->len - 1) * g_array_get_element_size(s->a);
	memset(e, 0, g_array_get_element_size(s->a));
	memcpy(e, elem, s->elem_size);
	*slot_bucket(s, s->a->len - 1) = b;
	*slot_flags(s, s->a->len - 1) = mark ? MARKED : 0;
	s->dirty = s->thinned;
	if (s->a->len >= s->cap)
		thin(s);
}

size_t cr_series_len(struct cr_series *s)
{
	if (s->dirty)
		reduce(s);
	return s->a->len;
}

void *cr_series_at(struct cr_series *s, size_t i)
{
	if (s->dirty)
		reduce(s);
	return s->a->data + i * g_array_get_element_size(s->a);
}

char *cr_series_note(struct cr_series *s, const char *what)
{
	GString *out;

	if (!s || !s->thinned)
		return NULL;
	out = g_string_new(NULL);
	cr_append_count(out, s->seen);
	g_string_append(out, " points shown as ");
	cr_append_count(out, cr_series_len(s));
	if (!what)
		return g_string_free(out, FALSE);
	g_string_append_printf(out, " (per %.3g ms the first, last, lowest and highest of each line, and every %s",
			       (double)s->width / 1e6, what);
	if (s->marks_over) {
		g_string_append(out, " up to ");
		cr_append_count(out, s->marks);
		g_string_append(out, ": ");
		cr_append_count(out, s->marks_over);
		g_string_append(out, " more thinned like the rest");
	}
	g_string_append_c(out, ')');
	return g_string_free(out, FALSE);
}

/* ---- bins -------------------------------------------------------------- */

struct cr_bins *cr_bins_new(size_t cap)
{
	struct cr_bins *b = g_new0(struct cr_bins, 1);

	b->cols = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	b->cap = MAX(cap, 16);
	b->width = START_WIDTH_NS;
	return b;
}

void cr_bins_free(struct cr_bins *b)
{
	if (!b)
		return;
	g_ptr_array_free(b->cols, TRUE);
	g_free(b);
}

/* Double the width: bins 2k and 2k+1 become bin k. */
static void bins_merge(struct cr_bins *b)
{
	for (guint c = 0; c < b->cols->len; c++) {
		GArray *a = g_ptr_array_index(b->cols, c);
		uint64_t *v = (uint64_t *)(void *)a->data;
		for (size_t i = 0; i < b->nbins; i++)
			v[i / 2] = (i % 2 ? v[i / 2] : 0) + v[i];
		g_array_set_size(a, (b->nbins + 1) / 2);
	}
	b->nbins = (b->nbins + 1) / 2;
	b->width *= 2;
}

void cr_bins_add(struct cr_bins *b, int64_t ts_ns, size_t col, uint64_t v)
{
	int64_t i;

	if (!b->have_t0) {
		b->t0 = ts_ns;
		b->have_t0 = true;
	}
	while (b->cols->len <= col) {
		GArray *a = g_array_sized_new(FALSE, TRUE, sizeof(uint64_t), (guint)b->nbins);
		g_array_set_size(a, (guint)b->nbins);
		g_ptr_array_add(b->cols, a);
	}
	i = ts_ns > b->t0 ? (ts_ns - b->t0 - 1) / b->width : 0;
	while ((uint64_t)i >= b->cap && b->width <= INT64_MAX / 2) {
		bins_merge(b);
		i = (ts_ns - b->t0 - 1) / b->width;
	}
	if ((size_t)i >= b->nbins) {
		b->nbins = (size_t)i + 1;
		for (guint c = 0; c < b->cols->len; c++)
			g_array_set_size(g_ptr_array_index(b->cols, c), (guint)b->nbins);
	}
	g_array_index((GArray *)g_ptr_array_index(b->cols, col), uint64_t, i) += v;
}

uint64_t cr_bins_at(const struct cr_bins *b, size_t col, size_t i)
{
	return col < b->cols->len && i < b->nbins ? g_array_index((GArray *)g_ptr_array_index(b->cols, col), uint64_t, i)
						  : 0;
}
