/*
 * an_sort.h - sorting helpers shared by the analyses: a stable ascending
 * order of doubles, or of packed 64-bit keys, by LSD radix sort instead of
 * qsort with a comparison callback.
 *
 * Method: each double is mapped to an unsigned 64-bit key whose unsigned
 * order is the numeric order (flip every bit of a negative number, set the
 * sign bit of a positive one; IEEE 754 bit layout), then sorted by 11-bit
 * digits from the least significant up with a counting sort per digit
 * (Knuth, TAOCP vol. 3, 5.2.5: radix sorting). Each pass is stable, so
 * equal values keep their input order: the result is exactly the order a
 * comparison sort by (value, index) gives. Digits in which every key
 * agrees are skipped. -0.0 is ordered as 0.0; NaN sorts after every
 * number.
 */
#ifndef ATTAIN_AN_SORT_H
#define ATTAIN_AN_SORT_H

#include <stdint.h>

/* perm[0..n) = indices 0..n-1 of x in ascending order of x, ties in index
 * order. n < 2^31. Allocates its scratch space (aborts when out of
 * memory). */
void an_sort_order(const double *x, int64_t n, int32_t *perm);

/* perm[0..n) = indices 0..n-1 in ascending unsigned order of key, ties in
 * index order (a stable sort by a composite key packed into 64 bits).
 * n < 2^31. */
void an_sort_order_u64(const uint64_t *key, int64_t n, int32_t *perm);

#endif
