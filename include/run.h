/* run.h - running one input for a command, with the common error reporting. */
#ifndef CR_RUN_H
#define CR_RUN_H

#include "source.h"

/*
 * Run `path` into `c`; print any error naming the file, record the exit
 * status in ctx (cr_ctx_status) and return it. `info` is always filled:
 * clear it with cr_run_info_clear.
 */
int cr_run_one(struct cr_ctx *ctx, const char *path, const struct cr_profile *p, const struct cr_consumer *c,
	       struct cr_run_info *info);

#endif
