/* report-pick.c - which TCP streams and MPTCP connections get plots: anomalies first, then bytes, never the tiny. */
#include "report-int.h"
#include "util.h"

#include <string.h>

void cr_report_pick_init(struct cr_report_pick *p, int64_t id, const void *item, uint64_t bytes)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->item = item;
	p->bytes = bytes;
	p->why = g_string_new(NULL);
}

void cr_report_picks_free(GArray *picks)
{
	for (guint i = 0; i < picks->len; i++)
		g_string_free(g_array_index(picks, struct cr_report_pick, i).why, TRUE);
	g_array_free(picks, TRUE);
}

void cr_report_pick_event(struct cr_report_pick *p, uint64_t n, const char *one, const char *many)
{
	if (n == 0)
		return;
	p->events += n;
	g_string_append_printf(p->why, "%s%" G_GUINT64_FORMAT " %s", p->why->len ? ", " : "", n, n == 1 ? one : many);
}

/* Plottable before too small; anomalies (most first), then bytes; ids break ties. */
static gint pick_order(gconstpointer a, gconstpointer b)
{
	const struct cr_report_pick *x = a, *y = b;

	if (x->small != y->small)
		return x->small ? 1 : -1;
	if (x->events != y->events)
		return x->events > y->events ? -1 : 1;
	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static gint by_id(gconstpointer a, gconstpointer b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* "4, 7 and 9": the ids of the too-small picks from `from` on, lowest first, the first few, "and 12 more" beyond. */
static void small_ids(GString *out, const GArray *picks, guint from)
{
	enum { SHOWN = 8 };
	guint n = picks->len - from;
	GArray *ids = g_array_sized_new(FALSE, FALSE, sizeof(int64_t), n);

	for (guint i = from; i < picks->len; i++)
		g_array_append_val(ids, g_array_index(picks, struct cr_report_pick, i).id);
	g_array_sort(ids, by_id);
	for (guint i = 0; i < n && i < SHOWN; i++)
		g_string_append_printf(out, "%s%" G_GINT64_FORMAT, i == 0 ? "" : (i + 1 == n && n <= SHOWN) ? " and " : ", ",
				       g_array_index(ids, int64_t, i));
	if (n > SHOWN)
		g_string_append_printf(out, " and %u more", n - SHOWN);
	g_array_free(ids, TRUE);
}

guint cr_report_pick(GArray *picks, guint top, struct cr_report_capture *c, const struct cr_report_section *s,
		     const char *one, const char *many, const char *too_small)
{
	guint plotted = 0, first_small;
	uint64_t busiest = 0;

	g_array_sort(picks, pick_order);
	for (first_small = 0; first_small < picks->len; first_small++) {
		const struct cr_report_pick *p = &g_array_index(picks, struct cr_report_pick, first_small);
		if (p->small)
			break;
		busiest = MAX(busiest, p->bytes);
	}
	plotted = MIN(top, first_small);
	for (guint i = 0; i < plotted; i++) {
		struct cr_report_pick *p = &g_array_index(picks, struct cr_report_pick, i);
		char *size = cr_fmt_human((double)p->bytes, "B");
		if (p->events == 0)
			g_string_printf(p->why, "%s, %s", p->bytes == busiest ? "the busiest" : "next by bytes", size);
		g_free(size);
	}
	if (first_small < picks->len) {
		GString *ids = g_string_new(NULL);

		small_ids(ids, picks, first_small);
		cr_report_add_text(c, s, "%s %s carried too little to show in a plot (%s): no plots, only %s row above.",
				   picks->len - first_small == 1 ? one : many, ids->str, too_small,
				   picks->len - first_small == 1 ? "its" : "their");
		g_string_free(ids, TRUE);
	}
	return plotted;
}
