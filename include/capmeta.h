/* capmeta.h - what a capture file's headers say: its format, interfaces and comments (read by capfile.c). */
#ifndef CR_CAPMETA_H
#define CR_CAPMETA_H

#include <glib.h>

/* pcapng/pcap file header facts: interfaces and comments. */
struct cr_iface {
	char *name;		/* NULL when the file does not say */
	char *description;
	int linktype;
};
struct cr_file_meta {
	char *format;		/* "pcapng", "pcap" */
	GPtrArray *ifaces;	/* of struct cr_iface * */
	GPtrArray *comments;	/* of char *: section header comments */
};
/*
 * Read what the file's headers say, up to its first packet; -1 with err
 * when unreadable. A file that is no capture has no interfaces.
 */
int cr_file_meta_read(const char *path, struct cr_file_meta *m, GError **err);
void cr_file_meta_clear(struct cr_file_meta *m);
const char *cr_linktype_name(int linktype);

#endif
