/*
 * config-file.c - reading the configuration file (GLib key file): every
 * line's shape, group and key checked, the values checked, [profile NAME]
 * sections made into profiles.
 */
#include "config-int.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_SHOWN 60	/* characters of a bad line quoted in a message */

/* Keys of the file; value → setting, ending in a sentinel. */
static const struct key_def {
	const char *group, *key;
	enum cr_setting s;
} keys[] = {
	{ "tools", "tshark", CR_SET_TSHARK },
	{ "tools", "gnuplot", CR_SET_GNUPLOT },
	{ "plot", "templates", CR_SET_TEMPLATES },
	{ "report", "templates", CR_SET_TEMPLATES },	/* the older spelling, same setting */
	{ "cache", "policy", CR_SET_CACHE },
	{ "output", "top", CR_SET_TOP },
	{ "timeline", "bin", CR_SET_BIN },
	{ "plot", "size", CR_SET_PLOT_SIZE },
	{ "plot", "palette", CR_SET_PLOT_PALETTE },
	{ NULL, NULL, 0 },
};

static const char *const profile_keys[] = { "base", "fields", "prefs", NULL };

/* ---- reading the file ----------------------------------------------- */

/* Where each [group] and key sits: "group\nkey" → line of its last occurrence. */
struct scan {
	const char *path;
	const struct cr_setting_check *checks;	/* the higher layers' checks of their settings */
	GHashTable *lines;
	GPtrArray *groups;	/* group names in file order, each once */
};

static bool name_ok(const char *s, bool dots)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && *s != '_' && *s != '-' && !(dots && *s == '.'))
			return false;
	return true;
}

static bool is_profile_group(const char *g, const char **name)
{
	if (!g_str_has_prefix(g, "profile "))
		return false;
	*name = g + strlen("profile ");
	return true;
}

