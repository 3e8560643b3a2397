/* main.c - the command table, dispatch, --help and --version. */
#include "capreport.h"
#include "cmd.h"
#include "config.h"
#include "input.h"
#include "inputcopy.h"
#include "plot-style.h"
#include "tshark.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* The only command table. Order is the order of `capreport --help`. */
static const struct cr_cmd_entry *const commands[] = {
	&cmd_info_entry,
	&cmd_conversations_entry,
	&cmd_endpoints_entry,
	&cmd_timeline_entry,
	&cmd_tcp_entry,
	&cmd_mptcp_entry,
	&cmd_export_entry,
	&cmd_workbook_entry,
	&cmd_report_entry,
	&cmd_heatmap_entry,
	&cmd_graph_entry,
	&cmd_talkers_entry,
	&cmd_protocols_entry,
	&cmd_sizes_entry,
	&cmd_ports_entry,
	&cmd_parallel_entry,
	&cmd_throughput_entry,
	&cmd_config_entry,
	&cmd_cache_entry,
	NULL,
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: capreport [-q] [-v] [--config FILE] COMMAND [options] INPUT...\n"
		"\n"
		"Turn packet captures into tables people can share. INPUT is a pcap,\n"
		"pcapng or gzip-compressed capture (read by the native reader, or with\n"
		"tshark and cached beside it as CSV), a CSV that capreport wrote, or\n"
		"tcpdump text (-tttt, -tt).\n"
		"\n"
		"commands:\n");
	for (size_t i = 0; commands[i]; i++)
		fprintf(out, "  %-15s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(out,
		"  %-15s %s\n"
		"\n"
		"examples:\n"
		"  capreport info samples/mixed.pcapng\n"
		"  capreport conversations --top 10 samples/mixed.pcapng\n"
		"  capreport endpoints -f csv -o hosts.csv samples/mixed.pcapng\n"
		"\n"
		"Unique prefixes of commands are accepted (capreport conv).\n"
		"Run 'capreport help COMMAND' for a command's options.\n",
		"help", "show a command's options and examples");
}

/* Find a command by name or unique prefix; list candidates when ambiguous. */
static const struct cr_cmd_entry *find_command(const char *name, int *status)
{
	const struct cr_cmd_entry *found = NULL;
	size_t len = strlen(name), nmatch = 0;

	for (size_t i = 0; commands[i]; i++) {
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
		if (len > 0 && strncmp(commands[i]->name, name, len) == 0) {
			found = commands[i];
			nmatch++;
		}
	}
	if (nmatch == 1)
		return found;
	if (nmatch > 1) {
		fprintf(stderr, "capreport: ambiguous command '%s', could be:", name);
		for (size_t i = 0; commands[i]; i++)
			if (strncmp(commands[i]->name, name, len) == 0)
				fprintf(stderr, " %s", commands[i]->name);
		fputc('\n', stderr);
	} else {
		fprintf(stderr, "capreport: unknown command '%s'; see 'capreport --help'\n", name);
	}
	*status = CR_EXIT_USAGE;
	return NULL;
}

static int print_version(struct cr_ctx *ctx)
{
	GError *err = NULL;
	char *tv = cr_tshark_version(ctx, &err);

	printf("capreport %s\n", CR_VERSION);
	if (tv)
		printf("%s\n", tv);
	else
		printf("tshark: %s\n", err->message);
	g_clear_error(&err);
	g_free(tv);
	return CR_EXIT_OK;
}

/* Our own peak memory, children excluded (tshark reports its own). */
static void report_peak_rss(void)
{
	char *status = NULL, *line;

	if (g_file_get_contents("/proc/self/status", &status, NULL, NULL) && (line = strstr(status, "VmHWM:")))
		fprintf(stderr, "capreport: peak RSS %" G_GINT64_FORMAT " KiB (capreport alone)\n",
			g_ascii_strtoll(line + 6, NULL, 10));
	g_free(status);
}

/*
 * Finish stdout: a full disk is an error, a closed pipe is not (SIGPIPE is
 * ignored, so a write to a closed pipe reports EPIPE).
 */
