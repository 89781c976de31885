/*
 * run_an2.h - helpers shared by the run functions of engine II
 * (run_ews.c, run_impact.c, run_goals.c, run_triang.c, run_themes.c,
 * run_peer.c, run_groups.c): choosing the year, org levels by name, the
 * basic cut. Pure reads of the engine; no SQL. (Per-assessment moments:
 * an_ass_moments in an_lookup.h.)
 */
#ifndef ATTAIN_RUN_AN2_H
#define ATTAIN_RUN_AN2_H

#include <stdint.h>

#include "engine.h"

/* `year` when >= 0, else the latest year (by start date) that has an
 * assessment, else the latest year; -1 when the store has no year. */
int32_t an2_year(const engine *g, int32_t year);

/* Level index whose name is `name` (case-insensitive), -1 when none. */
int an2_level_named(const engine *g, const char *name);

/* Name of level lv, "all" for -1. */
const char *an2_level_name(const engine *g, int lv);

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
