/*
 * outfile.c - files kept whole or not at all: a temporary beside the target,
 * fsync, rename; and removing a temporary folder (outfile.h).
 */
#define _GNU_SOURCE	/* nftw */
#include "outfile.h"
#include "capreport.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *cr_outfile_template(const char *path)
{
	char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
	char *tmpl = g_strdup_printf("%s/.%s.tmp-XXXXXX", dir, base);

	g_free(dir);
	g_free(base);
	return tmpl;
}

static void clear(struct cr_outfile *o)
{
	g_free(o->path);
	g_free(o->tmp);
	memset(o, 0, sizeof(*o));
}

int cr_outfile_open_full(struct cr_outfile *o, const char *path, unsigned flags, GError **err)
{
	struct stat st;
	int fd;

	memset(o, 0, sizeof(*o));
	o->path = g_strdup(path);
	if ((flags & CR_OUTFILE_DEVICE) && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': Is a directory", path);
			goto fail;
		}
		o->f = fopen(path, "w");
		if (!o->f) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, g_strerror(errno));
			goto fail;
		}
		return 0;
	}
	o->tmp = cr_outfile_template(path);
	fd = g_mkstemp_full(o->tmp, O_WRONLY | O_CLOEXEC, 0644);
	if (fd >= 0 && !(flags & CR_OUTFILE_STREAM) && close(fd) == 0)
		return 0;
	if (fd >= 0 && (flags & CR_OUTFILE_STREAM) && (o->f = fdopen(fd, "w")))
		return 0;
	g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, g_strerror(errno));
	if (fd >= 0) {
		if (flags & CR_OUTFILE_STREAM)
			close(fd);
		unlink(o->tmp);
	}
fail:
	clear(o);
	return -1;
}

int cr_outfile_open(struct cr_outfile *o, const char *path, GError **err)
{
	return cr_outfile_open_full(o, path, CR_OUTFILE_STREAM | CR_OUTFILE_DEVICE, err);
}

int cr_outfile_close(struct cr_outfile *o)
{
	int e = 0;

	if (o->f) {
		e = ferror(o->f) ? EIO : 0;
		if (!e && fflush(o->f) != 0)
			e = errno;
		if (!e && o->tmp && fsync(fileno(o->f)) != 0)
			e = errno;
		if (fclose(o->f) != 0 && !e)
			e = errno;
		o->f = NULL;
	} else if (o->tmp) {
		int fd = open(o->tmp, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) != 0)
			e = errno;
		if (fd >= 0)
			close(fd);
	}
	return e;
}

int cr_outfile_rename(struct cr_outfile *o)
{
	if (!o->tmp)
		return 0;
	if (rename(o->tmp, o->path) != 0)
		return errno;
	g_clear_pointer(&o->tmp, g_free);
	return 0;
}

int cr_outfile_commit(struct cr_outfile *o, GError **err)
{
	int e = cr_outfile_close(o);

	if (!e)
		e = cr_outfile_rename(o);
	if (e) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", o->path, g_strerror(e));
		cr_outfile_abort(o);
		return -1;
	}
	clear(o);
	return 0;
}

void cr_outfile_abort(struct cr_outfile *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	clear(o);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void cr_remove_tree(const char *path)
{
	/* FTW_PHYS: links are visited as links; FTW_DEPTH: a folder after what it holds. */
	nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
