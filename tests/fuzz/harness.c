/*
 * harness.c - fuzz entry points for the native reader: one packet's bytes, and a whole capture file.
 * Built into the libFuzzer targets (fuzz-decode.c, fuzz-capfile.c, `make fuzz`)
 * and into a normal unit test that replays tests/fuzz/regressions/ in `make check`.
 */
#define _GNU_SOURCE
#include "analyze.h"
#include "native.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int cr_fuzz_decode(const uint8_t *data, size_t size);
int cr_fuzz_capfile(const uint8_t *data, size_t size);

/* The first input byte picks one; the last one is a link type the decoder refuses. */
static const int fuzz_linktypes[] = { 1, 0, 101, 108, 113, 228, 229, 276, 105 };

static volatile uint32_t fuzz_sink;

/* Read every byte the decoder says is there, so a bad span shows under AddressSanitizer. */
static void touch(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		fuzz_sink += p[i];
}

/*
 * Input: [link type selector][extra wire length / 16][packet bytes...].
 * The packet bytes are the end of the input buffer, so reading past them is caught.
 */
int cr_fuzz_decode(const uint8_t *data, size_t size)
{
	struct cr_decoded d;
	uint32_t cap, len;

	if (size < 2 || size > 1 << 20)
		return 0;
	cap = (uint32_t)(size - 2);
	len = cap + (uint32_t)data[1] * 16;
	cr_decode_packet(&d, fuzz_linktypes[data[0] % G_N_ELEMENTS(fuzz_linktypes)], data + 2, cap, len);
	if (strlen(d.protocols) != d.plen || d.nip > CR_DEC_MAX_IP || d.nl4 > CR_DEC_MAX_L4)
		abort();
	if (d.frag.present) {
		if (d.frag.ip >= d.nip)
			abort();
		touch(d.frag.data, d.frag.len);
		/* As if this fragment completed its datagram. */
		if (!d.anomaly)
			cr_decode_reassembled(&d, d.frag.ip, d.frag.proto, d.frag.data, MIN(d.frag.len, CR_DEC_KEEP),
					      d.frag.len + (data[1] & 1 ? 1000 : 0));
	}
	for (unsigned i = 0; i < d.nl4; i++)
		if (d.l4[i].ip >= d.nip)
			abort();
	return 0;
}

static int fuzz_packet(void *user, const struct cr_pkt *p)
{
	(void)user;
	fuzz_sink += (uint32_t)strlen(p->protocols) + p->len;
	if (p->row)
		for (size_t i = 0; i < p->row->n; i++)
			fuzz_sink += (uint32_t)strlen(p->row->field[i]);
	return 0;
}

/* Input: a whole capture file (pcap, pcapng, gzip), read through a memory file. */
int cr_fuzz_capfile(const uint8_t *data, size_t size)
{
	struct cr_native_stats st;
	struct cr_file_meta meta = { 0 };
	GError *err = NULL;
	char path[64];
	int fd = memfd_create("capfile", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	g_snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	cr_native_read(path, CR_NATIVE_ROWS, fuzz_packet, NULL, &st, &err);
	g_clear_error(&err);
	cr_native_stats_clear(&st);
	cr_native_check(path, &st, &err);
	g_clear_error(&err);
	cr_native_stats_clear(&st);
	if (cr_file_meta_read(path, &meta, NULL) == 0)
		cr_file_meta_clear(&meta);
	close(fd);
	return 0;
}
