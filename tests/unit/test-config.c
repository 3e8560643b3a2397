/* test-config.c - the configuration file's reader, custom profiles and the --group-by analyzer. */
#include "analyze.h"
#include "config.h"
#include "plot-style.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static char *write_file(const char *text)
{
	GError *err = NULL;
	char *path = NULL;
	int fd = g_file_open_tmp("capreport-config-XXXXXX", &path, &err);

	g_assert_no_error(err);
	close(fd);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	return path;
}

/* Load `text`; the error message (g_free) or NULL when it loaded. */
static char *load_error(const char *text, struct cr_config **out)
{
	char *path = write_file(text), *msg = NULL;
	GError *err = NULL;
	struct cr_config *c = cr_config_load(path, cr_plot_style_checks, &err);

	if (!c) {
		g_assert_cmpint(err->code, ==, CR_EXIT_USAGE);
		/* Every message names the file first. */
		g_assert_true(strstr(err->message, path) == err->message + 1);
		msg = g_strdup(err->message + strlen(path) + 2);
		g_error_free(err);
	}
	if (out)
		*out = c;
	else
		cr_config_free(c);
	g_unlink(path);
	g_free(path);
	return msg;
}

static void test_lines(void)
{
	char *m;

	m = load_error("# c\n\n[tools]\n  tshark = x\n[tools]\ngnuplot=y\nbogus = 1\n", NULL);
	g_assert_cmpstr(m, ==, " line 7: unknown key 'bogus' in [tools] (known: tshark, gnuplot)");
	g_free(m);
	m = load_error("[output]\ntop = 1\ntop = -3\n", NULL);	/* the last one counts, and is named */
	g_assert_cmpstr(m, ==, " line 3: [output] top takes a positive number, not '-3'");
	g_free(m);
	m = load_error("top = 1\n", NULL);
	g_assert_cmpstr(m, ==, " line 1: key 'top' comes before any [group]");
	g_free(m);
	m = load_error("[output\n", NULL);
	g_assert_cmpstr(m, ==, " line 1: '[output' is not a [group] line");
	g_free(m);
	m = load_error("[profile a/b]\nfields=ip.ttl\n", NULL);
	g_assert_nonnull(strstr(m, "line 1: profile name 'a/b'"));
	g_free(m);
	m = load_error("[profile empty]\nbase = tcp\n", NULL);
	g_assert_nonnull(strstr(m, "[profile empty] needs fields="));
	g_free(m);
}

static void test_values(void)
{
	struct cr_config *c;
	struct cr_ctx ctx;

	g_assert_null(load_error("[cache]\npolicy = off\n[output]\ntop = 12\n[tools]\ntshark = /opt/tshark\n", &c));
	g_assert_cmpint(cr_config_cache_policy(c), ==, CR_POLICY_OFF);
	g_assert_cmpint(cr_config_origin(c, CR_SET_TOP), ==, CR_ORIGIN_FILE);
	g_assert_cmpint(cr_config_origin(c, CR_SET_BIN), ==, CR_ORIGIN_DEFAULT);
	cr_ctx_init(&ctx);
	ctx.config = c;
	cr_config_apply(c, &ctx, false);
	g_assert_cmpint(ctx.top, ==, 0);	/* not a command with --top */
	cr_config_apply(c, &ctx, true);
	g_assert_cmpint(ctx.top, ==, 12);
	g_assert_cmpint(ctx.cache, ==, CR_CACHE_OFF);
	g_assert_cmpstr(ctx.tshark, ==, "/opt/tshark");
	cr_config_mark_cli(c, CR_SET_TOP, "3");
	g_assert_cmpint(cr_config_origin(c, CR_SET_TOP), ==, CR_ORIGIN_CLI);
	g_assert_cmpstr(cr_config_value(c, CR_SET_TOP), ==, "3");
	cr_ctx_clear(&ctx);
	cr_config_free(c);
}

static void test_plot_size(void)
{
	int w = 1, h = 2;

	g_assert_true(cr_plot_size_parse("800x300", &w, &h));
	g_assert_cmpint(w, ==, 800);
	g_assert_cmpint(h, ==, 300);
	g_assert_false(cr_plot_size_parse("800x", &w, &h));
	g_assert_false(cr_plot_size_parse("63x300", &w, &h));
	g_assert_false(cr_plot_size_parse("800x300px", &w, &h));
	g_setenv("CAPREPORT_PLOT_SIZE", "640x480", TRUE);
	w = 1;
	cr_plot_size_default(&w, &h);
	g_assert_cmpint(w, ==, 640);
	g_setenv("CAPREPORT_PLOT_SIZE", "huge", TRUE);
	cr_plot_size_default(&w, &h);
	g_assert_cmpint(w, ==, 640);	/* unchanged */
	g_unsetenv("CAPREPORT_PLOT_SIZE");
}

