/*
 * demo_text.h - the demo's word lists (demo_text.c): names, strands,
 * learning-outcome texts, the codebook of themes and their phrases, survey
 * questions, rubric criteria and next steps, and the Hindi names of what
 * the demo names (the label table).
 */
#ifndef ATTAIN_DEMO_TEXT_H
#define ATTAIN_DEMO_TEXT_H

#define DM_NTHEMES 10
#define DM_NCRITERIA 5
#define DM_NQUESTIONS 6 /* per survey: 5 Likert, 1 free text (last) */

typedef struct dm_theme_def {
	const char *code, *name, *keywords;
} dm_theme_def;

typedef struct dm_question {
	const char *kind, *text;
} dm_question;

extern const char *const dm_given_f[];
extern const char *const dm_given_m[];
extern const char *const dm_family[];
extern const int dm_ngiven, dm_nfamily;
extern const char *const dm_language[];
extern const char *const dm_language_hi[];
extern const int dm_nlanguages;
extern const char *const dm_category[];
extern const char *const dm_transport[];
extern const char *const dm_management[];
extern const char *const dm_strand[3][4];
extern const char *const dm_strand_hi[3][4];
extern const char *const dm_lo_text[3][10];
extern const char *const dm_lo_text_hi[3][10];
extern const dm_theme_def dm_themes[DM_NTHEMES];
extern const char *const dm_theme_name_hi[DM_NTHEMES];
/* [theme][0 student, 1 parent, 2 staff, 3 observation][variant] */
extern const char *const dm_phrases[DM_NTHEMES][4][3];
extern const char *const dm_criteria[DM_NCRITERIA];
extern const char *const dm_criteria_hi[DM_NCRITERIA];
extern const char *const dm_next_steps[];
extern const int dm_nnext_steps;
/* [0 student, 1 parent, 2 staff][question] */
extern const dm_question dm_questions[3][DM_NQUESTIONS];
extern const char *const dm_questions_hi[3][DM_NQUESTIONS];

#endif
