/* lplot.h - the small gnuplot renderer of the TCP and MPTCP plots: template → .gp, tables → .dat, gnuplot → SVG + PNG. */
#ifndef CR_LPLOT_H
#define CR_LPLOT_H

#include "capreport.h"
#include "table.h"

/*
 * One plot to render. Everything it writes goes to DIR/NAME.*: NAME.gp
 * (the filled template, re-renderable with `gnuplot NAME.gp` inside DIR),
 * NAME.KEY.dat per data table, NAME.svg and NAME.png. Data never goes into
 * the script. cr_lplot_new() / cr_lplot_free().
 */
struct cr_lplot;
struct cr_lplot *cr_lplot_new(const char *dir, const char *name, const char *template_name);
void cr_lplot_free(struct cr_lplot *p);

/* @KEY@ in the template becomes `value` as is: numbers and clauses we built. */
void cr_lplot_set(struct cr_lplot *p, const char *key, const char *value);
/* @KEY@ becomes a gnuplot string literal of untrusted text (escaped, capped). */
void cr_lplot_set_label(struct cr_lplot *p, const char *key, const char *untrusted);
/*
 * The table is written to NAME.KEY.dat (whitespace-separated, '#' header)
 * and @KEY@ becomes its quoted file name. The table stays the caller's.
 */
void cr_lplot_add_data(struct cr_lplot *p, const char *key, const struct cr_table *t);
/* The quoted file name @KEY@ stands for, for clauses built in code; NULL when unknown. */
const char *cr_lplot_ref(const struct cr_lplot *p, const char *key);
/* A quoted gnuplot string literal of untrusted text (g_free). */
char *cr_gp_quote(const char *untrusted);

/*
 * Write the .gp and .dat files (temporary name + rename) and run gnuplot
 * on them. Returns CR_EXIT_OK; CR_EXIT_PLOTS when gnuplot is missing (the
 * .gp and .dat files are written); CR_EXIT_OUTPUT or CR_EXIT_ERROR with
 * err set otherwise (gnuplot's own words quoted).
 */
int cr_lplot_render(struct cr_lplot *p, const struct cr_ctx *ctx, GError **err);
/* The image paths once rendered (DIR/NAME.svg, DIR/NAME.png). */
const char *cr_lplot_path(const struct cr_lplot *p, const char *ext);

/* Where templates are read from: $CAPREPORT_TEMPLATES, beside the binary, or the install folder. */
char *cr_lplot_template_path(const char *template_name);

#endif
