/* tcp-scan.c - might a capture hold TCP? A native read that stops at the first TCP packet. */
#include "input.h"
#include "native.h"
#include "tcp.h"

static int found_tcp(void *user, const struct cr_pkt *p)
{
	bool *tcp = user;

	*tcp = p->proto == 6;
	return *tcp;
}

bool cr_tcp_maybe_in(const char *path)
{
	struct cr_native_stats st = { 0 };
	enum cr_input_kind kind;
	GError *e = NULL;
	bool tcp = false, sure;
	int rc;

	if (cr_input_detect(path, &kind, NULL) != 0 ||
	    (kind != CR_INPUT_PCAP && kind != CR_INPUT_PCAPNG && kind != CR_INPUT_GZIP))
		return true;	/* text and CSV inputs say so by their columns */
	rc = cr_native_read(path, 0, found_tcp, &tcp, &st, &e);
	/* No TCP only when every packet was read and decoded as tshark would. */
	sure = !tcp && st.undecoded == 0 && (rc == 0 || (e && e->code == CR_EXIT_DAMAGED));
	g_clear_error(&e);
	cr_native_stats_clear(&st);
	return !sure;
}
