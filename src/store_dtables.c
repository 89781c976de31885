/*
 * store_dtables.c - every derived table, declared once: its name and its
 * columns with their types, in the order of the schema (migrations 003,
 * 004, 008, 009, 012, 014, 020, 023). The generic writer (store_dw_open in
 * store_derived.c) writes rows against these declarations, and
 * tests/unit/test_store.c checks each against the database's own description of
 * the table (PRAGMA table_info): same columns in the same order, same types,
 * and no table with a run_id column left undeclared.
 */
#include "store_derived.h"

#include <string.h>

#define COLS(a) a, (int)ARRAY_LEN(a)

static const dt_col desc_stat_cols[] = {
    {"run_id", DT_INT},      {"assessment_id", DT_INT}, {"subject_id", DT_INT},
    {"year_id", DT_INT},     {"term_id", DT_INT},       {"grade", DT_INT},
    {"group_kind", DT_TEXT}, {"level", DT_TEXT},        {"org_id", DT_INT},
    {"class_id", DT_INT},    {"subgroup", DT_TEXT},     {"n", DT_INT},
    {"mean", DT_REAL},       {"sd", DT_REAL},           {"median", DT_REAL},
    {"q1", DT_REAL},         {"q3", DT_REAL},           {"min", DT_REAL},
    {"max", DT_REAL},        {"mean_pct", DT_REAL},     {"share_prof", DT_REAL},
    {"bands", DT_TEXT},
};

static const dt_col desc_trend_cols[] = {
    {"run_id", DT_INT},        {"org_id", DT_INT},
    {"level", DT_TEXT},        {"subject_id", DT_INT},
    {"grade", DT_INT},         {"seq", DT_INT},
    {"assessment_id", DT_INT}, {"year_id", DT_INT},
    {"term_id", DT_INT},       {"n", DT_INT},
    {"mean_pct", DT_REAL},     {"change", DT_REAL},
    {"change_lo", DT_REAL},    {"change_hi", DT_REAL},
    {"direction", DT_TEXT},
};

static const dt_col desc_cohort_cols[] = {
    {"run_id", DT_INT},
    {"org_id", DT_INT},
    {"level", DT_TEXT},
    {"subject_id", DT_INT},
    {"cohort_year_id", DT_INT},
    {"cohort_grade", DT_INT},
    {"year_id", DT_INT},
    {"grade", DT_INT},
    {"n", DT_INT},
    {"mean_pct", DT_REAL},
    {"mean_z", DT_REAL},
};

static const dt_col gap_cols[] = {
    {"run_id", DT_INT},   {"assessment_id", DT_INT}, {"subject_id", DT_INT},
    {"year_id", DT_INT},  {"term_id", DT_INT},       {"grade", DT_INT},
    {"level", DT_TEXT},   {"org_id", DT_INT},        {"dimension", DT_TEXT},
    {"group_a", DT_TEXT}, {"group_b", DT_TEXT},      {"n_a", DT_INT},
    {"n_b", DT_INT},      {"mean_a", DT_REAL},       {"mean_b", DT_REAL},
    {"g", DT_REAL},       {"g_lo", DT_REAL},         {"g_hi", DT_REAL},
};

static const dt_col gap_trend_cols[] = {
    {"run_id", DT_INT},     {"level", DT_TEXT},    {"org_id", DT_INT},
    {"dimension", DT_TEXT}, {"group_a", DT_TEXT},  {"group_b", DT_TEXT},
    {"subject_id", DT_INT}, {"grade", DT_INT},     {"points", DT_INT},
    {"g_first", DT_REAL},   {"g_last", DT_REAL},   {"slope", DT_REAL},
    {"slope_lo", DT_REAL},  {"slope_hi", DT_REAL}, {"verdict", DT_TEXT},
};

static const dt_col item_stat_cols[] = {
    {"run_id", DT_INT},      {"assessment_id", DT_INT},
    {"item_id", DT_INT},     {"standard_id", DT_INT},
    {"n", DT_INT},           {"max_points", DT_REAL},
    {"difficulty", DT_REAL}, {"sd", DT_REAL},
    {"pbis", DT_REAL},       {"alpha_if_deleted", DT_REAL},
    {"flag", DT_TEXT},
};

