/*
 * run_an2.h - helpers shared by the run functions (run_<name>.c):
 * choosing the year, org levels by name and the org tree, row ids of
 * engine indexes, the size of the subgroup label tables, the basic cut.
 * Pure reads of the engine; no SQL. (Per-assessment moments and a
 * student's first attendance record: an_lookup.h; the derived batch of a
 * run: an_out in analysis.h.)
 */
#ifndef ATTAIN_RUN_AN2_H
#define ATTAIN_RUN_AN2_H

#include <stdint.h>

#include "engine.h"

/* Grades 0..AN2_MAXGRADE-1: the run functions keep per-grade tables. */
#define AN2_MAXGRADE 32

/* `year` when >= 0, else the latest year (by start date) that has an
 * assessment, else the latest year; -1 when the store has no year. */
int32_t an2_year(const engine *g, int32_t year);

/* Level index whose name is `name` (case-insensitive), -1 when none. */
int an2_level_named(const engine *g, const char *name);

/* Name of level lv, "all" for -1. */
const char *an2_level_name(const engine *g, int lv);

/* 1 if org `o` is the org `top` or below it (the tree walked up at most
 * 64 levels). */
int an2_org_under(const engine *g, int32_t o, int32_t top);

/* The most values a subgroup dimension can take: the home languages, the
 * social categories, or 4 (gender and the 0/1 flags), whichever is more;
 * the run functions size their tables of subgroup labels by it. */
int an2_max_group_values(const engine *g);

/* Row id of an engine index in a dictionary, -1 for none. */
static inline int64_t an2_id(const eng_dict *d, int32_t i)
{
	return i >= 0 ? d->id[i] : -1;
}

/* The basic cut of an assessment: the min_score of the band named
 * "basic" (case-insensitive), else of the second band; NaN without cut
 * scores. */
double an2_basic_cut(const engine *g, int32_t ass);

#endif
