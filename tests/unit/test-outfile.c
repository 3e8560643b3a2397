/* test-outfile.c - files kept whole or not at all, and removing a temporary folder without following links. */
#include "capreport.h"
#include "outfile.h"

#include <string.h>
#include <unistd.h>

/* The names in `dir`, joined by spaces. */
static char *names_in(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	char *s;

	g_assert_nonnull(d);
	while ((n = g_dir_read_name(d)))
		g_ptr_array_add(a, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_add(a, NULL);
	s = g_strjoinv(" ", (char **)a->pdata);
	g_ptr_array_free(a, TRUE);
	return s;
}

static void test_commit_and_abort(void)
{
	char *dir = g_dir_make_tmp("test-outfile-XXXXXX", NULL), *path = g_build_filename(dir, "out.csv", NULL);
	char *text = NULL, *names;
	struct cr_outfile o;
	GError *err = NULL;

	g_assert_cmpint(cr_outfile_open_full(&o, path, CR_OUTFILE_STREAM, &err), ==, 0);
	g_assert_true(g_str_has_prefix(o.tmp, dir));
	g_assert_true(strstr(o.tmp, "/.out.csv.tmp-") != NULL);
	fputs("a,b\n", o.f);
	g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	g_assert_cmpint(cr_outfile_commit(&o, &err), ==, 0);
	g_assert_no_error(err);
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "a,b\n");
	g_free(text);

	/* an aborted replacement leaves the earlier file alone and no temporary */
	g_assert_cmpint(cr_outfile_open_full(&o, path, CR_OUTFILE_STREAM, &err), ==, 0);
	fputs("half", o.f);
	cr_outfile_abort(&o);
	names = names_in(dir);
	g_assert_cmpstr(names, ==, "out.csv");
	g_free(names);

	/* by name: the writer is someone else */
	g_assert_cmpint(cr_outfile_open_full(&o, path, 0, &err), ==, 0);
	g_assert_null(o.f);
	g_assert_true(g_file_set_contents(o.tmp, "x\n", -1, NULL));
	g_assert_cmpint(cr_outfile_commit(&o, &err), ==, 0);
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_assert_cmpstr(text, ==, "x\n");
	g_free(text);

	cr_remove_tree(dir);
	g_assert_false(g_file_test(dir, G_FILE_TEST_EXISTS));
	g_free(path);
	g_free(dir);
}

static void test_open_fails(void)
{
	struct cr_outfile o;
	GError *err = NULL;

	g_assert_cmpint(cr_outfile_open_full(&o, "/no/such/dir/out.csv", CR_OUTFILE_STREAM, &err), ==, -1);
	g_assert_error(err, CR_ERROR, CR_EXIT_OUTPUT);
	g_assert_cmpstr(err->message, ==, "cannot write '/no/such/dir/out.csv': No such file or directory");
	g_clear_error(&err);
	g_assert_null(o.path);
	g_assert_cmpint(cr_outfile_open(&o, "/tmp", &err), ==, -1);
	g_assert_cmpstr(err->message, ==, "cannot write '/tmp': Is a directory");
	g_clear_error(&err);
}

static void test_device_written_directly(void)
{
	struct cr_outfile o;
	GError *err = NULL;

	g_assert_cmpint(cr_outfile_open(&o, "/dev/null", &err), ==, 0);
	g_assert_null(o.tmp);
	fputs("gone", o.f);
	g_assert_cmpint(cr_outfile_commit(&o, &err), ==, 0);
	g_assert_cmpint(cr_outfile_open(&o, "/dev/full", &err), ==, 0);
	fputs("no room", o.f);
	g_assert_cmpint(cr_outfile_commit(&o, &err), ==, -1);
	g_assert_cmpstr(err->message, ==, "cannot write '/dev/full': No space left on device");
	g_clear_error(&err);
}

static void test_remove_tree_keeps_link_targets(void)
{
	char *keep = g_dir_make_tmp("test-outfile-keep-XXXXXX", NULL), *gone = g_dir_make_tmp("test-outfile-XXXXXX", NULL);
	char *kept = g_build_filename(keep, "precious", NULL), *sub = g_build_filename(gone, "a", "b", NULL);
	char *link = g_build_filename(gone, "a", "link", NULL), *file = g_build_filename(sub, "f", NULL);

	g_assert_true(g_file_set_contents(kept, "keep me\n", -1, NULL));
	g_assert_cmpint(g_mkdir_with_parents(sub, 0755), ==, 0);
	g_assert_true(g_file_set_contents(file, "x", -1, NULL));
	g_assert_cmpint(symlink(keep, link), ==, 0);
	cr_remove_tree(gone);
	g_assert_false(g_file_test(gone, G_FILE_TEST_EXISTS));
	g_assert_true(g_file_test(kept, G_FILE_TEST_IS_REGULAR));
	cr_remove_tree(keep);
	g_assert_false(g_file_test(keep, G_FILE_TEST_EXISTS));
	g_free(keep);
	g_free(gone);
	g_free(kept);
	g_free(sub);
	g_free(link);
	g_free(file);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/outfile/commit-and-abort", test_commit_and_abort);
	g_test_add_func("/outfile/open-fails", test_open_fails);
	g_test_add_func("/outfile/device-written-directly", test_device_written_directly);
	g_test_add_func("/outfile/remove-tree-keeps-link-targets", test_remove_tree_keeps_link_targets);
	return g_test_run();
}