static const dt_col test_stat_cols[] = {
    {"run_id", DT_INT},       {"assessment_id", DT_INT}, {"n", DT_INT},
    {"items", DT_INT},        {"mean", DT_REAL},         {"sd", DT_REAL},
    {"reliability", DT_REAL}, {"method", DT_TEXT},       {"sem", DT_REAL},
    {"flagged", DT_INT},
};

static const dt_col mastery_student_cols[] = {
    {"run_id", DT_INT},      {"student_id", DT_INT}, {"assessment_id", DT_INT},
    {"standard_id", DT_INT}, {"points", DT_REAL},    {"max_points", DT_REAL},
    {"pct", DT_REAL},        {"mastered", DT_INT},
};

static const dt_col mastery_group_cols[] = {
    {"run_id", DT_INT},        {"assessment_id", DT_INT},
    {"standard_id", DT_INT},   {"group_kind", DT_TEXT},
    {"level", DT_TEXT},        {"org_id", DT_INT},
    {"class_id", DT_INT},      {"n", DT_INT},
    {"mean_pct", DT_REAL},     {"share_mastered", DT_REAL},
    {"rank_in_group", DT_INT}, {"rel_pct", DT_REAL},
};

static const dt_col va_student_cols[] = {
    {"run_id", DT_INT},         {"student_id", DT_INT},
    {"assessment_id", DT_INT},  {"prior_assessment_id", DT_INT},
    {"subject_id", DT_INT},     {"year_id", DT_INT},
    {"org_id", DT_INT},         {"class_id", DT_INT},
    {"staff_id", DT_INT},       {"prior_score", DT_REAL},
    {"score", DT_REAL},         {"prior_band", DT_INT},
    {"expected_reg", DT_REAL},  {"resid_reg", DT_REAL},
    {"expected_band", DT_REAL}, {"resid_band", DT_REAL},
    {"resid_ctx", DT_REAL},     {"capped", DT_INT},
};

static const dt_col va_group_cols[] = {
    {"run_id", DT_INT},   {"model", DT_TEXT},     {"group_kind", DT_TEXT},
    {"level", DT_TEXT},   {"org_id", DT_INT},     {"class_id", DT_INT},
    {"staff_id", DT_INT}, {"subject_id", DT_INT}, {"year_id", DT_INT},
    {"n", DT_INT},        {"va", DT_REAL},        {"se", DT_REAL},
    {"lo", DT_REAL},      {"hi", DT_REAL},        {"capped", DT_INT},
};

static const dt_col ews_flag_cols[] = {
    {"run_id", DT_INT},       {"student_id", DT_INT}, {"year_id", DT_INT},
    {"org_id", DT_INT},       {"grade", DT_INT},      {"overall", DT_INT},
    {"attendance", DT_INT},   {"behaviour", DT_INT},  {"course", DT_INT},
    {"progress", DT_INT},     {"att_rate", DT_REAL},  {"absent_share", DT_REAL},
    {"conduct", DT_INT},      {"serious", DT_INT},    {"low_subjects", DT_INT},
    {"growth_fall", DT_REAL}, {"codes", DT_TEXT},     {"tier", DT_INT},
    {"rank", DT_INT},         {"nind", DT_INT},       {"distance", DT_REAL},
};

static const dt_col ews_reason_cols[] = {
    {"run_id", DT_INT}, {"student_id", DT_INT}, {"year_id", DT_INT},
    {"seq", DT_INT},    {"indicator", DT_TEXT}, {"level", DT_INT},
    {"code", DT_TEXT},  {"value", DT_REAL},     {"threshold", DT_REAL},
    {"count", DT_INT},  {"total", DT_INT},      {"subject_id", DT_INT},
    {"se", DT_REAL},    {"z", DT_REAL},
};

static const dt_col ews_summary_cols[] = {
    {"run_id", DT_INT}, {"year_id", DT_INT},   {"level", DT_TEXT},
    {"org_id", DT_INT}, {"n", DT_INT},         {"n_warn", DT_INT},
    {"n_risk", DT_INT}, {"n_chronic", DT_INT}, {"n_slowing", DT_INT},
};

