/* cmd-export.c - `capreport export`: the profile's rows as CSV, cached beside the capture. */
#include "cmd.h"
#include "config.h"
#include "filter.h"
#include "inputcopy.h"
#include "run.h"
#include "table.h"
#include "tshark.h"
#include "write.h"

#include <errno.h>
#include <string.h>

static const struct cr_option options[] = {
	{ "profile", 'p', "NAME", "field profile: ip (default), tcp, mptcp or a [profile NAME] of the configuration" },
	{ "output", 'o', "FILE", "write the rows to FILE ('-': standard output), not only to the cache" },
	{ "print-tshark-argv", 0, NULL, "print the tshark command, one argument a line, and stop" },
	{ NULL, 0, NULL, NULL },
};

struct export {
	const struct cr_profile *p;
	FILE *out;
	int *index;		/* profile field i → row column, -1 when absent */
	size_t n;
	int failed;
};

static void put_field(FILE *out, const char *v)
{
	if (!*v)
		return;
	fputc('"', out);
	for (; *v; v++) {
		if (*v == '"')
			fputc('"', out);
		fputc(*v, out);
	}
	fputc('"', out);
}

static int on_header(void *user, const struct cr_row *names)
{
	struct export *x = user;

	x->n = cr_profile_nfields(x->p);
	x->index = g_new(int, x->n);
	for (size_t i = 0; i < x->n; i++) {
		x->index[i] = -1;
		for (size_t j = 0; j < names->n; j++)
			if (strcmp(names->field[j], x->p->fields[i]) == 0)
				x->index[i] = (int)j;
		fprintf(x->out, "%s%s", i ? "," : "", x->p->fields[i]);
	}
	fputc('\n', x->out);
	return 0;
}

