/* topn.c - the N first of a sum per address or address pair, in bounded memory: a pass per partition of keys. */
#include "topn.h"

#include <string.h>

#define MAX_BITS 24	/* partitions: up to 2^24 of max_keys keys each */

/* A partition: the keys whose hash's top `bits` bits equal `rem`. */
struct part {
	unsigned bits;
	uint32_t rem;
};

/* An index slot: the item's hash and its place in `items` + 1 (0: empty). 8 bytes, probed linearly. */
struct slot {
	uint32_t hash, at;
};

struct cr_topn {
	size_t top, max_keys;
	cr_topn_cmp cmp;
	struct part cur;		/* counted in this pass */
	GArray *todo;			/* of struct part: partitions for later passes */
	GArray *items;			/* of struct cr_topn_item: this pass's keys, dense; kept between passes */
	struct slot *slot;		/* at most half full */
	size_t cap;
	GArray *best;			/* of struct cr_topn_item: the top so far, ranked */
	uint64_t keys;			/* distinct keys of the finished partitions */
	bool split, done;
};

static uint32_t key_hash(const struct cr_topn_key *k)
{
	/* FNV-1a over the bytes that carry the addresses, then a finalizer that spreads them to every bit. */
	uint64_t h = 0xcbf29ce484222325ull;
	const struct cr_addr *a[2] = { &k->a, &k->b };

	for (int i = 0; i < 2; i++) {
		size_t n = a[i]->family == 4 ? 4 : a[i]->family == 6 ? 16 : 0;
		h = (h ^ a[i]->family) * 0x100000001b3ull;
		for (size_t j = 0; j < n; j++)
			h = (h ^ a[i]->a[j]) * 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return (uint32_t)h;
}

static bool key_equal(const struct cr_topn_key *x, const struct cr_topn_key *y)
{
	return cr_addr_equal(&x->a, &y->a) && (x->b.family == 0 ? y->b.family == 0 : cr_addr_equal(&x->b, &y->b));
}

static bool in_part(uint32_t hash, const struct part *p)
{
	return p->bits == 0 || hash >> (32 - p->bits) == p->rem;
}

struct cr_topn *cr_topn_new(size_t top, size_t max_keys, cr_topn_cmp cmp)
{
	struct cr_topn *t = g_new0(struct cr_topn, 1);

	t->top = top;
	t->max_keys = max_keys;
	t->cmp = cmp;
	t->todo = g_array_new(FALSE, FALSE, sizeof(struct part));
	t->items = g_array_new(FALSE, FALSE, sizeof(struct cr_topn_item));
	t->best = g_array_new(FALSE, FALSE, sizeof(struct cr_topn_item));
	return t;
}

void cr_topn_free(struct cr_topn *t)
{
	if (!t)
		return;
	g_array_free(t->todo, TRUE);
	g_array_free(t->items, TRUE);
	g_array_free(t->best, TRUE);
	g_free(t->slot);
	g_free(t);
}

static struct slot *probe(const struct cr_topn *t, const struct cr_topn_key *k, uint32_t hash)
{
	size_t i = hash & (t->cap - 1);
	const struct cr_topn_item *items = (const struct cr_topn_item *)(const void *)t->items->data;

	while (t->slot[i].at && (t->slot[i].hash != hash || !key_equal(&items[t->slot[i].at - 1].key, k)))
		i = (i + 1) & (t->cap - 1);
	return &t->slot[i];
}

/* Index every item again in `cap` slots. */
static void reindex(struct cr_topn *t, size_t cap)
{
	if (cap != t->cap) {
		g_free(t->slot);
		t->slot = g_new(struct slot, cap);
		t->cap = cap;
	}
	memset(t->slot, 0, cap * sizeof(*t->slot));
	for (guint i = 0; i < t->items->len; i++) {
		const struct cr_topn_item *it = &g_array_index(t->items, struct cr_topn_item, i);
		struct slot *s = probe(t, &it->key, it->hash);
		s->hash = it->hash;
		s->at = i + 1;
	}
}

/* Too many keys: halve this pass's partition, the other half waits for a later pass. */
static void split(struct cr_topn *t)
{
	while (t->items->len > t->max_keys && t->cur.bits < MAX_BITS) {
		struct part other = { t->cur.bits + 1, t->cur.rem << 1 | 1 };
		guint out = 0;

		t->cur.bits++;
		t->cur.rem <<= 1;
		g_array_append_val(t->todo, other);
		t->split = true;
		for (guint i = 0; i < t->items->len; i++) {
			const struct cr_topn_item *it = &g_array_index(t->items, struct cr_topn_item, i);
			if (in_part(it->hash, &t->cur))
				g_array_index(t->items, struct cr_topn_item, out++) = *it;
		}
		g_array_set_size(t->items, out);
	}
	reindex(t, t->cap);
}

void cr_topn_add(struct cr_topn *t, const struct cr_topn_key *key, const uint64_t *v, uint64_t order)
{
	uint32_t hash = key_hash(key);
	struct cr_topn_item *it;
	struct slot *s;

	if (t->done || !in_part(hash, &t->cur))
		return;
	if (!t->slot)
		reindex(t, 1024);
	s = probe(t, key, hash);
	if (!s->at) {
		struct cr_topn_item fresh = { .key = *key, .hash = hash, .order = order };
		g_array_append_val(t->items, fresh);
		s->hash = hash;
		s->at = t->items->len;
		if (t->items->len * 2 > t->cap)
			reindex(t, t->cap * 2);
		if (t->max_keys && t->items->len > t->max_keys) {
			split(t);
			if (!in_part(hash, &t->cur))
				return;
		}
		s = probe(t, key, hash);
	}
	it = &g_array_index(t->items, struct cr_topn_item, s->at - 1);
	for (int i = 0; i < CR_TOPN_VALUES; i++)
		it->v[i] += v[i];
	if (order < it->order)
		it->order = order;
}

static int cmp_items(gconstpointer x, gconstpointer y, gpointer data)
{
	cr_topn_cmp cmp = (cr_topn_cmp)data;
	return cmp(x, y);
}

bool cr_topn_end_pass(struct cr_topn *t)
{
	if (t->done)
		return true;
	t->keys += t->items->len;
	g_array_sort_with_data(t->items, cmp_items, (gpointer)t->cmp);
	if (t->items->len > t->top)
		g_array_set_size(t->items, (guint)t->top);
	if (t->best->len == 0) {
		GArray *x = t->best;	/* the first partition: its ranking is the best so far */
		t->best = t->items;
		t->items = x;
	} else {
		g_array_append_vals(t->best, t->items->data, t->items->len);
		g_array_sort_with_data(t->best, cmp_items, (gpointer)t->cmp);
		if (t->best->len > t->top)
			g_array_set_size(t->best, (guint)t->top);
		g_array_set_size(t->items, 0);
	}
	if (t->todo->len == 0) {
		t->done = true;
		g_free(t->slot);
		t->slot = NULL;
		t->cap = 0;
		g_array_set_size(t->items, 0);
	} else {
		t->cur = g_array_index(t->todo, struct part, t->todo->len - 1);
		g_array_set_size(t->todo, t->todo->len - 1);
		memset(t->slot, 0, t->cap * sizeof(*t->slot));
	}
	return t->done;
}

bool cr_topn_done(const struct cr_topn *t)
{
	return t->done;
}

bool cr_topn_split(const struct cr_topn *t)
{
	return t->split;
}

const struct cr_topn_item *cr_topn_items(const struct cr_topn *t, size_t *n)
{
	*n = t->best->len;
	return (const struct cr_topn_item *)(const void *)t->best->data;
}

uint64_t cr_topn_keys(const struct cr_topn *t)
{
	return t->keys;
}
