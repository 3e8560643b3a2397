/* plotcmd.h - what the plot commands share (plot-cmd.c): one pass over the inputs, a table printed, --plot drawn. */
#ifndef CR_PLOTCMD_H
#define CR_PLOTCMD_H

#include "analyze-report.h"
#include "analyze.h"
#include "cmd.h"
#include "input.h"
#include "plot.h"

/* What one pass over the inputs of a plot command gathered. */
struct cr_plot_pass {
	struct cr_info *info;		/* each analyzer only when the command uses it */
	struct cr_sizes *sizes;
	struct cr_sample *sample;
	struct cr_run_info run;		/* of the last input */
	int64_t first_ns;		/* the earliest first packet */
	const char *path;		/* the last input */
	size_t max_keys;		/* --max-keys, for a command that takes it */
};

/*
 * A command that prints one table (in -f text|csv|json|xlsx, as the table
 * commands) and, with --plot FILE.svg|.png, draws it: FILE's folder gets
 * STEM.svg, STEM.png, STEM.gp and STEM.dat. `check` says why a value of
 * the command's own options is wrong; `table` applies --top itself.
 */
enum cr_plot_uses {
	CR_PASS_INFO = 1 << 0,
	CR_PASS_SIZES = 1 << 1,
	CR_PASS_SAMPLE = 1 << 2,
};
struct cr_plot_cmd {
	const char *name;
	bool (*check)(struct cr_args *args);	/* own options, before any input is read; NULL: none */
	/* NULL when interrupted. With `uses` 0 there is no shared pass: it reads args->inputs itself. */
	struct cr_table *(*table)(struct cr_ctx *ctx, struct cr_args *args, struct cr_plot_pass *pp);
	struct cr_plot *(*plot)(struct cr_ctx *ctx, struct cr_args *args, const char *stem, const struct cr_table *t);
	unsigned uses;				/* enum cr_plot_uses: the analyzers of the shared pass */
	/* With plot NULL: the plot drawn from the table alone. */
	struct cr_plot *(*draw)(const char *stem, const struct cr_table *t);
	bool max_keys;				/* takes --max-keys: checked once, the value in pp->max_keys */
};
int cr_plot_cmd_run(struct cr_ctx *ctx, struct cr_args *args, const struct cr_plot_cmd *pc);

/* The options every plot command has: --plot FILE and --templates DIR. */
#define CR_PLOT_CMD_OPTIONS \
	{ "plot", 0, "FILE.svg|.png", "also draw the plot: FILE's folder gets FILE.svg, .png, .gp and .dat" }, \
	{ "templates", 0, "DIR", "your own copies of the plot templates (*.gp)" }

/*
 * The commands that plot one stream or connection (tcp, mptcp): --window
 * checked (a usage error of e, else CR_EXIT_OK; *window kept when absent),
 * and one plot's outcome told: `made` on stdout, `err` on stderr (both
 * freed), rc into the ctx's status, except "nothing to plot" (CR_EXIT_INPUT)
 * for one of all.
 */
int cr_plot_cmd_window(const struct cr_cmd_entry *e, const struct cr_args *args, double *window);
void cr_plot_cmd_told(struct cr_ctx *ctx, int rc, char *made, GError *err, bool all);

#endif
