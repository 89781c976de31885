/*
 * demo_tables.c - turns the demo world (demo_world.c) into rows, table by
 * table, each in primary-key order, through the bulk loader of
 * store_demo.c. Draws that only matter for one table (item responses,
 * attendance days, behaviour events, survey answers, ...) come from streams
 * keyed by the entity they describe, so every table is reproducible on its
 * own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attendance.h"
#include "demo_internal.h"
#include "demo_text.h"
#include "store_account.h"

#define PUT(t, ...)                                                            \
	do {                                                                   \
		const sval v_[] = {__VA_ARGS__};                               \
		int rc_ = store_demo_put(o->l, (t), v_, e);                    \
		if (rc_)                                                       \
			return rc_;                                            \
	} while (0)

/* The Hindi name of something the demo names (the label table). */
#define LABEL(kind, code, text)                                                \
	PUT(SD_LABEL, SV_S("hi"), SV_S(kind), SV_S(code), SV_S(text))

#define TRY(x)                                                                 \
	do {                                                                   \
		int rc_ = (x);                                                 \
		if (rc_)                                                       \
			return rc_;                                            \
	} while (0)

static void tick(dm_out *o)
{
	uint64_t n = 0;
	for (int t = 0; t < SD_NTABLES; t++)
		n += (uint64_t)store_demo_rows(o->l, (store_demo_table)t);
	o->done = n;
	if (o->prog)
		progress_update(o->prog, n);
}

/* ---- calendar ---- */

static long ymd(int y, int m, int d)
{
	char s[32];
	snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
	return date_parse(s);
}

/* Date of academic year y: month m, day d (Jan-Mar fall in the next
 * calendar year). */
static long ydate(const dm_world *w, int y, int m, int d)
{
	int cy = dm_year_start(w, y) + (m < 4 ? 1 : 0);
	return ymd(cy, m, d);
}

static const char *fmt_date(long days, char out[11])
{
	date_format(days, out);
	return out;
}

static void year_code(const dm_world *w, int y, char out[32])
{
	int s = dm_year_start(w, y);
	snprintf(out, 32, "%d-%02d", s, (s + 1) % 100);
}

/* School days of year y: 1 for a school day, 0 for weekends, vacations and
 * holidays. Returns the number of calendar days. */
static int school_days(const dm_world *w, int y, uint8_t *day)
{
	long start = ydate(w, y, 4, 1), end = ydate(w, y, 3, 31);
	int n = (int)(end - start + 1);
	for (int i = 0; i < n; i++) {
		long d = start + i;
		day[i] = date_weekday(d) < 5;
	}
	struct {
		int m1, d1, m2, d2;
	} off[] = {
	    {5, 16, 6, 30},  /* summer vacation */
	    {8, 15, 8, 15},  /* Independence Day */
	    {10, 2, 10, 2},  /* Gandhi Jayanti */
	    {10, 28, 11, 3}, /* Diwali break */
	    {12, 25, 1, 1},  /* winter break */
	    {1, 26, 1, 26},  /* Republic Day */
	    {3, 10, 3, 11},  /* Holi */
	};
	for (size_t k = 0; k < ARRAY_LEN(off); k++) {
		long a = ydate(w, y, off[k].m1, off[k].d1) - start;
		long b = ydate(w, y, off[k].m2, off[k].d2) - start;
		for (long i = a; i <= b && i < n; i++)
			if (i >= 0)
				day[i] = 0;
	}
	return n;
}

/* A random school day of year y (index from the year's start). */
static int pick_day(dm_rng *r, const uint8_t *day, int n, int lo, int hi)
{
	if (lo < 0)
		lo = 0;
	if (hi > n)
		hi = n;
	for (int tries = 0; tries < 64; tries++) {
		int i = lo + (int)dm_below(r, hi - lo);
		if (day[i])
			return i;
	}
	for (int i = lo; i < hi; i++)
		if (day[i])
			return i;
	return lo;
}

/* ---- org tree, years, subjects, standards ---- */

static const char *const places[] = {
    "Sonpur",     "Rampur",    "Madhuban", "Chandpur",   "Belagarh",
    "Kesariya",   "Harinagar", "Jamuna",   "Lakhisarai", "Motipur",
    "Nawada",     "Pipra",     "Rajgir",   "Saraiya",    "Tilauthu",
    "Udaipur",    "Barhara",   "Dumri",    "Gopalpur",   "Kalyanpur",
    "Mahuli",     "Narhat",    "Parsa",    "Sikandra",   "Amarpur",
    "Bhagwanpur", "Daulatpur", "Fatehpur", "Ghoghari",   "Islampur",
    "Jagdishpur", "Kharik",    "Lalganj",  "Maner",      "Nalanda",
    "Obra"};
#define NPLACES ((int)ARRAY_LEN(places))

static void place_name(int i, char *out, size_t n)
{
	if (i < NPLACES)
		snprintf(out, n, "%s", places[i]);
	else
		snprintf(out, n, "%s %d", places[i % NPLACES], i / NPLACES + 1);
}

static void school_code(int s, char out[32])
{
	snprintf(out, 32, "SCH%05d", s + 1);
}

static int write_orgs(dm_world *w, dm_out *o, att_err *e)
{
	static const char *const levels[][2] = {{"state", "राज्य"},
	                                        {"district", "ज़िला"},
	                                        {"block", "ब्लॉक"},
	                                        {"cluster", "संकुल"},
	                                        {"school", "विद्यालय"}};
	for (int d = 0; d < 5; d++) {
		PUT(SD_ORG_LEVEL, SV_I(d), SV_S(levels[d][0]));
		LABEL("org_level", levels[d][0], levels[d][1]);
	}
	PUT(SD_ORG, SV_I(1), SV_S("ST"), SV_S("Demo State"), SV_NULL,
	    SV_S("state"), SV_I(0));
	char code[96], name[96], pl[48];
	for (int d = 0; d < w->ndistricts; d++) {
		snprintf(code, sizeof(code), "D%02d", d + 1);
		place_name(d, pl, sizeof(pl));
		snprintf(name, sizeof(name), "%s District", pl);
		PUT(SD_ORG, SV_I(dm_district_id(w, d)), SV_S(code), SV_S(name),
		    SV_I(1), SV_S("district"), SV_I(0));
	}
	for (int b = 0; b < w->nblocks; b++) {
		snprintf(code, sizeof(code), "B%03d", b + 1);
		place_name(b + 7, pl, sizeof(pl));
		snprintf(name, sizeof(name), "%s Block", pl);
		PUT(SD_ORG, SV_I(dm_block_id(w, b)), SV_S(code), SV_S(name),
		    SV_I(dm_district_id(w, w->block_district[b])),
		    SV_S("block"), SV_I(0));
	}
	for (int c = 0; c < w->nclusters; c++) {
		snprintf(code, sizeof(code), "C%04d", c + 1);
		place_name(c + 13, pl, sizeof(pl));
		snprintf(name, sizeof(name), "%s Cluster", pl);
		PUT(SD_ORG, SV_I(dm_cluster_id(w, c)), SV_S(code), SV_S(name),
		    SV_I(dm_block_id(w, w->cluster_block[c])), SV_S("cluster"),
		    SV_I(0));
	}
	static const char *const kind[] = {"Government School", "Aided School",
	                                   "Public School"};
	for (int s = 0; s < w->nschools; s++) {
		const dm_school *sc = &w->schools[s];
		school_code(s, code);
		place_name(s * 7 + 3, pl, sizeof(pl));
		snprintf(name, sizeof(name), "%s %s", pl, kind[sc->management]);
		PUT(SD_ORG, SV_I(sc->org_id), SV_S(code), SV_S(name),
		    SV_I(dm_cluster_id(w, sc->cluster)), SV_S("school"),
		    SV_I(1));
	}
	return ATT_OK;
}

static int write_years(dm_world *w, dm_out *o, att_err *e)
{
	char yc[32], code[96], a[11], b[11];
	for (int y = 0; y < w->years; y++) {
		year_code(w, y, yc);
		PUT(SD_ACADEMIC_YEAR, SV_I(dm_year_id(y)), SV_S(yc), SV_S(yc),
		    SV_S(fmt_date(ydate(w, y, 4, 1), a)),
		    SV_S(fmt_date(ydate(w, y, 3, 31), b)));
	}
	static const struct {
		const char *suffix, *name, *hi, *kind;
		int seq, m1, d1, m2, d2;
	} terms[DM_TERMS] = {
	    {"T1", "Term 1", "सत्र 1", "term", 1, 4, 1, 9, 30},
	    {"T2", "Term 2", "सत्र 2", "term", 2, 10, 1, 3, 31},
	    {"W1", "Baseline window", "आधार-रेखा अवधि", "window", 1, 7, 1, 7,
	     31},
	    {"W2", "Mid-year window", "मध्य-वर्ष अवधि", "window", 2, 9, 15, 10,
	     15},
	    {"W3", "Summative window", "योगात्मक अवधि", "window", 3, 2, 15, 3,
	     15},
	};
	for (int y = 0; y < w->years; y++) {
		year_code(w, y, yc);
		for (int j = 0; j < DM_TERMS; j++) {
			snprintf(code, sizeof(code), "%s-%s", yc,
			         terms[j].suffix);
			PUT(SD_TERM, SV_I(dm_term_id(y, j)), SV_S(code),
			    SV_I(dm_year_id(y)), SV_S(terms[j].name),
			    SV_S(terms[j].kind), SV_I(terms[j].seq),
			    SV_S(fmt_date(ydate(w, y, terms[j].m1, terms[j].d1),
			                  a)),
			    SV_S(fmt_date(ydate(w, y, terms[j].m2, terms[j].d2),
			                  b)));
			LABEL("term", code, terms[j].hi);
		}
	}
	return ATT_OK;
}

