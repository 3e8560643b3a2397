/* ranges.h - the set of byte ranges seen so far (sequence or data sequence numbers), each counted once. */
#ifndef CR_RANGES_H
#define CR_RANGES_H

#include <stdbool.h>
#include <stdint.h>

struct cr_ranges;

struct cr_ranges *cr_ranges_new(void);
void cr_ranges_free(struct cr_ranges *r);
/* Adds [lo, hi); returns how many of its bytes were not in the set yet. */
uint64_t cr_ranges_add(struct cr_ranges *r, uint64_t lo, uint64_t hi);

/*
 * A 32-bit sequence number as a 64-bit one that keeps counting past a
 * wrap: the candidate nearest to the highest seen so far (*hi, kept
 * here; *seen false before the first).
 */
uint64_t cr_seq_unwrap(uint64_t *hi, bool *seen, uint32_t seq);

#endif
