/*
 * qr.c - linear quantile regression: the Frisch-Newton interior-point
 * method (quantreg's rq.fit.fnb) and, for many taus on large samples, the
 * globbing preprocessing of Portnoy and Koenker (1997) with warm starts
 * along the tau grid and one thread per chain of taus. See qr.h.
 *
 * Notation follows the dual linear programme solved by rq.fit.fnb:
 *
 *     min c'x  subject to  A x = b,  0 <= x <= u,
 *
 * with A = X' (p x n), c = -y, b = (1 - tau) X'1 (or a shifted b for a
 * reduced problem), u = 1. The primal-dual iterate is (x, s = u - x, y, z, w)
 * with z - w = c - A'y kept exactly (dual feasibility); the complementarity
 * gap is x'z + s'w. The coefficient vector of the regression is -y.
 *
 * Invariants kept by fn_core (fn_start, fn_predictor, fn_corrector,
 * fn_step):
 *   1. x + s = u and z - w = c - A'y after every step.
 *   2. x, s, z, w > 0 strictly (steps are cut at 0.99995 of the boundary).
 *   3. One Cholesky factorisation of A D A' per iteration serves both the
 *      predictor and the corrector solve.
 */
#include "qr.h"

#include <gsl/gsl_cblas.h>
#include <lapacke.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* OpenBLAS's thread-count controls (the build links -lopenblas). */
extern void openblas_set_num_threads(int num_threads);
extern int openblas_get_num_threads(void);

#define FN_BETA 0.99995 /* step-length factor, as rq.fit.fnb */
#define FN_MAXIT 100
#define FN_BIG 1e20
#define QR_FEAS 1e-9      /* relative tolerance on A x = b at the end */
#define GLOB_MIN_N 2000   /* below this every tau is solved on all rows */
#define KEEP_SHARE 0.03   /* share of rows, highest leverage, never globbed */
#define KEEP_BAND 0.1     /* ... but only within tau +- KEEP_BAND (in rank) */
#define BAND_SAMPLE 4096  /* rows sampled to bracket the band (band_bounds) */
#define BAND_MARGIN 0.035 /* bracket margin in rank, > 4 sample s.e. */

int qr_blas_threads(int n)
{
	int old = openblas_get_num_threads();
	if (n >= 1 && n != old)
		openblas_set_num_threads(n);
	return old;
}

double qr_objective(const double *X, const double *y, size_t n, size_t p,
                    double tau, const double *beta)
{
	double sum = 0.0;
	for (size_t i = 0; i < n; i++) {
		const double *xi = X + i * p;
		double r = y[i];
		for (size_t j = 0; j < p; j++)
			r -= xi[j] * beta[j];
		sum += r >= 0 ? tau * r : (tau - 1.0) * r;
	}
	return sum;
}

/* Scratch for one interior-point solve on up to `cap` rows. */
typedef struct fn_ws {
	size_t cap, p;
	double *x, *s, *z, *w, *dx, *ds, *dz, *dw, *d, *dr, *t, *ix, *is, *sx;
	double *ada, *dy, *rhs, *yv;
} fn_ws;

static void fn_ws_init(fn_ws *ws, size_t p)
{
	memset(ws, 0, sizeof(*ws));
	ws->p = p;
	ws->ada = xmalloc(p * p * sizeof(double));
	ws->dy = xmalloc(p * sizeof(double));
	ws->rhs = xmalloc(p * sizeof(double));
	ws->yv = xmalloc(p * sizeof(double));
}

static void fn_ws_reserve(fn_ws *ws, size_t n)
{
	if (n <= ws->cap)
		return;
	double **v[] = {&ws->x,  &ws->s,  &ws->z,  &ws->w, &ws->dx,
	                &ws->ds, &ws->dz, &ws->dw, &ws->d, &ws->dr,
	                &ws->t,  &ws->ix, &ws->is};
	for (size_t k = 0; k < ARRAY_LEN(v); k++) {
		free(*v[k]);
		*v[k] = xmalloc(n * sizeof(double));
	}
	free(ws->sx);
	ws->sx = xmalloc(n * ws->p * sizeof(double));
	ws->cap = n;
}

static void fn_ws_free(fn_ws *ws)
{
	double *v[] = {ws->x,  ws->s,  ws->z,   ws->w,  ws->dx,  ws->ds,
	               ws->dz, ws->dw, ws->d,   ws->dr, ws->t,   ws->ix,
	               ws->is, ws->sx, ws->ada, ws->dy, ws->rhs, ws->yv};
	for (size_t k = 0; k < ARRAY_LEN(v); k++)
		free(v[k]);
	memset(ws, 0, sizeof(*ws));
}

/* ada = X' diag(d) X (upper triangle, row-major), then its Cholesky factor.
 * Returns 0, or non-zero when not positive definite. */
static int form_factor(const double *X, const double *d, size_t n, size_t p,
                       fn_ws *ws)
{
	for (size_t i = 0; i < n; i++) {
		double sd = sqrt(d[i]);
		const double *xi = X + i * p;
		double *oi = ws->sx + i * p;
		for (size_t j = 0; j < p; j++)
			oi[j] = sd * xi[j];
	}
	cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)n, 1.0,
	            ws->sx, (int)p, 0.0, ws->ada, (int)p);
	return LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (int)p, ws->ada, (int)p);
}