static int write_subjects(dm_world *w, dm_out *o, att_err *e)
{
	(void)w;
	for (int k = 0; k < DM_SUBJECTS; k++) {
		PUT(SD_SUBJECT, SV_I(dm_subject_id(k)),
		    SV_S(dm_subject_code[k]), SV_S(dm_subject_name[k]),
		    SV_I(1));
		LABEL("subject", dm_subject_code[k], dm_subject_name_hi[k]);
	}
	char code[96], desc[160], hi[256];
	for (int k = 0; k < DM_SUBJECTS; k++)
		for (int st = 0; st < DM_STRANDS; st++) {
			snprintf(code, sizeof(code), "%s-S%d",
			         dm_subject_code[k], st + 1);
			PUT(SD_STANDARD, SV_I(dm_strand_id(k, st)), SV_S(code),
			    SV_I(dm_subject_id(k)), SV_NULL,
			    SV_S(dm_strand[k][st]), SV_NULL);
			LABEL("standard", code, dm_strand_hi[k][st]);
		}
	for (int k = 0; k < DM_SUBJECTS; k++)
		for (int g = DM_GLO; g <= DM_GHI; g++)
			for (int lo = 0; lo < DM_LOS; lo++) {
				snprintf(code, sizeof(code), "%s-G%d-LO%02d",
				         dm_subject_code[k], g, lo + 1);
				snprintf(desc, sizeof(desc), "Grade %d: %s", g,
				         dm_lo_text[k][lo]);
				PUT(SD_STANDARD, SV_I(dm_standard_id(k, g, lo)),
				    SV_S(code), SV_I(dm_subject_id(k)), SV_I(g),
				    SV_S(desc),
				    SV_I(dm_strand_id(k, lo * DM_STRANDS /
				                             DM_LOS)));
				snprintf(hi, sizeof(hi), "कक्षा %d: %s", g,
				         dm_lo_text_hi[k][lo]);
				LABEL("standard", code, hi);
			}
	return ATT_OK;
}

/* Students of school s enrolled in year y (grades 3-10). */
static int64_t school_year_count(const dm_world *w, int s, int y)
{
	const dm_school *sc = &w->schools[s];
	int64_t n = 0;
	for (int g = DM_GLO; g <= DM_GHI; g++) {
		int c = dm_cohort(w, g, y);
		n += sc->cohort_start[c + 1] - sc->cohort_start[c];
	}
	return n;
}

static int write_profiles(dm_world *w, dm_out *o, att_err *e)
{
	char udise[32];
	for (int s = 0; s < w->nschools; s++) {
		const dm_school *sc = &w->schools[s];
		int c = sc->cluster, b = w->cluster_block[c],
		    d = w->block_district[b];
		snprintf(udise, sizeof(udise), "10%02d%02d%02d%03d",
		         (d + 1) % 100, (b + 1) % 100, (c + 1) % 100,
		         (s + 1) % 1000);
		for (int y = 0; y < w->years; y++) {
			/* Facilities improve a little over the years. */
			uint64_t h = dm_hash(w->p.seed, K_SCHOOL, (uint64_t)s,
			                     100 + (uint64_t)y);
			int gain = y > 0 && dm_u01(h) < 0.15 * y;
			int64_t enr = school_year_count(w, s, y);
			int teachers = sc->nteachers + 1;
			PUT(SD_SCHOOL_PROFILE, SV_I(sc->org_id),
			    SV_I(dm_year_id(y)), SV_S(udise),
			    SV_S(dm_management[sc->management]),
			    SV_S(sc->rural ? "rural" : "urban"), SV_I(1),
			    SV_I(10), SV_I(sc->water || gain),
			    SV_I(sc->toilets_g + (gain && !sc->toilets_g)),
			    SV_I(sc->toilets_b), SV_I(sc->electricity || gain),
			    SV_I(sc->library), SV_I(sc->ramps),
			    SV_I(sc->classrooms), SV_I(teachers), SV_I(enr),
			    SV_D(round(10.0 * (double)enr / teachers) / 10.0));
		}
	}
	return ATT_OK;
}

/* ---- people ---- */

static void staff_code(int64_t id, char out[32])
{
	snprintf(out, 32, "STF%06lld", (long long)id);
}

static int write_staff(dm_world *w, dm_out *o, att_err *e)
{
	char code[96], email[160];
	for (int s = 0; s < w->nschools; s++) {
		const dm_school *sc = &w->schools[s];
		for (int t = 0; t <= sc->nteachers; t++) {
			int64_t id = sc->first_staff + t + 1;
			uint64_t h =
			    dm_hash(w->p.seed, K_STAFF, (uint64_t)id, 0);
			int male = (h & 1) != 0;
			staff_code(id, code);
			snprintf(email, sizeof(email),
			         "%s@schools.demo.example", code);
			const char *given =
			    male ? dm_given_m[(h >> 8) % (uint64_t)dm_ngiven]
			         : dm_given_f[(h >> 8) % (uint64_t)dm_ngiven];
			PUT(SD_STAFF, SV_I(id), SV_S(code), SV_S(given),
			    SV_S(dm_family[(h >> 20) % (uint64_t)dm_nfamily]),
			    SV_S(email), SV_I(sc->org_id),
			    SV_S(t == 0 ? "Head teacher" : "Teacher"), SV_I(1));
		}
	}
	/* Officers: state, then one per district, block and cluster. */
	int64_t id = w->officer_first + 1;
	int total = 1 + w->ndistricts + w->nblocks + w->nclusters;
	for (int k = 0; k < total; k++, id++) {
		int64_t org;
		const char *title;
		if (k == 0) {
			org = 1;
			title = "State programme officer";
		} else if (k <= w->ndistricts) {
			org = dm_district_id(w, k - 1);
			title = "District education officer";
		} else if (k <= w->ndistricts + w->nblocks) {
			org = dm_block_id(w, k - 1 - w->ndistricts);
			title = "Block resource person";
		} else {
			org = dm_cluster_id(w,
			                    k - 1 - w->ndistricts - w->nblocks);
			title = "Cluster resource person";
		}
		uint64_t h = dm_hash(w->p.seed, K_STAFF, (uint64_t)id, 0);
		staff_code(id, code);
		snprintf(email, sizeof(email), "%s@office.demo.example", code);
		PUT(SD_STAFF, SV_I(id), SV_S(code),
		    SV_S((h & 1) ? dm_given_m[(h >> 8) % (uint64_t)dm_ngiven]
		                 : dm_given_f[(h >> 8) % (uint64_t)dm_ngiven]),
		    SV_S(dm_family[(h >> 20) % (uint64_t)dm_nfamily]),
		    SV_S(email), SV_I(org), SV_S(title), SV_I(1));
	}
	return ATT_OK;
}

static void student_code(int64_t i, char out[32])
{
	snprintf(out, 32, "STU%07lld", (long long)(i + 1));
}

static int write_students(dm_world *w, dm_out *o, att_err *e)
{
	char code[96], birth[11];
	int last = w->years - 1;
	for (int k = 0; k < dm_nlanguages; k++)
		LABEL("language", dm_language[k], dm_language_hi[k]);
	for (int64_t i = 0; i < w->nstudents; i++) {
		const dm_student *st = &w->students[i];
		int male = st->flags & DM_F_MALE;
		student_code(i, code);
		/* Age at the start of year 0 is grade + 5. */
		long born = ymd(dm_year_start(w, 0) - st->grade0 - 5, 1, 1) +
		            st->birth_doy - 270;
		PUT(SD_STUDENT, SV_I(i + 1), SV_S(code),
		    SV_S(male ? dm_given_m[st->given % dm_ngiven]
		              : dm_given_f[st->given % dm_ngiven]),
		    SV_S(dm_family[st->family % dm_nfamily]),
		    SV_S(male ? "M" : "F"), SV_S(fmt_date(born, birth)),
		    SV_I((st->flags & DM_F_SES) != 0),
		    SV_I((st->flags & DM_F_SN) != 0),
		    SV_S(dm_language[st->lang]),
		    SV_S(dm_category[st->category]),
		    SV_I(dm_enrolled(w, i, last)));
		if ((i & 8191) == 0)
			tick(o);
	}
	for (int64_t i = 0; i < w->nstudents; i++) {
		const dm_student *st = &w->students[i];
		if (st->flags & DM_F_SES)
			PUT(SD_STUDENT_ATTR, SV_I(i + 1), SV_S("scholarship"),
			    SV_S("yes"));
		PUT(SD_STUDENT_ATTR, SV_I(i + 1), SV_S("transport"),
		    SV_S(dm_transport[st->transport]));
	}
	return ATT_OK;
}

