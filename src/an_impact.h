/*
 * an_impact.h - intervention impact: participants against a comparison
 * group matched on prior score, difference in differences, Hedges' g with
 * a 95% interval, cost per 0.1 SD gained, and the naive
 * participant-versus-rest difference beside it (labelled biased).
 *
 * Method.
 *  1. Matching. Each participant with a prior (pre) and an outcome (post)
 *     is matched to the non-participant of the same stratum (the caller
 *     codes grade x subject, or any cell to match within) whose prior is
 *     nearest: one-to-one nearest neighbour WITH replacement (a comparison
 *     student may serve several participants). Caliper: a match is kept
 *     only when |pre_t - pre_c| <= caliper_sd x SD(pre in the stratum),
 *     default 0.2 SD (Austin 2011, "Optimal caliper widths for propensity-
 *     score matching", Pharmaceutical Statistics 10:150-161, recommends 0.2
 *     SD; we apply it to the prior score itself, the one matching
 *     variable). Participants with no match inside the caliper are left
 *     out and counted. Ties: the smaller distance, then the lower prior,
 *     then the lower index.
 *  2. Difference in differences over the m matched pairs:
 *       d_i = (post_t - pre_t) - (post_c - pre_c),
 *       DiD = mean(d), 95% CI DiD +- t(.975, m-1) SE, with
 *       SE^2 = var(d) / m x (m + sum_j K_j^2) / (2 m),
 *     where K_j is how many participants comparison student j serves.
 *     This is Abadie & Imbens' (2006, Econometrica 74:235-267) variance of
 *     the matching estimator of the effect on the treated with a constant
 *     conditional variance sigma^2 = var(d) / 2 estimated from the pairs:
 *     (m + sum K_j^2) sigma^2 / m^2. Without reuse (all K_j = 1) it is the
 *     paired SE sd(d) / sqrt(m); reuse widens it.
 *  3. Hedges' g: g = J x DiD / s, where s is the pooled within-stratum SD
 *     of the outcome over ALL students of the strata that hold
 *     participants, s^2 = sum over strata of sum (y - stratum mean)^2 /
 *     (N - S) for N students in S strata, and J = 1 - 3 / (4 df - 1),
 *     df = N - S, the small-sample correction (stats_hedges_j; Hedges 1981,
 *     J. Educational Statistics 6:107-128). The population SD is used, not the
 * SD of the matched groups alone: participants are usually chosen for a low
 *     prior, and the narrower spread of such a group would inflate g. So g
 *     is in SD units of the outcome scale, as an effect is planted or
 *     reported. Its SE by the delta method:
 *       SE(g) = sqrt( (J SE / s)^2 + g^2 / (2 df) ),
 *     95% CI g +- 1.96 SE(g) (What Works Clearinghouse Procedures Handbook
 *     v5.0, 2022, standardises a difference-in-differences estimate by a
 *     pooled outcome SD in the same way).
 *  4. Cost per 0.1 SD gained: (cost / participants) / (g / 0.1) when g > 0,
 *     else NaN (no gain to price).
 *  5. Naive comparison (biased: participants are seldom chosen at random):
 *     mean outcome of all participants minus mean outcome of all
 *     non-participants, as Hedges' g with its variance and 95% interval
 *     exactly as a subgroup gap (stats_hedges_g in stats.h):
 *       V_g = J^2 ((n1 + n2) / (n1 n2) + d^2 / (2 (n1 + n2))).
 *
 * Pure functions over caller arrays; no globals, no I/O; scratch memory is
 * freed before return.
 */
#ifndef ATTAIN_AN_IMPACT_H
#define ATTAIN_AN_IMPACT_H

#include <stddef.h>

#include "util.h"

typedef struct impact_params {
	double caliper_sd; /* 0.2 */
	int min_pairs;     /* 2: fewer matched pairs is insufficient data */
} impact_params;

void impact_params_default(impact_params *p);

typedef struct impact_result {
	size_t n_treated;   /* participants with pre and post */
	size_t n_matched;   /* pairs */
	size_t n_unmatched; /* participants with no match in the caliper */
	size_t n_controls;  /* distinct comparison students used */
	size_t n_rest;      /* non-participants with pre and post */
	double caliper_sd;
	double pre_smd; /* standardised prior difference after matching */
	double gain_t, gain_c; /* mean post - pre in the matched groups */
	double did, did_se, did_lo, did_hi;
	double s_pooled; /* the outcome SD g is expressed in */
	double g, g_se, g_lo, g_hi;
	double cost_per_01sd;
	/* naive: participants vs all the rest, outcome only (biased) */
	double naive_diff, naive_g, naive_lo, naive_hi;
} impact_result;

/*
 * Estimate one intervention's impact. stratum, pre, post, treated: n
 * entries each (treated 1 for a participant). Units with a NaN pre or post
 * are skipped. cost: the intervention's total cost (NaN or <= 0: no cost
 * figure). match: if non-NULL, n entries receiving the index of each
 * participant's matched comparison student, or -1.
 * Returns ATT_OK; ATT_EINPUT (with out filled as far as possible and e
 * set) when fewer than min_pairs pairs were matched.
 */
int impact_estimate(const int *stratum, const double *pre, const double *post,
                    const unsigned char *treated, size_t n, double cost,
                    const impact_params *p, impact_result *out, long *match,
                    att_err *e);

#endif
