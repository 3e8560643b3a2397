/* tshark.c - running tshark's field export: argv, clean preferences, progress. */
#include "child.h"
#include "outfile.h"
#include "tshark.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define INSTALL_HINT "install it with 'apt-get install tshark' or point --tshark at it"

static char *find_tshark(const struct cr_ctx *ctx, GError **err)
{
	char *path = g_find_program_in_path(ctx->tshark);

	if (!path)
		g_set_error(err, CR_ERROR, CR_EXIT_TSHARK, "tshark not found ('%s'): " INSTALL_HINT, ctx->tshark);
	return path;
}

/* tshark prints this when run as root; it is not news. */
static void drop_root_warning(GString *s)
{
	static const char warn[] = "Running as user \"root\" and group \"root\". This could be dangerous.\n";
	char *p;

	while ((p = strstr(s->str, warn)))
		g_string_erase(s, p - s->str, sizeof(warn) - 1);
	while (s->len && (s->str[s->len - 1] == '\n' || s->str[s->len - 1] == ' '))
		g_string_truncate(s, s->len - 1);
}

/* An environment where user preferences cannot change tshark's output. */
static char **clean_env(const char *confdir)
{
	char **env = g_get_environ();

	env = g_environ_setenv(env, "WIRESHARK_CONFIG_DIR", confdir, TRUE);
	env = g_environ_setenv(env, "LC_ALL", "C", TRUE);
	env = g_environ_unsetenv(env, "WIRESHARK_DEBUG_WMEM_OVERRIDE");
	return env;
}

static char *run_version(const char *path, GError **err)
{
	char *argv[] = { (char *)path, (char *)"--version", NULL };
	char *out = NULL, *errtext = NULL, *nl;
	int status = 0;

	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &errtext, &status, NULL) ||
	    !g_spawn_check_wait_status(status, NULL) || !out || !g_str_has_prefix(out, "TShark")) {
		g_set_error(err, CR_ERROR, CR_EXIT_TSHARK, "'%s --version' did not say it is tshark", path);
		g_free(out);
		out = NULL;
	} else if ((nl = strchr(out, '\n'))) {
		*nl = '\0';
	}
	g_free(errtext);
	return out;
}

/*
 * tshark takes 0.4 s and 150 MiB to say its version, so the answer is kept
 * under $XDG_CACHE_HOME/capreport/tshark-versions, keyed by the program's
 * real path, size and mtime: an upgraded tshark is asked again.
 */
char *cr_tshark_version(const struct cr_ctx *ctx, GError **err)
{
	char *path = find_tshark(ctx, err), *real, *key, *file, *version;
	GKeyFile *kf;
	struct stat st;

	if (!path)
		return NULL;
	real = realpath(path, NULL);
	if (!real || stat(real, &st) != 0) {
		free(real);
		version = run_version(path, err);
		g_free(path);
		return version;
	}
	key = g_strdup_printf("%s:%lld:%lld.%09ld", real, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			      st.st_mtim.tv_nsec);
	file = g_build_filename(g_get_user_cache_dir(), "capreport", "tshark-versions", NULL);
	kf = g_key_file_new();
	g_key_file_load_from_file(kf, file, G_KEY_FILE_NONE, NULL);
	version = g_key_file_get_string(kf, "versions", key, NULL);
	if (!version && (version = run_version(path, err))) {
		char *dir = g_path_get_dirname(file);
		g_key_file_set_string(kf, "versions", key, version);
		/* Best effort: an unwritable cache folder only costs time. */
		if (g_mkdir_with_parents(dir, 0755) == 0)
			g_key_file_save_to_file(kf, file, NULL);
		g_free(dir);
	}
	g_key_file_free(kf);
	g_free(file);
	g_free(key);
	free(real);
	g_free(path);
	return version;
}

