/* test-csv-table.c - the CSV reader over split chunks and against libcsv, and the table writers' escaping. */
#include "../fuzz/csv-ref.h"
#include "binding.h"
#include "fields.h"
#include "table.h"
#include "write.h"

#include <glib/gstdio.h>
#include <stdlib.h>
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

/* Inputs where a CSV reader can go wrong; each read split at every byte by both readers. */
/* sizeof, not strlen: an input may hold a NUL. */
#define T(s) { s, sizeof(s) - 1 }
static const struct {
	const char *in;
	size_t len;
} tricky[] = {
	T(""), T("\n\n\r\n"), T("a"), T("a,"), T("a,\n"), T(",,,\n"), T("a,  \n"), T("a   "),
	T(" a , b \n"), T("\"a\" , \"b\"\t\n"), T("\"\"\n"), T("\"\"\"\"\n"), T("\"a\"\"\"\n"),
	T("\"a\r\nb\"\r\n"), T("a,b\r\rc\n"), T("\t\"x\"\n"), T("  \n  x\n"), T("\"a\"   "),
	T("\"a\",\"b\""), T("\"a\",\"\""), T("x,\"\""), T("\"a,b\",\"c\nd\",\"e\"\"f\"\r\n1,2,3"),
	T("x\0y,z\n\"\0\",w"),
	/* malformed: every one an error, with the rows before it delivered */
	T("ok\na\"b\n"), T("ok\n\"a\"b\n"), T("\"a\" \"b\"\n"), T("\"abc"), T("\"abc\"\""), T("a,\"b\n"),
	T("a,b\n\"c\"x,d\n"), T("\"a\"\"b"),
	/* tshark's dialect */
	T("frame.number,frame.time_epoch,ip.src,tcp.options.mptcp.subtype\n"
	  "\"1\",\"1795423386.522053000\",\"10.0.0.1;10.0.0.2\",\"0;2\"\n\"2\",\"1795423386.6\",,\n"),
};
#undef T

static void test_csv_vs_libcsv(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(tricky); i++) {
		size_t len = tricky[i].len;
		for (size_t cut = 0; cut <= len; cut++) {
			GString *ours = csv_ref_capreport(tricky[i].in, len, cut);
			GString *ref = csv_ref_libcsv(tricky[i].in, len, cut);
			if (!g_string_equal(ours, ref))
				g_error("input %zu cut at %zu: ours\n%s\nlibcsv\n%s", i, cut, ours->str, ref->str);
			g_string_free(ours, TRUE);
			g_string_free(ref, TRUE);
		}
	}
}

/* Compare the two readers on `in`, whole and split at a few places. */
static void compare_some_cuts(const char *in, size_t len, const char *what)
{
	size_t cuts[] = { 0, 1, len / 3, len / 2, len - MIN(len, 1), len };

	for (size_t k = 0; k < G_N_ELEMENTS(cuts); k++) {
		GString *ours = csv_ref_capreport(in, len, cuts[k]);
		GString *ref = csv_ref_libcsv(in, len, cuts[k]);
		if (!g_string_equal(ours, ref))
			g_error("%s cut at %zu: the readers disagree", what, cuts[k]);
		g_string_free(ours, TRUE);
		g_string_free(ref, TRUE);
	}
}

/* cr_csv_read_file over `path` (blocks of 1 MiB) against libcsv over its bytes. */
static void compare_file(const char *path)
{
	GString *ours = g_string_new(NULL), *ref;
	GError *err = NULL;
	char *data;
	gsize len;
	int rc;

	g_assert_true(g_file_get_contents(path, &data, &len, NULL));
	rc = cr_csv_read_file(path, csv_ref_on_cr_row, ours, NULL, &err);
	g_string_append(ours, rc == 0 ? "OK" : "ERR");
	g_clear_error(&err);
	ref = csv_ref_libcsv(data, len, len);
	if (!g_string_equal(ours, ref))
		g_error("'%s': cr_csv_read_file and libcsv disagree", path);
	compare_some_cuts(data, len, path);
	g_string_free(ours, TRUE);
	g_string_free(ref, TRUE);
	g_free(data);
}

static int stop_after;

static int stop_at(void *user, const struct cr_row *row)
{
	int *n = user;

	(void)row;
	return ++*n == stop_after ? -1 : 0;
}

/*
 * A file of several blocks with every oddity at random places: doubled
 * quotes, line breaks and commas inside quotes, CRLF, CR, blank lines,
 * spaces around fields, empty fields, fields past the 64 KiB cap.
 */
