/* test-native.c - the native reader's decoder on hand-built packets, and the fuzz regressions replayed. */
#include "../fuzz/harness.c"

#include <glib/gstdio.h>

/* An Ethernet + IPv4 + TCP SYN packet (54 bytes) with two MPTCP options in 16 option bytes. */
static GByteArray *tcp_packet(void)
{
	static const uint8_t eth[] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 };
	static const uint8_t ip[] = { 0x45, 0, 0, 56, 0, 1, 0x40, 0, 64, 6, 0, 0, 192, 0, 2, 1, 198, 51, 100, 2 };
	static const uint8_t tcp[] = { 0x9c, 0x40, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x90, 0x02, 0xff, 0xff, 0, 0, 0, 0,
				       0x1e, 0x04, 0, 0, 0x01, 0x01, 0x1e, 0x06, 0, 0, 0, 0, 0, 0, 0, 0 };
	GByteArray *b = g_byte_array_new();

	g_byte_array_append(b, eth, sizeof(eth));
	g_byte_array_append(b, ip, sizeof(ip));
	g_byte_array_append(b, tcp, sizeof(tcp));
	return b;
}

static void test_layers(void)
{
	GByteArray *b = tcp_packet();
	struct cr_decoded d;

	cr_decode_packet(&d, 1, b->data, b->len, b->len);
	g_assert_null(d.anomaly);
	g_assert_cmpstr(d.protocols, ==, "eth:ethertype:ip:tcp:mptcp:mptcp");
	g_assert_cmpuint(d.nip, ==, 1);
	g_assert_cmpuint(d.ip[0].family, ==, 4);
	g_assert_cmpuint(d.ip[0].proto, ==, 6);
	g_assert_cmpuint(d.nl4, ==, 1);
	g_assert_true(d.l4[0].ports && d.l4[0].stream && d.l4[0].analyze);
	g_assert_cmpuint(d.l4[0].sport, ==, 40000);
	g_assert_cmpuint(d.l4[0].dport, ==, 80);
	g_assert_cmpuint(d.l4[0].flags, ==, 0x02);
	g_byte_array_unref(b);
}

/*
 * Cut by the snap length at every byte: what tshark still shows. Ethernet
 * and IPv4 headers must be whole; TCP gives its ports from 4 bytes on and a
 * stream from 16 (tshark reads up to the window before the lookup).
 */
static void test_snaplen(void)
{
	GByteArray *b = tcp_packet();

	for (guint cap = 0; cap <= b->len; cap++) {
		uint8_t *copy = g_memdup2(b->data, cap);	/* exact size: a read past it is caught under ASan */
		struct cr_decoded d;

		cr_decode_packet(&d, 1, copy, cap, b->len);
		if (cap < 34) {
			g_assert_nonnull(d.anomaly);
			g_assert_cmpuint(d.nl4, ==, 0);
		} else if (cap < 38) {
			g_assert_nonnull(d.anomaly);
		} else {
			const char *m = strstr(d.protocols, "mptcp");
			g_assert_null(d.anomaly);
			g_assert_true(d.l4[0].ports);
			g_assert_cmpint(d.l4[0].stream, ==, cap >= 50);
			/* An MPTCP option is a layer once its kind and length bytes are there (tshark 4.0.17). */
			g_assert_cmpint(m != NULL, ==, cap >= 56);
			g_assert_cmpint(m && strstr(m + 1, "mptcp"), ==, cap >= 62);
		}
		g_free(copy);
	}
	g_byte_array_unref(b);
}

/* An ICMP port unreachable quoting only 8 bytes of TCP: ports, no stream, ICMP first. */
static void test_icmp_error(void)
{
	static const uint8_t pkt[] = {
		0x45, 0, 0, 56, 0, 2, 0, 0, 64, 1, 0, 0, 203, 0, 113, 3, 192, 0, 2, 1,	/* outer IPv4, ICMP */
		3, 3, 0, 0, 0, 0, 0, 0,							/* port unreachable */
		0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 192, 0, 2, 1, 203, 0, 113, 3,	/* quoted IPv4, TCP */
		0x80, 0xe9, 0x1f, 0x90, 0, 0, 0, 42,					/* 8 bytes of TCP */
	};
	struct cr_decoded d;

	cr_decode_packet(&d, 228, pkt, sizeof(pkt), sizeof(pkt));
	g_assert_null(d.anomaly);
	g_assert_cmpstr(d.protocols, ==, "ip:icmp:ip:tcp");
	g_assert_cmpuint(d.nip, ==, 2);
	g_assert_cmpuint(d.ip[0].proto, ==, 1);
	g_assert_cmpuint(d.ip[1].src[3], ==, 1);
	g_assert_cmpuint(d.nl4, ==, 1);
	g_assert_true(d.l4[0].ports);
	g_assert_false(d.l4[0].stream);
	g_assert_cmpuint(d.l4[0].ip, ==, 1);
}

