/* test-xlsx.c - sheet names, cell strings, Excel times, the matrix, and the workbook's failure paths. */
#include "analyze.h"
#include "xlsx.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static char *name(const char *wanted, GPtrArray *taken)
{
	return cr_xlsx_sheet_name(wanted, taken);
}

static void test_sheet_names(void)
{
	GPtrArray *taken = g_ptr_array_new_with_free_func(g_free);
	const char *const long_name = "Conversations between every pair of hosts";
	char *a, *b, *c, *d;

	/* Illegal characters become '_'; names equal after that get a suffix. */
	a = name("a/b", taken);
	b = name("a:b", taken);
	c = name("a[b", taken);
	g_assert_cmpstr(a, ==, "a_b");
	g_assert_cmpstr(b, ==, "a_b (2)");
	g_assert_cmpstr(c, ==, "a_b (3)");
	g_free(a), g_free(b), g_free(c);

	/* 31 characters at most, the suffix included; Excel compares without case. */
	a = name(long_name, taken);
	b = name(long_name, taken);
	c = name("SUMMARY", taken);
	d = name("summary", taken);
	g_assert_cmpint(strlen(a), ==, 31);
	g_assert_true(strncmp(a, long_name, 31) == 0);
	g_assert_cmpint(strlen(b), ==, 31);
	g_assert_true(g_str_has_suffix(b, " (2)"));
	g_assert_cmpstr(d, ==, "summary (2)");
	g_free(a), g_free(b), g_free(c), g_free(d);

	/* Every illegal character, apostrophes at the ends, empty, reserved, control bytes. */
	a = name("[]:*?/\\", taken);
	b = name("'quoted'", taken);
	c = name("", taken);
	d = name("history", taken);
	g_assert_cmpstr(a, ==, "_______");
	g_assert_cmpstr(b, ==, "quoted");
	g_assert_cmpstr(c, ==, "Sheet");
	g_assert_cmpstr(d, ==, "history_");
	g_free(a), g_free(b), g_free(c), g_free(d);
	a = name("tab\x1b[31mred", taken);
	g_assert_null(strpbrk(a, "\x1b[]\\"));
	g_free(a);

	/* Characters, not bytes: 40 two-byte letters keep 31 letters. */
	{
		GString *s = g_string_new(NULL);
		for (int i = 0; i < 40; i++)
			g_string_append(s, "\xc3\xa9");	/* é */
		a = name(s->str, taken);
		g_assert_cmpint(g_utf8_strlen(a, -1), ==, 31);
		g_assert_true(g_utf8_validate(a, -1, NULL));
		g_free(a);
		g_string_free(s, TRUE);
	}
	g_ptr_array_free(taken, TRUE);
}

static void test_clean_string(void)
{
	char *s;
	GString *big = g_string_new(NULL);

	/* Formula-looking text is left as it is: it is written as a string cell. */
	s = cr_xlsx_clean_string("=HYPERLINK(\"http://x\",\"y\")");
	g_assert_cmpstr(s, ==, "=HYPERLINK(\"http://x\",\"y\")");
	g_free(s);
	s = cr_xlsx_clean_string("+cmd|' /C calc'!A0");
	g_assert_cmpstr(s, ==, "+cmd|' /C calc'!A0");
	g_free(s);
	/* Bytes XML cannot hold are shown, invalid UTF-8 repaired, Excel's _xHHHH_ escaped. */
	s = cr_xlsx_clean_string("a\x1b[1m\x01z\tq");
	g_assert_cmpstr(s, ==, "a\\x1b[1m\\x01z\tq");
	g_free(s);
	s = cr_xlsx_clean_string("bad \xff\xfe end");
	g_assert_true(g_utf8_validate(s, -1, NULL));
	g_assert_true(g_str_has_suffix(s, " end"));
	g_free(s);
	s = cr_xlsx_clean_string("x_x0041_y");
	g_assert_cmpstr(s, ==, "x_x005F_x0041_y");
	g_free(s);
	/* Capped under Excel's 32767 characters, on a character boundary. */
	for (int i = 0; i < 20000; i++)
		g_string_append(big, "\xc3\xa9");
	s = cr_xlsx_clean_string(big->str);
	g_assert_cmpint(strlen(s), <=, 32000);
	g_assert_true(g_utf8_validate(s, -1, NULL));
	g_assert_true(g_str_has_suffix(s, "\xe2\x80\xa6"));
	g_free(s);
	g_string_free(big, TRUE);
}

