/*
 * an_peer.h - positive deviance and peer-learning pairs.
 *
 * A school whose value-added 95% interval lies wholly above zero (lo > 0)
 * is a positive deviant: its students progress more than similar students
 * elsewhere, and the difference is not chance. Each is paired with up to
 * `max_partners` similar schools of the same district whose interval lies
 * wholly below zero (hi < 0), the schools that could learn from it.
 * Positive deviance: Pascale, Sternin & Sternin 2010, "The Power of
 * Positive Deviance", Harvard Business Press; in education, peer-learning
 * pairs across a block or cluster as India's school leadership programmes
 * use them.
 *
 * Similarity (smaller is closer):
 *   d = |ln(size_a / size_b)| / ln 2        one unit per doubling of size
 *     + |ses_a - ses_b| / ses_scale         one unit per 0.10 of share
 *     + block_penalty x [blocks differ]     0.5 by default
 * Candidates share the district (when either district is unknown, the
 * block must match; when both are unknown, no pair). Pairs with d >
 * max_distance are not made. Partners are ordered by d, then index.
 * Unknown size or ses (NaN or size <= 0) adds max_distance / 2 for that
 * term, so a well-described match is preferred.
 *
 * Pure function over caller arrays; no globals, no I/O; the pair list is
 * allocated for the caller.
 */
#ifndef ATTAIN_AN_PEER_H
#define ATTAIN_AN_PEER_H

#include <stddef.h>
#include <stdint.h>

typedef struct peer_params {
	int max_partners;     /* 3 */
	double ses_scale;     /* 0.10 */
	double block_penalty; /* 0.5 */
	double max_distance;  /* 3.0 */
} peer_params;

void peer_params_default(peer_params *p);

typedef struct peer_pair {
	int32_t leader;  /* school whose interval lies above zero */
	int32_t partner; /* school whose interval lies below zero */
	int rank;        /* 1 = the closest partner of this leader */
	double distance;
	int same_block;
} peer_pair;

/*
 * Pair schools. lo, hi: value-added 95% interval per school; size:
 * students; ses: share socio-economically disadvantaged (0..1); block,
 * district: ids (-1 unknown). n schools. On return *pairs (caller frees)
 * holds *npairs pairs ordered by leader, then rank.
 */
void peer_pairs_alloc(const double *lo, const double *hi, const double *size,
                      const double *ses, const int32_t *block,
                      const int32_t *district, int32_t n, const peer_params *p,
                      peer_pair **pairs, size_t *npairs);

#endif
