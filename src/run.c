/* run.c - running one input for a command, with the common error reporting. */
#include "run.h"

int cr_run_one(struct cr_ctx *ctx, const char *path, const struct cr_profile *p, const struct cr_consumer *c,
	       struct cr_run_info *info)
{
	GError *err = NULL;
	int status = cr_input_run(ctx, path, p, c, info, &err);

	if (err) {
		cr_error_print(err);
		g_error_free(err);
	}
	cr_ctx_status(ctx, status);
	return status;
}
