/*
 * plot-style.h - the plots' size and colours: the [plot] size and palette
 * settings (which cr_config_apply passes on as $CAPREPORT_PLOT_SIZE and
 * $CAPREPORT_PLOT_PALETTE) parsed and checked.
 */
#ifndef CR_PLOT_STYLE_H
#define CR_PLOT_STYLE_H

#include "config.h"

/* "800x300" → 800, 300 (each 64 to 10000); false when it is not that. */
bool cr_plot_size_parse(const char *s, int *w, int *h);
/*
 * The plot size of $CAPREPORT_PLOT_SIZE (which the file's [plot] size fills),
 * for the gnuplot writers; *w and *h keep their defaults when it is unset.
 */
void cr_plot_size_default(int *w, int *h);

/*
 * The plots' series colours, @C1@ to @C4@ in the templates: the first series
 * (bars, the main line), a second one (received, ACKs), alerts (gaps,
 * retransmissions, empty bins) and a fourth. "#1b9e77, #d95f02" (one to
 * four #rrggbb, comma- or ';'-separated) replaces the first ones; false when
 * it is not that. The default is CR_PALETTE_DEFAULT (config.h).
 */
#define CR_PALETTE_N 4
bool cr_plot_palette_parse(const char *s, char colours[CR_PALETTE_N][8]);
/* The palette of $CAPREPORT_PLOT_PALETTE (which the file's [plot] palette fills), else the default. */
void cr_plot_palette_default(char colours[CR_PALETTE_N][8]);

/* The checks of [plot] size and palette for cr_config_load, ending in a sentinel. */
extern const struct cr_setting_check cr_plot_style_checks[];

#endif
