/* test-xlsx.c - sheet names, cell strings, Excel times, the matrix, sheet XML cells, the zip writer, and failure paths. */
#include "analyze.h"
#include "xlsx.h"
#include "zip.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

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

/* Directed bytes: 1→2 100, 2→1 50, 3→1 10, 4→2 5, 2→4 7, 1→4 1, one packet each. */
static struct cr_matrix *matrix(int top, bool totals, struct cr_table **t)
{
	static const struct {
		const char *src, *dst;
		uint32_t len;
	} pk[] = {
		{ "10.0.0.1", "10.0.0.2", 100 }, { "10.0.0.2", "10.0.0.1", 50 }, { "10.0.0.3", "10.0.0.1", 10 },
		{ "10.0.0.4", "10.0.0.2", 5 }, { "10.0.0.2", "10.0.0.4", 7 }, { "10.0.0.1", "10.0.0.4", 1 },
		{ NULL, NULL, 0 },
	};
	struct cr_matrix *m = cr_matrix_new(false, top, 0);

	for (int i = 0; pk[i].src; i++) {
		struct cr_pkt p = { .len = pk[i].len };
		cr_addr_parse(&p.src, pk[i].src);
		cr_addr_parse(&p.dst, pk[i].dst);
		cr_matrix_packet(m, &p);
	}
	g_assert_true(cr_matrix_pass_done(m));
	*t = cr_matrix_table(m, totals);
	return m;
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
	struct cr_table *t;
	struct cr_matrix *m = matrix(0, true, &t);

	/* Everything: 4 sources, 3 destinations (10.0.0.3 never receives). */
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
	cr_matrix_free(m);

	/* Top 2: the rest in "other", every byte still counted once. */
	m = matrix(2, true, &t);
	g_assert_cmpint(cr_table_ncols(t), ==, 1 + 2 + 1 + 1);
	g_assert_cmpint(cell(t, "other", "10.0.0.2"), ==, 5);
	g_assert_cmpint(cell(t, "other", "10.0.0.1"), ==, 10);
	g_assert_cmpint(cell(t, "10.0.0.1", "other"), ==, 1);
	g_assert_cmpint(cell(t, "total", "total"), ==, 173);
	cr_table_free(t);
	cr_matrix_free(m);

	/* Without totals: the block alone, for the heatmap. */
	m = matrix(0, false, &t);
	g_assert_cmpint(cr_table_col(t, "total"), ==, -1);
	g_assert_cmpint(cr_table_nrows(t), ==, 4);
	cr_table_free(t);
	cr_matrix_free(m);
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

/* ---- sheet XML cells ---------------------------------------------------- */

/* One row with one cell written by `fn`, as XML text (g_free). */
static char *one_cell(bool (*fn)(struct cr_xml_row *, uint32_t, int, const char *), const char *s, bool *ok)
{
	GString *out = g_string_new(NULL);
	struct cr_xml_row w;

	cr_xml_row_begin(&w, out, 7);
	*ok = fn(&w, 0, 3, s);
	cr_xml_row_end(&w);
	return g_string_free(out, FALSE);
}

static void test_xml_integers(void)
{
	static const struct {
		const char *in, *xml;	/* NULL: not a number, nothing written */
	} cases[] = {
		{ "0", "<row r=\"7\"><c s=\"3\"><v>0</v></c></row>" },
		{ "-12", "<row r=\"7\"><c s=\"3\"><v>-12</v></c></row>" },
		{ "007", "<row r=\"7\"><c s=\"3\"><v>7</v></c></row>" },
		{ "-0", "<row r=\"7\"><c s=\"3\"><v>0</v></c></row>" },
		{ "-000", "<row r=\"7\"><c s=\"3\"><v>0</v></c></row>" },
		{ "999999999999999", "<row r=\"7\"><c s=\"3\"><v>999999999999999</v></c></row>" },
		{ "1000000000000000", NULL },	/* 16 digits: a double may not hold it exactly */
		{ "", NULL },
		{ "-", NULL },
		{ "+1", NULL },
		{ "1e5", NULL },
		{ "12a", NULL },
		{ "1.5", NULL },
		{ " 1", NULL },
		{ NULL, NULL },
	};

	for (int i = 0; cases[i].in; i++) {
		bool ok;
		char *xml = one_cell(cr_xml_int_text, cases[i].in, &ok);
		g_assert_cmpint(ok, ==, cases[i].xml != NULL);
		g_assert_cmpstr(xml, ==, cases[i].xml ? cases[i].xml : "<row r=\"7\"></row>");
		g_free(xml);
	}
}

/* The value a number cell holds, parsed back; NAN when the row has no cell. */
static double number_back(double v, bool *ok)
{
	GString *out = g_string_new(NULL);
	struct cr_xml_row w;
	const char *p;
	double back = NAN;

	cr_xml_row_begin(&w, out, 1);
	*ok = cr_xml_number(&w, 0, 0, v);
	cr_xml_row_end(&w);
	if ((p = strstr(out->str, "<v>")))
		back = g_ascii_strtod(p + 3, NULL);
	g_assert_true(!strstr(out->str, "nan") && !strstr(out->str, "inf"));
	g_string_free(out, TRUE);
	return back;
}

static void test_xml_numbers(void)
{
	const double values[] = { 0, -1, 42, -123456789012345.0, 0.1, -2.5e-300, 1e300, -1.7976931348623157e308,
				  123456789012345678.0, 5e-324 };
	bool ok;

	/* Every finite value is written and reads back exactly. */
	for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
		double back = number_back(values[i], &ok);
		g_assert_true(ok);
		g_assert_cmpfloat(back, ==, values[i]);
	}
	/* NaN and infinities are never numbers: no cell at all. */
	g_assert_true(isnan(number_back(NAN, &ok)));
	g_assert_false(ok);
	g_assert_true(isnan(number_back(INFINITY, &ok)));
	g_assert_false(ok);
	g_assert_true(isnan(number_back(-INFINITY, &ok)));
	g_assert_false(ok);
}

