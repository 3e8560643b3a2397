/* mptcpplot.h - the MPTCP plots: kinds, options, and the function that builds and renders them. */
#ifndef CR_MPTCPPLOT_H
#define CR_MPTCPPLOT_H

#include "mptcp.h"
#include "tcpplot.h"

struct cr_mptcp_plot_opts {
	const char *kind;	/* a name from cr_mptcp_plot_kinds() */
	const char *dir;	/* output folder */
	const char *prefix;	/* file name prefix, NULL: none */
	double window;		/* seconds, for tput */
};

const struct cr_plot_kind *cr_mptcp_plot_kinds(void);
/*
 * Render one plot of a followed connection (the direction that carried
 * more data) into o->dir. Returns a cr_exit code as cr_tcp_plot does;
 * *made gets the SVG path or the plot's name (g_free).
 */
int cr_mptcp_plot(const struct cr_ctx *ctx, const struct cr_mptcp_conn *c, const struct cr_mptcp_plot_opts *o,
		  char **made, GError **err);
/* The plot of one followed connection for the shared engine, stem "[PREFIX-]mptcp-ID-KIND", not yet drawn; NULL with err (CR_EXIT_INPUT) when there is nothing to plot. cr_plot_free. */
struct cr_plot *cr_mptcp_plot_new(const struct cr_mptcp_conn *c, const struct cr_mptcp_plot_opts *o, GError **err);

#endif
