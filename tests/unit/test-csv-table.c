/* test-csv-table.c - the CSV reader over split chunks, and the table writers' escaping. */
#include "source.h"
#include "table.h"

#include <string.h>

static int collect(void *user, const struct cr_row *row)
{
	GString *s = user;

	for (size_t i = 0; i < row->n; i++)
		g_string_append_printf(s, "%s[%s]", i ? "" : "", row->field[i]);
	g_string_append_c(s, '\n');
	return 0;
}

static void test_csv_chunks(void)
{
	const char *in = "a,b,c\n\"1\",,\"x,\"\"y\"\"\"\r\n\"2\",\"line\nbreak\",z";
	GString *whole = g_string_new(NULL);

	/* Every split point gives the same rows. */
	for (size_t cut = 0; cut <= strlen(in); cut++) {
		GString *s = g_string_new(NULL);
		struct cr_csv *c = cr_csv_new(collect, s);
		g_assert_cmpint(cr_csv_feed(c, in, cut, NULL), ==, 0);
		g_assert_cmpint(cr_csv_feed(c, in + cut, strlen(in) - cut, NULL), ==, 0);
		g_assert_cmpint(cr_csv_finish(c, NULL), ==, 0);
		cr_csv_free(c);
		if (cut == 0)
			g_string_assign(whole, s->str);
		g_assert_cmpstr(s->str, ==, whole->str);
		g_string_free(s, TRUE);
	}
	g_assert_cmpstr(whole->str, ==, "[a][b][c]\n[1][][x,\"y\"]\n[2][line\nbreak][z]\n");
	g_string_free(whole, TRUE);
}

static void test_csv_malformed(void)
{
	GString *s = g_string_new(NULL);
	struct cr_csv *c = cr_csv_new(collect, s);
	GError *err = NULL;

	/* An unterminated quote is an error at the end, not a silent row. */
	g_assert_cmpint(cr_csv_feed(c, "a,\"b\n", 5, NULL), ==, 0);
	g_assert_cmpint(cr_csv_finish(c, &err), ==, -1);
	g_assert_nonnull(err);
	g_error_free(err);
	cr_csv_free(c);
	g_string_free(s, TRUE);
}

static struct cr_table *sample_table(void)
{
	struct cr_table *t = cr_table_new("t", "T");
	struct cr_cell *r;

	cr_table_add_column(t, "name", CR_COL_TEXT);
	cr_table_add_column(t, "bytes", CR_COL_BYTES);
	cr_table_add_column(t, "when", CR_COL_TIME);
	r = cr_table_add_row(t);
	cr_cell_text(&r[0], "a,\"b\"\n<script>\x1b[31m");
	cr_cell_int(&r[1], 74000);
	cr_cell_int(&r[2], 1710021480000000000LL);
	r = cr_table_add_row(t);
	cr_cell_text(&r[0], "plain");
	return t;
}

static char *write_to_string(int (*w)(const struct cr_table *, FILE *, const struct cr_write_opts *, GError **),
			     const struct cr_table *t, bool raw)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct cr_write_opts o = { .raw = raw, .header = true };

	g_assert_cmpint(w(t, f, &o, NULL), ==, 0);
	fclose(f);
	return buf;
}

static void test_writers(void)
{
	struct cr_table *t = sample_table();
	char *s;

	s = write_to_string(cr_write_csv, t, false);
	g_assert_cmpstr(s, ==, "name,bytes,when\n\"a,\"\"b\"\"\n<script>\x1b[31m\",74000,2024-03-09T21:58:00.000000Z\nplain,,\n");
	free(s);

	s = write_to_string(cr_write_json, t, false);
	g_assert_nonnull(strstr(s, "\"name\": \"a,\\\"b\\\"\\n<script>\\u001b[31m\""));
	g_assert_nonnull(strstr(s, "\"bytes\": null"));
	g_assert_nonnull(strstr(s, "\"when\": \"2024-03-09T21:58:00.000000Z\""));
	free(s);

	s = write_to_string(cr_write_text, t, false);
	g_assert_null(strchr(s, '\x1b'));	/* no terminal escapes reach the screen */
	g_assert_nonnull(strstr(s, "74.0 kB"));
	free(s);
	s = write_to_string(cr_write_text, t, true);
	g_assert_nonnull(strstr(s, "74000"));
	free(s);
	cr_table_free(t);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/csv/chunks", test_csv_chunks);
	g_test_add_func("/csv/malformed", test_csv_malformed);
	g_test_add_func("/table/writers", test_writers);
	return g_test_run();
}
