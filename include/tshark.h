/* tshark.h - running tshark with a fixed field export (tshark.c); the CSV cache is in cache.h. */
#ifndef CR_TSHARK_H
#define CR_TSHARK_H

#include "capreport.h"
#include "profile.h"

/* How tshark's `-T fields` output is framed: a plain CSV with a header row. */
#define CR_TSHARK_AGGREGATOR ";"

/* The first line of `tshark --version`; NULL with err when tshark is missing. */
char *cr_tshark_version(const struct cr_ctx *ctx, GError **err);

/*
 * The protocols tshark names only by heuristic dissectors enabled by
 * default (`tshark -G heuristic-decodes`) and by no port or other table
 * (`tshark -G decodes`), user preferences left out: a name it gives them is
 * a guess from the payload (g_strfreev). NULL with err when tshark cannot
 * be run.
 */
char **cr_tshark_heuristics(const struct cr_ctx *ctx, GError **err);

/* The argument vector for an export (NULL-terminated, g_strfreev). */
char **cr_tshark_argv(const struct cr_ctx *ctx, const char *capture, const struct cr_profile *p);

/* Called with each chunk of tshark's standard output; non-zero stops. */
typedef int (*cr_chunk_fn)(void *user, const char *buf, size_t len);

struct cr_tshark_result {
	int status;		/* exit status, or -signal */
	bool damaged;		/* "cut short" / "damaged or corrupt" */
	char *stderr_text;	/* what tshark said, less its root warning */
	uint64_t lines;		/* newline count of the output */
};
void cr_tshark_result_clear(struct cr_tshark_result *r);

/*
 * Run the export of `capture`, stream its stdout to `fn`, collect stderr.
 * Shows progress, naming the input `name`, when ctx->progress. Returns 0 when
 * tshark ran (check res->status), -1 with err when it could not be started or
 * was interrupted.
 */
int cr_tshark_export(const struct cr_ctx *ctx, const char *capture, const char *name, const struct cr_profile *p,
		     cr_chunk_fn fn, void *user, struct cr_tshark_result *res, GError **err);

#endif
