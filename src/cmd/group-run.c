/* group-run.c - `endpoints --group-by FIELD` and `conversations --group-by FIELD`: choose the profile, read, tabulate. */
#include "analyze.h"
#include "cmd.h"
#include "config.h"
#include "run.h"

int cr_group_run(struct cr_ctx *ctx, const struct cr_cmd_entry *e, GPtrArray *inputs, const char *field,
		 int kind, int by, const char *sort)
{
	const struct cr_profile *p = cr_profile_with_field(ctx->config, field);
	struct cr_consumer c = { .header = cr_group_header, .packet = cr_group_packet };
	struct cr_group *g;
	int64_t first;
	int status;

	if (!p)
		return cr_usage_error(e, "--group-by '%s': no profile has this field; add it to fields= of a "
				      "[profile NAME] in '%s'", field, cr_config_looked(ctx->config));
	if (ctx->engine == CR_ENGINE_NATIVE)
		return cr_usage_error(e, "%s", "--group-by reads tshark's columns: not with --engine native");
	/*
	 * The native engine has no columns to group by. --engine auto already
	 * turns to tshark for a profile of the configuration (input.c); a
	 * built-in field is read with tshark here.
	 */
	if (cr_profile_builtin(p))
		ctx->engine = CR_ENGINE_TSHARK;
	if (ctx->verbose)
		fprintf(stderr, "capreport: --group-by '%s' reads the profile '%s'\n", field, p->name);
	g = cr_group_new(field, kind, by);
	c.user = g;
	cr_run_all(ctx, inputs, p, &c, &first);
	if (cr_group_missing(g)) {
		fprintf(stderr, "capreport %s: --group-by '%s': an input has no such column (tcpdump text, or a CSV "
			"of another profile)\n", e->name, field);
		cr_ctx_status(ctx, CR_EXIT_INPUT);
	}
	status = cr_emit_one(ctx, cr_group_table(g, sort));
	cr_group_free(g);
	return status;
}
