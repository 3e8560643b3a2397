/* analyze.h - analyzers: consume packets, hold aggregates, produce tables. */
#ifndef CR_ANALYZE_H
#define CR_ANALYZE_H

#include "source.h"
#include "table.h"

/* Conversations (analyze-conv.c): per address pair or per TCP/UDP stream. */
enum cr_conv_by { CR_CONV_IP, CR_CONV_TCP, CR_CONV_UDP };
struct cr_conv;
struct cr_conv *cr_conv_new(enum cr_conv_by by);
void cr_conv_free(struct cr_conv *c);
int cr_conv_packet(void *conv, const struct cr_pkt *p);
/*
 * The table, sorted by `sort` ("packets", "bytes", "start", "duration").
 * Relative starts count from `first_ns`, the capture's first packet.
 */
struct cr_table *cr_conv_table(const struct cr_conv *c, int64_t first_ns, const char *sort);
bool cr_conv_by_parse(const char *s, enum cr_conv_by *by);

/* Endpoints (analyze-endpoints.c): per address, as tshark's endpoints,ip. */
struct cr_endpoints;
struct cr_endpoints *cr_endpoints_new(void);
void cr_endpoints_free(struct cr_endpoints *e);
int cr_endpoints_packet(void *e, const struct cr_pkt *p);
struct cr_table *cr_endpoints_table(const struct cr_endpoints *e, const char *sort);

/*
 * Source × destination bytes (analyze-matrix.c), for the heatmap and the
 * workbook's Matrix sheet. Hosts are names (addresses as text).
 */
struct cr_matrix;
struct cr_matrix *cr_matrix_new(void);
void cr_matrix_free(struct cr_matrix *m);
void cr_matrix_add(struct cr_matrix *m, const char *src, const char *dst, uint64_t bytes);
/* Each row of a conversations table: bytes_ab from addr_a to addr_b, bytes_ba back. */
int cr_matrix_add_conversations(struct cr_matrix *m, const struct cr_table *conv, GError **err);
/*
 * The table "matrix": a "source" column, then one column per destination.
 * Rows are the `top` sources by bytes sent, columns the `top` destinations
 * by bytes received (top <= 0: all), the rest summed in an "other" row and
 * column; a cell without traffic is null. With `totals`, a "total" column
 * and a last "total" row. The caller frees the table.
 */
struct cr_table *cr_matrix_table(const struct cr_matrix *m, int top, bool totals);

/* Capture summary (analyze-info.c). */
struct cr_info;
struct cr_info *cr_info_new(void);
void cr_info_free(struct cr_info *i);
int cr_info_packet(void *i, const struct cr_pkt *p);
/* Tables: summary (metric,value), protocols, interfaces. */
GPtrArray *cr_info_tables(const struct cr_info *i, const char *capture, const struct cr_run_info *run);

/* pcapng/pcap file header facts (pcapng.c): interfaces and comments. */
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
/* Read what the file's headers say; -1 with err when unreadable. */
int cr_file_meta_read(const char *path, struct cr_file_meta *m, GError **err);
void cr_file_meta_clear(struct cr_file_meta *m);
const char *cr_linktype_name(int linktype);

#endif
