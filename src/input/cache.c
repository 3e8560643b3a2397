/* cache.c - the exported CSV kept beside the capture, and its manifest. */
#include "cache.h"
#include "config.h"
#include "outfile.h"
#include "tshark.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_GROUP "capreport-cache"
#define MANIFEST_FORMAT 1

int cr_cache_key_init(struct cr_cache_key *k, const struct cr_ctx *ctx, const char *capture, GError **err)
{
	struct stat st;

	memset(k, 0, sizeof(*k));
	if (stat(capture, &st) != 0) {
		g_set_error(err, CR_ERROR, CR_EXIT_INPUT, "cannot read '%s': %s", capture, g_strerror(errno));
		return -1;
	}
	k->tshark_version = cr_tshark_version(ctx, err);
	if (!k->tshark_version)
		return -1;
	k->capture = g_canonicalize_filename(capture, NULL);
	k->size = st.st_size;
	k->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	k->display_filter = g_strdup(ctx->display_filter ? ctx->display_filter : "");
	k->xdg_only = cr_config_cache_policy(ctx->config) == CR_POLICY_XDG;
	return 0;
}

void cr_cache_key_clear(struct cr_cache_key *k)
{
	g_free(k->capture);
	g_free(k->tshark_version);
	g_free(k->display_filter);
	memset(k, 0, sizeof(*k));
}

/*
 * What follows the capture's name: "PROFILE", or "PROFILE.filter-HASH" for rows
 * of a display filter (-Y), so that they never replace the unfiltered cache.
 */
static char *cache_tag(const char *profile, const char *filter)
{
	char *sum, *tag;

	if (!filter || !*filter)
		return g_strdup(profile);
	sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, filter, -1);
	sum[16] = '\0';
	tag = g_strdup_printf("%s.filter-%s", profile, sum);
	g_free(sum);
	return tag;
}

static char *xdg_path(const char *capture, const char *profile, const char *filter)
{
	char *abs = g_canonicalize_filename(capture, NULL);
	char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, abs, -1);
	char *base = g_path_get_basename(capture);
	char *tag = cache_tag(profile, filter);
	char *name, *path;

	sum[16] = '\0';
	name = g_strdup_printf("%s-%s.%s.csv", sum, base, tag);
	path = g_build_filename(g_get_user_cache_dir(), "capreport", name, NULL);
	g_free(abs);
	g_free(sum);
	g_free(base);
	g_free(tag);
	g_free(name);
	return path;
}

static char *beside_path(const char *capture, const char *profile, const char *filter)
{
	char *tag = cache_tag(profile, filter);
	char *path = g_strdup_printf("%s.%s.csv", capture, tag);

	g_free(tag);
	return path;
}

static char *cr_cache_path(const char *capture, const char *profile, const char *filter, bool *beside)
{
	char *dir = g_path_get_dirname(capture);
	bool ok = access(dir, W_OK) == 0;

	g_free(dir);
	if (beside)
		*beside = ok;
	return ok ? beside_path(capture, profile, filter) : xdg_path(capture, profile, filter);
}

static char *manifest_path(const char *csv)
{
	/* "x.pcap.ip.csv" → "x.pcap.ip.manifest" */
	size_t n = strlen(csv);
	if (n > 4 && strcmp(csv + n - 4, ".csv") == 0)
		return g_strdup_printf("%.*s.manifest", (int)(n - 4), csv);
	return g_strconcat(csv, ".manifest", NULL);
}

static char *join_list(const char *const *v)
{
	return g_strjoinv(",", (char **)v);
}

/* The CSV's first line must be the profile's fields, quoted as tshark does. */
static bool header_matches(const char *csv, const struct cr_profile *p)
{
	char *fields = join_list(p->fields), *line = NULL;
	FILE *f = fopen(csv, "r");
	size_t cap = 0;
	ssize_t n;
	bool ok = false;

	if (f) {
		n = getline(&line, &cap, f);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		ok = n >= 0 && strcmp(line, fields) == 0;
		fclose(f);
	}
	free(line);
	g_free(fields);
	return ok;
}

