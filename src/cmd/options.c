/* options.c - parsing a command's options: shared groups and its own. */
#include "capreport.h"
#include "cmd.h"
#include "config.h"
#include "filter.h"
#include "run.h"
#include "tcpdump.h"
#include "topn.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct cr_option cr_global_options[] = {
	{ "quiet", 'q', NULL, "no progress and no notices on stderr" },
	{ "verbose", 'v', NULL, "say what is run (the tshark command line, cache hits)" },
	{ "tshark", 0, "PATH", "the tshark program to run (default: tshark from PATH)" },
	{ "config", 0, "FILE", "read settings and profiles from FILE, not ~/.config/capreport/config" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

const struct cr_option cr_source_options[] = {
	{ "display-filter", 'Y', "FILTER", "tshark display filter applied at export (part of the cache key)" },
	{ "refresh", 0, NULL, "regenerate the cached CSV even when it is valid" },
	{ "no-cache", 0, NULL, "neither read nor write the cached CSV" },
	{ "date", 0, "YYYY-MM-DD", "tcpdump text printed without dates: the day of its first line" },
	{ "utc-offset", 0, "+HH:MM", "tcpdump text: the printed times are UTC+HH:MM (default +00:00)" },
	{ "engine", 0, "auto|native|tshark", "who reads a capture: the native reader (ip profile) or tshark; "
	  "auto (default) takes the native one when it serves the command" },
	{ NULL, 0, NULL, NULL },
};

const struct cr_option cr_filter_options[] = {
	{ "from", 0, "TIME", "only packets at or after TIME (ISO 8601, epoch seconds, or +30s from the first packet)" },
	{ "to", 0, "TIME", "only packets before TIME (same forms as --from)" },
	{ "host", 0, "ADDR|CIDR", "only packets from or to this address or network (repeatable)" },
	{ "port", 0, "N", "only packets from or to this TCP/UDP port" },
	{ "proto", 0, "NAME", "only packets of this protocol (tcp, udp, icmp, icmpv6, dns, ...)" },
	{ NULL, 0, NULL, NULL },
};

const struct cr_option cr_table_options[] = {
	{ "format", 'f', "FMT", "text (default), csv, json or xlsx (xlsx needs -o FILE.xlsx)" },
	{ "output", 'o', "FILE", "write to FILE instead of standard output; DIR/: a file per table, DIR/NAME.csv" },
	{ "raw", 0, NULL, "text: exact integers instead of human units" },
	{ "no-header", 0, NULL, "text and csv: leave out the header row" },
	{ "top", 0, "N", "only the first N rows" },
	{ NULL, 0, NULL, NULL },
};

const char *cr_args_get(const struct cr_args *a, const char *long_name)
{
	return a->opts ? g_hash_table_lookup(a->opts, long_name) : NULL;
}

bool cr_args_has(const struct cr_args *a, const char *long_name)
{
	return cr_args_get(a, long_name) != NULL;
}

void cr_args_clear(struct cr_args *a)
{
	if (a->opts)
		g_hash_table_destroy(a->opts);
	if (a->inputs)
		g_ptr_array_free(a->inputs, TRUE);
	a->opts = NULL;
	a->inputs = NULL;
}

int cr_global_option(struct cr_ctx *ctx, const char *name, const char *value)
{
	if (strcmp(name, "quiet") == 0) {
		ctx->quiet = 1;
		ctx->progress = false;
	} else if (strcmp(name, "verbose") == 0) {
		ctx->verbose++;
	} else if (strcmp(name, "tshark") == 0) {
		ctx->tshark = value;
		cr_config_mark_cli(ctx->config, CR_SET_TSHARK, value);
	} else if (strcmp(name, "config") == 0) {
		/* main read the file before parsing, so that the command line wins */
	} else {
		return 0;
	}
	return 1;
}

static const struct cr_option *lookup(const struct cr_option *set, const char *long_name, int short_name)
{
	if (!set)
		return NULL;
	for (; set->long_name; set++) {
		if (long_name && strcmp(set->long_name, long_name) == 0)
			return set;
		if (!long_name && short_name && set->short_name == short_name)
			return set;
	}
	return NULL;
}

static const struct cr_option *find_option(const struct cr_cmd_entry *e, const char *long_name, int short_name)
{
	const struct cr_option *o;

	if ((o = lookup(e->options, long_name, short_name)))
		return o;
	if ((o = lookup(cr_global_options, long_name, short_name)))
		return o;
	if ((e->flags & CR_CMD_SOURCE) && (o = lookup(cr_source_options, long_name, short_name)))
		return o;
	if ((e->flags & CR_CMD_FILTERS) && (o = lookup(cr_filter_options, long_name, short_name)))
		return o;
	if ((e->flags & CR_CMD_TABLE) && (o = lookup(cr_table_options, long_name, short_name)))
		return o;
	return NULL;
}

int cr_usage_error(const struct cr_cmd_entry *e, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "capreport %s: %s; see 'capreport help %s'\n", e->name, msg, e->name);
	g_free(msg);
	return CR_EXIT_USAGE;
}