/* Largest |b - A x| component (A x = X'x): the primal infeasibility. */
static double primal_residual(const double *X, size_t n, size_t p,
                              const double *b, const double *x)
{
	double r[64], *rv = p <= 64 ? r : xmalloc(p * sizeof(double));
	memcpy(rv, b, p * sizeof(double));
	cblas_dgemv(CblasRowMajor, CblasTrans, (int)n, (int)p, -1.0, X, (int)p,
	            x, 1, 1.0, rv, 1);
	double m = 0.0;
	for (size_t j = 0; j < p; j++)
		m = fmax(m, fabs(rv[j]));
	if (rv != r)
		free(rv);
	return m;
}

/*
 * Check invariant 1 (z - w = c - A'y) at the end: rounding in the late,
 * ill-conditioned steps lets it drift, and then a small x'z + s'w no longer
 * proves optimality. Returns 1 when the drift is negligible (below
 * QR_EPS + 1e-9 sum|y|, far above rounding, far below a wrong answer);
 * otherwise restores z - w = c - A'y (raising z or w, so both stay positive)
 * and returns 0 so that the iteration goes on.
 */
static int restore_dual(const double *X, const double *y, size_t n, size_t p,
                        double *z, double *w, double *t, const double *yv)
{
	cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)p, 1.0, X, (int)p,
	            yv, 1, 0.0, t, 1);
	double drift = 0.0, ysum = 0.0;
	for (size_t i = 0; i < n; i++) {
		drift += fabs((-y[i] - t[i]) - (z[i] - w[i]));
		ysum += fabs(y[i]);
	}
	if (drift <= QR_EPS + 1e-9 * ysum)
		return 1;
	for (size_t i = 0; i < n; i++) {
		double delta = (-y[i] - t[i]) - (z[i] - w[i]);
		if (delta > 0)
			z[i] += delta;
		else
			w[i] -= delta;
	}
	return 0;
}

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0.0;
	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* One Frisch-Newton solve: rows X (n x p), response y, equality
 * right-hand side b (p), and the workspace holding the iterate. */
typedef struct fn_prob {
	const double *X, *y, *b;
	size_t n, p;
	fn_ws *ws;
} fn_prob;

/* The complementarity gap x'z + s'w of the iterate. */
static double fn_gap(const fn_prob *pr)
{
	const fn_ws *ws = pr->ws;
	double gz = 0.0, gw = 0.0;
	for (size_t i = 0; i < pr->n; i++) {
		gz += ws->z[i] * ws->x[i];
		gw += ws->w[i] * ws->s[i];
	}
	return gz + gw;
}

/*
 * The starting iterate: y = (A A')^{-1} A c, the least-squares fit of
 * c = -y; x = x0, s = 1 - x0 for the constant x0 that meets the first
 * equality (1 - tau for a full problem; for a reduced one, the share of
 * the kept rows that must lie above the fit) when it lies in (0, 1); z
 * and w the positive and negative parts of c - A'y, lifted off 0. Sets
 * *gap; returns 1 when A A' is not positive definite, else 0.
 */
static int fn_start(const fn_prob *pr, double tau, double *gap)
{
	fn_ws *ws = pr->ws;
	const double *X = pr->X, *y = pr->y;
	size_t n = pr->n, p = pr->p;
	const int ip = (int)p, in = (int)n;
	double *d = ws->d, *t = ws->t, *yv = ws->yv;
	for (size_t i = 0; i < n; i++)
		d[i] = 1.0;
	if (form_factor(X, d, n, p, ws) != 0)
		return 1;
	cblas_dgemv(CblasRowMajor, CblasTrans, in, ip, -1.0, X, ip, y, 1, 0.0,
	            yv, 1);
	if (LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'U', ip, 1, ws->ada, ip, yv, 1))
		return 1;
	double col0 = 0.0, x0 = 1.0 - tau;
	for (size_t i = 0; i < n; i++)
		col0 += X[i * p];
	if (col0 != 0.0 && pr->b[0] / col0 > 0.0 && pr->b[0] / col0 < 1.0)
		x0 = pr->b[0] / col0;
	/* t = c - A'y */
	cblas_dgemv(CblasRowMajor, CblasNoTrans, in, ip, -1.0, X, ip, yv, 1,
	            0.0, t, 1);
	for (size_t i = 0; i < n; i++) {
		double r = -y[i] + t[i];
		if (fabs(r) < QR_EPS) {
			ws->z[i] = fmax(r, 0.0) + QR_EPS;
			ws->w[i] = fmax(-r, 0.0) + QR_EPS;
		} else {
			ws->z[i] = fmax(r, 0.0);
			ws->w[i] = fmax(-r, 0.0);
		}
		ws->x[i] = x0;
		ws->s[i] = 1.0 - x0;
	}
	*gap = fn_gap(pr);
	return 0;
}

/* The ratio test of row i for direction (dx, ds, dz, dw): lowers the
 * primal step *dp and the dual step *dd to where x, s, z or w would reach
 * 0, comparing without dividing (x < dp * -dx rather than -x / dx < dp). */
