/*
 * config.c - the option table and the JSON config reader (jansson).
 */
#include "config.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* One row per option. Keep sorted by section; docs/ANALYTICS.md lists the
 * same table (`attain analyze --config-help` prints it). */
static const config_option options[] = {
    /* general */
    {"min_group", CFG_NUM, 5, NULL,
     "smallest group (org, class, teacher, subgroup) an analysis reports"},
    /* descriptives */
    {"desc.subgroups", CFG_BOOL, 1, NULL,
     "also describe every subgroup (gender, ses, sen, lang, social) per org"},
    {"desc.classes", CFG_BOOL, 1, NULL, "also describe every class"},
    {"desc.school_subgroups", CFG_BOOL, 0, NULL,
     "also describe subgroups within each school (the gap table compares"
     " them there; at a state's scale these rows run to millions)"},
    /* gaps */
    {"gaps.min_n", CFG_NUM, 10, NULL,
     "fewest students in each of the two groups for a gap to be reported"},
    {"gaps.trend_alpha", CFG_NUM, 0.05, NULL,
     "a gap narrows or widens when the slope's 1-alpha interval excludes 0"},
    /* growth (Student Growth Percentiles) */
    {"growth.min_cohort", CFG_NUM, 1000, NULL,
     "smallest cohort for which an SGP model is fitted (else insufficient "
     "data)"},
    {"growth.within_year", CFG_BOOL, 1, NULL,
     "also compute growth from each year's baseline to its end-of-year "
     "summative"},
    /* items and mastery */
    {"items.pbis_flag", CFG_NUM, 0.2, NULL,
     "flag an item whose corrected item-rest correlation is below this"},
    {"items.p_low", CFG_NUM, 0.2, NULL,
     "flag an item with difficulty (p) below this as too hard"},
    {"items.p_high", CFG_NUM, 0.95, NULL,
     "flag an item with p above this as too easy"},
    {"items.mastery_cut", CFG_NUM, 0.6, NULL,
     "share of a standard's points at or above which a student has mastered "
     "it"},
    {"items.min_evidence", CFG_NUM, 3, NULL,
     "item points available on a learning outcome in a year below which a "
     "student's mastery of it is not enough evidence: shown as a mark, not "
     "a number, and no next step is made from it"},
    {"items.student_mastery", CFG_BOOL, 0, NULL,
     "write per-student mastery rows (mastery_student; one per student,"
     " assessment and standard: tens of millions at a state's scale)"},
    /* value-added */
    {"va.prior_bands", CFG_NUM, 20, NULL,
     "number of prior-attainment bands (equal-count) of the Progress 8 style "
     "model"},
    {"va.cap_sd", CFG_NUM, 2.326, NULL,
     "pupil residuals below mean - cap_sd * SD of their prior band are raised "
     "to that"
     " floor (DfE Progress 8 since 2018: about 1% of pupils; 2.326 is the "
     "normal 1%"
     " point); 0 turns capping off"},
    {"va.min_n", CFG_NUM, 10, NULL,
     "fewest students for a school/class/teacher value-added"},
    {"va.contextual", CFG_BOOL, 1, NULL,
     "also fit the contextual model (gender, ses, sen, language, social "
     "category)"},
    {"va.kinds", CFG_STR, 0, "summative",
     "assessment kinds used as outcomes and priors (comma list)"},
    /* early warning (issue 5 reads these) */
    {"ews.attendance_warning", CFG_NUM, 0.88, NULL,
     "attendance rate below which a student is flagged early warning"},
    {"ews.attendance_risk", CFG_NUM, 0.80, NULL,
     "attendance rate below which a student is at risk"},
    {"ews.chronic_absence", CFG_NUM, 0.10, NULL,
     "share of enrolled days missed that counts as chronic absence"},
    {"ews.behaviour_warning", CFG_NUM, 2, NULL,
     "more conduct incidents than this: early warning"},
    {"ews.behaviour_risk", CFG_NUM, 5, NULL,
     "more conduct incidents than this (or any serious one): at risk"},
    {"ews.low_subjects_risk", CFG_NUM, 2, NULL,
     "below the basic cut in this many core subjects at once: at risk"},
    {"ews.slow_windows", CFG_NUM, 4, NULL,
     "slowing progress looks at the changes in standing over this many "
     "recent windows"},
    {"ews.slow_drop", CFG_NUM, 0.4, NULL,
     "standing (z) falling by this much over those windows, in all but one "
     "of them, is slowing (twice this: at risk)"},
    {"ews.error_z", CFG_NUM, 1.0, NULL,
     "a reason counts only when its value lies more than this many "
     "standard errors past its threshold (1.96: a two-sided 95% test)"},
    {"ews.reliability", CFG_NUM, 0.85, NULL,
     "reliability of an assessment without items (SEM = SD x sqrt(1 - "
     "reliability)); with items, Cronbach's alpha of its items"},
    {"ews.tier1_share", CFG_NUM, 0.10, NULL,
     "most of a school's assessed students in the top early-warning tier"},
    {"ews.tier2_share", CFG_NUM, 0.20, NULL,
     "most of a school's assessed students in the top two tiers together"},
    {"impact.caliper", CFG_NUM, 0.2, NULL,
     "matching caliper in standard deviations of the prior score"},
    {"peer.model", CFG_STR, 0, "regression",
     "value-added model whose school intervals choose peer-learning pairs "
     "(regression, prior_band, contextual)"},
    {"peer.max_partners", CFG_NUM, 3, NULL,
     "partners listed for each school whose value-added lies above zero"},
    {"peer.max_distance", CFG_NUM, 3, NULL,
     "most dissimilar pair made (one unit per doubling of size, per 0.10 of "
     "socio-economic share; 0.5 for another block)"},
    {"themes.quotes", CFG_NUM, 3, NULL,
     "example quotes kept per theme and source (names and identifiers "
     "removed)"},
    {"suppress.min_cell", CFG_NUM, 10, NULL,
     "smallest cell shown to people who may not see the individuals"},
    {"groups.k", CFG_NUM, 3, NULL,
     "instructional groups per class (3 or 4; 0: 4 for classes of 20 or "
     "more, else 3)"},
};

