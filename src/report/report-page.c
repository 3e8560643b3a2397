/* report-page.c - the report's pages: the gallery of a capture, its section pages, the index of several. */
#include "cellfmt.h"
#include "html.h"
#include "plot.h"
#include "report-int.h"
#include "util.h"
#include "write.h"

#include <string.h>

/* What every page loads; the policy forbids anything outside the folder and inline code. */
#define HEAD \
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; " \
	"style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'\">\n" \
	"<meta name=\"referrer\" content=\"no-referrer\">\n" \
	"<link rel=\"stylesheet\" href=\"assets/style.css\">\n" \
	"<script src=\"assets/table.js\" defer></script>"

struct pages {
	struct cr_report *r;
	char *layout, *layout_path;
	char *card, *card_path;
};

static void attr(GString *s, const char *name, const char *v)
{
	g_string_append_printf(s, " %s=\"", name);
	cr_html_escape(s, v);
	g_string_append_c(s, '"');
}

static void link(GString *s, const char *href, const char *text)
{
	g_string_append(s, "<a");
	attr(s, "href", href);
	g_string_append_c(s, '>');
	cr_html_escape(s, text);
	g_string_append(s, "</a>");
}

static int write_page(struct pages *pg, const char *file, const char *title, const char *nav, const char *body,
		      GError **err)
{
	GHashTable *text = g_hash_table_new(g_str_hash, g_str_equal), *html = g_hash_table_new(g_str_hash, g_str_equal);
	char *page;
	int rc = -1;

	g_hash_table_insert(text, "title", (gpointer)title);
	g_hash_table_insert(text, "version", CR_VERSION);
	g_hash_table_insert(text, "generated", pg->r->generated);
	g_hash_table_insert(html, "head", HEAD);
	g_hash_table_insert(html, "nav", (gpointer)nav);
	g_hash_table_insert(html, "body", (gpointer)body);
	page = cr_html_fill(pg->layout, pg->layout_path, text, html, err);
	if (page) {
		rc = cr_report_write_file(pg->r, file, page, -1, err);
		g_free(page);
	}
	g_hash_table_destroy(text);
	g_hash_table_destroy(html);
	return rc;
}

/* ---- pieces ------------------------------------------------------------ */

static char *plot_file(const struct cr_report_card *c, const char *ext)
{
	return cr_report_card_rel(c, ext);
}

/*
 * The label of a plot's data file: what its name adds to the plot's stem
 * ("x-rows.dat" → "rows data", "x.seg.dat" → "seg data"), "data" for the one file.
 */
static char *data_label(const char *file, const char *stem)
{
	const char *sfx = g_str_has_prefix(file, stem) ? file + strlen(stem) : "";
	size_t n = strlen(sfx);

	if (g_str_has_suffix(sfx, ".dat"))
		n -= 4;
	if (n > 1 && (*sfx == '-' || *sfx == '.'))
		return g_strdup_printf("%.*s data", (int)n - 1, sfx + 1);
	return g_strdup("data");
}

