/* write.h - the table writers: text, CSV, JSON, to a stream or to the command's output (write.c). */
#ifndef CR_WRITE_H
#define CR_WRITE_H

#include "capreport.h"
#include "outfile.h"
#include "table.h"

/* Options for writers. */
struct cr_write_opts {
	bool raw;		/* text: exact integers, no human units */
	bool header;		/* print the header row (text, csv) */
};

/*
 * Writers. Each prints one table to `out` and returns 0, or -1 with
 * `err` set when the stream failed. Strings from captures are escaped
 * for the format: terminal control bytes in text, quotes in CSV,
 * RFC 8259 escapes in JSON.
 */
int cr_write_text(const struct cr_table *t, FILE *out, const struct cr_write_opts *o, GError **err);
int cr_write_csv(const struct cr_table *t, FILE *out, const struct cr_write_opts *o, GError **err);
int cr_write_json(const struct cr_table *t, FILE *out, const struct cr_write_opts *o, GError **err);


/*
 * Write tables to ctx->output (or stdout) in ctx->format. Files are written
 * to a temporary name beside the target and renamed. An output that names
 * a folder (ends in '/', or is one) gets one file per table, NAME.csv (or
 * .json, .txt, .xlsx). Returns a cr_exit code.
 */
int cr_emit_tables(struct cr_ctx *ctx, struct cr_table *const *t, size_t n);
/* Does -o `path` name a folder (ends in '/', or is one)? */
bool cr_output_is_dir(const char *path);

/*
 * The tables of a command that gives several (`cmd` names it in messages):
 * `only` (--table NAME) picks the tables of that name, and an unknown name
 * is a usage error listing the names. JSON is always one object keyed by table name,
 * whatever the options; CSV is always one table: without `only`, the first
 * one, with a notice naming the others. A folder output gets them all.
 */
int cr_emit_set(struct cr_ctx *ctx, const char *cmd, struct cr_table *const *t, size_t n, const char *only);


#endif
