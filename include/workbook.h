/*
 * workbook.h - the one workbook builder (src/report/workbook.c): the
 * `workbook` command's workbook and the report's per-capture workbooks.
 */
#ifndef CR_WORKBOOK_H
#define CR_WORKBOOK_H

#include "capreport.h"
#include "table.h"

struct cr_xlsx;
struct cr_profile;

/*
 * Tables as the next sheets of x, in order. A table whose name an earlier
 * one of the same call had is left out (one sheet per table name); with
 * skip_empty, so is a table without rows, except the first. -1 with err.
 */
int cr_workbook_add_tables(struct cr_xlsx *x, struct cr_table *const *t, size_t n, bool skip_empty, GError **err);

/* What `capreport workbook` writes; cmd-workbook.c fills it from the options. */
struct cr_workbook_opts {
	const struct cr_profile *profile;	/* the Packets sheets' rows */
	uint64_t packets;			/* at most this many Packets rows; 0: no Packets sheets */
	uint64_t sheet_rows;			/* Packets rows per sheet */
	int matrix_top;				/* sources and destinations in the Matrix sheet */
	int talkers;				/* addresses in the Top talkers sheet */
};

/*
 * Read each input once and write the workbook ctx->output (a temporary
 * beside it, renamed when done): Summary, Conversations, Endpoints,
 * Matrix, Top talkers, Protocols, the TCP and MPTCP sheets (one capture)
 * and Packets, each only when it has rows. Returns ctx->worst_exit.
 */
int cr_workbook_run(struct cr_ctx *ctx, GPtrArray *inputs, const struct cr_workbook_opts *o);

#endif
