/* lplot.c - renders one TCP/MPTCP plot with gnuplot: filled template, .dat files, SVG and PNG (see lplot.h). */
#include "lplot.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

/* Labels from captures (addresses, names) are cut to this many characters. */
#define LABEL_MAX 160
#define PLOT_WIDTH 1000
#define PLOT_HEIGHT 600

struct cr_lplot {
	char *dir, *name, *template_name;
	GHashTable *vars;	/* KEY → replacement text */
	GPtrArray *data;	/* of struct data */
	char *svg, *png;
};

struct data {
	char *key;
	const struct cr_table *t;
};

struct cr_lplot *cr_lplot_new(const char *dir, const char *name, const char *template_name)
{
	struct cr_lplot *p = g_new0(struct cr_lplot, 1);

	p->dir = g_strdup(dir && *dir ? dir : ".");
	p->name = g_strdup(name);
	p->template_name = g_strdup(template_name);
	p->vars = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	p->data = g_ptr_array_new();
	p->svg = g_strdup_printf("%s/%s.svg", p->dir, p->name);
	p->png = g_strdup_printf("%s/%s.png", p->dir, p->name);
	return p;
}

void cr_lplot_free(struct cr_lplot *p)
{
	if (!p)
		return;
	for (guint i = 0; i < p->data->len; i++) {
		struct data *d = g_ptr_array_index(p->data, i);
		g_free(d->key);
		g_free(d);
	}
	g_ptr_array_free(p->data, TRUE);
	g_hash_table_destroy(p->vars);
	g_free(p->dir);
	g_free(p->name);
	g_free(p->template_name);
	g_free(p->svg);
	g_free(p->png);
	g_free(p);
}

void cr_lplot_set(struct cr_lplot *p, const char *key, const char *value)
{
	g_hash_table_replace(p->vars, g_strdup(key), g_strdup(value));
}

char *cr_gp_quote(const char *s)
{
	GString *out = g_string_new("'");
	glong n = 0;
	char *valid = g_utf8_make_valid(s ? s : "", -1);

	for (const char *c = valid; *c && n < LABEL_MAX; c = g_utf8_next_char(c), n++) {
		gunichar u = g_utf8_get_char(c);
		if (u < 0x20 || u == 0x7f)
			g_string_append_c(out, ' ');
		else if (u == '\'')
			g_string_append(out, "''");	/* the only escape inside '...' */
		else
			g_string_append_unichar(out, u);
	}
	g_free(valid);
	g_string_append_c(out, '\'');
	return g_string_free(out, FALSE);
}

void cr_lplot_set_label(struct cr_lplot *p, const char *key, const char *untrusted)
{
	g_hash_table_replace(p->vars, g_strdup(key), cr_gp_quote(untrusted));
}

static char *dat_name(const struct cr_lplot *p, const char *key)
{
	char *lower = g_ascii_strdown(key, -1);
	char *n = g_strdup_printf("%s.%s.dat", p->name, lower);
	g_free(lower);
	return n;
}

void cr_lplot_add_data(struct cr_lplot *p, const char *key, const struct cr_table *t)
{
	struct data *d = g_new0(struct data, 1);
	char *file = dat_name(p, key);

	d->key = g_strdup(key);
	d->t = t;
	g_ptr_array_add(p->data, d);
	g_hash_table_replace(p->vars, g_strdup(key), cr_gp_quote(file));
	g_free(file);
}

const char *cr_lplot_ref(const struct cr_lplot *p, const char *key)
{
	return g_hash_table_lookup(p->vars, key);
}

const char *cr_lplot_path(const struct cr_lplot *p, const char *ext)
{
	return strcmp(ext, "png") == 0 ? p->png : p->svg;
}

char *cr_lplot_template_path(const char *template_name)
{
	const char *env = g_getenv("CAPREPORT_TEMPLATES");
	char *path, *exe, *dir;

	if (env && *env)
		return g_build_filename(env, template_name, NULL);
	exe = g_file_read_link("/proc/self/exe", NULL);
	if (exe) {
		dir = g_path_get_dirname(exe);
		path = g_build_filename(dir, "..", "templates", template_name, NULL);
		if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
			/* Installed: PREFIX/bin/capreport beside PREFIX/share/capreport/templates. */
			g_free(path);
			path = g_build_filename(dir, "..", "share", "capreport", "templates", template_name, NULL);
		}
		g_free(dir);
		g_free(exe);
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
			return path;
		g_free(path);
	}
	return g_build_filename(CR_DATADIR, "templates", template_name, NULL);
}