static void test_excel_time(void)
{
	/* 1970-01-01 is serial 25569; 2024-03-09 is 45360 (Excel's own DATE(2024,3,9)). */
	g_assert_cmpfloat(cr_xlsx_excel_time(0), ==, 25569.0);
	g_assert_cmpfloat_with_epsilon(cr_xlsx_excel_time(1709942400LL * 1000000000LL), 45360.0, 1e-9);
	/* 21:58:05.002340 that day, to the microsecond. */
	g_assert_cmpfloat_with_epsilon(cr_xlsx_excel_time(1710021485002340000LL),
				       45360.0 + (21 * 3600 + 58 * 60 + 5.002340) / 86400.0, 1e-11);
}

static struct cr_table *conversations(void)
{
	static const struct {
		const char *a, *b;
		int64_t ab, ba;
	} rows[] = {
		{ "10.0.0.1", "10.0.0.2", 100, 50 },
		{ "10.0.0.3", "10.0.0.1", 10, 0 },
		{ "10.0.0.4", "10.0.0.2", 5, 7 },
		{ "10.0.0.1", "10.0.0.4", 1, 0 },
		{ NULL, NULL, 0, 0 },
	};
	struct cr_table *t = cr_table_new("conversations", NULL);

	cr_table_add_column(t, "addr_a", CR_COL_ADDR);
	cr_table_add_column(t, "addr_b", CR_COL_ADDR);
	cr_table_add_column(t, "bytes_ab", CR_COL_BYTES);
	cr_table_add_column(t, "bytes_ba", CR_COL_BYTES);
	for (int i = 0; rows[i].a; i++) {
		struct cr_cell *r = cr_table_add_row(t);
		cr_cell_text(&r[0], rows[i].a);
		cr_cell_text(&r[1], rows[i].b);
		cr_cell_int(&r[2], rows[i].ab);
		cr_cell_int(&r[3], rows[i].ba);
	}
	return t;
}

/* The cell in the row whose source is `src`, in the column named `dst`; -1 when null. */
static int64_t cell(const struct cr_table *t, const char *src, const char *dst)
{
	int c = cr_table_col(t, dst);

	g_assert_cmpint(c, >, 0);
	for (size_t r = 0; r < cr_table_nrows(t); r++) {
		const struct cr_cell *row = cr_table_row(t, r);
		if (strcmp(row[0].v.s, src) == 0)
			return row[c].null ? -1 : row[c].v.i;
	}
	g_assert_not_reached();
	return 0;
}

static void test_matrix(void)
{
	struct cr_table *conv = conversations(), *t;
	struct cr_matrix *m = cr_matrix_new();

	g_assert_cmpint(cr_matrix_add_conversations(m, conv, NULL), ==, 0);

	/* Everything: 4 sources, 3 destinations (10.0.0.3 never receives). */
	t = cr_matrix_table(m, 0, true);
	g_assert_cmpint(cr_table_ncols(t), ==, 1 + 3 + 1);
	g_assert_cmpint(cr_table_nrows(t), ==, 4 + 1);
	g_assert_cmpint(cell(t, "10.0.0.1", "10.0.0.2"), ==, 100);
	g_assert_cmpint(cell(t, "10.0.0.2", "10.0.0.1"), ==, 50);
	g_assert_cmpint(cell(t, "10.0.0.2", "10.0.0.4"), ==, 7);
	g_assert_cmpint(cell(t, "10.0.0.3", "10.0.0.2"), ==, -1);
	g_assert_cmpint(cell(t, "10.0.0.1", "total"), ==, 101);
	g_assert_cmpint(cell(t, "total", "10.0.0.2"), ==, 105);
	g_assert_cmpint(cell(t, "total", "total"), ==, 173);
	/* Sources by bytes sent, destinations by bytes received. */
	g_assert_cmpstr(cr_table_row(t, 0)[0].v.s, ==, "10.0.0.1");
	g_assert_cmpstr(g_array_index(t->columns, struct cr_column, 1).name, ==, "10.0.0.2");
	cr_table_free(t);

	/* Top 2: the rest in "other", every byte still counted once. */
	t = cr_matrix_table(m, 2, true);
	g_assert_cmpint(cr_table_ncols(t), ==, 1 + 2 + 1 + 1);
	g_assert_cmpint(cell(t, "other", "10.0.0.2"), ==, 5);
	g_assert_cmpint(cell(t, "other", "10.0.0.1"), ==, 10);
	g_assert_cmpint(cell(t, "10.0.0.1", "other"), ==, 1);
	g_assert_cmpint(cell(t, "total", "total"), ==, 173);
	cr_table_free(t);

	/* Without totals: the block alone, for the heatmap. */
	t = cr_matrix_table(m, 0, false);
	g_assert_cmpint(cr_table_col(t, "total"), ==, -1);
	g_assert_cmpint(cr_table_nrows(t), ==, 4);
	cr_table_free(t);

	/* A table without the columns is an error, not a guess. */
	{
		struct cr_table *bad = cr_table_new("endpoints", NULL);
		GError *err = NULL;
		cr_table_add_column(bad, "addr", CR_COL_ADDR);
		g_assert_cmpint(cr_matrix_add_conversations(m, bad, &err), ==, -1);
		g_assert_nonnull(err);
		g_error_free(err);
		cr_table_free(bad);
	}
	cr_matrix_free(m);
	cr_table_free(conv);
}