static void test_profile(void)
{
	struct cr_config *c;
	const struct cr_profile *p, *tcp = cr_profile_find("tcp");
	size_t n = cr_profile_nfields(tcp);

	g_assert_null(load_error("[profile web]\nbase = tcp\nfields = http.host; tcp.seq ;; dns.qry.name\n"
				 "prefs = http.tcp.port:8080\n", &c));
	p = cr_profile_lookup(c, "web");
	g_assert_nonnull(p);
	g_assert_false(cr_profile_builtin(p));
	g_assert_true(cr_profile_builtin(tcp));
	/* The base's fields first, then the new ones; tcp.seq is already there. */
	g_assert_cmpuint(cr_profile_nfields(p), ==, n + 2);
	g_assert_cmpstr(p->fields[n], ==, "http.host");
	g_assert_cmpstr(p->fields[n + 1], ==, "dns.qry.name");
	g_assert_cmpstr(p->prefs[2], ==, "http.tcp.port:8080");
	g_assert_true(cr_profile_covers(p, tcp));
	g_assert_false(cr_profile_covers(tcp, p));
	g_assert_true(cr_profile_with_field(c, "tcp.seq") == tcp);
	g_assert_true(cr_profile_with_field(c, "dns.qry.name") == p);
	g_assert_null(cr_profile_with_field(c, "no.such"));
	g_assert_null(cr_profile_lookup(c, "nope"));
	cr_config_free(c);
}

static void feed(struct cr_group *g, const char *value, const char *src, uint32_t len)
{
	char *fields[] = { (char *)value };
	size_t lens[] = { strlen(value) };
	struct cr_row row = { .field = fields, .len = lens, .n = 1 };
	struct cr_pkt p = { .len = len, .row = &row, .tcp_stream = -1, .udp_stream = -1 };

	cr_addr_parse(&p.src, src);
	cr_addr_parse(&p.dst, "10.0.0.1");
	cr_group_packet(g, &p);
}

static void test_group(void)
{
	struct cr_group *g = cr_group_new("x", CR_GROUP_ENDPOINTS, CR_CONV_IP);
	char *names[] = { (char *)"a", (char *)"x" };
	size_t lens[] = { 1, 1 };
	struct cr_row header = { .field = names, .len = lens, .n = 2 };
	struct cr_table *t;

	g_assert_cmpint(cr_group_header(g, &header), ==, 0);	/* found as column 1 */
	/* feed() rows hold the field alone: a one-column header. */
	header.field = names + 1;
	header.n = 1;
	g_assert_cmpint(cr_group_header(g, &header), ==, 0);
	feed(g, "b;a;b", "10.0.0.2", 100);	/* counts once under a, once under b */
	feed(g, "a", "10.0.0.3", 10);
	feed(g, "", "10.0.0.3", 1000);	/* no value: not counted */
	t = cr_group_table(g, "bytes");
	g_assert_cmpuint(cr_table_nrows(t), ==, 2);
	g_assert_cmpstr(cr_table_row(t, 0)[0].v.s, ==, "a");
	g_assert_cmpint(cr_table_row(t, 0)[1].v.i, ==, 3);	/* 10.0.0.1, .2, .3 */
	g_assert_cmpint(cr_table_row(t, 0)[2].v.i, ==, 2);
	g_assert_cmpint(cr_table_row(t, 0)[3].v.i, ==, 110);
	g_assert_cmpstr(cr_table_row(t, 1)[0].v.s, ==, "b");
	g_assert_cmpint(cr_table_row(t, 1)[3].v.i, ==, 100);
	g_assert_cmpuint(t->notes->len, ==, 2);
	cr_table_free(t);
	g_assert_false(cr_group_missing(g));
	header.field = names;
	g_assert_cmpint(cr_group_header(g, &header), ==, -1);
	g_assert_true(cr_group_missing(g));
	cr_group_free(g);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_unsetenv("CAPREPORT_GNUPLOT");
	g_unsetenv("CAPREPORT_TEMPLATES");
	g_unsetenv("CAPREPORT_PLOT_SIZE");
	g_test_add_func("/config/lines", test_lines);
	g_test_add_func("/config/values", test_values);
	g_test_add_func("/config/profile", test_profile);
	g_test_add_func("/config/plot-size", test_plot_size);
	g_test_add_func("/config/group", test_group);
	return g_test_run();
}