static const dt_col impact_cols[] = {
    {"run_id", DT_INT},
    {"intervention_id", DT_INT},
    {"subject_id", DT_INT},
    {"year_id", DT_INT},
    {"status", DT_TEXT},
    {"comparison", DT_TEXT},
    {"n_participants", DT_INT},
    {"n_matched", DT_INT},
    {"n_unmatched", DT_INT},
    {"n_comparison", DT_INT},
    {"n_rest", DT_INT},
    {"caliper_sd", DT_REAL},
    {"pre_smd", DT_REAL},
    {"gain_participants", DT_REAL},
    {"gain_comparison", DT_REAL},
    {"did", DT_REAL},
    {"did_se", DT_REAL},
    {"did_lo", DT_REAL},
    {"did_hi", DT_REAL},
    {"outcome_sd", DT_REAL},
    {"g", DT_REAL},
    {"g_se", DT_REAL},
    {"g_lo", DT_REAL},
    {"g_hi", DT_REAL},
    {"cost", DT_REAL},
    {"cost_per_01sd", DT_REAL},
    {"naive_diff", DT_REAL},
    {"naive_g", DT_REAL},
    {"naive_lo", DT_REAL},
    {"naive_hi", DT_REAL},
};

static const dt_col goal_progress_cols[] = {
    {"run_id", DT_INT},         {"goal_id", DT_INT},
    {"as_of", DT_TEXT},         {"npoints", DT_INT},
    {"current", DT_REAL},       {"progress", DT_REAL},
    {"slope_per_day", DT_REAL}, {"projected", DT_REAL},
    {"status", DT_TEXT},        {"met", DT_INT},
};

static const dt_col triang_cols[] = {
    {"run_id", DT_INT}, {"year_id", DT_INT}, {"level", DT_TEXT},
    {"x", DT_TEXT},     {"y", DT_TEXT},      {"n", DT_INT},
    {"r", DT_REAL},     {"lo", DT_REAL},     {"hi", DT_REAL},
    {"label", DT_TEXT},
};

static const dt_col theme_count_cols[] = {
    {"run_id", DT_INT},  {"level", DT_TEXT},   {"org_id", DT_INT},
    {"source", DT_TEXT}, {"theme_id", DT_INT}, {"n", DT_INT},
    {"n_texts", DT_INT},
};

static const dt_col theme_quote_cols[] = {
    {"run_id", DT_INT}, {"theme_id", DT_INT}, {"source", DT_TEXT},
    {"org_id", DT_INT}, {"rank", DT_INT},     {"quote", DT_TEXT},
};

static const dt_col peer_pair_cols[] = {
    {"run_id", DT_INT},        {"subject_id", DT_INT},
    {"leader_org_id", DT_INT}, {"partner_org_id", DT_INT},
    {"rank", DT_INT},          {"distance", DT_REAL},
    {"same_block", DT_INT},    {"leader_va", DT_REAL},
    {"leader_lo", DT_REAL},    {"partner_va", DT_REAL},
    {"partner_hi", DT_REAL},
};

static const dt_col instr_group_cols[] = {
    {"run_id", DT_INT},   {"class_id", DT_INT}, {"assessment_id", DT_INT},
    {"group_no", DT_INT}, {"n", DT_INT},        {"mean_mastery", DT_REAL},
    {"weakest", DT_TEXT}, {"profile", DT_TEXT},
};

static const dt_col instr_group_member_cols[] = {
    {"run_id", DT_INT},     {"class_id", DT_INT}, {"assessment_id", DT_INT},
    {"student_id", DT_INT}, {"group_no", DT_INT},
};

static const dt_col growth_cols[] = {
    {"run_id", DT_INT},        {"student_id", DT_INT},
    {"subject_id", DT_INT},    {"year_id", DT_INT},
    {"grade", DT_INT},         {"period", DT_TEXT},
    {"assessment_id", DT_INT}, {"prior_score1", DT_REAL},
    {"prior_score2", DT_REAL}, {"score", DT_REAL},
    {"sgp", DT_INT},           {"sgp_order", DT_INT},
    {"cohort_n", DT_INT},      {"status", DT_TEXT},
};

static const dt_col growth_median_cols[] = {
    {"run_id", DT_INT},      {"period", DT_TEXT},     {"subject_id", DT_INT},
    {"year_id", DT_INT},     {"group_kind", DT_TEXT}, {"level", DT_TEXT},
    {"org_id", DT_INT},      {"class_id", DT_INT},    {"n", DT_INT},
    {"median_sgp", DT_REAL},
};