static bool parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Options of the shared groups land in the ctx; the rest stay in args. */
static int apply_shared(struct cr_ctx *ctx, const struct cr_cmd_entry *e, const char *name, const char *value)
{
	GError *err = NULL;
	long n;

	if (cr_global_option(ctx, name, value))
		return CR_EXIT_OK;
	if (strcmp(name, "display-filter") == 0) {
		ctx->display_filter = value;
	} else if (strcmp(name, "refresh") == 0) {
		ctx->cache = CR_CACHE_REFRESH;
	} else if (strcmp(name, "no-cache") == 0) {
		ctx->cache = CR_CACHE_OFF;
		cr_config_mark_cli(ctx->config, CR_SET_CACHE, "off");
	} else if (strcmp(name, "date") == 0) {
		int y, m, d;
		if (!cr_parse_date(value, &y, &m, &d))
			return cr_usage_error(e, "--date takes a date YYYY-MM-DD, not '%s'", value);
		ctx->text_date = value;
	} else if (strcmp(name, "utc-offset") == 0) {
		if (!cr_parse_utc_offset(value, &ctx->utc_offset_ns))
			return cr_usage_error(e, "--utc-offset takes +HH:MM or -HH:MM, not '%s'", value);
	} else if (strcmp(name, "engine") == 0) {
		if (!cr_engine_parse(value, &ctx->engine))
			return cr_usage_error(e, "--engine takes auto, native or tshark, not '%s'", value);
	} else if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0) {
		if (!cr_filter_set_time(&ctx->filter, name[0] == 'f', value, &err))
			goto bad;
	} else if (strcmp(name, "host") == 0) {
		if (!cr_filter_add_host(&ctx->filter, value, &err))
			goto bad;
	} else if (strcmp(name, "port") == 0) {
		if (!parse_int(value, 0, 65535, &n))
			return cr_usage_error(e, "--port takes a number from 0 to 65535, not '%s'", value);
		ctx->filter.port = (int)n;
	} else if (strcmp(name, "proto") == 0) {
		if (!cr_filter_set_proto(&ctx->filter, value, &err))
			goto bad;
	} else if (strcmp(name, "format") == 0 && lookup(e->options, "format", 0)) {
		return -2;	/* the command's own --format (graph: dot, json, circos) */
	} else if (strcmp(name, "format") == 0) {
		if (strcmp(value, "text") == 0)
			ctx->format = CR_FMT_TEXT;
		else if (strcmp(value, "csv") == 0)
			ctx->format = CR_FMT_CSV;
		else if (strcmp(value, "json") == 0)
			ctx->format = CR_FMT_JSON;
		else if (strcmp(value, "xlsx") == 0)
			ctx->format = CR_FMT_XLSX;
		else
			return cr_usage_error(e, "unknown format '%s' (text, csv, json or xlsx)", value);
		ctx->format_set = true;
	} else if (strcmp(name, "output") == 0) {
		ctx->output = value;
	} else if (strcmp(name, "raw") == 0) {
		ctx->raw = true;
	} else if (strcmp(name, "no-header") == 0) {
		ctx->no_header = true;
	} else if (strcmp(name, "top") == 0) {
		if (!parse_int(value, 1, 1000000000, &n))
			return cr_usage_error(e, "--top takes a positive number, not '%s'", value);
		ctx->top = (int)n;
		cr_config_mark_cli(ctx->config, CR_SET_TOP, value);
	} else {
		return -2;	/* not shared */
	}
	return CR_EXIT_OK;
bad:
	fprintf(stderr, "capreport %s: %s\n", e->name, err->message);
	g_error_free(err);
	return CR_EXIT_USAGE;
}

