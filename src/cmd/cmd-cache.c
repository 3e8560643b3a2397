/* cmd-cache.c - `capreport cache list | clean [--stale] [DIR...]`: the cached CSVs beside captures and under XDG. */
#include "cache.h"
#include "cmd.h"
#include "run.h"
#include "tshark.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct cr_option options[] = {
	{ "stale", 0, NULL, "clean: remove only caches that would be regenerated (and those whose capture is gone)" },
	{ NULL, 0, NULL, NULL },
};

#define usage(...) cr_usage_error(&cmd_cache_entry, __VA_ARGS__)
#define MAX_DEPTH 64

static const char *const state_names[] = {
	[CR_CACHE_VALID] = "valid",
	[CR_CACHE_STALE] = "stale",
	[CR_CACHE_UNKNOWN] = "unknown",
	NULL,
};

/* Every "*.manifest" under `dir` (recursively, symlinks not followed) into `found` (canonical paths). */
static void walk(const char *dir, int depth, GHashTable *seen, GPtrArray *found, const struct cr_ctx *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *ent;

	if (!d) {
		if (depth == 0 || errno != ENOENT)
			cr_warn(ctx, "cannot read the folder '%s': %s", dir, g_strerror(errno));
		return;
	}
	while ((ent = readdir(d))) {
		const char *name = ent->d_name;
		char *path;
		struct stat st;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		path = g_build_filename(dir, name, NULL);
		if (lstat(path, &st) != 0) {
			g_free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH) {
			walk(path, depth + 1, seen, found, ctx);
		} else if (S_ISREG(st.st_mode) && g_str_has_suffix(name, ".manifest")) {
			char *canon = g_canonicalize_filename(path, NULL);
			if (!g_hash_table_contains(seen, canon)) {
				g_hash_table_add(seen, g_strdup(canon));
				g_ptr_array_add(found, canon);
			} else {
				g_free(canon);
			}
		}
		g_free(path);
	}
	closedir(d);
}

static gint by_csv(gconstpointer a, gconstpointer b)
{
	return strcmp(((const struct cr_cache_entry *)a)->csv, ((const struct cr_cache_entry *)b)->csv);
}

/* Is `path` (absolute) inside one of the canonical folders `roots`? */
static bool under(const char *path, GPtrArray *roots)
{
	for (guint i = 0; path && i < roots->len; i++) {
		const char *r = g_ptr_array_index(roots, i);
		size_t n = strlen(r);
		if (strcmp(r, "/") == 0 || (strncmp(path, r, n) == 0 && (path[n] == '/' || path[n] == '\0')))
			return true;
	}
	return false;
}

/*
 * The caches under the folders given (default .), and those in the XDG cache
 * folder whose capture is under one of them; sorted by path.
 */
static GArray *find_caches(const struct cr_ctx *ctx, GPtrArray *dirs, const char *tshark_version)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *found = g_ptr_array_new_with_free_func(g_free), *xfound = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *roots = g_ptr_array_new_with_free_func(g_free);
	GArray *entries = g_array_new(FALSE, TRUE, sizeof(struct cr_cache_entry));
	char *xdg = g_build_filename(g_get_user_cache_dir(), "capreport", NULL);

	for (guint i = 0; i < dirs->len; i++)
		g_ptr_array_add(roots, g_canonicalize_filename(g_ptr_array_index(dirs, i), NULL));
	if (!dirs->len)
		g_ptr_array_add(roots, g_canonicalize_filename(".", NULL));
	for (guint i = 0; i < roots->len; i++)
		walk(g_ptr_array_index(roots, i), 0, seen, found, ctx);
	if (g_file_test(xdg, G_FILE_TEST_IS_DIR))
		walk(xdg, 0, seen, xfound, ctx);
	for (guint i = 0; i < 2; i++) {
		GPtrArray *list = i ? xfound : found;
		for (guint j = 0; j < list->len; j++) {
			struct cr_cache_entry e;
			if (cr_cache_entry_check(g_ptr_array_index(list, j), tshark_version, ctx->config, &e) != 0)
				continue;
			if (i && !under(e.capture, roots)) {
				cr_cache_entry_clear(&e);
				continue;
			}
			g_array_append_val(entries, e);
		}
	}
	g_array_sort(entries, by_csv);
	g_free(xdg);
	g_ptr_array_unref(found);
	g_ptr_array_unref(xfound);
	g_ptr_array_unref(roots);
	g_hash_table_unref(seen);
	return entries;
}

static void entries_free(GArray *entries)
{
	for (guint i = 0; i < entries->len; i++)
		cr_cache_entry_clear(&g_array_index(entries, struct cr_cache_entry, i));
	g_array_free(entries, TRUE);
}

static const struct cr_column_def cache_columns[] = {
	{ "cache", CR_COL_TEXT }, { "capture", CR_COL_TEXT }, { "profile", CR_COL_TEXT },
	{ "rows", CR_COL_INT }, { "size", CR_COL_BYTES }, { "state", CR_COL_TEXT }, { "why", CR_COL_TEXT },
	{ NULL, 0 },
};

static struct cr_table *list_table(GArray *entries)
{
	struct cr_table *t = cr_table_new("caches", "Cached CSVs");
	int64_t total = 0;

	cr_table_add_columns(t, cache_columns);
	for (guint i = 0; i < entries->len; i++) {
		const struct cr_cache_entry *e = &g_array_index(entries, struct cr_cache_entry, i);
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_text(&row[0], e->csv);
		cr_cell_text(&row[1], e->capture);
		cr_cell_text(&row[2], e->profile);
		cr_cell_int(&row[3], e->rows);
		cr_cell_int(&row[4], e->bytes);
		cr_cell_text(&row[5], state_names[e->state]);
		cr_cell_text(&row[6], e->reason);
		total += e->bytes;
	}
	if (entries->len) {
		char *h = cr_fmt_human((double)total, "B");
		cr_table_add_note(t, "%u cache%s, %s", entries->len, entries->len == 1 ? "" : "s", h);
		g_free(h);
	}
	return t;
}

