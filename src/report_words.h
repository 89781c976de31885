/*
 * report_words.h - the words of the schema's closed lists of codes. The
 * store keeps a code (an assessment's kind "summative", a goal's metric
 * "mean_score", a survey's audience "parent"); a person reads its words,
 * made here at output in the reader's language. One table holds every
 * list, so a code reads the same on every page and report.
 *
 * Names that a school system enters (subjects, classes, outcomes, bands,
 * org levels, ...) are data, not codes of the program: they have labels
 * (store_label.h), not words here.
 */
#ifndef ATTAIN_REPORT_WORDS_H
#define ATTAIN_REPORT_WORDS_H

#include "store_web.h"

typedef enum {
	RW_ASSESSMENT_KIND, /* baseline, formative, summative, diagnostic */
	RW_EVENT_KIND,      /* assessment, data_collection, reporting,
	                       parent_meeting */
	RW_COLLECTS,        /* attendance, results, attitude, survey,
	                       observation, profile */
	RW_AUDIENCE,        /* student, parent, staff (a survey's) */
	RW_METRIC,          /* mean_score, share_proficient, attendance_rate,
	                       score (a goal's) */
	RW_SET_BY,          /* staff, student (who set a goal) */
	RW_BEHAVIOUR_KIND,  /* positive, negative */
	RW_COLLECTION_STATE /* complete, late, partial, missing, pending (a
	                       data collection of a class or school:
	                       collect_state_code) */
} rw_list;

/* The words of code in list, translated into the language of the calling
 * thread (call it inside the reader's language region), or code itself
 * when the list has no such code (never NULL for a non-NULL code). */
const char *rw_word(rw_list list, const char *code);

/* Replace the text of every cell of column col of rows by its words
 * (rows a page shows; a missing column changes nothing). */
void rw_rows(sw_rows *rows, const char *col, rw_list list);

#endif