/* A plot card: thumbnail (or why there is none), how to read it, its files. */
static int card_html(struct pages *pg, GString *out, const struct cr_report_card *c, bool full, GError **err)
{
	GHashTable *text = g_hash_table_new(g_str_hash, g_str_equal), *html = g_hash_table_new(g_str_hash, g_str_equal);
	GString *fig = g_string_new(NULL), *links = g_string_new(NULL), *note = g_string_new(NULL);
	char *svg = plot_file(c, "svg"), *png = plot_file(c, "png"), *gp = plot_file(c, "gp");
	const char *big = c->image ? c->image : svg, *thumb = c->image ? c->image : (full ? svg : png);
	char *filled;
	int rc = 0;

	if (c->drawn || c->image) {
		g_string_append(fig, "<a");
		attr(fig, "href", big);
		g_string_append(fig, "><img");
		attr(fig, "src", thumb);
		attr(fig, "alt", c->title);
		g_string_append(fig, "></a>");
	} else {
		g_string_append(fig, "<p class=\"missing\">");
		cr_html_escape(fig, c->problem ? c->problem : "not drawn");
		g_string_append(fig, "</p>");
	}
	if (c->drawn) {
		link(links, svg, "SVG");
		g_string_append(links, " ");
		link(links, png, "PNG");
		g_string_append(links, " ");
	} else if (c->image) {
		link(links, c->image, "SVG");
		g_string_append(links, " ");
	}
	for (guint i = 0; c->written && cr_plot_data_file(c->plot, i); i++) {
		char *rel = c->dir ? g_strdup_printf("plots/%s/%s", c->dir, cr_plot_data_file(c->plot, i))
				   : g_strdup_printf("plots/%s", cr_plot_data_file(c->plot, i));
		char *label = data_label(cr_plot_data_file(c->plot, i), c->stem);
		link(links, rel, label);
		g_free(label);
		g_string_append(links, " ");
		g_free(rel);
	}
	if (c->written) {
		link(links, gp, "gnuplot");
		g_string_append(links, " ");
	}
	for (guint i = 0; c->files && i < c->files->len; i++) {
		const struct cr_report_file *f = g_ptr_array_index(c->files, i);
		link(links, f->path, f->label);
		g_string_append(links, " ");
	}
	if (c->table) {
		char *href = g_strdup_printf("%s#%s", c->table->page, c->table->anchor);
		link(links, href, "table");
		g_string_append(links, " ");
		link(links, c->table->csv, "CSV");
		g_free(href);
	}
	if (c->note)
		cr_html_escape(note, c->note);
	g_hash_table_insert(text, "title", c->title);
	g_hash_table_insert(text, "how", c->how);
	g_hash_table_insert(html, "figure", fig->str);
	g_hash_table_insert(html, "links", links->str);
	g_hash_table_insert(html, "note", note->str);
	g_hash_table_insert(text, "state", c->drawn || c->image ? "drawn" : "missing");
	filled = cr_html_fill(pg->card, pg->card_path, text, html, err);
	if (filled)
		g_string_append(out, filled);
	else
		rc = -1;
	g_free(filled);
	g_hash_table_destroy(text);
	g_hash_table_destroy(html);
	g_string_free(fig, TRUE);
	g_string_free(links, TRUE);
	g_string_free(note, TRUE);
	g_free(svg);
	g_free(png);
	g_free(gp);
	return rc;
}

static void problems_html(GString *out, const struct cr_report *r, const struct cr_report_capture *c)
{
	if (c->run.damaged) {
		char *why = g_strstrip(g_strdup(c->run.damage ? c->run.damage : ""));
		if (g_str_has_suffix(why, "."))
			why[strlen(why) - 1] = '\0';
		g_string_append(out, "<p class=\"warning\">This capture is damaged: ");
		cr_html_escape(out, why);
		g_free(why);
		g_string_append_printf(out, ". Results cover the packets up to frame %" G_GUINT64_FORMAT ".</p>\n",
				       c->run.last_good_frame);
	}
	if (r->no_gnuplot)
		g_string_append(out, "<p class=\"warning\">gnuplot is not installed, so the plots are missing; "
				     "the tables are complete. Install it with <code>apt-get install gnuplot-nox</code> "
				     "and run the report again.</p>\n");
}

static void capture_nav(GString *nav, const struct cr_report *r, const struct cr_report_capture *c)
{
	g_string_append(nav, "<ul>");
	if (r->captures->len > 1) {
		g_string_append(nav, "<li>");
		link(nav, "index.html", "All captures");
		g_string_append(nav, "</li>");
	}
	g_string_append(nav, "<li>");
	link(nav, c->page, c->name);
	g_string_append(nav, "</li>");
	for (guint i = 0; i < c->pages->len; i++) {
		const struct cr_report_page *p = g_ptr_array_index(c->pages, i);
		g_string_append(nav, "<li>");
		link(nav, p->file, p->section->title);
		g_string_append(nav, "</li>");
	}
	g_string_append(nav, "</ul>");
}

/* ---- pages ------------------------------------------------------------- */

/* The title of the capture's section page `file`. */
static const char *page_title(const struct cr_report_capture *c, const char *file)
{
	for (guint i = 0; i < c->pages->len; i++) {
		const struct cr_report_page *p = g_ptr_array_index(c->pages, i);
		if (strcmp(p->file, file) == 0)
			return p->section->title;
	}
	return c->name;
}