static int second_guardian(const dm_world *w, int64_t i)
{
	return dm_u01(dm_hash(w->p.seed, K_MISC, 1, (uint64_t)i)) < 0.25;
}

static int write_guardians(dm_world *w, dm_out *o, att_err *e)
{
	char code[96], phone[32];
	int64_t extra = 0;
	for (int pass = 0; pass < 2; pass++) {
		extra = 0;
		for (int64_t i = 0; i < w->nstudents; i++) {
			const dm_student *st = &w->students[i];
			int64_t gid;
			int mother;
			if (pass == 0) {
				gid = i + 1;
				mother = 1;
			} else {
				if (!second_guardian(w, i))
					continue;
				gid = w->nstudents + 1 + extra++;
				mother = 0;
			}
			uint64_t h =
			    dm_hash(w->p.seed, K_MISC, 2, (uint64_t)gid);
			snprintf(code, sizeof(code), "GRD%07lld",
			         (long long)gid);
			snprintf(phone, sizeof(phone), "9%09llu",
			         (unsigned long long)(h % 1000000000ULL));
			PUT(SD_GUARDIAN, SV_I(gid), SV_S(code),
			    SV_S(mother ? dm_given_f[(h >> 32) %
			                             (uint64_t)dm_ngiven]
			                : dm_given_m[(h >> 32) %
			                             (uint64_t)dm_ngiven]),
			    SV_S(dm_family[st->family % dm_nfamily]), SV_NULL,
			    SV_S(phone));
		}
	}
	extra = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int64_t i = 0; i < w->nstudents; i++) {
			if (pass == 0) {
				PUT(SD_GUARDIAN_LINK, SV_I(i + 1), SV_I(i + 1),
				    SV_S("mother"));
			} else if (second_guardian(w, i)) {
				PUT(SD_GUARDIAN_LINK,
				    SV_I(w->nstudents + 1 + extra++),
				    SV_I(i + 1), SV_S("father"));
			}
		}
	tick(o);
	return ATT_OK;
}

/* Lead teacher (staff id) of class (s, g, k): classes are dealt round the
 * school's teachers. */
static int64_t class_teacher(const dm_world *w, int s, int g, int k)
{
	const dm_school *sc = &w->schools[s];
	int ci = (g - DM_GLO) * DM_SUBJECTS + k;
	return sc->first_staff + 2 + ci % sc->nteachers;
}

static void class_code(const dm_world *w, int y, int s, int g, int k,
                       char out[96])
{
	char yc[32], sc[32];
	year_code(w, y, yc);
	school_code(s, sc);
	snprintf(out, 96, "%s-%s-G%d-%s", yc, sc, g, dm_subject_code[k]);
}

static int write_classes(dm_world *w, dm_out *o, att_err *e)
{
	char code[96], name[64], hi[96], a[11], b[11];
	for (int y = 0; y < w->years; y++)
		for (int s = 0; s < w->nschools; s++)
			for (int g = DM_GLO; g <= DM_GHI; g++)
				for (int k = 0; k < DM_SUBJECTS; k++) {
					class_code(w, y, s, g, k, code);
					snprintf(name, sizeof(name),
					         "Grade %d %s", g,
					         dm_subject_name[k]);
					PUT(SD_CLASS,
					    SV_I(dm_class_id(w, y, s, g, k)),
					    SV_S(code), SV_S(name),
					    SV_I(w->schools[s].org_id),
					    SV_I(dm_year_id(y)), SV_I(g),
					    SV_I(dm_subject_id(k)));
					snprintf(hi, sizeof(hi), "कक्षा %d %s",
					         g, dm_subject_name_hi[k]);
					LABEL("class", code, hi);
				}
	for (int y = 0; y < w->years; y++)
		for (int s = 0; s < w->nschools; s++)
			for (int g = DM_GLO; g <= DM_GHI; g++)
				for (int k = 0; k < DM_SUBJECTS; k++)
					PUT(SD_TEACHER_OF,
					    SV_I(dm_class_id(w, y, s, g, k)),
					    SV_I(class_teacher(w, s, g, k)),
					    SV_S("lead"));
	for (int y = 0; y < w->years; y++) {
		fmt_date(ydate(w, y, 4, 1), a);
		fmt_date(ydate(w, y, 3, 31), b);
		for (int s = 0; s < w->nschools; s++) {
			const dm_school *sc = &w->schools[s];
			for (int g = DM_GLO; g <= DM_GHI; g++) {
				int c = dm_cohort(w, g, y);
				for (int k = 0; k < DM_SUBJECTS; k++) {
					int64_t cid =
					    dm_class_id(w, y, s, g, k);
					for (int64_t i = sc->cohort_start[c];
					     i < sc->cohort_start[c + 1]; i++)
						PUT(SD_ENROLMENT, SV_I(cid),
						    SV_I(i + 1), SV_S(a),
						    SV_S(b));
				}
			}
			tick(o);
		}
	}
	for (int64_t i = 0; i < w->nstudents; i++)
		for (int y = 0; y < w->years; y++)
			if (dm_enrolled(w, i, y))
				PUT(SD_PLACEMENT, SV_I(i + 1),
				    SV_I(dm_year_id(y)),
				    SV_I(w->schools[w->students[i].school]
				             .org_id),
				    SV_I(dm_grade(w, i, y)));
	return ATT_OK;
}

/* ---- assessments ---- */

static long window_date(const dm_world *w, int y, int win)
{
	static const int md[DM_WINDOWS][2] = {{7, 15}, {10, 5}, {3, 1}};
	return ydate(w, y, md[win][0], md[win][1]);
}

/* Cut score of band b (b >= 1) in latent SD units from the grade mean. */
static const double band_z[DM_BANDS] = {0, -0.75, 0.25, 1.25};

static int write_assessments(dm_world *w, dm_out *o, att_err *e)
{
	static const char *const kind[DM_WINDOWS] = {"baseline", "formative",
	                                             "summative"};
	static const char *const wname[DM_WINDOWS] = {
	    "Baseline", "Mid-year formative", "End-of-year summative"};
	static const char *const wname_hi[DM_WINDOWS] = {
	    "आधार-रेखा", "मध्य-वर्ष रचनात्मक", "वार्षिक योगात्मक"};
	char code[96], name[96], hi[192], yc[32], d[11];
	for (int y = 0; y < w->years; y++) {
		year_code(w, y, yc);
		for (int k = 0; k < DM_SUBJECTS; k++)
			for (int g = DM_GLO; g <= DM_GHI; g++)
				for (int win = 0; win < DM_WINDOWS; win++) {
					snprintf(code, sizeof(code),
					         "%s-%s-G%d-%s", yc,
					         dm_subject_code[k], g,
					         dm_window_code[win]);
					snprintf(name, sizeof(name),
					         "%s %s grade %d %s",
					         wname[win], dm_subject_name[k],
					         g, yc);
					PUT(SD_ASSESSMENT,
					    SV_I(
					        dm_assessment_id(y, k, g, win)),
					    SV_S(code), SV_S(name),
					    SV_I(dm_subject_id(k)),
					    SV_I(dm_year_id(y)),
					    SV_I(dm_term_id(y, 2 + win)),
					    SV_I(g), SV_S(kind[win]),
					    SV_S(fmt_date(
					        window_date(w, y, win), d)),
					    SV_D(DM_MAX_SCORE), SV_S("scale"),
					    SV_NULL);
					snprintf(hi, sizeof(hi),
					         "%s %s मूल्यांकन, कक्षा %d, %s",
					         dm_subject_name_hi[k],
					         wname_hi[win], g, yc);
					LABEL("assessment", code, hi);
				}
	}
	for (int b = 0; b < DM_BANDS; b++)
		LABEL("band", dm_band_name[b], dm_band_name_hi[b]);
	for (int y = 0; y < w->years; y++)
		for (int k = 0; k < DM_SUBJECTS; k++)
			for (int g = DM_GLO; g <= DM_GHI; g++)
				for (int win = 0; win < DM_WINDOWS; win++)
					for (int b = 0; b < DM_BANDS; b++) {
						double m =
						    b == 0 ? 0
						           : dm_scale_mean(
						                 g, win) +
						                 DM_SD_POINTS *
						                     band_z[b];
						PUT(SD_CUT_SCORE,
						    SV_I(dm_assessment_id(
						        y, k, g, win)),
						    SV_I(b),
						    SV_S(dm_band_name[b]),
						    SV_D(m));
					}
	for (int y = 0; y < w->years; y++)
		for (int k = 0; k < DM_SUBJECTS; k++)
			for (int g = DM_GLO; g <= DM_GHI; g++)
				for (int j = 0; j < DM_ITEMS; j++) {
					char ic[16];
					snprintf(ic, sizeof(ic), "Q%02d",
					         j + 1);
					PUT(SD_ITEM,
					    SV_I(dm_item_id(y, k, g, j)),
					    SV_I(dm_assessment_id(y, k, g,
					                          DM_SUM)),
					    SV_S(ic), SV_I(j + 1),
					    SV_D(j >= DM_LOS ? 2 : 1),
					    SV_I(dm_standard_id(k, g,
					                        dm_item_lo(j))),
					    SV_I(1 + j % 3));
				}
	return ATT_OK;
}

