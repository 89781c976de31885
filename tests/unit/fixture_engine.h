/*
 * fixture_engine.h - a small hand-made store for the engine and analysis
 * tests (header-only): state > 2 districts > 3 schools, 8 students, two
 * years, one maths assessment per year with cut scores, four items, a
 * little attendance, behaviour, an intervention and a goal.
 *
 * Expected values used by the tests are noted beside the rows.
 */
#ifndef ATTAIN_FIXTURE_ENGINE_H
#define ATTAIN_FIXTURE_ENGINE_H

#include <sqlite3.h>
#include <stdio.h>

#include "store.h"
#include "testutil.h"

static const char fixture_engine_sql[] =
    "INSERT INTO org_level(depth, name) VALUES "
    "(0,'state'),(1,'district'),(2,'school');"
    "INSERT INTO org(id, code, name, parent_id, level, is_school) VALUES"
    " (10,'ST','State',NULL,'state',0),"
    " (11,'D1','District 1',10,'district',0),"
    " (12,'D2','District 2',10,'district',0),"
    " (20,'S1','School 1',11,'school',1),"
    " (21,'S2','School 2',11,'school',1),"
    " (22,'S3','School 3',12,'school',1);"
    "INSERT INTO academic_year(id, code, name, start_date, end_date) VALUES"
    " (1,'2023','2023-24','2023-06-01','2024-03-31'),"
    " (2,'2024','2024-25','2024-06-01','2025-03-31');"
    "INSERT INTO term(id, code, year_id, name, kind, seq, start_date, "
    "end_date) VALUES"
    " (1,'2023-EOY',1,'End of year','window',2,'2024-02-01','2024-03-31'),"
    " (2,'2024-EOY',2,'End of year','window',2,'2025-02-01','2025-03-31');"
    "INSERT INTO subject(id, code, name) VALUES "
    "(1,'MATH','Mathematics'),(2,'LANG','Language');"
    "INSERT INTO standard(id, code, subject_id, grade, description) VALUES"
    " (1,'M4.1',1,4,'Place value'),(2,'M4.2',1,4,'Fractions');"
    "INSERT INTO student(id, code, given_name, gender, ses_disadvantaged, "
    "special_needs,"
    " home_language, social_category) VALUES"
    " (101,'P1','A','F',1,0,'hi','SC'),(102,'P2','B','M',0,0,'hi','GEN'),"
    " (103,'P3','C','F',0,1,'en','GEN'),(104,'P4','D','M',1,0,'hi','OBC'),"
    " (105,'P5','E','F',0,0,'en','GEN'),(106,'P6','F','M',NULL,0,'hi','SC'),"
    " (107,'P7','G','F',1,0,NULL,NULL),(108,'P8','H','M',0,0,'en','GEN');"
    "INSERT INTO staff(id, code, given_name, org_id) VALUES "
    "(1,'T1','Tee',20),(2,'T2','Tu',22);"
    "INSERT INTO class(id, code, name, org_id, year_id, grade, subject_id) "
    "VALUES"
    " (1,'C1','4A maths',20,1,4,1),(2,'C2','4B',22,1,4,NULL);"
    "INSERT INTO teacher_of(class_id, staff_id, role) VALUES "
    "(1,1,'lead'),(2,2,'lead');"
    "INSERT INTO enrolment(class_id, student_id) VALUES "
    "(1,101),(1,102),(1,103),(2,106),(2,107);"
    "INSERT INTO placement(student_id, year_id, org_id, grade) VALUES"
    " (101,2,20,5),(101,1,20,4),(102,1,20,4),(103,1,20,4),(104,1,21,4),"
    " (105,1,21,4),(106,1,22,4),(107,1,22,4),(108,1,22,4);"
    "INSERT INTO assessment(id, code, name, subject_id, year_id, term_id, "
    "grade, kind,"
    " date, max_score) VALUES"
    " (1,'M4-2023','Maths G4',1,1,1,4,'summative','2024-03-01',4),"
    " (2,'M5-2024','Maths G5',1,2,2,5,'summative','2025-03-01',100);"
    "INSERT INTO cut_score(assessment_id, seq, band, min_score) VALUES"
    " (1,0,'below "
    "basic',0),(1,1,'basic',1),(1,2,'proficient',3),(1,3,'advanced',4);"
    /* Items of assessment 1: four 1-point items (two per standard). */
    "INSERT INTO item(id, assessment_id, code, seq, max_points, standard_id) "
    "VALUES"
    " (1,1,'Q1',1,1,1),(2,1,'Q2',2,1,1),(3,1,'Q3',3,1,2),(4,1,'Q4',4,1,2);"
    /* Responses: score = sum of items. */
    "INSERT INTO item_response(item_id, student_id, points) VALUES"
    " (1,101,1),(2,101,1),(3,101,1),(4,101,1),"
    " (1,102,1),(2,102,1),(3,102,1),(4,102,0),"
    " (1,103,1),(2,103,1),(3,103,0),(4,103,0),"
    " (1,104,1),(2,104,0),(3,104,1),(4,104,0),"
    " (1,105,1),(2,105,0),(3,105,0),(4,105,0),"
    " (1,106,0),(2,106,1),(3,106,0),(4,106,0),"
    " (1,107,1),(2,107,1),(3,107,1),(4,107,0),"
    " (1,108,0),(2,108,0),(3,108,0),(4,108,0);"
    "INSERT INTO result(assessment_id, student_id, score) VALUES"
    " (1,101,4),(1,102,3),(1,103,2),(1,104,2),(1,105,1),(1,106,1),(1,107,3),(1,"
    "108,0),"
    " (2,101,70);"
    /* 4 days: present, absent, late, excused -> possible 4, present 2 */
    "INSERT INTO attendance(student_id, year_id, marks) VALUES"
    " (101,1,X'2143'),(102,1,X'1111');"
    "INSERT INTO behaviour_event(student_id, date, kind, category, points, "
    "serious) VALUES"
    " (102,'2023-09-02','negative','disruption',-1,0),"
    " (102,'2023-09-01','negative','fight',-3,1),"
    " (101,'2023-09-05','positive','effort',1,0);"
    "INSERT INTO intervention(id, code, name, org_id, subject_id, year_id, "
    "cost) VALUES"
    " (1,'IV1','Tutoring',20,1,1,500);"
    "INSERT INTO participant(intervention_id, student_id, dosage) VALUES "
    "(1,103,10),(1,105,NULL);"
    "INSERT INTO goal(code, title, org_id, subject_id, metric, baseline, "
    "baseline_date,"
    " target, due_date) VALUES ('G1','Raise "
    "maths',20,1,'mean_score',50,'2023-06-01',60,"
    "'2024-03-31');"
    "INSERT INTO school_profile(org_id, year_id, location, drinking_water, "
    "teachers,"
    " pupil_teacher_ratio) VALUES (20,1,'rural',1,5,32.5);";

/* Create a migrated store at path holding the fixture. Returns 0 on success. */
static inline int fixture_engine_make(const char *path)
{
	store *s = NULL;
	att_err e;
	err_clear(&e);
	if (store_open(path, &s, &e))
		return -1;
	store_close(s);
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	char *msg = NULL;
	int rc = sqlite3_exec(db, "PRAGMA foreign_keys=ON;", NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, fixture_engine_sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "fixture: %s\n", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

#endif
