/* help.c - the man page capreport(1), generated from the command table, the option groups and the topics. */
#include "capreport.h"
#include "cmd.h"
#include "config.h"
#include "man-topics.h"
#include "profile.h"

#include <string.h>

/* Each exit code with what it means, for the man page; ends in a sentinel (meaning NULL). */
struct cr_exit_info {
	int code;
	const char *meaning;
};

static const struct cr_exit_info cr_exit_table[] = {
	{ CR_EXIT_OK, "success" },
	{ CR_EXIT_ERROR, "internal error, out of memory" },
	{ CR_EXIT_USAGE, "usage: bad command line, or a bad configuration file (its file, line and key are named)" },
	{ CR_EXIT_INPUT, "an input is missing, unreadable, empty or not a capture" },
	{ CR_EXIT_DAMAGED, "a capture is damaged (truncated): results cover the readable part, no cache kept" },
	{ CR_EXIT_TSHARK, "tshark is missing or failed (its message is quoted)" },
	{ CR_EXIT_OUTPUT, "an output could not be written" },
	{ CR_EXIT_PLOTS, "tables written, but some plots are missing (gnuplot not installed)" },
	{ CR_EXIT_INTERRUPTED, "interrupted (SIGINT/SIGTERM): nothing half-written is left" },
	{ 0, NULL },
};

const struct cr_option_group cr_option_groups[] = {
	{ CR_CMD_TABLE, "OUTPUT OPTIONS", cr_table_options },
	{ CR_CMD_FILTERS, "FILTER OPTIONS", cr_filter_options },
	{ CR_CMD_SOURCE, "CAPTURE READING OPTIONS", cr_source_options },
	{ 0, "GLOBAL OPTIONS", cr_global_options },
	{ 0, NULL, NULL },
};

/* ---- roff -------------------------------------------------------------- */

/* Text for roff: backslashes and hyphens escaped, non-ASCII as \[uXXXX], no control line by accident. */
static void roff_text(GString *out, const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	if (p < end && (*p == '.' || *p == '\''))
		g_string_append(out, "\\&");
	while (p < end) {
		unsigned char ch = (unsigned char)*p;
		if (ch >= 0x80) {
			gunichar u = g_utf8_get_char_validated(p, end - p);
			if (u == (gunichar)-1 || u == (gunichar)-2) {
				p++;
				continue;
			}
			g_string_append_printf(out, "\\[u%04X]", u);
			p = g_utf8_next_char(p);
			continue;
		}
		if (ch == '\\')
			g_string_append(out, "\\e");
		else if (ch == '-')
			g_string_append(out, "\\-");
		else if (ch >= 0x20 || ch == '\t')
			g_string_append_c(out, (char)ch);
		p++;
	}
}

/* A paragraph of lines; blank lines become .sp, indented lines keep their break. */
static void roff_lines(GString *out, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n == 0) {
			g_string_append(out, ".sp\n");
		} else {
			if (*p == ' ')
				g_string_append(out, ".br\n");
			while (n && *p == ' ') {
				p++;
				n--;
			}
			roff_text(out, p, n);
			g_string_append_c(out, '\n');
		}
		p += n;
		if (*p == '\n')
			p++;
	}
}

static void roff_options(GString *out, const struct cr_option *o)
{
	for (; o && o->long_name; o++) {
		g_string_append(out, ".TP\n");
		if (o->short_name)
			g_string_append_printf(out, "\\fB\\-%c\\fR, ", o->short_name);
		g_string_append(out, "\\fB\\-\\-");
		roff_text(out, o->long_name, strlen(o->long_name));
		g_string_append(out, "\\fR");
		if (o->arg) {
			g_string_append(out, " \\fI");
			roff_text(out, o->arg, strlen(o->arg));
			g_string_append(out, "\\fR");
		}
		g_string_append_c(out, '\n');
		roff_lines(out, o->help);
	}
}

static void roff_command(GString *out, const struct cr_cmd_entry *e)
{
	GString *also = g_string_new(NULL);

	g_string_append(out, ".SS \"capreport ");
	roff_text(out, e->name, strlen(e->name));
	g_string_append(out, " [options] ");
	roff_text(out, e->args, strlen(e->args));
	g_string_append(out, "\"\n");
	roff_lines(out, e->summary);
	if (e->description) {
		g_string_append(out, ".PP\n");
		roff_lines(out, e->description);
	}
	if (e->options && e->options->long_name) {
		g_string_append(out, ".PP\nOptions:\n");
		roff_options(out, e->options);
	}
	for (size_t i = 0; cr_option_groups[i].title; i++)
		if (cr_option_groups[i].flag && (e->flags & cr_option_groups[i].flag))
			g_string_append_printf(also, "%s%s", also->len ? ", " : "", cr_option_groups[i].title);
	g_string_append(out, ".PP\nAlso takes the ");
	if (also->len)
		g_string_append_printf(out, "%s and ", also->str);
	g_string_append(out, "GLOBAL OPTIONS below.\n");
	if (e->examples) {
		g_string_append(out, ".PP\nExamples:\n.RS\n.nf\n");
		char **lines = g_strsplit(e->examples, "\n", -1);
		for (char **v = lines; *v; v++) {
			const char *t = *v;
			while (*t == ' ')
				t++;
			if (*t) {
				roff_text(out, t, strlen(t));
				g_string_append_c(out, '\n');
			}
		}
		g_strfreev(lines);
		g_string_append(out, ".fi\n.RE\n");
	}
	g_string_free(also, TRUE);
}

