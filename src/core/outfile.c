/*
 * outfile.c - files kept whole or not at all: a temporary beside the target
 * (beside the file a symbolic link leads to), fsync, rename; a device or FIFO
 * written directly; and removing a temporary folder (outfile.h).
 */
#define _GNU_SOURCE	/* nftw */
#include "outfile.h"
#include "capreport.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
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
	g_free(o->dest);
	g_free(o->tmp);
	memset(o, 0, sizeof(*o));
}

/* As many links as Linux follows in one path (MAXSYMLINKS). */
#define MAX_LINKS 40

char *cr_outfile_resolve(const char *path, GError **err)
{
	struct stat st;
	char *p, *real;

	/* What exists: the kernel's own walk of the links. A device or FIFO keeps its name, which opens it
	 * even through a link of /proc (/dev/stdout) that names no file. */
	if (stat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
			return g_strdup(path);
		if ((real = realpath(path, NULL))) {
			p = g_strdup(real);
			free(real);
			return p;
		}
	}
	/* What does not exist yet: the file the last link names. */
	p = g_strdup(path);
	for (int hops = 0; lstat(p, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
		char *to = hops < MAX_LINKS ? g_file_read_link(p, NULL) : NULL;
		int e = hops < MAX_LINKS ? errno : ELOOP;
		char *dir = g_path_get_dirname(p);

		g_free(p);
		p = to && !g_path_is_absolute(to) ? g_build_filename(dir, to, NULL) : g_strdup(to);
		g_free(dir);
		g_free(to);
		if (!p) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, g_strerror(e));
			return NULL;
		}
	}
	return p;
}

int cr_outfile_open_full(struct cr_outfile *o, const char *path, unsigned flags, GError **err)
{
	struct stat st;
	int fd;

	memset(o, 0, sizeof(*o));
	o->path = g_strdup(path);
	if (!(o->dest = cr_outfile_resolve(path, err)))
		goto fail;
	if (stat(o->dest, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode) || !(flags & CR_OUTFILE_DEVICE)) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path,
				    S_ISDIR(st.st_mode) ? g_strerror(EISDIR) : "it is not a regular file");
			goto fail;
		}
		if (flags & CR_OUTFILE_STREAM) {
			if ((o->f = fopen(o->dest, "w")))
				return 0;
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write '%s': %s", path, g_strerror(errno));
			goto fail;
		}
		/* written by name: whole in a temporary of our own, then copied in */
		o->copy = true;
		o->tmp = g_build_filename(g_get_tmp_dir(), "capreport-out.tmp-XXXXXX", NULL);
	} else {
		o->tmp = cr_outfile_template(o->dest);
	}
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

int cr_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int cr_copy_fd(int in, int out, int *read_err, int *write_err)
{
	char buf[65536];
	ssize_t n;

	*read_err = *write_err = 0;
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR && !cr_interrupted)
			continue;
		if (n < 0) {
			*read_err = errno;
			return -1;
		}
		if (cr_write_all(out, buf, (size_t)n) != 0) {
			*write_err = errno;
			return -1;
		}
	}
	return 0;
}

/* Copy the file `from` into the device or FIFO `to`. Returns 0 or an errno value. */
static int copy_into(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC), out = in < 0 ? -1 : open(to, O_WRONLY | O_CLOEXEC), re = 0, e = 0;

	if (out < 0)
		e = errno;
	else if (cr_copy_fd(in, out, &re, &e) != 0 && re)
		e = re;
	if (out >= 0 && close(out) != 0 && !e)
		e = errno;
	if (in >= 0)
		close(in);
	return e;
}

int cr_outfile_rename(struct cr_outfile *o)
{
	if (!o->tmp)
		return 0;
	if (o->copy) {
		int e = copy_into(o->tmp, o->dest);
		if (e)
			return e;
		unlink(o->tmp);
	} else if (rename(o->tmp, o->dest) != 0) {
		return errno;
	}
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
