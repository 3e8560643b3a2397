/* test-util.c - times, durations, addresses, networks and filters. */
#include "filter.h"
#include "table.h"
#include "util.h"

static void test_epoch(void)
{
	int64_t ns;

	g_assert_true(cr_parse_epoch("1710021480.123456789", &ns));
	g_assert_cmpint(ns, ==, 1710021480123456789LL);
	g_assert_true(cr_parse_epoch("1710021480.5", &ns));
	g_assert_cmpint(ns, ==, 1710021480500000000LL);
	g_assert_true(cr_parse_epoch("12", &ns));
	g_assert_cmpint(ns, ==, 12000000000LL);
	g_assert_false(cr_parse_epoch("", &ns));
	g_assert_false(cr_parse_epoch("12x", &ns));
	g_assert_false(cr_parse_epoch("99999999999999999999", &ns));
	g_assert_false(cr_parse_epoch("99999999999.5", &ns));	/* ns would overflow */
	g_assert_true(cr_parse_epoch("8999999999.999999999", &ns));
}

static void test_time(void)
{
	int64_t ns;
	char *s;

	g_assert_true(cr_parse_time("2024-03-09T21:58:00Z", &ns, NULL));
	g_assert_cmpint(ns, ==, 1710021480000000000LL);
	g_assert_true(cr_parse_time("2024-03-09 21:58", &ns, NULL));
	g_assert_cmpint(ns, ==, 1710021480000000000LL);
	g_assert_true(cr_parse_time("2024-03-09T23:58:00+02:00", &ns, NULL));
	g_assert_cmpint(ns, ==, 1710021480000000000LL);
	g_assert_true(cr_parse_time("2024-03-10", &ns, NULL));
	g_assert_cmpint(ns, ==, 1710028800000000000LL);
	g_assert_false(cr_parse_time("yesterday", &ns, NULL));

	s = cr_fmt_time_iso(1710021480123456000LL);
	g_assert_cmpstr(s, ==, "2024-03-09T21:58:00.123456Z");
	g_free(s);
	s = cr_fmt_time_iso(1710021480123456789LL);
	g_assert_cmpstr(s, ==, "2024-03-09T21:58:00.123456789Z");
	g_free(s);
}

static void test_duration(void)
{
	int64_t ns;

	g_assert_true(cr_parse_duration("30s", &ns));
	g_assert_cmpint(ns, ==, 30000000000LL);
	g_assert_true(cr_parse_duration("5m", &ns));
	g_assert_cmpint(ns, ==, 300000000000LL);
	g_assert_true(cr_parse_duration("250ms", &ns));
	g_assert_cmpint(ns, ==, 250000000LL);
	g_assert_true(cr_parse_duration("1d", &ns));
	g_assert_cmpint(ns, ==, 86400000000000LL);
	g_assert_false(cr_parse_duration("5 parsecs", &ns));
	g_assert_false(cr_parse_duration("-1s", &ns));
}

static void test_human(void)
{
	char *s = cr_fmt_human(74000, "B");
	g_assert_cmpstr(s, ==, "74.0 kB");
	g_free(s);
	s = cr_fmt_human(999, "B");
	g_assert_cmpstr(s, ==, "999 B");
	g_free(s);
	s = cr_fmt_human(1500000, "bit/s");
	g_assert_cmpstr(s, ==, "1.5 Mbit/s");
	g_free(s);
}

static void test_addr(void)
{
	struct cr_addr a, b;
	struct cr_cidr c;
	char buf[64];

	g_assert_true(cr_addr_parse(&a, "10.0.0.1"));
	g_assert_cmpint(a.family, ==, 4);
	g_assert_true(cr_addr_parse(&b, "10.0.0.1;192.0.2.9"));	/* tunnels: the first */
	g_assert_cmpint(cr_addr_cmp(&a, &b), ==, 0);
	g_assert_true(cr_addr_parse(&a, "fd00:0:0::1"));
	cr_addr_format(&a, buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, "fd00::1");
	g_assert_false(cr_addr_parse(&a, "300.1.1.1"));
	g_assert_false(cr_addr_parse(&a, ""));

	g_assert_true(cr_cidr_parse(&c, "10.0.0.0/8"));
	g_assert_true(cr_addr_parse(&a, "10.200.1.1"));
	g_assert_true(cr_cidr_match(&c, &a));
	g_assert_true(cr_addr_parse(&a, "11.0.0.1"));
	g_assert_false(cr_cidr_match(&c, &a));
	g_assert_true(cr_cidr_parse(&c, "fd00::/15"));
	g_assert_true(cr_addr_parse(&a, "fd01::5"));
	g_assert_true(cr_cidr_match(&c, &a));
	g_assert_true(cr_addr_parse(&a, "fd02::5"));
	g_assert_false(cr_cidr_match(&c, &a));
	g_assert_false(cr_cidr_parse(&c, "10.0.0.0/33"));
	g_assert_false(cr_cidr_parse(&c, "10.0.0.0/"));
}

static void test_filter(void)
{
	struct cr_ctx ctx;
	struct cr_pkt p = { 0 };

	cr_ctx_init(&ctx);	/* the context owns the filter: cr_ctx_clear frees it */
	struct cr_filter *f = &ctx.filter;

	cr_addr_parse(&p.src, "10.0.0.1");
	cr_addr_parse(&p.dst, "10.0.0.2");
	p.ts_ns = 100 * 1000000000LL;
	p.proto = 17;
	p.sport = 5353;
	p.dport = 53;
	p.protocols = "eth:ethertype:ip:udp:dns";
	g_assert_false(cr_filter_active(f));
	g_assert_true(cr_filter_match(f, &p, 0));

	g_assert_true(cr_filter_set_proto(f, "dns", NULL));
	g_assert_true(cr_filter_match(f, &p, 0));
	g_assert_true(cr_filter_set_proto(f, "tcp", NULL));
	g_assert_false(cr_filter_match(f, &p, 0));
	g_assert_true(cr_filter_set_proto(f, "17", NULL));
	g_assert_true(cr_filter_match(f, &p, 0));

	f->port = 53;
	g_assert_true(cr_filter_match(f, &p, 0));
	f->port = 80;
	g_assert_false(cr_filter_match(f, &p, 0));
	f->port = -1;

	g_assert_true(cr_filter_add_host(f, "10.0.0.2", NULL));
	g_assert_true(cr_filter_match(f, &p, 0));
	g_assert_false(cr_filter_add_host(f, "nonsense", NULL));

	g_assert_true(cr_filter_set_time(f, true, "+30s", NULL));
	g_assert_true(cr_filter_match(f, &p, 60 * 1000000000LL));
	g_assert_false(cr_filter_match(f, &p, 80 * 1000000000LL));
	cr_ctx_clear(&ctx);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/util/epoch", test_epoch);
	g_test_add_func("/util/time", test_time);
	g_test_add_func("/util/duration", test_duration);
	g_test_add_func("/util/human", test_human);
	g_test_add_func("/addr/parse-and-cidr", test_addr);
	g_test_add_func("/filter/match", test_filter);
	return g_test_run();
}
