/*
 * synth.h - a synthetic store with planted effects for the analysis tests
 * (header-only): state > 2 districts > nschool schools of nper students,
 * two years of one maths summative.
 *
 *   ability a ~ N(0, 1) - gap_ses * ses      (ses = 1 for 30%)
 *   year 1:  y1 = 50 + 10 (a + e1),          e1 ~ N(0, 0.3)
 *   year 2:  y2 = 50 + 10 (a + va_s + e2),   e2 ~ N(0, 0.3), va_s ~ N(0, 0.3)
 *   year 2 items: 10 one-point items, items 0-4 standard A, 5-9 standard
 *   B, P(correct) = logistic(1.7 (a - b_j - weak_s [j >= 5])), b_j evenly
 *   from -1 to 1; weak_s = 1.5 for odd schools (standard B planted weak).
 *
 * The planted school effects are returned in va (nschool entries).
 */
#ifndef ATTAIN_SYNTH_H
#define ATTAIN_SYNTH_H

#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

#include "store.h"

typedef struct synth_rng {
	uint64_t s;
} synth_rng;

static inline double synth_unif(synth_rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return ((double)(r->s >> 11) + 0.5) / 9007199254740992.0;
}

static inline double synth_norm(synth_rng *r)
{
	double u = synth_unif(r), v = synth_unif(r);
	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

static inline int synth_make(const char *path, int nschool, int nper,
                             double gap_ses, double *va, uint64_t seed)
{
	store *st = NULL;
	att_err e;
	if (store_open(path, &st, &e))
		return -1;
	store_close(st);
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	synth_rng r = {seed * 2654435761u + 88172645463325252ull};
	char sql[512];
#define X(...)                                                                 \
	do {                                                                   \
		snprintf(sql, sizeof(sql), __VA_ARGS__);                       \
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {    \
			fprintf(stderr, "synth: %s: %s\n", sql,                \
			        sqlite3_errmsg(db));                           \
			sqlite3_close(db);                                     \
			return -1;                                             \
		}                                                              \
	} while (0)
	X("BEGIN");
	X("INSERT INTO org_level VALUES "
	  "(0,'state'),(1,'district'),(2,'school')");
	X("INSERT INTO org(id,code,name,parent_id,level) VALUES "
	  "(1,'ST','S',NULL,'state'),"
	  "(2,'D1','D1',1,'district'),(3,'D2','D2',1,'district')");
	X("INSERT INTO academic_year VALUES "
	  "(1,'Y1','Y1','2023-06-01','2024-03-31'),"
	  "(2,'Y2','Y2','2024-06-01','2025-03-31')");
	X("INSERT INTO subject(id,code,name) VALUES (1,'MATH','Maths')");
	X("INSERT INTO standard(id,code,subject_id,grade,description) VALUES"
	  " (1,'A',1,5,'A'),(2,'B',1,5,'B')");
	X("INSERT INTO "
	  "assessment(id,code,name,subject_id,year_id,grade,kind,date,max_"
	  "score)"
	  " VALUES (1,'Y1M','Y1',1,1,4,'summative','2024-03-01',100),"
	  " (2,'Y2M','Y2',1,2,5,'summative','2025-03-01',100)");
	X("INSERT INTO cut_score VALUES (2,0,'below',0),(2,1,'basic',40),"
	  "(2,2,'proficient',55),(2,3,'advanced',70)");
	for (int j = 0; j < 10; j++)
		X("INSERT INTO "
		  "item(id,assessment_id,code,seq,max_points,standard_id)"
		  " VALUES (%d,2,'Q%d',%d,1,%d)",
		  j + 1, j + 1, j + 1, j < 5 ? 1 : 2);
	for (int s = 0; s < nschool; s++) {
		va[s] = 0.3 * synth_norm(&r);
		X("INSERT INTO org(id,code,name,parent_id,level,is_school) "
		  "VALUES"
		  " (%d,'SC%d','School %d',%d,'school',1)",
		  10 + s, s, s, 2 + s % 2);
		X("INSERT INTO staff(id,code,given_name,org_id) VALUES "
		  "(%d,'T%d','T',%d)",
		  s + 1, s, 10 + s);
		X("INSERT INTO "
		  "class(id,code,name,org_id,year_id,grade,subject_id) VALUES"
		  " (%d,'C%d','C',%d,2,5,1)",
		  s + 1, s, 10 + s);
		X("INSERT INTO teacher_of VALUES (%d,%d,'lead')", s + 1, s + 1);
	}
	sqlite3_stmt *ins_st, *ins_res, *ins_ir;
	sqlite3_prepare_v2(
	    db,
	    "INSERT INTO student(id,code,given_name,gender,ses_disadvantaged,"
	    "special_needs,home_language) VALUES (?,?, 'x', ?, ?, 0, ?)",
	    -1, &ins_st, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO result VALUES (?, ?, ?)", -1,
	                   &ins_res, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO item_response VALUES (?, ?, ?)", -1,
	                   &ins_ir, NULL);
	int id = 0;
	for (int s = 0; s < nschool; s++)
		for (int k = 0; k < nper; k++) {
			id++;
			int ses = synth_unif(&r) < 0.3;
			double a = synth_norm(&r) - gap_ses * ses;
			char code[32];
			snprintf(code, sizeof(code), "P%d", id);
			sqlite3_bind_int(ins_st, 1, id);
			sqlite3_bind_text(ins_st, 2, code, -1,
			                  SQLITE_TRANSIENT);
			sqlite3_bind_text(ins_st, 3, k % 2 ? "F" : "M", -1,
			                  SQLITE_STATIC);
			sqlite3_bind_int(ins_st, 4, ses);
			sqlite3_bind_text(ins_st, 5,
			                  synth_unif(&r) < 0.7 ? "hi" : "en",
			                  -1, SQLITE_STATIC);
			sqlite3_step(ins_st);
			sqlite3_reset(ins_st);
			X("INSERT INTO placement VALUES "
			  "(%d,1,%d,4),(%d,2,%d,5)",
			  id, 10 + s, id, 10 + s);
			X("INSERT INTO enrolment(class_id,student_id) VALUES "
			  "(%d,%d)",
			  s + 1, id);
			double y1 = 50 + 10 * (a + 0.3 * synth_norm(&r));
			double y2 =
			    50 + 10 * (a + va[s] + 0.3 * synth_norm(&r));
			for (int t = 0; t < 2; t++) {
				sqlite3_bind_int(ins_res, 1, t + 1);
				sqlite3_bind_int(ins_res, 2, id);
				sqlite3_bind_double(ins_res, 3, t ? y2 : y1);
				sqlite3_step(ins_res);
				sqlite3_reset(ins_res);
			}
			for (int j = 0; j < 10; j++) {
				double b = -1 + 2.0 * j / 9 +
				           (j >= 5 && s % 2 ? 1.5 : 0);
				double pr = 1 / (1 + exp(-1.7 * (a - b)));
				sqlite3_bind_int(ins_ir, 1, j + 1);
				sqlite3_bind_int(ins_ir, 2, id);
				sqlite3_bind_double(ins_ir, 3,
				                    synth_unif(&r) < pr);
				sqlite3_step(ins_ir);
				sqlite3_reset(ins_ir);
			}
		}
	sqlite3_finalize(ins_st);
	sqlite3_finalize(ins_res);
	sqlite3_finalize(ins_ir);
	X("COMMIT");
#undef X
	sqlite3_close(db);
	return 0;
}

/* Pearson correlation of two arrays. */
static inline double synth_corr(const double *x, const double *y, int n)
{
	double mx = 0, my = 0;
	for (int i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= n;
	my /= n;
	double sxy = 0, sxx = 0, syy = 0;
	for (int i = 0; i < n; i++) {
		sxy += (x[i] - mx) * (y[i] - my);
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
	}
	return sxy / sqrt(sxx * syy);
}

#endif