struct config {
	double num[ARRAY_LEN(options)];
	char *str[ARRAY_LEN(options)];
};

const config_option *config_options(int *n)
{
	*n = (int)ARRAY_LEN(options);
	return options;
}

static int find(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(options); i++)
		if (strcmp(options[i].key, key) == 0)
			return (int)i;
	return -1;
}

static int set_key(config *c, const char *key, json_t *v, const char *path,
                   att_err *e)
{
	int i = find(key);
	if (i < 0)
		return err_set_at(e, ATT_EINPUT, path, 0, 0,
		                  "unknown option '%s'", key);
	switch (options[i].type) {
	case CFG_NUM:
		if (!json_is_number(v))
			return err_set_at(e, ATT_EINPUT, path, 0, 0,
			                  "option '%s' must be a number", key);
		c->num[i] = json_number_value(v);
		break;
	case CFG_BOOL:
		if (!json_is_boolean(v))
			return err_set_at(e, ATT_EINPUT, path, 0, 0,
			                  "option '%s' must be true or false",
			                  key);
		c->num[i] = json_is_true(v);
		break;
	case CFG_STR:
		if (!json_is_string(v))
			return err_set_at(e, ATT_EINPUT, path, 0, 0,
			                  "option '%s' must be a string", key);
		free(c->str[i]);
		c->str[i] = xstrdup(json_string_value(v));
		break;
	}
	return ATT_OK;
}

static int walk(config *c, json_t *obj, const char *prefix, const char *path,
                att_err *e)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		char key[256];
		snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "",
		         k);
		int rc = json_is_object(v) ? walk(c, v, key, path, e)
		                           : set_key(c, key, v, path, e);
		if (rc)
			return rc;
	}
	return ATT_OK;
}

int config_load_alloc(const char *path, config **out, att_err *e)
{
	config *c = xcalloc(1, sizeof(*c));
	for (size_t i = 0; i < ARRAY_LEN(options); i++) {
		c->num[i] = options[i].num;
		c->str[i] = options[i].str ? xstrdup(options[i].str) : NULL;
	}
	*out = NULL;
	if (path) {
		json_error_t je;
		json_t *root = json_load_file(path, 0, &je);
		if (!root) {
			config_free(c);
			return err_set_at(e, ATT_EINPUT, path, je.line,
			                  je.column, "%s", je.text);
		}
		if (!json_is_object(root)) {
			json_decref(root);
			config_free(c);
			return err_set_at(e, ATT_EINPUT, path, 0, 0,
			                  "config must be a JSON object");
		}
		int rc = walk(c, root, "", path, e);
		json_decref(root);
		if (rc) {
			config_free(c);
			return rc;
		}
	}
	*out = c;
	return ATT_OK;
}

void config_free(config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < ARRAY_LEN(options); i++)
		free(c->str[i]);
	free(c);
}

static int must_find(const char *key)
{
	int i = find(key);
	if (i < 0) {
		fprintf(stderr,
		        "attain: internal error: no config option '%s'\n", key);
		abort();
	}
	return i;
}

double config_num(const config *c, const char *key)
{
	int i = must_find(key);
	return c ? c->num[i] : options[i].num;
}

int config_bool(const config *c, const char *key)
{
	return config_num(c, key) != 0;
}

const char *config_str(const config *c, const char *key)
{
	int i = must_find(key);
	return c ? c->str[i] : options[i].str;
}

char *config_json_dup(const config *c)
{
	json_t *o = json_object();
	for (size_t i = 0; i < ARRAY_LEN(options); i++) {
		json_t *v;
		double x = c ? c->num[i] : options[i].num;
		switch (options[i].type) {
		case CFG_NUM:
			v = json_real(x);
			break;
		case CFG_BOOL:
			v = json_boolean(x != 0);
			break;
		default:
			v = json_string(c ? c->str[i] : options[i].str);
			break;
		}
		json_object_set_new(o, options[i].key, v);
	}
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS |
	                            JSON_REAL_PRECISION(10));
	json_decref(o);
	char *r = xstrdup(s ? s : "{}");
	free(s);
	return r;
}
