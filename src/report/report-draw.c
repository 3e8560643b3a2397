/*
 * report-draw.c - the report's plots drawn with gnuplot, folder by folder, and
 * each card marked drawn, written (.gp/.dat only) or with the reason it is not.
 */
#include "plot.h"
#include "report-int.h"

#include <string.h>

/* Every card's plot drawn, or why not; gathered over the groups drawn. */
struct drawn {
	bool no_gnuplot;
	GPtrArray *failures;	/* of char * */
};

/* Draw the plots of one folder under plots/ at once (one gnuplot per core). */
static int draw_dir(struct cr_report *r, const char *sub, GPtrArray *plots, struct drawn *d, GError **err)
{
	struct cr_plot_opts po = { .templates = r->o.templates, .jobs = r->o.jobs, .timeout_s = r->o.plot_timeout,
				   .verbose = r->ctx->verbose > 0, .progress = r->ctx->progress };
	char *rel = *sub ? g_strdup_printf("plots/%s", sub) : g_strdup("plots"), *dir = cr_report_path(r, rel);
	struct cr_plot_result res;
	int rc = cr_plots_make(plots, dir, &po, &res, err);

	if (rc == 0) {
		d->no_gnuplot |= res.no_gnuplot;
		for (guint i = 0; i < res.failures->len; i++) {
			/* name the .gp where it will be, not in the temporary folder */
			char **parts = g_strsplit(g_ptr_array_index(res.failures, i), r->tmp, -1);
			g_ptr_array_add(d->failures, g_strjoinv(r->o.out, parts));
			g_strfreev(parts);
		}
		cr_plot_result_clear(&res);
	}
	g_free(rel);
	g_free(dir);
	return rc;
}

static char *card_problem(const struct cr_report_card *card, const struct drawn *d)
{
	GString *why;

	if (d->no_gnuplot)
		return g_strdup("This plot could not be drawn: gnuplot is not installed (" CR_GNUPLOT_HINT
				"). Its .gp and .dat files are written: run 'gnuplot FILE.gp' in the plots folder to draw it.");
	why = g_string_new("gnuplot could not draw this plot");
	for (guint f = 0; f < d->failures->len; f++) {
		const char *m = g_ptr_array_index(d->failures, f);
		if (strstr(m, card->stem))
			g_string_append_printf(why, ": %s", m);
	}
	return g_string_free(why, FALSE);
}

/* Draw every card's plot, folder by folder; mark what was drawn. */
/* A card's file in the folder being written (g_free). */
static char *card_file(const struct cr_report *r, const struct cr_report_card *c, const char *ext)
{
	char *rel = cr_report_card_rel(c, ext), *path = cr_report_path(r, rel);

	g_free(rel);
	return path;
}

int cr_report_draw_plots(struct cr_report *r, GError **err)
{
	GHashTable *groups = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
	GPtrArray *order = g_ptr_array_new();
	struct drawn d = { .failures = g_ptr_array_new_with_free_func(g_free) };
	guint nplots = 0;
	int rc = 0;

	for (guint i = 0; i < r->captures->len; i++) {
		struct cr_report_capture *c = g_ptr_array_index(r->captures, i);
		for (guint k = 0; k < c->cards->len; k++) {
			struct cr_report_card *card = g_ptr_array_index(c->cards, k);
			const char *sub = card->dir ? card->dir : "";
			GPtrArray *g;
			if (!card->plot)
				continue;
			if (!r->o.plots) {
				card->problem = g_strdup("plots were not drawn (--no-plots)");
				continue;
			}
			if (!(g = g_hash_table_lookup(groups, sub))) {
				g = g_ptr_array_new();
				g_hash_table_insert(groups, (gpointer)sub, g);
				g_ptr_array_add(order, (gpointer)sub);
			}
			g_ptr_array_add(g, card->plot);
			nplots++;
		}
	}
	for (guint i = 0; i < order->len && rc == 0; i++)
		rc = draw_dir(r, g_ptr_array_index(order, i), g_hash_table_lookup(groups, g_ptr_array_index(order, i)),
			      &d, err);
	for (guint i = 0; rc == 0 && nplots && i < r->captures->len; i++) {
		struct cr_report_capture *c = g_ptr_array_index(r->captures, i);
		for (guint k = 0; k < c->cards->len; k++) {
			struct cr_report_card *card = g_ptr_array_index(c->cards, k);
			char *svg, *png;
			if (!card->plot)
				continue;
			svg = card_file(r, card, "gp");
			card->written = g_file_test(svg, G_FILE_TEST_IS_REGULAR);
			g_free(svg);
			svg = card_file(r, card, "svg");
			png = card_file(r, card, "png");
			card->drawn = g_file_test(svg, G_FILE_TEST_IS_REGULAR) && g_file_test(png, G_FILE_TEST_IS_REGULAR);
			if (!card->drawn) {
				r->plots_missing++;
				card->problem = card_problem(card, &d);
			}
			g_free(svg);
			g_free(png);
		}
	}
	r->no_gnuplot = d.no_gnuplot;
	if (r->no_gnuplot)
		cr_warn(r->ctx, "gnuplot is not installed: %u plots are missing; tables and .gp/.dat files are written (%s)",
			r->plots_missing, CR_GNUPLOT_HINT);
	else if (r->plots_missing && !cr_interrupted) {
		cr_warn(r->ctx, "%u plots could not be drawn", r->plots_missing);
		for (guint i = 0; i < d.failures->len; i++)
			cr_warn(r->ctx, "%s", (const char *)g_ptr_array_index(d.failures, i));
	}
	g_ptr_array_free(d.failures, TRUE);
	g_ptr_array_free(order, TRUE);
	g_hash_table_destroy(groups);
	return rc;
}

char *cr_report_card_rel(const struct cr_report_card *c, const char *ext)
{
	return c->dir ? g_strdup_printf("plots/%s/%s.%s", c->dir, c->stem, ext) : g_strdup_printf("plots/%s.%s", c->stem, ext);
}