static void fn_ratio(const fn_ws *ws, size_t i, double dxi, double dsi,
                     double dzi, double dwi, double *dp, double *dd)
{
	if (dxi < 0 && ws->x[i] < *dp * -dxi)
		*dp = ws->x[i] / -dxi;
	if (dsi < 0 && ws->s[i] < *dp * -dsi)
		*dp = ws->s[i] / -dsi;
	if (dzi < 0 && ws->z[i] < *dd * -dzi)
		*dd = ws->z[i] / -dzi;
	if (dwi < 0 && ws->w[i] < *dd * -dwi)
		*dd = ws->w[i] / -dwi;
}

/*
 * The affine-scaling (predictor) direction into dx, ds, dz, dw (with
 * D = (Z/X + W/S)^-1 in d, 1/x in ix and 1/s in is, and X'DX factored in
 * ws->ada for the corrector), its step lengths *dp and *dd, and the six
 * inner products of Mehrotra's centring parameter in sums. Returns 1 when
 * X'DX is not positive definite, else 0.
 */
static int fn_predictor(const fn_prob *pr, double *dp, double *dd,
                        double sums[6])
{
	fn_ws *ws = pr->ws;
	const double *X = pr->X;
	size_t n = pr->n, p = pr->p;
	const int ip = (int)p, in = (int)n;
	double *x = ws->x, *s = ws->s, *z = ws->z, *w = ws->w;
	double *d = ws->d, *t = ws->t, *ix = ws->ix, *is = ws->is;
	double *ds = ws->ds, *dy = ws->dy;
	/* the rows of X scaled by sqrt(D) feed X'DX */
	for (size_t i = 0; i < n; i++) {
		ix[i] = 1.0 / x[i];
		is[i] = 1.0 / s[i];
		d[i] = 1.0 / (z[i] * ix[i] + w[i] * is[i]);
		ds[i] = z[i] - w[i];
		t[i] = d[i] * ds[i] - x[i];
	}
	/* dy = b - A x + A D (z - w) */
	memcpy(dy, pr->b, p * sizeof(double));
	cblas_dgemv(CblasRowMajor, CblasTrans, in, ip, 1.0, X, ip, t, 1, 1.0,
	            dy, 1);
	memcpy(ws->rhs, dy, p * sizeof(double));
	if (form_factor(X, d, n, p, ws) != 0)
		return 1;
	if (LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'U', ip, 1, ws->ada, ip, dy, 1))
		return 1;
	cblas_dgemv(CblasRowMajor, CblasNoTrans, in, ip, 1.0, X, ip, dy, 1, 0.0,
	            t, 1);
	*dp = FN_BIG;
	*dd = FN_BIG;
	double s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0;
	for (size_t i = 0; i < n; i++) {
		double dxi = d[i] * (t[i] - ds[i]);
		double dsi = -dxi;
		double dzi = -z[i] * (dxi * ix[i] + 1.0);
		double dwi = -w[i] * (dsi * is[i] + 1.0);
		ws->dx[i] = dxi;
		ds[i] = dsi;
		ws->dz[i] = dzi;
		ws->dw[i] = dwi;
		fn_ratio(ws, i, dxi, dsi, dzi, dwi, dp, dd);
		s1 += dxi * z[i];
		s2 += dzi * x[i];
		s3 += dzi * dxi;
		s4 += dsi * w[i];
		s5 += dwi * s[i];
		s6 += dsi * dwi;
	}
	sums[0] = s1;
	sums[1] = s2;
	sums[2] = s3;
	sums[3] = s4;
	sums[4] = s5;
	sums[5] = s6;
	*dp = fmin(FN_BETA * *dp, 1.0);
	*dd = fmin(FN_BETA * *dd, 1.0);
	return 0;
}

/*
 * Mehrotra's corrector, when the predictor's step is cut short: the
 * centring parameter mu from the gap the predictor would leave (its inner
 * products in sums), then the corrected direction through the same
 * factorisation, replacing dx, ds, dz, dw, *dp and *dd. Returns 1 when the
 * solve fails, else 0.
 */
static int fn_corrector(const fn_prob *pr, double gap, const double sums[6],
                        double *dp, double *dd)
{
	fn_ws *ws = pr->ws;
	const double *X = pr->X;
	size_t n = pr->n, p = pr->p;
	const int ip = (int)p, in = (int)n;
	double *z = ws->z, *w = ws->w, *d = ws->d, *dr = ws->dr, *t = ws->t;
	double *ix = ws->ix, *is = ws->is, *dy = ws->dy;
	double *dx = ws->dx, *ds = ws->ds, *dz = ws->dz, *dw = ws->dw;
	double mu = gap;
	double g = mu + *dp * sums[0] + *dd * sums[1] + *dp * *dd * sums[2] +
	           *dp * sums[3] + *dd * sums[4] + *dp * *dd * sums[5];
	mu = mu * pow(g / mu, 3) / (2.0 * (double)n);
	for (size_t i = 0; i < n; i++)
		dr[i] = d[i] * (mu * (is[i] - ix[i]) + dx[i] * dz[i] * ix[i] -
		                ds[i] * dw[i] * is[i]);
	memcpy(dy, ws->rhs, p * sizeof(double));
	cblas_dgemv(CblasRowMajor, CblasTrans, in, ip, 1.0, X, ip, dr, 1, 1.0,
	            dy, 1);
	if (LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'U', ip, 1, ws->ada, ip, dy, 1))
		return 1;
	cblas_dgemv(CblasRowMajor, CblasNoTrans, in, ip, 1.0, X, ip, dy, 1, 0.0,
	            t, 1);
	*dp = FN_BIG;
	*dd = FN_BIG;
	for (size_t i = 0; i < n; i++) {
		double dxdz = dx[i] * dz[i];
		double dsdw = ds[i] * dw[i];
		double dxi = d[i] * (t[i] - z[i] + w[i]) - dr[i];
		double dsi = -dxi;
		double dzi = -z[i] + (mu - z[i] * dxi - dxdz) * ix[i];
		double dwi = -w[i] + (mu - w[i] * dsi - dsdw) * is[i];
		dx[i] = dxi;
		ds[i] = dsi;
		dz[i] = dzi;
		dw[i] = dwi;
		fn_ratio(ws, i, dxi, dsi, dzi, dwi, dp, dd);
	}
	*dp = fmin(FN_BETA * *dp, 1.0);
	*dd = fmin(FN_BETA * *dd, 1.0);
	return 0;
}

