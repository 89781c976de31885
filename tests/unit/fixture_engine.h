/*
 * fixture_engine.h - a small hand-made district for the engine and
 * analysis tests (header-only): state > 2 districts > 3 schools, 8
 * students, two years, one maths assessment per year with cut scores,
 * four items, a little attendance, behaviour, an intervention and a goal.
 *
 * Plain arrays handed to the engine's builders (fixture_engine_build: no
 * store, no database) for the analysis tests. The same rows are kept as
 * SQL for the tests of loading from the store (fixture_store.h), and
 * test_engine checks that both give the same engine. Expected values are
 * noted in the tests.
 */
#ifndef ATTAIN_FIXTURE_ENGINE_H
#define ATTAIN_FIXTURE_ENGINE_H

#include <math.h>
#include <stdio.h>

#include "engine.h"

/* ---- the same district as plain arrays ---- */

static const eng_level_row fx_levels[] = {
    {0, "state"}, {1, "district"}, {2, "school"}};
static const eng_org_row fx_orgs[] = {
    {10, "ST", "State", -1, "state", 0},
    {11, "D1", "District 1", 10, "district", 0},
    {12, "D2", "District 2", 10, "district", 0},
    {20, "S1", "School 1", 11, "school", 1},
    {21, "S2", "School 2", 11, "school", 1},
    {22, "S3", "School 3", 12, "school", 1}};
static const eng_year_row fx_years[] = {
    {1, "2023", "2023-06-01", "2024-03-31"},
    {2, "2024", "2024-06-01", "2025-03-31"}};
static const eng_term_row fx_terms[] = {
    {1, "2023-EOY", 1, 2, "window", "2024-02-01", "2024-03-31"},
    {2, "2024-EOY", 2, 2, "window", "2025-02-01", "2025-03-31"}};
static const eng_subject_row fx_subjects[] = {{1, "MATH", "Mathematics", 1},
                                              {2, "LANG", "Language", 1}};
static const eng_standard_row fx_standards[] = {
    {1, "M4.1", 1, 4, -1, "Place value"}, {2, "M4.2", 1, 4, -1, "Fractions"}};
static const eng_student_row fx_students[] = {
    {101, "P1", "F", NULL, 1, 0, "hi", "SC", 1},
    {102, "P2", "M", NULL, 0, 0, "hi", "GEN", 1},
    {103, "P3", "F", NULL, 0, 1, "en", "GEN", 1},
    {104, "P4", "M", NULL, 1, 0, "hi", "OBC", 1},
    {105, "P5", "F", NULL, 0, 0, "en", "GEN", 1},
    {106, "P6", "M", NULL, -1, 0, "hi", "SC", 1},
    {107, "P7", "F", NULL, 1, 0, NULL, NULL, 1},
    {108, "P8", "M", NULL, 0, 0, "en", "GEN", 1}};
static const eng_staff_row fx_staff[] = {{1, "T1", 20}, {2, "T2", 22}};
static const eng_class_row fx_classes[] = {{1, "C1", 20, 1, 4, 1},
                                           {2, "C2", 22, 1, 4, -1}};
static const eng_teacher_row fx_teachers[] = {{1, 1, "lead"}, {2, 2, "lead"}};
static const eng_enrolment_row fx_enrolments[] = {
    {1, 101}, {1, 102}, {1, 103}, {2, 106}, {2, 107}};
static const eng_placement_row fx_placements[] = {
    {101, 1, 20, 4}, {101, 2, 20, 5}, {102, 1, 20, 4}, {102, 2, 20, 5},
    {103, 1, 20, 4}, {104, 1, 21, 4}, {105, 1, 21, 4}, {106, 1, 22, 4},
    {107, 1, 22, 4}, {108, 1, 22, 4}};
static const eng_assessment_row fx_assessments[] = {
    {1, "M4-2023", "Maths G4", 1, 1, 1, 4, "summative", "2024-03-01", 4, -1},
    {2, "M5-2024", "Maths G5", 1, 2, 2, 5, "summative", "2025-03-01", 100, -1}};
static const eng_cut_row fx_cuts[] = {{1, 0, "below basic", 0},
                                      {1, 1, "basic", 1},
                                      {1, 2, "proficient", 3},
                                      {1, 3, "advanced", 4}};
static const eng_item_row fx_items[] = {{1, "Q1", 1, 1, 1, 1, -1},
                                        {2, "Q2", 1, 2, 1, 1, -1},
                                        {3, "Q3", 1, 3, 1, 2, -1},
                                        {4, "Q4", 1, 4, 1, 2, -1}};
/* item responses: per student P1..P8, points on Q1..Q4 */
static const double fx_points[8][4] = {{1, 1, 1, 1}, {1, 1, 1, 0}, {1, 1, 0, 0},
                                       {1, 0, 1, 0}, {1, 0, 0, 0}, {0, 1, 0, 0},
                                       {1, 1, 1, 0}, {0, 0, 0, 0}};
/* results: assessment, student, score */
static const double fx_results[][3] = {
    {1, 101, 4}, {1, 102, 3}, {1, 103, 2}, {1, 104, 2},  {1, 105, 1},
    {1, 106, 1}, {1, 107, 3}, {1, 108, 0}, {2, 101, 70}, {2, 102, 50}};