/* Why the cache at `csv` does not hold `p` for key `k`; NULL when it does. */
static char *invalid_reason(const struct cr_cache_key *k, const char *csv, const struct cr_profile *p, bool *exists)
{
	char *mpath = manifest_path(csv), *reason = NULL, *s = NULL;
	GKeyFile *kf = g_key_file_new();
	struct stat st;
	char *fields = join_list(p->fields), *prefs = join_list(p->prefs);

	*exists = false;
	if (stat(csv, &st) != 0 || !g_key_file_load_from_file(kf, mpath, G_KEY_FILE_NONE, NULL)) {
		if (stat(csv, &st) == 0 || g_file_test(mpath, G_FILE_TEST_EXISTS)) {
			*exists = true;
			reason = g_strdup("its manifest or CSV is missing or unreadable");
		}
		goto out;
	}
	*exists = true;
#define STR_IS(key, want) ((s = g_key_file_get_string(kf, MANIFEST_GROUP, key, NULL)) && strcmp(s, want) == 0)
#define INT_IS(key, want) (g_key_file_get_int64(kf, MANIFEST_GROUP, key, NULL) == (want))
	if (!INT_IS("format", MANIFEST_FORMAT))
		reason = g_strdup("it was written by another version of capreport");
	else if (!INT_IS("capture_size", k->size) || !INT_IS("capture_mtime_ns", k->mtime_ns))
		reason = g_strdup("the capture changed since it was written");
	else if ((g_free(s), !STR_IS("tshark_version", k->tshark_version)))
		reason = g_strdup_printf("it was written by another tshark (%s)", s ? s : "unknown");
	else if ((g_free(s), !STR_IS("fields", fields)))
		reason = g_strdup("its field list differs from the profile's");
	else if ((g_free(s), !STR_IS("prefs", prefs)))
		reason = g_strdup("its tshark preferences differ from the profile's");
	else if ((g_free(s), !STR_IS("display_filter", k->display_filter)))
		reason = g_strdup_printf("it was made with another display filter ('%s')", s ? s : "");
	else if (!INT_IS("csv_size", st.st_size))
		reason = g_strdup("its CSV is damaged (size differs from the manifest)");
	else if (!header_matches(csv, p))
		reason = g_strdup("its CSV is damaged (header row differs)");
	g_free(s);
#undef STR_IS
#undef INT_IS
out:
	g_key_file_free(kf);
	g_free(mpath);
	g_free(fields);
	g_free(prefs);
	return reason;
}

char *cr_cache_lookup(const struct cr_ctx *ctx, const struct cr_cache_key *k,
		      const struct cr_profile *want, const struct cr_profile **got)
{
	/* A profile of the configuration file first: only its own cache holds its fields. */
	for (const struct cr_profile *p = cr_profile_builtin(want) ? cr_profiles : want; p->name;
	     p = p == want && !cr_profile_builtin(want) ? cr_profiles : p + 1) {
		/* The smallest profile that covers the request is the cheapest to read. */
		if (!cr_profile_covers(p, want))
			continue;
		for (int where = 0; where < 2; where++) {
			char *csv = where == 0 ? beside_path(k->capture, p->name, k->display_filter) :
						 xdg_path(k->capture, p->name, k->display_filter);
			bool exists;
			char *why = invalid_reason(k, csv, p, &exists);

			if (!why && exists) {
				*got = p;
				if (ctx->verbose)
					fprintf(stderr, "capreport: using cached '%s'\n", csv);
				return csv;
			}
			if (why && p == want)
				cr_notice(ctx, "regenerating the cache '%s': %s", csv, why);
			g_free(why);
			g_free(csv);
		}
	}
	return NULL;
}

/* ---- writing --------------------------------------------------------- */

struct cr_cache_writer {
	char *path;		/* final CSV path */
	struct cr_outfile out;	/* its temporary beside it */
	const struct cr_profile *profile;
	struct cr_cache_key key;
	int64_t written;
};

