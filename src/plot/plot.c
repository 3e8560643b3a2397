/* plot.c - plots as files: templates found and filled, text escaped for gnuplot, .gp and .dat written. */
#include "plot.h"
#include "plot-int.h"
#include "plot-style.h"
#include "table.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

static void cr_plot_data_free(gpointer d)
{
	struct cr_plot_data *pd = d;

	g_free(pd->file);
	g_string_free(pd->text, TRUE);
	g_free(pd);
}

struct cr_plot *cr_plot_new(const char *stem, const char *template_name)
{
	struct cr_plot *p = g_new0(struct cr_plot, 1);
	char colours[CR_PALETTE_N][8];

	/* The stem is a file name: keep it to safe characters. */
	p->stem = g_strdup(stem);
	for (char *c = p->stem; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_' && *c != '.')
			*c = '_';
	/* Never a hidden file, nor a name that gnuplot or a shell reads as an option. */
	if (p->stem[0] == '.' || p->stem[0] == '-' || p->stem[0] == '\0') {
		char *s = g_strconcat("plot", p->stem, NULL);
		g_free(p->stem);
		p->stem = s;
	}
	/* A template is a plain file name in a templates folder. */
	p->template_name = g_strdup(template_name);
	for (char *c = p->template_name; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_' && *c != '.')
			*c = '_';
	p->vars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	p->data = g_ptr_array_new_with_free_func(cr_plot_data_free);
	p->width = CR_PLOT_WIDTH;
	p->height = CR_PLOT_HEIGHT;
	cr_plot_size_default(&p->width, &p->height);	/* [plot] size of the configuration */
	cr_plot_palette_default(colours);	/* [plot] palette of the configuration: @C1@ ... */
	for (int i = 0; i < CR_PALETTE_N; i++) {
		char name[4] = { 'C', (char)('1' + i), 0 };
		cr_plot_set_text(p, name, colours[i]);
	}
	return p;
}

void cr_plot_free(struct cr_plot *p)
{
	if (!p)
		return;
	g_free(p->stem);
	g_free(p->template_name);
	g_hash_table_destroy(p->vars);
	g_ptr_array_free(p->data, TRUE);
	g_free(p);
}

const char *cr_plot_stem(const struct cr_plot *p)
{
	return p->stem;
}

void cr_plot_set_size(struct cr_plot *p, int width, int height)
{
	p->width = CLAMP(width, 64, 10000);
	p->height = CLAMP(height, 64, 10000);
}

void cr_plot_set_text(struct cr_plot *p, const char *name, const char *text)
{
	g_hash_table_replace(p->vars, g_strdup(name), cr_gnuplot_quote(text ? text : "", CR_PLOT_TEXT_MAX));
}

void cr_plot_set_number(struct cr_plot *p, const char *name, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	/* 15 digits: epoch seconds keep their milliseconds (a sub-second span is not empty) */
	g_ascii_formatd(buf, sizeof(buf), "%.15g", isfinite(v) ? v : 0.0);
	g_hash_table_replace(p->vars, g_strdup(name), g_strdup(buf));
}

void cr_plot_set_code(struct cr_plot *p, const char *name, const char *code)
{
	g_hash_table_replace(p->vars, g_strdup(name), g_strdup(code));
}

bool cr_plot_set_axis(struct cr_plot *p, const char *name, char axis, const char *label, double lo, double hi)
{
	bool log = lo > 0 && hi > 100 * lo;
	char *full = g_strdup_printf("%s%s", label, log ? " (log scale)" : "");
	char *q = cr_gnuplot_quote(full, CR_PLOT_TEXT_MAX);
	char *code = g_strdup_printf("%sset %clabel %s noenhanced", log ? (axis == 'x' ? "set logscale x\n" :
					"set logscale y\n") : "", axis, q);

	cr_plot_set_code(p, name, code);
	g_free(code);
	g_free(q);
	g_free(full);
	return log;
}

GString *cr_plot_data(struct cr_plot *p, const char *name, const char *suffix)
{
	struct cr_plot_data *d = g_new0(struct cr_plot_data, 1);

	d->file = g_strdup_printf("%s%s.dat", p->stem, suffix);
	for (char *c = d->file; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_' && *c != '.')
			*c = '_';
	d->text = g_string_new(NULL);
	g_ptr_array_add(p->data, d);
	g_hash_table_replace(p->vars, g_strdup(name), cr_gnuplot_quote(d->file, 1024));
	return d->text;
}

const char *cr_plot_data_file(const struct cr_plot *p, guint i)
{
	return i < p->data->len ? ((const struct cr_plot_data *)g_ptr_array_index(p->data, i))->file : NULL;
}

void cr_plot_data_table(struct cr_plot *p, const char *name, const char *suffix, const struct cr_table *t)
{
	GString *s = cr_plot_data(p, name, suffix);
	size_t nc = cr_table_ncols(t);
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_string_append_c(s, '#');
	for (size_t c = 0; c < nc; c++)
		g_string_append_printf(s, " %s", g_array_index(t->columns, struct cr_column, c).name);
	g_string_append_c(s, '\n');
	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		for (size_t c = 0; c < nc; c++) {
			enum cr_coltype ty = g_array_index(t->columns, struct cr_column, c).type;
			if (c)
				g_string_append_c(s, ' ');
			if (row[c].null) {
				g_string_append(s, "NaN");
			} else if (ty == CR_COL_INT || ty == CR_COL_BYTES || ty == CR_COL_TIME) {
				g_string_append_printf(s, "%" G_GINT64_FORMAT, row[c].v.i);
			} else if (ty == CR_COL_TEXT || ty == CR_COL_ADDR) {
				/* gnuplot data strings take double quotes: none inside */
				char *q = cr_gnuplot_quote(row[c].v.s, CR_PLOT_TEXT_MAX);
				size_t n = strlen(q);
				for (char *x = q; *x; x++)
					if (*x == '"')
						*x = '\'';
				q[0] = q[n - 1] = '"';
				g_string_append(s, q);
				g_free(q);
			} else if (isfinite(row[c].v.f)) {
				g_string_append(s, g_ascii_formatd(buf, sizeof(buf), "%.9g", row[c].v.f));
			} else {
				g_string_append(s, "NaN");
			}
		}
		g_string_append_c(s, '\n');
	}
}

void cr_plot_clause(GString *plots, const char *fmt, ...)
{
	va_list ap;

	if (plots->len)
		g_string_append(plots, ", \\\n     ");
	va_start(ap, fmt);
	g_string_append_vprintf(plots, fmt, ap);
	va_end(ap);
}

bool cr_plot_empty(const struct cr_plot *p)
{
	for (guint i = 0; i < p->data->len; i++) {
		const char *t = ((const struct cr_plot_data *)g_ptr_array_index(p->data, i))->text->str;
		for (const char *l = t; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
			if (*l != '#' && *l != '\n' && !g_str_has_prefix(l, "seconds "))
				return false;
	}
	return true;
}

const char *cr_plot_ref(const struct cr_plot *p, const char *name)
{
	return g_hash_table_lookup(p->vars, name);
}

void cr_plot_set_plain_text(struct cr_plot *p)
{
	p->plain = true;
}

char *cr_gnuplot_quote(const char *s, size_t max)
{
	GString *q = g_string_new("'");
	size_t chars = 0;

	/* Single quotes: gnuplot expands neither backquotes, @macros nor backslashes inside them. */
	while (*s) {
		gunichar c = g_utf8_get_char_validated(s, -1);
		if (chars == max) {
			g_string_append(q, "...");
			break;
		}
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_c(q, '?');
			s++;
		} else {
			if (c == '\'')
				g_string_append(q, "''");
			else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
				g_string_append_c(q, '?');
			else
				g_string_append_len(q, s, g_utf8_next_char(s) - s);
			s = g_utf8_next_char(s);
		}
		chars++;
	}
	g_string_append_c(q, '\'');
	return g_string_free(q, FALSE);
}

/* ---- templates --------------------------------------------------------- */

static void add_dir(GPtrArray *dirs, const char *d)
{
	if (!d || !*d || !g_file_test(d, G_FILE_TEST_IS_DIR))
		return;
	for (guint i = 0; i < dirs->len; i++)
		if (strcmp(g_ptr_array_index(dirs, i), d) == 0)
			return;
	g_ptr_array_add(dirs, g_strdup(d));
}

GPtrArray *cr_template_dirs(const char *option)
{
	GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
	char *exe = g_file_read_link("/proc/self/exe", NULL);

	add_dir(dirs, option);
	add_dir(dirs, g_getenv("CAPREPORT_TEMPLATES"));
	add_dir(dirs, CR_DATADIR "/templates");
	if (exe) {
		char *bin = g_path_get_dirname(exe);
		char *up1 = g_build_filename(bin, "..", "templates", NULL);
		char *up2 = g_build_filename(bin, "..", "..", "templates", NULL);
		char *c1 = g_canonicalize_filename(up1, NULL), *c2 = g_canonicalize_filename(up2, NULL);
		/* Installed: PREFIX/bin/capreport finds PREFIX/share/capreport/templates, wherever PREFIX is. */
		char *share = g_build_filename(bin, "..", "share", "capreport", "templates", NULL);
		char *c3 = g_canonicalize_filename(share, NULL);
		add_dir(dirs, c1);
		add_dir(dirs, c2);
		add_dir(dirs, c3);
		g_free(share);
		g_free(c3);
		g_free(bin);
		g_free(up1);
		g_free(up2);
		g_free(c1);
		g_free(c2);
		g_free(exe);
	}
	return dirs;
}

char *cr_template_find(const char *option, const char *name, GError **err)
{
	GPtrArray *dirs = cr_template_dirs(option);
	GString *looked = g_string_new(NULL);
	char *found = NULL;

	for (guint i = 0; i < dirs->len && !found; i++) {
		char *p = g_build_filename(g_ptr_array_index(dirs, i), name, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
			found = p;
		else
			g_free(p);
		g_string_append_printf(looked, "%s'%s'", i ? ", " : "", (char *)g_ptr_array_index(dirs, i));
	}
	if (!found)
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot find the plot template '%s' (looked in: %s); "
			    "give --templates DIR or set CAPREPORT_TEMPLATES", name, looked->len ? looked->str : "nowhere");
	g_string_free(looked, TRUE);
	g_ptr_array_unref(dirs);
	return found;
}

/* At the start of a comment line? Placeholders in comments are left as they are. */
static bool in_comment(const char *tpl, const char *at)
{
	const char *l = at;

	while (l > tpl && l[-1] != '\n')
		l--;
	while (*l == ' ' || *l == '\t')
		l++;
	return *l == '#';
}

/* Replace each @NAME@ of the template; an unknown name is an error, a lone @ stays. */
static char *fill(const struct cr_plot *p, const char *tpl, const char *tpl_path, GError **err)
{
	GString *out = g_string_new(NULL);
	const char *s = tpl;

	while (*s) {
		const char *at = strchr(s, '@'), *e;
		char *name;
		const char *v;

		if (!at) {
			g_string_append(out, s);
			break;
		}
		if (in_comment(tpl, at)) {
			g_string_append_len(out, s, at - s + 1);
			s = at + 1;
			continue;
		}
		g_string_append_len(out, s, at - s);
		for (e = at + 1; g_ascii_isupper(*e) || g_ascii_isdigit(*e) || *e == '_'; e++)
			;
		if (*e != '@' || e == at + 1) {
			g_string_append_c(out, '@');
			s = at + 1;
			continue;
		}
		name = g_strndup(at + 1, (gsize)(e - at - 1));
		v = g_hash_table_lookup(p->vars, name);
		if (!v) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "the template '%s' uses @%s@, which the plot '%s' does not set",
				    tpl_path, name, p->stem);
			g_free(name);
			g_string_free(out, TRUE);
			return NULL;
		}
		g_string_append(out, v);
		g_free(name);
		s = e + 1;
	}
	return g_string_free(out, FALSE);
}

