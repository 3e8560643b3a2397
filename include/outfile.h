/*
 * outfile.h - files kept whole or not at all: written under a temporary
 * name in the target's folder, flushed to disk and renamed into place; on
 * failure the temporary is removed (git lockfile.h). A symbolic link is
 * followed: the temporary goes beside the file it leads to and is renamed
 * onto that file, the link stays. What is not a regular file (a device, a
 * FIFO) is never replaced: written directly, or refused.
 */
#ifndef CR_OUTFILE_H
#define CR_OUTFILE_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

/* How cr_outfile_open_full opens the target. */
enum {
	/* A stream on the temporary in o->f. Without it the temporary is made
	 * and closed: a program or library writes it by its name, o->tmp. */
	CR_OUTFILE_STREAM = 1 << 0,
	/* A target that exists and is not a regular file (/dev/null, a FIFO)
	 * is written directly: the stream opens it; written by name, the
	 * temporary is made in g_get_tmp_dir() and copied into it on commit.
	 * Without this flag such a target is refused. A folder always is. */
	CR_OUTFILE_DEVICE = 1 << 1,
};

/* The caller owns the struct; the strings and the stream are the module's. */
struct cr_outfile {
	char *path;	/* the target as named, for messages */
	char *dest;	/* the file written: path, or where its symbolic links lead */
	char *tmp;	/* the temporary beside dest; NULL when written directly or once renamed */
	FILE *f;	/* CR_OUTFILE_STREAM: open until closed */
	bool copy;	/* dest is a device or FIFO: tmp is copied into it, not renamed onto it */
};

/*
 * The file a write to `path` lands on (g_free it): a device or FIFO by
 * `path` itself (so /dev/stdout opens whatever it is); an existing file or
 * folder by its real path; else the file its symbolic links lead to, which
 * need not exist. NULL and "cannot write 'PATH': REASON" when the links
 * cannot be read or loop.
 */
char *cr_outfile_resolve(const char *path, GError **err);

/* "DIR/.BASE.tmp-XXXXXX": the template every temporary beside `path` is made from (g_free it). */
char *cr_outfile_template(const char *path);

/*
 * Make the temporary for `path` (mode 0644 less the umask). On failure:
 * -1 and "cannot write 'PATH': REASON", nothing left, *o zeroed; a target
 * that is a folder, or not a regular file without CR_OUTFILE_DEVICE, is
 * refused so.
 */
int cr_outfile_open_full(struct cr_outfile *o, const char *path, unsigned flags, GError **err);
/* A file a user names (-o): CR_OUTFILE_STREAM | CR_OUTFILE_DEVICE. */
int cr_outfile_open(struct cr_outfile *o, const char *path, GError **err);

/*
 * Finish writing, without renaming: the stream's error flag, fflush, fsync
 * (of a temporary), fclose; a temporary written by name is opened to be
 * fsynced. Returns 0 or an errno value.
 */
int cr_outfile_close(struct cr_outfile *o);
/* Rename the closed temporary onto the target (copy it into a device). Returns 0 or an errno value. */
int cr_outfile_rename(struct cr_outfile *o);
/* Close and rename; on failure "cannot write 'PATH': REASON" and the temporary removed. Frees *o. */
int cr_outfile_commit(struct cr_outfile *o, GError **err);
/* Close, remove the temporary if it was not renamed, free *o. Safe on a zeroed struct. */
void cr_outfile_abort(struct cr_outfile *o);

/*
 * Remove `path` and, if it is a folder, everything under it, as far as
 * possible. A symbolic link is removed itself, never followed: a link to a
 * folder elsewhere leaves that folder alone.
 */
void cr_remove_tree(const char *path);

/* write(2) all of buf, again after EINTR; -1 with errno set on failure. */
int cr_write_all(int fd, const void *buf, size_t n);
/*
 * Copy `in` to `out` up to in's end, a read again after EINTR unless the
 * run is interrupted. 0, or -1 with *read_err (EINTR when interrupted) or
 * *write_err set to the errno of the call that failed.
 */
int cr_copy_fd(int in, int out, int *read_err, int *write_err);

#endif
