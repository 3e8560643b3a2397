/*
 * report.h - `capreport report`: one pass per capture, then sections that
 * add tables, plots and files, rendered as a static HTML gallery.
 *
 * Who frees what: cr_report_new() / cr_report_free() own everything below
 * (captures, their analyzers, tables, cards, pages). Tables handed to
 * cr_report_add_table() and plots handed to cr_report_add_plot() belong to
 * the report from then on.
 */
#ifndef CR_REPORT_H
#define CR_REPORT_H

#include "analyze.h"
#include "analyze-report.h"
#include "mptcp.h"

struct cr_plot;
struct cr_args;

/* Rows of a table shown in HTML; the CSV always has them all. */
#define CR_REPORT_HTML_ROWS 1000
/* Points of the packet sample behind the scatter and parallel plots. */
#define CR_REPORT_SAMPLE 4000

struct cr_report_opts {
	const char *out;		/* -o DIR */
	const char *templates;		/* --templates DIR, NULL: the default search */
	int top;			/* hosts in the heatmap, edges in the graph, ... */
	bool workbook;			/* write DIR/<capture>.xlsx */
	bool plots;			/* draw plots (false: --no-plots) */
	int jobs;			/* gnuplots at once, 0: one per core */
	double plot_timeout;		/* seconds per gnuplot, 0: 60 */
};

/* A table on a section page, written as tables/<slug>-<name>.csv. */
struct cr_report_table {
	struct cr_table *t;		/* owned */
	char *csv;			/* relative path */
	char *page;			/* relative path of its page */
	char *anchor;			/* its id on that page */
	char *intro;			/* a sentence above it, or NULL */
	bool detail;			/* a detail of one item (a stream, a connection): no workbook sheet */
};

/* A plot on the gallery and on its section page. */
struct cr_report_card {
	char *stem;			/* plots/[<dir>/]<stem>.{svg,png,gp,dat} */
	char *dir;			/* a folder under plots/ it is drawn in, or NULL */
	char *title;
	char *how;			/* one line: how to read this */
	char *note;			/* e.g. "a sample of 4000 of 123456 packets", or NULL */
	const struct cr_report_table *table;	/* its data, or NULL */
	char *page;			/* section page (relative) */
	struct cr_plot *plot;		/* what the plot engine draws, NULL: a file drawn otherwise */
	char *image;			/* relative path of an SVG drawn otherwise (Graphviz), or NULL */
	bool written;			/* its .gp and .dat files are there */
	bool drawn;			/* the SVG and PNG are there */
	char *problem;			/* why not, for the card */
};

/* A link to a file of a section (DOT, JSON, Circos matrix, workbook). */
struct cr_report_file {
	char *path;			/* relative */
	char *label;
};

enum cr_block_kind { CR_BLOCK_TEXT, CR_BLOCK_TABLE, CR_BLOCK_CARD, CR_BLOCK_FILE };

/* A section page: blocks in the order the section added them. */
struct cr_report_page {
	const struct cr_report_section *section;
	char *file;			/* <slug>-<section>.html */
	GPtrArray *blocks;		/* of struct cr_report_block * */
};

struct cr_report_block {
	enum cr_block_kind kind;
	char *text;			/* CR_BLOCK_TEXT: plain text, escaped when written */
	const void *item;		/* table, card or file */
};

/* Plot points kept per TCP stream and MPTCP connection series in a report (thinned beyond). */
#define CR_REPORT_PLOT_POINTS 20000
#define CR_REPORT_GRAPH_TOP 40	/* edges in the IP graph */
#define CR_REPORT_TALKERS_TOP 15
#define CR_REPORT_THROUGHPUT_TOP 5	/* address pairs in the throughput plot */

/* One capture and everything the pass gathered from it. */
struct cr_report_capture {
	char *path;
	char *name;			/* base name, for people */
	char *slug;			/* safe, unique stem for file names */
	int status;			/* cr_exit of its run */
	char *error;			/* why it could not be read, or NULL */
	struct cr_run_info run;

	/* Analyzers of the pass; free with the capture. */
	struct cr_info *info;
	struct cr_conv *conv_ip, *conv_tcp, *conv_udp;
	struct cr_endpoints *endpoints;
	struct cr_matrix *matrix;	/* the heatmap's, every address held: the report keeps them all anyway */
	struct cr_rank *edges;		/* the graph's */
	struct cr_rank *talkers;
	struct cr_sizes *sizes;
	struct cr_sample *sample;
	struct cr_rate *rate;
	void **state;			/* per section, by its index in cr_report_sections */
	/* TCP and MPTCP (with its TCP analyzer), every stream and connection followed, made
	 * when the pass has column names (tcp/mptcp profile, or the tshark engine); NULL for
	 * a native pass of the ip profile. Shared by the TCP and MPTCP sections. */
	struct cr_mptcp *mptcp;

	/* Built once after the pass, shared by sections. */
	GPtrArray *info_tables;		/* summary, protocols, interfaces */
	struct cr_table *conversations;	/* IP conversations, by bytes */
	struct cr_table *endpoints_t;	/* by bytes */
	uint64_t hosts;

