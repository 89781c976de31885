/*
 * fuzz_common.h - what the importer harnesses share: one in-memory store,
 * seeded once with a school, a year, a subject, students, an assessment
 * with an item, a survey and a term, so fuzzed rows can reference real
 * codes. Each run's batch is rolled back (ingest_free without finish), so
 * runs do not depend on each other.
 */
#ifndef ATTAIN_FUZZ_COMMON_H
#define ATTAIN_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest.h"
#include "ingest_csv.h"
#include "store.h"

static store *fuzz_store;

static void fuzz_seed_kind(const char *kind, const char *csv)
{
	const ing_kind *k = ingest_kind_find(kind);
	ingest_opts o = {.quiet = 1};
	FILE *devnull = fopen("/dev/null", "w");
	o.msg = devnull;
	ingest *g = ingest_alloc(fuzz_store, &o);
	att_err e;
	err_clear(&e);
	if (ingest_begin(g, kind, "seed", &e) ||
	    ingest_csv_mem(g, k, "seed", csv, strlen(csv), NULL, &e) ||
	    ingest_finish(g, "seed", &e))
		abort();
	ingest_free(g);
	fclose(devnull);
}

static void fuzz_init_store(void)
{
	att_err e;
	err_clear(&e);
	if (store_open(":memory:", &fuzz_store, &e))
		abort();
	fuzz_seed_kind("orgs", "code,name,parent,level,is_school\n"
	                       "D,District,,district,0\nS,School,D,school,1\n");
	fuzz_seed_kind("years", "code,name,start_date,end_date\n"
	                        "Y,2024,2024-06-01,2025-05-31\n");
	fuzz_seed_kind("terms", "code,year,name,start_date,end_date\n"
	                        "T,Y,Term,2024-06-01,2024-10-31\n");
	fuzz_seed_kind("subjects", "code,name\nM,Maths\n");
	fuzz_seed_kind("students", "code,given_name\nS1,A\nS2,B\nS3,C\n");
	fuzz_seed_kind("staff", "code,given_name,org\nT1,X,S\n");
	fuzz_seed_kind("classes", "code,name,org,year,grade,subject\n"
	                          "C,5A,S,Y,5,M\n");
	fuzz_seed_kind("assessments", "code,name,subject,year,kind,max_score\n"
	                              "A,Test,M,Y,summative,50\n");
	fuzz_seed_kind("items", "assessment,code,max_points\nA,Q1,5\n");
	fuzz_seed_kind("surveys", "code,title,audience,anonymous\n"
	                          "SV,Survey,student,0\n");
	fuzz_seed_kind("questions", "survey,seq,kind,text\nSV,1,likert,Q\n");
}

#endif