static int write_results(dm_world *w, dm_out *o, att_err *e)
{
	for (int y = 0; y < w->years; y++)
		for (int k = 0; k < DM_SUBJECTS; k++)
			for (int g = DM_GLO; g <= DM_GHI; g++) {
				int c = dm_cohort(w, g, y);
				for (int win = 0; win < DM_WINDOWS; win++) {
					int64_t aid =
					    dm_assessment_id(y, k, g, win);
					int t = y * DM_WINDOWS + win;
					for (int s = 0; s < w->nschools; s++) {
						const dm_school *sc =
						    &w->schools[s];
						for (int64_t i =
						         sc->cohort_start[c];
						     i <
						     sc->cohort_start[c + 1];
						     i++) {
							float z =
							    *dm_z(w, i, k, t);
							if (isnan(z))
								continue;
							TRY(store_demo_put_result(
							    o->l, aid, i + 1,
							    dm_scale_score(
							        g, win, z),
							    e));
						}
					}
					tick(o);
				}
			}
	return ATT_OK;
}

/* Item parameters: discrimination a and difficulty b (latent SD units). */
static void item_params(const dm_world *w, int64_t item, double *a, double *b)
{
	dm_rng r;
	dm_rng_seed(&r, w->p.seed, K_ITEM, (uint64_t)item, 0);
	*b = 0.8 * dm_norm(&r);
	*a = 0.8 + 0.8 * dm_unif(&r);
}

static int write_item_responses(dm_world *w, dm_out *o, att_err *e)
{
	for (int y = 0; y < w->years; y++)
		for (int k = 0; k < DM_SUBJECTS; k++)
			for (int g = DM_GLO; g <= DM_GHI; g++) {
				int c = dm_cohort(w, g, y);
				int t = y * DM_WINDOWS + DM_SUM;
				for (int j = 0; j < DM_ITEMS; j++) {
					int64_t item = dm_item_id(y, k, g, j);
					int lo = dm_item_lo(j),
					    two = j >= DM_LOS;
					double a, b;
					item_params(w, item, &a, &b);
					for (int s = 0; s < w->nschools; s++) {
						const dm_school *sc =
						    &w->schools[s];
						double bb = b;
						if (sc->weak_lo == lo &&
						    sc->weak_subject == k &&
						    sc->weak_grade == g)
							bb += DM_WEAK_LOGIT /
							      1.7 / a;
						for (int64_t i =
						         sc->cohort_start[c];
						     i <
						     sc->cohort_start[c + 1];
						     i++) {
							if (isnan(*dm_z(w, i, k,
							                t)))
								continue;
							double th = *dm_theta(
							    w, i, k, y);
							double p =
							    1.0 /
							    (1.0 +
							     exp(-1.7 * a *
							         (th - bb)));
							uint64_t h = dm_hash(
							    w->p.seed, K_RESP,
							    (uint64_t)item,
							    (uint64_t)i);
							int pts = dm_u01(h) < p;
							if (two)
								pts +=
								    dm_u01(
								        dm_mix(
								            h)) <
								    p;
							TRY(store_demo_put_item_response(
							    o->l, item, i + 1,
							    pts, e));
						}
					}
					tick(o);
				}
			}
	return ATT_OK;
}

/* ---- attendance, behaviour, attitude ---- */

static int write_attendance(dm_world *w, dm_out *o, att_err *e)
{
	int Y = w->years;
	uint8_t *days[DEMO_MAX_YEARS];
	int ndays[DEMO_MAX_YEARS];
	for (int y = 0; y < Y; y++) {
		days[y] = xcalloc(400, 1);
		ndays[y] = school_days(w, y, days[y]);
	}
	uint8_t *marks = attendance_marks_alloc(400);
	int rc = ATT_OK;
	for (int64_t i = 0; i < w->nstudents && !rc; i++) {
		const dm_student *st = &w->students[i];
		const dm_school *sc = &w->schools[st->school];
		for (int y = 0; y < Y && !rc; y++) {
			if (!dm_enrolled(w, i, y))
				continue;
			int n = ndays[y];
			size_t len = attendance_bytes(n);
			memset(marks, 0, len);
			/* School closures: the same three days for every
			 * student of the school that year. */
			int closed[3];
			dm_rng cr;
			dm_rng_seed(&cr, w->p.seed, K_ATT, (uint64_t)st->school,
			            1000 + (uint64_t)y);
			for (int q = 0; q < 3; q++)
				closed[q] = pick_day(&cr, days[y], n, 0, n);
			dm_rng r;
			dm_rng_seed(&r, w->p.seed, K_ATT, (uint64_t)i,
			            (uint64_t)y);
			int chronic = st->chronic >> y & 1;
			double pabs;
			if (chronic)
				pabs = 0.13 + 0.12 * dm_unif(&r);
			else {
				pabs = (1.0 - sc->att_rate) *
				       exp(0.5 * dm_norm(&r));
				if (pabs > 0.085)
					pabs = 0.085;
			}
			int possible = 0, absent = 0;
			for (int d = 0; d < n; d++) {
				if (!days[y][d])
					continue;
				int code;
				if (d == closed[0] || d == closed[1] ||
				    d == closed[2]) {
					code = ATT_CLOSED;
				} else {
					double u = dm_unif(&r);
					if (u < pabs) {
						code = u < 0.3 * pabs
						           ? ATT_EXCUSED
						           : ATT_ABSENT;
						absent++;
					} else {
						code = u > 1.0 - 0.03
						           ? ATT_LATE
						           : ATT_PRESENT;
					}
					possible++;
				}
				attendance_set(marks, len, d, code);
			}
			/* Make the planted set exact: chronic years miss at
			 * least 10% of possible days, others less than 10%. */
			while (chronic ? absent * 10 < possible
			               : absent * 10 >= possible) {
				int d = (int)dm_below(&r, n);
				for (int step = 0; step < n;
				     step++, d = (d + 1) % n) {
					int c = attendance_get(marks, len, d);
					if (chronic && (c == ATT_PRESENT ||
					                c == ATT_LATE)) {
						attendance_set(marks, len, d,
						               ATT_ABSENT);
						absent++;
						break;
					}
					if (!chronic && (c == ATT_ABSENT ||
					                 c == ATT_EXCUSED)) {
						attendance_set(marks, len, d,
						               ATT_PRESENT);
						absent--;
						break;
					}
				}
			}
			const sval v[] = {SV_I(i + 1), SV_I(dm_year_id(y)),
			                  SV_B(marks, len)};
			rc = store_demo_put(o->l, SD_ATTENDANCE, v, e);
		}
		if ((i & 4095) == 0)
			tick(o);
	}
	free(marks);
	for (int y = 0; y < Y; y++)
		free(days[y]);
	return rc;
}

static int write_behaviour(dm_world *w, dm_out *o, att_err *e)
{
	static const char *const pos[] = {"helpfulness", "effort", "leadership",
	                                  "kindness"};
	static const char *const neg[] = {"disruption", "homework not done",
	                                  "late to class", "bullying",
	                                  "fighting"};
	static const char *const pos_hi[] = {"दूसरों की मदद", "मेहनत", "नेतृत्व",
	                                     "दयालुता"};
	static const char *const neg_hi[] = {"कक्षा में व्यवधान", "गृहकार्य नहीं किया",
	                                     "कक्षा में देर से", "डराना-धमकाना",
	                                     "लड़ाई-झगड़ा"};
	for (size_t k = 0; k < ARRAY_LEN(pos); k++)
		LABEL("behaviour", pos[k], pos_hi[k]);
	for (size_t k = 0; k < ARRAY_LEN(neg); k++)
		LABEL("behaviour", neg[k], neg_hi[k]);
	int Y = w->years;
	uint8_t *days[DEMO_MAX_YEARS];
	int ndays[DEMO_MAX_YEARS];
	long start[DEMO_MAX_YEARS];
	for (int y = 0; y < Y; y++) {
		days[y] = xcalloc(400, 1);
		ndays[y] = school_days(w, y, days[y]);
		start[y] = ydate(w, y, 4, 1);
	}
	int64_t id = 0;
	char code[24], date[11];
	int rc = ATT_OK;
	for (int64_t i = 0; i < w->nstudents && !rc; i++) {
		const dm_student *st = &w->students[i];
		const dm_school *sc = &w->schools[st->school];
		for (int y = 0; y < Y && !rc; y++) {
			if (!dm_enrolled(w, i, y))
				continue;
			dm_rng r;
			dm_rng_seed(&r, w->p.seed, K_BEHAV, (uint64_t)i,
			            (uint64_t)y);
			int chronic = st->chronic >> y & 1;
			int male = (st->flags & DM_F_MALE) != 0;
			double lpos = 0.8 + 0.1 * sc->climate;
			double lneg = 0.3 + 0.15 * male + 0.4 * chronic;
			if (lpos < 0.2)
				lpos = 0.2;
			int total = dm_poisson(&r, lpos + lneg);
			/* Events in date order, each positive with probability
			 * lpos / (lpos + lneg). */
			int dd[32];
			if (total > 32)
				total = 32;
			for (int q = 0; q < total; q++)
				dd[q] = pick_day(&r, days[y], ndays[y], 0,
				                 ndays[y]);
			for (int q = 1; q < total; q++)
				for (int p = q; p > 0 && dd[p - 1] > dd[p];
				     p--) {
					int t = dd[p];
					dd[p] = dd[p - 1];
					dd[p - 1] = t;
				}
			for (int q = 0; q < total && !rc; q++) {
				int positive =
				    dm_chance(&r, lpos / (lpos + lneg));
				int64_t staff = sc->first_staff + 2 +
				                dm_below(&r, sc->nteachers);
				id++;
				snprintf(code, sizeof(code), "BE%09lld",
				         (long long)id);
				const char *cat;
				int pts, serious = 0;
				if (positive) {
					cat = pos[dm_below(&r, 4)];
					pts = 1 + (int)dm_below(&r, 3);
				} else {
					int c = (int)dm_below(&r, 5);
					cat = neg[c];
					serious = c >= 3 && dm_chance(&r, 0.6);
					pts = -(1 + (int)dm_below(&r, 2)) -
					      3 * serious;
				}
				const sval v[] = {
				    SV_I(id),
				    SV_S(code),
				    SV_I(i + 1),
				    SV_S(fmt_date(start[y] + dd[q], date)),
				    SV_S(positive ? "positive" : "negative"),
				    SV_S(cat),
				    SV_I(pts),
				    SV_I(serious),
				    SV_I(staff),
				    SV_S(serious ? "parents informed" : NULL)};
				rc = store_demo_put(o->l, SD_BEHAVIOUR_EVENT, v,
				                    e);
			}
		}
		if ((i & 4095) == 0)
			tick(o);
	}
	for (int y = 0; y < Y; y++)
		free(days[y]);
	return rc;
}