static const uint8_t fx_marks101[] = {0x21, 0x43}, fx_marks102[] = {0x11, 0x11};
static const eng_behaviour_row fx_behaviour[] = {
    {101, "2023-09-05", "positive", "effort", 1, 0, -1},
    {102, "2023-09-01", "negative", "fight", -3, 1, -1},
    {102, "2023-09-02", "negative", "disruption", -1, 0, -1}};
static const eng_intervention_row fx_interventions[] = {
    {1, "IV1", "Tutoring", 20, 1, 1, NULL, NULL, 500}};
static const eng_participant_row fx_participants[] = {
    {1, 103, 10, NULL, NULL}, {1, 105, NAN, NULL, NULL}};
static const eng_goal_row fx_goals[] = {{1, "G1", "Raise maths", -1, -1, 20, 1,
                                         "mean_score", 50, "2023-06-01", 60,
                                         "2024-03-31", "staff", -1}};
static const eng_profile_row fx_profiles[] = {
    {20, 1, "rural", 1, -1, -1, -1, -1, -1, -1, 5, -1, 32.5}};

#define FX_ADD(b, table, fn, rows)                                             \
	do {                                                                   \
		engine_build_table((b), (table), ARRAY_LEN(rows));             \
		for (size_t k_ = 0; k_ < ARRAY_LEN(rows); k_++)                \
			fn((b), &(rows)[k_]);                                  \
	} while (0)

/* The fixture's engine with the parts (ENG_LOAD_*) engine_load_alloc
 * would read, built from the arrays above. */
static inline engine *fixture_engine_build(unsigned parts)
{
	eng_build *b = engine_build_begin();
	FX_ADD(b, ENG_T_LEVEL, engine_add_level, fx_levels);
	FX_ADD(b, ENG_T_ORG, engine_add_org, fx_orgs);
	FX_ADD(b, ENG_T_YEAR, engine_add_year, fx_years);
	FX_ADD(b, ENG_T_TERM, engine_add_term, fx_terms);
	FX_ADD(b, ENG_T_SUBJECT, engine_add_subject, fx_subjects);
	FX_ADD(b, ENG_T_STANDARD, engine_add_standard, fx_standards);
	FX_ADD(b, ENG_T_STUDENT, engine_add_student, fx_students);
	FX_ADD(b, ENG_T_STAFF, engine_add_staff, fx_staff);
	FX_ADD(b, ENG_T_CLASS, engine_add_class, fx_classes);
	FX_ADD(b, ENG_T_TEACHER, engine_add_teacher, fx_teachers);
	FX_ADD(b, ENG_T_ENROLMENT, engine_add_enrolment, fx_enrolments);
	FX_ADD(b, ENG_T_PLACEMENT, engine_add_placement, fx_placements);
	FX_ADD(b, ENG_T_ASSESSMENT, engine_add_assessment, fx_assessments);
	FX_ADD(b, ENG_T_CUT, engine_add_cut, fx_cuts);
	FX_ADD(b, ENG_T_ITEM, engine_add_item, fx_items);
	if (parts & ENG_LOAD_ITEMS) {
		eng_rows *r = engine_responses_begin(b);
		for (int s = 0; s < 8; s++)
			for (int q = 0; q < 4; q++) {
				int64_t item = q + 1, st = 101 + s;
				engine_rows_add(r, 1, &item, &st,
				                &fx_points[s][q]);
			}
		engine_rows_end(r);
	}
	if (parts & ENG_LOAD_ATTENDANCE) {
		eng_attendance *a = engine_attendance_begin(b);
		engine_attendance_add(a, 101, 1, fx_marks101, 2);
		engine_attendance_add(a, 102, 1, fx_marks102, 2);
		engine_attendance_end(a);
	}
	if (parts & ENG_LOAD_RESULTS) {
		eng_rows *r = engine_results_begin(b);
		for (size_t k = 0; k < ARRAY_LEN(fx_results); k++) {
			int64_t a = (int64_t)fx_results[k][0],
			        st = (int64_t)fx_results[k][1];
			engine_rows_add(r, 1, &a, &st, &fx_results[k][2]);
		}
		engine_rows_end(r);
	}
	if (parts & ENG_LOAD_BEHAVIOUR)
		FX_ADD(b, ENG_T_BEHAVIOUR, engine_add_behaviour, fx_behaviour);
	if (parts & ENG_LOAD_OTHER) {
		FX_ADD(b, ENG_T_INTERVENTION, engine_add_intervention,
		       fx_interventions);
		FX_ADD(b, ENG_T_PARTICIPANT, engine_add_participant,
		       fx_participants);
		FX_ADD(b, ENG_T_GOAL, engine_add_goal, fx_goals);
		FX_ADD(b, ENG_T_PROFILE, engine_add_profile, fx_profiles);
	}
	engine *g = NULL;
	att_err e;
	if (engine_build_end(b, &g, &e))
		fprintf(stderr, "fixture: %s\n", e.msg);
	return g;
}

#endif
