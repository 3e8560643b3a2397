/* config.c - the settings: their names, values and where each came from (default, file, environment, command line). */
#include "config-int.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name, *key, *env, *cli;
} settings[CR_SET_COUNT] = {
	[CR_SET_TSHARK] = { "tshark", "[tools] tshark", NULL, "--tshark" },
	[CR_SET_GNUPLOT] = { "gnuplot", "[tools] gnuplot", "CAPREPORT_GNUPLOT", NULL },
	[CR_SET_TEMPLATES] = { "templates", "[plot] templates", "CAPREPORT_TEMPLATES", "--templates" },
	[CR_SET_CACHE] = { "cache", "[cache] policy", NULL, "--no-cache" },
	[CR_SET_TOP] = { "top", "[output] top", NULL, "--top" },
	[CR_SET_BIN] = { "bin", "[timeline] bin", NULL, "--bin" },
	[CR_SET_PLOT_SIZE] = { "plot-size", "[plot] size", "CAPREPORT_PLOT_SIZE", NULL },
	[CR_SET_PLOT_PALETTE] = { "plot-palette", "[plot] palette", "CAPREPORT_PLOT_PALETTE", NULL },
};

static const char *const defaults[CR_SET_COUNT] = {
	[CR_SET_TSHARK] = "tshark",
	[CR_SET_GNUPLOT] = "gnuplot",
	[CR_SET_CACHE] = "beside",
	[CR_SET_PLOT_PALETTE] = CR_PALETTE_DEFAULT,
};

const char *cr_setting_name(enum cr_setting s)
{
	return settings[s].name;
}

const char *cr_setting_env(enum cr_setting s)
{
	return settings[s].env;
}

const char *cr_setting_key(enum cr_setting s)
{
	return settings[s].key;
}

struct cr_config *cr_config_new(void)
{
	struct cr_config *c = g_new0(struct cr_config, 1);

	for (int s = 0; s < CR_SET_COUNT; s++)
		c->value[s] = g_strdup(defaults[s]);
	c->profiles = g_ptr_array_new_with_free_func((GDestroyNotify)cr_profile_custom_free);
	c->profile_lines = g_ptr_array_new();
	return c;
}

void cr_config_free(struct cr_config *c)
{
	if (!c)
		return;
	for (int s = 0; s < CR_SET_COUNT; s++) {
		g_free(c->value[s]);
		g_free(c->key_used[s]);
	}
	g_ptr_array_free(c->profiles, TRUE);
	g_ptr_array_free(c->profile_lines, TRUE);
	g_free(c->path);
	g_free(c);
}

void cr_config_set(struct cr_config *c, enum cr_setting s, const char *v, enum cr_origin o, int line)
{
	g_free(c->value[s]);
	c->value[s] = g_strdup(v);
	c->origin[s] = o;
	c->line[s] = line;
}

void cr_config_take_env(struct cr_config *c)
{
	for (int s = 0; s < CR_SET_COUNT; s++) {
		const char *v = settings[s].env ? g_getenv(settings[s].env) : NULL;
		if (v && *v)
			cr_config_set(c, s, v, CR_ORIGIN_ENV, 0);
	}
}

const char *cr_config_path(const struct cr_config *c)
{
	return c && c->loaded ? c->path : NULL;
}

const char *cr_config_looked(const struct cr_config *c)
{
	return c ? c->path : "";
}

const char *cr_config_path_origin(const struct cr_config *c)
{
	return c ? c->path_origin : "default";
}

