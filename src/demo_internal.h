/*
 * demo_internal.h - what the demo_*.c files share: the counter-based random
 * generator, the constants of the model and the generated "world" (org
 * tree, schools, students and their latent scores) that the table writers
 * turn into rows. Nothing outside demo*.c includes this.
 *
 * Ids: every table the demo fills gets explicit ids computed from the
 * world's indices (student index i has id i + 1, and so on; see the *_id
 * helpers), so rows can be written in primary-key order by independent
 * loops and the same parameters always give the same ids.
 */
#ifndef ATTAIN_DEMO_INTERNAL_H
#define ATTAIN_DEMO_INTERNAL_H

#include <math.h>
#include <stdint.h>

#include "demo.h"
#include "store_demo.h"

/* ---- model constants (docs/DEMO.md explains each) ---- */
#define DM_SUBJECTS 3
#define DM_GLO 3 /* lowest grade */
#define DM_GHI 10
#define DM_NGRADES (DM_GHI - DM_GLO + 1)
#define DM_WINDOWS 3 /* baseline, mid-year formative, summative */
#define DM_LOS 10    /* learning outcomes per subject and grade */
#define DM_STRANDS 4 /* parent standards (strands) per subject */
#define DM_ITEMS 12  /* summative items: one per outcome, two for LO 1-2 */
#define DM_BANDS 4
#define DM_TERMS 5        /* per year: 2 terms + 3 windows */
#define DM_LAST_YEAR 2025 /* the last academic year when none is given */

#define DM_SD_POINTS 40.0 /* scale points per latent SD */
#define DM_MAX_SCORE 600.0
#define DM_GAP_SES 0.40        /* planted SES gap, SD */
#define DM_GAP_SN 0.25         /* special needs, SD (documented, not a truth) */
#define DM_SD_INTAKE 0.30      /* school intake (status) SD */
#define DM_SD_VA 0.10          /* school value-added SD per year */
#define DM_VAR_STABLE 0.40     /* student's stable ability variance */
#define DM_VAR_AR 0.42         /* student's time-varying part variance */
#define DM_RHO_YEAR 0.74       /* autocorrelation of the AR part per year */
#define DM_SD_ERR 0.30         /* measurement error SD */
#define DM_INT_EFFECT 0.30     /* intervention A true effect, SD */
#define DM_SLOW_STEP 0.15      /* slowing: extra loss per window, SD */
#define DM_SLOW_WINDOWS 4      /* over the last 4 windows */
#define DM_CHRONIC_EFFECT 0.15 /* score loss in a chronically absent year */
#define DM_WEAK_LOGIT 2.0      /* weak outcome: items harder by this */
#define DM_MISSING 0.015       /* results missing at random */

enum { DM_MATH, DM_LANG, DM_SCI };
enum { DM_BASE, DM_MID, DM_SUM };