static int write_attitude(dm_world *w, dm_out *o, att_err *e)
{
	for (int64_t i = 0; i < w->nstudents; i++) {
		const dm_student *st = &w->students[i];
		for (int y = 0; y < w->years; y++) {
			if (!dm_enrolled(w, i, y))
				continue;
			dm_rng r;
			dm_rng_seed(&r, w->p.seed, K_ATTITUDE, (uint64_t)i,
			            (uint64_t)y);
			int chronic = st->chronic >> y & 1;
			for (int term = 0; term < 2; term++)
				for (int k = 0; k < DM_SUBJECTS; k++) {
					float z =
					    *dm_z(w, i, k,
					          y * DM_WINDOWS +
					              (term ? DM_SUM : DM_MID));
					double zz = isnan(z) ? 0 : z;
					double v = 2.2 - 0.55 * zz +
					           0.6 * chronic +
					           0.55 * dm_norm(&r);
					int gr = (int)lround(v);
					gr = gr < 1 ? 1 : gr > 4 ? 4 : gr;
					TRY(store_demo_put_attitude(
					    o->l, i + 1, dm_term_id(y, term),
					    dm_subject_id(k), gr, e));
				}
		}
		if ((i & 8191) == 0)
			tick(o);
	}
	return ATT_OK;
}

/* The student whose accounts (student, parent) the demo creates: the first
 * grade-6 student of school 0 in the last year (or the first enrolled). */
static int64_t demo_student(const dm_world *w)
{
	const dm_school *sc = &w->schools[0];
	int last = w->years - 1;
	for (int g = 6; g >= DM_GLO; g--) {
		int c = dm_cohort(w, g, last);
		if (sc->cohort_start[c + 1] > sc->cohort_start[c])
			return sc->cohort_start[c];
	}
	for (int64_t i = 0; i < w->nstudents; i++)
		if (dm_enrolled(w, i, last))
			return i;
	return 0;
}

static int consent_granted(const dm_world *w, int64_t i, int purpose)
{
	if (purpose == 0 && i == demo_student(w))
		return 1;
	double u = dm_u01(
	    dm_hash(w->p.seed, K_MISC, 10 + (uint64_t)purpose, (uint64_t)i));
	return u < (purpose == 0 ? 0.92 : 0.85);
}

static int write_consent(dm_world *w, dm_out *o, att_err *e)
{
	char d[11];
	int64_t id = 0;
	for (int64_t i = 0; i < w->nstudents; i++) {
		int y0 = 0;
		while (y0 < w->years - 1 && !dm_enrolled(w, i, y0))
			y0++;
		fmt_date(ydate(w, y0, 4, 10), d);
		PUT(SD_CONSENT, SV_I(++id), SV_I(i + 1), SV_S("survey"),
		    SV_I(consent_granted(w, i, 0)), SV_S(d), SV_S("parent"));
		PUT(SD_CONSENT, SV_I(++id), SV_I(i + 1), SV_S("data_share"),
		    SV_I(consent_granted(w, i, 1)), SV_S(d), SV_S("parent"));
	}
	return ATT_OK;
}

/* ---- accounts ---- */

static int write_accounts(dm_world *w, dm_out *o, att_err *e)
{
	store *s = store_demo_store(o->l);
	char st_code[32], gd_code[32], off[32], cls[48][96], org[32];
	int64_t x = demo_student(w);
	student_code(x, st_code);
	snprintf(gd_code, sizeof(gd_code), "GRD%07lld", (long long)(x + 1));
	const dm_school *s0 = &w->schools[0];
	struct {
		const char *user, *role;
		int64_t staff; /* staff id or -1 */
		int64_t org;   /* org scope id or -1 */
		const char *orgc;
	} acc[] = {
	    {"admin", "admin", -1, -1, NULL},
	    {"state", "officer", w->officer_first + 1, 1, "ST"},
	    {"district", "officer", w->officer_first + 2, 0, NULL},
	    {"block", "officer", w->officer_first + 2 + w->ndistricts, 0, NULL},
	    {"cluster", "officer",
	     w->officer_first + 2 + w->ndistricts + w->nblocks, 0, NULL},
	};
	char orgcodes[3][32];
	snprintf(orgcodes[0], 32, "D%02d", 1);
	snprintf(orgcodes[1], 32, "B%03d", 1);
	snprintf(orgcodes[2], 32, "C%04d", 1);
	acc[2].orgc = orgcodes[0];
	acc[3].orgc = orgcodes[1];
	acc[4].orgc = orgcodes[2];
	for (size_t a = 0; a < ARRAY_LEN(acc); a++) {
		account_scope_ref sc = {SCOPE_ORG, acc[a].orgc};
		const char *staff = NULL;
		if (acc[a].staff >= 0) {
			staff_code(acc[a].staff, off);
			staff = off;
		}
		TRY(store_account_add(s, acc[a].user, o->pw_hash, acc[a].role,
		                      staff, NULL, NULL, &sc,
		                      acc[a].orgc ? 1 : 0, NULL, e));
	}
	/* principal of school 0 */
	school_code(0, org);
	staff_code(s0->first_staff + 1, off);
	account_scope_ref psc = {SCOPE_ORG, org};
	TRY(store_account_add(s, "principal", o->pw_hash, "principal", off,
	                      NULL, NULL, &psc, 1, NULL, e));
	/* teacher: the first teacher of school 0, scoped to the classes they
	 * lead in the last year */
	int64_t tid = s0->first_staff + 2;
	staff_code(tid, off);
	account_scope_ref tsc[48];
	int nt = 0;
	for (int g = DM_GLO; g <= DM_GHI; g++)
		for (int k = 0; k < DM_SUBJECTS; k++)
			if (class_teacher(w, 0, g, k) == tid && nt < 48) {
				class_code(w, w->years - 1, 0, g, k, cls[nt]);
				tsc[nt].kind = SCOPE_CLASS;
				tsc[nt].code = cls[nt];
				nt++;
			}
	TRY(store_account_add(s, "teacher", o->pw_hash, "teacher", off, NULL,
	                      NULL, tsc, nt, &o->account_teacher, e));
	account_scope_ref ssc = {SCOPE_STUDENT, st_code};
	TRY(store_account_add(s, "parent", o->pw_hash, "parent", NULL, NULL,
	                      gd_code, &ssc, 1, &o->account_parent, e));
	TRY(store_account_add(s, "student", o->pw_hash, "student", NULL,
	                      st_code, NULL, &ssc, 1, &o->account_student, e));
	snprintf(o->sum->usernames, sizeof(o->sum->usernames),
	         "admin state district block cluster principal teacher parent "
	         "student");
	return ATT_OK;
}

/* ---- themes, surveys, observations ---- */

static int write_themes(dm_world *w, dm_out *o, att_err *e)
{
	(void)w;
	for (int t = 0; t < DM_NTHEMES; t++) {
		PUT(SD_THEME, SV_I(t + 1), SV_S(dm_themes[t].code),
		    SV_S(dm_themes[t].name), SV_S(dm_themes[t].keywords));
		LABEL("theme", dm_themes[t].code, dm_theme_name_hi[t]);
	}
	return ATT_OK;
}

