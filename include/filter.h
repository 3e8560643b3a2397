/* filter.h - the row filters of --from, --to, --host, --port, --proto (filter.c). */
#ifndef CR_FILTER_H
#define CR_FILTER_H

#include "capreport.h"
#include "packet.h"

/* Row filter: true when the packet passes. */
bool cr_filter_match(struct cr_filter *f, const struct cr_pkt *p, int64_t first_ts_ns);
bool cr_filter_active(const struct cr_filter *f);
/* Parse the option values; false with err on a bad value. */
bool cr_filter_set_time(struct cr_filter *f, bool from, const char *arg, GError **err);
bool cr_filter_add_host(struct cr_filter *f, const char *arg, GError **err);
bool cr_filter_set_proto(struct cr_filter *f, const char *arg, GError **err);

#endif
