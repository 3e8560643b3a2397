/* test-tcpdump.c - tcpdump text lines into packets: formats, flags, dates, -A payload, noise. */
#include "tcpdump.h"

#include <string.h>

#define SEC 1000000000LL

struct got {
	GArray *pkts;	/* of struct cr_pkt */
};

static int collect(void *user, const struct cr_pkt *p)
{
	struct got *g = user;

	g_array_append_val(g->pkts, *p);
	return 0;
}

/* Feed `text` line by line (the last line may lack its newline); returns the reader for its stats. */
static struct cr_tcpdump *feed(const char *text, const struct cr_tcpdump_opts *o, struct got *g)
{
	struct cr_tcpdump *t = cr_tcpdump_new(o, NULL);
	const char *s = text;

	g_assert_nonnull(t);
	g->pkts = g_array_new(FALSE, TRUE, sizeof(struct cr_pkt));
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		cr_tcpdump_line(t, s, n, n, collect, g);
		s += n + (nl ? 1 : 0);
	}
	cr_tcpdump_finish(t, collect, g);
	return t;
}

static const struct cr_pkt *pk(const struct got *g, guint i)
{
	g_assert_cmpuint(i, <, g->pkts->len);
	return &g_array_index(g->pkts, struct cr_pkt, i);
}

static void assert_addr(const struct cr_addr *a, const char *want)
{
	char buf[64];

	cr_addr_format(a, buf, sizeof(buf));
	g_assert_cmpstr(buf, ==, want);
}

static void done(struct cr_tcpdump *t, struct got *g)
{
	cr_tcpdump_free(t);
	g_array_free(g->pkts, TRUE);
}

static void test_tttt_lines(void)
{
	struct got g;
	struct cr_tcpdump *t = feed(
		"2024-03-09 21:58:05.002402 IP 10.9.0.1.54474 > 10.9.0.2.80: Flags [S], seq 1364141564, win 64240, "
		"options [mss 1460,sackOK,TS val 3746858274 ecr 0,nop,wscale 10], length 0\n"
		"2024-03-09 21:58:05.003259 IP 10.9.0.1.54474 > 10.9.0.2.80: Flags [P.], seq 1:235, ack 1, win 63, "
		"length 234: HTTP: POST /log HTTP/1.0\n"
		"2024-03-09 21:58:21.005428 IP 10.9.0.1 > 10.9.0.2: ICMP echo request, id 12041, seq 1, length 64\n"
		"2024-03-09 21:58:52.031130 IP 10.9.0.1.52688 > 10.9.0.2.53: 45802+ A? a.example.com. (31)\n"
		"2024-03-09 21:59:14.000396 IP6 fd09::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has fd09::2, length 32\n"
		"2024-03-09 21:59:15.000000 IP6 fd09::1.443 > fd09::2.5555: UDP, length 20\n"
		"2024-03-09 21:59:16.000000 ARP, Request who-has 10.9.0.2 tell 10.9.0.1, length 28\n"
		"2024-03-09 21:59:17.123456789 IP 10.0.0.1.1 > 10.0.0.2.2: UDP, length 5",
		NULL, &g);
	const struct cr_tcpdump_stats *st = cr_tcpdump_stats(t);

	g_assert_cmpuint(g.pkts->len, ==, 8);
	g_assert_cmpuint(st->bad, ==, 0);
	g_assert_cmpint(st->format, ==, CR_TS_DATETIME);
	g_assert_cmpint(pk(&g, 0)->ts_ns, ==, 1710021485002402000LL);
	assert_addr(&pk(&g, 0)->src, "10.9.0.1");
	assert_addr(&pk(&g, 0)->dst, "10.9.0.2");
	g_assert_cmpint(pk(&g, 0)->sport, ==, 54474);
	g_assert_cmpint(pk(&g, 0)->dport, ==, 80);
	g_assert_cmpint(pk(&g, 0)->proto, ==, 6);
	g_assert_cmpstr(pk(&g, 0)->protocols, ==, "ip:tcp");
	g_assert_cmpuint(pk(&g, 0)->len, ==, 0);
	g_assert_cmpuint(pk(&g, 1)->len, ==, 234);
	g_assert_cmpint(pk(&g, 1)->tcp_stream, ==, pk(&g, 0)->tcp_stream);
	g_assert_cmpuint(pk(&g, 1)->frame, ==, 2);
	g_assert_cmpint(pk(&g, 2)->proto, ==, 1);
	g_assert_cmpint(pk(&g, 2)->sport, ==, -1);
	g_assert_cmpuint(pk(&g, 2)->len, ==, 64);
	/* An application decode without "UDP": ports make it UDP, "(31)" its length. */
	g_assert_cmpint(pk(&g, 3)->proto, ==, 17);
	g_assert_cmpint(pk(&g, 3)->dport, ==, 53);
	g_assert_cmpuint(pk(&g, 3)->len, ==, 31);
	g_assert_cmpint(pk(&g, 4)->proto, ==, 58);
	assert_addr(&pk(&g, 4)->dst, "ff02::1:ff00:2");
	g_assert_cmpstr(pk(&g, 4)->protocols, ==, "ipv6:icmpv6");
	assert_addr(&pk(&g, 5)->src, "fd09::1");
	g_assert_cmpint(pk(&g, 5)->sport, ==, 443);
	g_assert_cmpint(pk(&g, 5)->dport, ==, 5555);
	g_assert_cmpstr(pk(&g, 6)->protocols, ==, "arp");
	g_assert_cmpint(pk(&g, 6)->src.family, ==, 0);
	g_assert_cmpuint(pk(&g, 6)->len, ==, 28);
	/* nanosecond fraction, and no final newline */
	g_assert_cmpint(pk(&g, 7)->ts_ns % SEC, ==, 123456789);
	done(t, &g);
}