/* A table as gnuplot data: numbers only, NaN for an empty cell. */
static void table_to_dat(GString *s, const struct cr_table *t)
{
	size_t nc = cr_table_ncols(t);
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_string_append(s, "#");
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
				char *q = cr_gp_quote(row[c].v.s);
				/* gnuplot data strings take double quotes */
				for (char *x = q; *x; x++)
					if (*x == '"')
						*x = '\'';
				q[0] = q[strlen(q) - 1] = '"';
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

/* Replace @KEY@ from vars; an unknown key is a template error. */
static char *fill(const struct cr_lplot *p, const char *tmpl, GError **err)
{
	GString *out = g_string_new(NULL);
	const char *c = tmpl;

	while (*c) {
		const char *at = strchr(c, '@'), *end;
		if (!at) {
			g_string_append(out, c);
			break;
		}
		g_string_append_len(out, c, at - c);
		end = at + 1;
		while ((*end >= 'A' && *end <= 'Z') || (*end >= '0' && *end <= '9') || *end == '_')
			end++;
		if (*end == '@' && end > at + 1) {
			char *key = g_strndup(at + 1, (gsize)(end - at - 1));
			const char *v = g_hash_table_lookup(p->vars, key);
			if (!v) {
				g_set_error(err, CR_ERROR, CR_EXIT_ERROR, "template '%s' uses @%s@, which this plot does not set",
					    p->template_name, key);
				g_free(key);
				g_string_free(out, TRUE);
				return NULL;
			}
			g_string_append(out, v);
			g_free(key);
			c = end + 1;
		} else {
			g_string_append_c(out, '@');
			c = at + 1;
		}
	}
	return g_string_free(out, FALSE);
}

static int write_file(const char *path, const GString *s, GError **err)
{
	GError *e = NULL;

	/* g_file_set_contents writes a temporary beside `path` and renames it. */
	if (!g_file_set_contents(path, s->str, (gssize)s->len, &e)) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, e->message);
		g_error_free(e);
		return -1;
	}
	return 0;
}

/* The script: both formats in one loop, so multiplot templates render twice too. */
static GString *script(const struct cr_lplot *p, const char *body)
{
	GString *s = g_string_new(NULL);
	char *qname = cr_gp_quote(p->name);

	g_string_append_printf(s,
		"# %s.gp - written by capreport from templates/%s\n"
		"# Re-render in this folder with: gnuplot %s.gp   (data: %s.*.dat)\n"
		"if (!exists(\"out\")) out = %s\n"
		"do for [fmt in \"svg png\"] {\n"
		"    reset\n"
		"    if (fmt eq \"svg\") {\n"
		"        set terminal svg size %d,%d dynamic noenhanced background rgb 'white' font 'sans,11'\n"
		"    } else {\n"
		"        set terminal pngcairo size %d,%d noenhanced background rgb 'white' font 'sans,10'\n"
		"    }\n"
		"    set output out.'.'.fmt\n",
		p->name, p->template_name, p->name, p->name, qname, PLOT_WIDTH, PLOT_HEIGHT, PLOT_WIDTH, PLOT_HEIGHT);
	g_free(qname);
	for (const char *line = body; *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		g_string_append(s, "    ");
		g_string_append_len(s, line, (gssize)n);
		g_string_append_c(s, '\n');
		line += n + (nl ? 1 : 0);
	}
	g_string_append(s, "    unset multiplot\n    set output\n}\n");
	return s;
}