/* What `tshark -G REPORT` prints, user preferences left out (g_free); NULL with err. */
static char *run_glossary(const char *path, const char *report, GError **err)
{
	char *argv[] = { (char *)path, (char *)"-G", (char *)report, NULL }, *dir, *out = NULL, **env;
	int status = 0;

	if (!(dir = g_dir_make_tmp("capreport-tshark-XXXXXX", err)))
		return NULL;
	env = clean_env(dir);
	if (g_spawn_sync(NULL, argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, err) &&
	    !g_spawn_check_wait_status(status, NULL)) {
		g_set_error(err, CR_ERROR, CR_EXIT_TSHARK, "'%s -G %s' failed", path, report);
		g_clear_pointer(&out, g_free);
	}
	g_rmdir(dir);
	g_free(dir);
	g_strfreev(env);
	return out;
}

/* Column `col` of the tab-separated lines of `text` whose column `on` is "T" (any, when on < 0), into `set`. */
static void glossary_names(const char *text, int col, int on, GHashTable *set)
{
	char **lines = g_strsplit(text, "\n", -1);

	for (char **l = lines; *l; l++) {
		char **f = g_strsplit(*l, "\t", 4);
		if ((int)g_strv_length(f) > MAX(col, on) && (on < 0 || strcmp(f[on], "T") == 0))
			g_hash_table_add(set, g_strdup(f[col]));
		g_strfreev(f);
	}
	g_strfreev(lines);
}

char **cr_tshark_heuristics(const struct cr_ctx *ctx, GError **err)
{
	char *path = find_tshark(ctx, err), *heur = NULL, *tables = NULL, **names = NULL;
	GHashTable *guessed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *registered = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *found = g_ptr_array_new();
	GHashTableIter it;
	gpointer k;

	if (!path || !(heur = run_glossary(path, "heuristic-decodes", err)) ||
	    !(tables = run_glossary(path, "decodes", err)))
		goto out;
	glossary_names(heur, 1, 2, guessed);	/* "tcp<TAB>jxta<TAB>T": lower layer, protocol, enabled */
	glossary_names(tables, 2, -1, registered);	/* "tcp.port<TAB>80<TAB>http" */
	g_hash_table_iter_init(&it, guessed);
	while (g_hash_table_iter_next(&it, &k, NULL))
		if (!g_hash_table_contains(registered, k))
			g_ptr_array_add(found, g_strdup(k));
	g_ptr_array_add(found, NULL);
	names = (char **)g_ptr_array_free(found, FALSE);
	found = NULL;
out:
	if (found)
		g_ptr_array_free(found, TRUE);
	g_hash_table_destroy(guessed);
	g_hash_table_destroy(registered);
	g_free(heur);
	g_free(tables);
	g_free(path);
	return names;
}

char **cr_tshark_argv(const struct cr_ctx *ctx, const char *capture, const struct cr_profile *p)
{
	GPtrArray *a = g_ptr_array_new();

	g_ptr_array_add(a, g_strdup(ctx->tshark));
	g_ptr_array_add(a, g_strdup("-n"));
	if (p->two_pass)
		g_ptr_array_add(a, g_strdup("-2"));
	g_ptr_array_add(a, g_strdup("-r"));
	g_ptr_array_add(a, g_strdup(capture));
	if (ctx->display_filter && *ctx->display_filter) {
		g_ptr_array_add(a, g_strdup("-Y"));
		g_ptr_array_add(a, g_strdup(ctx->display_filter));
	}
	for (size_t i = 0; p->prefs[i]; i++) {
		g_ptr_array_add(a, g_strdup("-o"));
		g_ptr_array_add(a, g_strdup(p->prefs[i]));
	}
	g_ptr_array_add(a, g_strdup("-T"));
	g_ptr_array_add(a, g_strdup("fields"));
	g_ptr_array_add(a, g_strdup("-E"));
	g_ptr_array_add(a, g_strdup("header=y"));
	g_ptr_array_add(a, g_strdup("-E"));
	g_ptr_array_add(a, g_strdup("separator=,"));
	g_ptr_array_add(a, g_strdup("-E"));
	g_ptr_array_add(a, g_strdup("quote=d"));
	g_ptr_array_add(a, g_strdup("-E"));
	g_ptr_array_add(a, g_strdup("occurrence=a"));
	g_ptr_array_add(a, g_strdup("-E"));
	g_ptr_array_add(a, g_strdup("aggregator=" CR_TSHARK_AGGREGATOR));
	for (size_t i = 0; p->fields[i]; i++) {
		g_ptr_array_add(a, g_strdup("-e"));
		g_ptr_array_add(a, g_strdup(p->fields[i]));
	}
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
}

