/* report-html.c - HTML escaping, template filling and tables as sortable, filterable HTML. */
#include "cellfmt.h"
#include "html.h"
#include "report-int.h"
#include "util.h"

#include <math.h>
#include <string.h>

/* Text from captures is capped before it reaches a page. */
#define TEXT_MAX 4096

void cr_html_escape(GString *out, const char *s)
{
	char *valid = NULL;
	size_t n = 0;

	if (!s)
		return;
	if (!g_utf8_validate(s, -1, NULL))
		s = valid = g_utf8_make_valid(s, -1);
	for (const char *p = s; *p; p = g_utf8_next_char(p), n++) {
		gunichar ch = g_utf8_get_char(p);
		if (n >= TEXT_MAX) {
			g_string_append(out, "\xe2\x80\xa6");	/* … */
			break;
		}
		switch (ch) {
		case '&': g_string_append(out, "&amp;"); break;
		case '<': g_string_append(out, "&lt;"); break;
		case '>': g_string_append(out, "&gt;"); break;
		case '"': g_string_append(out, "&quot;"); break;
		case '\'': g_string_append(out, "&#39;"); break;
		default:
			/* Control characters other than tab and newline are shown, not passed on. */
			if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7f)
				g_string_append_printf(out, "\\x%02x", (unsigned)ch);
			else
				g_string_append_len(out, p, g_utf8_next_char(p) - p);
		}
	}
	g_free(valid);
}

char *cr_html_fill(const char *tpl, const char *tpl_path, GHashTable *text, GHashTable *html, GError **err)
{
	GString *out = g_string_new(NULL);
	const char *s = tpl;

	while (*s) {
		const char *open = strstr(s, "{{"), *close;
		bool raw;
		char *name;
		const char *v;

		if (!open) {
			g_string_append(out, s);
			break;
		}
		g_string_append_len(out, s, open - s);
		raw = open[2] == '{';
		close = strstr(open + (raw ? 3 : 2), raw ? "}}}" : "}}");
		if (!close) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "the template '%s' has an unclosed %s", tpl_path,
				    raw ? "{{{" : "{{");
			g_string_free(out, TRUE);
			return NULL;
		}
		name = g_strstrip(g_strndup(open + (raw ? 3 : 2), (gsize)(close - open - (raw ? 3 : 2))));
		v = g_hash_table_lookup(raw ? html : text, name);
		if (!v && !g_hash_table_contains(raw ? html : text, name)) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "the template '%s' uses %s%s%s, which capreport does not fill%s",
				    tpl_path, raw ? "{{{" : "{{", name, raw ? "}}}" : "}}",
				    g_hash_table_contains(raw ? text : html, name) ? (raw ? " (use {{ }})" : " (use {{{ }}})") : "");
			g_free(name);
			g_string_free(out, TRUE);
			return NULL;
		}
		if (raw)
			g_string_append(out, v ? v : "");
		else
			cr_html_escape(out, v);
		g_free(name);
		s = close + (raw ? 3 : 2);
	}
	return g_string_free(out, FALSE);
}

static bool numeric(enum cr_coltype ty)
{
	return ty == CR_COL_INT || ty == CR_COL_BYTES || ty == CR_COL_FLOAT || ty == CR_COL_RATE ||
	       ty == CR_COL_SECONDS || ty == CR_COL_TIME;
}

/* What people read in a page: human units, floats to 2 decimals (non-finite ones are never shown). */
static const struct cr_cell_style shown_style = { .null = "", .nonfinite_rate = "", .human = true,
						  .float_digits = 2, .seconds_digits = 6 };

/* A cell: what people read, and the exact value to sort by (data-v). */
static void cell(GString *out, enum cr_coltype ty, const struct cr_cell *c)
{
	char *shown = NULL, num[G_ASCII_DTOSTR_BUF_SIZE];

	if (c->null) {
		g_string_append(out, numeric(ty) ? "<td class=\"n\" data-v=\"\">&ndash;</td>" : "<td>&ndash;</td>");
		return;
	}
	switch (ty) {
	case CR_COL_INT:
		g_string_append_printf(out, "<td class=\"n\" data-v=\"%" G_GINT64_FORMAT "\">%" G_GINT64_FORMAT "</td>",
				       c->v.i, c->v.i);
		return;
	case CR_COL_BYTES:
	case CR_COL_TIME:
		shown = cr_cell_format(ty, c, &shown_style);
		g_string_append_printf(out, "<td class=\"n\" data-v=\"%" G_GINT64_FORMAT "\" title=\"%" G_GINT64_FORMAT
				       "\">", c->v.i, c->v.i);
		cr_html_escape(out, shown);
		g_string_append(out, "</td>");
		break;
	case CR_COL_FLOAT:
	case CR_COL_RATE:
	case CR_COL_SECONDS:
		if (!isfinite(c->v.f)) {
			g_string_append(out, "<td class=\"n\" data-v=\"\">&ndash;</td>");
			return;
		}
		g_ascii_formatd(num, sizeof(num), "%.9g", c->v.f);
		shown = cr_cell_format(ty, c, &shown_style);
		g_string_append_printf(out, "<td class=\"n\" data-v=\"%s\">", num);
		cr_html_escape(out, shown);
		g_string_append(out, "</td>");
		break;
	case CR_COL_ADDR:
	case CR_COL_TEXT:
		g_string_append(out, "<td>");
		cr_html_escape(out, c->v.s);
		g_string_append(out, "</td>");
		break;
	}
	g_free(shown);
}