/* An example block of consecutive "$ " lines, starting at p; returns the first line after it. */
static const char *roff_example(GString *out, const char *p)
{
	g_string_append(out, ".PP\n.RS\n.nf\n");
	while (g_str_has_prefix(p, "$ ")) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		roff_text(out, p + 2, n - 2);
		g_string_append_c(out, '\n');
		p += n + (nl != NULL);
	}
	g_string_append(out, ".fi\n.RE\n.PP\n");
	return p;
}

/* The configuration settings as tagged paragraphs: "[group] key" from config.c, what it takes from cr_setting_help. */
static void roff_settings(GString *out)
{
	for (size_t i = 0; i < CR_SET_COUNT; i++) {
		const char *key = cr_setting_key(cr_setting_help[i].setting);
		g_string_append(out, ".TP\n.B ");
		roff_text(out, key, strlen(key));
		g_string_append_c(out, '\n');
		roff_lines(out, cr_setting_help[i].help);
	}
	g_string_append(out, ".PP\n");
}

/* A topic's text in the markup described in man-topics.c. */
static void roff_topic(GString *out, const char *text)
{
	const char *p = text;

	while (*p) {
		if (g_str_has_prefix(p, "$ ")) {
			p = roff_example(out, p);
			continue;
		}
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n == 0)
			g_string_append(out, ".PP\n");
		else if (strncmp(p, "{settings}", n) == 0 && n == 10)
			roff_settings(out);
		else if (g_str_has_prefix(p, "# ")) {
			g_string_append(out, ".SS ");
			roff_text(out, p + 2, n - 2);
			g_string_append_c(out, '\n');
		} else if (g_str_has_prefix(p, "- ")) {
			g_string_append(out, ".IP \\(bu 2\n");
			roff_text(out, p + 2, n - 2);
			g_string_append_c(out, '\n');
		} else if (g_str_has_prefix(p, "@ ")) {
			g_string_append(out, ".TP\n.B ");
			roff_text(out, p + 2, n - 2);
			g_string_append_c(out, '\n');
		} else {
			roff_text(out, p, n);
			g_string_append_c(out, '\n');
		}
		p += n + (nl != NULL);
	}
}

