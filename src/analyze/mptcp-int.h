/* mptcp-int.h - what the MPTCP analyzer's files share; not for other modules. */
#ifndef CR_MPTCP_INT_H
#define CR_MPTCP_INT_H

#include "fields.h"
#include "mptcp.h"

struct cr_mptcp {
	int col[M_N];
	GString *missing;
	struct cr_tcp *tcp;
	GHashTable *subflows;	/* int64 tcp.stream → struct cr_mptcp_subflow * */
	GPtrArray *sf_all;	/* owns the subflows */
	GPtrArray *conns;	/* owns the connections, in id order */
	GHashTable *tokens;	/* uint32 token → struct cr_mptcp_conn * */
	int64_t follow;		/* -2 none, -1 all */
	size_t points;		/* plot points kept per followed connection and series */
	bool finished;
};

/*
 * Connections and subflows (mptcp-conns.c). cr_mp_subflow_get: the
 * packet's subflow, made when `create`; cr_mp_conn_new: a connection
 * beginning at p; cr_mp_attach: s joins c; cr_mp_attach_by_dsn: a subflow
 * without a usable handshake placed by a raw DSN (sent by side x) or data
 * ACK (acked), false while a join waits for its token; cr_mp_handshake:
 * MP_CAPABLE and MP_JOIN of side x: connections, keys, tokens, roles.
 */
struct cr_mptcp_subflow *cr_mp_subflow_get(struct cr_mptcp *m, const struct cr_pkt *p, bool create);
struct cr_mptcp_conn *cr_mp_conn_new(struct cr_mptcp *m, const struct cr_pkt *p);
void cr_mp_attach(struct cr_mptcp_conn *c, struct cr_mptcp_subflow *s);
bool cr_mp_attach_by_dsn(struct cr_mptcp *m, struct cr_mptcp_subflow *s, int x, uint64_t raw, bool acked,
			 const struct cr_pkt *p);
void cr_mp_handshake(struct cr_mptcp *m, struct cr_mptcp_subflow *s, int x, const struct cr_mp_opts *o,
		     const struct cr_pkt *p);

#endif