/* The .gp: the filled template inside a loop over the two formats. */
static char *script(const struct cr_plot *p, const char *body)
{
	GString *s = g_string_new(NULL);
	char **lines = g_strsplit(body, "\n", -1);
	const char *mode = p->plain ? "noenhanced" : "enhanced";

	g_string_append_printf(s,
			       "# %s.gp - made by capreport from the template %s\n"
			       "# Render again with: gnuplot %s.gp   (SVG and PNG; gnuplot -e \"fmt='png'\" %s.gp for one)\n"
			       "if (!exists(\"out\")) out = '%s'\n"
			       "if (!exists(\"fmt\")) fmt = 'svg png'\n"
			       "do for [cr_format in fmt] {\n"
			       "    if (cr_format eq 'svg') {\n"
			       "        set terminal svg size %d,%d dynamic %s background rgb 'white' font 'sans,11'\n"
			       "    } else {\n"
			       "        set terminal pngcairo size %d,%d %s background rgb 'white' font 'sans,10'\n"
			       "    }\n"
			       "    set output out.'.'.cr_format\n",
			       p->stem, p->template_name, p->stem, p->stem, p->stem, p->width, p->height, mode, p->width, p->height,
			       mode);
	for (char **l = lines; *l; l++)
		if (**l || l[1])
			g_string_append_printf(s, "%s%s\n", **l ? "    " : "", *l);
	g_string_append(s, "    unset output\n}\n");
	g_strfreev(lines);
	return g_string_free(s, FALSE);
}