static void test_csv_file_blocks(void)
{
	GRand *rnd = g_rand_new_with_seed(6);
	GString *s = g_string_new("frame.number,a,b,c\n");
	char *dir = g_dir_make_tmp("csvtest-XXXXXX", NULL), *path = g_build_filename(dir, "big.csv", NULL);
	static const char *const pieces[] = {
		"\"12\"", "\"1.5\"", "", "\"x\"\"y\"", "\"a,b\"", "\"line\nbreak\"", " z ", "\"\"", "\"\"\"\"",
		"\t\"q\" ", "plain", "\"cr\rin\"",
	};
	static const char *const ends[] = { "\n", "\r\n", "\r", "\n\n", "\n \n" };

	for (int row = 0; s->len < (3u << 20) + 12345; row++) {
		int n = g_rand_int_range(rnd, 1, 8);
		for (int f = 0; f < n; f++) {
			if (f)
				g_string_append_c(s, ',');
			if (row % 997 == 5 && f == 1) {
				g_string_append_c(s, '"');
				for (int k = 0; k < 70000; k++)
					g_string_append_c(s, k % 5000 == 7 ? '"' : 'v');
				/* every '"' above must be doubled */
				g_string_append_c(s, '"');
				continue;
			}
			g_string_append(s, pieces[g_rand_int_range(rnd, 0, G_N_ELEMENTS(pieces))]);
		}
		g_string_append(s, ends[g_rand_int_range(rnd, 0, G_N_ELEMENTS(ends))]);
	}
	/* a big field's single quotes end it early: double them */
	{
		GString *t = g_string_new(NULL);
		for (gsize i = 0; i < s->len; i++) {
			g_string_append_c(t, s->str[i]);
			if (s->str[i] == '"' && i && s->str[i - 1] == 'v' && i + 1 < s->len && s->str[i + 1] == 'v')
				g_string_append_c(t, '"');
		}
		g_string_free(s, TRUE);
		s = t;
	}
	g_string_append(s, "\"last\",\"row\"");	/* no newline at the end */
	g_assert_true(g_file_set_contents(path, s->str, (gssize)s->len, NULL));
	compare_file(path);
	/* a callback that stops the file's reading in its third block is obeyed at once */
	{
		int n = 0;
		GError *err = NULL;
		stop_after = 9000;
		g_assert_cmpint(cr_csv_read_file(path, stop_at, &n, NULL, &err), ==, -1);
		g_assert_null(err);
		g_assert_cmpint(n, ==, 9000);
	}
	/* and damaged: a stray quote in the middle of the third block */
	s->str[(2u << 20) + 777] = '"';
	s->str[(2u << 20) + 778] = 'x';
	g_assert_true(g_file_set_contents(path, s->str, (gssize)s->len, NULL));
	compare_file(path);
	g_unlink(path);
	g_rmdir(dir);
	g_free(path);
	g_free(dir);
	g_string_free(s, TRUE);
	g_rand_free(rnd);
}

/*
 * The caches tshark writes for the samples (ip, tcp and mptcp profiles,
 * made afresh by capreport export on copies), read by both readers.
 */
static void test_csv_real_caches(void)
{
	const char *bin = g_getenv("CAPREPORT") ? g_getenv("CAPREPORT") : "build/capreport";
	static const char *const runs[][2] = {
		{ "mixed.pcapng", "ip" }, { "mptcp.pcapng", "mptcp" }, { "mptcp-v6-addaddr.pcapng", "tcp" },
	};
	char *dir = g_dir_make_tmp("csvreal-XXXXXX", NULL);

	for (size_t i = 0; i < G_N_ELEMENTS(runs); i++) {
		char *src = g_build_filename("samples", runs[i][0], NULL), *cap = g_build_filename(dir, runs[i][0], NULL);
		char *data, *out = NULL, *errout = NULL;
		gsize len;
		int status;
		char *argv[] = { (char *)bin, (char *)"export", (char *)"--engine", (char *)"tshark", (char *)"--profile",
				 (char *)runs[i][1], cap, NULL };

		g_assert_true(g_file_get_contents(src, &data, &len, NULL));
		g_assert_true(g_file_set_contents(cap, data, (gssize)len, NULL));
		g_free(data);
		g_assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errout, &status, NULL));
		if (!g_spawn_check_wait_status(status, NULL))
			g_error("capreport export failed: %s", errout);
		g_strchomp(out);
		g_assert_true(g_str_has_suffix(out, ".csv"));
		g_assert_true(g_file_test(out, G_FILE_TEST_IS_REGULAR));
		compare_file(out);
		g_unlink(out);
		{
			char *base = g_strndup(out, strlen(out) - strlen("csv"));
			char *m = g_strconcat(base, "manifest", NULL);
			g_unlink(m);
			g_free(m);
			g_free(base);
		}
		g_unlink(cap);
		g_free(out);
		g_free(errout);
		g_free(src);
		g_free(cap);
	}
	g_rmdir(dir);
	g_free(dir);
}

