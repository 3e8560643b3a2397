/* plot.h - gnuplot plots: a template from templates/ filled with variables, data in .dat files, SVG and PNG. */
#ifndef CR_PLOT_H
#define CR_PLOT_H

#include "capreport.h"

#define CR_PLOT_TEXT_MAX 160	/* characters of a text variable (titles, labels) */
#define CR_PLOT_WIDTH 1200
#define CR_PLOT_HEIGHT 420

/*
 * A plot is a stem (file name without extension), a template file under
 * templates/, the values of the template's @NAME@ placeholders, and one or
 * more data files. cr_plots_make writes DIR/STEM.gp (the filled template
 * wrapped in a loop that renders DIR/STEM.svg and DIR/STEM.png) and
 * DIR/STEM<suffix>.dat, then runs gnuplot on the .gp in DIR. Data never
 * goes into the .gp: templates read it with the quoted file names that
 * their data placeholders stand for.
 *
 * cr_plot_new() / cr_plot_free(); the plot owns its variables and data.
 */
struct cr_plot;
struct cr_plot *cr_plot_new(const char *stem, const char *template_name);
void cr_plot_free(struct cr_plot *p);
const char *cr_plot_stem(const struct cr_plot *p);
void cr_plot_set_size(struct cr_plot *p, int width, int height);	/* pixels; @WIDTH@ @HEIGHT@ */
/* Every plot also has @C1@ ... @C4@, the palette's colours as quoted strings (plot-style.h). */

/* @NAME@ → a gnuplot string literal of any text (escaped, capped at CR_PLOT_TEXT_MAX). */
void cr_plot_set_text(struct cr_plot *p, const char *name, const char *text);
/* @NAME@ → a number. */
void cr_plot_set_number(struct cr_plot *p, const char *name, double v);
/* @NAME@ → gnuplot code written by capreport itself (never text from an input). */
void cr_plot_set_code(struct cr_plot *p, const char *name, const char *code);
/*
 * @NAME@ → the label of `axis` ('x' or 'y'), on a log scale with "(log scale)"
 * added when the values span more than two decades: `lo` > 0 and hi > 100 lo
 * (pass the smallest and largest value; lo <= 0 keeps the axis linear).
 * Returns whether the axis is a log scale.
 */
bool cr_plot_set_axis(struct cr_plot *p, const char *name, char axis, const char *label, double lo, double hi);
/*
 * A data file STEM<suffix>.dat; @NAME@ becomes its quoted file name.
 * Returns the file's text to append rows to (owned by the plot).
 */
GString *cr_plot_data(struct cr_plot *p, const char *name, const char *suffix);
/* The file name of the plot's i-th data file (owned by the plot), NULL past the last. */
const char *cr_plot_data_file(const struct cr_plot *p, guint i);
/*
 * A table as the data file STEM<suffix>.dat: a '#' line of column names,
 * then one whitespace-separated row per table row (NaN for an empty cell,
 * text in double quotes). @NAME@ becomes its quoted file name. The table
 * stays the caller's.
 */