int cr_cmd_parse(struct cr_ctx *ctx, const struct cr_cmd_entry *e, int argc, char **argv, struct cr_args *out)
{
	bool only_inputs = false;

	out->opts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	out->inputs = g_ptr_array_new_with_free_func(g_free);

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct cr_option *o;
		const char *value = NULL;
		char *name = NULL;
		char shortbuf[3] = "-?";
		int rc;

		if (only_inputs || a[0] != '-' || a[1] == '\0') {
			g_ptr_array_add(out->inputs, g_strdup(a));
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_inputs = true;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			name = eq ? g_strndup(a + 2, (size_t)(eq - a - 2)) : g_strdup(a + 2);
			if (eq)
				value = eq + 1;
			o = find_option(e, name, 0);
			if (!o) {
				rc = cr_usage_error(e, "unknown option '%s'", a);
				g_free(name);
				return rc;
			}
		} else {
			shortbuf[1] = a[1];
			o = find_option(e, NULL, a[1]);
			if (!o)
				return cr_usage_error(e, "unknown option '%s'", shortbuf);
			if (a[2] != '\0') {
				if (!o->arg)
					return cr_usage_error(e, "option '%s' takes no value (combine short options separately)", shortbuf);
				value = a + 2;
			}
		}
		g_free(name);
		if (strcmp(o->long_name, "help") == 0)
			return -1;
		if (o->arg && !value) {
			if (i + 1 >= argc)
				return cr_usage_error(e, "option '--%s' needs a value", o->long_name);
			value = argv[++i];
		} else if (!o->arg && value) {
			return cr_usage_error(e, "option '--%s' takes no value", o->long_name);
		}
		if (!value)
			value = "";
		rc = apply_shared(ctx, e, o->long_name, value);
		if (rc == -2)
			g_hash_table_replace(out->opts, g_strdup(o->long_name), g_strdup(value));
		else if (rc != CR_EXIT_OK)
			return rc;
	}

	if ((e->flags & CR_CMD_INPUT) && out->inputs->len == 0)
		return cr_usage_error(e, "%s", "no input given");
	if ((e->flags & CR_CMD_ONE_INPUT) && out->inputs->len > 1)
		return cr_usage_error(e, "%s", "takes exactly one input");
	if (ctx->format == CR_FMT_XLSX && (!ctx->output || strcmp(ctx->output, "-") == 0))
		return cr_usage_error(e, "%s", "-f xlsx needs -o FILE.xlsx: a workbook does not go to standard output");
	if (ctx->quiet)
		ctx->progress = false;
	return CR_EXIT_OK;
}

static void print_group(FILE *out, const char *title, const struct cr_option *o)
{
	if (!o || !o->long_name)
		return;
	fprintf(out, "\n%s:\n", title);
	for (; o->long_name; o++) {
		GString *left = g_string_new("  ");
		if (o->short_name)
			g_string_append_printf(left, "-%c, ", o->short_name);
		else
			g_string_append(left, "    ");
		g_string_append_printf(left, "--%s", o->long_name);
		if (o->arg)
			g_string_append_printf(left, " %s", o->arg);
		if (left->len > 26)
			fprintf(out, "%s\n%28s%s\n", left->str, "", o->help);
		else
			fprintf(out, "%-28s%s\n", left->str, o->help);
		g_string_free(left, TRUE);
	}
}

void cr_cmd_help(const struct cr_cmd_entry *e, FILE *out)
{
	fprintf(out, "usage: capreport %s [options] %s\n\n%s\n", e->name, e->args, e->summary);
	if (e->description)
		fprintf(out, "\n%s\n", e->description);
	print_group(out, "options", e->options);
	if (e->flags & CR_CMD_TABLE)
		print_group(out, "output", cr_table_options);
	if (e->flags & CR_CMD_FILTERS)
		print_group(out, "filters", cr_filter_options);
	if (e->flags & CR_CMD_SOURCE)
		print_group(out, "capture reading", cr_source_options);
	print_group(out, "general", cr_global_options);
	if (e->examples)
		fprintf(out, "\nexamples:\n%s", e->examples);
}

bool cr_parse_seconds(const char *s, double max, double *out)
{
	char *end;
	double v = g_ascii_strtod(s, &end);

	if (end == s || *end || !(v > 0) || v > max)
		return false;
	*out = v;
	return true;
}

int64_t cr_parse_index_or_all(const char *s)
{
	char *end;
	long long v;

	if (strcmp(s, "all") == 0)
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -2;
	return v;
}

bool cr_max_keys(const struct cr_args *args, const char *cmd, size_t *out)
{
	const char *s = cr_args_get(args, "max-keys");
	char *end;
	unsigned long long v;

	*out = CR_TOPN_MAX_KEYS;
	if (s) {
		errno = 0;
		v = strtoull(s, &end, 10);
		if (errno || end == s || *end || *s == '-' || (v > 0 && v < 16) || v > 100000000ull) {
			fprintf(stderr, "capreport %s: --max-keys takes 0 (no bound) or a number of keys from 16 to "
					"100000000, not '%s'\n", cmd, s);
			return false;
		}
		*out = (size_t)v;
	}
	return true;
}
