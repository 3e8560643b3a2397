/* run.c - running one input for a command, with the common error reporting. */
#include "run.h"
#include "write.h"


int cr_run_one(struct cr_ctx *ctx, const char *path, const struct cr_profile *p, const struct cr_consumer *c,
	       struct cr_run_info *info)
{
	GError *err = NULL;
	int status = cr_input_run(ctx, path, p, c, info, &err);

	if (err) {
		cr_error_print(err);
		g_error_free(err);
	}
	if (status == CR_EXIT_OK || status == CR_EXIT_DAMAGED)
		ctx->inputs_read++;
	else
		ctx->inputs_failed++;
	cr_ctx_status(ctx, status);
	return status;
}

void cr_run_all(struct cr_ctx *ctx, GPtrArray *inputs, const struct cr_profile *p, const struct cr_consumer *c,
		int64_t *first_ns)
{
	bool have = false;

	*first_ns = 0;
	for (guint i = 0; i < inputs->len; i++) {
		struct cr_run_info info;
		cr_run_one(ctx, g_ptr_array_index(inputs, i), p, c, &info);
		if (info.timed && (!have || info.first_row_ns < *first_ns)) {
			*first_ns = info.first_row_ns;
			have = true;
		}
		cr_run_info_clear(&info);
	}
}

int cr_emit_one(struct cr_ctx *ctx, struct cr_table *t)
{
	cr_table_truncate(t, ctx->top);
	cr_ctx_status(ctx, cr_emit_tables(ctx, &t, 1));
	cr_table_free(t);
	return ctx->worst_exit;
}

unsigned cr_topn_passes(struct cr_ctx *ctx, GPtrArray *inputs, const struct cr_profile *p,
			const struct cr_consumer *c, bool (*done)(void *user), void *user)
{
	unsigned passes = 0;

	do {
		for (guint i = 0; i < inputs->len && !cr_interrupted; i++) {
			const char *path = g_ptr_array_index(inputs, i);
			struct cr_run_info info;
			if (passes == 0) {
				cr_run_one(ctx, path, p, c, &info);
			} else {
				GError *err = NULL;	/* said in the first pass */
				cr_input_run(ctx, path, p, c, &info, &err);
				g_clear_error(&err);
			}
			cr_run_info_clear(&info);
		}
		passes++;
		if (cr_interrupted) {
			cr_ctx_status(ctx, CR_EXIT_INTERRUPTED);
			break;
		}
		if (done(user))
			break;
		if (ctx->verbose)
			fprintf(stderr, "capreport: more distinct addresses than --max-keys holds: reading the inputs "
					"again (pass %u)\n", passes + 1);
	} while (true);
	return passes;
}