/* Pick one or two distinct themes for a text of audience aud in school sc;
 * weights lean on the school's facilities (poor facilities, more talk of
 * them) and, for staff, on workload. Returns the count; sorted. */
static int pick_themes(dm_rng *r, const dm_school *sc, int aud, int th[2])
{
	double wt[DM_NTHEMES];
	for (int t = 0; t < DM_NTHEMES; t++)
		wt[t] = 1.0;
	wt[0] = 0.5 + 2.0 * (sc->facility < 0 ? -sc->facility : 0);
	if (aud == 2)
		wt[7] = 2.5;
	else if (aud == 3) {
		wt[1] = wt[4] = wt[5] = wt[8] = 2.0;
		wt[9] = 0.3;
	} else {
		wt[7] = 0.4;
	}
	int n = dm_chance(r, 0.35) ? 2 : 1;
	for (int q = 0; q < n; q++) {
		double sum = 0;
		for (int t = 0; t < DM_NTHEMES; t++)
			sum += wt[t];
		double u = dm_unif(r) * sum;
		int t = 0;
		for (; t < DM_NTHEMES - 1; t++) {
			u -= wt[t];
			if (u < 0)
				break;
		}
		th[q] = t;
		wt[t] = 0;
	}
	if (n == 2 && th[0] > th[1]) {
		int x = th[0];
		th[0] = th[1];
		th[1] = x;
	}
	return n;
}

static void compose(dm_rng *r, const int *th, int n, int aud, char *out,
                    size_t len)
{
	out[0] = '\0';
	size_t off = 0;
	for (int q = 0; q < n; q++) {
		const char *p = dm_phrases[th[q]][aud][dm_below(r, 3)];
		int k =
		    snprintf(out + off, len - off, "%s%s", q ? "; " : "", p);
		if (k > 0)
			off += (size_t)k;
	}
	if (off > 0 && off + 1 < len) {
		if (out[0] >= 'a' && out[0] <= 'z')
			out[0] = (char)(out[0] - 'a' + 'A');
		out[off] = '.';
		out[off + 1] = '\0';
	}
}

typedef struct resp {
	uint64_t key; /* random order of anonymous responses */
	int64_t who;  /* student index, or staff id */
	int school;
} resp;

static int resp_cmp(const void *a, const void *b)
{
	const resp *x = a, *y = b;
	return x->key < y->key   ? -1
	       : x->key > y->key ? 1
	                         : (x->who > y->who) - (x->who < y->who);
}

/* A survey's audience, by its index in a year's three surveys. */
static const char *const aud_name[3] = {"student", "parent", "staff"};

/* The surveys of every year (one per audience), their questions and
 * their Hindi labels. */
static int write_survey_defs(dm_world *w, dm_out *o, att_err *e)
{
	static const char *const title[3] = {"Student voice survey",
	                                     "Parent survey", "Staff survey"};
	static const char *const title_hi[3] = {
	    "विद्यार्थी राय सर्वेक्षण", "अभिभावक सर्वेक्षण", "कर्मचारी सर्वेक्षण"};
	char code[96], yc[32], a[11], b[11];
	for (int y = 0; y < w->years; y++) {
		year_code(w, y, yc);
		for (int aud = 0; aud < 3; aud++) {
			int64_t sid = (int64_t)y * 3 + aud + 1;
			snprintf(code, sizeof(code), "%s-SURVEY-%s", yc,
			         aud == 0   ? "STUDENT"
			         : aud == 1 ? "PARENT"
			                    : "STAFF");
			PUT(SD_SURVEY, SV_I(sid), SV_S(code), SV_S(title[aud]),
			    SV_S(aud_name[aud]), SV_I(aud != 2), SV_I(aud == 0),
			    SV_I(dm_year_id(y)), SV_I(1),
			    SV_S(fmt_date(ydate(w, y, 11, 1), a)),
			    SV_S(fmt_date(ydate(w, y, 11, 30), b)));
			LABEL("survey", code, title_hi[aud]);
			for (int q = 0; q < DM_NQUESTIONS; q++) {
				char qc[128];
				snprintf(qc, sizeof(qc), "%s/%d", code, q + 1);
				LABEL("question", qc, dm_questions_hi[aud][q]);
			}
		}
	}
	for (int64_t sid = 1; sid <= (int64_t)w->years * 3; sid++)
		for (int q = 0; q < DM_NQUESTIONS; q++) {
			int aud = (int)((sid - 1) % 3);
			PUT(SD_SURVEY_QUESTION,
			    SV_I((sid - 1) * DM_NQUESTIONS + q + 1), SV_I(sid),
			    SV_I(q + 1), SV_S(dm_questions[aud][q].kind),
			    SV_S(dm_questions[aud][q].text));
		}
	return ATT_OK;
}

static int write_surveys(dm_world *w, dm_out *o, att_err *e)
{
	TRY(write_survey_defs(w, o, e));
	int64_t x = demo_student(w);
	int64_t teacher0 = w->schools[0].first_staff + 2;
	int64_t rid = 0;
	resp *list = NULL;
	size_t cap = 0;
	char text[256], date[11];
	for (int y = 0; y < w->years; y++) {
		for (int aud = 0; aud < 3; aud++) {
			int64_t sid = (int64_t)y * 3 + aud + 1;
			size_t n = 0;
			int took = 0;
			if (aud < 2) {
				for (int64_t i = 0; i < w->nstudents; i++) {
					if (!dm_enrolled(w, i, y))
						continue;
					if (aud == 0 &&
					    (dm_grade(w, i, y) < 6 ||
					     !consent_granted(w, i, 0)))
						continue;
					uint64_t h =
					    dm_hash(w->p.seed, K_SURVEY,
					            (uint64_t)sid, (uint64_t)i);
					int forced = i == x;
					if (!forced &&
					    dm_u01(h) >=
					        (aud == 0 ? 0.25 : 0.12))
						continue;
					took |= forced;
					xgrow((void **)&list, &cap, n + 1,
					      sizeof(resp));
					list[n++] =
					    (resp){dm_mix(h), i,
					           w->students[i].school};
				}
			} else {
				for (int s = 0; s < w->nschools; s++) {
					const dm_school *sc = &w->schools[s];
					for (int t = 1; t <= sc->nteachers;
					     t++) {
						int64_t staff =
						    sc->first_staff + 1 + t;
						uint64_t h =
						    dm_hash(w->p.seed, K_SURVEY,
						            (uint64_t)sid,
						            (uint64_t)staff);
						int forced = staff == teacher0;
						if (!forced && dm_u01(h) >= 0.7)
							continue;
						took |= forced;
						xgrow((void **)&list, &cap,
						      n + 1, sizeof(resp));
						list[n++] = (resp){
						    (uint64_t)staff, staff, s};
					}
				}
			}
			/* Anonymous responses get ids in a random order, so the
			 * id says nothing about who answered. */
			if (aud < 2)
				qsort(list, n, sizeof(resp), resp_cmp);
			int64_t qbase = (sid - 1) * DM_NQUESTIONS;
			for (size_t q = 0; q < n; q++) {
				const dm_school *sc =
				    &w->schools[list[q].school];
				dm_rng r;
				dm_rng_seed(
				    &r, w->p.seed, K_SURVEY, (uint64_t)sid,
				    1000000000ULL + (uint64_t)list[q].who);
				rid++;
				long day =
				    ydate(w, y, 11, 1) + dm_below(&r, 30);
				const sval v[] = {SV_I(rid),
				                  SV_I(sid),
				                  SV_S(aud_name[aud]),
				                  SV_NULL,
				                  SV_NULL,
				                  aud == 2 ? SV_I(list[q].who)
				                           : SV_NULL,
				                  SV_I(sc->org_id),
				                  SV_S(fmt_date(day, date))};
				TRY(store_demo_put(o->l, SD_SURVEY_RESPONSE, v,
				                   e));
				for (int qq = 0; qq < DM_NQUESTIONS - 1; qq++) {
					double base = 3.3 + 0.45 * sc->climate +
					              0.8 * dm_norm(&r);
					if (aud == 2 && qq == 0)
						base += 0.4 * sc->facility;
					if (aud == 2 && qq == 4)
						base -= 0.6;
					int val = (int)lround(base);
					val = val < 1 ? 1 : val > 5 ? 5 : val;
					PUT(SD_SURVEY_ANSWER, SV_I(rid),
					    SV_I(qbase + qq + 1), SV_I(val),
					    SV_NULL);
				}
				if (dm_chance(&r, 0.5)) {
					int th[2];
					int nth = pick_themes(&r, sc, aud, th);
					compose(&r, th, nth, aud, text,
					        sizeof(text));
					PUT(SD_SURVEY_ANSWER, SV_I(rid),
					    SV_I(qbase + DM_NQUESTIONS),
					    SV_NULL, SV_S(text));
					for (int t = 0; t < nth; t++)
						PUT(SD_TEXT_THEME,
						    SV_S("survey"), SV_I(rid),
						    SV_I(qbase + DM_NQUESTIONS),
						    SV_I(th[t] + 1));
				}
			}
			if (took) {
				int64_t acc = aud == 0   ? o->account_student
				              : aud == 1 ? o->account_parent
				                         : o->account_teacher;
				PUT(SD_SURVEY_TAKEN, SV_I(sid), SV_I(acc));
			}
			tick(o);
		}
	}
	free(list);
	return ATT_OK;
}

