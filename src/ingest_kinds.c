/*
 * ingest_kinds.c - the catalogue of importable kinds: for each, its table,
 * its columns (header name, table column, type, required/key, range,
 * reference, default) and a one-line description of each column, which
 * `attain template KIND` prints and docs/IMPORT.md lists. The generic
 * importer (ingest.c) is driven entirely by this table.
 */
#include <string.h>

#include "ingest.h"
#include "store_ingest.h"
#include "store_label.h"

#define CODE(d)                                                                \
	{                                                                      \
		.name = "code", .db = "code", .type = IT_TEXT,                 \
		.flags = IF_REQ | IF_KEY, .desc = d                            \
	}
#define TXT(n, f, d)                                                           \
	{                                                                      \
		.name = n, .db = n, .type = IT_TEXT, .flags = f, .desc = d     \
	}
#define REF(n, c, ent, f, d)                                                   \
	{                                                                      \
		.name = n, .db = c, .type = IT_REF, .ref = ent, .flags = f,    \
		.desc = d                                                      \
	}
#define INT(n, f, lo, hi, d)                                                   \
	{                                                                      \
		.name = n, .db = n, .type = IT_INT, .flags = f, .min = lo,     \
		.max = hi, .desc = d                                           \
	}
#define REAL(n, f, lo, hi, d)                                                  \
	{                                                                      \
		.name = n, .db = n, .type = IT_REAL, .flags = f, .min = lo,    \
		.max = hi, .desc = d                                           \
	}
#define DATE(n, f, yr, d)                                                      \
	{                                                                      \
		.name = n, .db = n, .type = IT_DATE, .flags = f, .yearof = yr, \
		.desc = d                                                      \
	}
#define BOOL(n, dflt, d)                                                       \
	{                                                                      \
		.name = n, .db = n, .type = IT_BOOL, .def = dflt, .desc = d    \
	}
#define ENUM(n, f, vals, dflt, d)                                              \
	{                                                                      \
		.name = n, .db = n, .type = IT_ENUM, .flags = f, .arg = vals,  \
		.def = dflt, .desc = d                                         \
	}
#define KIND(n, t, sp, ent, numc, yearc, d, cols)                              \
	{                                                                      \
		n, t, sp, ent, numc, yearc, d, cols,                           \
		    (int)(sizeof(cols) / sizeof(cols[0]))                      \
	}

#define BIG 1e15

