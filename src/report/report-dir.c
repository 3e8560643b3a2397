/*
 * report-dir.c - the report's folder: built under a temporary name beside
 * DIR and swapped into place whole, so an interrupted report never leaves a
 * half page that looks complete (a DIR that is a symbolic link: beside and
 * in place of the folder it leads to); files written inside it, templates
 * read and copied into it.
 */
#define _GNU_SOURCE
#include "outfile.h"
#include "plot.h"
#include "report-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Marks a folder as a capreport report: only such a folder is ever replaced. */
#define MARKER ".capreport-report"

/* Is `dir` empty or an earlier report? */
static bool replaceable(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	char *marker = g_build_filename(dir, MARKER, NULL);
	bool ok = g_file_test(marker, G_FILE_TEST_IS_REGULAR) || (d && !g_dir_read_name(d));

	if (d)
		g_dir_close(d);
	g_free(marker);
	return ok;
}

/* May the report named `named` go to `out`, where its links lead? */
static int check_target(const char *named, const char *out, GError **err)
{
	struct stat st;

	if (stat(out, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write the report to '%s': it exists and is not a folder",
			    named);
		return -1;
	}
	if (!replaceable(out)) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT,
			    "cannot write the report to '%s': the folder holds files that are not a capreport report "
			    "(give a new or empty folder)", named);
		return -1;
	}
	return 0;
}

char *cr_report_dir_begin(const char *named, GError **err)
{
	char *out = cr_outfile_resolve(named, err), *parent = NULL, *tmp = NULL, *marker;

	if (!out || check_target(named, out, err) != 0)
		goto out;
	parent = g_path_get_dirname(out);
	if (g_mkdir_with_parents(parent, 0755) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot make the folder '%s': %s", parent, g_strerror(errno));
		goto out;
	}
	tmp = cr_outfile_template(out);
	if (!g_mkdtemp_full(tmp, 0755)) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write in '%s': %s", parent, g_strerror(errno));
		g_clear_pointer(&tmp, g_free);
		goto out;
	}
	marker = g_build_filename(tmp, MARKER, NULL);
	if (!g_file_set_contents(marker, "made by capreport report; the folder is replaced by the next report\n", -1,
				 NULL)) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write in '%s': %s", tmp, g_strerror(errno));
		cr_remove_tree(tmp);
		g_clear_pointer(&tmp, g_free);
	}
	g_free(marker);
out:
	g_free(parent);
	g_free(out);
	return tmp;
}

int cr_report_dir_commit(const char *tmp, const char *named, GError **err)
{
	char *out = cr_outfile_resolve(named, err), *old = NULL;
	int rc = -1;

	if (!out || check_target(named, out, err) != 0)
		goto done;
	if (rename(tmp, out) == 0) {
		rc = 0;
		goto done;
	}
	if (errno != EEXIST && errno != ENOTEMPTY) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write the report to '%s': %s", named, g_strerror(errno));
		goto done;
	}
	/* An earlier report: swap the two at once, then remove the old one. */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0) {
		cr_remove_tree(tmp);
		rc = 0;
		goto done;
	}
	old = g_strdup_printf("%s.old-%d", tmp, (int)getpid());
	if (rename(out, old) != 0 || rename(tmp, out) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot replace the report in '%s': %s", named,
			    g_strerror(errno));
		if (!g_file_test(out, G_FILE_TEST_EXISTS))
			rename(old, out);
		goto done;
	}
	cr_remove_tree(old);
	rc = 0;
done:
	g_free(old);
	g_free(out);
	return rc;
}

char *cr_report_path(const struct cr_report *r, const char *rel)
{
	return g_build_filename(r->tmp, rel, NULL);
}

int cr_report_write_file(const struct cr_report *r, const char *rel, const char *data, gssize len, GError **err)
{
	char *path = cr_report_path(r, rel), *dir = g_path_get_dirname(path);
	GError *e = NULL;
	int rc = 0;

	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot make the folder '%s': %s", dir, g_strerror(errno));
		rc = -1;
	} else if (!g_file_set_contents_full(path, data, len, G_FILE_SET_CONTENTS_NONE, 0644, &e)) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, e->message);
		g_error_free(e);
		rc = -1;
	}
	g_free(dir);
	g_free(path);
	return rc;
}

int cr_report_close_file(FILE *f, const char *path, int rc, GError **e, GError **err)
{
	if (fclose(f) != 0 && rc == 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, g_strerror(errno));
		rc = -1;
	} else if (rc != 0) {
		/* the writer knows the stream, not its name: say which file */
		const char *why = *e ? (*e)->message : "";
		if (g_str_has_prefix(why, "cannot write: "))
			why += strlen("cannot write: ");
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, why);
	}
	g_clear_error(e);
	return rc;
}

char *cr_report_read_template(const struct cr_report *r, const char *name, char **path, GError **err)
{
	char *p = cr_template_find(r->o.templates, name, err), *text = NULL;
	GError *e = NULL;

	if (!p)
		return NULL;
	if (!g_file_get_contents(p, &text, NULL, &e)) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot read the template '%s': %s", p, e->message);
		g_error_free(e);
		g_free(p);
		return NULL;
	}
	if (path)
		*path = p;
	else
		g_free(p);
	return text;
}

int cr_report_copy_template(const struct cr_report *r, const char *name, const char *rel, GError **err)
{
	char *text = cr_report_read_template(r, name, NULL, err);
	int rc;

	if (!text)
		return -1;
	rc = cr_report_write_file(r, rel, text, -1, err);
	g_free(text);
	return rc;
}