static int gallery(struct pages *pg, const struct cr_report_capture *c, GError **err)
{
	GString *body = g_string_new(NULL), *nav = g_string_new(NULL);
	int rc = 0;

	capture_nav(nav, pg->r, c);
	g_string_append(body, "<h1>");
	cr_html_escape(body, c->name);
	g_string_append(body, "</h1>\n");
	problems_html(body, pg->r, c);
	cr_report_summary_html(body, c);
	g_string_append(body, "<section class=\"gallery\"><h2>Plots</h2>\n<div class=\"cards\">\n");
	for (guint i = 0; i < c->cards->len && rc == 0; i++)
		rc = card_html(pg, body, g_ptr_array_index(c->cards, i), false, err);
	if (c->cards->len == 0)
		g_string_append(body, "<p>No plots: the capture holds no packets to draw.</p>\n");
	g_string_append(body, "</div></section>\n");
	/* The interfaces of a pcapng, names and descriptions as the file gives them, below the plots. */
	if (c->info_tables->len > 2 && cr_table_nrows(g_ptr_array_index(c->info_tables, 2)))
		cr_html_table(body, g_ptr_array_index(c->info_tables, 2), "s-interfaces", NULL, CR_REPORT_HTML_ROWS);
	g_string_append(body, "<section class=\"sections\"><h2>Sections</h2>\n<ul>\n");
	for (guint i = 0; i < c->pages->len; i++) {
		const struct cr_report_page *p = g_ptr_array_index(c->pages, i);
		g_string_append(body, "<li>");
		link(body, p->file, p->section->title);
		g_string_append(body, "</li>\n");
	}
	g_string_append(body, "</ul></section>\n<section class=\"downloads\"><h2>Files</h2>\n<ul>\n");
	if (c->workbook) {
		g_string_append(body, "<li>");
		link(body, c->workbook, "Workbook (XLSX): every table");
		g_string_append(body, "</li>\n");
	}
	for (guint i = 0; i < c->tables->len; i++) {
		const struct cr_report_table *t = g_ptr_array_index(c->tables, i);
		size_t n = cr_table_nrows(t->t);
		/* Tables of one item (a connection, a stream) share titles: their page names them. */
		char *label = g_strdup_printf("%s: %s", page_title(c, t->page), t->t->title);
		g_string_append(body, "<li>");
		link(body, t->csv, label);
		g_string_append(body, " <small>(CSV, ");
		cr_append_count(body, n);
		g_string_append(body, n == 1 ? " row)</small></li>\n" : " rows)</small></li>\n");
		g_free(label);
	}
	for (guint i = 0; i < c->files->len; i++) {
		const struct cr_report_file *f = g_ptr_array_index(c->files, i);
		char *label = g_strdup_printf("%s: %s", page_title(c, f->page), f->label);
		g_string_append(body, "<li>");
		link(body, f->path, label);
		g_string_append(body, "</li>\n");
		g_free(label);
	}
	g_string_append(body, "</ul></section>\n");
	if (rc == 0)
		rc = write_page(pg, c->page, c->name, nav->str, body->str, err);
	g_string_free(body, TRUE);
	g_string_free(nav, TRUE);
	return rc;
}

/* Rows shown at once on a section page; a longer table is folded until opened or filtered. */
#define OPEN_ROWS 25

/* A report table as HTML: folded when long, its rows linked to their own pages. */
static void table_html(GString *out, const struct cr_report_table *t)
{
	struct cr_html_table_opts o = { .id = t->anchor, .csv = t->csv, .max_rows = CR_REPORT_HTML_ROWS,
					.open_rows = OPEN_ROWS, .link_col = t->link_col };

	if (t->hrefs) {
		o.hrefs = (const char *const *)t->hrefs->pdata;
		o.nhrefs = t->hrefs->len;
	}
	if (t->intro) {
		g_string_append(out, "<p>");
		cr_html_escape(out, t->intro);
		g_string_append(out, "</p>\n");
	}
	cr_html_table_full(out, t->t, &o);
}

/* A block of a section page other than a plot card. */
static void block_html(GString *body, const struct cr_report_block *b)
{
	const struct cr_report_file *f;

	switch (b->kind) {
	case CR_BLOCK_TEXT:
		g_string_append(body, "<p>");
		cr_html_escape(body, b->text);
		g_string_append(body, "</p>\n");
		break;
	case CR_BLOCK_TABLE:
		table_html(body, b->item);
		break;
	case CR_BLOCK_FILE:
		f = b->item;
		g_string_append(body, "<p class=\"file\">");
		link(body, f->path, f->label);
		g_string_append(body, "</p>\n");
		break;
	case CR_BLOCK_CARD:
		break;
	}
}

