/*
 * report_words.c - the words of the schema's closed lists of codes (see
 * report_words.h): one table of (list, code, words), the words marked for
 * the catalogue and translated where they are read.
 */
#include "report_words.h"

#include <string.h>

#include "i18n.h"

static const struct {
	rw_list list;
	const char *code, *words;
} words[] = {
    {RW_ASSESSMENT_KIND, "baseline", N_("baseline")},
    {RW_ASSESSMENT_KIND, "formative", N_("formative")},
    {RW_ASSESSMENT_KIND, "summative", N_("summative")},
    {RW_ASSESSMENT_KIND, "diagnostic", N_("diagnostic")},
    {RW_EVENT_KIND, "assessment", N_("assessment")},
    {RW_EVENT_KIND, "data_collection", N_("data collection")},
    {RW_EVENT_KIND, "reporting", N_("reporting")},
    {RW_EVENT_KIND, "parent_meeting", N_("parent meeting")},
    {RW_COLLECTS, "attendance", N_("attendance")},
    {RW_COLLECTS, "results", N_("results")},
    {RW_COLLECTS, "attitude", N_("attitude to learning")},
    {RW_COLLECTS, "survey", N_("survey")},
    {RW_COLLECTS, "observation", N_("lesson observation")},
    {RW_COLLECTS, "profile", N_("school profile")},
    {RW_AUDIENCE, "student", N_("students")},
    {RW_AUDIENCE, "parent", N_("parents")},
    {RW_AUDIENCE, "staff", N_("staff")},
    {RW_METRIC, "mean_score", N_("mean score")},
    {RW_METRIC, "share_proficient", N_("share proficient")},
    {RW_METRIC, "attendance_rate", N_("attendance rate")},
    {RW_METRIC, "score", N_("score")},
    {RW_SET_BY, "staff", N_("the school")},
    {RW_SET_BY, "student", N_("the student")},
    {RW_BEHAVIOUR_KIND, "positive", N_("positive")},
    {RW_BEHAVIOUR_KIND, "negative", N_("negative")},
    {RW_COLLECTION_STATE, "complete", N_("complete")},
    {RW_COLLECTION_STATE, "partial", N_("partial")},
    {RW_COLLECTION_STATE, "late", N_("late")},
    {RW_COLLECTION_STATE, "missing", N_("missing")},
    {RW_COLLECTION_STATE, "pending", N_("not yet due")},
};

const char *rw_word(rw_list list, const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (words[i].list == list && strcmp(words[i].code, code) == 0)
			return _(words[i].words);
	return code;
}

void rw_rows(sw_rows *rows, const char *col, rw_list list)
{
	int c = rows_col(rows, col);
	if (c < 0)
		return;
	for (int i = 0; i < rows->nrow; i++) {
		sw_val *v = sw_at(rows, i, c);
		if (v->type == SWV_TEXT)
			v->text = rw_word(list, v->text);
	}
}
