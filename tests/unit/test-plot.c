/* test-plot.c - gnuplot quoting, template lookup and filling, thinning, files written without gnuplot. */
#include "plot.h"

#include <string.h>
#include <unistd.h>

static void test_quote(void)
{
	char *q = cr_gnuplot_quote("it's `rm -rf ~` @x $y \"z\" \\n", 100);
	char *long_in = g_strnfill(500, 'a'), *capped;

	/* single quotes: nothing is substituted inside; a quote is doubled */
	g_assert_cmpstr(q, ==, "'it''s `rm -rf ~` @x $y \"z\" \\n'");
	g_free(q);
	q = cr_gnuplot_quote("a\nb\tc\x1b[31m\xff\xfe\xc3\xa9", 100);
	g_assert_cmpstr(q, ==, "'a?b?c?[31m??\xc3\xa9'");
	g_free(q);
	capped = cr_gnuplot_quote(long_in, CR_PLOT_TEXT_MAX);
	g_assert_cmpuint(strlen(capped), ==, CR_PLOT_TEXT_MAX + 5);
	g_assert_true(g_str_has_suffix(capped, "...'"));
	g_free(capped);
	g_free(long_in);
}

static void test_thin(void)
{
	enum { N = 100000 };
	double *x = g_new(double, N), *y = g_new(double, N);
	GArray *th;
	uint64_t total = 0;
	double lo = 1e9, hi = -1;

	for (int i = 0; i < N; i++) {
		x[i] = i;
		y[i] = i % 100 == 0 ? 0 : (i * 7919) % 101;
	}
	th = cr_series_thin(x, y, N, 0, N, 1000);
	g_assert_cmpuint(th->len, ==, 1000);
	for (guint i = 0; i < th->len; i++) {
		const struct cr_thin *c = &g_array_index(th, struct cr_thin, i);
		total += c->n;
		lo = MIN(lo, c->min);
		hi = MAX(hi, c->max);
		g_assert_cmpfloat(c->x, ==, i * 100 + 50);
		g_assert_cmpfloat(c->min, ==, 0);	/* every column holds one zero */
	}
	g_assert_cmpuint(total, ==, N);		/* no point dropped */
	g_assert_cmpfloat(hi, ==, 100);
	g_array_unref(th);

	/* points outside the range land in the edge columns; few points stay as they are */
	x[0] = -50;
	x[1] = N + 50;
	th = cr_series_thin(x, y, N, 0, N, 10);
	total = 0;
	for (guint i = 0; i < th->len; i++)
		total += g_array_index(th, struct cr_thin, i).n;
	g_assert_cmpuint(total, ==, N);
	g_array_unref(th);
	th = cr_series_thin(x, y, 5, 0, N, 10);
	g_assert_cmpuint(th->len, ==, 5);
	g_assert_cmpfloat(g_array_index(th, struct cr_thin, 1).x, ==, N + 50);
	g_array_unref(th);
	g_free(x);
	g_free(y);
}

static char *scratch(void)
{
	char *d = g_dir_make_tmp("capreport-plot-XXXXXX", NULL);

	g_assert_nonnull(d);
	return d;
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p = g_build_filename(dir, name, NULL);

	g_assert_true(g_file_set_contents(p, text, -1, NULL));
	g_free(p);
}

static char *get(const char *dir, const char *name)
{
	char *p = g_build_filename(dir, name, NULL), *text = NULL;

	g_file_get_contents(p, &text, NULL, NULL);
	g_free(p);
	return text;
}