	GPtrArray *pages;		/* of struct cr_report_page * */
	GPtrArray *tables;		/* of struct cr_report_table * */
	GPtrArray *cards;		/* of struct cr_report_card * */
	GPtrArray *files;		/* of struct cr_report_file * */
	char *workbook;			/* relative path, or NULL */
	char *page;			/* its gallery page: index.html or <slug>.html */
};

struct cr_report {
	struct cr_ctx *ctx;
	struct cr_report_opts o;
	char *tmp;			/* the folder being written */
	GPtrArray *captures;		/* of struct cr_report_capture * */
	GHashTable *slugs;		/* taken */
	guint plots_missing;
	bool no_gnuplot;
	char *generated;		/* ISO time the report was made */
};

/*
 * A section: a registered unit of the report. `applies` looks at what the
 * pass gathered; `add` adds tables, plots, files and text to the capture's
 * page for this section. A section that needs its own analyzer during the
 * pass sets `state_new` (with `packet` and `state_free`); its state is
 * passed to `applies` and `add`. The table ends in a sentinel (name NULL).
 */
struct cr_report_section {
	const char *name;		/* file names: <slug>-<name>.html */
	const char *title;
	void *(*state_new)(const struct cr_report_capture *cap);
	int (*packet)(void *state, const struct cr_pkt *p);
	void (*state_free)(void *state);
	bool (*applies)(const struct cr_report_capture *cap, void *state);
	int (*add)(struct cr_report *r, struct cr_report_capture *cap, const struct cr_report_section *s,
		   void *state, GError **err);
};
extern const struct cr_report_section cr_report_sections[];

/*
 * The field profile a section needs beyond "ip", by section name; ends in
 * a sentinel. The pass of a capture reads the largest profile that its
 * sections need (ip ⊂ tcp ⊂ mptcp), and "ip" when a quick native read
 * finds no TCP packet (report.c).
 */
struct cr_report_need {
	const char *section;
	const char *profile;
};
extern const struct cr_report_need cr_report_needs[];

/* ---- the report (report.c) -------------------------------------------- */

struct cr_report *cr_report_new(struct cr_ctx *ctx, const struct cr_report_opts *o);
void cr_report_free(struct cr_report *r);
/* Run every capture, add sections, draw, write pages; returns a cr_exit code. */
int cr_report_run(struct cr_report *r, GPtrArray *paths);

/* ---- what sections call (report.c) ------------------------------------ */

/* Write t as tables/<slug>-<t->name>.csv and show it on the section's page. */
const struct cr_report_table *cr_report_add_table(struct cr_report *r, struct cr_report_capture *cap,
						  const struct cr_report_section *s, struct cr_table *t,
						  const char *intro, GError **err);
/* A plot card for `plot` (its stem is set by the caller: cr_report_stem). */
struct cr_report_card *cr_report_add_plot(struct cr_report *r, struct cr_report_capture *cap,
					  const struct cr_report_section *s, struct cr_plot *plot,
					  const char *title, const char *how, const struct cr_report_table *data);
/* The same for a table about one item (a stream, a connection): on its page and as CSV, not in the workbook. */
const struct cr_report_table *cr_report_add_detail_table(struct cr_report *r, struct cr_report_capture *cap,
							 const struct cr_report_section *s, struct cr_table *t,
							 const char *intro, GError **err);
