/*
 * analysis.c - the analysis registry (one row per analysis) and the
 * dependency-ordered plan of a run.
 */
#include "analysis.h"

#include <string.h>

static const analysis_def analyses[] = {
    {"desc", "", ENG_LOAD_RESULTS, "desc_stat desc_trend desc_cohort", run_desc,
     "descriptives, proficiency bands, trends and cohorts"},
    {"gaps", "", ENG_LOAD_RESULTS, "gap gap_trend", run_gaps,
     "subgroup gaps as Hedges' g with 95% intervals, and their trends"},
    {"items", "", ENG_LOAD_ITEMS,
     "item_stat test_stat mastery_student mastery_group mastery_pooled",
     run_items,
     "item difficulty, discrimination, reliability; learning-outcome mastery"},
    {"va", "", ENG_LOAD_RESULTS, "va_student va_group", run_va,
     "value-added: regression, prior-band (Progress 8 style) and contextual"},
    {"ews", "", ENG_LOAD_RESULTS | ENG_LOAD_ATTENDANCE | ENG_LOAD_BEHAVIOUR,
     "ews_flag ews_summary", run_ews,
     "early warning: attendance, behaviour, course performance, slowing "
     "progress, with reasons"},
    {"impact", "", ENG_LOAD_RESULTS | ENG_LOAD_OTHER, "impact", run_impact,
     "intervention impact: matched comparison, difference in differences, "
     "Hedges' g, naive comparison"},
    {"goals", "", ENG_LOAD_RESULTS | ENG_LOAD_ATTENDANCE | ENG_LOAD_OTHER,
     "goal_progress", run_goals,
     "goal progress, linear projection to the due date, on track or not"},
    {"triang", "",
     ENG_LOAD_RESULTS | ENG_LOAD_ATTENDANCE | ENG_LOAD_BEHAVIOUR |
         ENG_LOAD_OTHER,
     "triang", run_triang,
     "correlations (associations) between attendance, behaviour, attitude, "
     "survey, attainment and school facilities"},
    {"groups", "", ENG_LOAD_ITEMS, "instr_group instr_group_member", run_groups,
     "instructional groups per class by learning-outcome mastery (k-means)"},
    {"peer", "va", ENG_LOAD_RESULTS, "peer_pair", run_peer,
     "positive deviance: peer-learning pairs of schools by value-added"},
    {"themes", "", 0, "theme_count theme_quote", run_themes,
     "codebook themes in observation notes and survey free text, with "
     "quotes that name no one"},
    {"growth", "", ENG_LOAD_RESULTS, "growth growth_median", run_growth,
     "Student Growth Percentiles, annual and within the year"},
};

const analysis_def *analysis_list(int *n)
{
	*n = (int)ARRAY_LEN(analyses);
	return analyses;
}

const analysis_def *analysis_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(analyses); i++)
		if (strcmp(analyses[i].name, name) == 0)
			return &analyses[i];
	return NULL;
}

/* Depth-first: add a's needs, then a. `state` 0 new, 1 in progress, 2 done. */
static int visit(const analysis_def *a, const analysis_def **plan, int *n,
                 int *state, att_err *e)
{
	int i = (int)(a - analyses);
	if (state[i] == 2)
		return ATT_OK;
	if (state[i] == 1)
		return err_set(e, ATT_EINPUT, "analysis '%s' depends on itself",
		               a->name);
	state[i] = 1;
	const char *p = a->needs;
	while (p && *p) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (!len)
			break;
		char name[64];
		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		const analysis_def *d = analysis_find(name);
		if (!d)
			return err_set(e, ATT_EINPUT,
			               "analysis '%s' needs unknown '%s'",
			               a->name, name);
		if (visit(d, plan, n, state, e))
			return ATT_EINPUT;
		p += len;
	}
	state[i] = 2;
	plan[(*n)++] = a;
	return ATT_OK;
}

int analysis_plan(const char *only, const analysis_def **plan, att_err *e)
{
	int state[ARRAY_LEN(analyses)] = {0};
	int n = 0;
	if (only) {
		const analysis_def *a = analysis_find(only);
		if (!a) {
			err_set(e, ATT_EUSAGE, "no analysis named '%s'", only);
			return -1;
		}
		return visit(a, plan, &n, state, e) ? -1 : n;
	}
	for (size_t i = 0; i < ARRAY_LEN(analyses); i++)
		if (visit(&analyses[i], plan, &n, state, e))
			return -1;
	return n;
}

int analysis_is_derived(const char *table)
{
	size_t tl = strlen(table);
	for (size_t i = 0; i < ARRAY_LEN(analyses); i++) {
		const char *p = analyses[i].tables;
		while (*p) {
			while (*p == ' ')
				p++;
			size_t len = strcspn(p, " ");
			if (len == tl && strncmp(p, table, len) == 0)
				return 1;
			p += len;
		}
	}
	return 0;
}