static void test_epoch_and_flags(void)
{
	struct got g;
	struct cr_tcpdump *t = feed(
		"1795423374.345192 da:4e:38:02:ec:76 > 4e:a2:f2:a1:13:e0, ethertype IPv4 (0x0800), length 98: "
		"10.0.1.11 > 10.0.2.14: ICMP echo request, id 25179, seq 1, length 64\n"
		"1795423374.345193 lo    In  ifindex 1 00:00:00:00:00:00 ethertype IPv6 (0x86dd), length 92: "
		"::1.53 > ::1.40000: 1+ A? x. (20)\n"
		"1795423374.345194 eth0  Out IP 10.0.0.1.22 > 10.0.0.2.5000: Flags [.], ack 1, win 5, length 0\n"
		"1795423374.345195 aa:bb:cc:dd:ee:ff > 11:22:33:44:55:66, ethertype 802.1Q (0x8100), length 102: "
		"vlan 10, p 0, ethertype IPv4 (0x0800), 10.1.0.1.1000 > 10.1.0.2.2000: UDP, length 56\n",
		NULL, &g);

	g_assert_cmpuint(g.pkts->len, ==, 4);
	g_assert_cmpuint(cr_tcpdump_stats(t)->bad, ==, 0);
	g_assert_cmpint(cr_tcpdump_stats(t)->format, ==, CR_TS_EPOCH);
	g_assert_true(cr_tcpdump_stats(t)->link_level);
	g_assert_cmpint(pk(&g, 0)->ts_ns, ==, 1795423374345192000LL);
	g_assert_cmpuint(pk(&g, 0)->len, ==, 98);	/* -e: the frame length */
	g_assert_cmpint(pk(&g, 0)->proto, ==, 1);
	assert_addr(&pk(&g, 1)->src, "::1");
	g_assert_cmpuint(pk(&g, 1)->len, ==, 92);
	g_assert_cmpint(pk(&g, 1)->sport, ==, 53);
	/* -i any: the interface name and direction come first */
	g_assert_cmpuint(pk(&g, 2)->interface_id, ==, 1);
	g_assert_cmpint(pk(&g, 2)->proto, ==, 6);
	assert_addr(&pk(&g, 3)->dst, "10.1.0.2");
	g_assert_cmpuint(pk(&g, 3)->len, ==, 102);
	done(t, &g);
}

