/*
 * collect_fixture.h - a small school system for the data-entry tests
 * (header-only): one state, one district, two schools, a maths class of
 * four students in the first and one of one student in the second, their
 * teachers, accounts for each role, an item-scored assessment mapped to
 * outcomes, and data-collection windows in November 2026.
 */
#ifndef ATTAIN_COLLECT_FIXTURE_H
#define ATTAIN_COLLECT_FIXTURE_H

#include <sqlite3.h>

#define FIX_TODAY "2026-11-23" /* a Monday */
/* The saves' clock: noon UTC on FIX_TODAY (never the real clock). */
#define FIX_NOW INT64_C(1795435200)

static const char *collect_fixture_sql =
    "INSERT INTO org_level VALUES (0,'state'),(1,'district'),(2,'school');"
    "INSERT INTO org(id,code,name,parent_id,level,is_school) VALUES"
    " (1,'ST','State',NULL,'state',0),(2,'D1','District One',1,'district',0),"
    " (3,'SCH1','School One',2,'school',1),(4,'SCH2','School "
    "Two',2,'school',1);"
    "INSERT INTO academic_year VALUES "
    "(1,'Y2026','2026-27','2026-06-01','2027-03-31');"
    "INSERT INTO term(id,code,year_id,name,kind,seq,start_date,end_date) VALUES"
    " (1,'T1',1,'Term 1','term',1,'2026-06-01','2026-09-30'),"
    " (2,'T2',1,'Term 2','term',2,'2026-10-01','2027-03-31');"
    "INSERT INTO subject VALUES (1,'MATH','Mathematics',1);"
    "INSERT INTO standard(id,code,subject_id,grade,description) VALUES"
    " (1,'M5.1',1,5,'Adds fractions'),(2,'M5.2',1,5,'Measures angles');"
    "INSERT INTO class(id,code,name,org_id,year_id,grade,subject_id) VALUES"
    " (1,'C1','5A Maths',3,1,5,1),(2,'C2','5B Maths',4,1,5,1);"
    "INSERT INTO student(id,code,given_name,family_name) VALUES"
    " (1,'S1','Asha','Rao'),(2,'S2','Bilal','Khan'),(3,'S3','Chitra','Das'),"
    " (4,'S4','Dev','Mehta'),(5,'S5','Esha','Nair');"
    "INSERT INTO enrolment(class_id,student_id) VALUES "
    "(1,1),(1,2),(1,3),(1,4),(2,5);"
    "INSERT INTO placement VALUES "
    "(1,1,3,5),(2,1,3,5),(3,1,3,5),(4,1,3,5),(5,1,4,5);"
    "INSERT INTO staff(id,code,given_name,family_name,org_id) VALUES"
    " (1,'T1','Tara','Iyer',3),(2,'T2','Uday','Sen',4),(3,'P1','Priya','Bose',"
    "3);"
    "INSERT INTO teacher_of VALUES (1,1,'lead'),(2,2,'lead');"
    "INSERT INTO guardian(id,code,given_name) VALUES (1,'G1','Gita');"
    "INSERT INTO guardian_link VALUES (1,1,'parent');"
    "INSERT INTO "
    "account(id,username,pw_hash,role,staff_id,student_id,guardian_id) VALUES"
    " (1,'teacher1','x','teacher',1,NULL,NULL),(2,'teacher2','x','teacher',2,"
    "NULL,NULL),"
    " (3,'principal1','x','principal',3,NULL,NULL),(4,'officer1','x','officer',"
    "NULL,NULL,NULL),"
    " (5,'admin','x','admin',NULL,NULL,NULL),(6,'parent1','x','parent',NULL,"
    "NULL,1),"
    " (11,'s1','x','student',NULL,1,NULL),(12,'s2','x','student',NULL,2,NULL),"
    " (13,'s3','x','student',NULL,3,NULL),(14,'s4','x','student',NULL,4,NULL),"
    " (15,'s5','x','student',NULL,5,NULL);"
    "INSERT INTO account_scope(account_id,org_id,class_id,student_id) VALUES"
    " (1,NULL,1,NULL),(2,NULL,2,NULL),(3,3,NULL,NULL),(4,2,NULL,NULL),"
    " (6,NULL,NULL,1),(11,NULL,NULL,1),(12,NULL,NULL,2),(13,NULL,NULL,3),"
    " (14,NULL,NULL,4),(15,NULL,NULL,5);"
    "INSERT INTO "
    "assessment(id,code,name,subject_id,year_id,term_id,grade,kind,date,max_"
    "score)"
    " VALUES (1,'A1','Fractions and "
    "angles',1,1,2,5,'summative','2026-11-20',15);"
    "INSERT INTO item(id,assessment_id,code,seq,max_points,standard_id) VALUES"
    " (1,1,'Q1',1,5,1),(2,1,'Q2',2,10,2);"
    "INSERT INTO calendar_event(id,code,year_id,kind,title,org_id,collects,"
    " assessment_id,start_date,due_date) VALUES"
    " (1,'EV-ATT',1,'data_collection','November registers',2,'attendance',NULL,"
    "  '2026-11-16','2026-11-20'),"
    " (2,'EV-A1',1,'assessment','Fractions test "
    "marks',2,NULL,1,'2026-11-20','2026-11-27'),"
    " (3,'EV-ATL',1,'data_collection','Attitude to learning, term "
    "2',NULL,'attitude',NULL,"
    "  '2026-11-01','2026-11-30'),"
    " (4,'EV-OBS',1,'data_collection','Lesson "
    "observations',2,'observation',NULL,"
    "  '2026-11-01','2026-12-15'),"
    " (5,'EV-RW',1,'data_collection','Mid-term results',NULL,'results',NULL,"
    "  '2026-11-15','2026-11-25');";

static inline int collect_fixture_load(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	char *msg = NULL;
	int rc = sqlite3_exec(db, collect_fixture_sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "fixture: %s\n", msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Run one integer query on a fresh connection (for assertions). */
static inline long long fix_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return v;
}

#endif