static int write_observations(dm_world *w, dm_out *o, att_err *e)
{
	char code[24], notes[256], date[11];
	int64_t id = 0;
	for (int c = 0; c < DM_NCRITERIA; c++)
		LABEL("criterion", dm_criteria[c], dm_criteria_hi[c]);
	for (int y = 0; y < w->years; y++)
		for (int s = 0; s < w->nschools; s++) {
			const dm_school *sc = &w->schools[s];
			for (int t = 1; t <= sc->nteachers; t++) {
				int64_t staff = sc->first_staff + 1 + t;
				dm_rng r;
				dm_rng_seed(&r, w->p.seed, K_OBS,
				            (uint64_t)staff, (uint64_t)y);
				double skill =
				    0.5 * sc->climate + 0.5 * dm_norm(&r);
				/* the teacher's first class */
				int ci = t - 1;
				int64_t cls =
				    ci < DM_NGRADES * DM_SUBJECTS
				        ? dm_class_id(w, y, s,
				                      DM_GLO + ci / DM_SUBJECTS,
				                      ci % DM_SUBJECTS)
				        : -1;
				for (int term = 0; term < 2; term++) {
					id++;
					snprintf(code, sizeof(code),
					         "OBS%08lld", (long long)id);
					long day = term == 0
					               ? ydate(w, y, 8, 1) +
					                     dm_below(&r, 50)
					               : ydate(w, y, 11, 10) +
					                     dm_below(&r, 60);
					int th[2];
					int nth = pick_themes(&r, sc, 3, th);
					compose(&r, th, nth, 3, notes,
					        sizeof(notes));
					const sval v[] = {
					    SV_I(id),
					    SV_S(code),
					    SV_I(staff),
					    SV_I(sc->first_staff + 1),
					    SV_I(sc->org_id),
					    SV_REF(cls),
					    SV_S(fmt_date(day, date)),
					    SV_S("default"),
					    SV_S(notes),
					    SV_S(dm_next_steps[dm_below(
					        &r, dm_nnext_steps)]),
					    SV_I(1)};
					TRY(store_demo_put(o->l, SD_OBSERVATION,
					                   v, e));
					/* criteria in name order (primary key
					 * order) */
					static const int order[DM_NCRITERIA] = {
					    3, 4, 2, 0, 1};
					int sc_v[DM_NCRITERIA];
					for (int c = 0; c < DM_NCRITERIA; c++) {
						int val = (int)lround(
						    2.6 + 0.6 * skill +
						    0.2 * term +
						    0.5 * dm_norm(&r));
						sc_v[c] = val < 1   ? 1
						          : val > 4 ? 4
						                    : val;
					}
					for (int c = 0; c < DM_NCRITERIA; c++)
						PUT(SD_OBSERVATION_SCORE,
						    SV_I(id),
						    SV_S(dm_criteria[order[c]]),
						    SV_I(sc_v[order[c]]));
					for (int q = 0; q < nth; q++)
						PUT(SD_TEXT_THEME,
						    SV_S("observation"),
						    SV_I(id), SV_I(0),
						    SV_I(th[q] + 1));
				}
			}
		}
	return ATT_OK;
}

/* ---- interventions, goals ---- */

static int write_interventions(dm_world *w, dm_out *o, att_err *e)
{
	int last = w->years - 1;
	char yc[32], code[48], a[11], b[11], dname[64];
	year_code(w, last, yc);
	fmt_date(ydate(w, last, 8, 1), a);
	fmt_date(ydate(w, last, 1, 31), b);
	static const char *const names[2] = {"Remedial mathematics camp",
	                                     "Reading buddies"};
	static const char *const names_hi[2] = {"उपचारात्मक गणित शिविर",
	                                        "पठन साथी"};
	static const char *const suffix[2] = {"MATH-CAMP", "READING-BUDDIES"};
	static const double per_head[2] = {1500, 800};
	for (int v = 0; v < 2; v++) {
		int64_t n = 0;
		for (int64_t i = 0; i < w->nstudents; i++)
			if (w->students[i].flags &
			    (v ? DM_F_INT_B : DM_F_INT_A))
				n++;
		w->int_n[v] = n;
		snprintf(code, sizeof(code), "%s-%s", yc, suffix[v]);
		place_name(w->intervention_district[v], dname, sizeof(dname));
		char desc[200];
		snprintf(desc, sizeof(desc),
		         "%s for grades 4-8 in %s District, students chosen by "
		         "low baseline "
		         "scores",
		         names[v], dname);
		PUT(SD_INTERVENTION, SV_I(v + 1), SV_S(code), SV_S(names[v]),
		    SV_I(dm_district_id(w, w->intervention_district[v])),
		    SV_I(dm_subject_id(v == 0 ? DM_MATH : DM_LANG)),
		    SV_I(dm_year_id(last)), SV_S(a), SV_S(b),
		    SV_D(per_head[v] * (double)n), SV_S(desc));
		LABEL("intervention", code, names_hi[v]);
	}
	for (int v = 0; v < 2; v++)
		for (int64_t i = 0; i < w->nstudents; i++)
			if (w->students[i].flags &
			    (v ? DM_F_INT_B : DM_F_INT_A))
				PUT(SD_PARTICIPANT, SV_I(v + 1), SV_I(i + 1),
				    SV_D(w->students[i].dosage), SV_S(a),
				    SV_S(b));
	return ATT_OK;
}

/* Percent of the maximum for latent z at grade g, window win. */
static double pct(int g, int win, double z)
{
	return round(1000.0 * dm_scale_score(g, win, z) / DM_MAX_SCORE) / 10.0;
}

static int write_goals(dm_world *w, dm_out *o, att_err *e)
{
	int last = w->years - 1, prev = last > 0 ? last - 1 : 0;
	int pwin = last > 0 ? DM_SUM : DM_BASE;
	char code[24], title[128], bd[11], due[11];
	int64_t id = 0;
	fmt_date(window_date(w, last, DM_SUM), due);
	for (int s = 0; s < w->nschools; s++) {
		const dm_school *sc = &w->schools[s];
		/* share proficient in mathematics, all grades, previous
		 * summative */
		int64_t n = 0, prof = 0;
		for (int g = DM_GLO; g <= DM_GHI; g++) {
			int c = dm_cohort(w, g, prev);
			for (int64_t i = sc->cohort_start[c];
			     i < sc->cohort_start[c + 1]; i++) {
				float z = *dm_z(w, i, DM_MATH,
				                prev * DM_WINDOWS + pwin);
				if (isnan(z))
					continue;
				n++;
				prof += z >= band_z[2];
			}
		}
		double base =
		    n ? round(1000.0 * (double)prof / (double)n) / 10.0 : 0;
		snprintf(code, sizeof(code), "GOAL%06lld", (long long)++id);
		PUT(SD_GOAL, SV_I(id), SV_S(code),
		    SV_S("Raise the share of students proficient in "
		         "mathematics"),
		    SV_NULL, SV_NULL, SV_I(sc->org_id),
		    SV_I(dm_subject_id(DM_MATH)), SV_S("share_proficient"),
		    SV_D(base), SV_S(fmt_date(window_date(w, prev, pwin), bd)),
		    SV_D(base + 10 > 95 ? 95 : base + 10), SV_S(due),
		    SV_S("staff"), SV_I(sc->first_staff + 1));
		/* class goal: grade 5 language, mean score from the baseline */
		int c = dm_cohort(w, 5, last);
		double sum = 0;
		int64_t m = 0;
		for (int64_t i = sc->cohort_start[c];
		     i < sc->cohort_start[c + 1]; i++) {
			float z =
			    *dm_z(w, i, DM_LANG, last * DM_WINDOWS + DM_BASE);
			if (!isnan(z)) {
				sum += pct(5, DM_BASE, z);
				m++;
			}
		}
		if (m > 0) {
			double cb = round(10.0 * sum / (double)m) / 10.0;
			snprintf(code, sizeof(code), "GOAL%06lld",
			         (long long)++id);
			PUT(SD_GOAL, SV_I(id), SV_S(code),
			    SV_S("Raise the grade 5 language class average"),
			    SV_NULL, SV_I(dm_class_id(w, last, s, 5, DM_LANG)),
			    SV_NULL, SV_I(dm_subject_id(DM_LANG)),
			    SV_S("mean_score"), SV_D(cb),
			    SV_S(fmt_date(window_date(w, last, DM_BASE), bd)),
			    SV_D(cb + 5), SV_S(due), SV_S("staff"),
			    SV_I(class_teacher(w, s, 5, DM_LANG)));
		}
		/* attendance goal for the school */
		snprintf(code, sizeof(code), "GOAL%06lld", (long long)++id);
		PUT(SD_GOAL, SV_I(id), SV_S(code),
		    SV_S("Raise attendance to 95 percent"), SV_NULL, SV_NULL,
		    SV_I(sc->org_id), SV_NULL, SV_S("attendance_rate"),
		    SV_D(round(1000.0 * sc->att_rate) / 10.0),
		    SV_S(fmt_date(ydate(w, last, 4, 1), bd)), SV_D(95.0),
		    SV_S(due), SV_S("staff"), SV_I(sc->first_staff + 1));
	}
	/* student goals: 2% of last year's grade 6-10 students, half set by
	 * the students themselves (always the demo student) */
	int64_t x = demo_student(w);
	for (int64_t i = 0; i < w->nstudents; i++) {
		if (!dm_enrolled(w, i, last) || dm_grade(w, i, last) < 6)
			continue;
		uint64_t h = dm_hash(w->p.seed, K_GOAL, (uint64_t)i, 0);
		if (i != x && dm_u01(h) >= 0.02)
			continue;
		int g = dm_grade(w, i, last);
		int k = (h >> 40) & 1 ? DM_MATH : DM_LANG;
		float z = *dm_z(w, i, k, last * DM_WINDOWS + DM_BASE);
		if (isnan(z))
			continue;
		int self = i == x || ((h >> 41) & 1);
		double bp = pct(g, DM_BASE, z);
		snprintf(code, sizeof(code), "GOAL%06lld", (long long)++id);
		snprintf(title, sizeof(title), "Improve my %s score",
		         k == DM_MATH ? "mathematics" : "language");
		PUT(SD_GOAL, SV_I(id), SV_S(code), SV_S(title), SV_I(i + 1),
		    SV_NULL, SV_NULL, SV_I(dm_subject_id(k)), SV_S("score"),
		    SV_D(bp), SV_S(fmt_date(window_date(w, last, DM_BASE), bd)),
		    SV_D(bp + 8), SV_S(due), SV_S(self ? "student" : "staff"),
		    self ? SV_NULL
		         : SV_I(class_teacher(w, w->students[i].school, g, k)));
	}
	return ATT_OK;
}

