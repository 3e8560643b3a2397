/* workbook-tcp.h - the workbook command's TCP and MPTCP sheets: one MPTCP analysis of a capture (workbook-tcp.c). */
#ifndef CR_WORKBOOK_TCP_H
#define CR_WORKBOOK_TCP_H

#include "capreport.h"

/*
 * The workbook's sheets of `path`: appends the TCP
 * streams, MPTCP connections and MPTCP subflows tables (empty ones too)
 * to `tables` after reading the mptcp profile; nothing for a capture
 * without TCP or under --engine native. Returns a cr_exit code, recorded in ctx.
 */
int cr_workbook_tcp_tables(struct cr_ctx *ctx, const char *path, GPtrArray *tables);

#endif