/* Take the step (primal dp, dual dd) and return the new gap x'z + s'w,
 * summed in the same pass. */
static double fn_step(const fn_prob *pr, double dp, double dd)
{
	fn_ws *ws = pr->ws;
	double gz = 0.0, gw = 0.0;
	for (size_t i = 0; i < pr->n; i++) {
		ws->x[i] += dp * ws->dx[i];
		ws->s[i] += dp * ws->ds[i];
		ws->z[i] += dd * ws->dz[i];
		ws->w[i] += dd * ws->dw[i];
		gz += ws->z[i] * ws->x[i];
		gw += ws->w[i] * ws->s[i];
	}
	for (size_t j = 0; j < pr->p; j++)
		ws->yv[j] += dd * ws->dy[j];
	return gz + gw;
}

/*
 * The Frisch-Newton iteration on rows X (n x p), response y, with equality
 * right-hand side b (p). Writes beta = -y_dual. Returns 0 on convergence,
 * 1 when a normal-equation matrix is not positive definite, 2 when the
 * gap has not fallen below QR_EPS with A x = b (to QR_FEAS relative) after
 * FN_MAXIT iterations, which is also how an infeasible reduced problem
 * ends.
 *
 * The arithmetic is rq.fit.fnb's, arranged for few passes over the rows:
 * 1/x and 1/s are formed once per iteration and every later quotient is a
 * product with them; the step-length ratio tests compare without dividing
 * (fn_ratio, dividing only when the minimum moves); the six inner products
 * of Mehrotra's centring parameter are accumulated in the pass that forms
 * the predictor direction; and the complementarity x'z + s'w of the new
 * iterate is summed in the update pass (fn_step) and reused as the
 * corrector's mu of the next iteration.
 */
static int fn_core(const double *X, const double *y, size_t n, size_t p,
                   double tau, const double *b, double *beta, fn_ws *ws,
                   qr_stats *st)
{
	fn_ws_reserve(ws, n);
	const fn_prob pr = {X, y, b, n, p, ws};
	if (st) {
		st->solves++;
		st->rows += (long)n;
	}
	double gap;
	if (fn_start(&pr, tau, &gap))
		return 1;
	const double gap0 = gap;
	double bmax = 0.0;
	for (size_t j = 0; j < p; j++)
		bmax = fmax(bmax, fabs(b[j]));
	int it = 0;
	/* Stop when the gap is small, A x = b holds and z - w = c - A'y
	 * still holds: only all three together prove optimality. A full
	 * problem starts feasible (x = 1 - tau); a reduced one does not. */
	for (;;) {
		if (gap <= QR_EPS && primal_residual(X, n, p, b, ws->x) <=
		                         QR_FEAS * (1.0 + bmax)) {
			if (restore_dual(X, y, n, p, ws->z, ws->w, ws->t,
			                 ws->yv))
				break;
			/* z or w was raised: the gap is x'z + s'w again. */
			gap = fn_gap(&pr);
		}
		if (it++ >= FN_MAXIT)
			return 2;
		double dp, dd, sums[6];
		if (fn_predictor(&pr, &dp, &dd, sums))
			return 1;
		if (fmin(dp, dd) < 1.0 &&
		    fn_corrector(&pr, gap, sums, &dp, &dd))
			return 1;
		gap = fn_step(&pr, dp, dd);
		/* A growing gap means an infeasible (reduced) problem. */
		if (!isfinite(gap) || gap > 1e4 * (gap0 + 1.0))
			return 2;
	}
	if (st)
		st->newton_steps += it;
	for (size_t j = 0; j < p; j++)
		beta[j] = -ws->yv[j];
	return 0;
}

static void colsum(const double *X, size_t n, size_t p, double *out)
{
	memset(out, 0, p * sizeof(double));
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < p; j++)
			out[j] += X[i * p + j];
}

static int check_args(size_t n, size_t p, double tau, att_err *e)
{
	if (p == 0 || n < p)
		return err_set(e, ATT_EINPUT,
		               "quantile regression needs at least %zu rows, "
		               "got %zu",
		               p ? p : 1, n);
	if (!(tau > 0.0 && tau < 1.0))
		return err_set(e, ATT_EINPUT,
		               "quantile regression tau %g is not in (0, 1)",
		               tau);
	return ATT_OK;
}