void cr_html_table(GString *out, const struct cr_table *t, const char *id, const char *csv, size_t max_rows)
{
	struct cr_html_table_opts o = { .id = id, .csv = csv, .max_rows = max_rows };

	cr_html_table_full(out, t, &o);
}

/* A cell whose text links to href: the cell as written, its content wrapped in a link. */
static void linked_cell(GString *out, enum cr_coltype ty, const struct cr_cell *c, const char *href)
{
	GString *td = g_string_new(NULL);
	const char *open, *close;

	cell(td, ty, c);
	open = strchr(td->str, '>');
	close = g_strrstr(td->str, "</td>");
	if (c->null || !open || !close || close < open) {
		g_string_append(out, td->str);
	} else {
		g_string_append_len(out, td->str, open + 1 - td->str);
		g_string_append(out, "<a href=\"");
		cr_html_escape(out, href);
		g_string_append(out, "\">");
		g_string_append_len(out, open + 1, close - open - 1);
		g_string_append(out, "</a></td>");
	}
	g_string_free(td, TRUE);
}

void cr_html_table_full(GString *out, const struct cr_table *t, const struct cr_html_table_opts *o)
{
	size_t nc = cr_table_ncols(t), nr = cr_table_nrows(t), shown = MIN(nr, o->max_rows);
	bool folded = o->open_rows && shown > o->open_rows;

	g_string_append(out, "<section class=\"table\" id=\"");
	cr_html_escape(out, o->id);
	g_string_append(out, "\">\n<h2>");
	cr_html_escape(out, t->title);
	g_string_append(out, "</h2>\n<div class=\"tools\"><label>Filter <input type=\"search\" class=\"filter\" "
			     "placeholder=\"text in any column\" aria-label=\"filter rows\"></label> "
			     "<span class=\"count\">");
	g_string_append_printf(out, "%zu rows</span>", nr);
	if (o->csv) {
		g_string_append(out, " <a class=\"csv\" href=\"");
		cr_html_escape(out, o->csv);
		g_string_append(out, "\">CSV</a>");
	}
	g_string_append(out, "</div>\n");
	/* A long table is folded: the plots and text after it stay in sight; the filter opens it. */
	if (folded)
		g_string_append_printf(out, "<details class=\"rows\"><summary>Show the %zu rows</summary>\n", shown);
	g_string_append(out, "<div class=\"scroll\"><table class=\"data\">\n<thead><tr>");
	for (size_t c = 0; c < nc; c++) {
		const struct cr_column *col = &g_array_index(t->columns, struct cr_column, c);
		g_string_append_printf(out, "<th scope=\"col\" data-type=\"%s\"%s><button type=\"button\">",
				       numeric(col->type) ? "num" : "text", numeric(col->type) ? " class=\"n\"" : "");
		cr_html_escape(out, col->name);
		g_string_append(out, "</button></th>");
	}
	g_string_append(out, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < shown; r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		const char *href = o->hrefs && r < o->nhrefs ? o->hrefs[r] : NULL;
		g_string_append(out, "<tr>");
		for (size_t c = 0; c < nc; c++) {
			enum cr_coltype ty = g_array_index(t->columns, struct cr_column, c).type;
			if (href && c == o->link_col)
				linked_cell(out, ty, &row[c], href);
			else
				cell(out, ty, &row[c]);
		}
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</tbody></table></div>\n");
	if (folded)
		g_string_append(out, "</details>\n");
	if (shown < nr)
		g_string_append_printf(out, "<p class=\"note\">The first %zu of %zu rows; the CSV has them all.</p>\n",
				       shown, nr);
	for (guint i = 0; i < t->notes->len; i++) {
		g_string_append(out, "<p class=\"note\">");
		cr_html_escape(out, g_ptr_array_index(t->notes, i));
		g_string_append(out, "</p>\n");
	}
	g_string_append(out, "</section>\n");
}
