/* report-add.c - what sections add to a capture's pages: tables (written as CSV), plot cards, text, files. */
#include "plot.h"
#include "report-int.h"
#include "write.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

char *cr_report_stem(const struct cr_report_capture *cap, const char *what)
{
	return g_strdup_printf("%s-%s", cap->slug, what);
}

GPtrArray *cr_report_info_tables(const struct cr_report_capture *c)
{
	GPtrArray *t = cr_info_tables(c->info, c->path, &c->run);
	struct cr_table *summary = g_ptr_array_index(t, 0);

	/* The capture's name, not where it lay on this machine: the report is sent to others. */
	for (size_t r = 0; r < cr_table_nrows(summary); r++) {
		struct cr_cell *row = cr_table_row(summary, r);
		if (!row[0].null && strcmp(row[0].v.s, "file") == 0) {
			g_free(row[1].v.s);
			cr_cell_text(&row[1], c->name);
		}
	}
	return t;
}

static void block_free(gpointer p)
{
	struct cr_report_block *b = p;
	g_free(b->text);
	g_free(b);
}

/* ---- what sections call -------------------------------------------------- */

static struct cr_report_page *page_of(struct cr_report_capture *cap, const struct cr_report_section *s)
{
	struct cr_report_page *pg;

	for (guint i = 0; i < cap->pages->len; i++) {
		pg = g_ptr_array_index(cap->pages, i);
		if (pg->section == s)
			return pg;
	}
	pg = g_new0(struct cr_report_page, 1);
	pg->section = s;
	pg->file = g_strdup_printf("%s-%s.html", cap->slug, s->name);
	pg->blocks = g_ptr_array_new_with_free_func(block_free);
	g_ptr_array_add(cap->pages, pg);
	return pg;
}

static void add_block(struct cr_report_capture *cap, const struct cr_report_section *s, enum cr_block_kind kind,
		      const char *text, const void *item)
{
	struct cr_report_block *b = g_new0(struct cr_report_block, 1);

	b->kind = kind;
	b->text = g_strdup(text);
	b->item = item;
	g_ptr_array_add(page_of(cap, s)->blocks, b);
}

static int write_csv(struct cr_report *r, const char *rel, const struct cr_table *t, GError **err)
{
	struct cr_write_opts wo = { .raw = true, .header = true };
	char *path = cr_report_path(r, rel), *dir = g_path_get_dirname(path);
	FILE *f;
	int rc = -1;

	g_mkdir_with_parents(dir, 0755);
	f = fopen(path, "w");
	if (!f) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, g_strerror(errno));
	} else {
		GError *e = NULL;

		rc = cr_write_csv(t, f, &wo, &e);
		rc = cr_report_close_file(f, path, rc, &e, err);
	}
	g_free(dir);
	g_free(path);
	return rc;
}

const struct cr_report_table *cr_report_add_table(struct cr_report *r, struct cr_report_capture *cap,
						  const struct cr_report_section *s, struct cr_table *t,
						  const char *intro, GError **err)
{
	struct cr_report_table *rt = g_new0(struct cr_report_table, 1);
	int n = 1;

	rt->t = t;
	rt->anchor = g_strdup_printf("t-%s", t->name);
	/* Two tables of one name in a capture get -2, -3, ... */
	for (guint i = 0; i < cap->tables->len; i++)
		if (strcmp(((struct cr_report_table *)g_ptr_array_index(cap->tables, i))->t->name, t->name) == 0)
			n++;
	if (n > 1) {
		g_free(rt->anchor);
		rt->anchor = g_strdup_printf("t-%s-%d", t->name, n);
	}
	rt->csv = g_strdup_printf("tables/%s-%s.csv", cap->slug, rt->anchor + 2);
	rt->page = g_strdup(page_of(cap, s)->file);
	rt->intro = g_strdup(intro);
	g_ptr_array_add(cap->tables, rt);
	if (write_csv(r, rt->csv, t, err) != 0)
		return NULL;
	add_block(cap, s, CR_BLOCK_TABLE, NULL, rt);
	return rt;
}

struct cr_report_card *cr_report_add_plot(struct cr_report *r, struct cr_report_capture *cap,
					  const struct cr_report_section *s, struct cr_plot *plot,
					  const char *title, const char *how, const struct cr_report_table *data)
{
	struct cr_report_card *c = g_new0(struct cr_report_card, 1);

	(void)r;
	c->plot = plot;
	c->stem = g_strdup(plot ? cr_plot_stem(plot) : "");
	c->title = g_strdup(title);
	c->how = g_strdup(how);
	c->table = data;
	c->page = g_strdup(page_of(cap, s)->file);
	g_ptr_array_add(cap->cards, c);
	add_block(cap, s, CR_BLOCK_CARD, NULL, c);
	return c;
}

const struct cr_report_table *cr_report_add_detail_table(struct cr_report *r, struct cr_report_capture *cap,
							 const struct cr_report_section *s, struct cr_table *t,
							 const char *intro, GError **err)
{
	struct cr_report_table *rt = (struct cr_report_table *)cr_report_add_table(r, cap, s, t, intro, err);

	if (rt)
		rt->detail = true;
	return rt;
}

void cr_report_add_text(struct cr_report_capture *cap, const struct cr_report_section *s, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	add_block(cap, s, CR_BLOCK_TEXT, text, NULL);
	g_free(text);
}

const struct cr_report_file *cr_report_add_file(struct cr_report_capture *cap, const struct cr_report_section *s,
						const char *path, const char *label)
{
	struct cr_report_file *f = g_new0(struct cr_report_file, 1);

	f->path = g_strdup(path);
	f->label = g_strdup(label);
	f->page = g_strdup(page_of(cap, s)->file);
	g_ptr_array_add(cap->files, f);
	add_block(cap, s, CR_BLOCK_FILE, NULL, f);
	return f;
}

void cr_report_link_row(const struct cr_report_table *t, const char *col, size_t row, const char *href)
{
	struct cr_report_table *rt = (struct cr_report_table *)t;
	int c = cr_table_col(t->t, col);

	if (c < 0 || row >= cr_table_nrows(t->t))
		return;
	if (!rt->hrefs) {
		rt->hrefs = g_ptr_array_new_with_free_func(g_free);
		g_ptr_array_set_size(rt->hrefs, (guint)cr_table_nrows(t->t));
	}
	rt->link_col = (size_t)c;
	g_free(g_ptr_array_index(rt->hrefs, row));
	g_ptr_array_index(rt->hrefs, row) = g_strdup(href);
}