static int section_page(struct pages *pg, const struct cr_report_capture *c, const struct cr_report_page *p,
			GError **err)
{
	GString *body = g_string_new(NULL), *nav = g_string_new(NULL);
	char *title = g_strdup_printf("%s: %s", c->name, p->section->title);
	guint lead = 0, cards = 0;
	int rc = 0;

	capture_nav(nav, pg->r, c);
	g_string_append(body, "<h1>");
	cr_html_escape(body, p->section->title);
	g_string_append(body, " <small>");
	cr_html_escape(body, c->name);
	g_string_append(body, "</small></h1>\n");
	/* The page's leading text, then its plots, then the rest in the order the section added it. */
	while (lead < p->blocks->len && ((const struct cr_report_block *)g_ptr_array_index(p->blocks, lead))->kind ==
						CR_BLOCK_TEXT)
		block_html(body, g_ptr_array_index(p->blocks, lead++));
	for (guint i = lead; i < p->blocks->len && rc == 0; i++) {
		const struct cr_report_block *b = g_ptr_array_index(p->blocks, i);
		if (b->kind != CR_BLOCK_CARD)
			continue;
		if (!cards++)
			g_string_append(body, "<div class=\"cards full\">\n");
		rc = card_html(pg, body, b->item, true, err);
	}
	if (cards)
		g_string_append(body, "</div>\n");
	for (guint i = lead; i < p->blocks->len; i++)
		if (((const struct cr_report_block *)g_ptr_array_index(p->blocks, i))->kind != CR_BLOCK_CARD)
			block_html(body, g_ptr_array_index(p->blocks, i));
	if (rc == 0)
		rc = write_page(pg, p->file, title, nav->str, body->str, err);
	g_free(title);
	g_string_free(body, TRUE);
	g_string_free(nav, TRUE);
	return rc;
}

static const struct cr_column_def capture_columns[] = {
	{ "capture", CR_COL_TEXT }, { "packets", CR_COL_INT }, { "bytes", CR_COL_BYTES },
	{ "duration_s", CR_COL_SECONDS }, { "hosts", CR_COL_INT }, { "conversations", CR_COL_INT },
	{ "first_packet", CR_COL_TEXT }, { "status", CR_COL_TEXT }, { NULL, 0 },
};

/* Thumbnails of a capture's plots on the index. */
#define STRIP_THUMBS 6

/* A capture on the index: its name linking to its gallery, a few numbers, a strip of its plots. */
static void capture_strip(GString *out, const struct cr_report_capture *c)
{
	const char *v;
	guint shown = 0;

	g_string_append(out, "<section class=\"capture\">\n");
	if (!c->page) {
		g_string_append(out, "<p>");
		cr_html_escape(out, c->name);
		g_string_append(out, ": <span class=\"error\">");
		cr_html_escape(out, c->error ? c->error : "not read");
		g_string_append(out, "</span></p>\n</section>\n");
		return;
	}
	g_string_append(out, "<h2>");
	link(out, c->page, c->name);
	g_string_append(out, " <small>");
	cr_report_grouped(out, (v = cr_report_summary_value(c, "packets")) ? v : "0");
	g_string_append(out, " packets");
	if ((v = cr_report_summary_value(c, "duration_s"))) {
		g_string_append(out, " in ");
		cr_report_duration_words(out, g_ascii_strtod(v, NULL));
	}
	if (c->run.damaged)
		g_string_append(out, ", damaged");
	g_string_append(out, "</small></h2>\n<div class=\"strip\">");
	for (guint i = 0; i < c->cards->len && shown < STRIP_THUMBS; i++) {
		const struct cr_report_card *card = g_ptr_array_index(c->cards, i);
		char *png = card->drawn ? cr_report_card_rel(card, "png") : g_strdup(card->image);
		if (png) {
			g_string_append(out, "<a");
			attr(out, "href", card->page);
			attr(out, "title", card->title);
			g_string_append(out, "><img");
			attr(out, "src", png);
			attr(out, "alt", card->title);
			g_string_append(out, "></a>");
			shown++;
		}
		g_free(png);
	}
	if (!shown)
		g_string_append(out, "<p class=\"note\">No plots drawn.</p>");
	g_string_append(out, "</div>\n</section>\n");
}