static void test_verbose(void)
{
	struct got g;
	struct cr_tcpdump *t = feed(
		"2026-11-23 08:42:54.345192 IP (tos 0x0, ttl 64, id 34122, offset 0, flags [DF], proto ICMP (1), length 84)\n"
		"    10.0.1.11 > 10.0.2.14: ICMP echo request, id 25179, seq 1, length 64\n"
		"2026-11-23 08:42:54.345300 IP (tos 0x0, ttl 63, id 1, offset 0, flags [DF], proto ICMP (1), length 76)\n"
		"    10.0.2.16 > 10.0.1.11: ICMP 10.0.2.16 udp port 9999 unreachable, length 56\n"
		"\tIP (tos 0x0, ttl 63, id 36899, offset 0, flags [DF], proto UDP (17), length 48)\n"
		"    10.0.1.11.57619 > 10.0.2.16.9999: UDP, length 20\n"
		"2026-11-23 08:42:54.559932 IP6 (flowlabel 0x10b34, hlim 64, next-header ICMPv6 (58) payload length: 64) "
		"fd00:1::12 > fd00:2::15: [icmp6 sum ok] ICMP6, echo request, id 51285, seq 1\n"
		"2026-11-23 08:42:54.600000 IP (tos 0x0, ttl 64, id 2, offset 0, flags [DF], proto TCP (6), length 52)\n",
		NULL, &g);

	g_assert_cmpuint(g.pkts->len, ==, 4);
	g_assert_true(cr_tcpdump_stats(t)->verbose);
	g_assert_cmpuint(pk(&g, 0)->len, ==, 84);	/* -v: the IP total length */
	assert_addr(&pk(&g, 0)->src, "10.0.1.11");
	/* the quoted header of an ICMP error is not the packet's */
	assert_addr(&pk(&g, 1)->src, "10.0.2.16");
	g_assert_cmpint(pk(&g, 1)->sport, ==, -1);
	g_assert_cmpuint(pk(&g, 2)->len, ==, 104);
	g_assert_cmpint(pk(&g, 2)->proto, ==, 58);
	/* a -v line whose address line never came still counts */
	g_assert_cmpint(pk(&g, 3)->proto, ==, 6);
	g_assert_cmpint(pk(&g, 3)->src.family, ==, 0);
	done(t, &g);
}

static void test_names(void)
{
	struct got g;
	struct cr_tcpdump *t = feed(
		"2026-11-23 08:42:55.295959 IP 10.0.1.11.55568 > 10.0.2.14.http-alt: Flags [S], seq 1, win 64240, length 0\n"
		"2026-11-23 08:42:55.295960 IP web.example.com.https > client.example.net.51000: Flags [.], ack 1, win 5, length 0\n"
		"2026-11-23 08:42:55.295961 IP gw.example.com > host.example.net: ICMP echo reply, id 1, seq 1, length 64\n",
		NULL, &g);

	g_assert_cmpuint(g.pkts->len, ==, 3);
	g_assert_cmpint(pk(&g, 0)->dport, ==, 8080);
	assert_addr(&pk(&g, 0)->src, "10.0.1.11");
	g_assert_cmpint(pk(&g, 1)->sport, ==, 443);
	g_assert_cmpint(pk(&g, 1)->dport, ==, 51000);
	g_assert_cmpint(pk(&g, 1)->src.family, ==, 0);	/* a host name is not an address */
	g_assert_cmpint(pk(&g, 2)->proto, ==, 1);
	g_assert_cmpint(pk(&g, 2)->sport, ==, -1);
	done(t, &g);
}