static int run_gnuplot(const struct cr_lplot *p, const char *gnuplot, GError **err)
{
	char *tmpbase = g_strdup_printf(".%s.tmp-%d", p->name, (int)getpid());
	char *expr = g_strdup_printf("out='%s'", tmpbase);
	char *gp = g_strdup_printf("%s.gp", p->name);
	char *argv[] = { (char *)gnuplot, (char *)"-e", expr, gp, NULL };
	char *out = NULL, *errtext = NULL;
	int status = 0, rc = 0;
	GError *e = NULL;

	/* The name goes through gnuplot's quoting; keep it simple and safe. */
	if (strchr(p->name, '\'')) {
		g_set_error(err, CR_ERROR, CR_EXIT_ERROR, "plot name '%s' has a quote", p->name);
		rc = -1;
		goto done;
	}
	if (!g_spawn_sync(p->dir, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &errtext, &status, &e)) {
		g_set_error(err, CR_ERROR, CR_EXIT_ERROR, "cannot run '%s': %s", gnuplot, e->message);
		g_error_free(e);
		rc = -1;
		goto done;
	}
	for (int i = 0; i < 2 && rc == 0; i++) {
		const char *ext = i ? "png" : "svg";
		char *tmp = g_strdup_printf("%s/%s.%s", p->dir, tmpbase, ext);
		if (!g_spawn_check_wait_status(status, NULL)) {
			g_strstrip(errtext);
			g_set_error(err, CR_ERROR, CR_EXIT_ERROR, "gnuplot failed on '%s/%s': %s", p->dir, gp,
				    *errtext ? errtext : "(it said nothing)");
			rc = -1;
		} else if (rename(tmp, i ? p->png : p->svg) != 0) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", i ? p->png : p->svg,
				    g_strerror(errno));
			rc = -1;
		}
		g_free(tmp);
	}
	if (rc != 0)
		for (int i = 0; i < 2; i++) {
			char *tmp = g_strdup_printf("%s/%s.%s", p->dir, tmpbase, i ? "png" : "svg");
			unlink(tmp);
			g_free(tmp);
		}
done:
	g_free(out);
	g_free(errtext);
	g_free(tmpbase);
	g_free(expr);
	g_free(gp);
	return rc;
}

int cr_lplot_render(struct cr_lplot *p, const struct cr_ctx *ctx, GError **err)
{
	char *tpath = cr_lplot_template_path(p->template_name), *tmpl = NULL, *body = NULL, *gnuplot = NULL;
	const char *prog = g_getenv("CAPREPORT_GNUPLOT");
	GString *s = NULL;
	GError *e = NULL;
	int status = CR_EXIT_OK;

	if (!g_file_get_contents(tpath, &tmpl, NULL, &e)) {
		g_set_error(err, CR_ERROR, CR_EXIT_ERROR, "cannot read template '%s': %s", tpath, e->message);
		g_error_free(e);
		status = CR_EXIT_ERROR;
		goto out;
	}
	if (g_mkdir_with_parents(p->dir, 0755) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot create '%s': %s", p->dir, g_strerror(errno));
		status = CR_EXIT_OUTPUT;
		goto out;
	}
	if (!(body = fill(p, tmpl, err))) {
		status = CR_EXIT_ERROR;
		goto out;
	}
	for (guint i = 0; i < p->data->len; i++) {
		const struct data *d = g_ptr_array_index(p->data, i);
		char *file = dat_name(p, d->key), *path = g_build_filename(p->dir, file, NULL);
		GString *dat = g_string_new(NULL);
		int rc;
		table_to_dat(dat, d->t);
		rc = write_file(path, dat, err);
		g_string_free(dat, TRUE);
		g_free(path);
		g_free(file);
		if (rc != 0) {
			status = CR_EXIT_OUTPUT;
			goto out;
		}
	}
	s = script(p, body);
	{
		char *path = g_strdup_printf("%s/%s.gp", p->dir, p->name);
		int rc = write_file(path, s, err);
		g_free(path);
		if (rc != 0) {
			status = CR_EXIT_OUTPUT;
			goto out;
		}
	}
	gnuplot = g_find_program_in_path(prog && *prog ? prog : "gnuplot");
	if (!gnuplot) {
		g_set_error(err, CR_ERROR, CR_EXIT_PLOTS,
			    "gnuplot not found: wrote '%s/%s.gp' and its data, but no images; "
			    "install it with 'apt-get install gnuplot-nox'", p->dir, p->name);
		status = CR_EXIT_PLOTS;
		goto out;
	}
	if (ctx && ctx->verbose)
		cr_notice(ctx, "running %s %s.gp in '%s'", gnuplot, p->name, p->dir);
	if (run_gnuplot(p, gnuplot, err) != 0)
		status = (*err)->code;
out:
	if (s)
		g_string_free(s, TRUE);
	g_free(gnuplot);
	g_free(body);
	g_free(tmpl);
	g_free(tpath);
	return status;
}