/* Remove one cache: its CSV, then its manifest. Returns bytes freed, -1 on failure. */
static int64_t remove_entry(const struct cr_cache_entry *e)
{
	if (e->csv_exists && unlink(e->csv) != 0 && errno != ENOENT) {
		fprintf(stderr, "capreport cache: cannot remove '%s': %s\n", e->csv, g_strerror(errno));
		return -1;
	}
	if (unlink(e->manifest) != 0 && errno != ENOENT) {
		fprintf(stderr, "capreport cache: cannot remove '%s': %s\n", e->manifest, g_strerror(errno));
		return -1;
	}
	return e->bytes;
}

static int do_clean(struct cr_ctx *ctx, GArray *entries, bool stale_only)
{
	struct cr_table *t = cr_table_new("removed", "Removed caches");	/* for programs: -f csv, json */
	int64_t freed = 0;
	unsigned n = 0;
	char *h;

	cr_table_add_column(t, "file", CR_COL_TEXT);
	cr_table_add_column(t, "bytes", CR_COL_BYTES);
	cr_table_add_column(t, "reason", CR_COL_TEXT);

	for (guint i = 0; i < entries->len; i++) {
		const struct cr_cache_entry *e = &g_array_index(entries, struct cr_cache_entry, i);
		int64_t b;
		if (stale_only && e->state != CR_CACHE_STALE)
			continue;
		b = remove_entry(e);
		if (b < 0) {
			cr_ctx_status(ctx, CR_EXIT_OUTPUT);
			continue;
		}
		if (ctx->format == CR_FMT_TEXT) {
			printf("removed '%s' (%" G_GINT64_FORMAT " bytes)%s%s\n", e->csv, b, e->reason ? ": " : "",
			       e->reason ? e->reason : "");
		} else {
			struct cr_cell *row = cr_table_add_row(t);
			cr_cell_text(&row[0], e->csv);
			cr_cell_int(&row[1], b);
			cr_cell_text(&row[2], e->reason);
		}
		freed += b;
		n++;
	}
	if (ctx->format != CR_FMT_TEXT)
		return cr_emit_one(ctx, t);
	cr_table_free(t);
	h = cr_fmt_human((double)freed, "B");
	printf("removed %u cache%s, freed %" G_GINT64_FORMAT " bytes (%s)\n", n, n == 1 ? "" : "s", freed, h);
	g_free(h);
	return ctx->worst_exit;
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	const char *action = args->inputs->len ? g_ptr_array_index(args->inputs, 0) : NULL;
	bool stale = cr_args_has(args, "stale");
	GPtrArray *dirs = g_ptr_array_new();
	char *tv = NULL;
	GArray *entries;
	GError *err = NULL;
	int status;

	if (!action || (strcmp(action, "list") != 0 && strcmp(action, "clean") != 0)) {
		g_ptr_array_unref(dirs);
		return usage("takes an action: list or clean%s%s%s", action ? ", not '" : "", action ? action : "",
			     action ? "'" : "");
	}
	if (stale && strcmp(action, "clean") != 0) {
		g_ptr_array_unref(dirs);
		return usage("%s", "--stale goes with clean");
	}
	for (guint i = 1; i < args->inputs->len; i++) {
		const char *d = g_ptr_array_index(args->inputs, i);
		if (!g_file_test(d, G_FILE_TEST_IS_DIR)) {
			fprintf(stderr, "capreport cache: cannot read the folder '%s': %s\n", d,
				g_file_test(d, G_FILE_TEST_EXISTS) ? g_strerror(ENOTDIR) : g_strerror(ENOENT));
			g_ptr_array_unref(dirs);
			return CR_EXIT_INPUT;
		}
		g_ptr_array_add(dirs, (gpointer)d);
	}
	/* Validity depends on the tshark in use; without one, only --stale needs it. */
	tv = cr_tshark_version(ctx, &err);
	if (!tv && stale) {
		cr_error_print(err);
		g_error_free(err);
		g_ptr_array_unref(dirs);
		return CR_EXIT_TSHARK;
	}
	g_clear_error(&err);
	entries = find_caches(ctx, dirs, tv);
	if (strcmp(action, "list") == 0)
		status = cr_emit_one(ctx, list_table(entries));
	else
		status = do_clean(ctx, entries, stale);
	entries_free(entries);
	g_ptr_array_unref(dirs);
	g_free(tv);
	return status;
}

const struct cr_cmd_entry cmd_cache_entry = {
	.name = "cache",
	.args = "list|clean [DIR...]",
	.summary = "list or remove the cached CSVs beside captures and under the XDG cache folder",
	.description =
		"list: every cache found under DIR (default: the current folder), recursively,\n"
		"and those in $XDG_CACHE_HOME/capreport made for captures under DIR (give that\n"
		"folder as DIR to see all of it): its capture, profile, rows, size on disk, and\n"
		"whether it is still valid (the same checks a run makes) or why it is stale.\n"
		"clean: remove the caches (CSV and manifest), or with --stale only the stale ones,\n"
		"and say what was removed and how many bytes were freed. Only files with a\n"
		"capreport manifest are ever removed.",
	.examples =
		"  capreport cache list samples/                 # caches of the samples, valid or stale\n"
		"  capreport cache clean --stale samples/        # remove the stale ones only\n",
	.options = options,
	.flags = CR_CMD_TABLE,
	.exec = exec,
};
