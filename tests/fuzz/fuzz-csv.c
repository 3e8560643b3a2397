/*
 * fuzz-csv.c - libFuzzer harness: untrusted bytes through the CSV reader and
 * the packet decoder, fed in two chunks split where the input says; the rows
 * read must equal libcsv's (the reference, csv-ref.h), or the harness aborts.
 * Built by `make fuzz`; `make check` replays tests/fuzz/corpus/csv/ through
 * the same entry point without libFuzzer (fuzz-replay.c).
 */
#include "binding.h"
#include "csv-ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct state {
	struct cr_binding *b;
	uint64_t packets;
};

static int on_row(void *user, const struct cr_row *row)
{
	struct state *s = user;
	struct cr_pkt p;
	char buf[64];

	if (!s->b) {
		s->b = cr_binding_new(row);
		return 0;
	}
	if (cr_binding_decode(s->b, row, &p)) {
		cr_addr_format(&p.src, buf, sizeof(buf));
		cr_addr_format(&p.dst, buf, sizeof(buf));
		s->packets++;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state s = { 0 };
	struct cr_csv *c = cr_csv_new(on_row, &s);
	size_t cut = size ? data[0] % (size + 1) : 0;
	GString *ours = csv_ref_capreport((const char *)data, size, cut);
	GString *ref = csv_ref_libcsv((const char *)data, size, cut);

	if (!g_string_equal(ours, ref)) {
		fprintf(stderr, "fuzz-csv: the reader and libcsv disagree\nours:\n%s\nlibcsv:\n%s\n", ours->str, ref->str);
		abort();
	}
	g_string_free(ours, TRUE);
	g_string_free(ref, TRUE);

	if (cr_csv_feed(c, (const char *)data, cut, NULL) == 0 &&
	    cr_csv_feed(c, (const char *)data + cut, size - cut, NULL) == 0)
		cr_csv_finish(c, NULL);
	cr_csv_free(c);
	cr_binding_free(s.b);
	return 0;
}