static void test_xml_times(void)
{
	const int64_t times[] = { 0, 1709942400LL * 1000000000LL, 1710021485002340000LL, 1795423374345131000LL,
				  -1000000000LL, -2208988800LL * 1000000000LL, 86399999999500LL };
	GString *out = g_string_new(NULL);
	struct cr_xml_row w;

	for (size_t i = 0; i < G_N_ELEMENTS(times); i++) {
		const char *p;
		g_string_truncate(out, 0);
		cr_xml_row_begin(&w, out, 2);
		g_assert_true(cr_xml_time(&w, 1, 9, times[i]));
		cr_xml_row_end(&w);
		/* Column B after nothing: it says where it is. */
		g_assert_nonnull(strstr(out->str, "<c r=\"B2\" s=\"9\"><v>"));
		p = strstr(out->str, "<v>") + 3;
		/* Within a microsecond of the double the tables use, and no exponent. */
		g_assert_cmpfloat_with_epsilon(g_ascii_strtod(p, NULL), cr_xlsx_excel_time(times[i]), 1.2e-11);
		g_assert_null(strpbrk(p, "eE"));
	}
	/* Midnight is a whole day; before 1899-12-30 is no Excel date. */
	g_string_truncate(out, 0);
	cr_xml_row_begin(&w, out, 1);
	g_assert_true(cr_xml_time(&w, 0, 0, 0));
	g_assert_false(cr_xml_time(&w, 1, 0, -2209161600LL * 1000000000LL - 1000000000LL));
	cr_xml_row_end(&w);
	g_assert_cmpstr(out->str, ==, "<row r=\"1\"><c><v>25569</v></c></row>");
	g_string_free(out, TRUE);
}

struct text_back {
	GString *text;
	int depth;
};

static void on_text(GMarkupParseContext *c, const gchar *text, gsize len, gpointer user, GError **err)
{
	struct text_back *t = user;
	(void)err;

	if (g_strcmp0(g_markup_parse_context_get_element(c), "t") == 0)
		g_string_append_len(t->text, text, (gssize)len);
}

/* A string cell, checked well-formed by GMarkup; its text back (g_free). */
static char *text_back(const char *s, size_t *width, char **xml)
{
	GMarkupParser parser = { .text = on_text };
	struct text_back t = { .text = g_string_new(NULL) };
	GString *out = g_string_new(NULL);
	struct cr_xml_row w;
	GMarkupParseContext *c;
	GError *err = NULL;

	cr_xml_row_begin(&w, out, 3);
	cr_xml_text(&w, 27, 0, s, width);
	cr_xml_row_end(&w);
	c = g_markup_parse_context_new(&parser, 0, &t, NULL);
	g_assert_true(g_markup_parse_context_parse(c, out->str, (gssize)out->len, &err));
	g_assert_true(g_markup_parse_context_end_parse(c, &err));
	g_assert_no_error(err);
	g_markup_parse_context_free(c);
	*xml = g_string_free(out, FALSE);
	return g_string_free(t.text, FALSE);
}

