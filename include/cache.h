/* cache.h - the CSV cache of tshark's exports: keys, lookups, writers, and the caches on disk (cache.c). */
#ifndef CR_CACHE_H
#define CR_CACHE_H

#include "capreport.h"
#include "profile.h"

/*
 * The identity of an export: what makes a cached CSV valid. Filled by
 * cr_cache_key_init from the capture's stat and the tshark in use.
 */
struct cr_cache_key {
	char *capture;		/* absolute path */
	int64_t size;
	int64_t mtime_ns;
	char *tshark_version;
	char *display_filter;	/* "" when none */
	bool xdg_only;		/* [cache] policy=xdg: write under $XDG_CACHE_HOME only */
};
int cr_cache_key_init(struct cr_cache_key *k, const struct cr_ctx *ctx, const char *capture, GError **err);
void cr_cache_key_clear(struct cr_cache_key *k);


/*
 * Find a valid cache serving `want` (itself or a larger profile). Returns
 * the CSV path (g_free) and sets *got, or NULL. Stale or damaged entries
 * are reported as notices with the reason.
 */
char *cr_cache_lookup(const struct cr_ctx *ctx, const struct cr_cache_key *k,
		      const struct cr_profile *want, const struct cr_profile **got);

/* A cache being written: a temporary file beside its final name. */
struct cr_cache_writer;
struct cr_cache_writer *cr_cache_writer_new(const struct cr_cache_key *k, const struct cr_profile *p, GError **err);
int cr_cache_writer_write(struct cr_cache_writer *w, const char *buf, size_t len, GError **err);
/* Flush, write the manifest, rename into place. Frees w. */
int cr_cache_writer_commit(struct cr_cache_writer *w, uint64_t rows, GError **err);
/* Remove the temporary. Frees w. */
void cr_cache_writer_abort(struct cr_cache_writer *w);
const char *cr_cache_writer_path(const struct cr_cache_writer *w);	/* final path */

/* ---- caches found on disk (cache list / clean) ------------------------ */

enum cr_cache_state {
	CR_CACHE_VALID,		/* serves its profile for its capture as it is now */
	CR_CACHE_STALE,		/* would be regenerated: see reason */
	CR_CACHE_UNKNOWN,	/* cannot tell (a profile this capreport lacks, no tshark) */
};

/* One cache: a CSV and its manifest. Strings owned; cr_cache_entry_clear frees them. */
struct cr_cache_entry {
	char *csv, *manifest;
	char *capture;			/* as the manifest names it */
	char *profile;
	char *display_filter;
	int64_t rows;
	int64_t bytes;			/* CSV + manifest on disk */
	bool csv_exists;
	enum cr_cache_state state;
	char *reason;			/* NULL when valid */
};

/*
 * Read `manifest` ("*.manifest") and judge its cache with the same checks as
 * a lookup, for `tshark_version` (NULL: unknown). Returns -1 when the file
 * is not a capreport manifest (then nothing is filled).
 */
int cr_cache_entry_check(const char *manifest, const char *tshark_version, const struct cr_config *config,
			 struct cr_cache_entry *e);
void cr_cache_entry_clear(struct cr_cache_entry *e);

#endif