static int on_packet(void *user, const struct cr_pkt *pk)
{
	struct export *x = user;
	const struct cr_row *r = pk->row;

	if (!r)
		return 0;	/* not a CSV source: exec refuses those */
	for (size_t i = 0; i < x->n; i++) {
		if (i)
			fputc(',', x->out);
		if (x->index[i] >= 0 && (size_t)x->index[i] < r->n)
			put_field(x->out, r->field[x->index[i]]);
	}
	fputc('\n', x->out);
	if (ferror(x->out)) {
		x->failed = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	/* -o lands in ctx->output, as the shared --output does. */
	const char *name = cr_args_get(args, "profile"), *out_path = ctx->output;
	const char *capture = g_ptr_array_index(args->inputs, 0);
	const struct cr_profile *p = cr_profile_lookup(ctx->config, name ? name : "ip");
	struct export x = { 0 };
	struct cr_consumer c = { 0 };
	struct cr_run_info info;
	struct cr_outfile of = { 0 };
	GError *err = NULL;
	bool to_file = out_path && strcmp(out_path, "-") != 0;
	int status;

	if (!p) {
		fprintf(stderr, "capreport export: unknown profile '%s' (ip, tcp, mptcp or a [profile NAME] of '%s')\n",
			name, cr_config_looked(ctx->config));
		return CR_EXIT_USAGE;
	}
	if (!out_path && cr_filter_active(&ctx->filter)) {
		fprintf(stderr, "capreport export: filters apply to rows written with -o FILE; "
				"the cache always holds every packet\n");
		return CR_EXIT_USAGE;
	}
	if (!out_path && ctx->cache == CR_CACHE_OFF) {
		fprintf(stderr, "capreport export: with --no-cache there is nothing to keep: give -o FILE or -o -\n");
		return CR_EXIT_USAGE;
	}

	if (!out_path && cr_input_read_once(capture)) {
		fprintf(stderr, "capreport export: '%s' is read once and has no cache: give -o FILE or -o -\n", capture);
		return CR_EXIT_USAGE;
	}
	{
		enum cr_input_kind kind;
		const char *file = cr_input_file(ctx, capture, NULL);
		if (file && cr_input_detect(file, &kind, NULL) == 0 && kind == CR_INPUT_TCPDUMP) {
			fprintf(stderr, "capreport export: '%s' is tcpdump text: export writes tshark's fields of a capture; "
					"the other commands read the text as it is\n", capture);
			return CR_EXIT_INPUT;
		}
	}
	/* The export is tshark's CSV unless the native one is asked for; that one is never cached. */
	if (ctx->engine == CR_ENGINE_AUTO)
		ctx->engine = CR_ENGINE_TSHARK;
	if (ctx->engine == CR_ENGINE_NATIVE && !out_path) {
		fprintf(stderr, "capreport export: the native engine keeps no cache: give -o FILE or -o -\n");
		return CR_EXIT_USAGE;
	}

	if (cr_args_has(args, "print-tshark-argv")) {
		char **argv = cr_tshark_argv(ctx, capture, p);
		for (char **a = argv; *a; a++)
			printf("%s\n", *a);
		g_strfreev(argv);
		return CR_EXIT_OK;
	}

	x.p = p;
	if (out_path) {
		c = (struct cr_consumer){ .header = on_header, .packet = on_packet, .user = &x };
		x.out = stdout;
		if (to_file) {
			if (cr_outfile_open(&of, out_path, &err) != 0) {
				cr_error_print(err);
				g_error_free(err);
				return CR_EXIT_OUTPUT;
			}
			x.out = of.f;
		}
	}

	status = cr_run_one(ctx, capture, p, &c, &info);
	if (out_path && !x.index && (status == CR_EXIT_OK || status == CR_EXIT_DAMAGED)) {
		struct cr_row none = { 0 };
		on_header(&x, &none);	/* no rows: the header alone */
	}
	if (to_file) {
		if (x.failed || (status != CR_EXIT_OK && status != CR_EXIT_DAMAGED)) {
			if (x.failed)
				fprintf(stderr, "capreport: cannot write '%s': %s\n", out_path, g_strerror(x.failed));
			cr_outfile_abort(&of);
		} else if (cr_outfile_commit(&of, &err) != 0) {
			cr_error_print(err);
			g_clear_error(&err);
			cr_ctx_status(ctx, CR_EXIT_OUTPUT);
		}
		if (x.failed)
			cr_ctx_status(ctx, CR_EXIT_OUTPUT);
	} else if (out_path && x.failed && x.failed != EPIPE) {
		fprintf(stderr, "capreport: cannot write to standard output: %s\n", g_strerror(x.failed));
		cr_ctx_status(ctx, CR_EXIT_OUTPUT);
	}
	if (!out_path && info.cache_path && status == CR_EXIT_OK)
		printf("%s\n", info.cache_path);
	if (!ctx->quiet && status == CR_EXIT_OK)
		fprintf(stderr, "capreport: %" G_GUINT64_FORMAT " rows of profile '%s' %s\n", info.rows, p->name,
			info.from_cache ? "read from the cache" : info.kind == CR_INPUT_CSV ? "read from the CSV" :
			info.engine && strcmp(info.engine, "native") == 0 ? "read with the native engine" :
									     "exported with tshark");
	g_free(x.index);
	cr_run_info_clear(&info);
	return ctx->worst_exit;
}

const struct cr_cmd_entry cmd_export_entry = {
	.name = "export",
	.args = "CAPTURE",
	.summary = "export a capture's fields as CSV (and cache them beside it)",
	.description =
		"Runs tshark with the profile's fixed field list and keeps the CSV as\n"
		"CAPTURE.PROFILE.csv beside the capture (or under $XDG_CACHE_HOME/capreport\n"
		"when that folder is not writable), with a manifest that says what makes it\n"
		"valid. Prints the cache's path, or writes the rows to -o FILE.\n"
		"Profiles nest: ip < tcp < mptcp; a cached larger profile serves a smaller one.\n"
		"--engine native -o FILE writes the ip profile without tshark (frame.protocols\n"
		"then stops at the transport layer; see NATIVE READER in the man page).",
	.examples =
		"  capreport export samples/mixed.pcapng                   # prints the cached CSV's path\n"
		"  capreport export --profile mptcp -o - samples/mptcp.pcapng | head\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_ONE_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS,
	.exec = exec,
};