static void test_time_only(void)
{
	struct cr_tcpdump_opts o = { .has_date = true, .year = 2023, .month = 12, .day = 31 };
	struct got g;
	struct cr_tcpdump *t = feed("23:59:59.900000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64\n"
				    "23:59:59.899000 IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 1, seq 1, length 64\n"
				    "00:00:00.100000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 64\n"
				    "03:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 3, length 64\n"
				    "01:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 4, length 64\n",
				    &o, &g);
	int64_t jan1 = cr_days_from_civil(2024, 1, 1) * 86400 * SEC;

	g_assert_cmpuint(g.pkts->len, ==, 5);
	g_assert_cmpint(cr_tcpdump_stats(t)->format, ==, CR_TS_TIME);
	g_assert_cmpint(pk(&g, 0)->ts_ns, ==, jan1 - 100 * 1000000LL);
	/* a little backwards is reordering, not a new day */
	g_assert_cmpint(pk(&g, 1)->ts_ns, ==, jan1 - 101 * 1000000LL);
	/* the year turns with the midnight */
	g_assert_cmpint(pk(&g, 2)->ts_ns, ==, jan1 + 100 * 1000000LL);
	g_assert_cmpint(pk(&g, 3)->ts_ns, ==, jan1 + 3 * 3600 * SEC);
	/* two hours back: another midnight */
	g_assert_cmpint(pk(&g, 4)->ts_ns, ==, jan1 + 86400 * SEC + 3600 * SEC);
	g_assert_cmpuint(cr_tcpdump_stats(t)->rollovers, ==, 2);
	done(t, &g);
}

static void test_dates(void)
{
	struct cr_tcpdump_opts o = { .utc_offset_ns = 2 * 3600 * SEC };
	struct got g;
	struct cr_tcpdump *t = feed("2024-02-29 01:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 8\n"
				    "2023-02-29 01:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 8\n"
				    "2024-13-01 01:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 8\n"
				    "2024-12-31 24:00:00.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 8\n"
				    "1710021485.002402 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 8\n",
				    &o, &g);
	int y, m, d;
	int64_t off;

	/* the leap day exists in 2024, not in 2023; a line in another time format is not understood */
	g_assert_cmpuint(g.pkts->len, ==, 1);
	g_assert_cmpint(pk(&g, 0)->ts_ns, ==, (cr_days_from_civil(2024, 2, 29) * 86400 - 3600) * SEC);
	g_assert_cmpuint(cr_tcpdump_stats(t)->bad, ==, 4);
	g_assert_cmpuint(cr_tcpdump_stats(t)->first_bad, ==, 2);
	done(t, &g);

	g_assert_cmpint(cr_days_from_civil(1970, 1, 1), ==, 0);
	g_assert_cmpint(cr_days_from_civil(2000, 3, 1), ==, 11017);
	g_assert_true(cr_parse_date("2024-02-29", &y, &m, &d));
	g_assert_cmpint(y * 10000 + m * 100 + d, ==, 20240229);
	g_assert_false(cr_parse_date("2023-02-29", &y, &m, &d));
	g_assert_false(cr_parse_date("2024-3-9", &y, &m, &d));
	g_assert_true(cr_parse_utc_offset("+02:00", &off));
	g_assert_cmpint(off, ==, 7200 * SEC);
	g_assert_true(cr_parse_utc_offset("-0530", &off));
	g_assert_cmpint(off, ==, -(5 * 3600 + 1800) * SEC);
	g_assert_false(cr_parse_utc_offset("02:00", &off));
	g_assert_false(cr_parse_utc_offset("+25:00", &off));
}

