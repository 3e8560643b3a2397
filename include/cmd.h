/* cmd.h - the command table: one entry per subcommand, one file per entry. */
#ifndef CR_CMD_H
#define CR_CMD_H

#include "capreport.h"

/* Option groups a command takes; the dispatcher parses them into the ctx. */
enum cr_cmd_flags {
	CR_CMD_INPUT = 1 << 0,		/* takes INPUT... (at least one) */
	CR_CMD_SOURCE = 1 << 1,		/* -Y, --refresh, --no-cache */
	CR_CMD_FILTERS = 1 << 2,	/* --from --to --host --port --proto */
	CR_CMD_TABLE = 1 << 3,		/* -f -o --raw --top --sort --no-header */
	CR_CMD_ONE_INPUT = 1 << 4,	/* exactly one INPUT */
};

/* An option of a command. Value → name tables end in a NULL sentinel. */
struct cr_option {
	const char *long_name;
	int short_name;		/* 0: none */
	const char *arg;	/* NULL: a flag; else the value's name */
	const char *help;
};

/* Parsed command line of one command. */
struct cr_args {
	GHashTable *opts;	/* long name → value ("" for flags); last one wins */
	GPtrArray *inputs;	/* positional arguments (char *) */
};
const char *cr_args_get(const struct cr_args *a, const char *long_name);
bool cr_args_has(const struct cr_args *a, const char *long_name);

struct cr_cmd_entry {
	const char *name;
	const char *args;		/* "CAPTURE..." */
	const char *summary;		/* one line */
	const char *description;	/* a paragraph or two */
	const char *examples;		/* lines "capreport ... # what it does" */
	const struct cr_option *options;	/* own options, sentinel-ended, may be NULL */
	unsigned flags;
	int (*exec)(struct cr_ctx *ctx, struct cr_args *args);
};

extern const struct cr_cmd_entry cmd_export_entry;
extern const struct cr_cmd_entry cmd_info_entry;
extern const struct cr_cmd_entry cmd_conversations_entry;
extern const struct cr_cmd_entry cmd_endpoints_entry;
extern const struct cr_cmd_entry cmd_workbook_entry;
extern const struct cr_cmd_entry cmd_report_entry;
extern const struct cr_cmd_entry cmd_heatmap_entry;
extern const struct cr_cmd_entry cmd_graph_entry;
extern const struct cr_cmd_entry cmd_talkers_entry;
extern const struct cr_cmd_entry cmd_protocols_entry;
extern const struct cr_cmd_entry cmd_sizes_entry;
extern const struct cr_cmd_entry cmd_ports_entry;
extern const struct cr_cmd_entry cmd_parallel_entry;
extern const struct cr_cmd_entry cmd_throughput_entry;
extern const struct cr_cmd_entry cmd_timeline_entry;
extern const struct cr_cmd_entry cmd_tcp_entry;
extern const struct cr_cmd_entry cmd_mptcp_entry;
extern const struct cr_cmd_entry cmd_config_entry;
extern const struct cr_cmd_entry cmd_cache_entry;

/* Option groups, shared with the help printer (options.c). */
extern const struct cr_option cr_global_options[];
extern const struct cr_option cr_source_options[];
extern const struct cr_option cr_filter_options[];
extern const struct cr_option cr_table_options[];

/* Parse argv (after the command name) for `e`. Returns a cr_exit code. */
int cr_cmd_parse(struct cr_ctx *ctx, const struct cr_cmd_entry *e, int argc, char **argv, struct cr_args *out);
void cr_args_clear(struct cr_args *a);
/* Apply one global option; true when `name` was one. */
int cr_global_option(struct cr_ctx *ctx, const char *name, const char *value);
void cr_cmd_help(const struct cr_cmd_entry *e, FILE *out);
/* Shared option groups as the man page names them (help.c); ends in a sentinel (title NULL). */
struct cr_option_group {
	unsigned flag;			/* 0: every command */
	const char *title;		/* man page section */
	const struct cr_option *options;
};
extern const struct cr_option_group cr_option_groups[];

/* capreport(1) in roff (help.c) and the bash completion script (completion.c), from the command table; -1 on a write error. */
int cr_help_man(const struct cr_cmd_entry *const *commands, FILE *out);
int cr_help_completion(const struct cr_cmd_entry *const *commands, FILE *out);

/* "capreport NAME: MESSAGE; see 'capreport help NAME'" on stderr; returns CR_EXIT_USAGE. */
int cr_usage_error(const struct cr_cmd_entry *e, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/*
 * --group-by FIELD of endpoints and conversations (group-run.c): read the
 * smallest profile holding FIELD (built-in or the configuration's) with
 * tshark, emit packets and bytes per value. Returns what exec returns.
 * (enum cr_group_kind and cr_conv_by are in analyze.h.)
 */
int cr_group_run(struct cr_ctx *ctx, const struct cr_cmd_entry *e, GPtrArray *inputs, const char *field,
		 int kind, int by, const char *sort);

/* A stream or connection argument: "all" → -1, a number → itself, anything else → -2. */
int64_t cr_parse_index_or_all(const char *s);
/* "0.5" → 0.5: a number of seconds above 0 and at most max; false when it is not. */
bool cr_parse_seconds(const char *s, double max, double *out);
/*
 * --max-keys N: the addresses or pairs a ranking holds at once (topn.h);
 * CR_TOPN_MAX_KEYS when absent, 0 (no bound) when an input cannot be read
 * twice. False after saying why N is wrong.
 */
bool cr_max_keys(const struct cr_args *args, const char *cmd, size_t *out);
/* --table NAME, for the commands that give several tables (write.h: cr_emit_set). */
#define CR_TABLE_OPTION(NAMES) \
	{ "table", 0, "NAME", "the one table to write: " NAMES " (-f csv: the first by default)" }
/* The option, for the commands that rank addresses. */
#define CR_MAX_KEYS_OPTION \
	{ "max-keys", 0, "N", "addresses held in memory at once (default 100000, 0: all); more: more passes" }

#endif