static int fn_error(int rc, double tau, att_err *e)
{
	if (rc == 1)
		return err_set(e, ATT_EINPUT,
		               "quantile regression design is singular");
	return err_set(e, ATT_EINPUT,
	               "quantile regression did not converge at tau %g", tau);
}

int qr_fit_fn(const double *X, const double *y, size_t n, size_t p, double tau,
              double *beta, qr_stats *st, att_err *e)
{
	int rc = check_args(n, p, tau, e);
	if (rc)
		return rc;
	fn_ws ws;
	fn_ws_init(&ws, p);
	double *b = xmalloc(p * sizeof(double));
	colsum(X, n, p, b);
	for (size_t j = 0; j < p; j++)
		b[j] *= 1.0 - tau;
	rc = fn_core(X, y, n, p, tau, b, beta, &ws, st);
	if (st)
		st->full_solves++;
	free(b);
	fn_ws_free(&ws);
	return rc ? fn_error(rc, tau, e) : ATT_OK;
}

/* ---- many taus: globbing, warm starts, threads ---- */

/* Shared, read-only problem plus one chain of taus (indices into taus). */
typedef struct chain {
	const double *X, *y;
	size_t n, p;
	const double *taus;
	const size_t *idx;
	size_t count;
	const double *sumx; /* X'1 */
	const double *hinv; /* 1 / sqrt(x_i' (X'X)^-1 x_i) */
	double hkeep;       /* rows with hinv <= hkeep are never globbed */
	double *beta;       /* ntau x p, each chain writes its own rows */
	qr_stats st;
	att_err err;
	int rc;
} chain;

/* Per-chain scratch. */
typedef struct glob_ws {
	fn_ws fn;
	double *r, *sel, *cand, *Xk, *yk, *b, *prev, *glob;
	double *sab;        /* sum of the rows with cls == 2 */
	unsigned char *cls; /* 0 kept, 1 below (a = 0), 2 above (a = 1) */
	int r_valid;        /* r holds y - X beta0 of the next solve */
	int sel_valid;      /* sel holds r h^-1 for that r */
	double wlo, whi;    /* high-leverage rows are kept within these */
	size_t *keep;
} glob_ws;

/* k-th smallest of a[0..n-1] (reorders a): Hoare's quickselect. */
static double select_kth(double *a, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
	while (lo < hi) {
		double pivot = a[lo + (hi - lo) / 2];
		ptrdiff_t i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				double tmp = a[i];
				a[i++] = a[j];
				a[j--] = tmp;
			}
		}
		if (kk <= j)
			hi = j;
		else if (kk >= i)
			lo = i;
		else
			break;
	}
	return a[kk];
}

/* r = y - X beta */
static void residuals(const chain *c, const double *beta, double *r)
{
	memcpy(r, c->y, c->n * sizeof(double));
	cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)c->n, (int)c->p, -1.0,
	            c->X, (int)c->p, beta, 1, 1.0, r, 1);
}

/*
 * Solve on the rows with cls == 0; the others are fixed at their bound:
 * b = (1 - tau) X'1 - sab, sab the sum of the rows above (cls == 2), kept
 * up to date as rows change class (few do from one tau to the next). With
 * `classify`, cls is first set in the same pass from sel and the band
 * [lo, hi]: rows below lo are globbed below (1), above hi above (2), the
 * others are kept (0), and so are the rows of highest leverage (hinv <=
 * hkeep) whose sel lies within [wlo, whi] (band_bounds).
 */
static int solve_reduced(chain *c, glob_ws *g, double tau, double *beta,
                         int classify, double lo, double hi)
{
	size_t n = c->n, p = c->p, m = 0;
	unsigned char *cls = g->cls;
	const double *sel = g->sel, *hinv = c->hinv, *X = c->X;
	double *Xk = g->Xk, *sab = g->sab;
	for (size_t i = 0; i < n; i++) {
		const double *xi = X + i * p;
		if (classify) {
			double u = sel[i];
			int lev =
			    hinv[i] <= c->hkeep && u >= g->wlo && u <= g->whi;
			unsigned char k = lev ? 0 : u < lo ? 1 : u > hi ? 2 : 0;
			/* sab follows the rows entering or leaving "above" */
			if (k == 2 && cls[i] != 2)
				for (size_t j = 0; j < p; j++)
					sab[j] += xi[j];
			else if (k != 2 && cls[i] == 2)
				for (size_t j = 0; j < p; j++)
					sab[j] -= xi[j];
			cls[i] = k;
		}
		if (cls[i] == 0) {
			double *o = Xk + m * p;
			for (size_t j = 0; j < p; j++)
				o[j] = xi[j];
			g->yk[m++] = c->y[i];
		}
	}
	for (size_t j = 0; j < p; j++)
		g->b[j] = (1.0 - tau) * c->sumx[j] - sab[j];
	if (m < 2 * p)
		return 2;
	return fn_core(Xk, g->yk, m, p, tau, g->b, beta, &g->fn, &c->st);
}

