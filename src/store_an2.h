/*
 * store_an2.h - the SQL the analyses of engine II need beyond the engine's
 * snapshot: survey answers, observation and survey free text, the theme
 * codebook and its tags, the distinct names to scrub from quotes, and the
 * school value-added rows the peer-learning pairs start from.
 *
 * Every query streams its rows to a callback as an se_row (store_engine.h:
 * integers, doubles and borrowed text per column, NULL as -1 / NaN /
 * NULL); the callback returns non-zero to stop. Returns ATT_OK, the
 * callback's stop value, or ATT_EIO with e filled.
 */
#ifndef ATTAIN_STORE_AN2_H
#define ATTAIN_STORE_AN2_H

#include "store.h"
#include "store_engine.h"
#include "util.h"

typedef enum an2_query {
	/* response id, org id, student id (NULL when anonymous), respondent
	 * role, mean of its Likert answers (1..5), number of answers */
	AN2_SURVEY_RESPONSES,
	/* source ('observation' | 'survey'), source id, question id (0 for
	 * notes), org id, text; ordered by source, source id, question id */
	AN2_TEXTS,
	/* theme id, code, name, keywords; by id */
	AN2_THEMES,
	/* source, source id, question id, theme id; same order as AN2_TEXTS */
	AN2_TAGS,
	/* one distinct given or family name of a student, staff member or
	 * guardian per row */
	AN2_NAMES,
	/* school value-added of one model (bind 1: model): org id, subject
	 * id, year id, n, va, lo, hi, from va_group rows of group_kind 'org' */
	AN2_VA_ORG,
	/* the counts an aggregate view releases, of the latest rows of the
	 * units and ews analyses (release.h families): family, org id, year
	 * id, subject id (0: every subject), grade (-1: every grade),
	 * subgroup ('all' or a group as desc_stat names it), count */
	AN2_RELEASE_CELLS,
	AN2_NQUERIES
} an2_query;

/* Run query q (text parameter p1 for AN2_VA_ORG, else NULL). */
int store_an2_scan(store *s, an2_query q, const char *p1, se_row_fn fn,
                   void *ctx, att_err *e);

#endif