static int stop_at_two(void *user, const struct cr_row *row)
{
	int *n = user;

	(void)row;
	return ++*n == 2 ? -1 : 0;
}

/* A callback that says stop is obeyed at once, and the reader stays stopped. */
static void test_csv_stop(void)
{
	int n = 0;
	struct cr_csv *c = cr_csv_new(stop_at_two, &n);

	g_assert_cmpint(cr_csv_feed(c, "a\nb\nc\nd", 7, NULL), ==, -1);
	g_assert_cmpint(n, ==, 2);
	g_assert_cmpint(cr_csv_feed(c, "\ne\n", 3, NULL), ==, -1);
	g_assert_cmpint(cr_csv_finish(c, NULL), ==, -1);
	g_assert_cmpint(n, ==, 2);
	cr_csv_free(c);
}

/* A field past 64 KiB is cut there and counted. */
static void test_csv_cap(void)
{
	GString *s = g_string_new("\"");
	GString *rows = g_string_new(NULL);
	struct cr_csv *c = cr_csv_new(csv_ref_on_cr_row, rows);

	for (int i = 0; i < 100000; i++)
		g_string_append_c(s, 'a');
	g_string_append(s, "\",b\n");
	g_assert_cmpint(cr_csv_feed(c, s->str, s->len, NULL), ==, 0);
	g_assert_cmpint(cr_csv_finish(c, NULL), ==, 0);
	g_assert_cmpuint(cr_csv_cut_fields(c), ==, 1);
	g_assert_true(g_str_has_prefix(rows->str, "65536:aaa"));
	g_assert_true(g_str_has_suffix(rows->str, "|1:b|\n"));
	cr_csv_free(c);
	g_string_free(s, TRUE);
	g_string_free(rows, TRUE);
}

/* cr_field_double's shortcut for plain decimals gives strtod's double, bit for bit. */
static void test_field_double(void)
{
	static const char *const fixed[] = {
		"0", "0.000065000", "1795423386.522053000", "123456789012345", "1234567890123456", "0.1", "5.",
		"0.30000000000000004", "9007199254740993", "1e5", "-1.5", "0.0000000000000000000001", "1.5;2", "1.5x",
		"00000000000000000000012.5", "999999999999999.9", "0.00000000000000000000001",
	};
	GRand *rnd = g_rand_new_with_seed(7);

	for (size_t i = 0; i < G_N_ELEMENTS(fixed) + 20000; i++) {
		char buf[64];
		const char *in = buf;
		double ours = 0, ref = 0;
		bool ok_ours, ok_ref;
		char *end;

		if (i < G_N_ELEMENTS(fixed)) {
			in = fixed[i];
		} else {
			int a = g_rand_int_range(rnd, 0, 12), b = g_rand_int_range(rnd, 0, 12);
			GString *t = g_string_new(NULL);
			for (int k = 0; k < a; k++)
				g_string_append_c(t, (char)('0' + g_rand_int_range(rnd, 0, 10)));
			if (!a)
				g_string_append_c(t, '0');
			if (b) {
				g_string_append_c(t, '.');
				for (int k = 0; k < b; k++)
					g_string_append_c(t, (char)('0' + g_rand_int_range(rnd, 0, 10)));
			}
			g_strlcpy(buf, t->str, sizeof(buf));
			g_string_free(t, TRUE);
		}
		ok_ours = cr_field_double(in, &ours);
		ref = g_ascii_strtod(in, &end);
		ok_ref = end != in && (!*end || *end == ';');
		g_assert_cmpint(ok_ours, ==, ok_ref);
		if (ok_ref && memcmp(&ours, &ref, sizeof(double)) != 0)
			g_error("'%s': %.17g, strtod says %.17g", in, ours, ref);
	}
	g_rand_free(rnd);
}

