/* config.h - the configuration file: settings with their origin, and custom field profiles (config.c, config-file.c). */
#ifndef CR_CONFIG_H
#define CR_CONFIG_H

#include "capreport.h"
#include "profile.h"

/* Where a setting's effective value came from, weakest first. */
enum cr_origin {
	CR_ORIGIN_DEFAULT,
	CR_ORIGIN_FILE,
	CR_ORIGIN_ENV,
	CR_ORIGIN_CLI,
};

/* The settings, in the order `capreport config` lists them. */
enum cr_setting {
	CR_SET_TSHARK,		/* [tools] tshark */
	CR_SET_GNUPLOT,		/* [tools] gnuplot */
	CR_SET_TEMPLATES,	/* [plot] templates (also [report] templates) */
	CR_SET_CACHE,		/* [cache] policy: beside | xdg | off */
	CR_SET_TOP,		/* [output] top */
	CR_SET_BIN,		/* [timeline] bin */
	CR_SET_PLOT_SIZE,	/* [plot] size: WIDTHxHEIGHT pixels */
	CR_SET_PLOT_PALETTE,	/* [plot] palette: the series colours */
	CR_SET_COUNT,
};

/* Cache location policy ([cache] policy). */
enum cr_cache_policy {
	CR_POLICY_BESIDE,	/* beside the capture, XDG when its folder is read-only (default) */
	CR_POLICY_XDG,		/* always under $XDG_CACHE_HOME/capreport */
	CR_POLICY_OFF,		/* no cache, as --no-cache */
};

/*
 * A loaded configuration. cr_config_load() / cr_config_free(); the config
 * owns every string and profile it hands out.
 */
struct cr_config;

/*
 * A check of a setting whose syntax a higher layer owns (the plot size and
 * palette: plot-style.h): ok(value), and what the setting takes, for the
 * message "[group] key takes TAKES, not 'VALUE'". Lists end in { .ok = NULL }.
 */
struct cr_setting_check {
	enum cr_setting s;
	bool (*ok)(const char *value);
	const char *takes;
};

/*
 * The file to read: `option` (--config), else $CAPREPORT_CONFIG, else
 * $XDG_CONFIG_HOME/capreport/config. A missing default file is no error; a
 * missing file named by the option or the environment is. An unknown group or
 * key, a bad value (`checks`, may be NULL, adds to the file's own checks) or a
 * line that is not a group, key or comment is an error "'FILE' line N: ..."
 * (code CR_EXIT_USAGE). Returns NULL with err.
 */
struct cr_config *cr_config_load(const char *option, const struct cr_setting_check *checks, GError **err);
void cr_config_free(struct cr_config *c);

/* The file read (NULL when none was) and how it was chosen ("--config", "CAPREPORT_CONFIG", "default"). */
const char *cr_config_path(const struct cr_config *c);
const char *cr_config_path_origin(const struct cr_config *c);
const char *cr_config_looked(const struct cr_config *c);	/* the file looked for, read or not */

/*
 * Fill ctx with the file's defaults (tshark, --top, cache policy) and pass
 * gnuplot and templates on to the plot code as CAPREPORT_GNUPLOT and
 * CAPREPORT_TEMPLATES when those are not set already (the environment wins
 * over the file). Called before the command line is parsed, which then wins.
 * `table_cmd`: the command takes --top.
 */
void cr_config_apply(struct cr_config *c, struct cr_ctx *ctx, bool table_cmd);

/* The command line set this setting to `value` (called by the option parser; c may be NULL). */
void cr_config_mark_cli(struct cr_config *c, enum cr_setting s, const char *value);

/* A setting's name ("tshark"), its "[group] key", value (NULL: none) and origin. */
const char *cr_setting_name(enum cr_setting s);
const char *cr_setting_key(enum cr_setting s);
const char *cr_config_value(const struct cr_config *c, enum cr_setting s);
enum cr_origin cr_config_origin(const struct cr_config *c, enum cr_setting s);
/* "default", "file", "environment", "command line". */
const char *cr_origin_name(enum cr_origin o);
/* Where exactly: "FILE:N [group] key", "CAPREPORT_GNUPLOT", "--top"; NULL for a default (g_free). */
char *cr_config_origin_where(const struct cr_config *c, enum cr_setting s);

enum cr_cache_policy cr_config_cache_policy(const struct cr_config *c);	/* c may be NULL */

/* The [plot] palette's default, as `capreport config` shows it (plot-style.h reads it). */
#define CR_PALETTE_DEFAULT "#2f5f98, #7fb069, #c0392b, #9467bd"

/* Custom profiles, in file order (struct cr_profile *, owned by the config). */
const GPtrArray *cr_config_profiles(const struct cr_config *c);
int cr_config_profile_line(const struct cr_config *c, guint i);	/* line of the i-th [profile NAME] */

/* A built-in profile or one of the file's (c may be NULL); NULL when unknown. */
const struct cr_profile *cr_profile_lookup(const struct cr_config *c, const char *name);
/* The smallest profile (built-in first, then the file's) with field `f`; NULL when none. */
const struct cr_profile *cr_profile_with_field(const struct cr_config *c, const char *f);

#endif
