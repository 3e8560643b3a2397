/*
 * report.h - `capreport report`: one pass per capture, then sections that
 * add tables, plots and files, rendered as a static HTML gallery. What the
 * report's own files share is in src/report/report-int.h.
 *
 * Who frees what: cr_report_new() / cr_report_free() own everything the
 * report gathers (captures, their analyzers, tables, plots, pages).
 */
#ifndef CR_REPORT_H
#define CR_REPORT_H

#include "capreport.h"

struct cr_report_opts {
	const char *out;		/* -o DIR */
	const char *templates;		/* --templates DIR, NULL: the default search */
	int top;			/* hosts in the heatmap, edges in the graph, ... */
	bool workbook;			/* write DIR/<capture>.xlsx */
	bool plots;			/* draw plots (false: --no-plots) */
	int jobs;			/* gnuplots at once, 0: one per core */
	double plot_timeout;		/* seconds per gnuplot, 0: 60 */
};

/* The report being made; its captures (struct cr_report_capture) are the report's own business. */
struct cr_report {
	struct cr_ctx *ctx;
	struct cr_report_opts o;
	char *tmp;			/* the folder being written */
	GPtrArray *captures;		/* of struct cr_report_capture * (report-int.h) */
	GHashTable *slugs;		/* taken */
	guint plots_missing;
	bool no_gnuplot;
	char *generated;		/* ISO time the report was made */
	char **heuristics;		/* tshark's heuristic protocols, asked once (report-sections.c) */
	bool heuristics_asked;
};

struct cr_report *cr_report_new(struct cr_ctx *ctx, const struct cr_report_opts *o);
void cr_report_free(struct cr_report *r);
/* Run every capture, add sections, draw, write pages; returns a cr_exit code. */
int cr_report_run(struct cr_report *r, GPtrArray *paths);

#endif