static gboolean file_error(GError **err, const char *path, int line, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
static gboolean file_error(GError **err, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (line > 0)
		g_set_error(err, CR_ERROR, CR_EXIT_USAGE, "'%s' line %d: %s", path, line, msg);
	else
		g_set_error(err, CR_ERROR, CR_EXIT_USAGE, "'%s': %s", path, msg);
	g_free(msg);
	return FALSE;
}

static char *known_keys(const char *group)
{
	GString *s = g_string_new(NULL);

	for (const struct key_def *k = keys; k->group; k++)
		if (strcmp(k->group, group) == 0)
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", k->key);
	return g_string_free(s, FALSE);
}

static bool group_known(const char *g)
{
	for (const struct key_def *k = keys; k->group; k++)
		if (strcmp(k->group, g) == 0)
			return true;
	return false;
}

static bool key_known(const char *g, const char *key)
{
	const char *pname;

	if (is_profile_group(g, &pname)) {
		for (size_t i = 0; profile_keys[i]; i++)
			if (strcmp(profile_keys[i], key) == 0)
				return true;
		return false;
	}
	for (const struct key_def *k = keys; k->group; k++)
		if (strcmp(k->group, g) == 0 && strcmp(k->key, key) == 0)
			return true;
	return false;
}

/* Check every line's shape, group and key; GKeyFile reads the values afterwards. */
static bool scan_lines(struct scan *sc, const char *text, GError **err)
{
	char **lines = g_strsplit(text, "\n", -1);
	char *group = NULL;
	bool ok = false;

	for (int i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		int n = i + 1;
		const char *pname;
		char *eq, *key;

		if (!*l || *l == '#')
			continue;
		if (*l == '[') {
			size_t len = strlen(l);
			if (l[len - 1] != ']') {
				file_error(err, sc->path, n, "'%.*s' is not a [group] line", LINE_MAX_SHOWN, l);
				goto out;
			}
			g_free(group);
			group = g_strndup(l + 1, len - 2);
			if (is_profile_group(group, &pname)) {
				if (!name_ok(pname, false)) {
					file_error(err, sc->path, n, "profile name '%.*s' takes letters, digits, '-' and '_' only",
						   LINE_MAX_SHOWN, pname);
					goto out;
				}
				if (cr_profile_find(pname)) {
					file_error(err, sc->path, n, "profile '%s' is built in: give yours another name", pname);
					goto out;
				}
			} else if (!group_known(group)) {
				file_error(err, sc->path, n, "unknown group [%.*s] (tools, plot, cache, output, timeline, "
					   "report, profile NAME)", LINE_MAX_SHOWN, group);
				goto out;
			}
			if (!g_ptr_array_find_with_equal_func(sc->groups, group, g_str_equal, NULL))
				g_ptr_array_add(sc->groups, g_strdup(group));
			g_hash_table_replace(sc->lines, g_strconcat(group, "\n", NULL), GINT_TO_POINTER(n));
			continue;
		}
		if (!(eq = strchr(l, '='))) {
			file_error(err, sc->path, n, "'%.*s' is not a key=value pair, a [group] or a # comment",
				   LINE_MAX_SHOWN, l);
			goto out;
		}
		key = g_strstrip(g_strndup(l, (size_t)(eq - l)));
		if (!group) {
			file_error(err, sc->path, n, "key '%s' comes before any [group]", key);
			g_free(key);
			goto out;
		}
		if (!key_known(group, key)) {
			char *known = is_profile_group(group, &pname) ? g_strjoinv(", ", (char **)profile_keys)
								      : known_keys(group);
			file_error(err, sc->path, n, "unknown key '%.*s' in [%s] (known: %s)", LINE_MAX_SHOWN, key, group,
				   known);
			g_free(known);
			g_free(key);
			goto out;
		}
		g_hash_table_replace(sc->lines, g_strconcat(group, "\n", key, NULL), GINT_TO_POINTER(n));
		g_free(key);
	}
	ok = true;
out:
	g_free(group);
	g_strfreev(lines);
	return ok;
}

static int line_of(const struct scan *sc, const char *group, const char *key)
{
	char *k = g_strconcat(group, "\n", key ? key : "", NULL);
	int n = GPOINTER_TO_INT(g_hash_table_lookup(sc->lines, k));

	g_free(k);
	return n;
}

/* "~/x" → $HOME/x (g_free). */
static char *expand_home(const char *v)
{
	if (v[0] == '~' && (v[1] == '/' || v[1] == '\0'))
		return g_build_filename(g_get_home_dir(), v + 1, NULL);
	return g_strdup(v);
}

/* What is wrong with v as the value of s, said after the setting's name (g_free); NULL when nothing is. */
static char *value_problem(enum cr_setting s, const char *v, const struct cr_setting_check *checks)
{
	long top;
	char *end;
	int64_t ns;

	switch (s) {
	case CR_SET_TSHARK:
	case CR_SET_GNUPLOT:
		if (!*v)
			return g_strdup(" is empty: give a program name or path");
		break;
	case CR_SET_TEMPLATES:
		if (!g_file_test(v, G_FILE_TEST_IS_DIR))
			return g_strdup_printf(": cannot read the folder '%s': %s", v,
					       g_file_test(v, G_FILE_TEST_EXISTS) ? "Not a directory" : g_strerror(ENOENT));
		break;
	case CR_SET_CACHE:
		if (strcmp(v, "beside") && strcmp(v, "xdg") && strcmp(v, "off"))
			return g_strdup_printf(" takes beside, xdg or off, not '%.*s'", LINE_MAX_SHOWN, v);
		break;
	case CR_SET_TOP:
		errno = 0;
		top = strtol(v, &end, 10);
		if (errno || end == v || *end || top < 1 || top > 1000000000)
			return g_strdup_printf(" takes a positive number, not '%.*s'", LINE_MAX_SHOWN, v);
		break;
	case CR_SET_BIN:
		if (!cr_bin_parse(v, &ns))
			return g_strdup_printf(" takes a bin size that divides a day or a number of days (1s, 10s, 1m, "
					       "5m, 15m, 1h, 1d), not '%.*s'", LINE_MAX_SHOWN, v);
		break;
	case CR_SET_PLOT_SIZE:
	case CR_SET_PLOT_PALETTE:
	case CR_SET_COUNT:
		break;
	}
	for (const struct cr_setting_check *ck = checks; ck && ck->ok; ck++)
		if (ck->s == s && !ck->ok(v))
			return g_strdup_printf(" takes %s, not '%.*s'", ck->takes, LINE_MAX_SHOWN, v);
	return NULL;
}

static bool check_value(struct scan *sc, const char *group, const char *key, enum cr_setting s, const char *v,
			GError **err)
{
	char *why = value_problem(s, v, sc->checks);

	if (why) {
		file_error(err, sc->path, line_of(sc, group, key), "[%s] %s%s", group, key, why);
		g_free(why);
		return false;
	}
	return true;
}

/* The settings' variables (and CAPREPORT_ENGINE) hold what the file may hold, or are an error naming them. */
static bool env_ok(const struct cr_setting_check *checks, GError **err)
{
	const char *engine = g_getenv("CAPREPORT_ENGINE");
	enum cr_engine e;

	if (engine && *engine && !cr_engine_parse(engine, &e)) {
		g_set_error(err, CR_ERROR, CR_EXIT_USAGE, "CAPREPORT_ENGINE takes auto, native or tshark, not '%.*s'",
			    LINE_MAX_SHOWN, engine);
		return false;
	}
	for (int s = 0; s < CR_SET_COUNT; s++) {
		const char *name = cr_setting_env(s), *v = name ? g_getenv(name) : NULL;
		char *why = v && *v ? value_problem(s, v, checks) : NULL;
		if (why) {
			g_set_error(err, CR_ERROR, CR_EXIT_USAGE, "%s%s", name, why);
			g_free(why);
			return false;
		}
	}
	return true;
}

/* Split "a; b;c" into trimmed non-empty items (g_strfreev). */
static char **split_list(const char *v)
{
	char **parts = g_strsplit(v, ";", -1);
	GPtrArray *out = g_ptr_array_new();

	for (size_t i = 0; parts[i]; i++) {
		char *p = g_strstrip(parts[i]);
		if (*p)
			g_ptr_array_add(out, g_strdup(p));
	}
	g_strfreev(parts);
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

static bool read_profile(struct cr_config *c, struct scan *sc, GKeyFile *kf, const char *group, GError **err)
{
	const char *name = group + strlen("profile ");
	char *base_s = g_key_file_get_string(kf, group, "base", NULL);
	char *fields_s = g_key_file_get_string(kf, group, "fields", NULL);
	char *prefs_s = g_key_file_get_string(kf, group, "prefs", NULL);
	char **fields = NULL, **prefs = NULL;
	const struct cr_profile *base = cr_profile_find(base_s ? g_strstrip(base_s) : "ip");
	bool ok = false;

	if (!base) {
		file_error(err, sc->path, line_of(sc, group, "base"), "[%s] base takes ip, tcp or mptcp, not '%.*s'",
			   group, LINE_MAX_SHOWN, base_s);
		goto out;
	}
	fields = split_list(fields_s ? fields_s : "");
	prefs = split_list(prefs_s ? prefs_s : "");
	if (!fields[0]) {
		file_error(err, sc->path, line_of(sc, group, fields_s ? "fields" : NULL),
			   "[%s] needs fields=FIELD;FIELD... (the tshark fields it adds to %s)", group, base->name);
		goto out;
	}
	for (size_t i = 0; fields[i]; i++)
		if (!name_ok(fields[i], true)) {
			file_error(err, sc->path, line_of(sc, group, "fields"),
				   "[%s] fields: '%.*s' is not a tshark field name", group, LINE_MAX_SHOWN, fields[i]);
			goto out;
		}
	for (size_t i = 0; prefs[i]; i++) {
		const char *colon = strchr(prefs[i], ':');
		char *pname = colon ? g_strndup(prefs[i], (size_t)(colon - prefs[i])) : NULL;
		bool good = pname && name_ok(pname, true) && colon[1];
		g_free(pname);
		if (!good) {
			file_error(err, sc->path, line_of(sc, group, "prefs"),
				   "[%s] prefs: '%.*s' is not name:value (tcp.analyze_sequence_numbers:TRUE)", group,
				   LINE_MAX_SHOWN, prefs[i]);
			goto out;
		}
	}
	g_ptr_array_add(c->profiles, cr_profile_custom_new(name, base, (const char *const *)fields,
							    (const char *const *)prefs));
	g_ptr_array_add(c->profile_lines, GINT_TO_POINTER(line_of(sc, group, NULL)));
	ok = true;
out:
	g_strfreev(fields);
	g_strfreev(prefs);
	g_free(base_s);
	g_free(fields_s);
	g_free(prefs_s);
	return ok;
}

static bool read_file(struct cr_config *c, const char *text, gsize len, const struct cr_setting_check *checks,
		      GError **err)
{
	struct scan sc = { .path = c->path, .checks = checks };
	GKeyFile *kf = g_key_file_new();
	GError *e = NULL;
	bool ok = false;

	sc.lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	sc.groups = g_ptr_array_new_with_free_func(g_free);
	if (!scan_lines(&sc, text, err))
		goto out;
	if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &e)) {
		file_error(err, c->path, 0, "%s", e->message);
		g_error_free(e);
		goto out;
	}
	for (const struct key_def *k = keys; k->group; k++) {
		char *raw = g_key_file_get_string(kf, k->group, k->key, NULL), *v;
		if (!raw)
			continue;
		v = expand_home(g_strstrip(raw));
		g_free(raw);
		if (!check_value(&sc, k->group, k->key, k->s, v, err)) {
			g_free(v);
			goto out;
		}
		cr_config_set(c, k->s, v, CR_ORIGIN_FILE, line_of(&sc, k->group, k->key));
		g_free(c->key_used[k->s]);
		c->key_used[k->s] = g_strdup_printf("[%s] %s", k->group, k->key);
		g_free(v);
	}
	for (guint i = 0; i < sc.groups->len; i++) {
		const char *g = g_ptr_array_index(sc.groups, i), *pname;
		if (is_profile_group(g, &pname) && !read_profile(c, &sc, kf, g, err))
			goto out;
	}
	ok = true;
out:
	g_key_file_free(kf);
	g_hash_table_destroy(sc.lines);
	g_ptr_array_free(sc.groups, TRUE);
	return ok;
}

