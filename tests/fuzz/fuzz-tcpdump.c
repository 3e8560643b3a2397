/*
 * fuzz-tcpdump.c - libFuzzer harness: untrusted bytes as tcpdump text, read
 * the way a file is read (capped lines, every timestamp format, -A, -e, -v).
 * The first byte picks the reader's options; the rest is the text.
 * Built by `make fuzz`; `make check` replays tests/fuzz/corpus/tcpdump/
 * through the same entry point without libFuzzer (fuzz-replay.c).
 */
#define _GNU_SOURCE
#include "tcpdump.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile uint64_t fuzz_sink;

static int on_packet(void *user, const struct cr_pkt *p)
{
	char buf[64];

	(void)user;
	cr_addr_format(&p->src, buf, sizeof(buf));
	fuzz_sink += strlen(buf) + strlen(p->protocols) + p->len;
	cr_addr_format(&p->dst, buf, sizeof(buf));
	fuzz_sink += strlen(buf);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cr_tcpdump_opts o = { 0 };
	const struct cr_tcpdump_stats *st;
	struct cr_tcpdump *t;
	GError *err = NULL;
	char path[64];
	int fd;

	if (size < 1 || size > 1 << 20)
		return 0;
	/* Options: a known date (or a guessed one), and a UTC offset. */
	if (data[0] & 1) {
		o.has_date = true;
		o.year = 1970 + (data[0] >> 2) * 16;
		o.month = 1 + (data[0] >> 4) % 12;
		o.day = 28 + (data[0] >> 6);
		o.date_is_guess = data[0] & 2;
	}
	o.utc_offset_ns = (int64_t)((int8_t)data[0] % 15) * 3600 * INT64_C(1000000000);
	cr_tcpdump_sniff((const char *)data + 1, size - 1);

	fd = memfd_create("tcpdump", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		return 0;
	}
	g_snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	t = cr_tcpdump_new(&o, &err);
	if (!t)
		abort();	/* the patterns are ours: they must compile */
	cr_tcpdump_read_file(t, path, on_packet, NULL, &err);
	g_clear_error(&err);
	st = cr_tcpdump_stats(t);
	if (st->packets > st->lines || st->long_lines > st->lines)
		abort();
	cr_tcpdump_free(t);
	close(fd);
	return 0;
}