int cr_help_man(const struct cr_cmd_entry *const *commands, FILE *out)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s,
		".\\\" capreport.1 - generated by 'capreport help --man' from the command table; do not edit\n"
		".TH CAPREPORT 1 \"\" \"capreport %s\" \"User Commands\"\n"
		".SH NAME\n"
		"capreport \\- turn packet captures into tables, plots and an HTML report\n"
		".SH SYNOPSIS\n"
		".B capreport\n"
		"[\\fB\\-q\\fR] [\\fB\\-v\\fR] [\\fB\\-\\-tshark\\fR \\fIPATH\\fR] \\fICOMMAND\\fR [\\fIoptions\\fR] \\fIINPUT\\fR...\n"
		".br\n"
		".B capreport help\n"
		"[\\fICOMMAND\\fR]\n"
		".br\n"
		".B capreport\n"
		"\\fB\\-\\-version\\fR\n"
		".SH DESCRIPTION\n"
		"capreport turns packet captures into numbers people can share: tables (text, CSV, JSON, XLSX),\n"
		"gnuplot plots and a static HTML gallery.\n"
		"\\fIINPUT\\fR is a pcap, pcapng or gzip-compressed capture (read by the native reader, or\n"
		"exported with \\fBtshark\\fR(1) and cached beside it as CSV), a CSV that capreport wrote, or\n"
		"tcpdump text (\\-tttt, \\-tt).\n"
		".PP\n"
		"Unique prefixes of commands are accepted (\\fBcapreport conv\\fR).\n"
		"\\fBcapreport help\\fR \\fICOMMAND\\fR prints the same options and examples as this page.\n", CR_VERSION);
	/* The topics, named from their table. */
	g_string_append(s, "After the commands and their shared options come the topics:");
	for (size_t i = 0; cr_man_topics[i].title; i++)
		g_string_append_printf(s, "%s %s", i == 0 ? "" : cr_man_topics[i + 1].title ? "," : " and", cr_man_topics[i].title);
	g_string_append(s, ".\n.SH COMMANDS\n");
	for (size_t i = 0; commands[i]; i++)
		roff_command(s, commands[i]);
	g_string_append(s, ".SS \"capreport help [COMMAND]\"\n"
			"show the commands, or a command's options and examples\n");
	for (size_t i = 0; cr_option_groups[i].title; i++) {
		g_string_append_printf(s, ".SH %s\n", cr_option_groups[i].title);
		if (cr_option_groups[i].flag)
			g_string_append(s, "For the commands that say so above.\n");
		else
			g_string_append(s, "Before the command or among its options.\n");
		roff_options(s, cr_option_groups[i].options);
	}
	for (size_t i = 0; cr_man_topics[i].title; i++) {
		g_string_append_printf(s, ".SH %s\n", cr_man_topics[i].title);
		roff_topic(s, cr_man_topics[i].text);
	}
	g_string_append(s, ".SH EXIT STATUS\n"
			"With several inputs the most serious status wins; the other inputs are still processed.\n");
	for (size_t i = 0; cr_exit_table[i].meaning; i++) {
		g_string_append_printf(s, ".TP\n.B %d\n", cr_exit_table[i].code);
		roff_lines(s, cr_exit_table[i].meaning);
	}
	g_string_append(s,
		".SH ENVIRONMENT\n"
		".TP\n.B CAPREPORT_ENGINE\n"
		"The default of \\fB\\-\\-engine\\fR: auto, native or tshark. The option wins.\n"
		".TP\n.B CAPREPORT_TEMPLATES\n"
		"A folder searched for plot and report templates before the installed ones.\n"
		".TP\n.B CAPREPORT_GNUPLOT\n"
		"The gnuplot program to run (default: gnuplot from \\fBPATH\\fR).\n"
		".TP\n.B CAPREPORT_CONFIG\n"
		"The configuration file to read instead of the default one; \\fB\\-\\-config\\fR wins.\n"
		".TP\n.B CAPREPORT_PLOT_SIZE\n"
		"Every plot's size, WIDTHxHEIGHT in pixels (as [plot] size; this wins over the file).\n"
		".TP\n.B CAPREPORT_PLOT_PALETTE\n"
		"The plots' series colours, one to four #rrggbb (as [plot] palette; this wins over the file).\n"
		".PP\nA CAPREPORT_ variable set to a value the configuration file would refuse is an error naming "
		"it (exit 2); set empty, it is unset.\n"
		".TP\n.B XDG_CACHE_HOME\n"
		"Caches of captures whose folder is not writable go to \\fI$XDG_CACHE_HOME/capreport/\\fR\n"
		"(default \\fI~/.cache/capreport/\\fR), with the tshark version memo.\n"
		".TP\n.B XDG_CONFIG_HOME\n"
		"Where the configuration file is looked for (default \\fI~/.config\\fR).\n"
		".TP\n.B NO_COLOR\n"
		"When set and not empty, text tables are never coloured, even on a terminal.\n"
		".TP\n.B COLUMNS\n"
		"The width text tables are fitted to on a terminal (default: the terminal's own width).\n"
		".TP\n.B TMPDIR\n"
		"Where large workbooks keep their temporary files, and where an input read from a pipe is copied.\n"
		".TP\n.B PATH\n"
		"Where \\fBtshark\\fR and \\fBgnuplot\\fR are found.\n"
		".SH FILES\n"
		".TP\n.I CAPTURE.PROFILE.csv\n"
		"The tshark export cached beside the capture (profile ip, tcp or mptcp): a plain CSV with a header row.\n"
		".TP\n.I CAPTURE.PROFILE.filter-HASH.csv\n"
		"The same for the rows of a display filter (-Y), HASH from the filter's text.\n"
		".TP\n.I CAPTURE.PROFILE.manifest\n"
		"What makes that cache valid: capture size and mtime, tshark version, fields, preferences,\n"
		"display filter. \\fBcapreport cache list\\fR shows it, \\fBcapreport cache clean\\fR removes the pair.\n"
		".TP\n.I ~/.cache/capreport/\n"
		"Caches of captures in folders that are not writable.\n"
		".TP\n.I ~/.config/capreport/config\n"
		"The configuration file (GLib key file).\n"
		".TP\n.I " CR_DATADIR "/templates/\n"
		"Plot templates (*.gp) and report templates (report/*.html, style.css); also looked for in\n"
		"\\fI../share/capreport/templates\\fR beside the installed binary.\n"
		".SH SEE ALSO\n"
		"\\fBtshark\\fR(1), \\fBgnuplot\\fR(1), \\fBtcpdump\\fR(8)\n");
	fwrite(s->str, 1, s->len, out);
	g_string_free(s, TRUE);
	return ferror(out) ? -1 : 0;
}
