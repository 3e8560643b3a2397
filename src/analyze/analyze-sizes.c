/* analyze-sizes.c - packet size histogram: frame lengths in bins that refine tshark's -z plen,tree buckets. */
#include "analyze-report.h"

#define FINE_WIDTH 20
#define FINE_END 1600	/* 80 bins of 20 bytes */
#define NFINE (FINE_END / FINE_WIDTH)

/* The coarse bins after the fine ones: [from, to], to -1: open. */
static const struct {
	int64_t from, to;
} coarse[] = { { 1600, 2559 }, { 2560, 5119 }, { 5120, -1 }, { -1, -1 } };
#define NCOARSE 3
#define NBINS (NFINE + NCOARSE)

struct cr_sizes {
	uint64_t packets[NBINS], bytes[NBINS];
	uint64_t total;
};

struct cr_sizes *cr_sizes_new(void)
{
	return g_new0(struct cr_sizes, 1);
}

void cr_sizes_free(struct cr_sizes *s)
{
	g_free(s);
}

static int bin_of(uint32_t len)
{
	if (len < FINE_END)
		return (int)(len / FINE_WIDTH);
	for (int i = 0; coarse[i].from >= 0; i++)
		if (coarse[i].to < 0 || len <= coarse[i].to)
			return NFINE + i;
	return NBINS - 1;
}

int cr_sizes_packet(void *user, const struct cr_pkt *p)
{
	struct cr_sizes *s = user;
	int b = bin_of(p->len);

	s->packets[b]++;
	s->bytes[b] += p->len;
	s->total++;
	return 0;
}

struct cr_table *cr_sizes_table(const struct cr_sizes *s)
{
	struct cr_table *t = cr_table_new("sizes", "Packet sizes (frame length)");
	int last = -1;

	cr_table_add_column(t, "from", CR_COL_INT);
	cr_table_add_column(t, "to", CR_COL_INT);
	cr_table_add_column(t, "packets", CR_COL_INT);
	cr_table_add_column(t, "bytes", CR_COL_BYTES);
	cr_table_add_column(t, "percent", CR_COL_FLOAT);
	/* Every bin up to the last one used, so the histogram's x axis is honest. */
	for (int b = 0; b < NBINS; b++)
		if (s->packets[b])
			last = b;
	if (last < 0)
		return t;
	for (int b = 0; b <= MAX(last, NFINE - 1); b++) {
		struct cr_cell *row = cr_table_add_row(t);
		if (b < NFINE) {
			cr_cell_int(&row[0], b * FINE_WIDTH);
			cr_cell_int(&row[1], b * FINE_WIDTH + FINE_WIDTH - 1);
		} else {
			cr_cell_int(&row[0], coarse[b - NFINE].from);
			if (coarse[b - NFINE].to >= 0)
				cr_cell_int(&row[1], coarse[b - NFINE].to);
		}
		cr_cell_int(&row[2], (int64_t)s->packets[b]);
		cr_cell_int(&row[3], (int64_t)s->bytes[b]);
		cr_cell_float(&row[4], 100.0 * (double)s->packets[b] / (double)s->total);
	}
	cr_table_add_note(t, "%" G_GUINT64_FORMAT " packets; bins of %d bytes up to %d, then wider", s->total,
			  FINE_WIDTH, FINE_END);
	return t;
}