static void test_noise(void)
{
	struct got g;
	GString *text = g_string_new("\xef\xbb\xbf" "tcpdump: verbose output suppressed\r\n");
	struct cr_tcpdump *t;
	char *huge = g_strnfill(CR_TCPDUMP_LINE_MAX + 100, 'x');

	g_string_append(text, "2024-03-09 21:58:05.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 8\r\n");
	g_string_append(text, "garbage \x01\x02\xff\xfe not a packet\r\n");
	g_string_append(text, "2024-03-09 21:58:06.000000 \x01\x02\x03 binary after a time\r\n");
	g_string_append(text, "IP 192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 1, length 64\r\n");
	g_string_append(text, "2024-03-09 21:58:07.000000 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 8\r\n");
	g_string_append(text, "2024-03-09 21:58:08.000000 IP\r\n");
	g_string_append(text, "2024-03-09 21:58:09.000000 LLDP, length 42: spine-1\r\n");
	t = feed(text->str, NULL, &g);

	/* BOM and CR endings are fine; lines with a time that are not packets are counted */
	g_assert_cmpuint(g.pkts->len, ==, 3);
	g_assert_cmpuint(cr_tcpdump_stats(t)->bad, ==, 2);
	g_assert_cmpuint(cr_tcpdump_stats(t)->first_bad, ==, 4);
	g_assert_cmpuint(pk(&g, 2)->len, ==, 42);	/* a protocol we do not know still counts */
	g_assert_cmpstr(pk(&g, 2)->protocols, ==, "");
	done(t, &g);

	/* a line longer than the cap is read that far and counted */
	t = cr_tcpdump_new(NULL, NULL);
	g.pkts = g_array_new(FALSE, TRUE, sizeof(struct cr_pkt));
	memcpy(huge, "2024-03-09 21:58:05.000000 IP 10.0.0.1 > 10.0.0.2: UDP, length 9 ", 65);
	cr_tcpdump_line(t, huge, CR_TCPDUMP_LINE_MAX, CR_TCPDUMP_LINE_MAX + 100, collect, &g);
	g_assert_cmpuint(g.pkts->len, ==, 1);
	g_assert_cmpuint(cr_tcpdump_stats(t)->long_lines, ==, 1);
	done(t, &g);
	g_free(huge);
	g_string_free(text, TRUE);
}

static void test_ascii_payload(void)
{
	struct got g;
	/* -A: the dump of a 1234-byte request, cut short by the snap length, holds lines that look like packets */
	struct cr_tcpdump *t = feed(
		"2024-03-09 21:58:05.003259 IP 10.9.0.1.54474 > 10.9.0.2.80: Flags [P.], seq 1:1235, ack 1, win 63, length 1234: HTTP\n"
		"E....c@.@.Rb\n"
		"\t..\n"
		"\t.....PQO%.v.Wj...?.%.....\n"
		".T.#..1.POST /log HTTP/1.0\n"
		"2024-03-09 22:00:00.000000 IP 10.9.9.9.80 > 10.8.8.8.1234: Flags [S], seq 1, win 64240, length 0\n"
		"IP 192.0.2.1 > 192.0.2.2: ICMP echo request, id 1, seq 1, length 64\n"
		"2024-03-10 01:15:00.000000 IP6 2001:db8::1.443 > 2001:db8::2.5555: Flags [P.], length 10\n"
		"22:00:00.000000 IP 198.51.100.7.53 > 198.51.100.8.4444: UDP, length 42\n"
		"\n"
		"2024-03-09 21:58:05.003303 IP 10.9.0.2.80 > 10.9.0.1.54474: Flags [.], ack 235, win 64, length 0\n"
		"E..4..@.@.D.\n"
		"\t..\n"
		"\t...P..v.WjQO&....@.;.....\n"
		"..1..T.#\n"
		"2024-03-09 21:58:05.003316 IP 10.9.0.1.54474 > 10.9.0.2.80: Flags [F.], seq 235, ack 1, win 63, length 0\n"
		"E..4.d@.@.SK\n",
		NULL, &g);

	g_assert_true(cr_tcpdump_stats(t)->ascii_payload);
	g_assert_cmpuint(g.pkts->len, ==, 3);
	g_assert_cmpuint(cr_tcpdump_stats(t)->payload_ts, ==, 3);
	g_assert_cmpuint(cr_tcpdump_stats(t)->first_payload_ts, ==, 6);
	g_assert_cmpuint(cr_tcpdump_stats(t)->bad, ==, 0);
	g_assert_cmpint(pk(&g, 1)->ts_ns % SEC, ==, 3303000);
	done(t, &g);
}

