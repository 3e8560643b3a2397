/* timelineplot.h - the timeline's plots: a bar chart per day and an overview (plot-timeline.c). */
#ifndef CR_TIMELINEPLOT_H
#define CR_TIMELINEPLOT_H

#include "analyze.h"

/*
 * Plots of a finished timeline: one bar chart per UTC day
 * (at most max_days, the rest counted in *left_out; none when bins are a day
 * or longer) and one overview; gap_ns as for cr_timeline_gaps. `name` names the input in titles. A
 * GPtrArray of struct cr_plot * (g_ptr_array_unref frees them).
 */
GPtrArray *cr_timeline_plots(const struct cr_timeline *t, const GArray *gaps, int64_t gap_ns, const char *name,
			     bool by_bytes, guint max_days, guint *left_out);

#endif