char *cr_plot_script(struct cr_plot *p, const char *tpl, const char *tpl_path, GError **err)
{
	char *body, *gp;

	cr_plot_set_number(p, "WIDTH", p->width);
	cr_plot_set_number(p, "HEIGHT", p->height);
	body = fill(p, tpl, tpl_path, err);
	if (!body)
		return NULL;
	gp = script(p, body);
	g_free(body);
	return gp;
}

static bool write_file(const char *dir, const char *name, const char *text, size_t len, GError **err)
{
	char *path = g_build_filename(dir, name, NULL);
	GError *e = NULL;
	bool ok = g_file_set_contents_full(path, text, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &e);

	if (!ok) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, e->message);
		g_error_free(e);
	}
	g_free(path);
	return ok;
}

int cr_plots_make(GPtrArray *plots, const char *dir, const struct cr_plot_opts *o, struct cr_plot_result *res,
		  GError **err)
{
	memset(res, 0, sizeof(*res));
	res->failures = g_ptr_array_new_with_free_func(g_free);
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot make the folder '%s': %s", dir, g_strerror(errno));
		return -1;
	}
	for (guint i = 0; i < plots->len; i++) {
		struct cr_plot *p = g_ptr_array_index(plots, i);
		char *tpl_path = cr_template_find(o->templates, p->template_name, err), *tpl = NULL, *gp, *name;
		GError *e = NULL;
		bool ok;

		if (!tpl_path)
			return -1;
		if (!g_file_get_contents(tpl_path, &tpl, NULL, &e)) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot read the template '%s': %s", tpl_path, e->message);
			g_error_free(e);
			g_free(tpl_path);
			return -1;
		}
		gp = cr_plot_script(p, tpl, tpl_path, err);
		g_free(tpl);
		if (!gp) {
			g_free(tpl_path);
			return -1;
		}
		name = g_strconcat(p->stem, ".gp", NULL);
		ok = write_file(dir, name, gp, strlen(gp), err);
		for (guint d = 0; ok && d < p->data->len; d++) {
			const struct cr_plot_data *pd = g_ptr_array_index(p->data, d);
			ok = write_file(dir, pd->file, pd->text->str, pd->text->len, err);
		}
		g_free(name);
		g_free(gp);
		g_free(tpl_path);
		if (!ok)
			return -1;
		res->written++;
	}
	cr_plots_render(plots, dir, o, res);
	return 0;
}