void cr_tshark_result_clear(struct cr_tshark_result *r)
{
	g_free(r->stderr_text);
	memset(r, 0, sizeof(*r));
}

/* ---- progress -------------------------------------------------------- */

/*
 * With -2, tshark reads the capture twice: the first pass writes nothing,
 * through one descriptor; the second reads each frame again through another
 * and writes the rows. Each pass shows how far it is into the capture.
 */
struct progress {
	bool on;
	const char *name;	/* the input as the user named it */
	pid_t pid;
	int fd;			/* tshark's descriptor of the capture, -1 unknown */
	int pass, passes;	/* 1-based; 2 with -2 */
	int64_t size;
	gint64 start, pass_start, last;
	bool shown;
};

/* Is the child's descriptor `fd` the capture (same inode)? */
static bool is_capture_fd(pid_t pid, int fd, const struct stat *want)
{
	char path[64];
	struct stat st;

	g_snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
	return stat(path, &st) == 0 && st.st_ino == want->st_ino && st.st_dev == want->st_dev;
}

/* Find which of the child's descriptors is the capture: the lowest, or -1. */
static int find_capture_fd(pid_t pid, const char *capture)
{
	struct stat want;

	if (stat(capture, &want) != 0)
		return -1;
	for (int fd = 3; fd < 64; fd++)
		if (is_capture_fd(pid, fd, &want))
			return fd;
	return -1;
}

static int64_t capture_pos(const struct progress *pr)
{
	char path[64], *text = NULL;
	int64_t pos = -1;

	g_snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)pr->pid, pr->fd);
	if (g_file_get_contents(path, &text, NULL, NULL) && g_str_has_prefix(text, "pos:"))
		pos = g_ascii_strtoll(text + 4, NULL, 10);
	g_free(text);
	return pos;
}

/* Follow tshark from one pass to the next: the first pass's descriptor closes, or rows come. */
static void progress_follow(struct progress *pr, const char *capture, uint64_t lines, gint64 now)
{
	struct stat want;
	int fd;

	if (pr->fd >= 0 && stat(capture, &want) == 0 && is_capture_fd(pr->pid, pr->fd, &want) &&
	    !(lines && pr->pass < pr->passes))
		return;
	fd = find_capture_fd(pr->pid, capture);
	if (fd >= 0 && pr->fd >= 0 && pr->pass < pr->passes && (fd != pr->fd || lines)) {
		pr->pass++;
		pr->pass_start = now;
	}
	pr->fd = fd;
}

static void progress_show(struct progress *pr, const char *capture, uint64_t lines, bool final)
{
	gint64 now = g_get_monotonic_time();
	double secs, rate;
	int64_t pos;

	if (!pr->on || (!final && now - pr->last < 250000))
		return;
	pr->last = now;
	if (final) {
		if (pr->shown)
			fprintf(stderr, "\r\033[K");
		return;
	}
	secs = (double)(now - pr->start) / 1e6;
	rate = secs > 0 ? (double)lines / secs : 0;
	progress_follow(pr, capture, lines, now);
	pos = pr->fd >= 0 ? capture_pos(pr) : -1;
	fprintf(stderr, "\r\033[Kreading %s:", pr->name);
	if (pr->passes > 1)
		fprintf(stderr, " pass %d of %d", pr->pass, pr->passes);
	if (pos >= 0 && pr->size > 0) {
		/* Time left: this pass's pace; a first pass counts the second as long as itself. */
		double frac = (double)pos / (double)pr->size, in_pass = (double)(now - pr->pass_start) / 1e6;
		double eta = frac > 0.01 ? in_pass / frac - in_pass + (pr->passes - pr->pass) * in_pass / frac : -1;
		fprintf(stderr, "  %3.0f%%", frac * 100);
		if (pr->pass == pr->passes)
			fprintf(stderr, "  %" G_GUINT64_FORMAT " packets  %.0f packets/s", lines, rate);
		if (eta >= 0)
			fprintf(stderr, "  ETA %d:%02d", (int)eta / 60, (int)eta % 60);
	} else if (pr->pass == pr->passes) {
		fprintf(stderr, "  %" G_GUINT64_FORMAT " packets  %.0f packets/s", lines, rate);
	}
	pr->shown = true;
}