static const dt_col mastery_pooled_cols[] = {
    {"run_id", DT_INT},
    {"standard_id", DT_INT},
    {"subject_id", DT_INT},
    {"grade", DT_INT},
    {"group_kind", DT_TEXT},
    {"level", DT_TEXT},
    {"org_id", DT_INT},
    {"class_id", DT_INT},
    {"n", DT_INT},
    {"mean_pct", DT_REAL},
    {"share_mastered", DT_REAL},
    {"rel_pct", DT_REAL},
    {"rank_in_group", DT_INT},
};

static const dt_col unit_stat_cols[] = {
    {"run_id", DT_INT},   {"org_id", DT_INT},  {"class_id", DT_INT},
    {"year_id", DT_INT},  {"grade", DT_INT},   {"students", DT_INT},
    {"schools", DT_INT},  {"classes", DT_INT}, {"present", DT_INT},
    {"possible", DT_INT},
};

static const dt_col release_cell_cols[] = {
    {"run_id", DT_INT},    {"family", DT_INT},     {"org_id", DT_INT},
    {"year_id", DT_INT},   {"subject_id", DT_INT}, {"grade", DT_INT},
    {"subgroup", DT_TEXT}, {"n", DT_INT},          {"why", DT_INT},
};

static const dt_col unit_result_cols[] = {
    {"run_id", DT_INT},    {"org_id", DT_INT},     {"class_id", DT_INT},
    {"year_id", DT_INT},   {"subject_id", DT_INT}, {"grade", DT_INT},
    {"subgroup", DT_TEXT}, {"n", DT_INT},          {"n_cut", DT_INT},
    {"n_prof", DT_INT},    {"sum_pct", DT_REAL},   {"sumsq_pct", DT_REAL},
};

static const dt_col mastery_year_cols[] = {
    {"run_id", DT_INT},      {"student_id", DT_INT},  {"year_id", DT_INT},
    {"standard_id", DT_INT}, {"points", DT_REAL},     {"max_points", DT_REAL},
    {"items", DT_INT},       {"assessments", DT_INT}, {"enough", DT_INT},
    {"mastered", DT_INT},
};

static const dt_col mastery_unit_cols[] = {
    {"run_id", DT_INT},      {"org_id", DT_INT},     {"year_id", DT_INT},
    {"standard_id", DT_INT}, {"n", DT_INT},          {"n_mastered", DT_INT},
    {"sum_pct", DT_REAL},    {"sumsq_pct", DT_REAL},
};

const dt_table store_dtables[] = {
    {"desc_stat", COLS(desc_stat_cols)},
    {"desc_trend", COLS(desc_trend_cols)},
    {"desc_cohort", COLS(desc_cohort_cols)},
    {"gap", COLS(gap_cols)},
    {"gap_trend", COLS(gap_trend_cols)},
    {"item_stat", COLS(item_stat_cols)},
    {"test_stat", COLS(test_stat_cols)},
    {"mastery_student", COLS(mastery_student_cols)},
    {"mastery_group", COLS(mastery_group_cols)},
    {"va_student", COLS(va_student_cols)},
    {"va_group", COLS(va_group_cols)},
    {"ews_flag", COLS(ews_flag_cols)},
    {"ews_reason", COLS(ews_reason_cols)},
    {"ews_summary", COLS(ews_summary_cols)},
    {"impact", COLS(impact_cols)},
    {"goal_progress", COLS(goal_progress_cols)},
    {"triang", COLS(triang_cols)},
    {"theme_count", COLS(theme_count_cols)},
    {"theme_quote", COLS(theme_quote_cols)},
    {"peer_pair", COLS(peer_pair_cols)},
    {"instr_group", COLS(instr_group_cols)},
    {"instr_group_member", COLS(instr_group_member_cols)},
    {"growth", COLS(growth_cols)},
    {"growth_median", COLS(growth_median_cols)},
    {"mastery_pooled", COLS(mastery_pooled_cols)},
    {"unit_stat", COLS(unit_stat_cols)},
    {"unit_result", COLS(unit_result_cols)},
    {"release_cell", COLS(release_cell_cols)},
    {"mastery_year", COLS(mastery_year_cols)},
    {"mastery_unit", COLS(mastery_unit_cols)},
};
const int store_ndtables = (int)ARRAY_LEN(store_dtables);

const dt_table *store_dtable(const char *name)
{
	for (int i = 0; name && i < store_ndtables; i++)
		if (strcmp(store_dtables[i].name, name) == 0)
			return &store_dtables[i];
	return NULL;
}