static void test_xml_text(void)
{
	size_t width = 0;
	char *xml, *s;

	/* XML's own characters escaped; formula-looking text stays an inline string. */
	s = text_back("=HYPERLINK(\"http://x\",\"y\") <b>&amp;</b>", &width, &xml);
	g_assert_cmpstr(s, ==, "=HYPERLINK(\"http://x\",\"y\") <b>&amp;</b>");
	g_assert_nonnull(strstr(xml, "<c r=\"AB3\" t=\"inlineStr\"><is><t>=HYPERLINK"));
	g_assert_nonnull(strstr(xml, "&lt;b&gt;&amp;amp;&lt;/b&gt;"));
	g_assert_null(strstr(xml, "<f"));
	g_assert_cmpint(width, ==, 39);
	g_free(xml), g_free(s);

	/* Characters XML 1.0 forbids never reach the file: shown as text, or replaced. */
	s = text_back("a\x01" "b\x1b[0m\x7f\r\xef\xbf\xbe" "z", &width, &xml);
	g_assert_cmpstr(s, ==, "a\\x01b\\x1b[0m\\x7f\\x0d\xef\xbf\xbd" "z");
	for (const unsigned char *p = (const unsigned char *)xml; *p; p++)
		g_assert_true(*p >= 0x20 || *p == '\t' || *p == '\n');
	g_free(xml), g_free(s);

	/* Invalid UTF-8 repaired; Excel's _xHHHH_ escapes escaped; edge spaces kept. */
	s = text_back("bad \xff\xfe end", &width, &xml);
	g_assert_true(g_utf8_validate(xml, -1, NULL));
	g_assert_true(g_str_has_suffix(s, " end"));
	g_free(xml), g_free(s);
	s = text_back("x_x0041_y", &width, &xml);
	g_assert_cmpstr(s, ==, "x_x005F_x0041_y");
	g_free(xml), g_free(s);
	s = text_back(" padded\t", &width, &xml);
	g_assert_cmpstr(s, ==, " padded\t");
	g_assert_nonnull(strstr(xml, "<t xml:space=\"preserve\">"));
	g_free(xml), g_free(s);
}

static void test_xml_references(void)
{
	GString *out = g_string_new(NULL);
	struct cr_xml_row w;
	size_t width = 0;
	char *name;

	/* A cell names its place only after a gap. */
	cr_xml_row_begin(&w, out, 1048576);
	cr_xml_int_text(&w, 0, 0, "1");
	cr_xml_int_text(&w, 1, 0, "2");
	cr_xml_text(&w, 25, 0, "z", &width);
	cr_xml_text(&w, 26, 0, "aa", &width);
	cr_xml_int_text(&w, 16383, 0, "3");
	cr_xml_row_end(&w);
	g_assert_cmpstr(out->str, ==, "<row r=\"1048576\"><c><v>1</v></c><c><v>2</v></c>"
		       "<c r=\"Z1048576\" t=\"inlineStr\"><is><t>z</t></is></c><c t=\"inlineStr\"><is><t>aa</t></is></c>"
		       "<c r=\"XFD1048576\"><v>3</v></c></row>");
	g_string_free(out, TRUE);
	name = cr_xml_col_name(701);
	g_assert_cmpstr(name, ==, "ZZ");
	g_free(name);
}

/* ---- deflate and zip ---------------------------------------------------- */

static GByteArray *inflate_all(const guint8 *data, size_t len)
{
	GByteArray *out = g_byte_array_new();
	z_stream z = { 0 };
	guint8 buf[65536];
	int r;

	g_assert_cmpint(inflateInit2(&z, -15), ==, Z_OK);
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	do {
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		r = inflate(&z, Z_NO_FLUSH);
		g_assert_true(r == Z_OK || r == Z_STREAM_END);
		g_byte_array_append(out, buf, (guint)(sizeof(buf) - z.avail_out));
	} while (r != Z_STREAM_END);
	g_assert_cmpint(z.avail_in, ==, 0);	/* nothing after the final block */
	inflateEnd(&z);
	return out;
}

