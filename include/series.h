/* series.h - per-packet points kept for plotting, thinned so memory stays bounded. */
#ifndef CR_SERIES_H
#define CR_SERIES_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * An append-only array of fixed-size points. When it reaches `cap`
 * points it drops every other ordinary point and from then on keeps one
 * point in `stride`; points appended with keep=true (retransmissions,
 * reinjections) always stay. cr_series_new() / cr_series_free().
 */
struct cr_series {
	GArray *a;
	size_t elem_size;
	size_t cap;
	uint64_t seen;		/* points offered */
	uint64_t stride;	/* keep one ordinary point in stride */
	bool thinned;
};

struct cr_series *cr_series_new(size_t elem_size, size_t cap);
void cr_series_free(struct cr_series *s);
/* Offer a point (copied). */
void cr_series_add(struct cr_series *s, const void *elem, bool keep);
size_t cr_series_len(const struct cr_series *s);
void *cr_series_at(const struct cr_series *s, size_t i);

#endif
