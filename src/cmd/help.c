/* help.c - the man page capreport(1) and the bash completion, generated from the command table and option groups. */
#include "capreport.h"
#include "cmd.h"
#include "config.h"
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

/* Shared option groups as the help printer names them; ends in a sentinel. */
static const struct {
	unsigned flag;			/* 0: every command */
	const char *title;		/* man page section */
	const struct cr_option *options;
} groups[] = {
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
	for (size_t i = 0; groups[i].title; i++)
		if (groups[i].flag && (e->flags & groups[i].flag))
			g_string_append_printf(also, "%s%s", also->len ? ", " : "", groups[i].title);
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

/* ---- topics: the reference that is not one command's or one option's ---- */

/*
 * Text markup of a topic, one construct a line:
 *   ""            a new paragraph            "# Title"   a subsection
 *   "- text"      a bullet item              "@ term"    a tagged paragraph (.TP): the lines after it are its body
 *   "$ line"      a line of an example block (consecutive ones form one block)
 *   "{settings}"  the configuration settings, from the configuration's own table
 * Any other line is running text.
 */
static const struct {
	const char *title;
	const char *text;
} topics[] = {
	{ "INPUTS",
	  "An INPUT is recognised by its content, not its name:\n"
	  "@ pcap, pcapng, gzip-compressed pcap or pcapng\n"
	  "pcap with microsecond or nanosecond times in either byte order; pcapng with several sections and "
	  "interfaces of different link types. Read by the native reader when it serves the command, "
	  "else exported with tshark and cached (see NATIVE READER and CACHE).\n"
	  "@ a CSV that capreport wrote\n"
	  "The rows of export -o, or a cache file: read directly.\n"
	  "@ tcpdump text\n"
	  "The output of tcpdump -tttt, -tt or its default time format: read directly (see TCPDUMP TEXT).\n"
	  "\n"
	  "What the numbers mean: bytes are frame lengths (frame.len), as in tshark's conversation and endpoint "
	  "tables; A of a conversation is the source of its first packet; rel_start and start count seconds "
	  "from the capture's first packet; IPv4 and IPv6 are in one table. Only the outer IP header of a "
	  "packet counts (tshark's -E occurrence=f): an ICMP error is not counted for the header it quotes, and "
	  "an IP-in-IP tunnel counts once, for its outer addresses.\n"
	  "\n"
	  "With several inputs, each is read in turn; the tables cover them all (info and the timeline name "
	  "or add them up as their commands say), and the most serious exit status wins.\n" },
	{ "NATIVE READER",
	  "The address-level commands need only the ip profile's fields (frame number, time, length, "
	  "protocols, interface, IPv4/IPv6 addresses, IP protocol, TCP/UDP ports, tshark's TCP/UDP stream "
	  "numbers). capreport reads those straight from the capture file, with tshark's values, in a few "
	  "MiB and without a cache.\n"
	  "\n"
	  "--engine auto (the default, or $CAPREPORT_ENGINE) reads a capture natively when the command "
	  "needs only the ip profile, there is no -Y display filter, a --proto name is one of the layers "
	  "below, and a dry pass over the file finds every packet readable the way tshark reads it; "
	  "otherwise that capture goes to tshark and its cache. -v says which engine read each capture and "
	  "why; info shows it as engine. --engine native refuses what it cannot serve (exit 2) and warns "
	  "about packets it may read differently from tshark. export keeps tshark as its default, since its "
	  "CSV is tshark's; export --engine native needs -o.\n"
	  "\n"
	  "Files: pcap and pcapng (several sections, interfaces of different link types, if_tsresol decimal "
	  "or binary, if_tsoffset, enhanced, simple and obsolete packet blocks), plain or gzip-compressed. "
	  "A damaged file (cut short, bad block length, corrupt gzip) gives what tshark gives: the packets "
	  "up to the last good frame, a warning naming it, exit 4. Packets without a time (simple packet "
	  "blocks) are left out, with a warning, by both engines.\n"
	  "\n"
	  "Layers: Ethernet (802.3 frames stop at eth), 802.1Q and 802.1ad tags, Linux cooked v1 and v2, "
	  "raw IP, BSD null and OpenBSD loopback; IPv4, IPv6 with hop-by-hop, routing, destination options, "
	  "fragment and AH headers, ESP (not decrypted); TCP, UDP, ICMP, ICMPv6. frame.protocols is "
	  "tshark's string up to the transport layer and nothing above it (eth:ethertype:ip:udp where tshark "
	  "says eth:ethertype:ip:udp:dns), so info's protocol table counts the highest layer up to the "
	  "transport, and --proto runs natively only for those names and for numbers (--proto dns goes to "
	  "tshark).\n"
	  "- ICMP and ICMPv6 errors: the quoted headers are decoded (they appear in the export's multi-valued "
	  "fields); only the outer header counts in the tables.\n"
	  "- Tunnels: IP in IP and GRE (IPv4, IPv6, transparent Ethernet) are followed; the export lists "
	  "every layer (ip.src is outer;inner), the tables count the outer one. Tunnels tshark finds by UDP "
	  "port (VXLAN, Geneve, GTP-U, ...) are not followed: such a capture goes to tshark.\n"
	  "- Fragments are reassembled as tshark does by default: every fragment counts as a packet of its "
	  "address pair, and the frame that completes a datagram carries its ports and stream. At most "
	  "16384 unfinished datagrams are kept.\n"
	  "- Streams: tcp.stream and udp.stream number address/port pairs in order of appearance, as "
	  "tshark 4.0 does; a SYN with a new initial sequence number opens a new TCP stream (port reuse). "
	  "Conversations that tshark's application dissectors set up themselves (FTP data, SIP media) may "
	  "be numbered differently.\n"
	  "\n"
	  "Captures with packets the engine does not read as tshark does go to tshark under auto: other "
	  "link types (802.11, ...), ethertypes other than IP, ARP and VLAN, LLC/SNAP, IP protocols tshark "
	  "follows further (EtherIP, PIM, L2TPv3, UDP-Lite, MPLS in IP), other GRE payloads, routing headers "
	  "with segments left, ICMPv6 redirects, ICMP errors quoting errors or fragments, and damaged headers.\n" },
	{ "TCPDUMP TEXT",
	  "A file is tcpdump text when its first line that starts with a time is a packet line tcpdump "
	  "prints; lines before it are skipped. Every command reads it; export refuses it.\n"
	  "@ Times\n"
	  "-tttt (2024-03-09 21:58:05.002340), -tt (epoch seconds) or the default 21:58:05.002340, in "
	  "microseconds or nanoseconds; one format per file. Times are taken as UTC: --utc-offset +HH:MM "
	  "says the clock was UTC+HH:MM. The default format has no date: give --date YYYY-MM-DD (the day of "
	  "the first line), else the file's modification date is taken, with a warning. A time more than an "
	  "hour earlier than the line before means midnight passed. -ttt and -ttttt (deltas) are not "
	  "supported.\n"
	  "@ Lines\n"
	  "IPv4 and IPv6 with TCP, UDP, ICMP, ICMPv6; ARP; -i any (eth0 In IP ...); -e (MAC addresses, "
	  "ethertype, 802.1Q tags); -v (the IPv4 header on one line, the addresses on the next); the [|tcp] "
	  "of packets cut by the snap length; other protocols tcpdump names count as packets without "
	  "addresses. Without -n, packets with host names have no address (--host cannot match them) but "
	  "ports are read from service names. TCP and UDP get stream numbers per address/port pair, so "
	  "conversations --by tcp works.\n"
	  "@ Bytes\n"
	  "What tcpdump printed: the frame length with -e, the IP total length with -v, otherwise tcpdump's "
	  "length, which is the payload length. Byte totals from plain -tttt -n text are therefore smaller "
	  "than the capture's; packet counts are the same.\n"
	  "@ Payload lines\n"
	  "-x and -X hex dumps and -A text dumps are skipped, including lines that look like packets; such "
	  "lines are counted in a notice. A crafted payload that imitates a whole packet and its dump can "
	  "still be taken for one: for hostile traffic use -x, or the capture.\n"
	  "@ Noise\n"
	  "CRLF endings, a byte-order mark, a missing last newline, binary garbage and invalid UTF-8 are "
	  "read past. A line longer than 8192 bytes is read that far, with a warning. Lines that start with a "
	  "time but are not packets are counted and reported once: 'dump.txt': 3 lines not understood, "
	  "first at line 120. An empty file is an input error (exit 3).\n" },
	{ "CACHE",
	  "A capture read with tshark is exported once, as CAPTURE.PROFILE.csv beside the capture: a plain "
	  "CSV with a header row, for a spreadsheet or pandas too. Fields that occur several times in a packet "
	  "are joined with ';'. A manifest, CAPTURE.PROFILE.manifest, records what makes the CSV valid: the "
	  "capture's size and mtime, the tshark version, the fields, the preferences and the display filter. "
	  "Any mismatch, or a damaged CSV, regenerates it with a notice saying why. Profiles nest "
	  "(ip, tcp, mptcp, each a superset of the one before): a cached larger profile serves a smaller "
	  "request. The cache is written to a temporary file and renamed, so an interrupted run never leaves "
	  "half a cache.\n"
	  "\n"
	  "When the capture's folder is not writable the cache goes under $XDG_CACHE_HOME/capreport/; "
	  "[cache] policy = xdg puts it there always, off keeps none. --refresh regenerates it; --no-cache "
	  "neither reads nor writes it.\n"
	  "\n"
	  "tshark runs with an argv (no shell), -n, an empty WIRESHARK_CONFIG_DIR so that user preferences "
	  "cannot change its output, explicit -o preferences, and -T fields -E header=y -E separator=, "
	  "-E quote=d -E occurrence=a -E aggregator=; ; export --print-tshark-argv shows the exact command.\n"
	  "\n"
	  "cache list finds every manifest under the folders given (default .), recursively without "
	  "following symbolic links, and those under $XDG_CACHE_HOME/capreport/ whose capture lies under "
	  "one of them. Its state is judged by the checks a run makes: valid, stale with the reason, or "
	  "unknown (a profile this capreport does not know, or no tshark to compare with). cache clean "
	  "removes CSV and manifest pairs, printing each with its bytes and the total freed; --stale removes "
	  "only stale ones and needs tshark (exit 5 without it). Only files with a capreport manifest are "
	  "ever removed.\n" },
	{ "OUTPUT",
	  "Every table command writes text (the default), CSV, JSON or XLSX (-f). In text, byte counts and "
	  "rates get human units (47.2 kB, 13.2 Mbit/s); --raw prints exact integers; CSV, JSON and XLSX "
	  "are always exact. On a terminal, text tables are fitted to its width (the widest address and "
	  "text columns are shortened with an ellipsis) and the header is bold; NO_COLOR turns the colour "
	  "off. Files and pipes get the full table, uncoloured. Output to a pipe that closes early "
	  "(| head) stops quietly; a full disk is an error (exit 6).\n"
	  "\n"
	  "Every file capreport keeps (a cache, -o FILE, a workbook, a report) is written under a temporary "
	  "name beside it and renamed when complete; on failure or interruption nothing is left under the "
	  "final name and the temporary is removed.\n"
	  "# Workbooks\n"
	  "-f xlsx -o FILE.xlsx writes a command's tables as sheets; -f xlsx without -o FILE, or info -f xlsx "
	  "with several inputs, is a usage error. The workbook command writes every table in one workbook "
	  "(see its section above). Formats: a bold header row with frozen panes below it, an autofilter, "
	  "column widths fitted to the content (at most 60 characters); counts and bytes are numbers with "
	  "thousands separators, times real date-times in UTC, durations seconds and rates bit/s, said in "
	  "the header; totals are values: no cell is a formula.\n"
	  "\n"
	  "Every string from a capture or a CSV is written as a string cell, so a formula-like comment stays "
	  "inert text; control bytes are shown as \\x1b, invalid UTF-8 is repaired, a cell holds at most "
	  "32000 bytes. Sheet names are made legal and unique regardless of case (a/b and a:b become a_b and "
	  "a_b (2)). A folder that cannot be written fails at once (exit 6), before any work; a workbook that "
	  "would need ZIP64 (4 GiB) is refused. A damaged capture's rows are taken back out of the Packets "
	  "sheets (the Summary says so).\n" },
	{ "TIMELINE",
	  "timeline lists every bin from the first packet's to the last's (or from --from to --to), empty "
	  "ones as 0, in three tables: timeline (bin_start,packets,bytes), gaps (start,end,duration,bins: a "
	  "run of empty bins at least --gap long, one gap even across midnight) and summary (span, bin, "
	  "bins, active bins, packets, bytes, gap threshold, gaps, longest gap, busiest bin). Bins are "
	  "aligned to UTC. --bin takes 1s, 10s, 1m, 5m, 15m, 1h, 1d or any size that divides a day (250ms, "
	  "2m) or is whole days; the default is the smallest of 1ms 10ms 100ms 1s 10s 1m 5m 15m 1h 1d that "
	  "gives at most 2000 bins. With several inputs the bins add up. Memory is one counter pair per bin; "
	  "a span that needs more than 10000000 bins is refused (exit 2) with a bin size to use instead.\n"
	  "\n"
	  "--plot DIR draws one bar chart per UTC calendar day (none with bins of a day or more; at most 366) "
	  "and one overview: gaps shaded, empty bins marked under the axis. Where a day has more bins than "
	  "the chart has pixel columns, each column shows the minimum and maximum of its bins.\n" },
	{ "PLOTS",
	  "Every plot is a gnuplot template from the templates folder filled with its values, written as "
	  "NAME.gp beside its data, NAME.dat (or NAME.KEY.dat per series), and drawn as NAME.svg and "
	  "NAME.png. Data from captures goes only into the .dat files; text in the script (titles with file "
	  "names) is a single-quoted gnuplot string, control bytes and invalid UTF-8 as ?, at most 160 "
	  "characters. One .gp draws both formats: cd DIR && gnuplot NAME.gp draws them again after you "
	  "restyle it, gnuplot -e \"fmt='png'\" NAME.gp only the PNG.\n"
	  "\n"
	  "Templates are looked for in --templates DIR, then $CAPREPORT_TEMPLATES (else [plot] templates of "
	  "the configuration), then the installed share/capreport/templates, then templates/ of the source "
	  "tree beside the binary. A folder that lacks a file falls back to the next, so one template can "
	  "be overridden alone. A template that uses a placeholder the plot does not set fails (exit 6), "
	  "drawing nothing.\n"
	  "\n"
	  "gnuplot runs with an argv, one per core at once, each with a timeout (--plot-timeout, default "
	  "60 s): one that hangs is stopped and reported (exit 7), the others go on; its stderr is quoted "
	  "when it fails. Without gnuplot the .gp and .dat files are still written, a warning says how to "
	  "install it, and the exit status is 7.\n"
	  "\n"
	  "How to read them:\n"
	  "- heatmap: a cell is what one source (row) sent to one destination (column); log colour scale "
	  "green, yellow, red, grey for none; each label carries the host's total.\n"
	  "- graph: an arrow per direction of a conversation, wider with more bytes, labelled with packets "
	  "and bytes; drawn by Graphviz dot when it is installed (optional).\n"
	  "- sizes: frame lengths in 20-byte bins up to 1600, then 1600-2559, 2560-5119 and 5120 or more; "
	  "each of tshark's -z plen,tree buckets is a sum of these bins.\n"
	  "- ports and parallel: one mark per packet of a uniform sample of at most 4000 IP packets, the "
	  "same for the same capture; the plot says when it is a sample.\n"
	  "- throughput: bits per second per bin, in total and for the busiest address pairs; bins start at "
	  "1 ms and double until the capture fits in 300.\n" },
	{ "REPORT",
	  "report reads each capture once (the cached CSV when there is one) into every analyzer at the "
	  "same time, then writes into DIR:\n"
	  "@ index.html\n"
	  "One capture: its gallery (the summary, a card per plot with a thumbnail, a line on how to read "
	  "it, links to the SVG, PNG, .gp, .dat and the table). Several: a table comparing them and a link "
	  "to each capture's gallery.\n"
	  "@ CAPTURE-SECTION.html\n"
	  "A page per section, with its tables (sortable, filterable) and full-size plots.\n"
	  "@ tables/*.csv\n"
	  "Every table, exact numbers.\n"
	  "@ plots/\n"
	  "Every plot as .svg, .png, .gp and .dat.\n"
	  "@ CAPTURE.xlsx\n"
	  "Every table of the capture as a workbook (--no-workbook leaves it out).\n"
	  "@ assets/\n"
	  "The style sheet and the small script that sorts and filters tables.\n"
	  "\n"
	  "Sections: summary and protocol mix, hosts and top talkers, conversation heatmap, IP graph, "
	  "conversations (IP, TCP, UDP), packet sizes, port scatter and parallel coordinates, throughput, "
	  "timeline and gaps; TCP streams when the capture has TCP (the stream list, then the 3 busiest "
	  "streams' summaries and plots), and MPTCP connections when it has MPTCP options (the connections, "
	  "their subflows, then a page per connection for the first 12). The TCP and MPTCP sections need "
	  "tshark's mptcp profile: a capture in which a native read finds no TCP is read with the ip profile "
	  "instead, and under --engine native the report has no TCP sections.\n"
	  "\n"
	  "The pages load nothing from outside the folder: every link is relative and a "
	  "Content-Security-Policy forbids anything else (no inline script). Everything from a capture "
	  "(addresses, names, comments, file names) is escaped for HTML. The folder is built under a "
	  "temporary name beside DIR and swapped in whole; an earlier report in DIR (it carries a "
	  ".capreport-report marker) is replaced, a folder that holds anything else is never touched "
	  "(exit 6). The layout is templates/report/page.html and card.html, the look style.css: in HTML "
	  "templates {{name}} is text capreport escapes and {{{name}}} HTML it built; a layout must keep "
	  "{{{head}}}, which carries the security policy.\n" },
	{ "TCP AND MPTCP",
	  "tcp reads the tcp profile and mptcp the two-pass mptcp profile, both from the cache after the "
	  "first run. TCP figures come from tshark's analysis: retransmissions are the frames tshark flags "
	  "tcp.analysis.retransmission (fast retransmissions included), RTTs are tcp.analysis.ack_rtt, the "
	  "handshake RTT tcp.analysis.initial_rtt. A stream's state is closed (FIN both ways), reset, refused "
	  "(SYN answered by RST), unanswered, half-closed or open, followed by (no handshake) when the SYN "
	  "was not captured.\n"
	  "\n"
	  "MPTCP connections are found from the options themselves, not from tshark's mptcp.stream: the "
	  "MP_CAPABLE keys give each side's token and initial DSN (SHA-1 for v0, RFC 6824; SHA-256 for v1, "
	  "RFC 8684, where the client's key arrives in the third ACK), the token of an MP_JOIN names the "
	  "connection joined, and a subflow whose handshake is missing is placed by its 64-bit DSN or data "
	  "ACK. Connections are numbered in the order they start; on complete captures this equals "
	  "mptcp.stream. DSNs are relative to the initial DSN (the first data byte is DSN 1), else to the "
	  "first DSN seen, and the note column says so. A reinjection is a segment whose DSNs overlap a "
	  "segment sent earlier on another subflow; tshark 4.0 finds none on MPTCP v1 join subflows, which "
	  "capreport does.\n"
	  "\n"
	  "Plots (tcp plot, mptcp plot) write NAME.svg, NAME.png, NAME.gp and one NAME.KEY.dat per series "
	  "into --plot-dir and print the SVG's path. Per-packet points are kept only for the stream or "
	  "connection plotted, and thinned past 400000 points by time buckets that keep each bucket's first, "
	  "last, lowest and highest point and every retransmission or reinjection; rates come from every "
	  "packet, never from thinned points.\n" },
	{ "SCANS AND MEMORY",
	  "Analyzers hold aggregates, not packets: memory grows with conversations and addresses, not with "
	  "the capture. A scan brings a new address with nearly every packet, so heatmap, graph, talkers and "
	  "throughput, which need only their --top rows, hold at most --max-keys addresses or address pairs "
	  "at once (default 100000; throughput keeps per-pair series for a quarter of that). When a capture "
	  "has more, the keys are split by a hash of the address into partitions and each partition is "
	  "counted exactly by a pass over the same input (the cache, or the capture with the native engine). "
	  "The answer is exact and the same under any bound; ties go to the address seen first. -v says when "
	  "an input is read again. --max-keys 0 holds every address in one pass; a pipe that cannot be read "
	  "twice is read once with no bound.\n"
	  "\n"
	  "conversations and endpoints hold a row per conversation or address (a row is complete only after "
	  "the last packet); the report and the workbook use the rankings with no bound, since they write "
	  "every conversation and endpoint. A CSV field longer than 64 KiB is cut there, with a warning that "
	  "counts the fields cut.\n" },
	{ "CONFIGURATION",
	  "capreport reads one configuration file, a GLib key file (INI): --config FILE, else "
	  "$CAPREPORT_CONFIG, else $XDG_CONFIG_HOME/capreport/config (default ~/.config/capreport/config). "
	  "A missing default file is no error; a file named by --config or $CAPREPORT_CONFIG must exist. "
	  "Comments go on lines of their own, starting with #.\n"
	  "$ [tools]\n"
	  "$ tshark = /usr/bin/tshark\n"
	  "$ [plot]\n"
	  "$ size = 1000x500\n"
	  "$ palette = #1b9e77, #d95f02, #e7298a\n"
	  "$ [output]\n"
	  "$ top = 20\n"
	  "$ [profile web]\n"
	  "$ base = ip\n"
	  "$ fields = dns.qry.name; http.host; tls.handshake.extensions_server_name\n"
	  "$ prefs = http.tcp.port:8080\n"
	  "{settings}\n"
	  "The command line wins over the environment, the environment over the file, the file over the "
	  "defaults. capreport config prints every setting with its value and origin (default, file with "
	  "FILE:LINE, environment or command line). An unknown group or key, a line that is not a [group], a "
	  "key = value or a comment, and a bad value are errors naming the file, the line and the key "
	  "(exit 2), for every command:\n"
	  "$ capreport: 'config' line 4: unknown key 'tshak' in [tools] (known: tshark, gnuplot)\n"
	  "# Custom profiles\n"
	  "A [profile NAME] section adds tshark fields (fields, ';'-separated) and preferences (prefs, "
	  "NAME:VALUE;...) to a built-in profile (base: ip, tcp or mptcp; default ip). NAME takes letters, "
	  "digits, - and _, and is none of ip, tcp, mptcp. Its rows are the base's columns followed by the "
	  "new ones; its cache is CAPTURE.NAME.csv, regenerated when its fields or preferences change. "
	  "Whether tshark knows a field is tshark's to say, quoted with exit 5. A custom profile is always "
	  "read with tshark. Use it with export --profile NAME, workbook --profile NAME, or --group-by.\n"
	  "\n"
	  "--group-by FIELD on endpoints and conversations counts packets and bytes per value of one field "
	  "of any profile (ip.proto, tcp.dstport, or a custom profile's dns.qry.name), with the number of "
	  "distinct endpoints or conversations behind each value and its first and last packet. A packet "
	  "with several values counts once under each, so the rows can add up to more than the capture; "
	  "packets without the field are not counted (a note under the text table says how many). Values "
	  "are cut at 256 bytes.\n" },
	{ NULL, NULL },
};

/* What each configuration setting takes; its name comes from the configuration's own table. */
static const struct {
	enum cr_setting setting;
	const char *help;
} setting_help[] = {
	{ CR_SET_TSHARK, "The tshark program, a name or a path (default: tshark from PATH); --tshark wins." },
	{ CR_SET_GNUPLOT, "The gnuplot program (default: gnuplot from PATH); $CAPREPORT_GNUPLOT wins." },
	{ CR_SET_TEMPLATES, "A folder of your own templates ([report] templates is its older spelling; ~/ is your "
			    "home); $CAPREPORT_TEMPLATES and --templates win." },
	{ CR_SET_CACHE, "beside (default: beside the capture, under $XDG_CACHE_HOME/capreport when its folder is "
			"read-only), xdg (always there) or off (no cache, as --no-cache)." },
	{ CR_SET_TOP, "A positive number: the default --top of every command that lists rows (default: all rows)." },
	{ CR_SET_BIN, "The timeline's bin size, as --bin (default: chosen from the span)." },
	{ CR_SET_PLOT_SIZE, "WIDTHxHEIGHT in pixels, each 64 to 10000, for every plot (default 1200x420, the "
			    "TCP and MPTCP plots 1000x600); $CAPREPORT_PLOT_SIZE wins." },
	{ CR_SET_PLOT_PALETTE, "One to four #rrggbb, comma-separated: the series colours of every template (first "
			       "series, second series, alerts, the receive window); default "
			       "#2f5f98, #7fb069, #c0392b, #9467bd; $CAPREPORT_PLOT_PALETTE wins." },
};

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

/* The configuration settings as tagged paragraphs: "[group] key" from config.c, what it takes from setting_help. */
static void roff_settings(GString *out)
{
	G_STATIC_ASSERT(G_N_ELEMENTS(setting_help) == CR_SET_COUNT);
	for (size_t i = 0; i < G_N_ELEMENTS(setting_help); i++) {
		const char *key = cr_setting_key(setting_help[i].setting);
		g_string_append(out, ".TP\n.B ");
		roff_text(out, key, strlen(key));
		g_string_append_c(out, '\n');
		roff_lines(out, setting_help[i].help);
	}
	g_string_append(out, ".PP\n");
}

/* A topic's text in the markup described above topics[]. */
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
	for (size_t i = 0; topics[i].title; i++)
		g_string_append_printf(s, "%s %s", i == 0 ? "" : topics[i + 1].title ? "," : " and", topics[i].title);
	g_string_append(s, ".\n.SH COMMANDS\n");
	for (size_t i = 0; commands[i]; i++)
		roff_command(s, commands[i]);
	g_string_append(s, ".SS \"capreport help [COMMAND]\"\n"
			"show the commands, or a command's options and examples\n");
	for (size_t i = 0; groups[i].title; i++) {
		g_string_append_printf(s, ".SH %s\n", groups[i].title);
		if (groups[i].flag)
			g_string_append(s, "For the commands that say so above.\n");
		else
			g_string_append(s, "Before the command or among its options.\n");
		roff_options(s, groups[i].options);
	}
	for (size_t i = 0; topics[i].title; i++) {
		g_string_append_printf(s, ".SH %s\n", topics[i].title);
		roff_topic(s, topics[i].text);
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
		"Where large workbooks keep their temporary files.\n"
		".TP\n.B PATH\n"
		"Where \\fBtshark\\fR and \\fBgnuplot\\fR are found.\n"
		".SH FILES\n"
		".TP\n.I CAPTURE.PROFILE.csv\n"
		"The tshark export cached beside the capture (profile ip, tcp or mptcp): a plain CSV with a header row.\n"
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

/* ---- bash completion ---------------------------------------------------- */

/* Words a value of option `o` can take, or "@file" / "@dir"; NULL: nothing to offer. */
static char *option_values(const struct cr_option *o)
{
	const char *a = o->arg;

	if (!a)
		return NULL;
	if (strcmp(o->long_name, "profile") == 0) {
		GString *w = g_string_new(NULL);
		for (const struct cr_profile *p = cr_profiles; p->name; p++)
			g_string_append_printf(w, "%s%s", w->len ? " " : "", p->name);
		return g_string_free(w, FALSE);
	}
	if (strcmp(o->long_name, "format") == 0 && strcmp(a, "FMT") == 0)
		return g_strdup("text csv json xlsx");
	if (strcmp(o->long_name, "bin") == 0)
		return g_strdup("1s 10s 1m 5m 15m 1h 1d");
	if (strcmp(o->long_name, "proto") == 0)
		return g_strdup("tcp udp icmp icmpv6 dns");
	if (strcmp(a, "FILE") == 0 || strcmp(a, "PATH") == 0)
		return g_strdup("@file");
	if (strcmp(a, "DIR") == 0)
		return g_strdup("@dir");
	if (strchr(a, '|') && !g_ascii_isupper(a[0])) {
		char **v = g_strsplit(a, "|", -1);
		char *w = g_strjoinv(" ", v);
		g_strfreev(v);
		return w;
	}
	return NULL;
}

/* The actions a command takes as its first word: "list|clean [DIR...]" → "list clean". */
static char *command_actions(const char *args)
{
	char **alts = g_strsplit(args, " | ", -1);
	GString *w = g_string_new(NULL);

	for (char **a = alts; *a; a++) {
		char *first = g_strndup(*a, strcspn(*a, " "));
		char **v = g_strsplit(first, "|", -1);
		for (char **t = v; *t; t++) {
			bool word = **t != '\0';
			for (const char *c = *t; *c; c++)
				word = word && g_ascii_islower(*c);
			if (word)
				g_string_append_printf(w, "%s%s", w->len ? " " : "", *t);
		}
		g_strfreev(v);
		g_free(first);
	}
	g_strfreev(alts);
	return g_string_free(w, FALSE);
}

static void add_option_words(GString *w, const struct cr_option *o)
{
	for (; o && o->long_name; o++) {
		g_string_append_printf(w, " --%s", o->long_name);
		if (o->short_name)
			g_string_append_printf(w, " -%c", o->short_name);
	}
}

/* case arms: "--name|-x) values ;;" for the options of one set. */
static void add_value_arms(GString *s, const struct cr_option *o)
{
	for (; o && o->long_name; o++) {
		char *v = option_values(o);
		if (!v)
			continue;
		g_string_append_printf(s, "\t\t--%s", o->long_name);
		if (o->short_name)
			g_string_append_printf(s, "|-%c", o->short_name);
		if (strcmp(v, "@file") == 0)
			g_string_append(s, ") _capreport_files -f; return ;;\n");
		else if (strcmp(v, "@dir") == 0)
			g_string_append(s, ") _capreport_files -d; return ;;\n");
		else
			g_string_append_printf(s, ") _capreport_words '%s'; return ;;\n", v);
		g_free(v);
	}
}

/* Options that take a value (so the word after them is not a positional). */
static void add_takes_value(GString *w, const struct cr_option *o)
{
	for (; o && o->long_name; o++) {
		if (!o->arg)
			continue;
		g_string_append_printf(w, "%s--%s", w->len ? "|" : "", o->long_name);
		if (o->short_name)
			g_string_append_printf(w, "|-%c", o->short_name);
	}
}

int cr_help_completion(const struct cr_cmd_entry *const *commands, FILE *out)
{
	GString *s = g_string_new(NULL), *names = g_string_new("help"), *w = g_string_new(NULL);

	for (size_t i = 0; commands[i]; i++)
		g_string_append_printf(names, " %s", commands[i]->name);
	add_option_words(w, cr_global_options);
	g_string_append_printf(s,
		"# bash completion for capreport - generated by 'capreport help --completion'; do not edit\n"
		"_capreport_words() { mapfile -t COMPREPLY < <(compgen -W \"$1\" -- \"$cur\"); }\n"
		"_capreport_files() { compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen \"$1\" -- \"$cur\"); }\n"
		"_capreport() {\n"
		"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd='' i npos=0\n"
		"\tCOMPREPLY=()\n"
		"\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		"\t\tcase ${COMP_WORDS[i]} in\n"
		"\t\t--tshark) ((i++)) ;;\n"
		"\t\t-*) ;;\n"
		"\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
		"\t\tesac\n"
		"\tdone\n"
		"\tif [[ -z $cmd ]]; then\n"
		"\t\tcase $prev in --tshark) _capreport_files -f; return ;; esac\n"
		"\t\tif [[ $cur == -* ]]; then _capreport_words '%s --version'; else _capreport_words '%s'; fi\n"
		"\t\treturn\n"
		"\tfi\n"
		"\tif [[ $cmd == help ]]; then\n"
		"\t\t[[ $COMP_CWORD -eq $((i + 1)) ]] && _capreport_words '%s'\n"
		"\t\treturn\n"
		"\tfi\n"
		"\tlocal start=$i opts='' actions='' takes='' files=-f c m='' n=0\n"
		"\t# A unique prefix names a command, as on the command line.\n"
		"\tfor c in %s; do\n"
		"\t\tif [[ $c == \"$cmd\" ]]; then m=$c; n=1; break; fi\n"
		"\t\t[[ $c == \"$cmd\"* ]] && { m=$c; ((n++)); }\n"
		"\tdone\n"
		"\t[[ $n -eq 1 ]] && cmd=$m\n"
		"\tcase $cmd in\n",
		w->str + 1, names->str, names->str + 5, names->str + 5);
	for (size_t i = 0; commands[i]; i++) {
		const struct cr_cmd_entry *e = commands[i];
		char *actions = command_actions(e->args);
		GString *takes = g_string_new(NULL);

		g_string_truncate(w, 0);
		add_option_words(w, e->options);
		add_takes_value(takes, e->options);
		add_takes_value(takes, cr_global_options);
		for (size_t g = 0; groups[g].title; g++) {
			if (groups[g].flag && (e->flags & groups[g].flag)) {
				add_option_words(w, groups[g].options);
				add_takes_value(takes, groups[g].options);
			}
		}
		add_option_words(w, cr_global_options);
		g_string_append_printf(s, "\t%s)\n\t\topts='%s'\n\t\tactions='%s'\n\t\ttakes='%s'\n%s\t\tcase $prev in\n",
				       e->name, w->str + 1, actions, takes->str,
				       strstr(e->args, "DIR...") && !strstr(e->args, "CAPTURE") ? "\t\tfiles=-d\n" : "");
		add_value_arms(s, e->options);
		for (size_t g = 0; groups[g].title; g++)
			if (!groups[g].flag || (e->flags & groups[g].flag))
				add_value_arms(s, groups[g].options);
		g_string_append(s, "\t\tesac ;;\n");
		g_string_free(takes, TRUE);
		g_free(actions);
	}
	g_string_append(s,
		"\t*) _capreport_files -f; return ;;\n"
		"\tesac\n"
		"\tcase \"|$takes|\" in *\"|$prev|\"*) return ;; esac\n"
		"\tif [[ $cur == -* ]]; then _capreport_words \"$opts\"; return; fi\n"
		"\t# The first positional word is an action when the command has them.\n"
		"\tfor ((i = start + 1; i < COMP_CWORD; i++)); do\n"
		"\t\tcase \"|$takes|\" in *\"|${COMP_WORDS[i]}|\"*) ((i++)); continue ;; esac\n"
		"\t\t[[ ${COMP_WORDS[i]} == -* ]] || ((npos++))\n"
		"\tdone\n"
		"\tif [[ -n $actions && $npos -eq 0 ]]; then _capreport_words \"$actions\"; return; fi\n"
		"\t_capreport_files \"$files\"\n"
		"}\n"
		"complete -F _capreport capreport\n");
	fwrite(s->str, 1, s->len, out);
	g_string_free(s, TRUE);
	g_string_free(names, TRUE);
	g_string_free(w, TRUE);
	return ferror(out) ? -1 : 0;
}