/*
 * sel[i] = r[i] * hinv[i] for every row (unless sel_valid says that sel
 * holds it already), and the order statistics of sel
 * that bound the band: *lo the floor((tau - band) n)-th smallest (0-based;
 * -inf when tau - band <= 0), *hi the min(ceil((tau + band) n), n - 1)-th
 * (+inf when tau + band >= 1). The values are exact. To find them without
 * selecting among all n, a fixed sample of BAND_SAMPLE rows (every
 * (n / BAND_SAMPLE)-th) gives a bracket [L, H] wide enough (BAND_MARGIN in
 * rank on each side, over 4 standard errors of a sample quantile) to hold
 * both; one pass counts the rows below L and collects those within
 * [L, H], and the selection runs on those few. When the bracket misses
 * (the counts show it), the selection runs on all n rows.
 * The same sample sets g->wlo and g->whi, its quantiles at tau -+
 * KEEP_BAND: the rows of highest leverage are kept only between them (a
 * high-leverage row far outside the band is as safely globbed as any
 * other; approximate bounds are enough, the KKT check decides). Below
 * 8 BAND_SAMPLE rows they are -inf and +inf (such rows always kept).
 */
static void band_bounds(const chain *c, glob_ws *g, double tau, double band,
                        double *lo, double *hi)
{
	size_t n = c->n;
	const double *r = g->r, *hinv = c->hinv;
	double *sel = g->sel, *cand = g->cand;
	if (!g->sel_valid)
		for (size_t i = 0; i < n; i++)
			sel[i] = r[i] * hinv[i];
	int has_lo = tau - band > 0, has_hi = tau + band < 1;
	size_t klo = has_lo ? (size_t)floor((tau - band) * (double)n) : 0;
	size_t khi = (size_t)ceil((tau + band) * (double)n);
	if (khi > n - 1)
		khi = n - 1;
	*lo = -HUGE_VAL;
	*hi = HUGE_VAL;
	g->wlo = -HUGE_VAL;
	g->whi = HUGE_VAL;
	size_t nb = 0, nc = 0;
	int bracketed = 0;
	if (n >= 8 * BAND_SAMPLE) {
		size_t stride = n / BAND_SAMPLE;
		double smp[BAND_SAMPLE];
		for (size_t k = 0; k < BAND_SAMPLE; k++)
			smp[k] = sel[k * stride];
		if (tau - KEEP_BAND > 0)
			g->wlo = select_kth(
			    smp, BAND_SAMPLE,
			    (size_t)((tau - KEEP_BAND) * BAND_SAMPLE));
		if (tau + KEEP_BAND < 1)
			g->whi = select_kth(
			    smp, BAND_SAMPLE,
			    (size_t)((tau + KEEP_BAND) * BAND_SAMPLE));
		if (!has_lo && !has_hi)
			return;
		double qa =
		    (double)(has_lo ? klo : khi) / (double)n - BAND_MARGIN;
		double qb =
		    (double)(has_hi ? khi : klo) / (double)n + BAND_MARGIN;
		double L = -HUGE_VAL, H = HUGE_VAL;
		if (qa > 0)
			L = select_kth(smp, BAND_SAMPLE,
			               (size_t)floor(qa * BAND_SAMPLE));
		if (qb < 1) {
			size_t kb = (size_t)ceil(qb * BAND_SAMPLE);
			H = select_kth(smp, BAND_SAMPLE,
			               kb < BAND_SAMPLE ? kb : BAND_SAMPLE - 1);
		}
		for (size_t i = 0; i < n; i++) {
			double v = sel[i];
			if (v < L)
				nb++;
			else if (v <= H)
				cand[nc++] = v;
		}
		bracketed = (!has_lo || (nb <= klo && klo < nb + nc)) &&
		            (!has_hi || (nb <= khi && khi < nb + nc));
	}
	if (!has_lo && !has_hi)
		return;
	if (!bracketed) {
		memcpy(cand, sel, n * sizeof(double));
		nb = 0;
		nc = n;
	}
	/* Select lo first: cand is then partitioned at its position, and hi
	 * (khi >= klo) lies at or above it. */
	size_t base = 0;
	if (has_lo) {
		base = klo - nb;
		*lo = select_kth(cand, nc, base);
	}
	if (has_hi)
		*hi = select_kth(cand + base, nc - base, khi - nb - base);
}

/*
 * One tau from a preliminary estimate beta0: keep the observations whose
 * residual rank lies within +-band of tau, glob the others, solve, check
 * the signs of every globbed residual, put violators back and repeat;
 * widen the band when many are wrong. Falls back to all rows.
 */