struct cr_cache_writer *cr_cache_writer_new(const struct cr_cache_key *k, const struct cr_profile *p, GError **err)
{
	struct cr_cache_writer *w = g_new0(struct cr_cache_writer, 1);
	bool beside;

	if (k->xdg_only) {
		w->path = xdg_path(k->capture, p->name, k->display_filter);
		beside = false;
	} else {
		w->path = cr_cache_path(k->capture, p->name, k->display_filter, &beside);
	}
	if (!beside) {
		char *dir = g_path_get_dirname(w->path);
		if (g_mkdir_with_parents(dir, 0755) != 0) {
			g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot make the cache folder '%s': %s", dir,
				    g_strerror(errno));
			g_free(dir);
			goto fail;
		}
		g_free(dir);
	}
	if (cr_outfile_open_full(&w->out, w->path, CR_OUTFILE_STREAM, err) != 0)
		goto fail;
	w->profile = p;
	w->key.capture = g_strdup(k->capture);
	w->key.size = k->size;
	w->key.mtime_ns = k->mtime_ns;
	w->key.tshark_version = g_strdup(k->tshark_version);
	w->key.display_filter = g_strdup(k->display_filter);
	w->key.xdg_only = k->xdg_only;
	return w;
fail:
	g_free(w->path);
	g_free(w);
	return NULL;
}

const char *cr_cache_writer_path(const struct cr_cache_writer *w)
{
	return w->path;
}

int cr_cache_writer_write(struct cr_cache_writer *w, const char *buf, size_t len, GError **err)
{
	if (fwrite(buf, 1, len, w->out.f) != len) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write the cache '%s': %s", w->path,
			    g_strerror(errno));
		return -1;
	}
	w->written += (int64_t)len;
	return 0;
}

static void writer_free(struct cr_cache_writer *w)
{
	cr_cache_key_clear(&w->key);
	cr_outfile_abort(&w->out);	/* nothing left once renamed */
	g_free(w->path);
	g_free(w);
}

void cr_cache_writer_abort(struct cr_cache_writer *w)
{
	if (w)
		writer_free(w);
}

int cr_cache_writer_commit(struct cr_cache_writer *w, uint64_t rows, GError **err)
{
	GKeyFile *kf = g_key_file_new();
	char *mpath = manifest_path(w->path), *data, *fields = join_list(w->profile->fields);
	char *prefs = join_list(w->profile->prefs);
	struct cr_outfile m = { 0 };
	int rc = -1, e, closed;
	gsize len;

	e = cr_outfile_close(&w->out);
	if (e) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write the cache '%s': %s", w->path, g_strerror(e));
		goto out;
	}

	g_key_file_set_int64(kf, MANIFEST_GROUP, "format", MANIFEST_FORMAT);
	g_key_file_set_string(kf, MANIFEST_GROUP, "capture", w->key.capture);
	g_key_file_set_int64(kf, MANIFEST_GROUP, "capture_size", w->key.size);
	g_key_file_set_int64(kf, MANIFEST_GROUP, "capture_mtime_ns", w->key.mtime_ns);
	g_key_file_set_string(kf, MANIFEST_GROUP, "tshark_version", w->key.tshark_version);
	g_key_file_set_string(kf, MANIFEST_GROUP, "profile", w->profile->name);
	g_key_file_set_string(kf, MANIFEST_GROUP, "fields", fields);
	g_key_file_set_string(kf, MANIFEST_GROUP, "prefs", prefs);
	g_key_file_set_string(kf, MANIFEST_GROUP, "display_filter", w->key.display_filter);
	g_key_file_set_int64(kf, MANIFEST_GROUP, "rows", (gint64)rows);
	g_key_file_set_int64(kf, MANIFEST_GROUP, "csv_size", w->written);
	data = g_key_file_to_data(kf, &len, NULL);

	/* CSV first, then its manifest: a manifest never names a missing CSV. */
	if (cr_outfile_open_full(&m, mpath, CR_OUTFILE_STREAM, err) != 0) {
		g_free(data);
		goto out;
	}
	e = fwrite(data, 1, len, m.f) != len ? errno : 0;
	closed = cr_outfile_close(&m);
	if (!e)
		e = closed;
	g_free(data);
	if (!e)
		e = cr_outfile_rename(&w->out);
	if (!e)
		e = cr_outfile_rename(&m);
	if (e) {
		g_set_error(err, CR_ERROR, CR_EXIT_OUTPUT, "cannot write the cache '%s': %s", w->path, g_strerror(e));
		goto out;
	}
	rc = 0;