struct cr_table;
void cr_plot_data_table(struct cr_plot *p, const char *name, const char *suffix, const struct cr_table *t);
/* No data file has a data row (only comments and column headers): nothing to draw. */
bool cr_plot_empty(const struct cr_plot *p);
/* What @NAME@ stands for (a quoted data file name, a number, ...), for clauses built in code; NULL when unset. */
const char *cr_plot_ref(const struct cr_plot *p, const char *name);
/* Append one clause of a plot command to `plots`, after ", \" and a new line when it is not the first. */
void cr_plot_clause(GString *plots, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Text in titles and keys as written, not as gnuplot's enhanced-text markup (_ ^ { } @ &): for labels from captures. */
void cr_plot_set_plain_text(struct cr_plot *p);

/* ---- templates -------------------------------------------------------- */

/*
 * The folders searched for templates, in order: `option` (--templates),
 * $CAPREPORT_TEMPLATES, CR_DATADIR/templates, then templates/ of the
 * source tree beside the running binary (/proc/self/exe/../templates,
 * ../../templates). Only folders that exist. g_ptr_array_unref.
 */
GPtrArray *cr_template_dirs(const char *option);
/* The first `name` found in those folders (g_free); NULL with err naming where it looked. */
char *cr_template_find(const char *option, const char *name, GError **err);

/*
 * The .gp text of `p` from the template text `tpl` (read from tpl_path):
 * @WIDTH@ and @HEIGHT@ set, every @NAME@ filled, wrapped in the format loop.
 * g_free; NULL with err when the template uses a name the plot does not set.
 */
char *cr_plot_script(struct cr_plot *p, const char *tpl, const char *tpl_path, GError **err);

/* ---- making plots ----------------------------------------------------- */

struct cr_plot_opts {
	const char *templates;	/* --templates DIR, NULL: the search above */
	const char *gnuplot;	/* NULL: $CAPREPORT_GNUPLOT, else gnuplot from PATH */
	double timeout_s;	/* per plot, 0: 60 s */
	int jobs;		/* gnuplots at once, 0: one per core */
	bool verbose;		/* say what is run, show gnuplot's warnings */
	bool progress;		/* show how many are drawn and the time left on stderr (a terminal) */
};

struct cr_plot_result {
	guint written;		/* plots whose .gp and .dat files are in DIR */
	guint rendered;		/* plots whose SVG and PNG are in DIR */
	bool no_gnuplot;	/* gnuplot was not found: nothing rendered */
	GPtrArray *failures;	/* of char *: one message per plot not rendered */
};
void cr_plot_result_clear(struct cr_plot_result *r);

/*
 * Write the files of `plots` (struct cr_plot *) into dir, created when
 * missing, then render them. Returns -1 with err when the folder or a
 * template fails (nothing rendered); otherwise 0, and res says what was
 * rendered: a gnuplot that fails or outlives the timeout costs only its
 * own plot.
 */
int cr_plots_make(GPtrArray *plots, const char *dir, const struct cr_plot_opts *o, struct cr_plot_result *res,
		  GError **err);

/*
 * cr_plots_make, and how it went as a cr_exit code: the error's code (err
 * set) when the files could not be written; CR_EXIT_PLOTS when gnuplot is
 * missing or a plot was not drawn (res says which); else CR_EXIT_OK. Clear
 * res with cr_plot_result_clear whatever the code.
 */
int cr_plots_draw(GPtrArray *plots, const char *dir, const struct cr_plot_opts *o, struct cr_plot_result *res,
		  GError **err);
/* The same for one plot. */
int cr_plot_draw(struct cr_plot *p, const char *dir, const struct cr_plot_opts *o, struct cr_plot_result *res,
		 GError **err);

/* The install hint shown when gnuplot is missing. */
#define CR_GNUPLOT_HINT "install it with 'apt-get install gnuplot-nox'"

/* Render written .gp files in dir (plot-run.c); used by cr_plots_make. */
void cr_plots_render(GPtrArray *plots, const char *dir, const struct cr_plot_opts *o, struct cr_plot_result *res);

/* ---- helpers ---------------------------------------------------------- */

/* A single-quoted gnuplot string literal of s: no substitution inside, ' doubled, control bytes and invalid UTF-8 as '?', at most max characters. */
char *cr_gnuplot_quote(const char *s, size_t max);

/*
 * Thinning a series for a plot `cols` pixels wide over [x0, x1): one point
 * per pixel column with the min and max of the y values that fall in it.
 * Every input point lands in a column (outside points in the edge ones):
 * nothing is dropped. With n <= cols every point is its own column. A
 * GArray of struct cr_thin in x order, g_array_unref.
 */
struct cr_thin {
	double x;		/* the column's centre, or the point's x */
	double min, max;
	uint64_t n;		/* points in the column */
};
GArray *cr_series_thin(const double *x, const double *y, size_t n, double x0, double x1, size_t cols);

#endif