/* ---- random numbers: splitmix64 keyed streams + xoshiro256** ---- */
static inline uint64_t dm_mix(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* One 64-bit value for a key: the counter-based generator. */
static inline uint64_t dm_hash(uint64_t seed, uint64_t a, uint64_t b,
                               uint64_t c)
{
	return dm_mix(seed ^ dm_mix(a ^ dm_mix(b ^ dm_mix(c))));
}

static inline double dm_u01(uint64_t x)
{
	return (double)(x >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct dm_rng {
	uint64_t s[4];
	double spare;
	int has_spare;
} dm_rng;

static inline void dm_rng_seed(dm_rng *r, uint64_t seed, uint64_t a, uint64_t b,
                               uint64_t c)
{
	uint64_t x = dm_hash(seed, a, b, c);
	for (int i = 0; i < 4; i++) {
		x += 0x9e3779b97f4a7c15ULL;
		r->s[i] = dm_mix(x);
	}
	r->has_spare = 0;
	r->spare = 0;
}

static inline uint64_t dm_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t dm_next(dm_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = dm_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = dm_rotl(s[3], 45);
	return out;
}

static inline double dm_unif(dm_rng *r)
{
	return dm_u01(dm_next(r));
}

/* Uniform integer in [0, n). */
static inline int64_t dm_below(dm_rng *r, int64_t n)
{
	return n <= 1 ? 0 : (int64_t)(dm_unif(r) * (double)n);
}

static inline int dm_chance(dm_rng *r, double p)
{
	return dm_unif(r) < p;
}

/* Standard normal (Marsaglia polar method). */
double dm_norm(dm_rng *r);
/* Poisson with mean lambda (small lambda, inversion). */
int dm_poisson(dm_rng *r, double lambda);

/* Stream keys (first key of dm_rng_seed / dm_hash). */
enum {
	K_SCHOOL = 1,
	K_STUDENT,
	K_LATENT,
	K_ITEM,
	K_RESP,
	K_ATT,
	K_BEHAV,
	K_ATTITUDE,
	K_SURVEY,
	K_OBS,
	K_GOAL,
	K_CAL,
	K_MISC,
	K_TREE,
	K_STAFF,
	K_PICK
};

/* ---- the world ---- */
typedef struct dm_school {
	int64_t org_id;
	int cluster;   /* index into the cluster orgs */
	int64_t first; /* first student index */
	int64_t n;     /* students over all years */
	/* first student index of each entry cohort: cohort c has grade
	 * DM_GLO + c - (years - 1) in year 0; c in [0, ncohort] */
	int64_t *cohort_start;
	double intake[DM_SUBJECTS];
	double va[DM_SUBJECTS];
	double climate;  /* school climate (surveys, observations) */
	double facility; /* facility index, z */
	int water, electricity, library, ramps, toilets_g, toilets_b;
	int classrooms, rural, management;
	double att_rate;     /* mean daily attendance rate of the school */
	int64_t first_staff; /* staff index of the principal */
	int nteachers;
	/* planted weak outcome (subject, grade, lo) or weak_lo < 0 */
	int weak_subject, weak_grade, weak_lo;
} dm_school;

/* Student flags */
#define DM_F_MALE 1
#define DM_F_SES 2
#define DM_F_SN 4
#define DM_F_SLOW 8
#define DM_F_INT_A 16
#define DM_F_INT_B 32

typedef struct dm_student {
	int32_t school;
	int8_t grade0; /* grade in year 0 (may be below 3 or above 10) */
	uint8_t flags;
	uint8_t chronic; /* bit y: chronically absent in year y */
	uint8_t lang, category, transport;
	uint16_t dosage;        /* intervention sessions attended */
	uint16_t given, family; /* name indices */
	int16_t birth_doy;
} dm_student;

typedef struct dm_world {
	demo_params p;
	int years;
	int64_t nstudents;
	int ncohort; /* cohorts per school: DM_NGRADES + years - 1 */
	/* org tree */
	int ndistricts, nblocks, nclusters, nschools;
	int *block_district, *cluster_block; /* parent indices */
	int64_t state_id; /* org ids: state 1, then districts, blocks, ... */
	dm_school *schools;
	dm_student *students;
	/* observed latent score z (SD units) per student, subject and occasion
	 * t = 3*y + w; NAN when missing or not enrolled */
	float *z;
	/* true latent at each summative, per student, subject and year (items)
	 */
	float *theta;
	int64_t nstaff; /* schools' staff, then officers */
	int64_t officer_first;
	int intervention_district[2];
	double int_naive[2], int_true_prior_gap[2];
	int64_t int_n[2];
	/* id bases */
	int64_t ntheme;
} dm_world;

static inline int dm_occasions(const dm_world *w)
{
	return w->years * DM_WINDOWS;
}

static inline float *dm_z(const dm_world *w, int64_t i, int k, int t)
{
	return &w->z[(i * DM_SUBJECTS + k) * dm_occasions(w) + t];
}

static inline float *dm_theta(const dm_world *w, int64_t i, int k, int y)
{
	return &w->theta[(i * DM_SUBJECTS + k) * w->years + y];
}

/* Grade of student i in year y (outside DM_GLO..DM_GHI: not enrolled). */
static inline int dm_grade(const dm_world *w, int64_t i, int y)
{
	return w->students[i].grade0 + y;
}

static inline int dm_enrolled(const dm_world *w, int64_t i, int y)
{
	int g = dm_grade(w, i, y);
	return g >= DM_GLO && g <= DM_GHI;
}

/* Cohort index of grade g in year y, and the students of a school in it. */
static inline int dm_cohort(const dm_world *w, int g, int y)
{
	return g - DM_GLO - y + (w->years - 1);
}

/* ---- ids ---- */
static inline int64_t dm_district_id(const dm_world *w, int d)
{
	(void)w;
	return 2 + d;
}
static inline int64_t dm_block_id(const dm_world *w, int b)
{
	return 2 + w->ndistricts + b;
}
static inline int64_t dm_cluster_id(const dm_world *w, int c)
{
	return 2 + w->ndistricts + w->nblocks + c;
}
static inline int64_t dm_school_id(const dm_world *w, int s)
{
	return 2 + w->ndistricts + w->nblocks + w->nclusters + s;
}
static inline int64_t dm_year_id(int y)
{
	return y + 1;
}
/* Terms of year y: j = 0, 1 terms; 2, 3, 4 the three windows. */
static inline int64_t dm_term_id(int y, int j)
{
	return (int64_t)y * DM_TERMS + j + 1;
}
static inline int64_t dm_subject_id(int k)
{
	return k + 1;
}
static inline int64_t dm_strand_id(int k, int st)
{
	return k * DM_STRANDS + st + 1;
}
static inline int64_t dm_standard_id(int k, int g, int lo)
{
	return DM_SUBJECTS * DM_STRANDS +
	       ((int64_t)k * DM_NGRADES + (g - DM_GLO)) * DM_LOS + lo + 1;
}
static inline int64_t dm_assessment_id(int y, int k, int g, int win)
{
	return (((int64_t)y * DM_SUBJECTS + k) * DM_NGRADES + (g - DM_GLO)) *
	           DM_WINDOWS +
	       win + 1;
}
static inline int64_t dm_item_id(int y, int k, int g, int j)
{
	return (((int64_t)y * DM_SUBJECTS + k) * DM_NGRADES + (g - DM_GLO)) *
	           DM_ITEMS +
	       j + 1;
}
static inline int64_t dm_class_id(const dm_world *w, int y, int s, int g, int k)
{
	return (((int64_t)y * w->nschools + s) * DM_NGRADES + (g - DM_GLO)) *
	           DM_SUBJECTS +
	       k + 1;
}
static inline int dm_item_lo(int j)
{
	return j < DM_LOS ? j : j - DM_LOS;
}

/* Academic year y's first calendar year (p.last_year, by default 2025,
 * for the last). */
static inline int dm_year_start(const dm_world *w, int y)
{
	int last = w->p.last_year > 0 ? w->p.last_year : DM_LAST_YEAR;
	return last - (w->years - 1) + y;
}

/* Text tables (demo_text.c). */
extern const char *const dm_subject_code[DM_SUBJECTS];
extern const char *const dm_subject_name[DM_SUBJECTS];
extern const char *const dm_window_code[DM_WINDOWS];
extern const char *const dm_band_name[DM_BANDS];
extern const char *const dm_subject_name_hi[DM_SUBJECTS];
extern const char *const dm_band_name_hi[DM_BANDS];

/* Mean scale score of grade g at window win (docs/DEMO.md). */
static inline double dm_scale_mean(int g, int win)
{
	return 200.0 + 20.0 * (g - DM_GLO) + 8.0 * win;
}

/* Latent z to a scale score, rounded to 0.1 and clamped to the scale. */
static inline double dm_scale_score(int g, int win, double z)
{
	double v = dm_scale_mean(g, win) + DM_SD_POINTS * z;
	v = round(v * 10.0) / 10.0;
	return v < 0 ? 0 : v > DM_MAX_SCORE ? DM_MAX_SCORE : v;
}

/* Build the world (demo_world.c); free with dm_world_free. */
int dm_world_build(dm_world *w, const demo_params *p, att_err *e);
void dm_world_free(dm_world *w);

/* Write every table (demo_tables.c). */
typedef struct dm_out {
	store_demo_load *l;
	progress *prog;
	uint64_t done;
	const char *pw_hash;
	demo_summary *sum;
	int64_t account_student, account_parent, account_teacher;
} dm_out;
int dm_write_tables(dm_world *w, dm_out *o, att_err *e);

/* Append the truth manifest's JSON (demo_truth.c). */
int dm_truth_json(const dm_world *w, int64_t data_version,
                  const store_demo_load *l, buf *out, att_err *e);

#endif