static void test_sniff(void)
{
	static const char yes[] = "reading from file x.pcap\n\n2024-03-09 21:58:05.002340 ARP, Request who-has 10.9.0.2 tell 10.9.0.1, length 28\n";
	static const char yes_v[] = "1710021485.002340 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)\n";
	static const char no[] = "This is not a packet capture.\nJust some text pretending to be a .pcap file.\n";
	static const char no_time[] = "2024-03-09 21:58:05.002340 \x01\x02 binary\n2024-03-09 21:58:06.002340 ARP, Request\n";

	g_assert_true(cr_tcpdump_sniff(yes, sizeof(yes) - 1));
	g_assert_true(cr_tcpdump_sniff(yes_v, sizeof(yes_v) - 1));
	g_assert_false(cr_tcpdump_sniff(no, sizeof(no) - 1));
	g_assert_false(cr_tcpdump_sniff(no_time, sizeof(no_time) - 1));
	g_assert_false(cr_tcpdump_sniff("", 0));
}

/* Mutated lines (fixed seed): no crash, no read past a line, every packet has a time inside the text's day range. */
static void test_mutations(void)
{
	static const char *const seeds[] = {
		"2024-03-09 21:58:05.002402 IP 10.9.0.1.54474 > 10.9.0.2.80: Flags [S], seq 1, win 64240, length 0",
		"2024-03-09 21:58:05.002402 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)",
		"    10.0.1.11 > 10.0.2.14: ICMP echo request, id 25179, seq 1, length 64",
		"2024-03-09 21:58:05.002402 IP6 (hlim 255, next-header ICMPv6 (58) payload length: 32) fd00:1::12 > ff02::1:ff00:1: ICMP6",
		"2024-03-09 21:58:05.002402 da:4e:38:02:ec:76 > 4e:a2:f2:a1:13:e0, ethertype 802.1Q (0x8100), length 98: vlan 1, p 0, ethertype IPv4 (0x0800), 1.2.3.4.5 > 6.7.8.9.10: UDP, length 1",
		"2024-03-09 21:58:05.002402 eth0  In  IP6 ::ffff:1.2.3.4.80 > ::1.9: Flags [.], length 7",
		"E..<.a@.@.SF",
		"2024-03-09 21:58:05.002402  [|ip6]",
		NULL,
	};
	struct cr_tcpdump *t = cr_tcpdump_new(NULL, NULL);
	struct got g = { g_array_new(FALSE, TRUE, sizeof(struct cr_pkt)) };
	guint32 r = 12345;
	char buf[512];

	for (int round = 0; round < 20000; round++) {
		const char *s = seeds[round % 8];
		size_t n = strlen(s), cut;
		memcpy(buf, s, n);
		for (int k = 0; k < 4; k++) {
			r = r * 1103515245u + 12345u;
			buf[(r >> 8) % n] = (char)(r >> 20);
		}
		r = r * 1103515245u + 12345u;
		cut = (r >> 8) % (n + 1);
		/* the line is exactly cut bytes: a copy on the heap lets ASan see any read past it */
		{
			char *line = g_memdup2(buf, cut ? cut : 1);
			cr_tcpdump_line(t, line, cut, cut, collect, &g);
			g_free(line);
		}
	}
	cr_tcpdump_finish(t, collect, &g);
	g_assert_cmpuint(g.pkts->len, <=, cr_tcpdump_stats(t)->lines);
	g_assert_cmpuint(g.pkts->len, >, 0);
	for (guint i = 0; i < g.pkts->len; i++)
		g_assert_nonnull(pk(&g, i)->protocols);
	done(t, &g);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tcpdump/tttt", test_tttt_lines);
	g_test_add_func("/tcpdump/epoch-link-level", test_epoch_and_flags);
	g_test_add_func("/tcpdump/verbose", test_verbose);
	g_test_add_func("/tcpdump/names", test_names);
	g_test_add_func("/tcpdump/time-only", test_time_only);
	g_test_add_func("/tcpdump/dates", test_dates);
	g_test_add_func("/tcpdump/noise", test_noise);
	g_test_add_func("/tcpdump/ascii-payload", test_ascii_payload);
	g_test_add_func("/tcpdump/sniff", test_sniff);
	g_test_add_func("/tcpdump/mutations", test_mutations);
	return g_test_run();
}
