/*
 * store_label.h - names of coded things in the reader's language.
 *
 * A school system enters its subjects, learning outcomes, classes,
 * assessments, terms, calendar events, surveys, themes, bands and org
 * levels with one name each, in its own language. The `label` table
 * (migration 015) gives a thing's name in another language: one row per
 * (lang, kind, code). Every page and report shows such a name through the
 * store's one lookup: the label of the reader's language when there is
 * one, else the name as stored. The kinds and what a kind's code is:
 *
 *   subject       subject.code            name of a subject
 *   standard      standard.code           learning outcome description
 *   assessment    assessment.code         assessment name
 *   class         class.code              class name
 *   term          term.code               term or window name
 *   event         calendar_event.code     calendar event title
 *   survey        survey.code             survey title
 *   question      SURVEY_CODE/SEQ         survey question text
 *   theme         theme.code              codebook theme name
 *   intervention  intervention.code       intervention name
 *   band          the band as stored      proficiency band (cut_score.band)
 *   org_level     the level as stored     org level (org_level.name)
 *   criterion     the criterion as stored observation rubric criterion
 *   language      the language as stored  a student's home language
 *   behaviour     the category as stored  behaviour event category
 *
 * In SQL the lookup is the function label(kind, code, stored) on every
 * connection the store opens: it answers in the language of the calling
 * thread's translations (i18n_lang(), the language of the words around the
 * name: a web request's page language, a report's language), or in the
 * language of a fourth argument, label(kind, code, stored, lang). Labels
 * are read per (language, kind) once and kept with the connection until
 * the data version changes, so a page of thousands of names costs one read.
 */
#ifndef ATTAIN_STORE_LABEL_H
#define ATTAIN_STORE_LABEL_H

#include "store.h"
#include "util.h"

/* The kinds, as an import enumeration ("subject|standard|..."). */
#define STORE_LABEL_KINDS                                                      \
	"subject|standard|assessment|class|term|event|survey|question|theme|"  \
	"intervention|band|org_level|criterion|language|behaviour"

/* The name of (kind, code) in lang: the label's text copied into a, or
 * stored (borrowed, may be NULL) when there is no label, lang is NULL or
 * the lookup fails. */
const char *store_label(store *s, arena *a, const char *kind, const char *code,
                        const char *lang, const char *stored);

/* Register label() on a connection the store opened (store.c). Returns
 * ATT_OK or ATT_EIO with e filled. */
int store_label_register(store *s, att_err *e);

#endif
