/*
 * report-int.h - what the report's files share (report/): the captures and
 * what the pass gathered, sections, pages, cards, and the calls sections
 * make. Other modules use report.h.
 *
 * Who frees what: cr_report_new() / cr_report_free() own everything below
 * (captures, their analyzers, tables, cards, pages). Tables handed to
 * cr_report_add_table() and plots handed to cr_report_add_plot() belong to
 * the report from then on.
 */
#ifndef CR_REPORT_INT_H
#define CR_REPORT_INT_H

#include "analyze-report.h"
#include "analyze.h"
#include "input.h"
#include "mptcp.h"
#include "native.h"
#include "report.h"

struct cr_plot;

/* Rows of a table shown in HTML; the CSV always has them all. */
#define CR_REPORT_HTML_ROWS 1000

/* A table on a section page, written as tables/<slug>-<name>.csv. */
struct cr_report_table {
	struct cr_table *t;		/* owned */
	char *csv;			/* relative path */
	char *page;			/* relative path of its page */
	char *anchor;			/* its id on that page */
	char *intro;			/* a sentence above it, or NULL */
	bool detail;			/* a detail of one item (a stream, a connection): no workbook sheet */
	size_t link_col;		/* the column of its cells that link to the rows' own pages */
	GPtrArray *hrefs;		/* of char *, one per row (NULL: no page), or NULL; owned */
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
	GPtrArray *files;		/* of const struct cr_report_file *: more files of its own (DOT, JSON), or NULL */
	bool written;			/* its .gp and .dat files are there */
	bool drawn;			/* the SVG and PNG are there */
	char *problem;			/* why not, for the card */
};

/* A link to a file of a section (DOT, JSON, Circos matrix, workbook). */
struct cr_report_file {
	char *path;			/* relative */
	char *label;
	char *page;			/* the section page it is on (relative) */
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

/* ---- what sections call (report-add.c) -------------------------------- */

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
const struct cr_report_file *cr_report_add_file(struct cr_report_capture *cap, const struct cr_report_section *s,
						const char *path, const char *label);
/* Row `row` of t has a page of its own at href: its cell in column `col` links there. */
void cr_report_link_row(const struct cr_report_table *t, const char *col, size_t row, const char *href);
/* The capture's info tables (summary, protocols, interfaces), naming the file without its folder. */
GPtrArray *cr_report_info_tables(const struct cr_report_capture *c);
/* "<slug>-<what>": a file stem for this capture (g_free). */
char *cr_report_stem(const struct cr_report_capture *cap, const char *what);

/* ---- the summary card (report-summary.c) ------------------------------- */

/* The capture summary as a card of facts in words, units and grouped digits; the table has the raw values. */
void cr_report_summary_html(GString *out, const struct cr_report_capture *c);
/* The value of `key` in the capture's summary table, or NULL. */
const char *cr_report_summary_value(const struct cr_report_capture *c, const char *key);
/* A count with its digits grouped by thousands: "1,234,567" (v: the digits as text, or a number). */
void cr_report_grouped(GString *out, const char *v);
/* A duration in words: "3 h 21 min", "1.22 s". */
void cr_report_duration_words(GString *out, double s);

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

/* ---- which streams and connections get plots (report-pick.c) --------- */

/* A TCP stream or MPTCP connection up for plots. */
struct cr_report_pick {
	int64_t id;
	const void *item;		/* the stream or connection */
	uint64_t events;		/* anomalies counted: retransmissions, reinjections, ... */
	uint64_t bytes;
	bool small;			/* too little to say anything in a plot */
	GString *why;			/* why it was chosen: "42 retransmissions", "the busiest, 12.3 MB" (owned) */
};
/* Start p (its why freed by cr_report_picks_free with the array of them). */
void cr_report_pick_init(struct cr_report_pick *p, int64_t id, const void *item, uint64_t bytes);
void cr_report_picks_free(GArray *picks);
/* Count n anomalies of one kind, named `one` or `many` in p->why ("3 retransmissions"); nothing when n is 0. */
void cr_report_pick_event(struct cr_report_pick *p, uint64_t n, const char *one, const char *many);
/*
 * Sort `picks` (of struct cr_report_pick) for plots: those with anomalies
 * first (most first), then by bytes, the small ones last. Returns how many
 * lead that get plots (at most top, none small) and sets their why when
 * they have no anomaly ("the busiest, 12.3 MB"); the small ones get one
 * sentence on the section's page instead, named by `one` or `many`
 * ("Stream", "Streams") and the criterion `too_small`.
 */
guint cr_report_pick(GArray *picks, guint top, struct cr_report_capture *c, const struct cr_report_section *s,
		     const char *one, const char *many, const char *too_small);

/* ---- drawing the plots (report-draw.c) --------------------------------- */

/*
 * Draw every card's plot: sets each card's written, drawn and
 * problem, and the report's plots_missing and no_gnuplot. -1 only when a
 * plots folder cannot be made.
 */
int cr_report_draw_plots(struct cr_report *r, GError **err);
/* A card's file: "plots/[dir/]stem.ext" (g_free). */
char *cr_report_card_rel(const struct cr_report_card *c, const char *ext);

/* ---- the pages (report-page.c) ---------------------------------------- */

/* Every capture's gallery and section pages, and the index. */
int cr_report_write_pages(struct cr_report *r, GError **err);

/* ---- the folder and the files in it (report-dir.c) -------------------- */

/* A new empty folder beside `out` (beside where its symbolic links lead) for the report (g_free); NULL with err. */
char *cr_report_dir_begin(const char *out, GError **err);
/* Put `tmp` in place of `out` or of where its links lead (replacing an earlier report there, never anything else). */
int cr_report_dir_commit(const char *tmp, const char *out, GError **err);
/* The absolute path of a relative path inside the folder being written (g_free). */
char *cr_report_path(const struct cr_report *r, const char *rel);
/* Write a file inside the report folder (relative path), whole or not at all. */
int cr_report_write_file(const struct cr_report *r, const char *rel, const char *data, gssize len, GError **err);
/*
 * Close `f`, written at `path` by a stream writer that returned `rc` and
 * maybe `*e` (freed here); on failure set *err naming the file. Returns rc,
 * or -1 when only the close failed.
 */
int cr_report_close_file(FILE *f, const char *path, int rc, GError **e, GError **err);
/* Copy a template file (e.g. "report/style.css") to rel. */
int cr_report_copy_template(const struct cr_report *r, const char *name, const char *rel, GError **err);
/* Read a template file (g_free), NULL with err. */
char *cr_report_read_template(const struct cr_report *r, const char *name, char **path, GError **err);

#endif