static int close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return status;
		fprintf(stderr, "capreport: cannot write to standard output: %s\n", g_strerror(errno));
		return status == CR_EXIT_OK ? CR_EXIT_OUTPUT : status;
	}
	return status;
}

/* The last --config FILE anywhere before "--": the file is read before options are applied. */
static const char *config_option(int argc, char **argv)
{
	const char *path = NULL;

	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			path = argv[i] + 9;
	}
	return path;
}

static int dispatch(int argc, char **argv, struct cr_config *config)
{
	struct cr_ctx ctx;
	const struct cr_cmd_entry *e;
	struct cr_args args = { 0 };
	int i, status = CR_EXIT_OK;

	cr_ctx_init(&ctx);
	ctx.argv0 = argv[0];
	cr_signals_install();
	ctx.config = config;
	cr_config_apply(ctx.config, &ctx, false);

	/* Global options before the command. */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return close_stdout(CR_EXIT_OK);
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0)
			return close_stdout(print_version(&ctx));
		if (strcmp(a, "--tshark") == 0 && i + 1 < argc) {
			cr_global_option(&ctx, "tshark", argv[++i]);
			continue;
		}
		if (strncmp(a, "--tshark=", 9) == 0) {
			cr_global_option(&ctx, "tshark", a + 9);
			continue;
		}
		if (strcmp(a, "--config") == 0 && i + 1 < argc) {
			i++;	/* read above */
			continue;
		}
		if (strncmp(a, "--config=", 9) == 0)
			continue;
		if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			cr_global_option(&ctx, "quiet", "");
			continue;
		}
		if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			cr_global_option(&ctx, "verbose", "");
			continue;
		}
		fprintf(stderr, "capreport: unknown option '%s'; see 'capreport --help'\n", a);
		return CR_EXIT_USAGE;
	}
	if (i >= argc) {
		usage(stderr);
		return CR_EXIT_USAGE;
	}

	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 >= argc) {
			usage(stdout);
			return close_stdout(CR_EXIT_OK);
		}
		/* Hidden: what `make` builds the man page and the completion from. */
		if (strcmp(argv[i + 1], "--man") == 0)
			return close_stdout(cr_help_man(commands, stdout) == 0 ? CR_EXIT_OK : CR_EXIT_OUTPUT);
		if (strcmp(argv[i + 1], "--completion") == 0)
			return close_stdout(cr_help_completion(commands, stdout) == 0 ? CR_EXIT_OK : CR_EXIT_OUTPUT);
		e = find_command(argv[i + 1], &status);
		if (!e)
			return status;
		cr_cmd_help(e, stdout);
		return close_stdout(CR_EXIT_OK);
	}

	e = find_command(argv[i], &status);
	if (!e)
		return status;

	cr_config_apply(ctx.config, &ctx, (e->flags & CR_CMD_TABLE) != 0);
	status = cr_cmd_parse(&ctx, e, argc - i - 1, argv + i + 1, &args);
	if (status == -1) {	/* --help was asked for */
		cr_cmd_help(e, stdout);
		cr_args_clear(&args);
		return close_stdout(CR_EXIT_OK);
	}
	if (status != CR_EXIT_OK) {
		cr_args_clear(&args);
		cr_ctx_clear(&ctx);
		return status;
	}

	status = e->exec(&ctx, &args);
	cr_input_clear(&ctx);	/* the copies of inputs read once */
	if (cr_interrupted && status == CR_EXIT_OK)
		status = CR_EXIT_INTERRUPTED;
	if (ctx.verbose)
		report_peak_rss();
	cr_args_clear(&args);
	cr_ctx_clear(&ctx);
	return close_stdout(status);
}

int main(int argc, char **argv)
{
	GError *err = NULL;
	struct cr_config *config = cr_config_load(config_option(argc, argv), cr_plot_style_checks, &err);
	int status;

	if (!config) {
		cr_error_print(err);
		g_error_free(err);
		return CR_EXIT_USAGE;
	}
	status = dispatch(argc, argv, config);
	cr_config_free(config);
	return status;
}
