/*
 * tableplot.h - plots drawn from a table, for the report's sections and the
 * plot commands alike (plot-tables.c): protocols, talkers, heatmap, sizes,
 * ports, parallel coordinates, throughput. Each returns a new plot
 * (cr_plot_free) with `stem` as its file stem.
 */
#ifndef CR_TABLEPLOT_H
#define CR_TABLEPLOT_H

#include "plot.h"
#include "table.h"

/* Points of the packet sample behind the scatter and parallel plots. */
#define CR_PLOT_SAMPLE 4000

struct cr_plot *cr_report_plot_protocols(const char *stem, const struct cr_table *protocols, int top);
struct cr_plot *cr_report_plot_talkers(const char *stem, const struct cr_table *talkers);
struct cr_plot *cr_report_plot_heatmap(const char *stem, const struct cr_table *matrix, const char *unit);
struct cr_plot *cr_report_plot_sizes(const char *stem, const struct cr_table *sizes, const char *title);
struct cr_plot *cr_report_plot_ports(const char *stem, const struct cr_table *sample);
struct cr_plot *cr_report_plot_parallel(const char *stem, const struct cr_table *sample);
struct cr_plot *cr_report_plot_throughput(const char *stem, const struct cr_table *rate);

#endif
