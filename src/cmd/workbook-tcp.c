/* workbook-tcp.c - the workbook's TCP streams, MPTCP connections and MPTCP subflows sheets: one MPTCP analysis of a capture. */
#include "mptcp.h"
#include "run.h"
#include "workbook-tcp.h"

int cr_workbook_tcp_tables(struct cr_ctx *ctx, const char *path, GPtrArray *tables)
{
	struct cr_mptcp *m;
	struct cr_consumer c = { .header = cr_mptcp_header, .packet = cr_mptcp_packet };
	struct cr_run_info info;
	int status;

	if (ctx->engine == CR_ENGINE_NATIVE || !cr_tcp_maybe_in(path))
		return CR_EXIT_OK;	/* the native engine reads no TCP fields; no TCP: no sheets, no tshark run */
	m = cr_mptcp_new();
	c.user = m;
	status = cr_run_one(ctx, path, cr_profile_find("mptcp"), &c, &info);
	cr_mptcp_finish(m);
	if (status != CR_EXIT_OK && status != CR_EXIT_DAMAGED) {
		/* cr_run_one said why */
	} else if (*cr_mptcp_missing(m)) {
		cr_notice(ctx, "'%s' lacks the columns %s: no TCP and MPTCP sheets", path, cr_mptcp_missing(m));
	} else {
		g_ptr_array_add(tables, cr_tcp_list_table(cr_mptcp_tcp(m), info.first_row_ns, NULL));
		g_ptr_array_add(tables, cr_mptcp_list_table(m, info.first_row_ns));
		g_ptr_array_add(tables, cr_mptcp_subflows_table(m, -1));
	}
	cr_run_info_clear(&info);
	cr_mptcp_free(m);
	return status;
}