out:
	cr_outfile_abort(&m);
	g_free(mpath);
	g_free(fields);
	g_free(prefs);
	g_key_file_free(kf);
	writer_free(w);
	return rc;
}

/* ---- inspecting caches on disk (cache list / clean) ------------------- */

void cr_cache_entry_clear(struct cr_cache_entry *e)
{
	g_free(e->csv);
	g_free(e->manifest);
	g_free(e->capture);
	g_free(e->profile);
	g_free(e->display_filter);
	g_free(e->reason);
	memset(e, 0, sizeof(*e));
}

int cr_cache_entry_check(const char *manifest, const char *tshark_version, const struct cr_config *config,
			 struct cr_cache_entry *e)
{
	GKeyFile *kf = g_key_file_new();
	const struct cr_profile *p;
	struct stat st;
	size_t n = strlen(manifest);
	int rc = -1;

	memset(e, 0, sizeof(*e));
	if (n <= 9 || strcmp(manifest + n - 9, ".manifest") != 0 ||
	    !g_key_file_load_from_file(kf, manifest, G_KEY_FILE_NONE, NULL) ||
	    !g_key_file_has_key(kf, MANIFEST_GROUP, "format", NULL) ||
	    !g_key_file_has_key(kf, MANIFEST_GROUP, "profile", NULL))
		goto out;
	e->manifest = g_strdup(manifest);
	e->csv = g_strdup_printf("%.*s.csv", (int)(n - 9), manifest);
	e->capture = g_key_file_get_string(kf, MANIFEST_GROUP, "capture", NULL);
	e->profile = g_key_file_get_string(kf, MANIFEST_GROUP, "profile", NULL);
	e->display_filter = g_key_file_get_string(kf, MANIFEST_GROUP, "display_filter", NULL);
	e->rows = g_key_file_get_int64(kf, MANIFEST_GROUP, "rows", NULL);
	if (stat(manifest, &st) == 0)
		e->bytes += st.st_size;
	e->csv_exists = stat(e->csv, &st) == 0 && S_ISREG(st.st_mode);
	if (e->csv_exists)
		e->bytes += st.st_size;
	rc = 0;

	p = e->profile ? cr_profile_lookup(config, e->profile) : NULL;	/* custom profiles too */
	if (!p) {
		e->state = CR_CACHE_UNKNOWN;
		e->reason = g_strdup_printf("profile '%s' is neither built in nor a [profile] of the configuration", e->profile ? e->profile : "");
		goto out;
	}
	if (!e->capture || stat(e->capture, &st) != 0) {
		e->state = CR_CACHE_STALE;
		e->reason = g_strdup_printf("its capture '%s' is gone", e->capture ? e->capture : "");
		goto out;
	}
	if (!tshark_version) {
		e->state = CR_CACHE_UNKNOWN;
		e->reason = g_strdup("tshark is not available to tell");
		goto out;
	}
	{
		struct cr_cache_key k = {
			.capture = e->capture,
			.size = st.st_size,
			.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
			.tshark_version = (char *)tshark_version,
			.display_filter = e->display_filter ? e->display_filter : (char *)"",
		};
		bool exists;
		e->reason = invalid_reason(&k, e->csv, p, &exists);
		e->state = e->reason ? CR_CACHE_STALE : CR_CACHE_VALID;
	}
out:
	g_key_file_free(kf);
	return rc;
}