/* A first fragment all captured is handed to reassembly; cut short, it is decoded as it is. */
static void test_fragment(void)
{
	static const uint8_t pkt[] = {
		0x45, 0, 0, 36, 0, 7, 0x20, 0, 64, 17, 0, 0, 192, 0, 2, 1, 198, 51, 100, 2,
		0x17, 0x70, 0x17, 0x71, 0, 100, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8,
	};
	struct cr_decoded d;

	cr_decode_packet(&d, 228, pkt, sizeof(pkt), sizeof(pkt));
	g_assert_null(d.anomaly);
	g_assert_true(d.frag.present);
	g_assert_true(d.frag.more);
	g_assert_cmpuint(d.frag.id, ==, 7);
	g_assert_cmpuint(d.frag.len, ==, 16);
	g_assert_cmpuint(d.nl4, ==, 0);
	g_assert_cmpstr(d.protocols, ==, "ip");

	cr_decode_packet(&d, 228, pkt, 28, sizeof(pkt));
	g_assert_null(d.anomaly);
	g_assert_false(d.frag.present);
	g_assert_cmpstr(d.protocols, ==, "ip:udp");
	g_assert_true(d.l4[0].stream);
	g_assert_cmpuint(d.l4[0].sport, ==, 6000);
}

/* L2TPv2 with its length field, PPP with a one-byte protocol (tshark: ip:udp:l2tp:ppp:ipv6); version 3 and cuts refused. */
static void test_l2tp(void)
{
	static const uint8_t pkt[] = {
		0x45, 0, 0, 77, 0, 1, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 1, 198, 51, 100, 2,	/* IPv4, UDP */
		0x06, 0xa5, 0x06, 0xa5, 0, 57, 0, 0,					/* UDP 1701 -> 1701 */
		0x40, 0x02, 0, 49, 0, 7, 0, 9,						/* L2TPv2 data, length, tunnel, session */
		0x57,									/* PPP: IPv6, one byte */
		0x60, 0, 0, 0, 0, 0, 59, 64,						/* IPv6, no next header */
		0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,			/* fd00::1 */
		0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,			/* fd00::2 */
	};
	uint8_t v3[sizeof(pkt)];
	struct cr_decoded d;

	cr_decode_packet(&d, 228, pkt, sizeof(pkt), sizeof(pkt));
	g_assert_null(d.anomaly);
	g_assert_cmpstr(d.protocols, ==, "ip:udp:l2tp:ppp:ipv6");
	g_assert_cmpuint(d.nip, ==, 2);
	g_assert_cmpuint(d.ip[1].family, ==, 6);
	g_assert_false(d.ip[1].quoted);
	g_assert_cmpuint(d.nl4, ==, 1);
	g_assert_cmpuint(d.l4[0].ip, ==, 0);
	/* Cut inside the L2TP header, and in the inner IPv6 header. */
	cr_decode_packet(&d, 228, pkt, 20 + 8 + 4, sizeof(pkt));
	g_assert_nonnull(strstr(d.anomaly, "L2TP header cut short"));
	cr_decode_packet(&d, 228, pkt, sizeof(pkt) - 10, sizeof(pkt));
	g_assert_nonnull(strstr(d.anomaly, "IPv6 header cut short"));
	memcpy(v3, pkt, sizeof(pkt));
	v3[29] = 0x03;
	cr_decode_packet(&d, 228, v3, sizeof(v3), sizeof(v3));
	g_assert_nonnull(strstr(d.anomaly, "version other than 2"));
}

static void test_refusals(void)
{
	static const uint8_t vxlan[] = {
		0x45, 0, 0, 36, 0, 1, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 1, 198, 51, 100, 2,
		0xc0, 0x00, 0x12, 0xb5, 0, 16, 0, 0, 8, 0, 0, 0, 0, 0, 1, 0,
	};
	struct cr_decoded d;

	cr_decode_packet(&d, 228, vxlan, sizeof(vxlan), sizeof(vxlan));
	g_assert_nonnull(strstr(d.anomaly, "tunnel"));
	cr_decode_packet(&d, 105, vxlan, sizeof(vxlan), sizeof(vxlan));
	g_assert_nonnull(d.anomaly);
	g_assert_true(cr_decode_layer_known("TCP"));
	g_assert_true(cr_decode_layer_known("ipv6.fraghdr"));
	g_assert_false(cr_decode_layer_known("dns"));
}

/* Every file under tests/fuzz/regressions/TARGET/ through its harness: no crash, no sanitizer report. */
static void replay(const char *target, int (*fn)(const uint8_t *, size_t), guint min_files)
{
	char *dir = g_build_filename("tests", "fuzz", "regressions", target, NULL);
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	guint n = 0;

	g_assert_nonnull(d);
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(dir, name, NULL), *data;
		gsize len;

		g_assert_true(g_file_get_contents(path, &data, &len, NULL));
		fn((const uint8_t *)data, len);
		g_free(data);
		g_free(path);
		n++;
	}
	g_dir_close(d);
	g_free(dir);
	g_assert_cmpuint(n, >=, min_files);
}

static void test_replay_decode(void)
{
	replay("decode", cr_fuzz_decode, 1);
}

static void test_replay_capfile(void)
{
	replay("capfile", cr_fuzz_capfile, 1);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/native/decode/layers", test_layers);
	g_test_add_func("/native/decode/snaplen", test_snaplen);
	g_test_add_func("/native/decode/icmp-error", test_icmp_error);
	g_test_add_func("/native/decode/fragment", test_fragment);
	g_test_add_func("/native/decode/l2tp", test_l2tp);
	g_test_add_func("/native/decode/refusals", test_refusals);
	g_test_add_func("/native/fuzz/replay-decode", test_replay_decode);
	g_test_add_func("/native/fuzz/replay-capfile", test_replay_capfile);
	return g_test_run();
}