static int solve_glob(chain *c, glob_ws *g, double tau, const double *beta0,
                      double band, double *beta)
{
	size_t n = c->n, p = c->p;
	memcpy(g->prev, beta0, p * sizeof(double));
	for (int attempt = 0; attempt < 6 && band < 0.5; attempt++) {
		if (!g->r_valid) {
			residuals(c, g->prev, g->r);
			g->sel_valid = 0;
		}
		g->r_valid = 0;
		/* Rank residuals scaled by their standard error h_i, so that
		 * rows in sparse regions of the design (the tails of a prior,
		 * where a B-spline column lives on few rows) stay free. */
		double lo, hi;
		band_bounds(c, g, tau, band, &lo, &hi);
		g->sel_valid = 0;
		int ok = 0, solved = 0;
		for (int round = 0; round < 4; round++) {
			int rc =
			    solve_reduced(c, g, tau, beta, round == 0, lo, hi);
			if (rc != 0)
				break;
			solved = 1;
			/* Check every globbed row's residual sign; keep
			 * r = y - X beta and sel = r h^-1 for the next tau. */
			residuals(c, beta, g->r);
			size_t bad = 0, kept = 0;
			const double *r = g->r, *y = c->y, *hinv = c->hinv;
			unsigned char *cls = g->cls;
			double *sel = g->sel;
			for (size_t i = 0; i < n; i++) {
				double tol = 1e-9 * (1.0 + fabs(y[i]));
				if ((cls[i] == 1 && r[i] > tol) ||
				    (cls[i] == 2 && r[i] < -tol)) {
					if (cls[i] == 2)
						for (size_t j = 0; j < p; j++)
							g->sab[j] -=
							    c->X[i * p + j];
					cls[i] = 0;
					bad++;
				}
				kept += cls[i] == 0;
				sel[i] = r[i] * hinv[i];
			}
			if (bad == 0) {
				ok = 1;
				g->r_valid = 1;
				g->sel_valid = 1;
				break;
			}
			c->st.resolves++;
			if (bad * 10 > kept)
				break;
		}
		if (ok)
			return 0;
		if (solved)
			memcpy(g->prev, beta, p * sizeof(double));
		band *= 2;
	}
	/* All rows. */
	c->st.full_solves++;
	for (size_t j = 0; j < p; j++)
		g->b[j] = (1.0 - tau) * c->sumx[j];
	return fn_core(c->X, c->y, n, p, tau, g->b, beta, &g->fn, &c->st);
}

/* Preliminary estimate at tau from a fixed pseudo-random subsample of
 * sqrt(p) n^(2/3) rows (the subsample size of Portnoy and Koenker). */
static int subsample_fit(chain *c, glob_ws *g, double tau, double *beta)
{
	size_t n = c->n, p = c->p;
	size_t m = (size_t)(sqrt((double)p) * pow((double)n, 2.0 / 3.0));
	if (m < 20 * p)
		m = 20 * p;
	if (m >= n / 2)
		m = n / 2;
	/* Deterministic choice: xorshift64 partial Fisher-Yates. */
	uint64_t st = 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < n; i++)
		g->keep[i] = i;
	for (size_t k = 0; k < m; k++) {
		st ^= st << 13;
		st ^= st >> 7;
		st ^= st << 17;
		size_t j = k + (size_t)(st % (uint64_t)(n - k));
		size_t tmp = g->keep[k];
		g->keep[k] = g->keep[j];
		g->keep[j] = tmp;
	}
	for (size_t k = 0; k < m; k++) {
		memcpy(g->Xk + k * p, c->X + g->keep[k] * p,
		       p * sizeof(double));
		g->yk[k] = c->y[g->keep[k]];
	}
	colsum(g->Xk, m, p, g->b);
	for (size_t j = 0; j < p; j++)
		g->b[j] *= 1.0 - tau;
	return fn_core(g->Xk, g->yk, m, p, tau, g->b, beta, &g->fn, &c->st);
}

static void *chain_run(void *arg)
{
	chain *c = arg;
	size_t n = c->n, p = c->p;
	glob_ws g;
	fn_ws_init(&g.fn, p);
	g.r = xmalloc(n * sizeof(double));
	g.sel = xmalloc(n * sizeof(double));
	g.cand = xmalloc(n * sizeof(double));
	g.Xk = xmalloc(n * p * sizeof(double));
	g.yk = xmalloc(n * sizeof(double));
	g.b = xmalloc(p * sizeof(double));
	g.prev = xmalloc(p * sizeof(double));
	g.glob = xmalloc(2 * p * sizeof(double));
	g.cls = xcalloc(n, 1); /* all kept, so sab = 0 */
	g.sab = xcalloc(p, sizeof(double));
	g.keep = xmalloc(n * sizeof(size_t));
	g.r_valid = 0;
	g.sel_valid = 0;
	double *start = xmalloc(p * sizeof(double));
	c->rc = ATT_OK;
	double prev_tau = 0;
	for (size_t k = 0; k < c->count; k++) {
		size_t t = c->idx[k];
		double tau = c->taus[t];
		double *beta = c->beta + t * p;
		int rc;
		if (n < GLOB_MIN_N) {
			for (size_t j = 0; j < p; j++)
				g.b[j] = (1.0 - tau) * c->sumx[j];
			c->st.full_solves++;
			rc = fn_core(c->X, c->y, n, p, tau, g.b, beta, &g.fn,
			             &c->st);
		} else if (k == 0) {
			rc = subsample_fit(c, &g, tau, start);
			if (rc == 0)
				rc = solve_glob(c, &g, tau, start, 0.04, beta);
		} else {
			const double *prev = c->beta + c->idx[k - 1] * p;
			double band = 1.0 * fabs(tau - prev_tau) + 0.003;
			rc = solve_glob(c, &g, tau, prev, band, beta);
		}
		if (rc != 0) {
			c->rc = fn_error(rc, tau, &c->err);
			break;
		}
		prev_tau = tau;
	}
	free(start);
	free(g.r);
	free(g.sel);
	free(g.cand);
	free(g.Xk);
	free(g.yk);
	free(g.b);
	free(g.prev);
	free(g.glob);
	free(g.cls);
	free(g.sab);
	free(g.keep);
	fn_ws_free(&g.fn);
	return NULL;
}

