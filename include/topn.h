/* topn.h - the N first of a sum per address (or address pair), in bounded memory: passes instead of memory. */
#ifndef CR_TOPN_H
#define CR_TOPN_H

#include "addr.h"



/*
 * A scan brings one new address per packet; a ranking that holds every
 * address grows with the capture. This one holds at most `max_keys` keys:
 * when a pass brings more, the keys are split by their hash into
 * partitions, the pass goes on counting only the first, and each other
 * partition is counted exactly by a later pass over the same inputs. The
 * `top` first of all partitions are kept. So the result is exact, memory
 * is bounded by max_keys and top, and a capture with D distinct keys costs
 * about D / max_keys passes. max_keys 0: no bound, always one pass.
 *
 * Ties rank by `order`: the smallest order a key was added with (the
 * caller passes the packet's index in the inputs, the same in every pass).
 */
#define CR_TOPN_VALUES 4
#define CR_TOPN_MAX_KEYS 100000		/* the default bound: about 11 MiB per ranking */
#define CR_TOPN_ALL ((size_t)-1)	/* top: keep every key (then one pass is expected) */

struct cr_topn_key {
	struct cr_addr a, b;		/* b.family 0 for a single address */
};

struct cr_topn_item {
	struct cr_topn_key key;
	uint32_t hash;
	uint64_t v[CR_TOPN_VALUES];	/* sums */
	uint64_t order;
};

/* < 0 when x ranks before y; the order decides between equal values (cr_topn_cmp_order). */
typedef int (*cr_topn_cmp)(const struct cr_topn_item *x, const struct cr_topn_item *y);

struct cr_topn;
struct cr_topn *cr_topn_new(size_t top, size_t max_keys, cr_topn_cmp cmp);
void cr_topn_free(struct cr_topn *t);

/* Add v (CR_TOPN_VALUES sums) to key; skipped when the key is not in this pass's partition. */
void cr_topn_add(struct cr_topn *t, const struct cr_topn_key *key, const uint64_t *v, uint64_t order);
/*
 * The end of a pass: fold its keys into the ranking. Returns true when
 * every key is counted (the ranking is final), false when another pass
 * over the same inputs is needed.
 */
bool cr_topn_end_pass(struct cr_topn *t);
bool cr_topn_done(const struct cr_topn *t);
/* Did any pass split the keys? (Then only the ranking's top are known, not every key.) */
bool cr_topn_split(const struct cr_topn *t);

/* When done: the `top` first, in rank order (owned by t), and the number of distinct keys. */
const struct cr_topn_item *cr_topn_items(const struct cr_topn *t, size_t *n);
uint64_t cr_topn_keys(const struct cr_topn *t);

/* Tie-breaker for comparators: the smaller order first. */
static inline int cr_topn_cmp_order(const struct cr_topn_item *x, const struct cr_topn_item *y)
{
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Ranking helpers: by the sum of two values (e.g. tx + rx), then order. */
static inline int cr_topn_cmp_desc(uint64_t x, uint64_t y)
{
	return x > y ? -1 : x < y;
}

#endif