int cr_plots_draw(GPtrArray *plots, const char *dir, const struct cr_plot_opts *o, struct cr_plot_result *res,
		  GError **err)
{
	GError *e = NULL;
	int status;

	if (cr_plots_make(plots, dir, o, res, &e) != 0) {
		status = e->code ? e->code : CR_EXIT_OUTPUT;
		g_propagate_error(err, e);
		return status;
	}
	return res->no_gnuplot || res->rendered < res->written ? CR_EXIT_PLOTS : CR_EXIT_OK;
}

int cr_plot_draw(struct cr_plot *p, const char *dir, const struct cr_plot_opts *o, struct cr_plot_result *res,
		 GError **err)
{
	GPtrArray *plots = g_ptr_array_new();
	int status;

	g_ptr_array_add(plots, p);
	status = cr_plots_draw(plots, dir, o, res, err);
	g_ptr_array_free(plots, TRUE);
	return status;
}

void cr_plot_result_clear(struct cr_plot_result *r)
{
	if (r->failures)
		g_ptr_array_free(r->failures, TRUE);
	memset(r, 0, sizeof(*r));
}

/* ---- thinning ---------------------------------------------------------- */

GArray *cr_series_thin(const double *x, const double *y, size_t n, double x0, double x1, size_t cols)
{
	GArray *out = g_array_new(FALSE, TRUE, sizeof(struct cr_thin));
	struct cr_thin *c;
	double w;

	if (n <= cols || cols == 0 || !(x1 > x0)) {
		for (size_t i = 0; i < n; i++) {
			struct cr_thin t = { x[i], y[i], y[i], 1 };
			g_array_append_val(out, t);
		}
		return out;
	}
	g_array_set_size(out, cols);
	c = (struct cr_thin *)(void *)out->data;
	w = (x1 - x0) / (double)cols;
	for (size_t i = 0; i < n; i++) {
		double f = floor((x[i] - x0) / w);
		size_t k = f < 0 ? 0 : f >= (double)cols ? cols - 1 : (size_t)f;
		if (c[k].n == 0 || y[i] < c[k].min)
			c[k].min = y[i];
		if (c[k].n == 0 || y[i] > c[k].max)
			c[k].max = y[i];
		c[k].n++;
	}
	/* Keep the columns that got points. */
	{
		size_t j = 0;
		for (size_t k = 0; k < cols; k++) {
			if (!c[k].n)
				continue;
			c[k].x = x0 + ((double)k + 0.5) * w;
			c[j++] = c[k];
		}
		g_array_set_size(out, j);
	}
	return out;
}
