/* cmd-report.c - `capreport report`: every table and plot of the captures as a static HTML gallery. */
#include "cmd.h"
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct cr_option options[] = {
	{ "output", 'o', "DIR", "the folder to write (required; an earlier report there is replaced)" },
	{ "templates", 0, "DIR", "your own copies of templates/ (report/*.html, report/style.css, *.gp); "
				 "files missing there come from the built-in ones" },
	{ "top", 0, "N", "hosts in the heatmap (default 30; the rest is 'other')" },
	{ "jobs", 'j', "N", "gnuplots at once (default: one per core)" },
	{ "plot-timeout", 0, "SECONDS", "stop a gnuplot that runs longer than this; its card says so (default: 60)" },
	{ "no-plots", 0, NULL, "write the tables and pages only" },
	{ "no-workbook", 0, NULL, "leave out the XLSX workbook of each capture" },
	{ NULL, 0, NULL, NULL },
};

static int exec(struct cr_ctx *ctx, struct cr_args *args)
{
	struct cr_report_opts o = { .top = 30, .workbook = true, .plots = true };
	const char *jobs = cr_args_get(args, "jobs"), *timeout = cr_args_get(args, "plot-timeout");
	char *out;
	struct cr_report *r;
	int status;

	if (!ctx->output || !*ctx->output || strcmp(ctx->output, "-") == 0) {
		fprintf(stderr, "capreport report: give the folder to write with -o DIR; see 'capreport help report'\n");
		return CR_EXIT_USAGE;
	}
	if (ctx->top > 0)
		o.top = ctx->top;
	if (jobs) {
		char *end;
		long n = strtol(jobs, &end, 10);
		if (*end || end == jobs || n < 1 || n > 256) {
			fprintf(stderr, "capreport report: --jobs takes a number from 1 to 256, not '%s'\n", jobs);
			return CR_EXIT_USAGE;
		}
		o.jobs = (int)n;
	}
	if (timeout && !cr_parse_seconds(timeout, 86400, &o.plot_timeout)) {
		fprintf(stderr, "capreport report: --plot-timeout takes a number of seconds, not '%s'\n", timeout);
		return CR_EXIT_USAGE;
	}
	/* "out/", "./out" and "a/../out" all name the folder the temporary goes beside. */
	o.out = out = g_canonicalize_filename(ctx->output, NULL);
	/* Without --templates: $CAPREPORT_TEMPLATES, which the configuration's templates= fills (config.c). */
	o.templates = cr_args_get(args, "templates");
	if (o.templates && !g_file_test(o.templates, G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, "capreport report: cannot read the templates folder '%s': %s\n", o.templates,
			g_file_test(o.templates, G_FILE_TEST_EXISTS) ? "Not a directory" : g_strerror(ENOENT));
		g_free(out);
		return CR_EXIT_USAGE;
	}
	o.plots = !cr_args_has(args, "no-plots");
	o.workbook = !cr_args_has(args, "no-workbook");

	r = cr_report_new(ctx, &o);
	status = cr_report_run(r, args->inputs);
	if (status != CR_EXIT_INTERRUPTED && (status == CR_EXIT_OK || status == CR_EXIT_PLOTS ||
					      status == CR_EXIT_DAMAGED || status == CR_EXIT_INPUT ||
					      status == CR_EXIT_TSHARK) &&
	    g_file_test(o.out, G_FILE_TEST_IS_DIR) && !r->tmp) {
		char *index = g_build_filename(ctx->output, "index.html", NULL);
		printf("%s\n", index);	/* the result, as export prints its CSV: -q keeps it */
		g_free(index);
	}
	cr_report_free(r);
	g_free(out);
	return status;
}

const struct cr_cmd_entry cmd_report_entry = {
	.name = "report",
	.args = "-o DIR CAPTURE...",
	.summary = "write every table and plot as a static HTML gallery in a folder",
	.description =
		"One pass per capture (the cached CSV is reused), then every section that\n"
		"applies: summary and protocol mix, hosts and top talkers, conversation\n"
		"heatmap, IP graph, conversations, packet sizes, port scatter and parallel\n"
		"coordinates, throughput, timeline and gaps. DIR gets index.html, a page\n"
		"per capture and section, tables/*.csv, plots/*.{svg,png,gp,dat}, one XLSX\n"
		"workbook per capture and assets/. It opens from disk or a zip: no server,\n"
		"no network.\n"
		"The folder is built under a temporary name and swapped in whole; a folder\n"
		"that is not an earlier report is never replaced. Prints the index path.\n"
		"Without gnuplot the tables are written and the exit status is 7.",
	.examples =
		"  capreport report -o mixed-report samples/mixed.pcapng      # one capture: its gallery\n"
		"  capreport report -o cmp samples/mixed.pcapng samples/mptcp.pcapng   # an index comparing them\n",
	.options = options,
	.flags = CR_CMD_INPUT | CR_CMD_SOURCE | CR_CMD_FILTERS,
	.exec = exec,
};
