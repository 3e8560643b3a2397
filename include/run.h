/* run.h - running one input for a command, with the common error reporting. */
#ifndef CR_RUN_H
#define CR_RUN_H

#include "input.h"
#include "table.h"

/*
 * Run `path` into `c`; print any error naming the file, record the exit
 * status in ctx (cr_ctx_status) and return it. `info` is always filled:
 * clear it with cr_run_info_clear.
 */
int cr_run_one(struct cr_ctx *ctx, const char *path, const struct cr_profile *p, const struct cr_consumer *c,
	       struct cr_run_info *info);

/*
 * Run every input into one consumer (aggregates over all of them). Returns
 * the earliest first-row time seen in *first_ns (0 when no rows), so
 * relative times count from the first capture's start.
 */
void cr_run_all(struct cr_ctx *ctx, GPtrArray *inputs, const struct cr_profile *p, const struct cr_consumer *c,
		int64_t *first_ns);

/*
 * Emit one table to ctx's output after --top, record the status, free it.
 * Returns ctx->worst_exit, what a command returns.
 */
int cr_emit_one(struct cr_ctx *ctx, struct cr_table *t);

/*
 * Passes over the inputs of a command: the first reports errors and sets
 * the exit status like cr_run_one; the later ones read the same inputs
 * quietly, for the partitions left. `done` is asked after each
 * pass. Stops when interrupted. Returns the number of passes made.
 */
unsigned cr_topn_passes(struct cr_ctx *ctx, GPtrArray *inputs, const struct cr_profile *p,
			const struct cr_consumer *c, bool (*done)(void *user), void *user);

#endif
