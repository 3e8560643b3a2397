/* series.c - thinned per-packet point arrays for plots (see series.h). */
#include "series.h"

#include <string.h>

struct cr_series *cr_series_new(size_t elem_size, size_t cap)
{
	struct cr_series *s = g_new0(struct cr_series, 1);

	/* The last byte of each slot holds the keep mark; slots stay 8-aligned. */
	s->a = g_array_new(FALSE, FALSE, (guint)((elem_size + 1 + 7) / 8 * 8));
	s->elem_size = elem_size;
	s->cap = cap < 16 ? 16 : cap;
	s->stride = 1;
	return s;
}

void cr_series_free(struct cr_series *s)
{
	if (!s)
		return;
	g_array_free(s->a, TRUE);
	g_free(s);
}

/*
 * Halve the ordinary points and double the stride. Marked points survive
 * unless they fill half the cap themselves: then every other one goes too,
 * so the array always shrinks (a stream of nothing but retransmissions once
 * compacted at every point, and doubled the stride until it wrapped to 0).
 */
static void compact(struct cr_series *s)
{
	guint esz = g_array_get_element_size(s->a), out = 0, ordinary = 0, marked = 0, nmarked = 0;
	char *base = s->a->data;
	bool thin_marked;

	for (guint i = 0; i < s->a->len; i++)
		nmarked += base[(size_t)i * esz + esz - 1] != 0;
	thin_marked = (size_t)nmarked * 2 >= s->cap;
	for (guint i = 0; i < s->a->len; i++) {
		char *e = base + (size_t)i * esz;
		bool keep = e[esz - 1] != 0 ? !thin_marked || marked++ % 2 == 0 : ordinary++ % 2 == 0;
		if (keep) {
			if (out != i)
				memmove(base + (size_t)out * esz, e, esz);
			out++;
		}
	}
	g_array_set_size(s->a, out);
	if (s->stride <= G_MAXUINT64 / 2)
		s->stride *= 2;
	s->thinned = true;
}

void cr_series_add(struct cr_series *s, const void *elem, bool keep)
{
	guint esz = g_array_get_element_size(s->a);
	char *e;

	if (!keep && s->seen++ % s->stride != 0)
		return;
	g_array_set_size(s->a, s->a->len + 1);
	e = s->a->data + (size_t)(s->a->len - 1) * esz;
	memset(e, 0, esz);
	memcpy(e, elem, s->elem_size);
	e[esz - 1] = keep;
	if (s->a->len >= s->cap)
		compact(s);
}

size_t cr_series_len(const struct cr_series *s)
{
	return s->a->len;
}

void *cr_series_at(const struct cr_series *s, size_t i)
{
	return s->a->data + i * g_array_get_element_size(s->a);
}