static void test_deflate_chunks(void)
{
	/* In the calling thread and in three workers: the same text back, the same CRC. */
	for (int threads = 3; threads >= 1; threads -= 2) {
		GString *text = g_string_new(NULL);
		GByteArray *all = g_byte_array_new(), *back;
		struct cr_deflate_sum sum;
		char *path = NULL;
		int fd = g_file_open_tmp("test-deflate-XXXXXX", &path, NULL);
		struct cr_deflate *d = cr_deflate_new(fd, 1, threads);
		gsize flen;
		gchar *file;

		g_assert_cmpint(fd, >=, 0);
		cr_deflate_bytes("<head>", 6, 1, false, all);
		for (int i = 0; i < 400000; i++) {
			GString *b = cr_deflate_buf(d);
			size_t at = b->len;
			g_string_append_printf(b, "<row r=\"%d\"><c><v>%u</v></c></row>", i, g_random_int());
			g_string_append_len(text, b->str + at, (gssize)(b->len - at));
			g_assert_cmpint(cr_deflate_push(d), ==, 0);
		}
		g_assert_cmpint(cr_deflate_end(d, &sum), ==, 0);
		g_assert_cmpuint(sum.raw, ==, text->len);
		g_assert_cmpuint(sum.raw, >, 3 * CR_DEFLATE_CHUNK);
		g_assert_cmpuint(sum.crc, ==, crc32(0, (const Bytef *)text->str, (uInt)text->len));
		g_assert_true(g_file_get_contents(path, &file, &flen, NULL));
		g_assert_cmpuint(flen, ==, sum.packed);
		g_byte_array_append(all, (const guint8 *)file, (guint)flen);
		cr_deflate_bytes("</tail>", 7, 1, true, all);
		back = inflate_all(all->data, all->len);
		g_assert_cmpuint(back->len, ==, 6 + text->len + 7);
		g_assert_true(memcmp(back->data + 6, text->str, text->len) == 0);
		g_assert_true(memcmp(back->data + 6 + text->len, "</tail>", 7) == 0);
		cr_deflate_free(d);
		close(fd);
		g_unlink(path);
		g_free(path);
		g_free(file);
		g_byte_array_free(back, TRUE);
		g_byte_array_free(all, TRUE);
		g_string_free(text, TRUE);
	}
}

static void test_zip_rewrite(void)
{
	char *dir = g_dir_make_tmp("test-zip-XXXXXX", NULL);
	char *path = g_build_filename(dir, "w.xlsx", NULL), *out = g_build_filename(dir, "out.zip", NULL);
	char *junk = g_build_filename(dir, "junk.zip", NULL);
	struct cr_table *t = conversations();
	const struct cr_column cols[] = { { (char *)"n", CR_COL_INT }, { (char *)"s", CR_COL_TEXT } };
	struct cr_xlsx *x;
	struct cr_xlsx_rows *r;
	struct cr_zip *z;
	GError *err = NULL;
	char *xml, *sheets = NULL;
	size_t len;

	/* A workbook with a rows sheet: one pass of rows, rewound in part, then the table before it. */
	x = cr_xlsx_new(path, &err);
	r = cr_xlsx_rows_new(x, "Rows", cols, 2, 3);
	for (int i = 1; i <= 4; i++) {
		char n[16];
		const char *f[2] = { n, "a<b" };
		g_snprintf(n, sizeof(n), "%d", i);
		g_assert_cmpint(cr_xlsx_rows_add(r, f, &err), ==, 0);
	}
	g_assert_cmpint(cr_xlsx_rows_mark(r, &err), ==, 0);
	for (int i = 0; i < 5; i++) {
		const char *f[2] = { "99", "gone" };
		g_assert_cmpint(cr_xlsx_rows_add(r, f, &err), ==, 0);
	}
	g_assert_cmpint(cr_xlsx_rows_rewind(r, &err), ==, 0);
	g_assert_cmpuint(cr_xlsx_rows_count(r), ==, 4);
	g_assert_cmpint(cr_xlsx_add_table(x, t, NULL, &err), ==, 0);
	g_assert_cmpint(cr_xlsx_rows_finish(r, &sheets, &err), ==, 0);
	g_assert_cmpstr(sheets, ==, "Rows, Rows 2");
	g_assert_cmpint(cr_xlsx_commit(x, &err), ==, 0);
	g_assert_no_error(err);

	z = cr_zip_open(path, &err);
	g_assert_no_error(err);
	xml = cr_zip_read(z, "xl/worksheets/sheet2.xml", &len, &err);
	g_assert_no_error(err);
	g_assert_cmpuint(strlen(xml), ==, len);
	g_assert_nonnull(strstr(xml, "<dimension ref=\"A1:B4\"/>"));
	g_assert_nonnull(strstr(xml, "<row r=\"4\"><c s=\""));
	g_assert_nonnull(strstr(xml, "<t>a&lt;b</t>"));
	g_assert_null(strstr(xml, "gone"));
	g_assert_nonnull(strstr(xml, "</row></sheetData><autoFilter ref=\"A1:B4\"/>"));
	g_free(xml);
	xml = cr_zip_read(z, "xl/worksheets/sheet3.xml", &len, &err);
	g_assert_nonnull(strstr(xml, "<dimension ref=\"A1:B2\"/>"));
	g_assert_nonnull(strstr(xml, "<row r=\"2\"><c s=\"3\"><v>4</v></c><c t=\"inlineStr\"><is><t>a&lt;b</t></is></c></row></sheetData>"));
	g_assert_null(strstr(xml, "<v>99</v>"));
	g_free(xml);

	/* Rewritten with nothing replaced: the same bytes. */
	{
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		gchar *a, *b;
		gsize alen, blen;
		g_assert_cmpint(cr_zip_rewrite(z, fd, NULL, 0, out, &err), ==, 0);
		close(fd);
		g_assert_true(g_file_get_contents(path, &a, &alen, NULL));
		g_assert_true(g_file_get_contents(out, &b, &blen, NULL));
		g_assert_cmpuint(alen, ==, blen);
		g_assert_true(memcmp(a, b, alen) == 0);
		g_free(a), g_free(b);
	}
	/* A result of 4 GiB would need ZIP64: refused before anything is read. */
	{
		struct cr_zip_replace big = { .name = "xl/worksheets/sheet2.xml", .npieces = 1,
					      .piece = { { .fd = -1, .len = 5ULL << 30 } } };
		int fd = open(out, O_WRONLY | O_TRUNC);
		g_assert_cmpint(cr_zip_rewrite(z, fd, &big, 1, out, &err), ==, -1);
		g_assert_nonnull(strstr(err->message, "ZIP64"));
		g_clear_error(&err);
		close(fd);
	}
	g_assert_null(cr_zip_read(z, "no/such.xml", &len, &err));
	g_clear_error(&err);
	cr_zip_close(z);

	/* Not a zip: refused with the reason. */
	g_assert_true(g_file_set_contents(junk, "not a zip at all, not even close", -1, NULL));
	g_assert_null(cr_zip_open(junk, &err));
	g_assert_nonnull(strstr(err->message, "not a zip"));
	g_clear_error(&err);

	g_unlink(junk), g_unlink(out), g_unlink(path);
	g_rmdir(dir);
	g_free(junk), g_free(out), g_free(path), g_free(dir), g_free(sheets);
	cr_table_free(t);
}

