/* copy.c - inputs that can be read only once (standard input, pipes, FIFOs): copied once for the whole run. */
#include "inputcopy.h"
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool cr_input_read_once(const char *path)
{
	struct stat st;

	if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdin") == 0 || g_str_has_prefix(path, "/dev/fd/") ||
	    g_str_has_prefix(path, "/proc/"))
		return true;
	return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/* Copy `in` to the new file `copy` up to its end. Returns 0, or an exit code with err. */
static int copy_input(int in, const char *copy, const char *path, GError **err)
{
	int out = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600), e = 0, re = 0;

	if (out < 0)
		e = errno;
	else
		cr_copy_fd(in, out, &re, &e);
	if (out >= 0 && close(out) != 0 && !e)
		e = errno;
	if (re == EINTR)
		g_set_error(err, CR_ERROR, CR_EXIT_INTERRUPTED, "interrupted while reading '%s'", path);
	else if (re)
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(re));
	else if (e)
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot keep a copy of '%s' in '%s': %s", path, copy,
			    g_strerror(e));
	return *err ? (*err)->code : 0;
}

const char *cr_input_file(struct cr_ctx *ctx, const char *path, GError **err)
{
	bool std_in = strcmp(path, "-") == 0;
	const char *key = std_in ? "/dev/stdin" : path;
	GError *e = NULL;
	char *copy;
	int in;

	if (!cr_input_read_once(path))
		return path;
	if (ctx->spools && (copy = g_hash_table_lookup(ctx->spools, key)))
		return copy;
	if (!ctx->spool_dir && !(ctx->spool_dir = g_dir_make_tmp("capreport-input-XXXXXX", NULL))) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot make a temporary folder for a copy of '%s': %s",
			    path, g_strerror(errno));
		return NULL;
	}
	if (!ctx->spools)
		ctx->spools = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	in = std_in ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		return NULL;
	}
	copy = g_strdup_printf("%s/%u", ctx->spool_dir, g_hash_table_size(ctx->spools) + 1);
	copy_input(in, copy, path, &e);
	close(in);
	if (e) {
		unlink(copy);
		g_free(copy);
		g_propagate_error(err, e);
		return NULL;
	}
	g_hash_table_insert(ctx->spools, g_strdup(key), copy);
	return copy;
}

void cr_input_clear(struct cr_ctx *ctx)
{
	g_clear_pointer(&ctx->spools, g_hash_table_destroy);
	if (ctx->spool_dir)
		cr_remove_tree(ctx->spool_dir);
	g_clear_pointer(&ctx->spool_dir, g_free);
}

void cr_input_name_copy(char **text, const char *file, const char *path)
{
	GString *s;

	if (!*text || file == path || !strstr(*text, file))
		return;
	s = g_string_new(*text);
	g_string_replace(s, file, path, 0);
	g_free(*text);
	*text = g_string_free(s, FALSE);
}
