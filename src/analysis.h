/*
 * analysis.h - the analysis registry and runner behind `attain analyze`.
 *
 * One table row per analysis (analysis.c): its name, the analyses it needs
 * first, the parts of the store its engine must load, the derived tables
 * it writes (these are also what `attain export` offers) and its run
 * function. A run function (run_<name>.c) takes the loaded engine and the
 * options, calls the pure an_<name> functions and writes their results
 * through store_derived.h inside one transaction. Adding an analysis:
 * write an_<name>.[ch] and run_<name>.c, declare the run function below and
 * add one row to the table.
 */
#ifndef ATTAIN_ANALYSIS_H
#define ATTAIN_ANALYSIS_H

#include <stdint.h>

#include "config.h"
#include "engine.h"
#include "store.h"
#include "util.h"

typedef struct an_ctx {
	store *st;
	const engine *eng;
	const config *cfg;
	int32_t year;   /* engine year index to restrict outcomes to, -1 all */
	int64_t run_id; /* analysis_run id stamped on every derived row */
	int64_t rows;   /* rows written (the run function adds to it) */
	progress *prog; /* started by the runner; update it if you can */
	char note[200]; /* one line for the summary, e.g. "412 schools" */
	att_err *e;
} an_ctx;

typedef int (*analysis_fn)(an_ctx *c);

typedef struct analysis_def {
	const char *name;
	const char *needs;  /* space-separated analyses run first, "" none */
	unsigned loads;     /* ENG_LOAD_* parts of the store it reads */
	const char *tables; /* space-separated derived tables it writes */
	analysis_fn run;
	const char *summary;
} analysis_def;

const analysis_def *analysis_list(int *n);
const analysis_def *analysis_find(const char *name);

/* The analyses to run, in dependency order: all of them, or `only` and
 * what it needs. Fills plan (room for every analysis); returns the count,
 * or -1 with e set when `only` is unknown. */
int analysis_plan(const char *only, const analysis_def **plan, att_err *e);

/* 1 if `table` is a derived table of some analysis. */
int analysis_is_derived(const char *table);

/* Run functions of the analyses (run_<name>.c). */
int run_desc(an_ctx *c);
int run_gaps(an_ctx *c);
int run_items(an_ctx *c);
int run_va(an_ctx *c);
/* engine II (run_<name>.c) */
int run_ews(an_ctx *c);
int run_impact(an_ctx *c);
int run_goals(an_ctx *c);
int run_triang(an_ctx *c);
int run_groups(an_ctx *c);
int run_peer(an_ctx *c);
int run_themes(an_ctx *c);
int run_growth(an_ctx *c);

#endif