/* The index of several captures: each with a strip of its plots, then one row each to compare. */
static int index_page(struct pages *pg, GError **err)
{
	struct cr_report *r = pg->r;
	struct cr_table *t = cr_table_new("captures", "Captures compared");
	GString *body = g_string_new("<h1>Captures</h1>\n<div class=\"captures\">\n");
	GPtrArray *hrefs = g_ptr_array_new();
	struct cr_html_table_opts o = { .id = "t-captures", .csv = "tables/captures.csv", .max_rows = CR_REPORT_HTML_ROWS };
	GError *e = NULL;
	char *csv = g_strdup("tables/captures.csv");
	FILE *f;
	int rc;

	cr_table_add_columns(t, capture_columns);
	for (guint i = 0; i < r->captures->len; i++) {
		const struct cr_report_capture *c = g_ptr_array_index(r->captures, i);
		struct cr_cell *row = cr_table_add_row(t);
		const char *v;

		cr_cell_text(&row[0], c->name);
		g_ptr_array_add(hrefs, c->page);
		capture_strip(body, c);
		cr_cell_text(&row[7], c->error ? c->error : c->run.damaged ? "damaged" : "ok");
		if (!c->page)
			continue;
		if ((v = cr_report_summary_value(c, "packets")))
			cr_cell_int(&row[1], g_ascii_strtoll(v, NULL, 10));
		if ((v = cr_report_summary_value(c, "bytes")))
			cr_cell_int(&row[2], g_ascii_strtoll(v, NULL, 10));
		if ((v = cr_report_summary_value(c, "duration_s")))
			cr_cell_float(&row[3], g_ascii_strtod(v, NULL));
		cr_cell_int(&row[4], (int64_t)c->hosts);
		cr_cell_int(&row[5], (int64_t)cr_table_nrows(c->conversations));
		cr_cell_text(&row[6], cr_report_summary_value(c, "first_packet"));
	}
	g_string_append(body, "</div>\n");
	o.hrefs = (const char *const *)hrefs->pdata;
	o.nhrefs = hrefs->len;
	cr_html_table_full(body, t, &o);
	{
		char *path = cr_report_path(r, csv), *dir = g_path_get_dirname(path);
		struct cr_write_opts wo = { .raw = true, .header = true };
		g_mkdir_with_parents(dir, 0755);
		f = fopen(path, "w");
		rc = f ? cr_write_csv(t, f, &wo, &e) : -1;
		if (f && fclose(f) != 0)
			rc = -1;
		if (rc != 0)
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s'", path);
		g_clear_error(&e);
		g_free(path);
		g_free(dir);
	}
	if (rc == 0)
		rc = write_page(pg, "index.html", "Captures", "", body->str, err);
	cr_table_free(t);
	g_free(csv);
	g_ptr_array_free(hrefs, TRUE);
	g_string_free(body, TRUE);
	return rc;
}

int cr_report_write_pages(struct cr_report *r, GError **err)
{
	struct pages pg = { .r = r };
	int rc = -1;

	if (!(pg.layout = cr_report_read_template(r, "report/page.html", &pg.layout_path, err)) ||
	    !(pg.card = cr_report_read_template(r, "report/card.html", &pg.card_path, err)))
		goto out;
	if (!strstr(pg.layout, "{{{head}}}")) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT,
			    "the template '%s' has no {{{head}}}: it carries the page's security policy and assets",
			    pg.layout_path);
		goto out;
	}
	if (cr_report_copy_template(r, "report/style.css", "assets/style.css", err) != 0 ||
	    cr_report_copy_template(r, "report/table.js", "assets/table.js", err) != 0)
		goto out;
	for (guint i = 0; i < r->captures->len; i++) {
		struct cr_report_capture *c = g_ptr_array_index(r->captures, i);
		if (c->info_tables)
			c->page = r->captures->len == 1 ? g_strdup("index.html") : g_strdup_printf("%s.html", c->slug);
	}
	for (guint i = 0; i < r->captures->len; i++) {
		const struct cr_report_capture *c = g_ptr_array_index(r->captures, i);
		if (!c->page)
			continue;
		for (guint k = 0; k < c->pages->len; k++)
			if (section_page(&pg, c, g_ptr_array_index(c->pages, k), err) != 0)
				goto out;
		if (gallery(&pg, c, err) != 0)
			goto out;
	}
	if (r->captures->len > 1 && index_page(&pg, err) != 0)
		goto out;
	rc = 0;
out:
	g_free(pg.layout);
	g_free(pg.layout_path);
	g_free(pg.card);
	g_free(pg.card_path);
	return rc;
}