/* ---- the export ------------------------------------------------------ */

/* tshark's stdout: lines counted, then to the consumer; its failure stops tshark. */
struct sink {
	cr_chunk_fn fn;
	void *user;
	uint64_t *lines;
};

static int pass_on(void *user, const char *buf, size_t len)
{
	struct sink *k = user;

	for (size_t i = 0; i < len; i++)
		*k->lines += buf[i] == '\n';
	return k->fn(k->user, buf, len);
}

int cr_tshark_export(const struct cr_ctx *ctx, const char *capture, const char *name, const struct cr_profile *p,
		     cr_chunk_fn fn, void *user, struct cr_tshark_result *res, GError **err)
{
	char *path, *confdir, **argv, **env;
	struct cr_child c = { 0 };
	struct sink sink = { fn, user, &res->lines };
	struct progress pr = { 0 };
	struct stat st;
	int rc = 0;

	memset(res, 0, sizeof(*res));
	if (!(path = find_tshark(ctx, err)))
		return -1;
	confdir = g_dir_make_tmp("capreport-tshark-XXXXXX", NULL);
	if (!confdir) {
		g_set_error(err, CR_ERROR, CR_EXIT_ERROR, "cannot make a temporary folder: %s", g_strerror(errno));
		g_free(path);
		return -1;
	}
	argv = cr_tshark_argv(ctx, capture, p);
	g_free(argv[0]);
	argv[0] = path;
	env = clean_env(confdir);

	if (ctx->verbose) {
		GString *line = g_string_new("running:");
		for (char **a = argv; *a; a++) {
			char *q = g_shell_quote(*a);
			g_string_append_printf(line, " %s", q);
			g_free(q);
		}
		fprintf(stderr, "capreport: %s\n", line->str);
		g_string_free(line, TRUE);
	}

	c.argv = argv;
	c.env = env;
	c.on_out = pass_on;
	c.user = &sink;
	if (cr_child_start(&c, err) != 0) {
		g_prefix_error(err, "cannot run tshark: ");
		if (*err)
			(*err)->code = CR_EXIT_TSHARK;
		rc = -1;
		goto out;
	}

	pr.on = ctx->progress;
	pr.name = name;
	pr.pid = c.pid;
	pr.fd = -1;
	pr.pass = 1;
	pr.passes = p->two_pass ? 2 : 1;
	pr.size = stat(capture, &st) == 0 ? st.st_size : 0;
	pr.start = pr.pass_start = pr.last = g_get_monotonic_time();
	while (cr_child_wait_any(&c, 1, 250) < 0)
		progress_show(&pr, capture, res->lines, false);
	progress_show(&pr, capture, res->lines, true);

	res->status = WIFEXITED(c.status) ? WEXITSTATUS(c.status) : -WTERMSIG(c.status);
	drop_root_warning(c.err);
	res->stderr_text = g_strdup(c.err->str);
	res->damaged = strstr(c.err->str, "cut short") || strstr(c.err->str, "damaged or corrupt") ||
		       strstr(c.err->str, "appears to be damaged");
	if (cr_interrupted) {
		g_set_error(err, CR_ERROR, CR_EXIT_INTERRUPTED, "interrupted while reading '%s'", name);
		rc = -1;
	}
out:
	cr_child_clear(&c);
	g_strfreev(argv);
	g_strfreev(env);
	cr_remove_tree(confdir);
	g_free(confdir);
	return rc;
}