static char *find_temporary(const char *dir, const char *base)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	char *prefix = g_strdup_printf(".%s.tmp-", base), *found = NULL;
	const char *n;

	while (d && (n = g_dir_read_name(d)))
		if (g_str_has_prefix(n, prefix))
			found = g_build_filename(dir, n, NULL);
	if (d)
		g_dir_close(d);
	g_free(prefix);
	return found;
}

static void test_workbook_failures(void)
{
	char *dir = g_dir_make_tmp("test-xlsx-XXXXXX", NULL);
	char *path = g_build_filename(dir, "out.xlsx", NULL), *missing = g_build_filename(dir, "no/such/x.xlsx", NULL);
	struct cr_table *t = conversations();
	struct cr_xlsx *x;
	GError *err = NULL;
	char *tmp;

	/* A folder that is not there: refused at once, with the system's reason. */
	g_assert_null(cr_xlsx_new(missing, &err));
	g_assert_nonnull(strstr(err->message, "No such file or directory"));
	g_clear_error(&err);

	/* libxlsxwriter cannot create its file: its message, and no file left. */
	x = cr_xlsx_new(path, &err);
	g_assert_no_error(err);
	g_assert_cmpint(cr_xlsx_add_table(x, t, NULL, &err), ==, 0);
	tmp = find_temporary(dir, "out.xlsx");
	g_assert_nonnull(tmp);
	g_assert_cmpint(g_unlink(tmp), ==, 0);
	g_assert_cmpint(g_mkdir(tmp, 0755), ==, 0);	/* not a file any more */
	g_assert_cmpint(cr_xlsx_commit(x, &err), ==, -1);
	g_assert_nonnull(strstr(err->message, "libxlsxwriter: "));
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	g_clear_error(&err);
	g_rmdir(tmp);
	g_free(tmp);

	/* Aborted: nothing at the path, no temporary beside it. */
	x = cr_xlsx_new(path, &err);
	cr_xlsx_add_table(x, t, NULL, &err);
	cr_xlsx_abort(x);
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	tmp = find_temporary(dir, "out.xlsx");
	g_assert_null(tmp);

	/* Committed: the file is there under its name, the temporary gone. */
	x = cr_xlsx_new(path, &err);
	cr_xlsx_add_table(x, t, NULL, &err);
	g_assert_cmpstr(cr_xlsx_last_sheet(x), ==, "Conversations");
	g_assert_cmpint(cr_xlsx_commit(x, &err), ==, 0);
	g_assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	g_assert_null(find_temporary(dir, "out.xlsx"));

	g_unlink(path);
	g_rmdir(dir);
	cr_table_free(t);
	g_free(missing);
	g_free(path);
	g_free(dir);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/xlsx/sheet-names", test_sheet_names);
	g_test_add_func("/xlsx/clean-string", test_clean_string);
	g_test_add_func("/xlsx/excel-time", test_excel_time);
	g_test_add_func("/matrix/table", test_matrix);
	g_test_add_func("/xlsx/workbook-failures", test_workbook_failures);
	return g_test_run();
}
