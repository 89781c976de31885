/*
 * demo_world.c - the demo's world model: the org tree, schools with their
 * facilities and planted effects, students with their context, and every
 * student's latent scores over all assessment occasions. Pure computation:
 * no SQL, no I/O. docs/DEMO.md states the model in formulas; the constants
 * are in demo_internal.h.
 *
 * Latent score of student i in subject k at occasion t (year y, window w):
 *   theta = mu_i + intake_s + va_s * (exposure(y, w) - years / 2)
 *         + stable_i + ar_i(t) + planted shifts
 *   observed z = theta + N(0, DM_SD_ERR^2); scale = mean(g, w) + 40 z
 * where mu_i carries the SES gap, exposure(y, w) = y + {0, 0.5, 1}[w] (so a
 * school adds va_s per year of schooling, baseline to summative and
 * summative to summative), stable_i is correlated across subjects and
 * ar_i(t) is an AR(1) process in time with correlation DM_RHO_YEAR per year.
 */
#include <stdlib.h>
#include <string.h>

#include "demo_internal.h"

double dm_norm(dm_rng *r)
{
	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	double u, v, s;
	do {
		u = 2.0 * dm_unif(r) - 1.0;
		v = 2.0 * dm_unif(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	double m = sqrt(-2.0 * log(s) / s);
	r->spare = v * m;
	r->has_spare = 1;
	return u * m;
}

int dm_poisson(dm_rng *r, double lambda)
{
	double l = exp(-lambda), p = 1.0;
	int k = 0;
	do {
		k++;
		p *= dm_unif(r);
	} while (p > l && k < 1000);
	return k - 1;
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Occasion time in years from the first baseline (AR correlation). */
static double occ_time(int y, int w)
{
	static const double off[DM_WINDOWS] = {0.0, 0.4, 0.9};
	return y + off[w];
}

static double exposure(int y, int w)
{
	return y + 0.5 * w;
}

static void build_tree(dm_world *w)
{
	int S = w->nschools;
	w->nclusters = S < 8 ? 1 : (S + 7) / 8;
	w->nblocks = w->nclusters < 5 ? 1 : (w->nclusters + 4) / 5;
	int d = (w->nblocks + 3) / 4;
	if (w->nblocks >= 2 && d < 2)
		d = 2;
	w->ndistricts = d < 1 ? 1 : d;
	w->block_district = xcalloc((size_t)w->nblocks, sizeof(int));
	w->cluster_block = xcalloc((size_t)w->nclusters, sizeof(int));
	for (int b = 0; b < w->nblocks; b++)
		w->block_district[b] =
		    (int)((int64_t)b * w->ndistricts / w->nblocks);
	for (int c = 0; c < w->nclusters; c++)
		w->cluster_block[c] =
		    (int)((int64_t)c * w->nblocks / w->nclusters);
	for (int s = 0; s < S; s++)
		w->schools[s].cluster = (int)((int64_t)s * w->nclusters / S);
	w->intervention_district[0] = 0;
	w->intervention_district[1] = w->ndistricts > 1 ? 1 : 0;
}

static int school_district(const dm_world *w, int s)
{
	return w->block_district[w->cluster_block[w->schools[s].cluster]];
}

/* Schools: size, facilities, effects. Students are allocated to (school,
 * cohort) cells in proportion to the school's size by cumulative rounding,
 * so the total is exactly the requested number. */
static void build_schools(dm_world *w)
{
	int S = w->nschools;
	double *size = xcalloc((size_t)S, sizeof(double));
	double total = 0;
	for (int s = 0; s < S; s++) {
		dm_school *sc = &w->schools[s];
		dm_rng r;
		dm_rng_seed(&r, w->p.seed, K_SCHOOL, (uint64_t)s, 0);
		size[s] = clampd(230.0 * exp(0.45 * dm_norm(&r)), 70, 540);
		total += size[s];
		sc->org_id = dm_school_id(w, s);
		sc->rural = dm_chance(&r, 0.7);
		sc->facility = dm_norm(&r) - 0.4 * sc->rural + 0.28;
		double f = sc->facility;
		sc->water = f + 0.5 * dm_norm(&r) > -1.4;
		sc->electricity = f + 0.5 * dm_norm(&r) > -0.9;
		sc->library = f + 0.5 * dm_norm(&r) > 0.0;
		sc->ramps = f + 0.5 * dm_norm(&r) > 0.2;
		sc->toilets_g =
		    (int)clampd(round(1.5 + f + 0.5 * dm_norm(&r)), 0, 6);
		sc->toilets_b =
		    (int)clampd(round(1.3 + f + 0.5 * dm_norm(&r)), 0, 6);
		double m = dm_unif(&r);
		sc->management = m < 0.75 ? 0 : m < 0.85 ? 1 : 2;
		/* Facilities go with attendance (the triangulation truth). */
		sc->att_rate =
		    clampd(0.925 + 0.02 * f + 0.006 * dm_norm(&r), 0.86, 0.975);
		double shared = dm_norm(&r), vshared = dm_norm(&r);
		for (int k = 0; k < DM_SUBJECTS; k++) {
			double own = dm_norm(&r), vown = dm_norm(&r);
			sc->intake[k] = DM_SD_INTAKE * (0.4 * f + 0.6 * shared +
			                                sqrt(0.48) * own);
			sc->va[k] =
			    DM_SD_VA * (sqrt(0.6) * vshared + sqrt(0.4) * vown);
		}
		sc->climate = 0.7 * vshared + sqrt(0.51) * dm_norm(&r);
		sc->weak_lo = -1;
		if (dm_chance(&r, 0.12) || (s == 0)) {
			sc->weak_subject = (int)dm_below(&r, DM_SUBJECTS);
			sc->weak_grade = DM_GLO + (int)dm_below(&r, DM_NGRADES);
			sc->weak_lo = (int)dm_below(&r, DM_LOS);
		}
	}
	/* Allocate students to cells (school s, cohort c). */
	int nc = w->ncohort;
	double acc = 0;
	int64_t prev = 0;
	for (int s = 0; s < S; s++) {
		dm_school *sc = &w->schools[s];
		sc->cohort_start = xcalloc((size_t)nc + 1, sizeof(int64_t));
		sc->first = prev;
		dm_rng r;
		dm_rng_seed(&r, w->p.seed, K_SCHOOL, (uint64_t)s, 1);
		for (int c = 0; c < nc; c++) {
			double cell =
			    size[s] / total / nc * (1.0 + 0.08 * dm_norm(&r));
			acc += cell > 0 ? cell : 0;
			sc->cohort_start[c] = prev;
			int64_t upto =
			    (int64_t)llround(acc * (double)w->nstudents);
			if (s == S - 1 && c == nc - 1)
				upto = w->nstudents;
			if (upto < prev)
				upto = prev;
			if (upto > w->nstudents)
				upto = w->nstudents;
			prev = upto;
		}
		sc->cohort_start[nc] = prev;
		sc->n = prev - sc->first;
	}
	/* Staff: principal then teachers, one per ~28 students a year. */
	int64_t staff = 0;
	for (int s = 0; s < S; s++) {
		dm_school *sc = &w->schools[s];
		int per_year = (int)(sc->n * DM_NGRADES / nc);
		sc->nteachers = per_year / 28 < 4 ? 4 : per_year / 28;
		sc->classrooms =
		    (int)clampd(per_year / 35.0 + sc->facility, 3, 40);
		sc->first_staff = staff;
		staff += 1 + sc->nteachers;
	}
	w->officer_first = staff;
	/* officers: one per state, district, block, cluster */
	w->nstaff = staff + 1 + w->ndistricts + w->nblocks + w->nclusters;
	free(size);
}

/*
 * Student i's context, drawn from the student's own stream: sex,
 * socio-economic status, special needs, home language, social category,
 * transport, name parts, birth day; the years of chronic absence (more
 * likely where facilities are poor, persistent from year to year,
 * independent of SES); slowing progress over the last windows.
 */
static void student_context(const dm_world *w, const dm_school *sc, int64_t i,
                            dm_student *st)
{
	int Y = w->years, last = Y - 1;
	dm_rng r;
	dm_rng_seed(&r, w->p.seed, K_STUDENT, (uint64_t)i, 0);
	st->flags = 0;
	if (dm_chance(&r, 0.51))
		st->flags |= DM_F_MALE;
	if (dm_chance(&r, 0.40))
		st->flags |= DM_F_SES;
	if (dm_chance(&r, 0.04))
		st->flags |= DM_F_SN;
	double u = dm_unif(&r);
	st->lang = u < 0.62   ? 0
	           : u < 0.74 ? 1
	           : u < 0.84 ? 2
	           : u < 0.92 ? 3
	                      : 4;
	u = dm_unif(&r);
	st->category = u < 0.25 ? 0 : u < 0.67 ? 1 : u < 0.89 ? 2 : 3;
	u = dm_unif(&r);
	st->transport = sc->rural ? (u < 0.7   ? 0
	                             : u < 0.9 ? 1
	                                       : 2)
	                          : (u < 0.4   ? 0
	                             : u < 0.6 ? 1
	                                       : 2);
	st->given = (uint16_t)dm_below(&r, 1000);
	st->family = (uint16_t)dm_below(&r, 1000);
	st->birth_doy = (int16_t)dm_below(&r, 365);
	st->chronic = 0;
	int prev = 0;
	for (int y = 0; y < Y; y++) {
		if (!dm_enrolled(w, i, y)) {
			prev = 0;
			continue;
		}
		double p = prev
		               ? 0.55
		               : clampd(0.05 - 0.02 * sc->facility, 0.02, 0.10);
		prev = dm_chance(&r, p);
		if (prev)
			st->chronic |= (uint8_t)(1u << y);
	}
	if (Y >= 2 && dm_enrolled(w, i, last) && dm_enrolled(w, i, last - 1) &&
	    dm_chance(&r, 0.03))
		st->flags |= DM_F_SLOW;
	st->dosage = 0;
}

/* Intervention selection on the last year's observed baseline zo in
 * subject k (mathematics: intervention A, language: B): low scorers of
 * grades 4 to 8 in the intervention's district are chosen, with a dosage,
 * drawn from L. Returns 1 when student i takes part. */
static int select_intervention(const dm_world *w, dm_student *st, int64_t i,
                               int k, int dist, double zo, dm_rng *L)
{
	int which = k == DM_MATH ? 0 : 1;
	int g = dm_grade(w, i, w->years - 1);
	if (g < 4 || g > 8 || dist != w->intervention_district[which])
		return 0;
	double ps = 0.75 / (1.0 + exp(4.0 * (zo + 0.8)));
	if (!dm_chance(L, ps))
		return 0;
	st->flags |= which ? DM_F_INT_B : DM_F_INT_A;
	st->dosage = (uint16_t)(8 + dm_below(L, 33));
	return 1;
}

/*
 * Student i's latent and observed scores in subject k at every occasion
 * (the model in this file's head comment), drawn from the student's latent
 * stream L; A is the general ability the subjects share. Occasions when the
 * student is not enrolled are NAN, and so is a score missed at random.
 */
static void latent_subject(dm_world *w, const dm_school *sc, int64_t i, int k,
                           int dist, double A, dm_rng *L)
{
	dm_student *st = &w->students[i];
	int Y = w->years, T = dm_occasions(w), last = Y - 1;
	double rho_unit = log(DM_RHO_YEAR);
	double stable =
	    sqrt(DM_VAR_STABLE) * (sqrt(0.6) * A + sqrt(0.4) * dm_norm(L));
	double mu = (st->flags & DM_F_SES ? -DM_GAP_SES : 0) +
	            (st->flags & DM_F_SN ? -DM_GAP_SN : 0);
	int male = st->flags & DM_F_MALE;
	if (k == DM_LANG)
		mu += male ? -0.05 : 0.05;
	else if (k == DM_MATH)
		mu += male ? 0.025 : -0.025;
	double ar = sqrt(DM_VAR_AR) * dm_norm(L);
	double tprev = 0;
	int part = 0; /* intervention participation in k */
	for (int t = 0; t < T; t++) {
		int y = t / DM_WINDOWS, win = t % DM_WINDOWS;
		double tt = occ_time(y, win);
		if (t > 0) {
			double rho = exp(rho_unit * (tt - tprev));
			ar = rho * ar +
			     sqrt(1 - rho * rho) * sqrt(DM_VAR_AR) * dm_norm(L);
		}
		tprev = tt;
		double err = DM_SD_ERR * dm_norm(L);
		double miss = dm_unif(L);
		float *zp = dm_z(w, i, k, t);
		if (!dm_enrolled(w, i, y)) {
			*zp = NAN;
			continue;
		}
		double th = mu + sc->intake[k] +
		            sc->va[k] * (exposure(y, win) - Y / 2.0) + stable +
		            ar;
		if ((st->chronic >> y & 1) && win > DM_BASE)
			th -= DM_CHRONIC_EFFECT;
		if ((st->flags & DM_F_SLOW) && t >= T - DM_SLOW_WINDOWS)
			th -= DM_SLOW_STEP * (t - (T - DM_SLOW_WINDOWS) + 1);
		if (part && k == DM_MATH)
			th += win == DM_SUM ? DM_INT_EFFECT : DM_INT_EFFECT / 2;
		double zo = th + err;
		*zp = miss < DM_MISSING ? NAN : (float)zo;
		if (win == DM_SUM)
			*dm_theta(w, i, k, y) = (float)th;
		if (y == last && win == DM_BASE && !isnan(*zp) &&
		    (k == DM_MATH || k == DM_LANG) &&
		    select_intervention(w, st, i, k, dist, zo, L))
			part = 1;
	}
}

/* Every student of every school and cohort: context, then latent scores. */
static void build_students(dm_world *w)
{
	int Y = w->years;
	for (int s = 0; s < w->nschools; s++) {
		dm_school *sc = &w->schools[s];
		int dist = school_district(w, s);
		for (int c = 0; c < w->ncohort; c++) {
			int grade0 = DM_GLO + c - (Y - 1);
			for (int64_t i = sc->cohort_start[c];
			     i < sc->cohort_start[c + 1]; i++) {
				dm_student *st = &w->students[i];
				st->school = s;
				st->grade0 = (int8_t)grade0;
				student_context(w, sc, i, st);
				dm_rng L;
				dm_rng_seed(&L, w->p.seed, K_LATENT,
				            (uint64_t)i, 0);
				double A = dm_norm(&L);
				for (int k = 0; k < DM_SUBJECTS; k++)
					latent_subject(w, sc, i, k, dist, A,
					               &L);
			}
		}
	}
}

int dm_world_build(dm_world *w, const demo_params *p, att_err *e)
{
	memset(w, 0, sizeof(*w));
	if (p->students < DEMO_MIN_STUDENTS || p->students > DEMO_MAX_STUDENTS)
		return err_set(e, ATT_EUSAGE,
		               "--students must be between %d and %d",
		               DEMO_MIN_STUDENTS, DEMO_MAX_STUDENTS);
	if (p->years < 1 || p->years > DEMO_MAX_YEARS)
		return err_set(e, ATT_EUSAGE,
		               "--years must be between 1 and %d",
		               DEMO_MAX_YEARS);
	if (p->last_year != 0 && (p->last_year < 1990 || p->last_year > 2200))
		return err_set(e, ATT_EUSAGE,
		               "the demo's latest academic year must start "
		               "between 1990 and 2200 (found %d)",
		               p->last_year);
	w->p = *p;
	w->years = p->years;
	w->nstudents = p->students;
	w->ncohort = DM_NGRADES + w->years - 1;
	double per_year = (double)w->nstudents * DM_NGRADES / w->ncohort;
	w->nschools = (int)llround(per_year / 260.0);
	if (w->nschools < 1)
		w->nschools = 1;
	w->schools = xcalloc((size_t)w->nschools, sizeof(dm_school));
	w->students = xcalloc((size_t)w->nstudents, sizeof(dm_student));
	size_t nz =
	    (size_t)w->nstudents * DM_SUBJECTS * (size_t)dm_occasions(w);
	w->z = xmalloc(nz * sizeof(float));
	w->theta = xmalloc((size_t)w->nstudents * DM_SUBJECTS *
	                   (size_t)w->years * sizeof(float));
	for (size_t i = 0;
	     i < (size_t)w->nstudents * DM_SUBJECTS * (size_t)w->years; i++)
		w->theta[i] = NAN;
	build_tree(w);
	build_schools(w);
	build_students(w);
	return ATT_OK;
}

void dm_world_free(dm_world *w)
{
	if (w->schools)
		for (int s = 0; s < w->nschools; s++)
			free(w->schools[s].cohort_start);
	free(w->schools);
	free(w->students);
	free(w->z);
	free(w->theta);
	free(w->block_district);
	free(w->cluster_block);
	memset(w, 0, sizeof(*w));
}