static void test_templates(void)
{
	char *a = scratch(), *b = scratch(), *found;
	GPtrArray *dirs;
	GError *err = NULL;

	put(a, "one.gp", "# one\n");
	put(b, "one.gp", "# one from b\n");
	put(b, "two.gp", "# two\n");
	g_setenv("CAPREPORT_TEMPLATES", b, TRUE);
	dirs = cr_template_dirs(a);
	g_assert_cmpuint(dirs->len, >=, 2);
	g_assert_cmpstr(g_ptr_array_index(dirs, 0), ==, a);
	g_assert_cmpstr(g_ptr_array_index(dirs, 1), ==, b);
	g_ptr_array_unref(dirs);
	/* the option wins; what it lacks comes from the next folder */
	found = cr_template_find(a, "one.gp", NULL);
	g_assert_true(g_str_has_prefix(found, a));
	g_free(found);
	found = cr_template_find(a, "two.gp", NULL);
	g_assert_true(g_str_has_prefix(found, b));
	g_free(found);
	g_assert_null(cr_template_find(a, "three.gp", &err));
	g_assert_nonnull(strstr(err->message, "three.gp"));
	g_clear_error(&err);
	/* the source tree's templates/ is found from the test binary's place */
	g_unsetenv("CAPREPORT_TEMPLATES");
	found = cr_template_find(NULL, "timeline-day.gp", NULL);
	g_assert_nonnull(found);
	g_free(found);
	g_free(a);
	g_free(b);
}

/* Files are written even with no gnuplot; data only in .dat, text escaped in .gp. */
static void test_write_without_gnuplot(void)
{
	char *tpl = scratch(), *out = scratch(), *sub = g_build_filename(out, "new", "dir", NULL), *gp, *dat;
	struct cr_plot *p = cr_plot_new("my plot/x", "t.gp");
	GPtrArray *plots = g_ptr_array_new_with_free_func((GDestroyNotify)cr_plot_free);
	struct cr_plot_opts o = { .templates = tpl, .gnuplot = "/nonexistent/gnuplot" };
	struct cr_plot_result res;
	GError *err = NULL;

	put(tpl, "t.gp", "# uses @TITLE@ in a comment, and @ alone\nset title @TITLE@ noenhanced\nplot @DATA@ using 1:2 with lines, @N@ * x\n");
	cr_plot_set_text(p, "TITLE", "a'b `touch pwned`");
	cr_plot_set_number(p, "N", 2.5);
	g_string_append(cr_plot_data(p, "DATA", "-series"), "1 2\n3 4\n");
	g_ptr_array_add(plots, p);
	g_assert_cmpint(cr_plots_make(plots, sub, &o, &res, &err), ==, 0);
	g_assert_no_error(err);
	g_assert_true(res.no_gnuplot);
	g_assert_cmpuint(res.written, ==, 1);
	g_assert_cmpuint(res.rendered, ==, 0);
	gp = get(sub, "my_plot_x.gp");
	dat = get(sub, "my_plot_x-series.dat");
	g_assert_nonnull(gp);
	g_assert_nonnull(strstr(gp, "set title 'a''b `touch pwned`' noenhanced"));
	g_assert_nonnull(strstr(gp, "plot 'my_plot_x-series.dat' using 1:2 with lines, 2.5 * x"));
	g_assert_nonnull(strstr(gp, "# uses @TITLE@ in a comment"));
	g_assert_null(strstr(gp, "3 4"));
	g_assert_cmpstr(dat, ==, "1 2\n3 4\n");
	g_free(gp);
	g_free(dat);
	cr_plot_result_clear(&res);

	/* a placeholder the plot does not set is an error naming it */
	put(tpl, "t.gp", "plot @DATA@, @MISSING@\n");
	g_assert_cmpint(cr_plots_make(plots, sub, &o, &res, &err), ==, -1);
	g_assert_nonnull(strstr(err->message, "@MISSING@"));
	g_clear_error(&err);
	cr_plot_result_clear(&res);
	g_ptr_array_unref(plots);
	g_free(tpl);
	g_free(out);
	g_free(sub);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/plot/quote", test_quote);
	g_test_add_func("/plot/thin", test_thin);
	g_test_add_func("/plot/templates", test_templates);
	g_test_add_func("/plot/write-without-gnuplot", test_write_without_gnuplot);
	return g_test_run();
}
