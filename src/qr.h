/*
 * qr.h - linear quantile regression (Koenker and Bassett 1978).
 *
 * For a design X (n rows, p columns, row-major, caller-owned) and a response
 * y, the tau-th regression quantile is
 *
 *     beta(tau) = argmin_b  sum_i rho_tau(y_i - x_i'b),
 *     rho_tau(r) = r * (tau - [r < 0]),
 *
 * a linear programme. It is solved here as quantreg's rq.fit.fnb does: the
 * Frisch-Newton primal-dual interior-point method with Mehrotra's
 * predictor-corrector steps applied to the dual problem
 *
 *     max_a  y'a   subject to   X'a = (1 - tau) X'1,   0 <= a <= 1
 *
 * (Portnoy and Koenker 1997, "The Gaussian hare and the Laplacian tortoise",
 * Statistical Science 12(4); Koenker 2005, Quantile Regression, ch. 6).
 * Each Newton step solves the normal equations (X'DX) dy = r with a Cholesky
 * factorisation (LAPACKE dpotrf/dpotrs); X'DX is formed with BLAS dsyrk.
 *
 * Many taus on large n (qr_fit_taus) use the preprocessing of the same paper
 * (quantreg's rq.fit.pfn): from a preliminary estimate (a subsample fit, or
 * the solution at the neighbouring tau, a warm start) the observations
 * whose residual, scaled by its standard error sqrt(x_i'(X'X)^-1 x_i), is
 * confidently negative or positive (and, for the 3% of highest leverage,
 * ranks outside tau +- 0.1) are "globbed": their
 * dual values are fixed at 0 or 1, which only moves the right-hand side of
 * the equality constraint, and the interior-point method runs on the few
 * thousand observations left. The KKT conditions are then checked on every
 * globbed observation (a negative residual for a = 0, positive for a = 1);
 * violators are put back and the reduced problem solved again, so the
 * answer is the solution of the full problem, not an approximation of it.
 * Taus are split into two chains from the middle outwards, one per thread.
 *
 * All functions are pure: they read caller arrays, write caller arrays and
 * allocate only scratch memory that they free before returning.
 */
#ifndef ATTAIN_QR_H
#define ATTAIN_QR_H

#include <stddef.h>

#include "util.h"

/* Convergence tolerance on the duality gap, as rq.fit.fnb's eps. */
#define QR_EPS 1e-6

/* Counters filled by the fitting functions (any pointer may be NULL). */
typedef struct qr_stats {
	long newton_steps; /* interior-point iterations, all solves */
	long solves;       /* interior-point solves (reduced or full) */
	long resolves;     /* solves repeated after a failed KKT check */
	long full_solves;  /* solves on all n observations */
	long rows;         /* rows of every solve, summed */
} qr_stats;

/*
 * rho_tau loss of beta: sum_i rho_tau(y_i - x_i'beta). Used to compare fits
 * (a smaller value is a better fit; the regression quantile minimises it).
 */
double qr_objective(const double *X, const double *y, size_t n, size_t p,
                    double tau, const double *beta);

/*
 * One regression quantile by the Frisch-Newton method on all n rows (the
 * algorithm of quantreg's rq.fit.fnb with beta = 0.99995, eps = 1e-6).
 * 0 < tau < 1, n >= p >= 1. Writes p coefficients to beta.
 * Returns ATT_OK, or ATT_EINPUT with e filled when the design is singular
 * (X'X not positive definite), tau is out of range, n < p, or the method
 * does not converge.
 */
int qr_fit_fn(const double *X, const double *y, size_t n, size_t p, double tau,
              double *beta, qr_stats *st, att_err *e);

/*
 * Regression quantiles for ntau values of tau (any order, each in (0, 1)),
 * with preprocessing and warm starts as described above, on up to
 * `threads` threads (1 or more; more than 2 gives no gain for two chains).
 * Writes beta[t * p + j] for tau t and coefficient j. Results equal those
 * of qr_fit_fn up to its tolerance. Errors as qr_fit_fn.
 */
int qr_fit_taus(const double *X, const double *y, size_t n, size_t p,
                const double *taus, size_t ntau, int threads, double *beta,
                qr_stats *st, att_err *e);

/*
 * Set OpenBLAS's thread count (a process-wide setting) to n >= 1 and
 * return the previous count, so that a caller running its own threads can
 * keep OpenBLAS's pool from spinning beside them and restore it after.
 */
int qr_blas_threads(int n);

#endif