/* The integer readers against the plain definitions they speed up. */
static bool ref_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		uint64_t d = (uint64_t)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
	}
	if (*s && *s != ';')
		return false;
	*v = x;
	return true;
}

static void test_field_ints(void)
{
	static const char *const u[] = {
		"0", "7", "18446744073709551615", "18446744073709551616", "99999999999999999999", "1844674407370955161",
		"0000000000000000000000000000001", "12;34", "12x", "", ";", "4100926322947958717", "-1", "1 ",
	};
	static const char *const h[] = {
		"0x0012", "0X1f", "0xffffffff", "0x100000000", "0x", "0x12;0x13", "0x12z", "18", "0x0000000012",
		"0xFFFFFFFFF", "", "0xg",
	};
	GRand *rnd = g_rand_new_with_seed(8);

	for (size_t i = 0; i < G_N_ELEMENTS(u) + 5000; i++) {
		char buf[32];
		const char *in = buf;
		uint64_t a = 1, b = 1;
		if (i < G_N_ELEMENTS(u))
			in = u[i];
		else
			g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT "%s",
				   (uint64_t)g_rand_int(rnd) << 32 | g_rand_int(rnd) >> g_rand_int_range(rnd, 0, 32),
				   i % 3 ? "" : ";5");
		g_assert_cmpint(cr_field_u64(in, &a), ==, ref_u64(in, &b));
		g_assert_cmpuint(a, ==, b);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(h); i++) {
		unsigned a = 1;
		char *end;
		unsigned long x = strtoul(h[i], &end, 16);
		bool ok = *h[i] && end != h[i] && (!*end || *end == ';') && x <= 0xffffffffUL;
		if (strncmp(h[i], "0x", 2) != 0 && strncmp(h[i], "0X", 2) != 0)
			x = strtoul(h[i], &end, 10), ok = *h[i] && end != h[i] && (!*end || *end == ';');
		g_assert_cmpint(cr_field_hex(h[i], &a), ==, ok);
		if (ok)
			g_assert_cmpuint(a, ==, x);
	}
	g_rand_free(rnd);
}

/* The decoder's shortcut for dotted quads reads every address as cr_addr_parse does. */
static void test_pkt_ipv4(void)
{
	static const char *const addrs[] = {
		"10.0.0.1", "255.255.255.255", "0.0.0.0", "256.1.1.1", "01.2.3.4", "1.2.3.04", "1.2.3", "1.2.3.4.5",
		"1.2.3.4;5.6.7.8", "1.2.3.4,9.9.9.9", "1.2.3.4x", "1..2.3", "1234.1.1.1", "::1", "", "1.2.3.4 ",
		"192.168.100.200", "1.2.3.255;", "1.2.3.256",
	};
	char *names[] = { (char *)"frame.number", (char *)"frame.time_epoch", (char *)"ip.src", (char *)"ip.dst" };
	size_t lens[4] = { 0 };
	struct cr_row header = { .field = names, .len = lens, .n = 4 };
	struct cr_binding *b = cr_binding_new(&header);

	for (size_t i = 0; i < G_N_ELEMENTS(addrs); i++) {
		char *f[] = { (char *)"1", (char *)"1.5", (char *)addrs[i], (char *)addrs[(i + 1) % G_N_ELEMENTS(addrs)] };
		struct cr_row row = { .field = f, .len = lens, .n = 4, .record = 1 };
		struct cr_pkt p;
		struct cr_addr src, dst;

		g_assert_true(cr_binding_decode(b, &row, &p));
		if (!*addrs[i])
			continue;	/* no IP layer: nothing parsed */
		cr_addr_parse(&src, f[2]);
		cr_addr_parse(&dst, f[3]);
		g_assert_cmpmem(&p.src, sizeof(src), &src, sizeof(src));
		g_assert_cmpmem(&p.dst, sizeof(dst), &dst, sizeof(dst));
	}
	cr_binding_free(b);
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
	g_test_add_func("/csv/vs-libcsv", test_csv_vs_libcsv);
	g_test_add_func("/csv/file-blocks", test_csv_file_blocks);
	g_test_add_func("/csv/real-caches", test_csv_real_caches);
	g_test_add_func("/csv/stop", test_csv_stop);
	g_test_add_func("/csv/cap", test_csv_cap);
	g_test_add_func("/fields/double", test_field_double);
	g_test_add_func("/fields/ints", test_field_ints);
	g_test_add_func("/pkt/ipv4", test_pkt_ipv4);
	g_test_add_func("/table/writers", test_writers);
	return g_test_run();
}
