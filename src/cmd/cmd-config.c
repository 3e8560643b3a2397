/* cmd-config.c - `capreport config`: the effective settings, where each came from, and the custom profiles. */
#include "cmd.h"
#include "config.h"
#include "table.h"
#include "write.h"

#include <string.h>

static const struct cr_option options[] = {
	CR_TABLE_OPTION("settings or profiles"),
	{ NULL, 0, NULL, NULL },
};

static struct cr_table *settings_table(const struct cr_ctx *ctx)
{
	struct cr_table *t = cr_table_new("settings", "Settings");
	const struct cr_config *c = ctx->config;
	const char *how = cr_config_path_origin(c);
	struct cr_cell *row;

	cr_table_add_column(t, "setting", CR_COL_TEXT);
	cr_table_add_column(t, "value", CR_COL_TEXT);
	cr_table_add_column(t, "origin", CR_COL_TEXT);
	cr_table_add_column(t, "where", CR_COL_TEXT);
	cr_table_add_column(t, "key", CR_COL_TEXT);

	/* The file itself first. */
	row = cr_table_add_row(t);
	cr_cell_text(&row[0], "config");
	cr_cell_text(&row[1], cr_config_path(c));
	cr_cell_text(&row[2], strcmp(how, "--config") == 0 ? cr_origin_name(CR_ORIGIN_CLI)
			      : strcmp(how, "CAPREPORT_CONFIG") == 0 ? cr_origin_name(CR_ORIGIN_ENV)
								      : cr_origin_name(CR_ORIGIN_DEFAULT));
	if (cr_config_path(c))
		cr_cell_text(&row[3], how);
	else
		cr_cell_take(&row[3], g_strdup_printf("no file at '%s'", cr_config_looked(c)));

	for (int s = 0; s < CR_SET_COUNT; s++) {
		row = cr_table_add_row(t);
		cr_cell_text(&row[0], cr_setting_name(s));
		cr_cell_text(&row[1], cr_config_value(c, s));
		cr_cell_text(&row[2], cr_origin_name(cr_config_origin(c, s)));
		cr_cell_take(&row[3], cr_config_origin_where(c, s));
		cr_cell_text(&row[4], cr_setting_key(s));
	}
	return t;
}

static const struct cr_column_def profile_columns[] = {
	{ "profile", CR_COL_TEXT }, { "base", CR_COL_TEXT }, { "fields", CR_COL_INT },
	{ "extra_fields", CR_COL_TEXT }, { "prefs", CR_COL_TEXT }, { "where", CR_COL_TEXT }, { NULL, 0 },
};

static struct cr_table *profiles_table(const struct cr_ctx *ctx)
{
	struct cr_table *t = cr_table_new("profiles", "Field profiles");
	const GPtrArray *custom = cr_config_profiles(ctx->config);

	cr_table_add_columns(t, profile_columns);

	for (const struct cr_profile *p = cr_profiles; p->name; p++) {
		struct cr_cell *row = cr_table_add_row(t);
		cr_cell_text(&row[0], p->name);
		cr_cell_int(&row[2], (int64_t)cr_profile_nfields(p));
		cr_cell_take(&row[4], g_strjoinv(";", (char **)p->prefs));
		cr_cell_text(&row[5], "built in");
	}
	for (guint i = 0; custom && i < custom->len; i++) {
		const struct cr_profile *p = g_ptr_array_index(custom, i);
		const struct cr_profile *base = &cr_profiles[p->id];
		struct cr_cell *row = cr_table_add_row(t);

		cr_cell_text(&row[0], p->name);
		cr_cell_text(&row[1], base->name);
		cr_cell_int(&row[2], (int64_t)cr_profile_nfields(p));
		cr_cell_take(&row[3], g_strjoinv(";", (char **)p->fields + cr_profile_nfields(base)));
		cr_cell_take(&row[4], g_strjoinv(";", (char **)p->prefs));
		cr_cell_take(&row[5], g_strdup_printf("%s:%d", cr_config_path(ctx->config),
						      cr_config_profile_line(ctx->config, i)));
	}
	return t;
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	struct cr_table *t[2];
	int status;

	if (args->inputs->len) {
		fprintf(stderr, "capreport config: takes no input\n");
		return CR_EXIT_USAGE;
	}
	t[0] = settings_table(ctx);
	t[1] = profiles_table(ctx);
	status = cr_emit_set(ctx, "config", t, 2, cr_args_get(args, "table"));
	cr_table_free(t[0]);
	cr_table_free(t[1]);
	cr_ctx_status(ctx, status);
	return ctx->worst_exit;
}

const struct cr_cmd_entry cmd_config_entry = {
	.name = "config",
	.args = "",
	.summary = "show the effective settings, where each came from, and the field profiles",
	.description =
		"Reads the configuration file ($XDG_CONFIG_HOME/capreport/config, or\n"
		"$CAPREPORT_CONFIG, or --config FILE) and prints every setting with its value\n"
		"and origin: default, file (with its line), environment or command line.\n"
		"The command line wins over the environment, the environment over the file,\n"
		"the file over the defaults. A second table lists the field profiles, the\n"
		"built-in ones and the file's [profile NAME] sections. An unknown key or a\n"
		"bad value in the file is an error naming the file and line (exit 2).",
	.examples =
		"  capreport config                                        # settings and profiles\n"
		"  capreport config --top 5 -f json                        # --top shown as from the command line\n",
	.options = options,
	.flags = CR_CMD_SOURCE | CR_CMD_TABLE,
	.exec = exec,
};