/* A paragraph of plain text on the section's page, printf-style. */
void cr_report_add_text(struct cr_report_capture *cap, const struct cr_report_section *s, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
/* A file the section wrote under the report folder (relative path). */
void cr_report_add_file(struct cr_report_capture *cap, const struct cr_report_section *s, const char *path,
			const char *label);
/* The capture's info tables (summary, protocols, interfaces), naming the file without its folder. */
GPtrArray *cr_report_info_tables(const struct cr_report_capture *c);
/* "<slug>-<what>": a file stem for this capture (g_free). */
char *cr_report_stem(const struct cr_report_capture *cap, const char *what);
/* A card's file: "plots/[dir/]stem.ext" (g_free), and its path in the folder being written. */
/*
 * Draw every card's plot (report-draw.c): sets each card's written, drawn and
 * problem, and the report's plots_missing and no_gnuplot. -1 only when a
 * plots folder cannot be made.
 */
int cr_report_draw_plots(struct cr_report *r, GError **err);
char *cr_report_card_rel(const struct cr_report_card *c, const char *ext);
char *cr_report_card_file(const struct cr_report *r, const struct cr_report_card *c, const char *ext);
/* The absolute path of a relative path inside the folder being written (g_free). */
char *cr_report_path(const struct cr_report *r, const char *rel);

/* ---- plots of the built-in sections (report-plots.c) ------------------ */

struct cr_plot *cr_report_plot_protocols(const char *stem, const struct cr_table *protocols, int top);
struct cr_plot *cr_report_plot_talkers(const char *stem, const struct cr_table *talkers);
struct cr_plot *cr_report_plot_heatmap(const char *stem, const struct cr_table *matrix, const char *unit);
struct cr_plot *cr_report_plot_sizes(const char *stem, const struct cr_table *sizes, const char *title);
struct cr_plot *cr_report_plot_ports(const char *stem, const struct cr_table *sample);
struct cr_plot *cr_report_plot_parallel(const char *stem, const struct cr_table *sample);
struct cr_plot *cr_report_plot_throughput(const char *stem, const struct cr_table *rate);


/* ---- the TCP and MPTCP sections (report-tcp.c, report-mptcp.c) ------- */

bool cr_report_tcp_applies(const struct cr_report_capture *cap, void *state);
int cr_report_tcp_add(struct cr_report *r, struct cr_report_capture *cap, const struct cr_report_section *s,
		      void *state, GError **err);
void *cr_report_mptcp_new(const struct cr_report_capture *cap);
void cr_report_mptcp_free(void *state);
bool cr_report_mptcp_applies(const struct cr_report_capture *cap, void *state);
int cr_report_mptcp_add(struct cr_report *r, struct cr_report_capture *cap, const struct cr_report_section *s,
			void *state, GError **err);
/* A plot kind of a stream or connection page; tables of them end in a sentinel with kind NULL. */
struct cr_report_kind {
	const char *kind, *title, *how;
};
/*
 * The card of one TCP or MPTCP plot p (NULL: nothing of this kind, no
 * card): titled "WHAT: TITLE", its files in plots/SLUG-PROTO/, `thinned`
 * (NULL: none) as its note (report-tcp.c).
 */
void cr_report_add_kind_plot(struct cr_report *r, struct cr_report_capture *c, const struct cr_report_section *s,
			     struct cr_plot *p, const char *what, const struct cr_report_kind *k,
			     const struct cr_report_table *data, const char *proto, const char *thinned);

/* ---- HTML (report-html.c) --------------------------------------------- */

/* Text for HTML element content and quoted attribute values: & < > " ' escaped, invalid UTF-8 repaired. */
void cr_html_escape(GString *out, const char *s);
/*
 * Fill a template: {{name}} takes text (escaped here), {{{name}}} takes
 * HTML that capreport built (already escaped). Values are "name", value
 * pairs in `vars` (char *). An unknown name is an error.
 */
char *cr_html_fill(const char *tpl, const char *tpl_path, GHashTable *text, GHashTable *html, GError **err);
/* A table as sortable, filterable HTML (the first max_rows rows). */
void cr_html_table(GString *out, const struct cr_table *t, const char *id, const char *csv, size_t max_rows);

/* ---- pages and the folder (report-page.c, report-dir.c) --------------- */

int cr_report_write_pages(struct cr_report *r, GError **err);

/* A new empty folder beside `out` for the report (g_free); NULL with err. */
char *cr_report_dir_begin(const char *out, GError **err);
/* Put `tmp` in place of `out` (replacing an earlier report there, never anything else). */
int cr_report_dir_commit(const char *tmp, const char *out, GError **err);
/* Remove a folder and what it holds (the temporary, on failure). */
void cr_report_dir_remove(const char *dir);
/* Write a file inside the report folder (relative path), whole or not at all. */
/*
 * Close `f`, written at `path` by a stream writer that returned `rc` and
 * maybe `*e` (freed here); on failure set *err naming the file. Returns rc,
 * or -1 when only the close failed.
 */
int cr_report_close_file(FILE *f, const char *path, int rc, GError **e, GError **err);
int cr_report_write_file(const struct cr_report *r, const char *rel, const char *data, gssize len, GError **err);
/* Copy a template file (e.g. "report/style.css") to rel. */
int cr_report_copy_template(const struct cr_report *r, const char *name, const char *rel, GError **err);
/* Read a template file (g_free), NULL with err. */
char *cr_report_read_template(const struct cr_report *r, const char *name, char **path, GError **err);


/* ---- the plot commands (plot-cmd.c) ---------------------------------- */

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

/* Check --plot's value: a file name ending in .svg or .png. */
bool cr_plot_cmd_check(const char *cmd, const char *plot);
/* Draw one plot for --plot FILE into FILE's folder; returns a cr_exit code (7: not drawn). */
int cr_plot_cmd_draw(struct cr_ctx *ctx, struct cr_plot *p, const char *file, const char *templates);
/* The stem for --plot FILE: its base name without .svg or .png (g_free). */
char *cr_plot_cmd_stem(const char *file);

/*
 * The commands that plot one stream or connection (tcp, mptcp): --window
 * checked (a usage error of e, else CR_EXIT_OK; *window kept when absent),
 * and one plot's outcome told: `made` on stdout, `err` on stderr (both
 * freed), rc into the ctx's status, except "nothing to plot" (CR_EXIT_INPUT)
 * for one of all.
 */
struct cr_cmd_entry;
int cr_plot_cmd_window(const struct cr_cmd_entry *e, const struct cr_args *args, double *window);
void cr_plot_cmd_told(struct cr_ctx *ctx, int rc, char *made, GError *err, bool all);

#endif