/*
 * The libxlsxwriter the XLSX splice was checked against. The splice
 * (src/write/xlsx-rows.c, cr_xlsx_style() and the formats registered in
 * src/write/write-xlsx.c) relies on libxlsxwriter's internals: the cellXfs
 * index each format gets (1, 2, ... in the order they are added), a
 * placeholder sheet XML with a <dimension ref="..."> and a </sheetData> to
 * split at, and zip entries named xl/worksheets/sheetN.xml.
 */
#define CHECKED_LXW_VERSION "1.1.4"

static void test_library_version(void)
{
	const char *header = LXW_VERSION, *library = lxw_version();

	if (strcmp(header, CHECKED_LXW_VERSION) == 0 && strcmp(library, CHECKED_LXW_VERSION) == 0)
		return;
	g_printerr("\n*** libxlsxwriter is %s (header) / %s (library), the XLSX splice was checked against %s.\n"
		   "*** Re-check what src/write/xlsx-rows.c relies on: the cellXfs index of each format\n"
		   "*** registered in write-xlsx.c (cr_xlsx_style: 1, 2, ... in order; styles_ok), the\n"
		   "*** placeholder sheet's <dimension ref> and </sheetData>, the xl/worksheets/sheetN.xml\n"
		   "*** entry names; run tests/cli/xlsx.bats (both readers); then set CHECKED_LXW_VERSION\n"
		   "*** in tests/unit/test-xlsx.c to the new version.\n",
		   header, library, CHECKED_LXW_VERSION);
	g_test_fail_printf("libxlsxwriter %s / %s is not %s, the version the XLSX splice was checked against",
			   header, library, CHECKED_LXW_VERSION);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/xlsx/library-version", test_library_version);
	g_test_add_func("/xlsx/sheet-names", test_sheet_names);
	g_test_add_func("/xlsx/clean-string", test_clean_string);
	g_test_add_func("/xlsx/excel-time", test_excel_time);
	g_test_add_func("/matrix/table", test_matrix);
	g_test_add_func("/xlsx/workbook-failures", test_workbook_failures);
	g_test_add_func("/xlsx/xml-integers", test_xml_integers);
	g_test_add_func("/xlsx/xml-numbers", test_xml_numbers);
	g_test_add_func("/xlsx/xml-times", test_xml_times);
	g_test_add_func("/xlsx/xml-text", test_xml_text);
	g_test_add_func("/xlsx/xml-references", test_xml_references);
	g_test_add_func("/zip/deflate-chunks", test_deflate_chunks);
	g_test_add_func("/zip/rewrite", test_zip_rewrite);
	return g_test_run();
}