/* ---- calendar and data-collection submissions ---- */

typedef struct cal_def {
	const char *kind, *title, *hi, *collects;
	int m1, d1, m2, d2;
	int survey; /* links the student survey */
} cal_def;

static const cal_def cal[] = {
    {"assessment", "Baseline assessment", "आधार-रेखा मूल्यांकन", NULL, 7, 10, 7, 20,
     0},
    {"data_collection", "School profile (UDISE+)", "विद्यालय प्रोफ़ाइल (UDISE+)",
     "profile", 4, 15, 9, 30, 0},
    {"data_collection", "Baseline results", "आधार-रेखा परिणाम", "results", 7, 15,
     8, 10, 0},
    {"parent_meeting", "Parent-teacher meeting", "अभिभावक-शिक्षक बैठक", NULL, 8,
     20, 8, 20, 0},
    {"assessment", "Mid-year formative assessment", "मध्य-वर्ष रचनात्मक मूल्यांकन",
     NULL, 9, 28, 10, 10, 0},
    {"data_collection", "Term 1 attendance", "सत्र 1 की उपस्थिति", "attendance",
     9, 30, 10, 10, 0},
    {"reporting", "Term 1 report cards", "सत्र 1 के रिपोर्ट कार्ड", NULL, 10, 20,
     10, 31, 0},
    {"data_collection", "Mid-year results", "मध्य-वर्ष परिणाम", "results", 10, 5,
     10, 31, 0},
    {"data_collection", "Student voice survey", "विद्यार्थी राय सर्वेक्षण", "survey",
     11, 1, 11, 30, 1},
    {"parent_meeting", "Parent-teacher meeting", "अभिभावक-शिक्षक बैठक", NULL, 1,
     20, 1, 20, 0},
    {"data_collection", "Lesson observations", "कक्षा अवलोकन", "observation", 1,
     15, 2, 15, 0},
    {"assessment", "End-of-year summative assessment", "वार्षिक योगात्मक मूल्यांकन",
     NULL, 2, 25, 3, 7, 0},
    {"data_collection", "Summative results", "योगात्मक परिणाम", "results", 3, 1,
     3, 25, 0},
    {"data_collection", "Attitude to learning grades",
     "सीखने के प्रति दृष्टिकोण के ग्रेड", "attitude", 3, 10, 3, 31, 0},
    {"data_collection", "Term 2 attendance", "सत्र 2 की उपस्थिति", "attendance",
     3, 20, 3, 31, 0},
    {"reporting", "Annual report cards", "वार्षिक रिपोर्ट कार्ड", NULL, 3, 20, 3,
     31, 0},
};
#define NCAL ((int)ARRAY_LEN(cal))

static int write_calendar(dm_world *w, dm_out *o, att_err *e)
{
	char yc[32], code[96], a[11], b[11];
	for (int y = 0; y < w->years; y++) {
		year_code(w, y, yc);
		for (int c = 0; c < NCAL; c++) {
			int64_t id = (int64_t)y * NCAL + c + 1;
			snprintf(code, sizeof(code), "%s-CAL%02d", yc, c + 1);
			PUT(SD_CALENDAR_EVENT, SV_I(id), SV_S(code),
			    SV_I(dm_year_id(y)), SV_S(cal[c].kind),
			    SV_S(cal[c].title), SV_I(1), SV_S(cal[c].collects),
			    SV_NULL,
			    cal[c].survey ? SV_I((int64_t)y * 3 + 1) : SV_NULL,
			    SV_S(
			        fmt_date(ydate(w, y, cal[c].m1, cal[c].d1), a)),
			    SV_S(fmt_date(ydate(w, y, cal[c].m2, cal[c].d2),
			                  b)));
			LABEL("event", code, cal[c].hi);
		}
	}
	for (int y = 0; y < w->years; y++)
		for (int c = 0; c < NCAL; c++) {
			if (!cal[c].collects)
				continue;
			int64_t id = (int64_t)y * NCAL + c + 1;
			long start = ydate(w, y, cal[c].m1, cal[c].d1);
			long due = ydate(w, y, cal[c].m2, cal[c].d2);
			for (int s = 0; s < w->nschools; s++) {
				dm_rng r;
				dm_rng_seed(&r, w->p.seed, K_CAL, (uint64_t)id,
				            (uint64_t)s);
				/* A few schools are habitually late or missing.
				 */
				double lateness =
				    (double)(dm_hash(w->p.seed, K_CAL, 0,
				                     (uint64_t)s) %
				             100) /
				    100.0;
				double u = dm_unif(&r);
				double pmiss = 0.04 + 0.08 * (lateness > 0.9);
				double plate = 0.08 + 0.2 * (lateness > 0.8);
				if (u < pmiss)
					continue;
				long day =
				    u < pmiss + plate
				        ? due + 1 + dm_below(&r, 20)
				        : start + dm_below(&r, due - start + 1);
				int64_t rows =
				    strcmp(cal[c].collects, "profile") == 0
				        ? 1
				        : school_year_count(w, s, y);
				PUT(SD_COLLECTION_SUBMISSION, SV_I(id),
				    SV_I(w->schools[s].org_id),
				    SV_S(fmt_date(day, a)), SV_I(rows));
			}
		}
	return ATT_OK;
}

static int write_batch(dm_world *w, dm_out *o, att_err *e)
{
	char src[128], hash[32], now[32];
	snprintf(src, sizeof(src),
	         "attain demo --students %lld --seed %llu --years %d",
	         (long long)w->nstudents, (unsigned long long)w->p.seed,
	         w->years);
	snprintf(hash, sizeof(hash), "%016llx",
	         (unsigned long long)hash64(src, strlen(src), 0));
	clock_iso(w->p.now, now);
	tick(o);
	PUT(SD_IMPORT_BATCH, SV_I(1), SV_S("demo"), SV_S(src), SV_S(hash),
	    SV_S(now), SV_S(now), SV_I(0), SV_I((int64_t)o->done + 1), SV_I(0),
	    SV_I(0), SV_I(0), SV_S("committed"));
	return ATT_OK;
}

int dm_write_tables(dm_world *w, dm_out *o, att_err *e)
{
	TRY(write_orgs(w, o, e));
	TRY(write_years(w, o, e));
	TRY(write_subjects(w, o, e));
	TRY(write_profiles(w, o, e));
	TRY(write_staff(w, o, e));
	TRY(write_students(w, o, e));
	TRY(write_guardians(w, o, e));
	TRY(write_classes(w, o, e));
	TRY(write_assessments(w, o, e));
	TRY(write_results(w, o, e));
	TRY(write_item_responses(w, o, e));
	TRY(write_attendance(w, o, e));
	TRY(write_behaviour(w, o, e));
	TRY(write_attitude(w, o, e));
	TRY(write_consent(w, o, e));
	TRY(write_themes(w, o, e));
	TRY(write_accounts(w, o, e));
	TRY(write_surveys(w, o, e));
	TRY(write_observations(w, o, e));
	TRY(write_interventions(w, o, e));
	TRY(write_goals(w, o, e));
	TRY(write_calendar(w, o, e));
	TRY(write_batch(w, o, e));
	tick(o);
	return ATT_OK;
}