void cr_config_apply(struct cr_config *c, struct cr_ctx *ctx, bool table_cmd)
{
	if (!c)
		return;
	if (c->origin[CR_SET_TSHARK] == CR_ORIGIN_FILE)
		ctx->tshark = c->value[CR_SET_TSHARK];
	if (c->origin[CR_SET_TOP] == CR_ORIGIN_FILE && table_cmd)
		ctx->top = (int)strtol(c->value[CR_SET_TOP], NULL, 10);
	if (c->origin[CR_SET_CACHE] == CR_ORIGIN_FILE && strcmp(c->value[CR_SET_CACHE], "off") == 0)
		ctx->cache = CR_CACHE_OFF;
	/* The plot code reads these two from the environment; the file fills them only when unset. */
	if (c->origin[CR_SET_GNUPLOT] == CR_ORIGIN_FILE)
		g_setenv("CAPREPORT_GNUPLOT", c->value[CR_SET_GNUPLOT], FALSE);
	if (c->origin[CR_SET_TEMPLATES] == CR_ORIGIN_FILE)
		g_setenv("CAPREPORT_TEMPLATES", c->value[CR_SET_TEMPLATES], FALSE);
	if (c->origin[CR_SET_PLOT_SIZE] == CR_ORIGIN_FILE)
		g_setenv("CAPREPORT_PLOT_SIZE", c->value[CR_SET_PLOT_SIZE], FALSE);
	if (c->origin[CR_SET_PLOT_PALETTE] == CR_ORIGIN_FILE)
		g_setenv("CAPREPORT_PLOT_PALETTE", c->value[CR_SET_PLOT_PALETTE], FALSE);
}

void cr_config_mark_cli(struct cr_config *c, enum cr_setting s, const char *value)
{
	if (c)
		cr_config_set(c, s, value, CR_ORIGIN_CLI, 0);
}

const char *cr_config_value(const struct cr_config *c, enum cr_setting s)
{
	return c ? c->value[s] : defaults[s];
}

enum cr_origin cr_config_origin(const struct cr_config *c, enum cr_setting s)
{
	return c ? c->origin[s] : CR_ORIGIN_DEFAULT;
}

const char *cr_origin_name(enum cr_origin o)
{
	static const char *const names[] = {
		[CR_ORIGIN_DEFAULT] = "default", [CR_ORIGIN_FILE] = "file",
		[CR_ORIGIN_ENV] = "environment", [CR_ORIGIN_CLI] = "command line",
	};
	return names[o];
}

char *cr_config_origin_where(const struct cr_config *c, enum cr_setting s)
{
	switch (cr_config_origin(c, s)) {
	case CR_ORIGIN_FILE:
		return g_strdup_printf("%s:%d %s", c->path, c->line[s], c->key_used[s]);
	case CR_ORIGIN_ENV:
		return g_strdup(settings[s].env);
	case CR_ORIGIN_CLI:
		return g_strdup(settings[s].cli);
	case CR_ORIGIN_DEFAULT:
		break;
	}
	return NULL;
}

enum cr_cache_policy cr_config_cache_policy(const struct cr_config *c)
{
	const char *v = cr_config_value(c, CR_SET_CACHE);

	if (v && strcmp(v, "xdg") == 0)
		return CR_POLICY_XDG;
	if (v && strcmp(v, "off") == 0)
		return CR_POLICY_OFF;
	return CR_POLICY_BESIDE;
}

const GPtrArray *cr_config_profiles(const struct cr_config *c)
{
	return c ? c->profiles : NULL;
}

int cr_config_profile_line(const struct cr_config *c, guint i)
{
	return GPOINTER_TO_INT(g_ptr_array_index(c->profile_lines, i));
}

const struct cr_profile *cr_profile_lookup(const struct cr_config *c, const char *name)
{
	const struct cr_profile *p = cr_profile_find(name);

	for (guint i = 0; !p && c && i < c->profiles->len; i++)
		if (strcmp(((const struct cr_profile *)g_ptr_array_index(c->profiles, i))->name, name) == 0)
			p = g_ptr_array_index(c->profiles, i);
	return p;
}

static bool has_field(const struct cr_profile *p, const char *f)
{
	for (size_t i = 0; p->fields[i]; i++)
		if (strcmp(p->fields[i], f) == 0)
			return true;
	return false;
}

const struct cr_profile *cr_profile_with_field(const struct cr_config *c, const char *f)
{
	for (const struct cr_profile *p = cr_profiles; p->name; p++)
		if (has_field(p, f))
			return p;
	for (guint i = 0; c && i < c->profiles->len; i++)
		if (has_field(g_ptr_array_index(c->profiles, i), f))
			return g_ptr_array_index(c->profiles, i);
	return NULL;
}
