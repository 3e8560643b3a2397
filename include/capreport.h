/* capreport.h - the context every command receives, exit codes, errors. */
#ifndef CAPREPORT_H
#define CAPREPORT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define CR_VERSION "0.1.0"

/*
 * Exit codes are an interface: scripts test them. Keep README.md's table
 * and the man page's (help.c) in step with this enum.
 */
enum cr_exit {
	CR_EXIT_OK = 0,
	CR_EXIT_ERROR = 1,	/* internal error, out of memory */
	CR_EXIT_USAGE = 2,	/* bad command line */
	CR_EXIT_INPUT = 3,	/* input missing, unreadable or not a capture */
	CR_EXIT_DAMAGED = 4,	/* capture damaged: results cover the readable part */
	CR_EXIT_TSHARK = 5,	/* tshark missing or failed */
	CR_EXIT_OUTPUT = 6,	/* an output could not be written */
	CR_EXIT_PLOTS = 7,	/* tables written, some plots missing (no gnuplot) */
	CR_EXIT_INTERRUPTED = 130,	/* SIGINT/SIGTERM: nothing half-written kept */
};

/* Error domain for GError: the code is an enum cr_exit. */
#define CR_ERROR (cr_error_quark())
GQuark cr_error_quark(void);

/* Output formats for tables. */
enum cr_format {
	CR_FMT_TEXT,
	CR_FMT_CSV,
	CR_FMT_JSON,
	CR_FMT_XLSX,
};

/* Cache policy for tshark exports. */
enum cr_cache_mode {
	CR_CACHE_USE,		/* read a valid cache, write a new one */
	CR_CACHE_REFRESH,	/* ignore what is there, write a new one */
	CR_CACHE_OFF,		/* neither read nor write */
};

/* Which engine reads a capture (--engine). */
enum cr_engine {
	CR_ENGINE_AUTO,		/* native when it serves the request and decodes every packet */
	CR_ENGINE_NATIVE,	/* the native reader (native.h): the ip profile only */
	CR_ENGINE_TSHARK,	/* tshark's field export, cached as CSV */
};

struct cr_config;

/* Row filters shared by every command that reads rows (see filter.c). */
struct cr_filter {
	bool has_from, has_to;
	int64_t from_ns, to_ns;		/* absolute epoch ns, resolved */
	char *from_rel, *to_rel;	/* "+30s": resolved at the first packet */
	int64_t from_rel_ns, to_rel_ns;
	GPtrArray *hosts;		/* of struct cr_cidr *, any matches */
	int port;			/* -1: any */
	char *proto;			/* NULL: any; a name from frame.protocols */
	int proto_num;			/* -1: any; IP protocol number */
};

/*
 * The context passed down from main to every command and from commands
 * to the layers below. It holds options, and the copies of the inputs
 * that can be read only once; no layer keeps state in globals.
 */
struct cr_ctx {
	const char *argv0;
	int quiet;			/* -q: no progress, no notices */
	int verbose;			/* -v: say what is run */
	bool progress;			/* stderr is a terminal and not quiet */
	const char *tshark;		/* program name or path */
	enum cr_format format;
	bool format_set;
	bool raw;			/* exact integers in text output */
	bool no_header;			/* --no-header */
	const char *output;		/* -o FILE, NULL or "-" for stdout */
	const char *profile;		/* --profile NAME, NULL: command's own */
	const char *display_filter;	/* -Y */
	enum cr_cache_mode cache;
	struct cr_filter filter;
	int top;			/* --top N, 0: all */
	const char *sort;		/* --sort KEY */
	const char *by;			/* --by ip|tcp|udp */
	int worst_exit;			/* highest-priority exit seen so far */
	unsigned inputs_read;		/* inputs whose results stand (exit 0 or 4) */
	unsigned inputs_failed;		/* inputs that failed (cr_ctx_all_failed) */
	const char *text_date;		/* --date: day of the first line of tcpdump text without dates */
	int64_t utc_offset_ns;		/* --utc-offset: tcpdump text times are UTC + this */
	enum cr_engine engine;		/* --engine */
	struct cr_config *config;	/* the configuration file (config.h); NULL: none read */
	GHashTable *spools;		/* input name -> its copy: inputs read once (input.c) */
	char *spool_dir;		/* the folder of those copies; cr_input_clear removes it */
};

void cr_ctx_init(struct cr_ctx *ctx);
/* "auto", "native" or "tshark" into *e; false for anything else. */
bool cr_engine_parse(const char *s, enum cr_engine *e);
void cr_ctx_clear(struct cr_ctx *ctx);

/* Messages on stderr, prefixed "capreport: ". */
void cr_warn(const struct cr_ctx *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void cr_notice(const struct cr_ctx *ctx, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void cr_error_print(const GError *err);

/* Remember an exit status; the most serious one wins at the end. */
void cr_ctx_status(struct cr_ctx *ctx, int code);
/* Did every input fail (and say why)? Then no table is written: an empty one would look like an answer. */
bool cr_ctx_all_failed(const struct cr_ctx *ctx);

/* Set by the signal handler; long loops poll it and stop cleanly. */
extern volatile int cr_interrupted;
void cr_signals_install(void);

#endif
