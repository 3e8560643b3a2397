/*
 * fuzz-template.c - libFuzzer harness: the renderers of the report's HTML
 * templates ({{text}}, {{{html}}}) and of the gnuplot templates (@NAME@),
 * with template text and capture-borne values both chosen by the input.
 * Input: [template bytes] NUL [value bytes]; the value goes into every
 * escaped slot (HTML text, gnuplot string, plot stem and template name).
 * Built by `make fuzz`; `make check` replays tests/fuzz/corpus/template/
 * through the same entry point without libFuzzer (fuzz-replay.c).
 */
#include "plot.h"
#include "html.h"

#include <stdlib.h>
#include <string.h>

/* Escaped HTML text holds no markup character. */
static void check_html(const char *s)
{
	if (strpbrk(s, "<>\"'"))
		abort();
}

/* A gnuplot string literal: quoted, inner quotes doubled, no line break, no control byte. */
static void check_quoted(const char *q)
{
	size_t n = strlen(q);

	if (n < 2 || q[0] != '\'' || q[n - 1] != '\'')
		abort();
	for (size_t i = 1; i < n - 1; i++) {
		if ((unsigned char)q[i] < 0x20 || q[i] == 0x7f)
			abort();
		if (q[i] == '\'') {
			if (i + 1 >= n - 1 || q[i + 1] != '\'')
				abort();
			i++;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, 0, size);
	size_t tlen = nul ? (size_t)(nul - (const char *)data) : size;
	char *tpl = g_strndup((const char *)data, tlen);
	char *value = nul ? g_strndup(nul + 1, size - tlen - 1) : g_strdup("");
	GHashTable *text = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *html = g_hash_table_new(g_str_hash, g_str_equal);
	GString *esc = g_string_new(NULL);
	GError *err = NULL;
	struct cr_plot *p;
	char *out, *q;

	if (size > 1 << 20)
		goto out;
	cr_html_escape(esc, value);
	check_html(esc->str);

	/* The names the report's own templates use. */
	g_hash_table_insert(text, "title", value);
	g_hash_table_insert(text, "how", value);
	g_hash_table_insert(text, "state", value);
	g_hash_table_insert(text, "version", "1");
	g_hash_table_insert(text, "generated", NULL);
	g_hash_table_insert(html, "body", "<p>body</p>");
	g_hash_table_insert(html, "head", "");
	g_hash_table_insert(html, "figure", "<img src=\"x.svg\">");
	g_hash_table_insert(html, "links", "");
	g_hash_table_insert(html, "note", NULL);
	g_hash_table_insert(html, "nav", esc->str);
	out = cr_html_fill(tpl, "fuzz.html", text, html, &err);
	g_clear_error(&err);
	g_free(out);

	q = cr_gnuplot_quote(value, CR_PLOT_TEXT_MAX);
	check_quoted(q);
	g_free(q);

	p = cr_plot_new(value, value);
	if (strchr(cr_plot_stem(p), '/') || cr_plot_stem(p)[0] == '.')
		abort();
	cr_plot_set_size(p, (int)tlen * 7 - 500, (int)size * 3);
	cr_plot_set_text(p, "TITLE", value);
	cr_plot_set_text(p, "XLABEL", value);
	cr_plot_set_number(p, "XMIN", (double)size / 3.0);
	cr_plot_set_code(p, "STYLE", "lines");
	g_string_append(cr_plot_data(p, "DATA", value), "1 2\n");
	if (strchr(cr_plot_data_file(p, 0), '/'))
		abort();
	out = cr_plot_script(p, tpl, "fuzz.gp", &err);
	g_clear_error(&err);
	g_free(out);
	cr_plot_free(p);
out:
	g_string_free(esc, TRUE);
	g_hash_table_destroy(text);
	g_hash_table_destroy(html);
	g_free(tpl);
	g_free(value);
	return 0;
}