struct cr_config *cr_config_load(const char *option, const struct cr_setting_check *checks, GError **err)
{
	struct cr_config *c = cr_config_new();
	const char *env = g_getenv("CAPREPORT_CONFIG");
	char *text = NULL;
	gsize len = 0;
	GError *e = NULL;

	if (option) {
		c->path = g_strdup(option);
		c->path_origin = "--config";
	} else if (env && *env) {
		c->path = g_strdup(env);
		c->path_origin = "CAPREPORT_CONFIG";
	} else {
		c->path = g_build_filename(g_get_user_config_dir(), "capreport", "config", NULL);
		c->path_origin = "default";
	}
	if (!g_file_get_contents(c->path, &text, &len, &e)) {
		/* The default file may be absent, or out of sight (a HOME we cannot search). */
		bool missing_default = strcmp(c->path_origin, "default") == 0 &&
				       (e->code == G_FILE_ERROR_NOENT || !g_file_test(c->path, G_FILE_TEST_EXISTS));
		if (!missing_default) {
			int en = e->code == G_FILE_ERROR_NOENT ? ENOENT : e->code == G_FILE_ERROR_ACCES ? EACCES
				 : e->code == G_FILE_ERROR_ISDIR ? EISDIR : 0;
			g_set_error(err, CR_ERROR, CR_EXIT_USAGE, "cannot read the configuration '%s': %s", c->path,
				    en ? g_strerror(en) : e->message);
			g_error_free(e);
			cr_config_free(c);
			return NULL;
		}
		g_error_free(e);
	} else if (!read_file(c, text, len, checks, err)) {
		g_free(text);
		cr_config_free(c);
		return NULL;
	} else {
		c->loaded = true;
	}
	g_free(text);
	if (!env_ok(checks, err)) {
		cr_config_free(c);
		return NULL;
	}
	cr_config_take_env(c);
	return c;
}