/*
 * hinv[i] = 1 / sqrt(x_i' (X'X)^-1 x_i), the inverse of row i's standard
 * error scale (rq.fit.pfn's `band`): with X'X = U'U (Cholesky),
 * x_i'(X'X)^-1 x_i = |U'^-1 x_i|^2. Returns non-zero for a singular X.
 */
static int leverage_inv(const double *X, size_t n, size_t p, double *hinv,
                        double *hkeep)
{
	double *U = xmalloc(p * p * sizeof(double));
	double *v = xmalloc(p * sizeof(double));
	cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)p, (int)n, 1.0,
	            X, (int)p, 0.0, U, (int)p);
	int rc = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'U', (int)p, U, (int)p);
	for (size_t i = 0; i < n && rc == 0; i++) {
		memcpy(v, X + i * p, p * sizeof(double));
		cblas_dtrsv(CblasRowMajor, CblasUpper, CblasTrans, CblasNonUnit,
		            (int)p, U, (int)p, v, 1);
		double h = sqrt(dot(v, v, p));
		hinv[i] = 1.0 / (h > 1e-12 ? h : 1e-12);
	}
	/* The KEEP_SHARE rows of highest leverage are never globbed. */
	if (rc == 0 && n >= GLOB_MIN_N) {
		double *tmp = xmalloc(n * sizeof(double));
		memcpy(tmp, hinv, n * sizeof(double));
		*hkeep = select_kth(tmp, n, (size_t)(KEEP_SHARE * (double)n));
		free(tmp);
	}
	free(v);
	free(U);
	return rc;
}

static int cmp_tau(const void *a, const void *b, void *taus)
{
	const double *t = taus;
	double x = t[*(const size_t *)a], y = t[*(const size_t *)b];
	return (x > y) - (x < y);
}

int qr_fit_taus(const double *X, const double *y, size_t n, size_t p,
                const double *taus, size_t ntau, int threads, double *beta,
                qr_stats *st, att_err *e)
{
	if (ntau == 0)
		return ATT_OK;
	for (size_t t = 0; t < ntau; t++) {
		int rc = check_args(n, p, taus[t], e);
		if (rc)
			return rc;
	}
	size_t *order = xmalloc(ntau * sizeof(size_t));
	for (size_t t = 0; t < ntau; t++)
		order[t] = t;
	qsort_r(order, ntau, sizeof(size_t), cmp_tau, (void *)taus);
	/* Chain 0: from the middle down; chain 1: from the middle up. */
	size_t mid = ntau / 2;
	size_t *down = xmalloc((mid ? mid : 1) * sizeof(size_t));
	for (size_t k = 0; k < mid; k++)
		down[k] = order[mid - 1 - k];
	double *sumx = xmalloc(p * sizeof(double));
	colsum(X, n, p, sumx);
	double *hinv = xmalloc(n * sizeof(double));
	double hkeep = -1.0;
	if (leverage_inv(X, n, p, hinv, &hkeep) != 0) {
		free(hinv);
		free(sumx);
		free(down);
		free(order);
		return err_set(e, ATT_EINPUT,
		               "quantile regression design is singular");
	}
	chain ch[2];
	memset(ch, 0, sizeof(ch));
	for (int k = 0; k < 2; k++) {
		ch[k].X = X;
		ch[k].y = y;
		ch[k].n = n;
		ch[k].p = p;
		ch[k].taus = taus;
		ch[k].sumx = sumx;
		ch[k].hinv = hinv;
		ch[k].hkeep = hkeep;
		ch[k].beta = beta;
	}
	ch[0].idx = down;
	ch[0].count = mid;
	ch[1].idx = order + mid;
	ch[1].count = ntau - mid;
	/* OpenBLAS would start its own threads inside each chain's BLAS calls
	 * and the two pools would fight over the cores: keep it at one thread
	 * while the chains run (a process-wide setting, restored after). */
	int blas_threads = openblas_get_num_threads();
	if (blas_threads > 1)
		openblas_set_num_threads(1);
	pthread_t th;
	int spawned = 0;
	if (threads > 1 && ch[0].count > 0 &&
	    pthread_create(&th, NULL, chain_run, &ch[0]) == 0)
		spawned = 1;
	chain_run(&ch[1]);
	if (spawned)
		pthread_join(th, NULL);
	else if (ch[0].count > 0)
		chain_run(&ch[0]);
	if (blas_threads > 1)
		openblas_set_num_threads(blas_threads);
	int rc = ATT_OK;
	for (int k = 0; k < 2; k++) {
		if (st) {
			st->newton_steps += ch[k].st.newton_steps;
			st->solves += ch[k].st.solves;
			st->resolves += ch[k].st.resolves;
			st->full_solves += ch[k].st.full_solves;
			st->rows += ch[k].st.rows;
		}
		if (rc == ATT_OK && ch[k].rc != ATT_OK) {
			rc = ch[k].rc;
			if (e)
				*e = ch[k].err;
		}
	}
	free(hinv);
	free(sumx);
	free(down);
	free(order);
	return rc;
}
