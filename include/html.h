/* html.h - HTML for the report's pages: escaping, templates, tables (report-html.c). */
#ifndef CR_HTML_H
#define CR_HTML_H

#include "table.h"

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

/* How cr_html_table_full shows a table. */
struct cr_html_table_opts {
	const char *id;			/* the section's id */
	const char *csv;		/* its CSV file (relative), or NULL */
	size_t max_rows;		/* rows written; the CSV has them all */
	size_t open_rows;		/* more rows than this: the rows are folded away until asked for (0: never) */
	size_t link_col;		/* the column whose cells link to hrefs[row] */
	const char *const *hrefs;	/* one per row (NULL: no link), or NULL for none */
	size_t nhrefs;
};
void cr_html_table_full(GString *out, const struct cr_table *t, const struct cr_html_table_opts *o);

#endif
