/* tcpplot.h - the TCP and MPTCP plots: kinds, options, and the functions that build and render them. */
#ifndef CR_TCPPLOT_H
#define CR_TCPPLOT_H

#include "tcp.h"

/* A plot kind; tables of kinds end in a sentinel with name NULL. */
struct cr_plot_kind {
	const char *name;
	const char *summary;
};
bool cr_plot_kind_valid(const struct cr_plot_kind *k, const char *name);

struct cr_tcp_plot_opts {
	const char *kind;	/* a name from cr_tcp_plot_kinds() */
	const char *dir;	/* output folder */
	const char *prefix;	/* file name prefix, NULL: none */
	double window;		/* seconds, for tput */
	int direction;		/* 0: A→B, 1: B→A, -1: the one with more payload */
};

const struct cr_plot_kind *cr_tcp_plot_kinds(void);
/*
 * Render one plot of a followed stream into o->dir. Returns a cr_exit code
 * (CR_EXIT_PLOTS: no gnuplot, files written); *made gets the SVG path, or
 * the plot's name when only its .gp/.dat files could be written (g_free).
 */
int cr_tcp_plot(const struct cr_ctx *ctx, const struct cr_tcp_stream *s, const struct cr_tcp_plot_opts *o,
		char **made, GError **err);

/*
 * What thinning did to a followed stream's points, NULL when nothing was
 * thinned: "thinned: 1,000,000 points shown as 8,000" and, when full, how
 * (g_free).
 */
char *cr_tcp_thinned_note(const struct cr_tcp_stream *s, bool full);

/* The size of the TCP and MPTCP plots, in pixels. */
#define CR_TCP_PLOT_WIDTH 1000
#define CR_TCP_PLOT_HEIGHT 600

struct cr_plot;
/*
 * The plot of one followed stream for the shared engine (plot.h), stem
 * "[PREFIX-]tcp-ID-KIND", not yet drawn (o->dir is not used): cr_plot_free.
 * NULL with err (CR_EXIT_INPUT) when the stream has nothing to plot.
 */
struct cr_plot *cr_tcp_plot_new(const struct cr_tcp_stream *s, const struct cr_tcp_plot_opts *o, GError **err);
/*
 * Write one TCP or MPTCP plot into dir (NULL: ".") and draw it, then free
 * it. Returns a cr_exit code as cr_tcp_plot; *made gets DIR/STEM.svg, or
 * the stem when only the .gp and .dat files were written (g_free). A NULL
 * p (not built: err already says why) returns CR_EXIT_INPUT.
 */
int cr_tcp_plot_draw(const struct cr_ctx *ctx, struct cr_plot *p, const char *dir, char **made, GError **err);
/*
 * The start and end every TCP and MPTCP plot shares. start: a plot of stem
 * "[PREFIX-]PROTO-ID-KIND" and template PROTO-KIND.gp, at the plots' size.
 * finish: sets TITLE (takes title); with rows 0 frees p, sets err
 * (CR_EXIT_INPUT, the message from fmt) and returns NULL, else returns p.
 */
struct cr_plot *cr_tcp_plot_start(const char *prefix, const char *proto, int64_t id, const char *kind);
struct cr_plot *cr_tcp_plot_finish(struct cr_plot *p, char *title, size_t rows, GError **err, const char *fmt, ...)
	G_GNUC_PRINTF(5, 6);

#endif