static const ing_col orgs[] = {
    CODE("the organisation's code (unique)"),
    TXT("name", IF_REQ, "name"),
    REF("parent", "parent_id", STE_ORG, 0,
        "code of the parent organisation (empty at the top)"),
    TXT("level", IF_REQ,
        "level name, e.g. state, district, block, cluster, school"),
    BOOL("is_school", "0", "1 when the organisation is a school"),
};
static const ing_col years[] = {
    CODE("the academic year's code, e.g. 2024-25"),
    TXT("name", IF_REQ, "name"),
    DATE("start_date", IF_REQ, NULL, "first day (YYYY-MM-DD)"),
    DATE("end_date", IF_REQ, NULL, "last day, after start_date"),
};
static const ing_col terms[] = {
    CODE("the term's or window's code"),
    REF("year", "year_id", STE_YEAR, IF_REQ, "academic year code"),
    TXT("name", IF_REQ, "name"),
    ENUM("kind", 0, "term|window", "window", "term or window"),
    INT("seq", 0, 0, 1000, "order within the year"),
    DATE("start_date", IF_REQ, "year", "first day, within the year"),
    DATE("end_date", IF_REQ, "year", "last day, within the year"),
};
static const ing_col profiles[] = {
    REF("org", "org_id", STE_ORG, IF_REQ | IF_KEY, "school code"),
    REF("year", "year_id", STE_YEAR, IF_REQ | IF_KEY, "academic year code"),
    TXT("udise_code", 0, "UDISE+ code"),
    TXT("management", 0, "management (e.g. government, aided)"),
    ENUM("location", 0, "rural|urban", NULL, "rural or urban"),
    INT("lowest_grade", 0, -2, 14, "lowest grade taught"),
    INT("highest_grade", 0, -2, 14, "highest grade taught"),
    BOOL("drinking_water", NULL, "1 if drinking water is available"),
    INT("toilets_girls", 0, 0, 10000, "usable toilets for girls"),
    INT("toilets_boys", 0, 0, 10000, "usable toilets for boys"),
    BOOL("electricity", NULL, "1 if electricity is available"),
    BOOL("library", NULL, "1 if there is a library"),
    BOOL("ramps", NULL, "1 if there are ramps"),
    INT("classrooms", 0, 0, 10000, "number of classrooms"),
    INT("teachers", 0, 0, 100000, "number of teachers"),
    INT("enrolment", 0, 0, 1000000, "number of students enrolled"),
    REAL("pupil_teacher_ratio", 0, 0, 10000, "pupils per teacher"),
};
static const ing_col students[] = {
    CODE("the student's code (unique)"),
    TXT("given_name", IF_REQ, "given name"),
    TXT("family_name", IF_EMPTY, "family name"),
    ENUM("gender", 0, "F|M|X", NULL, "F, M or X"),
    DATE("birth_date", 0, NULL, "date of birth"),
    BOOL("ses_disadvantaged", NULL, "1 if socio-economically disadvantaged"),
    BOOL("special_needs", NULL, "1 if the student has special needs"),
    TXT("home_language", 0, "home language"),
    TXT("social_category", 0, "social category (e.g. SC, ST, OBC, GEN)"),
    BOOL("active", "1", "0 when the student has left"),
};
static const ing_col student_attrs[] = {
    REF("student", "student_id", STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    TXT("key", IF_REQ | IF_KEY, "attribute name"),
    TXT("value", IF_REQ | IF_FREE, "attribute value"),
};
static const ing_col staff[] = {
    CODE("the staff member's code (unique)"),
    TXT("given_name", IF_REQ, "given name"),
    TXT("family_name", IF_EMPTY, "family name"),
    TXT("email", 0, "e-mail address"),
    REF("org", "org_id", STE_ORG, 0, "code of the school or office"),
    TXT("title", 0, "job title"),
    BOOL("active", "1", "0 when the person has left"),
};
static const ing_col guardians[] = {
    CODE("the parent's or carer's code (unique)"),
    TXT("given_name", IF_REQ, "given name"),
    TXT("family_name", IF_EMPTY, "family name"),
    TXT("email", 0, "e-mail address"),
    TXT("phone", 0, "phone number"),
};
static const ing_col guardian_links[] = {
    REF("guardian", "guardian_id", STE_GUARDIAN, IF_REQ | IF_KEY,
        "guardian code"),
    REF("student", "student_id", STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    {.name = "relation",
     .db = "relation",
     .type = IT_TEXT,
     .def = "parent",
     .desc = "relation, e.g. mother, father, carer"},
};
static const ing_col subjects[] = {
    CODE("the subject's code (unique)"),
    TXT("name", IF_REQ, "name"),
    BOOL("core", "1", "1 for a core subject"),
};
static const ing_col classes[] = {
    CODE("the class's code (unique)"),
    TXT("name", IF_REQ, "name"),
    REF("org", "org_id", STE_ORG, IF_REQ, "school code"),
    REF("year", "year_id", STE_YEAR, IF_REQ, "academic year code"),
    INT("grade", 0, -2, 14, "grade (0 kindergarten, -1 pre-K)"),
    REF("subject", "subject_id", STE_SUBJECT, 0,
        "subject code (empty for a homeroom)"),
};
static const ing_col teachers[] = {
    REF("class", "class_id", STE_CLASS, IF_REQ | IF_KEY, "class code"),
    REF("staff", "staff_id", STE_STAFF, IF_REQ | IF_KEY, "staff code"),
    ENUM("role", 0, "lead|assistant", "lead", "lead or assistant"),
};
static const ing_col enrolments[] = {
    REF("class", "class_id", STE_CLASS, IF_REQ | IF_KEY, "class code"),
    REF("student", "student_id", STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    DATE("start_date", 0, "class", "first day, within the class's year"),
    DATE("end_date", 0, "class", "last day, within the class's year"),
};
static const ing_col placements[] = {
    REF("student", "student_id", STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    REF("year", "year_id", STE_YEAR, IF_REQ | IF_KEY, "academic year code"),
    REF("org", "org_id", STE_ORG, IF_REQ, "school code"),
    INT("grade", IF_REQ, -2, 14, "grade"),
};
static const ing_col standards[] = {
    CODE("the standard's or learning outcome's code (unique)"),
    REF("subject", "subject_id", STE_SUBJECT, IF_REQ, "subject code"),
    INT("grade", 0, -2, 14, "grade level"),
    TXT("description", IF_REQ | IF_FREE, "what the student can do"),
    REF("parent", "parent_id", STE_STANDARD, 0, "code of the broader standard"),
};
static const ing_col assessments[] = {
    CODE("the assessment's code (unique)"),
    TXT("name", IF_REQ, "name"),
    REF("subject", "subject_id", STE_SUBJECT, IF_REQ, "subject code"),
    REF("year", "year_id", STE_YEAR, IF_REQ, "academic year code"),
    REF("term", "term_id", STE_TERM, 0, "term or window code"),
    INT("grade", 0, -2, 14, "grade"),
    ENUM("kind", IF_REQ, "baseline|formative|summative|diagnostic", NULL,
         "baseline, formative, summative or diagnostic"),
    DATE("date", 0, "year", "date taken, within the year"),
    REAL("max_score", IF_REQ, 1e-9, BIG, "highest possible score (> 0)"),
    {.name = "scale",
     .db = "scale",
     .type = IT_TEXT,
     .def = "raw",
     .desc = "score scale name"},
    REF("class", "class_id", STE_CLASS, 0, "class code when set by one class"),
};
static const ing_col cut_scores[] = {
    REF("assessment", "assessment_id", STE_ASSESSMENT, IF_REQ | IF_KEY,
        "assessment code"),
    INT("seq", IF_REQ | IF_KEY, 0, 100, "band order, 0 the lowest"),
    TXT("band", IF_REQ, "band name, e.g. proficient"),
    {.name = "min_score",
     .db = "min_score",
     .type = IT_REAL,
     .flags = IF_REQ,
     .maxof = "assessment",
     .desc = "lowest score in the band, within 0..max_score"},
};
static const ing_col items[] = {
    REF("assessment", "assessment_id", STE_ASSESSMENT, IF_REQ | IF_KEY,
        "assessment code"),
    {.name = "code",
     .db = "code",
     .type = IT_TEXT,
     .flags = IF_REQ | IF_KEY,
     .desc = "item code within the assessment"},
    INT("seq", 0, 0, 100000, "order in the assessment"),
    REAL("max_points", IF_REQ, 1e-9, BIG, "highest possible points (> 0)"),
    REF("standard", "standard_id", STE_STANDARD, 0,
        "standard the item measures"),
    INT("dok", 0, 1, 4, "depth of knowledge, 1..4"),
};
static const ing_col results[] = {
    REF("assessment", "assessment_id", STE_ASSESSMENT, IF_REQ | IF_KEY,
        "assessment code"),
    REF("student", "student_id", STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    {.name = "score",
     .db = "score",
     .type = IT_REAL,
     .flags = IF_REQ,
     .maxof = "assessment",
     .desc = "score, within 0..max_score"},
};
static const ing_col item_responses[] = {
    REF("assessment", NULL, STE_ASSESSMENT, IF_REQ | IF_NOSTORE,
        "assessment code"),
    {.name = "item",
     .db = "item_id",
     .type = IT_REF,
     .ref = STE_ITEM,
     .flags = IF_REQ | IF_KEY,
     .scope = "assessment",
     .desc = "item code within the assessment"},
    REF("student", "student_id", STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    {.name = "points",
     .db = "points",
     .type = IT_REAL,
     .flags = IF_REQ,
     .maxof = "item",
     .desc = "points, within 0..max_points"},
};
static const ing_col attendance[] = {
    REF("student", NULL, STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    {.name = "date",
     .type = IT_DATE,
     .flags = IF_REQ | IF_KEY,
     .desc = "day, within an academic year"},
    {.name = "status",
     .type = IT_STATUS,
     .flags = IF_REQ,
     .desc = "present/P, absent/A, excused/E, late/L, closed/C, none/-"},
};
static const ing_col behaviour[] = {
    CODE("the event's code (unique)"),
    REF("student", "student_id", STE_STUDENT, IF_REQ, "student code"),
    DATE("date", IF_REQ, NULL, "day of the event"),
    ENUM("kind", IF_REQ, "positive|negative", NULL, "positive or negative"),
    TXT("category", IF_REQ, "category, e.g. disruption, kindness"),
    INT("points", 0, -1000, 1000, "points"),
    BOOL("serious", "0", "1 for a serious incident"),
    REF("staff", "staff_id", STE_STAFF, 0, "recording staff code"),
    TXT("note", IF_FREE, "note"),
};
static const ing_col attitude[] = {
    REF("student", "student_id", STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    REF("term", "term_id", STE_TERM, IF_REQ | IF_KEY, "term code"),
    REF("subject", "subject_id", STE_SUBJECT, IF_REQ | IF_KEY, "subject code"),
    INT("grade", IF_REQ, 1, 4,
        "1 excellent, 2 good, 3 requires improvement, 4 poor"),
};
static const ing_col surveys[] = {
    CODE("the survey's code (unique)"),
    TXT("title", IF_REQ, "title"),
    ENUM("audience", IF_REQ, "student|parent|staff", NULL,
         "student, parent or staff"),
    BOOL("anonymous", "1", "1 when responses name no one"),
    BOOL("needs_consent", "0", "1 when only consenting students take it"),
    REF("year", "year_id", STE_YEAR, 0, "academic year code"),
    REF("org", "org_id", STE_ORG, 0, "organisation code"),
    DATE("open_date", 0, "year", "opening day"),
    DATE("close_date", 0, "year", "closing day"),
};
static const ing_col questions[] = {
    REF("survey", "survey_id", STE_SURVEY, IF_REQ | IF_KEY, "survey code"),
    INT("seq", IF_REQ | IF_KEY, 0, 100000, "question number"),
    ENUM("kind", IF_REQ, "likert|text", NULL, "likert (1..5) or text"),
    TXT("text", IF_REQ | IF_FREE, "question text"),
};
static const ing_col responses[] = {
    CODE("the response's code (unique)"),
    REF("survey", "survey_id", STE_SURVEY, IF_REQ, "survey code"),
    ENUM("respondent_role", IF_REQ, "student|parent|staff", NULL,
         "student, parent or staff"),
    REF("student", "student_id", STE_STUDENT, 0,
        "student code (non-anonymous surveys only)"),
    REF("guardian", "guardian_id", STE_GUARDIAN, 0,
        "guardian code (non-anonymous surveys only)"),
    REF("staff", "staff_id", STE_STAFF, 0,
        "staff code (non-anonymous surveys only)"),
    REF("org", "org_id", STE_ORG, 0, "school code"),
    DATE("submitted_on", 0, NULL, "day submitted"),
};
static const ing_col answers[] = {
    REF("response", "response_id", STE_RESPONSE, IF_REQ | IF_KEY,
        "response code"),
    REF("survey", NULL, STE_SURVEY, IF_REQ | IF_NOSTORE, "survey code"),
    {.name = "question",
     .db = "question_id",
     .type = IT_REF,
     .ref = STE_QUESTION,
     .flags = IF_REQ | IF_KEY,
     .scope = "survey",
     .desc = "question number within the survey"},
    INT("value", 0, 1, 5, "likert answer 1..5"),
    TXT("text", IF_FREE, "free-text answer"),
};
static const ing_col themes[] = {
    CODE("the theme's code (unique)"),
    TXT("name", IF_REQ, "name"),
    TXT("keywords", IF_EMPTY, "keywords separated by |"),
};
static const ing_col observations[] = {
    CODE("the observation's code (unique)"),
    REF("staff", "staff_id", STE_STAFF, IF_REQ, "observed teacher's code"),
    REF("observer", "observer_id", STE_STAFF, 0, "observer's staff code"),
    REF("org", "org_id", STE_ORG, IF_REQ, "school code"),
    REF("class", "class_id", STE_CLASS, 0, "class code"),
    DATE("date", IF_REQ, NULL, "day of the observation"),
    {.name = "rubric",
     .db = "rubric",
     .type = IT_TEXT,
     .def = "default",
     .desc = "rubric name"},
    TXT("notes", IF_FREE, "notes"),
    TXT("next_steps", IF_FREE, "agreed next steps"),
};
static const ing_col observation_scores[] = {
    REF("observation", "observation_id", STE_OBSERVATION, IF_REQ | IF_KEY,
        "observation code"),
    TXT("criterion", IF_REQ | IF_KEY, "rubric criterion"),
    INT("score", IF_REQ, 1, 4, "score 1..4"),
};
static const ing_col observation_themes[] = {
    {.name = "source",
     .db = "source",
     .type = IT_CONST,
     .flags = IF_KEY,
     .arg = "observation",
     .desc = "(always observation)"},
    REF("observation", "source_id", STE_OBSERVATION, IF_REQ | IF_KEY,
        "observation code"),
    {.name = "question_id",
     .db = "question_id",
     .type = IT_CONST,
     .flags = IF_KEY,
     .arg = "0",
     .desc = "(always 0)"},
    REF("theme", "theme_id", STE_THEME, IF_REQ | IF_KEY, "theme code"),
};
static const ing_col interventions[] = {
    CODE("the intervention's code (unique)"),
    TXT("name", IF_REQ, "name"),
    REF("org", "org_id", STE_ORG, 0, "organisation running it"),
    REF("subject", "subject_id", STE_SUBJECT, 0, "subject code"),
    REF("year", "year_id", STE_YEAR, IF_REQ, "academic year code"),
    DATE("start_date", 0, "year", "first day"),
    DATE("end_date", 0, "year", "last day"),
    REAL("cost", 0, 0, BIG, "total cost (>= 0)"),
    TXT("description", IF_FREE, "description"),
};
static const ing_col participants[] = {
    REF("intervention", "intervention_id", STE_INTERVENTION, IF_REQ | IF_KEY,
        "intervention code"),
    REF("student", "student_id", STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    REAL("dosage", 0, 0, BIG, "sessions or hours received (>= 0)"),
    DATE("start_date", 0, "intervention", "first day"),
    DATE("end_date", 0, "intervention", "last day"),
};
static const ing_col goals[] = {
    CODE("the goal's code (unique)"),
    TXT("title", IF_REQ, "title"),
    REF("student", "student_id", STE_STUDENT, 0,
        "student code (exactly one of student, class, org)"),
    REF("class", "class_id", STE_CLASS, 0, "class code"),
    REF("org", "org_id", STE_ORG, 0, "organisation code"),
    REF("subject", "subject_id", STE_SUBJECT, 0, "subject code"),
    ENUM("metric", IF_REQ, "mean_score|share_proficient|attendance_rate|score",
         NULL, "mean_score, share_proficient, attendance_rate or score"),
    REAL("baseline", IF_REQ, 0, 100, "baseline percent"),
    DATE("baseline_date", IF_REQ, NULL, "day of the baseline"),
    REAL("target", IF_REQ, 0, 100, "target percent"),
    DATE("due_date", IF_REQ, NULL, "day the target is due"),
    ENUM("set_by", 0, "staff|student", "staff", "staff or student"),
    REF("staff", "staff_id", STE_STAFF, 0, "staff code who set it"),
};
static const ing_col consent[] = {
    REF("student", "student_id", STE_STUDENT, IF_REQ | IF_KEY, "student code"),
    TXT("purpose", IF_REQ | IF_KEY, "what the data may be used for"),
    {.name = "granted",
     .db = "granted",
     .type = IT_BOOL,
     .flags = IF_REQ,
     .desc = "1 granted, 0 refused or withdrawn"},
    DATE("date", IF_REQ, NULL, "day given"),
    TXT("given_by", IF_REQ, "who gave it (student, parent name)"),
};
static const ing_col events[] = {
    CODE("the event's code (unique)"),
    REF("year", "year_id", STE_YEAR, IF_REQ, "academic year code"),
    ENUM("kind", IF_REQ, "assessment|data_collection|reporting|parent_meeting",
         NULL, "assessment, data_collection, reporting or parent_meeting"),
    TXT("title", IF_REQ, "title"),
    REF("org", "org_id", STE_ORG, 0, "organisation (empty: everyone)"),
    ENUM("collects", 0,
         "attendance|results|attitude|survey|observation|profile", NULL,
         "what a data collection collects"),
    REF("assessment", "assessment_id", STE_ASSESSMENT, 0, "assessment code"),
    REF("survey", "survey_id", STE_SURVEY, 0, "survey code"),
    DATE("start_date", IF_REQ, "year", "first day"),
    DATE("due_date", IF_REQ, "year", "due day"),
};
static const ing_col submissions[] = {
    REF("event", "event_id", STE_EVENT, IF_REQ | IF_KEY, "calendar event code"),
    REF("org", "org_id", STE_ORG, IF_REQ | IF_KEY, "school code"),
    DATE("submitted_on", IF_REQ, NULL, "day submitted"),
    INT("rows", 0, 0, BIG, "rows submitted"),
};
static const ing_col labels[] = {
    ENUM("kind", IF_REQ | IF_KEY, STORE_LABEL_KINDS, NULL,
         "what is named (docs/SCHEMA.md, Labels)"),
    TXT("code", IF_REQ | IF_KEY,
        "its code (a question: SURVEY/SEQ; a band, org level, criterion,"
        " language or behaviour category: the value as stored)"),
    TXT("lang", IF_REQ | IF_KEY, "language code, e.g. hi"),
    TXT("text", IF_REQ, "the name in that language"),
};

static const ing_kind kinds[] = {
    KIND("orgs", "org", IK_ORG, STE_ORG, NULL, NULL,
         "organisations (state, district, ..., school)", orgs),
    KIND("years", "academic_year", IK_YEAR, STE_YEAR, NULL, NULL,
         "academic years", years),
    KIND("terms", "term", IK_PLAIN, STE_TERM, NULL, "year",
         "terms and assessment windows", terms),
    KIND("school_profiles", "school_profile", IK_PLAIN, -1, NULL, NULL,
         "school context and facilities per year (UDISE+)", profiles),
    KIND("subjects", "subject", IK_PLAIN, STE_SUBJECT, NULL, NULL, "subjects",
         subjects),
    KIND("students", "student", IK_PLAIN, STE_STUDENT, NULL, NULL,
         "students and their context", students),
    KIND("student_attributes", "student_attr", IK_PLAIN, -1, NULL, NULL,
         "free-form student context attributes", student_attrs),
    KIND("staff", "staff", IK_PLAIN, STE_STAFF, NULL, NULL,
         "teachers and other staff", staff),
    KIND("guardians", "guardian", IK_PLAIN, STE_GUARDIAN, NULL, NULL,
         "parents and carers", guardians),
    KIND("guardian_links", "guardian_link", IK_PLAIN, -1, NULL, NULL,
         "which guardian belongs to which student", guardian_links),
    KIND("classes", "class", IK_PLAIN, STE_CLASS, NULL, "year",
         "classes and sections", classes),
    KIND("teachers", "teacher_of", IK_PLAIN, -1, NULL, NULL,
         "who teaches which class", teachers),
    KIND("enrolments", "enrolment", IK_PLAIN, -1, NULL, NULL,
         "which student is in which class", enrolments),
    KIND("placements", "placement", IK_PLAIN, -1, NULL, NULL,
         "a student's school and grade in a year", placements),
    KIND("standards", "standard", IK_PLAIN, STE_STANDARD, NULL, NULL,
         "standards and learning outcomes", standards),
    KIND("assessments", "assessment", IK_PLAIN, STE_ASSESSMENT, "max_score",
         "year", "assessments", assessments),
    KIND("cut_scores", "cut_score", IK_PLAIN, -1, NULL, NULL,
         "proficiency band thresholds", cut_scores),
    KIND("items", "item", IK_PLAIN, STE_ITEM, "max_points", NULL,
         "assessment items (questions)", items),
    KIND("results", "result", IK_SCORES, -1, NULL, NULL, "assessment scores",
         results),
    KIND("item_responses", "item_response", IK_SCORES, -1, NULL, NULL,
         "points per item", item_responses),
    KIND("attendance", "attendance", IK_ATTENDANCE, -1, NULL, NULL,
         "daily attendance, one row per student and day", attendance),
    KIND("behaviour", "behaviour_event", IK_PLAIN, -1, NULL, NULL,
         "behaviour events", behaviour),
    KIND("attitude", "attitude_grade", IK_PLAIN, -1, NULL, NULL,
         "attitude-to-learning grades", attitude),
    KIND("surveys", "survey", IK_PLAIN, STE_SURVEY, "anonymous", "year",
         "surveys", surveys),
    KIND("questions", "survey_question", IK_PLAIN, STE_QUESTION, NULL, NULL,
         "survey questions", questions),
    KIND("responses", "survey_response", IK_PLAIN, STE_RESPONSE, NULL, NULL,
         "survey responses (one per respondent)", responses),
    KIND("answers", "survey_answer", IK_PLAIN, -1, NULL, NULL,
         "answers within a survey response", answers),
    KIND("themes", "theme", IK_PLAIN, STE_THEME, NULL, NULL,
         "codebook themes for qualitative coding", themes),
    KIND("observations", "observation", IK_PLAIN, STE_OBSERVATION, NULL, NULL,
         "lesson observations", observations),
    KIND("observation_scores", "observation_score", IK_PLAIN, -1, NULL, NULL,
         "rubric scores of an observation", observation_scores),
    KIND("observation_themes", "text_theme", IK_PLAIN, -1, NULL, NULL,
         "codebook themes tagged on an observation's notes",
         observation_themes),
    KIND("interventions", "intervention", IK_PLAIN, STE_INTERVENTION, NULL,
         "year", "interventions", interventions),
    KIND("participants", "participant", IK_PLAIN, -1, NULL, NULL,
         "students in an intervention", participants),
    KIND("goals", "goal", IK_GOAL, -1, NULL, NULL,
         "goals for a student, class or organisation", goals),
    KIND("consent", "consent", IK_PLAIN, -1, NULL, NULL, "consent records",
         consent),
    KIND("events", "calendar_event", IK_PLAIN, STE_EVENT, NULL, "year",
         "calendar events and data collections", events),
    KIND("submissions", "collection_submission", IK_PLAIN, -1, NULL, NULL,
         "a school's submission to a data collection", submissions),
    KIND("labels", "label", IK_PLAIN, -1, NULL, NULL,
         "names of coded things in other languages", labels),
};

const ing_kind *ingest_kinds(int *n)
{
	*n = (int)(sizeof(kinds) / sizeof(kinds[0]));
	return kinds;
}

const ing_kind *ingest_kind_find(const char *name)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

int ingest_col_find(const ing_kind *k, const char *name)
{
	for (int i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, name) == 0)
			return i;
	return -1;
}
